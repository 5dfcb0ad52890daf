// Checks the editor makes before it saves, as plain functions (tested under
// Node). The build checks everything again: these only catch early what an
// author can fix in the form.

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

/** Minutes since 1970 of "2018-07-03" or "2018-07-03 10:00" (zone-free:
 * start and end are in the same zone); a time alone ("16:00") is on
 * `sameDayAs`'s day. null for what this cannot read (the site also reads
 * "3 July 2018" and "10am": the build judges those). */
export function minutesOf(text, sameDayAs = '') {
  const value = String(text || '').trim();
  const time = TIME.exec(value);
  const date = DATE.exec(time ? `${String(sameDayAs).trim().slice(0, 10)} ${value}` : value);
  if (!date) return null;
  const [, year, month, day, hour = '0', minute = '0'] = date;
  return Date.UTC(+year, +month - 1, +day, +hour, +minute) / 60000;
}

/** A message if `end` is not after `start`, else null. An all-day event may
 * end on the day it starts (its end is the last day). */
export function checkAfter(start, end, endLabel, startName = 'start') {
  if (!String(end || '').trim() || !String(start || '').trim()) return null;
  const from = minutesOf(start);
  const to = minutesOf(end, start);
  if (from === null || to === null) return null;
  const allDay = !/\d:\d/.test(String(end));
  if (to > from || (allDay && to >= from)) return null;
  return `${endLabel} must be after the ${startName}: check the dates and times, including am and pm.`;
}

const DECORATIVE = /role\s*=\s*["']?(presentation|none)|aria-hidden\s*=\s*["']?true/i;

/** The images in Markdown (or HTML) text that have no alt text and are not
 * marked decorative (docs/accessibility-audit.md: empty alt with
 * role="presentation", as `![](/images/x.png){: role="presentation" }`). */
export function imagesWithoutAlt(markdown) {
  const missing = [];
  for (const match of markdown.matchAll(/!\[\s*\]\(\s*<?([^)\s>]*)[^)]*\)(\{:[^}]*\})?/g)) {
    if (!DECORATIVE.test(match[2] || '')) missing.push(match[1] || 'an image');
  }
  for (const match of markdown.matchAll(/<img\b[^>]*>/gi)) {
    const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)'|[^\s"'>]+)/i.exec(match[0]);
    const text = alt ? (alt[2] ?? alt[3] ?? alt[1]) : '';
    if (alt && (text.trim() || DECORATIVE.test(match[0]))) continue;
    const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(match[0]);
    missing.push(src ? src[1] : 'an image');
  }
  return missing;
}
