"""A Pagefind index as its search reads it, with page numbers and field
numbers replaced by what they name, so that two indexes of the same pages can
be compared whatever order they put the pages in."""

from __future__ import annotations

import json

import cbor2

from coproweek.pagefind_files import language_and_meta, read_file


def index_as_read(bundle) -> dict:
    entry, language, (version, pages, chunks, filters, sorts, fields) = language_and_meta(bundle)
    urls = [json.loads(read_file(bundle / "fragment" / f"{name}.pf_fragment"))["url"] for name, _words in pages]
    assert len(set(urls)) == len(urls) == entry["languages"][language]["page_count"]

    def located(stepped: list) -> list:
        number, found = 0, []
        for step, locations, meta_locations in stepped:
            number += step
            named = [fields[-value - 1] if value < 0 else value for value in meta_locations]
            found.append((urls[number], tuple(locations), tuple(named)))
        return sorted(found)

    words, chunk_bounds = {}, []
    for first, last, name in chunks:
        chunk_words = [word for word, *_ in cbor2.loads(read_file(bundle / "index" / f"{name}.pf_index"))[0]]
        chunk_bounds.append((first, last, chunk_words[0], chunk_words[-1]))
        for word, stepped, variants in cbor2.loads(read_file(bundle / "index" / f"{name}.pf_index"))[0]:
            assert word not in words  # each word in one chunk only
            words[word] = (located(stepped), sorted((form, located(form_pages)) for form, form_pages in variants))
    found_filters = {}
    for name, file in filters:
        filter_name, values = cbor2.loads(read_file(bundle / "filter" / f"{file}.pf_filter"))
        assert filter_name == name
        found_filters[name] = {value: sorted(urls[number] for number in numbers) for value, numbers in values}
    return {"version": version, "language": language, "pages": sorted(zip(urls, (words for _n, words in pages))),
            "fragments": sorted((urls[n], read_file(bundle / "fragment" / f"{name}.pf_fragment"))
                                for n, (name, _w) in enumerate(pages)),
            "words": words, "chunks": chunk_bounds, "filters": found_filters, "sorts": sorts, "fields": fields,
            "include_characters": entry["include_characters"]}
