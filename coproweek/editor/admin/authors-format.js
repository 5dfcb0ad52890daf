// content/authors.toml for Decap CMS: one table per guest author, named by
// the author's name as posts write it ("Author: Pete Fleischmann"):
//
//   ["Pete Fleischmann"]
//   role = "Head of Co-production"
//
// Decap's own TOML format cannot hold a table per name (its fields are fixed
// keys) and drops the file's comments, so this format shows the authors as a
// list. Values are read and written by smol-toml; what is hand-written here
// is only the keeping of each author's block of lines, so that an author who
// did not change is written back byte for byte, comments and all.

export const SOURCE_KEY = '__authors_source';
const TABLE_LINE = /^\s*\[/;

function authorsOf(table) {
  return Object.entries(table).map(([name, fields]) => ({ name, ...fields }));
}

// An author's details without empty fields, keys sorted: what is compared to
// tell whether the author changed.
function filled(author) {
  return Object.fromEntries(Object.entries(author)
    .filter(([, value]) => value !== undefined && value !== null && String(value).trim() !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// The fields in the order the file has always had them.
const FIELD_ORDER = ['role', 'organisation', 'bio'];

function authorBlock(stringify, author) {
  const { name, ...fields } = filled(author);
  const ordered = Object.fromEntries(Object.entries(fields).sort(([a], [b]) =>
    (FIELD_ORDER.indexOf(a) + 1 || 99) - (FIELD_ORDER.indexOf(b) + 1 || 99)));
  const text = stringify({ [String(name).trim()]: ordered });
  return text.endsWith('\n') ? text : text + '\n';
}

/** The format, given smol-toml's `parse` and `stringify` (the page loads
 * smol-toml from /admin/vendor/, the tests from node_modules). */
export function authorsFormat({ parse, stringify }) {
  return {
    fromFile(text) {
      const authors = authorsOf(parse(text)); // throws with the line on a bad file
      const lines = text.match(/[^\n]*\n|[^\n]+$/g) || [];
      let preamble = '';
      const blocks = [];
      for (const line of lines) {
        if (TABLE_LINE.test(line)) blocks.push(line);
        else if (blocks.length) blocks[blocks.length - 1] += line;
        else preamble += line;
      }
      if (blocks.length !== authors.length) {
        throw new Error('content/authors.toml: every author must start with their name in quotes and ' +
          'brackets on a line of its own, like ["Pete Fleischmann"].');
      }
      const source = { preamble, blocks: blocks.map((raw, index) => ({ raw, value: JSON.stringify(filled(authors[index])) })) };
      return { authors, [SOURCE_KEY]: JSON.stringify(source) };
    },

    toFile(data) {
      const source = data[SOURCE_KEY] ? JSON.parse(data[SOURCE_KEY]) : { preamble: '', blocks: [] };
      const unused = [...source.blocks];
      let text = source.preamble;
      for (const author of data.authors || []) {
        const value = JSON.stringify(filled(author));
        const same = unused.findIndex(block => block.value === value);
        if (text && !text.endsWith('\n')) text += '\n';
        if (same >= 0) {
          text += unused.splice(same, 1)[0].raw;
        } else {
          // A new or changed author: after an empty line, like the others.
          if (text && !text.endsWith('\n\n')) text += '\n';
          text += authorBlock(stringify, author);
        }
      }
      return text;
    },
  };
}
