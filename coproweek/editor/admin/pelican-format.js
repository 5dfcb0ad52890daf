// Pelican's `Key: value` header, read and written for Decap CMS
// (CMS.registerCustomFormat). Hand-written because no library reads this
// format: it mirrors python-markdown's Meta extension, which both the blog
// reader and the events reader use, so that what the editor shows is what
// the build reads:
//   - an optional `---` first line; then `key: value` lines (up to 3 spaces
//     before the key); a line indented 4 or more spaces continues the value;
//   - the header ends at the first empty line, a `---` or `...` line, or a
//     line that is neither (that line is then the first line of the text).
//
// Saving an entry without a change gives back the same bytes: every line is
// remembered as it was read, and a field whose value did not change is
// written back exactly as it was (spelling of the key, spacing, continuation
// lines, "a,b" rather than "a, b"). A changed field is written canonically;
// a new field goes next to its neighbours in the order of the collection's
// fields (which follows the scaffolds of `invoke new-post` / `new-event`).

const META = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
const MORE = /^[ ]{4,}(.*)$/;
const BEGIN = /^-{3}(\s.*)?$/;
const END = /^(-{3}|\.{3})(\s.*)?$/;

// Where the header as read is kept inside the entry's data. Decap keeps keys
// that no field names, and passes them back to toFile.
export const SOURCE_KEY = '__pelican_source';
export const BODY_KEY = 'body';

// Fields whose value is a comma-separated list in the file and a list in the
// editor. Everything else is text.
export const LIST_KEYS = new Set(['tags', 'access', 'except', 'cancelled-dates']);

function splitLines(text) {
  // Lines with their own line endings, so that nothing is lost.
  return text.match(/[^\n]*\n|[^\n]+$/g) || [];
}

function stripEnding(line) {
  return line.replace(/\r?\n$/, '');
}

// Python's str.strip() and JavaScript's trim() agree on the whitespace
// that appears in these files.
function valueOf(key, lines) {
  const parts = lines.map(part => part.trim());
  if (LIST_KEYS.has(key)) {
    return parts.join(',').split(',').map(item => item.trim()).filter(Boolean);
  }
  return parts.filter(Boolean).join('\n');
}

function isEmpty(value) {
  return value === undefined || value === null || value === '' ||
    (Array.isArray(value) && value.length === 0);
}

function sameValue(a, b) {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Read a file's header: { chunks, values, begin, end, body }. */
export function parseHeader(text) {
  const lines = splitLines(text);
  let index = 0;
  let begin = '';
  if (lines.length && BEGIN.test(stripEnding(lines[0]))) {
    begin = lines[0];
    index = 1;
  }
  const chunks = []; // { key, name, raw, parts }: one per `key:` line
  let end = '';
  for (; index < lines.length; index += 1) {
    const line = stripEnding(lines[index]);
    if (line.trim() === '' || END.test(line)) {
      end = lines[index];
      index += 1;
      break;
    }
    const meta = META.exec(line);
    if (meta) {
      chunks.push({ key: meta[1].toLowerCase(), name: meta[1], raw: lines[index], parts: [meta[2]] });
      continue;
    }
    const more = MORE.exec(line);
    if (more && chunks.length) {
      const last = chunks[chunks.length - 1];
      last.raw += lines[index];
      last.parts.push(more[1]);
      continue;
    }
    break; // not a header line: the text starts here
  }
  const parts = {};
  for (const chunk of chunks) (parts[chunk.key] ||= []).push(...chunk.parts);
  const values = Object.fromEntries(
    Object.entries(parts).map(([key, keyParts]) => [key, valueOf(key, keyParts)]));
  return { chunks, values, begin, end, body: lines.slice(index).join('') };
}

function canonicalLines(name, value, eol) {
  if (isEmpty(value)) return '';
  if (Array.isArray(value)) {
    const items = value.map(item => String(item).trim()).filter(Boolean);
    return items.length ? `${name}: ${items.join(', ')}${eol}` : '';
  }
  // An empty line would end the header, so paragraphs become lines.
  const [first, ...rest] = String(value).split(/\r?\n/).map(line => line.trim()).filter(Boolean);
  if (first === undefined) return '';
  return [`${name}: ${first}`, ...rest.map(line => `    ${line}`)].map(line => line + eol).join('');
}

/**
 * A Decap CMS format. `keyName` turns a field name into the key written for
 * a field the file did not have yet ("title" -> "Title" for posts).
 */
export function pelicanFormat(keyName = key => key) {
  return {
    fromFile(text) {
      const { chunks, values, begin, end, body } = parseHeader(text);
      const source = { chunks: chunks.map(({ key, name, raw }) => ({ key, name, raw })), values, begin, end };
      return { ...values, [BODY_KEY]: body, [SOURCE_KEY]: JSON.stringify(source) };
    },

    toFile(data, sortedKeys = []) {
      const source = data[SOURCE_KEY] ? JSON.parse(data[SOURCE_KEY]) : { chunks: [], values: {}, begin: '', end: '' };
      const eol = source.chunks.length && source.chunks[0].raw.endsWith('\r\n') ? '\r\n' : '\n';
      const fieldOrder = sortedKeys.filter(key => key !== BODY_KEY);
      const dataKeys = Object.keys(data).filter(key => key !== BODY_KEY && key !== SOURCE_KEY);
      const wanted = [...fieldOrder, ...dataKeys.filter(key => !fieldOrder.includes(key))];

      // Keys as they were in the file, in file order; a changed key is
      // written once, where it first appeared.
      const written = new Set();
      const slots = [];
      for (const chunk of source.chunks) {
        const value = data[chunk.key];
        if (sameValue(value, source.values[chunk.key])) {
          slots.push({ key: chunk.key, text: chunk.raw });
        } else if (!written.has(chunk.key)) {
          slots.push({ key: chunk.key, text: canonicalLines(chunk.name, value, eol) });
        }
        written.add(chunk.key);
      }
      // New keys beside their neighbours in field order.
      for (const key of wanted) {
        if (written.has(key) || isEmpty(data[key])) continue;
        const slot = { key, text: canonicalLines(keyName(key), data[key], eol) };
        const position = wanted.indexOf(key);
        const before = wanted.slice(0, position).reverse().find(other => written.has(other));
        const after = wanted.slice(position + 1).find(other => written.has(other));
        if (before !== undefined) {
          const last = slots.map(s => s.key).lastIndexOf(before);
          slots.splice(last + 1, 0, slot);
        } else if (after !== undefined) {
          slots.splice(slots.findIndex(s => s.key === after), 0, slot);
        } else {
          slots.push(slot);
        }
        written.add(key);
      }

      const header = slots.map(slot => slot.text).join('');
      const body = data[BODY_KEY] || '';
      if (!source.chunks.length && !source.begin) {
        // A new file: the header, one empty line, the text.
        return header ? header + eol + body : body;
      }
      return source.begin + header + source.end + body;
    },
  };
}

/** "title" -> "Title", "joining-link" -> "Joining-link": blog posts' style. */
export function capitalised(key) {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

export const postFormat = pelicanFormat(capitalised);
export const eventFormat = pelicanFormat();
