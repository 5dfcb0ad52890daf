"""Pagefind 1.5's index files, read and written here, and several indexes of
parts of one site merged into the index of the whole. Knows nothing of Pelican.

Why by hand: Pagefind holds every page's word map at once while it indexes
(about 190 kB a page of 600 words), and has no way to merge indexes but in
the browser (`mergeIndex`), where each part would rank by its own word
statistics and, for a word it lacks, fall back to a shorter word another part
never would (measured: a rare word found 1 page in one index and 2,590 in
seven). So a large site is indexed in parts by Pagefind, one at a time, and
the parts are merged here, a chunk at a time, into the one index Pagefind
would have made: the same pages, words, positions, filters and chunking
rule, read by Pagefind's own search code. Only the order of pages differs
(part by part), which only breaks ties between equal scores.

The format (pagefind/src/index/ in Pagefind 1.5): each file is gzip of
b"pagefind_dcd" + CBOR, each structure an array of its fields in order.
- pagefind.<hash>.pf_meta: [version, pages [[fragment hash, word count]],
  chunks [[first word, last word, hash]], filters [[name, hash]], sorts,
  meta fields]. A page's number is its place in `pages`.
- index/<hash>.pf_index: [[word, pages, variants]] in word order; pages
  [[page number as a step from the last, locations, meta locations]];
  variants [[form, pages]]. Meta locations name a field as -(its number)-1.
- filter/<hash>.pf_filter: [name, [[value, [page numbers]]]].
- fragment/<hash>.pf_fragment: one page's JSON (no page number in it).
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import os
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path

import cbor2

FILE_START = b"pagefind_dcd"  # the first bytes of each file, once unzipped
ENTRY = "pagefind-entry.json"
# Pagefind names these files by their content, and leaves a file alone if one
# of that name is already in its output folder: the rest it writes every time.
NAMED_BY_CONTENT = ("pagefind.*.pf_meta", "fragment/*.pf_fragment", "index/*.pf_index", "filter/*.pf_filter")
# Pagefind's default size of a word-index chunk, in locations (its options.rs).
CHUNK_LOCATIONS = 20_000
# What reading a damaged or unfamiliar index raises (gzip's errors are OSError or zlib.error).
UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error, cbor2.CBORDecodeError)


class CannotMerge(ValueError):
    """The indexes use something a merge cannot keep (sorting, several languages)."""


def read_file(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(FILE_START):
        raise ValueError(f"{path} is not a Pagefind index file")
    return data[len(FILE_START):]


def _write_file(folder: Path, kind: str, language: str, data: bytes, hash_length: int = 7) -> str:
    """Write `data` as a content-named file of `kind` ("index", "filter" or
    the meta file); returns its name as Pagefind's files name it."""
    digest = hashlib.sha1(data).hexdigest()
    # mtime=0: the same index makes the same bytes (byte-identical rebuilds).
    packed = gzip.compress(FILE_START + data, compresslevel=6, mtime=0)
    for length in range(hash_length, len(digest) + 1):  # longer if the short name is another file's
        name = f"{language}_{digest[:length]}"
        path = folder / (f"pagefind.{name}.pf_meta" if kind == "meta" else f"{kind}/{name}.pf_{kind}")
        if not path.exists() or path.read_bytes() == packed:
            break
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(packed)
    return name


