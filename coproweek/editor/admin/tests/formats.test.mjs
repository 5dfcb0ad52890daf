// The editor's formats under Node: every file under content/ read and written
// back without a change is byte-identical; changes are written as the site's
// readers expect. Run by `node --test` (pytest runs it: test_node_tests.py).
// The collections' field order comes from the real config (config.py).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { parse, stringify } from 'smol-toml';

import { authorsFormat } from '../authors-format.js';
import { BODY_KEY, eventFormat, parseHeader, postFormat, SOURCE_KEY } from '../pelican-format.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CONTENT = join(ROOT, 'content');
const authors = authorsFormat({ parse, stringify });

function configFromPython() {
  const python = process.env.PYTHON || join(ROOT, '.venv/bin/python');
  const text = execFileSync(python, ['-m', 'coproweek.editor.config'], {
    cwd: ROOT, env: { ...process.env, PYTHONPATH: ROOT }, encoding: 'utf8',
  });
  return JSON.parse(text);
}
const CONFIG = configFromPython();
const fieldsOf = name => CONFIG.collections.find(c => c.name === name).fields.map(f => f.name);

// Which format and field order a content file gets: as config.yml says
// (a folder collection's folder), so a new collection is covered here too.
function collectionFor(path) {
  const folder = relative(ROOT, dirname(path));
  const collection = CONFIG.collections.find(c => c.folder === folder);
  return collection ? { format: collection.format, fields: collection.fields.map(f => f.name) } : null;
}
const FORMATS = { 'pelican-post': postFormat, 'pelican-event': eventFormat };

function filesUnder(folder) {
  return readdirSync(folder).flatMap(name => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// Decap hands data to toFile after its own copy (Immutable.js fromJS/toJS),
// which does not keep key order: shuffle it, as the editor may.
function asDecapGivesIt(data) {
  return Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(data))).reverse());
}

const contentFiles = filesUnder(CONTENT).filter(path => /\.(md|toml)$/.test(path));

test('there is content to test', () => {
  assert.ok(contentFiles.filter(path => path.endsWith('.md')).length >= 10);
  assert.ok(contentFiles.some(path => path.endsWith('authors.toml')));
});

for (const path of contentFiles) {
  test(`${relative(ROOT, path)} is written back byte for byte`, () => {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.toml')) {
      assert.equal(authors.toFile(asDecapGivesIt(authors.fromFile(text))), text);
      return;
    }
    const collection = collectionFor(path);
    const format = collection ? FORMATS[collection.format] : postFormat;
    assert.equal(format.toFile(asDecapGivesIt(format.fromFile(text)), collection ? collection.fields : []), text);
  });
}

const FESTIVAL = readFileSync(join(CONTENT, 'events/co-production-festival-2018.md'), 'utf8');
const POST = readFileSync(join(CONTENT, 'blog/co-production-not-rocket-science.md'), 'utf8');
const save = (format, text, change, fields) => format.toFile({ ...format.fromFile(text), ...change }, fields);

test('a changed field is rewritten in place; every other line stays as it was', () => {
  const saved = save(eventFormat, FESTIVAL, { venue: 'Friends House' }, fieldsOf('events'));
  assert.equal(saved, FESTIVAL.replace('venue: Riverside Community Conference Centre', 'venue: Friends House'));
});

test('lists are written joined with ", "', () => {
  const saved = save(eventFormat, FESTIVAL, { access: ['step-free', 'bsl'] }, fieldsOf('events'));
  assert.match(saved, /^access: step-free, bsl$/m);
  assert.deepEqual(parseHeader(saved).values.access, ['step-free', 'bsl']);
});

test('a new field goes beside its neighbours in the scaffold order', () => {
  const saved = save(eventFormat, FESTIVAL, { 'joining-link': 'https://meet.example.org/x', timezone: 'Europe/London' },
    fieldsOf('events'));
  const keys = parseHeader(saved).chunks.map(c => c.key);
  assert.deepEqual(keys.slice(0, 4), ['title', 'start', 'end', 'timezone']);
  assert.equal(keys[keys.indexOf('postcode') + 1], 'joining-link');
});

test('a field emptied in the editor loses its line (an empty Modified: would not build)', () => {
  const saved = save(postFormat, POST, { tags: [] }, fieldsOf('blog'));
  assert.doesNotMatch(saved, /^Tags:/m);
  assert.equal(saved, POST.replace(/^Tags: .*\n/m, ''));
});

test('posts get capitalised keys, events lower-case ones', () => {
  assert.match(save(postFormat, POST, { modified: '2018-05-01 10:00' }, fieldsOf('blog')), /^Modified: 2018-05-01 10:00$/m);
  assert.match(save(eventFormat, FESTIVAL, { duration: '2 hours' }, fieldsOf('events')), /^duration: 2 hours$/m);
});

test('a summary of several lines becomes continuation lines, never an empty line', () => {
  const saved = save(postFormat, POST, { summary: 'First line.\n\nSecond paragraph.' }, fieldsOf('blog'));
  assert.match(saved, /^Summary: First line\.\n {4}Second paragraph\.\n\n/m);
});

