// Preview templates: posts, pages and events drawn with the site's own
// markup classes (theme/templates/article.html, page.html,
// events/event.html), so that with the site's stylesheets the preview pane
// looks like the public page. `h` is React's createElement (window.h).

// The event's date line in the site's style, "Tuesday 3 July 2018, 10am to
// 4pm (BST)". The build writes it with coproweek/events/timefmt.py; the preview
// runs in the browser, where that Python cannot, so the rules are repeated
// here (plugins/browser_editor/tests/test_previews.py checks both agree on every
// event in content/ and on events of its own).
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const STAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/;

function parts(text, sameDayAs) {
  const value = String(text || '').trim();
  const timeOnly = /^(\d{1,2}):(\d{2})$/.exec(value);
  const match = STAMP.exec(timeOnly ? `${String(sameDayAs || '').trim().slice(0, 10)} ${value}` : value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match;
  return { year: +year, month: +month, day: +day, hour: hour === undefined ? null : +hour, minute: +(minute || 0) };
}

function longDate({ year, month, day }, withYear = true) {
  const weekday = DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return `${weekday} ${day} ${MONTHS[month - 1]}${withYear ? ` ${year}` : ''}`;
}

export function clock({ hour, minute }) {
  if (hour === 0 && minute === 0) return 'midnight';
  if (hour === 12 && minute === 0) return 'midday';
  const minutes = minute ? `:${String(minute).padStart(2, '0')}` : '';
  return `${hour % 12 || 12}${minutes}${hour < 12 ? 'am' : 'pm'}`;
}

// [year, month - 1, day, hour, minute] of an instant on the zone's clocks.
function wallClock(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(instant).map(p => [p.type, +p.value]));
  return [parts.year, parts.month - 1, parts.day, parts.hour, parts.minute];
}

