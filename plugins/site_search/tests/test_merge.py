"""Indexes of parts of a site, merged (coproweek/pagefind_files.py), equal
the index Pagefind makes of the whole site, as its search reads it."""

from __future__ import annotations

import gzip
import json
import random

import cbor2
import pytest

from coproweek.pagefind_files import CHUNK_LOCATIONS, CannotMerge, language_and_meta, merge_bundles
from coproweek.search import build_index
from plugins.site_search.tests.index_reading import index_as_read

WORDS = ("ramps lifts hearing loops carers co-production partnership café cafe naïve naive résumé "
         "wheelchair seating quiet rooms interpreters captions leeds london sheffield webinar").split()


def rich_page(number: int, rng: random.Random, *, image: bool) -> str:
    """A page with what an index holds besides words: variants with accents,
    meta fields (an image on some pages only), filters, anchors, weights."""
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 400)))
    image_meta = (f'<img data-pagefind-meta="image[src], image_alt[alt]" src="/img/{number}.jpg" alt="Photo {number}">'
                  if image else "")
    kind = ("Event", "Blog post", "Page")[number % 3]
    access = "".join(f'<li data-pagefind-filter="access">{feature}</li>' for feature in
                     rng.sample(["Step-free access", "Hearing loop", "BSL", "Quiet room"], number % 4))
    return (f'<!DOCTYPE html><html lang="en"><head><title>Page {number}</title></head><body>'
            f'<main data-pagefind-body><h1>Page {number} about {rng.choice(WORDS)}</h1>{image_meta}'
            f'<span data-pagefind-filter="type">{kind}</span><ul>{access}</ul>'
            f'<h2 id="part-{number}">More on {rng.choice(WORDS)}</h2><p>{body}</p>'
            f'<p data-pagefind-weight="5">{rng.choice(WORDS)} word{number}</p></main></body></html>')


def write_site(folder, numbers, *, image=lambda number: number % 2 == 0, seed=7):
    for number in numbers:
        rng = random.Random(seed * 1000 + number)
        (folder / f"page-{number}").mkdir(parents=True, exist_ok=True)
        (folder / f"page-{number}" / "index.html").write_text(rich_page(number, rng, image=image(number)),
                                                                encoding="utf-8")
    return folder


def merged(tmp_path, groups, **site_options):
    """Pagefind's index of each group of pages, merged; and its index of all of them."""
    parts = []
    for number, group in enumerate(groups):
        site = write_site(tmp_path / f"part-{number}", group, **site_options)
        build_index(site)
        parts.append(site / "pagefind")
    whole = write_site(tmp_path / "whole", [n for group in groups for n in group], **site_options)
    build_index(whole)
    merge_bundles(parts, tmp_path / "merged")
    return tmp_path / "merged", whole / "pagefind"


def test_merged_parts_equal_the_index_of_the_whole_site(tmp_path):
    result, whole = merged(tmp_path, [range(0, 50), range(50, 90), range(90, 140)])
    read = index_as_read(result)
    assert read == index_as_read(whole)
    # What the comparison covers: several chunks, accented variants, meta fields and filters.
    assert len(read["chunks"]) >= 3
    assert read["words"]["cafe"][1] and read["fields"] == ["image", "image_alt", "title"]
    assert set(read["filters"]) == {"type", "access"}


def test_merged_chunks_are_cut_where_pagefinds_are(tmp_path):
    result, whole = merged(tmp_path, [range(0, 70), range(70, 140)])
    assert [chunk[:2] for chunk in language_and_meta(result)[2][2]] == \
           [chunk[:2] for chunk in language_and_meta(whole)[2][2]]  # the word ranges the browser chooses by
    locations = sum(len(page[1]) + 1 for word in index_as_read(whole)["words"].values() for page in word[0])
    assert locations > 2 * CHUNK_LOCATIONS and len(language_and_meta(whole)[2][2]) >= 3


def test_parts_with_other_meta_fields_are_renumbered(tmp_path):
    """Part one has no page with an image: its field numbers differ from the whole's."""
    result, whole = merged(tmp_path, [range(0, 30), range(30, 60)], image=lambda number: number >= 30)
    assert language_and_meta(tmp_path / "part-0" / "pagefind")[2][5] == ["title"]
    assert index_as_read(result) == index_as_read(whole)


def test_one_part_merged_is_that_part(tmp_path):
    result, whole = merged(tmp_path, [range(0, 20)])
    assert index_as_read(result) == index_as_read(whole)


def test_the_same_parts_merge_to_the_same_bytes(tmp_path):
    result, _whole = merged(tmp_path, [range(0, 30), range(30, 60)])
    again = tmp_path / "again"
    merge_bundles([tmp_path / "part-0" / "pagefind", tmp_path / "part-1" / "pagefind"], again)
    assert _files(again) == _files(result)


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_pages_whose_fragments_share_a_short_name_keep_their_own(tmp_path):
    """Pagefind names a fragment by seven hex digits of its hash: two parts
    can each name another page's fragment alike."""
    for number in (0, 1):
        write_site(tmp_path / f"part-{number}", [number])
        build_index(tmp_path / f"part-{number}")
    parts = [tmp_path / f"part-{number}" / "pagefind" for number in (0, 1)]
    taken = language_and_meta(parts[0])[2][1][0][0]
    _rename_fragment(parts[1], taken)  # part two's only page now has part one's page's fragment name
    merge_bundles(parts, tmp_path / "merged")
    read = index_as_read(tmp_path / "merged")
    assert [url for url, _fragment in read["fragments"]] == ["/page-0/", "/page-1/"]
    assert len(list((tmp_path / "merged" / "fragment").iterdir())) == 2


def _rename_fragment(bundle, new_name: str) -> None:
    entry, language, meta = language_and_meta(bundle)
    old_name = meta[1][0][0]
    (bundle / "fragment" / f"{old_name}.pf_fragment").rename(bundle / "fragment" / f"{new_name}.pf_fragment")
    meta[1][0][0] = new_name
    meta_file = bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta"
    meta_file.write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps(meta)))


def test_two_identical_pages_in_two_parts_share_one_fragment(tmp_path):
    for number in (0, 1):
        write_site(tmp_path / f"part-{number}", [5], seed=3)
        build_index(tmp_path / f"part-{number}")
    merge_bundles([tmp_path / f"part-{number}" / "pagefind" for number in (0, 1)], tmp_path / "merged")
    meta = language_and_meta(tmp_path / "merged")[2]
    assert len(meta[1]) == 2 and meta[1][0] == meta[1][1]


@pytest.mark.parametrize("difference", ["sorted pages", "another Pagefind version", "another language"])
def test_parts_a_merge_cannot_keep_are_refused(tmp_path, difference):
    for number in (0, 1):
        write_site(tmp_path / f"part-{number}", [number])
        build_index(tmp_path / f"part-{number}")
    bundle = tmp_path / "part-1" / "pagefind"
    entry, language, meta = language_and_meta(bundle)
    if difference == "sorted pages":
        meta[4] = [["date", [0]]]
    elif difference == "another Pagefind version":
        meta[0] = "1.4.0"
    else:
        entry["languages"] = {"cy": entry["languages"][language]}
        (bundle / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    (bundle / f"pagefind.{entry['languages'][next(iter(entry['languages']))]['hash']}.pf_meta").write_bytes(
        gzip.compress(b"pagefind_dcd" + cbor2.dumps(meta)))
    with pytest.raises(CannotMerge):
        merge_bundles([tmp_path / "part-0" / "pagefind", bundle], tmp_path / "merged")