def language_and_meta(bundle: Path) -> tuple[dict, str, list]:
    """The entry file, its one language, and that language's decoded meta file."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    if len(entry["languages"]) != 1:
        raise CannotMerge(f"{bundle} holds {len(entry['languages'])} languages")
    [(language, about)] = entry["languages"].items()
    return entry, language, cbor2.loads(read_file(bundle / f"pagefind.{about['hash']}.pf_meta"))


def files_in_use(bundle: Path) -> set[str]:
    """The content-named files that `bundle`'s entry file leads to: each
    language's meta file, and the fragments, word-index chunks and filters it
    lists. (Pagefind has no reader for them but the browser's; the tests check
    this one against Pagefind's own output.)"""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    in_use = set()
    for language in entry["languages"].values():
        meta = f"pagefind.{language['hash']}.pf_meta"
        _version, pages, chunks, filters, *_ = cbor2.loads(read_file(bundle / meta))
        in_use.add(meta)
        in_use.update(f"fragment/{page_hash}.pf_fragment" for page_hash, _words in pages)
        in_use.update(f"index/{chunk[-1]}.pf_index" for chunk in chunks)
        in_use.update(f"filter/{filter_hash}.pf_filter" for _name, filter_hash in filters)
    return in_use


def _words(bundle: Path, chunks: list, first_page: int, fields: list[int]) -> Iterator[tuple]:
    """A bundle's words in order, one chunk read at a time: (word, pages,
    variants), each page list as (its pages, the site's number of the
    bundle's first page, the sum of its steps), meta fields numbered as in
    the merged list."""
    renumber = fields != list(range(len(fields)))
    for *_range, chunk in chunks:
        for word, pages, variants in cbor2.loads(read_file(bundle / "index" / f"{chunk}.pf_index"))[0]:
            yield word, _placed(pages, first_page, fields, renumber), \
                [(form, _placed(form_pages, first_page, fields, renumber)) for form, form_pages in variants]


def _placed(pages: list, first_page: int, fields: list[int], renumber: bool) -> tuple[list, int, int]:
    if renumber:
        for page in pages:
            page[2] = [-fields[-value - 1] - 1 if value < 0 else value for value in page[2]]
    return pages, first_page, sum(page[0] for page in pages)


def _joined(lists: list[tuple[list, int, int]]) -> list:
    """Bundles' page lists of one word as one list of steps. Page numbers are
    stored as steps from the page before, so only each list's first step
    changes: it is now a step from the last page of the list before."""
    joined, last = [], 0
    for pages, first_page, steps in lists:
        if not pages:  # a word found on a bundle's pages only in other forms (its variants)
            continue
        step, locations, meta_locations = pages[0]
        joined.append([first_page + step - last, locations, meta_locations])
        joined.extend(pages[1:])
        last = first_page + steps
    return joined


def _merged_words(streams: list[Iterator[tuple]]) -> Iterator[list]:
    """One [word, pages, variants] for each word of any bundle, in word
    order (Python orders str by code point, as Rust orders UTF-8 bytes)."""
    word, pages, variants = None, [], {}
    for next_word, next_pages, next_variants in heapq.merge(*streams, key=lambda item: item[0]):
        if next_word != word:
            if word is not None:
                yield [word, _joined(pages), [[form, _joined(lists)] for form, lists in sorted(variants.items())]]
            word, pages, variants = next_word, [], {}
        pages.append(next_pages)  # bundle by bundle (heapq.merge keeps the streams' order): numbers rise
        for form, form_pages in next_variants:
            variants.setdefault(form, []).append(form_pages)
    if word is not None:
        yield [word, _joined(pages), [[form, _joined(lists)] for form, lists in sorted(variants.items())]]


def _prefixes(before: str, after: str) -> tuple[str, str]:
    """The shortest starts that tell two neighbouring chunks' words apart (Pagefind's get_prefixes)."""
    common = 0
    for a, b in zip(after, before):
        if a != b:
            break
        common += 1
    return before[:common + 1], after[:common + 1]


def _write_chunks(words: Iterator[list], folder: Path, language: str) -> list[list[str]]:
    """Write the words in chunks of about CHUNK_LOCATIONS locations, cut
    where Pagefind cuts them; returns the meta file's [from, to, hash] list."""
    chunks, chunk, size = [], [], 0

    def write() -> None:
        chunks.append([chunk[0][0], chunk[-1][0], _write_file(folder, "index", language, cbor2.dumps([chunk]))])

    for word in words:
        size += len(word[1]) + sum(len(locations) + len(meta) for _step, locations, meta in word[1])
        chunk.append(word)
        if size >= CHUNK_LOCATIONS:
            write()
            chunk, size = [], 0
    if chunk:
        write()
    for before, after in zip(chunks, chunks[1:]):
        to, from_ = _prefixes(before[1], after[0])
        if to >= before[0]:
            before[1] = to
        after[0] = from_
    return chunks


def merge_bundles(bundles: list[Path], into: Path) -> int:
    """Merge the indexes in `bundles` (each of other pages of one site) into
    one index in the new folder `into`, with the first's scripts and
    WebAssembly; the fragments are linked, not copied. Returns its pages.
    Raises CannotMerge, or UNREADABLE's errors for an index this cannot read."""
    read = [language_and_meta(bundle) for bundle in bundles]
    entry, language, _meta = read[0]
    versions = {meta[0] for _entry, _language, meta in read}
    if {lang for _entry, lang, _meta in read} != {language} or len(versions) != 1:
        raise CannotMerge("the indexes are of different languages or Pagefind versions")
    if any(meta[4] for _entry, _language, meta in read):
        raise CannotMerge("pages are sorted (data-pagefind-sort): a merge cannot keep their order")
    fields = sorted({field for _entry, _language, meta in read for field in meta[5]})
    into.mkdir(parents=True)
    for path in bundles[0].iterdir():  # Pagefind's scripts, styles and WebAssembly
        if path.is_file() and path.name != ENTRY and not path.name.endswith(".pf_meta"):
            os.link(path, into / path.name)
    pages, first_pages, filters = [], [], {}
    (into / "fragment").mkdir()
    for bundle, (_entry, _language, meta) in zip(bundles, read):
        first_pages.append(len(pages))
        pages.extend(_linked_fragments(bundle, meta[1], into, language))
        for name, filter_hash in meta[3]:
            _name, values = cbor2.loads(read_file(bundle / "filter" / f"{filter_hash}.pf_filter"))
            for value, numbers in values:
                filters.setdefault(name, {}).setdefault(value, []).extend(n + first_pages[-1] for n in numbers)
    streams = [_words(bundle, meta[2], first, [fields.index(field) for field in meta[5]])
               for bundle, (_entry, _language, meta), first in zip(bundles, read, first_pages)]
    chunks = _write_chunks(_merged_words(streams), into, language)
    filter_files = [[name, _write_file(into, "filter", language, cbor2.dumps([name, sorted(values.items())]))]
                    for name, values in sorted(filters.items())]
    meta_name = _write_file(into, "meta", language, cbor2.dumps([next(iter(versions)), pages, chunks, filter_files,
                                                                   [], fields]), hash_length=10)
    about = {**entry["languages"][language], "hash": meta_name, "page_count": len(pages)}
    (into / ENTRY).write_text(json.dumps({**entry, "languages": {language: about}}), encoding="utf-8")
    return len(pages)


def _linked_fragments(bundle: Path, pages: list, into: Path, language: str) -> Iterator[list]:
    """Link a bundle's page fragments into `into`; a name already taken by
    another page's fragment (seven hex digits can collide) gets a longer one."""
    for page_hash, word_count in pages:
        source = bundle / "fragment" / f"{page_hash}.pf_fragment"
        name, target = page_hash, into / "fragment" / f"{page_hash}.pf_fragment"
        if target.exists() and target.read_bytes() != source.read_bytes():
            digest = hashlib.sha1(read_file(source)).hexdigest()
            length = 8
            while (target := into / "fragment" / f"{language}_{digest[:length]}.pf_fragment").exists() \
                    and target.read_bytes() != source.read_bytes():
                length += 1
            name = f"{language}_{digest[:length]}"
        if not target.exists():
            try:
                os.link(source, target)
            except OSError:  # another file system
                shutil.copyfile(source, target)
        yield [name, word_count]
