"""The parallel writer writes every queued page once, in worker processes,
tells the build about each page in the build's own process, and fails the
build on a worker's error or a file written twice."""

from __future__ import annotations

import os
import time

import pytest
from jinja2 import Template
from pelican import signals
from pelican.writers import FileOverwriteFailedError

from coproweek.publishing.chunks import contiguous_runs
from parallel_writer import ParallelWriter

SETTINGS = {"WRITE_WORKERS": 2, "RELATIVE_URLS": False, "PAGINATED_TEMPLATES": {}, "DEFAULT_PAGINATION": False}
_sent: list = []


def _remember(path, context) -> None:
    _sent.append((path, context.get("n")))


@pytest.fixture
def writer(tmp_path):
    _sent.clear()
    signals.content_written.connect(_remember)
    yield ParallelWriter(str(tmp_path), settings=dict(SETTINGS))
    signals.content_written.disconnect(_remember)


def test_every_page_is_written_once_and_announced_in_the_build_process(writer, tmp_path):
    context = {"localsiteurl": "", "SITEURL": ""}
    for n in range(10):
        writer.write_file(f"p{n}/index.html", Template("page {{ n }}"), context, n=n)
    assert not list(tmp_path.iterdir())  # queued, not written yet
    writer.flush()
    assert {p.parent.name: p.read_text() for p in tmp_path.glob("*/index.html")} == {
        f"p{n}": f"page {n}" for n in range(10)}
    assert sorted(n for _, n in _sent) == list(range(10))  # half of them written by the worker


def test_an_error_in_a_worker_fails_the_build_with_its_traceback(writer):
    build = os.getpid()
    for n in range(10):  # any page a worker writes divides by zero
        writer.write_file(f"p{n}.html", Template("{{ 1 / in_build() }}"), {"localsiteurl": ""},
                          in_build=lambda: int(os.getpid() == build))
    with pytest.raises(RuntimeError, match="(?s)worker process.*ZeroDivisionError"):
        writer.flush()


def test_a_process_held_up_by_a_costly_page_leaves_the_rest_to_the_other(writer, tmp_path):
    """Runs are taken by whichever process is free, not shared out in advance."""
    context = {"localsiteurl": ""}
    for n in range(64):  # 16 runs of 4 pages; the very first page takes a second
        writer.write_file(f"p{n}.html", Template("{{ pause(n) }}{{ pid() }}"), context, n=n,
                          pause=lambda n: time.sleep(1 if n == 0 else 0) or "", pid=os.getpid)
    writer.flush()
    pids = [(tmp_path / f"p{n}.html").read_text() for n in range(64)]
    assert len(set(pids)) == 2, [pids.count(p) for p in sorted(set(pids), key=pids.index)]
    assert pids.count(pids[0]) <= 8  # a fixed half each would have left it 32


def test_a_file_written_by_two_processes_fails_the_build(writer):
    for n in range(10):
        writer.write_file("same.html" if n in (1, 8) else f"p{n}.html", Template("x"), {"localsiteurl": ""}, n=n)
    with pytest.raises(FileOverwriteFailedError):
        writer.flush()


def test_a_file_written_twice_by_one_worker_fails_the_build_as_pelicans_does(writer):
    """The build's process held up on the first run it takes: the worker
    writes every other page, both of the same name among them, and the build
    fails as Pelican's does."""
    build = os.getpid()
    for n in range(16):  # a page a run; the build's process sleeps on the one it takes
        writer.write_file("same.html" if n in (10, 11) else f"p{n}.html", Template("{{ pause() }}"),
                          {"localsiteurl": ""}, pause=lambda: time.sleep(1 if os.getpid() == build else 0) or "")
    with pytest.raises(FileOverwriteFailedError, match="same.html"):
        writer.flush()


def test_one_worker_writes_at_once_as_pelican_does(tmp_path):
    writer = ParallelWriter(str(tmp_path), settings={**SETTINGS, "WRITE_WORKERS": 1})
    writer.write_file("now.html", Template("now"), {"localsiteurl": ""})
    assert (tmp_path / "now.html").read_text() == "now"


def test_runs_are_contiguous_balanced_and_start_only_where_allowed():
    assert contiguous_runs([1] * 10, [True] * 10, 2) == [range(0, 5), range(5, 10)]
    assert contiguous_runs([1] * 10, [n != 5 for n in range(10)], 2) == [range(0, 6), range(6, 10)]
    assert contiguous_runs([1] * 10, [n == 0 for n in range(10)], 2) == [range(0, 10)]
    assert contiguous_runs([8, 1, 1], [True] * 3, 2) == [range(0, 1), range(1, 3)]
    runs = contiguous_runs([1] * 9, [True] * 9, 3)
    assert [len(run) for run in runs] == [3, 3, 3] and [i for run in runs for i in run] == list(range(9))
    assert contiguous_runs([], [], 2) == []


def test_a_page_that_overrides_wins_wherever_it_was_queued(writer, tmp_path):
    context = {"localsiteurl": ""}
    writer.write_file("index.html", Template("template page"), context, override_output=True)
    for n in range(10):
        writer.write_file("index.html" if n == 7 else f"p{n}.html", Template("list {{ n }}"), context, n=n)
    writer.flush()
    assert (tmp_path / "index.html").read_text() == "template page"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["index.html"] + [f"p{n}.html" for n in range(10) if n != 7])


def test_more_processes_than_a_run_ticket_can_count_still_write_every_page(tmp_path):
    """WRITE_WORKERS = 40: eight runs each would be 320, more than one byte numbers."""
    writer = ParallelWriter(str(tmp_path), settings={**SETTINGS, "WRITE_WORKERS": 40})
    for n in range(300):
        writer.write_file(f"p{n}.html", Template("{{ n }}"), {"localsiteurl": ""}, n=n)
    writer.flush()
    assert sorted(int(p.read_text()) for p in tmp_path.glob("p*.html")) == list(range(300))


def test_each_posts_address_is_worked_out_once_when_writing_starts():
    from datetime import datetime

    from pelican.contents import Article, Static
    from pelican.settings import DEFAULT_CONFIG

    from parallel_writer import settle_addresses

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "blog/{slug}/"}
    article = Article("text", metadata={"title": "T", "slug": "t", "date": datetime(2018, 6, 20)}, settings=settings)
    image = Static("", metadata={"title": "I"}, settings=settings, source_path="images/i.jpg")
    settle_addresses({"generated_content": {"t.md": article, "images/i.jpg": image}})
    assert article.override_url == "blog/t/" == article.url  # Pelican's own override: a URL field's
    assert not hasattr(image, "override_url")  # Pelican reads one on a static file as a choice made
    article.slug = "changed"
    assert article.url == "blog/t/"  # no longer formatted on every use