// The zone's abbreviation at that wall-clock time ("BST", "EDT"); a zone
// without one gets its offset, "UTC-3" or "UTC+5:30", as the site writes it.
export function zoneAbbreviation(at, zone) {
  const guess = Date.UTC(at.year, at.month - 1, at.day, at.hour, at.minute);
  const offset = guess - Date.UTC(...wallClock(new Date(guess), zone));
  const instant = new Date(guess + offset);
  // The zone database's abbreviations (what Python's tzname gives) are what
  // British English names (BST, CEST) or American English names (EDT, PST).
  const name = locale => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(instant).find(p => p.type === 'timeZoneName').value;
  const zoneName = [name('en-GB'), name('en-US')].find(text => !/^(GMT|UTC)([+-]|$)/.test(text) || text === 'GMT');
  if (zoneName) return zoneName;
  const minutes = -Math.round(offset / 60000);
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${minutes >= 0 ? '+' : '-'}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/** "Monday 16 April 2018": a post's date, as the site shows it. */
export function dayText(value) {
  const at = parts(value);
  return at ? longDate(at) : String(value || '');
}

// "2 hours 30 minutes", "90 minutes", "1h30m", "3 days", in minutes (as
// parse_duration in coproweek/events/parse.py reads them); null otherwise.
const DURATION_PART = /(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)(?![a-z])/g;

export function durationMinutes(text) {
  let total = 0;
  let found = false;
  const leftover = String(text || '').toLowerCase().replace(/,/g, ' ').replace(/ and /g, ' ')
    .replace(DURATION_PART, (_, amount, unit) => {
      found = true;
      total += Number(amount) * { d: 1440, h: 60, m: 1 }[unit[0]];
      return '';
    }).trim();
  return found && !leftover && total > 0 ? total : null;
}

function fromWallClock([year, month, day, hour, minute]) {
  return { year, month: month + 1, day, hour, minute };
}

// When an event given a duration ends: elapsed time for timed events (three
// hours over the clock change end three real hours later), whole days
// (inclusive last day) for all-day ones.
function endAfter(from, minutes, zone) {
  if (from.hour === null) {
    const last = new Date(Date.UTC(from.year, from.month - 1, from.day) + (minutes / 1440 - 1) * 86400000);
    return { year: last.getUTCFullYear(), month: last.getUTCMonth() + 1, day: last.getUTCDate(), hour: null, minute: 0 };
  }
  const guess = Date.UTC(from.year, from.month - 1, from.day, from.hour, from.minute);
  const instant = guess + (guess - Date.UTC(...wallClock(new Date(guess), zone)));
  return fromWallClock(wallClock(new Date(instant + minutes * 60000), zone));
}

export function whenText(start, end, zone = 'Europe/London', duration = '') {
  const from = parts(start);
  if (!from) return String(start || '');
  const minutes = end ? null : durationMinutes(duration);
  const to = parts(end, start) || (minutes ? endAfter(from, minutes, zone) : from);
  if (from.hour === null) {
    if (to.year === from.year && to.month === from.month && to.day === from.day) return longDate(from);
    return to.year === from.year ? `${longDate(from, false)} to ${longDate(to)}` : `${longDate(from)} to ${longDate(to)}`;
  }
  const fromZone = zoneAbbreviation(from, zone);
  const toZone = to.hour === null ? fromZone : zoneAbbreviation(to, zone);
  const dayNumber = at => Date.UTC(at.year, at.month - 1, at.day) / 86400000;
  // An evening that ends at midnight is still one day's event (timefmt.py).
  const sameDay = dayNumber(to) === dayNumber(from) ||
    (to.hour === 0 && to.minute === 0 && dayNumber(to) === dayNumber(from) + 1);
  if (sameDay) {
    return fromZone === toZone
      ? `${longDate(from)}, ${clock(from)} to ${clock(to)} (${fromZone})`
      : `${longDate(from)}, ${clock(from)} (${fromZone}) to ${clock(to)} (${toZone})`;
  }
  return fromZone === toZone
    ? `${longDate(from)}, ${clock(from)} to ${longDate(to)}, ${clock(to)} (${fromZone})`
    : `${longDate(from)}, ${clock(from)} (${fromZone}) to ${longDate(to)}, ${clock(to)} (${toZone})`;
}

const ACCESS_NOTE = 'not yet given.';

// Decap draws the preview in a frame whose document has no language and no
// title (axe: html-has-lang, document-title); the preview's root element
// gives them, so a screen reader reads the preview as English.
function frameDocument(title) {
  return element => {
    if (!element) return;
    const doc = element.ownerDocument;
    doc.documentElement.lang = 'en-GB';
    doc.title = `Preview: ${title || 'untitled'}`;
  };
}

// The page's frame, as theme/templates/base.html draws it around content.
function sitePage(h, title, ...children) {
  return h('div', { className: 'page-width' },
    h('main', { className: 'main', id: 'main-content', ref: frameDocument(title) }, ...children));
}

function list(value) {
  if (!value) return [];
  const items = typeof value.toJS === 'function' ? value.toJS() : value;
  return (Array.isArray(items) ? items : String(items).split(',')).map(item => String(item).trim()).filter(Boolean);
}

function tagList(h, tags) {
  return tags.length
    ? h('ul', { className: 'tag-list', 'aria-label': 'Topics' }, tags.map(tag => h('li', { key: tag }, h('span', { className: 'tag' }, tag))))
    : null;
}

export function postPreview(h) {
  return function PostPreview({ entry, widgetFor }) {
    const get = name => entry.getIn(['data', name]);
    const tags = list(get('tags'));
    return sitePage(h, get('title'),
      h('article', { className: 'post' },
        h('header', { className: 'post__header' },
          h('h1', { className: 'heading-xl' }, get('title') || 'Title'),
          h('dl', { className: 'post__meta' },
            h('div', null, h('dt', null, 'Published'), h('dd', null, dayText(get('date')))),
            get('modified') ? h('div', null, h('dt', null, 'Updated'), h('dd', null, dayText(get('modified')))) : null,
            h('div', null, h('dt', null, 'Written by'), h('dd', null, get('author') || '')))),
        h('div', { className: 'prose' }, widgetFor('body')),
        tags.length ? h('footer', { className: 'post__footer' }, h('h2', { className: 'heading-s' }, 'Topics'), tagList(h, tags)) : null));
  };
}

export function pagePreview(h) {
  return function PagePreview({ entry, widgetFor }) {
    return sitePage(h, entry.getIn(['data', 'title']),
      h('article', { className: 'page' },
        h('h1', { className: 'heading-xl' }, entry.getIn(['data', 'title']) || 'Title'),
        h('div', { className: 'prose' }, widgetFor('body'))));
  };
}

const STATUS_TEXT = {
  cancelled: 'This event has been cancelled.',
  postponed: 'This event has been postponed. A new date has not been set yet.',
  rescheduled: 'This event has been moved to a new date.',
};

// The access features' names, from the editor's own pick-list (config.yml,
// written from the event model), so the preview says what the page will.
function accessLabels(field) {
  const options = field && field.get('options');
  const labels = {};
  if (options) options.forEach(option => { labels[option.get('value')] = option.get('label'); });
  return labels;
}

function row(h, key, value) {
  return value ? h('div', { className: 'summary-list__row' },
    h('dt', { className: 'summary-list__key' }, key), h('dd', { className: 'summary-list__value' }, value)) : null;
}

export function eventPreview(h) {
  return function EventPreview({ entry, widgetFor, getAsset, fields }) {
    const get = name => {
      const value = entry.getIn(['data', name]);
      return value === undefined || value === null ? '' : value;
    };
    const accessField = fields && fields.find(f => f.get('name') === 'access');
    const labels = accessLabels(accessField);
    const access = list(get('access')).map(value => labels[value] || value);
    const status = String(get('status') || 'scheduled');
    const zone = String(get('timezone') || 'Europe/London');
    let when;
    try {
      when = whenText(get('start'), get('end'), zone, get('duration'));
    } catch {
      when = `${get('start')} (check the time zone)`;
    }
    const image = get('image');
    const venue = [get('venue'), get('address'), get('postcode')].filter(Boolean);
    return sitePage(h, get('title'),
      h('article', { className: 'event' },
        h('h1', { className: 'heading-xl' }, get('title') || 'Title'),
        STATUS_TEXT[status] ? h('div', { className: `notification-banner notification-banner--${status}`, role: 'region', 'aria-labelledby': 'event-status-title' },
          h('h2', { className: 'notification-banner__title', id: 'event-status-title' }, 'Important'),
          h('div', { className: 'notification-banner__content' },
            h('p', { className: 'notification-banner__heading' }, STATUS_TEXT[status]),
            get('status-note') ? h('p', null, get('status-note')) : null)) : null,
        get('summary') ? h('p', { className: 'lead' }, get('summary')) : null,
        h('p', { className: 'event__access-summary' }, h('strong', null, 'Access:'), ' ',
          access.length ? `${access.join(', ')}.` : ACCESS_NOTE),
        h('h2', { className: 'heading-l' }, 'Event details'),
        h('dl', { className: 'summary-list' },
          row(h, 'Date and time', when),
          row(h, 'How to attend', String(get('attendance') || 'in person').replace(/^./, c => c.toUpperCase())),
          venue.length ? row(h, 'Venue', h('address', { className: 'event__address' },
            venue.flatMap((line, index) => (index ? [h('br', { key: `br${index}` }), line] : [line])))) : null,
          row(h, 'Cost', get('cost') || 'Free'),
          row(h, 'Organiser', get('organiser') || 'Social Care Institute for Excellence (SCIE)')),
        h('section', { className: 'access-panel', 'aria-labelledby': 'access-heading' },
          h('h2', { className: 'heading-l', id: 'access-heading' }, 'Access'),
          access.length ? h('ul', { className: 'access-list' }, access.map(label =>
            h('li', { className: 'access-list__item', key: label }, label))) : null,
          get('access-details') ? h('p', null, get('access-details')) : null,
          !access.length && !get('access-details') ? h('p', null, 'The organiser has not yet told us about access at this event.') : null,
          get('access-contact') ? h('p', null, `To ask about access or tell the organiser what you need, contact ${get('access-contact')}.`) : null),
        image ? h('img', { className: 'event__image', src: String(getAsset(image) || ''), alt: get('image-alt') }) : null,
        h('h2', { className: 'heading-l' }, 'About this event'),
        h('div', { className: 'prose' }, widgetFor('body'))));
  };
}