test('a new post is written in the scaffold order with one empty line before the text', () => {
  const data = asDecapGivesIt({ body: 'Hello.\n', status: 'draft', tags: ['co-production', 'training'], author: 'Gary Hickey',
    date: '2027-04-01 09:30', title: 'Why we co-produce', summary: 'Short.', slug: '', modified: '' });
  assert.equal(postFormat.toFile(data, fieldsOf('blog')),
    'Title: Why we co-produce\nDate: 2027-04-01 09:30\nAuthor: Gary Hickey\nTags: co-production, training\n' +
    'Summary: Short.\nStatus: draft\n\nHello.\n');
});

test('a new event is written in the order of invoke new-event', () => {
  const saved = eventFormat.toFile(asDecapGivesIt({ title: 'Café', start: '2027-07-06 10:00', end: '2027-07-06 12:00',
    'access-contact': 'a@example.org', access: ['bsl'], attendance: 'online', 'joining-link': 'https://x.example/',
    timezone: 'Europe/London', body: 'Come.\n' }), fieldsOf('events'));
  assert.deepEqual(parseHeader(saved).chunks.map(c => c.key),
    ['title', 'start', 'end', 'timezone', 'attendance', 'joining-link', 'access', 'access-contact']);
});

// Inputs the content folder does not have, read as python-markdown reads them.
const ODD_FILES = {
  'Windows line endings': 'Title: A\r\nDate: 2018-04-16\r\n\r\nText.\r\n',
  'a YAML-style --- first line and ... end': '---\nTitle: A\nDate: 2018-04-16\n...\nText.\n',
  'continuation lines': 'Title: A\nSummary: one\n    two\n      three\n\nText.\n',
  'the same key twice': 'Title: A\nTags: a\nTags: b\n\nText.\n',
  'a header ended by a non-header line': 'Title: A\nThis line is text.\n',
  'no header at all': '# Just text\n\nMore.\n',
  'no final newline': 'Title: A\n\nText without a newline',
  'a header and nothing else': 'Title: A\nDate: 2018-04-16\n',
  'a byte order mark': '\ufeffTitle: A\n\nText.\n',
  'odd spacing': 'Title:    A   \n  Date:2018-04-16\ntags: a,b ,c\n\nText.\n',
  'an empty file': '',
};
for (const [what, text] of Object.entries(ODD_FILES)) {
  test(`round trip with ${what}`, () => {
    for (const format of [postFormat, eventFormat]) {
      assert.equal(format.toFile(asDecapGivesIt(format.fromFile(text)), fieldsOf('blog')), text);
    }
  });
}

test('the header is read as python-markdown reads it', () => {
  assert.deepEqual(parseHeader(ODD_FILES['continuation lines']).values, { title: 'A', summary: 'one\ntwo\nthree' });
  assert.deepEqual(parseHeader(ODD_FILES['the same key twice']).values.tags, ['a', 'b']);
  assert.equal(parseHeader(ODD_FILES['a header ended by a non-header line']).body, 'This line is text.\n');
  assert.deepEqual(parseHeader(ODD_FILES['a byte order mark']).values, {});
  assert.deepEqual(parseHeader(ODD_FILES['odd spacing']).values, { title: 'A', date: '2018-04-16', tags: ['a', 'b', 'c'] });
});

test('a changed value in a CRLF file keeps CRLF', () => {
  const saved = save(postFormat, ODD_FILES['Windows line endings'], { title: 'B' }, fieldsOf('blog'));
  assert.equal(saved, 'Title: B\r\nDate: 2018-04-16\r\n\r\nText.\r\n');
});

test('the source record stays out of the file, whatever the editor does to it', () => {
  const data = postFormat.fromFile(POST);
  assert.ok(data[SOURCE_KEY]);
  assert.doesNotMatch(postFormat.toFile({ ...data, title: 'New' }, fieldsOf('blog')), /pelican_source/);
  assert.equal(data[BODY_KEY], POST.slice(POST.indexOf('\n\n') + 2));
});

test('authors: a changed author is rewritten, the others and the comments stay', () => {
  const text = readFileSync(join(CONTENT, 'authors.toml'), 'utf8');
  const data = authors.fromFile(text);
  data.authors[1] = { ...data.authors[1], role: 'Adviser "on" research' };
  const saved = authors.toFile(data);
  assert.equal(saved, text.replace('role = "Senior Public Involvement Manager"', 'role = "Adviser \\"on\\" research"'));
  assert.equal(parse(saved)['Gary Hickey'].role, 'Adviser "on" research');
});

test('authors: a new author is added after an empty line; a removed one is gone', () => {
  const text = readFileSync(join(CONTENT, 'authors.toml'), 'utf8');
  const data = authors.fromFile(text);
  data.authors = [data.authors[1], { name: 'Ann Example', role: 'Carer', organisation: 'Carers Voice', bio: '' }];
  const saved = authors.toFile(data);
  assert.deepEqual(Object.keys(parse(saved)), ['Gary Hickey', 'Ann Example']);
  assert.match(saved, /\n\n\["Ann Example"\]\nrole = "Carer"\norganisation = "Carers Voice"\n$/);
  assert.ok(saved.startsWith('# Guest authors.'));
});

test('authors: a file the site cannot read is refused, not half-read', () => {
  assert.throws(() => authors.fromFile('["Pete"\nrole = "x"\n'));
  assert.throws(() => authors.fromFile('["A"]\nrole = "x"\n[["B"]]\nrole = "y"\n'));
});
