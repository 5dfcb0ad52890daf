// The editor at /admin/: Decap CMS (decap-cms.js, loaded before this module,
// defines window.CMS and window.h) with the site's own formats, checks and
// previews. The configuration is config.yml, written by the build from the
// site's rules (coproweek/editor/config.py).

import { parse, stringify } from './vendor/smol-toml/index.js';
import { authorsFormat } from './authors-format.js';
import { eventFormat, postFormat } from './pelican-format.js';
import { eventPreview, postPreview, pagePreview } from './previews.js';
import { checkAfter, imagesWithoutAlt } from './checks.js';

const { CMS, h, createClass } = window;

CMS.registerCustomFormat('pelican-post', 'md', postFormat);
CMS.registerCustomFormat('pelican-event', 'md', eventFormat);
CMS.registerCustomFormat('authors-toml', 'toml', authorsFormat({ parse, stringify }));

// A built-in widget with one more check before saving. Decap asks a control
// for `isValid()`; an error object stops the save and shows the message
// beside the field.
function withCheck(baseName, check, render) {
  const base = CMS.getWidget(baseName);
  const control = createClass({
    isValid() {
      const data = this.props.getEntry().get('data');
      const message = check(this.props.value, name => data.get(name), this.props.field);
      return message ? { error: { message } } : true;
    },
    render() {
      return render ? render.call(this, base.control) : h(base.control, this.props);
    },
  });
  return [control, base.preview, base.schema];
}

const label = (field, name) => field.get('label', name);

// Alt text beside an image: needed as soon as there is an image.
CMS.registerWidget('alt-text', ...withCheck('string', (value, get, field) =>
  get(field.get('image')) && !String(value || '').trim()
    ? `${label(field, 'Alt text')} is needed because there is an image: describe what the picture shows.`
    : null));

// The text of a post, page or event: every image in it has alt text, however
// it got there (the image button, or Markdown typed or pasted).
CMS.registerWidget('markdown-alt', ...withCheck('markdown', value => {
  const missing = imagesWithoutAlt(String(value || ''));
  return missing.length
    ? `Every image needs alt text: ${missing.join(', ')} has none. Select the image and fill in “Alt text”.`
    : null;
}));

// Start and end of an event: the date-time widget, an "All day" box (an
// all-day event has dates without times), and for the end, a check that it
// comes after the start. A time alone ("end: 16:00", as the site allows) is
// shown on the start's day.
const ALL_DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME_ONLY = /^\d{1,2}:\d{2}$/;

CMS.registerWidget('event-time', ...withCheck('datetime', (value, get, field) => {
  const after = field.get('after');
  return after ? checkAfter(get(after), value, label(field, 'The end'), after) : null;
}, function render(DateTime) {
  const { value, field, forID, onChange, getEntry } = this.props;
  const text = String(value || '');
  const allDay = this.state && this.state.allDay !== undefined ? this.state.allDay : ALL_DAY.test(text);
  let shown = text;
  const after = field.get('after');
  if (after && TIME_ONLY.test(text)) {
    const start = String(getEntry().getIn(['data', after]) || '');
    shown = `${start.slice(0, 10)} ${text.padStart(5, '0')}`;
  }
  const dayField = field.set('format', 'YYYY-MM-DD').set('date_format', 'YYYY-MM-DD').set('time_format', false);
  const toggle = event => {
    const checked = event.target.checked;
    this.setState({ allDay: checked });
    if (!text) return;
    onChange(checked ? shown.slice(0, 10) : `${shown.slice(0, 10)} 10:00`);
  };
  return h('div', { className: 'event-time' },
    h(DateTime, { ...this.props, value: shown, field: allDay ? dayField : field }),
    h('label', { className: 'event-time__all-day', htmlFor: `${forID}-all-day` },
      h('input', { type: 'checkbox', id: `${forID}-all-day`, checked: allDay, onChange: toggle }),
      ' All day (dates only, no times)'));
}));

// The image button in the text editor: the alt text is asked for beside the
// image, and the Markdown it writes is the site's ![alt](/images/file.jpg).
CMS.registerEditorComponent({
  id: 'image',
  label: 'Image',
  pattern: /^!\[([^\]]*)\]\(([^)\s]*)\)$/,
  fromBlock: match => ({ alt: match[1], image: match[2] }),
  toBlock: ({ alt, image }) => `![${String(alt || '').replace(/[[\]]/g, '')}](${image || ''})`,
  toPreview: ({ alt, image }, getAsset, fields) => {
    const imageField = fields && fields.find(f => f.get('widget') === 'image');
    return h('img', { src: String(getAsset(image, imageField) || ''), alt: alt || '' });
  },
  fields: [
    { name: 'image', label: 'Image', widget: 'image', required: true, media_library: { allow_multiple: false } },
    { name: 'alt', label: 'Alt text (required)', widget: 'string', required: true,
      hint: 'What the image shows, for people who cannot see it. Don’t start with “Image of”.' },
  ],
});

// Previews use the site's own stylesheets, so an author sees what the
// public will.
for (const sheet of ['../theme/css/main.css', '../theme/css/events.css']) {
  CMS.registerPreviewStyle(new URL(sheet, document.baseURI).href);
}
CMS.registerPreviewTemplate('blog', postPreview(h));
CMS.registerPreviewTemplate('pages', pagePreview(h));
CMS.registerPreviewTemplate('events', eventPreview(h));

CMS.init();
