"""The checked reader converts with one Markdown, reset between files: each
file comes out exactly as Pelican's own reader (a new Markdown per file)
gives it, whatever was read before, and a file whose field stops the read
leaves the next one whole."""

from __future__ import annotations

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

import pelicanconf
from coproweek.problems import problem_log
from plugins.metadata_checks import CheckedMarkdownReader, ContentProblem

# Each leaves something behind in a Markdown that is not reset: footnotes,
# abbreviations, reference links, ids the table of contents made unique,
# the fields block, a summary converted through the same Markdown.
FILES = {
    "footnotes.md": "Title: Footnotes\nDate: 2018-04-16\n\nPaid for their time.[^1]\n\n[^1]: Expenses too.\n",
    "abbreviations.md": "Title: Abbreviations\nDate: 2018-04-17\n\nThe NHS and SCIE.\n\n"
                        "*[NHS]: National Health Service\n*[SCIE]: Social Care Institute for Excellence\n",
    "references.md": "Title: References\nDate: 2018-04-18\nSummary: A *short* summary with [a link][home].\n\n"
                     "See [the site][home].\n\n[home]: https://example.org/\n",
    "headings.md": "Title: Headings\nDate: 2018-04-19\n\n## What we did\n\n## What we did\n\n### Next\n",
    "no-fields.md": "Just text, with \"quotes\" -- and a dash; no fields, then NHS and SCIE again.\n\n[home][]\n",
    # Windows line ends, old Mac line ends and a byte-order mark, as editors write them.
    "crlf.md": "Title: Line ends\r\nDate: 2018-04-21\r\nSummary: Two\r\nlines.\r\n\r\nText\r\nacross lines.\r\n",
    "cr.md": "Title: Old Mac\rDate: 2018-04-22\r\rText.\r",
    "bom.md": "\ufeffTitle: With a mark\nDate: 2018-04-23\n\n*Text*.\n",
    "table.md": "Title: Table\nDate: 2018-04-20\nTags: carers, webinar\n\n| Day | Place |\n| --- | --- |\n"
                "| Monday | Leeds |\n\n```\ncode [^1] *[NHS]\n```\n\n## What we did\n",
}


def settings() -> dict:
    return {**DEFAULT_CONFIG, "MARKDOWN": {key: (dict(value) if isinstance(value, dict) else value)
                                            for key, value in pelicanconf.MARKDOWN.items()}, "PATH": "."}


def write(folder, files):
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))  # as written: no newline translation


@pytest.mark.parametrize("order", [list(FILES), list(reversed(FILES)), sorted(FILES, key=len) * 2])
def test_each_file_reads_as_with_a_new_markdown_whatever_came_before(tmp_path, order):
    write(tmp_path, FILES)
    ours = CheckedMarkdownReader(settings())
    for name in order:
        path = str(tmp_path / name)
        expected = MarkdownReader(settings()).read(path)
        assert ours.read(path) == expected, name
    assert ours._reused is not None  # and it was one Markdown throughout


def test_a_file_stopped_by_a_bad_date_leaves_the_fields_of_the_next_one_read(tmp_path):
    write(tmp_path, {"bad.md": "Title: Bad\nDate: 05/04/2018\nSummary: *soon*\n\nText.\n", **FILES})
    ours = CheckedMarkdownReader(settings())
    problem_log.clear()
    try:
        with pytest.raises(ContentProblem):
            ours.read(str(tmp_path / "bad.md"))
        [problem] = problem_log.problems
        assert problem.path.endswith("bad.md") and problem.line == 2  # said as ever, with its line
    finally:
        problem_log.clear()
    content, metadata = ours.read(str(tmp_path / "references.md"))
    assert metadata["title"] == "References" and "short" in metadata["summary"]
    assert (content, metadata) == MarkdownReader(settings()).read(str(tmp_path / "references.md"))
