"""Pelican plugin: pages rendered on every core. Pelican renders and writes
each page in turn, in one process; rendering the theme's templates is the
largest part of a build once reading is cached. This writer queues the pages
Pelican asks for and, when every generator has asked (the first `finalized`
receiver, so before the audit and link checks read the pages), writes them
in WRITE_WORKERS processes (default: the machine's cores, at most 4; 1 writes
in turn, as Pelican does), each forked from the build so it sees exactly what
the build holds. Feeds are written at once, as before.

The pages come out byte for byte as Pelican writes them (tests): runs of
pages are contiguous and each run after the first starts at a page whose
relative links do not depend on the page before it (Pelican carries a page's
`localsiteurl` to the next). content_written is sent in the build's own
process for every page, with the context the page was asked for with; a file
written twice fails the build as Pelican would. Must be listed before any
plugin that reads written pages at `finalized`."""

from __future__ import annotations

import os
import pickle
import tempfile
import traceback
from dataclasses import dataclass, field
from typing import BinaryIO

from jinja2 import Undefined
from pelican import signals
from pelican.contents import Content, Static
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import FileOverwriteFailedError, Writer

from coproweek.build_cache import installed_versions
from coproweek.build_signals import pages_written
from coproweek.config import BLANK_IS_DEFAULT, plugin_settings, read_settings, worker_count
from coproweek.publishing.chunks import RUNS_PER_WORKER, contiguous_runs
from coproweek.kept_pages import ContentModel, KeptPages
from coproweek.render_memo import WHOLE, record_reads, recording


@dataclass(frozen=True)
class Settings:
    write_workers: int = 0  # processes that write pages; 0: the machine's cores, at most 4; 1: in turn
    # A page whose templates would read nothing different from the last build
    # is linked from the published site instead of rendered (coproweek/kept_pages.py).
    keep_unchanged_pages: bool = True
    rendered_pages_cache: str = field(default="", metadata=BLANK_IS_DEFAULT)  # blank: cache/pages/ beside content


_build: Settings | None = None  # this build's state; None in a build that does not list the plugin


def start(pelican) -> None:
    global _build
    _build = plugin_settings(Settings, pelican.settings, __name__)

_current: list = [None]  # this build's writer, flushed at finalized


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.options = read_settings(Settings, self.settings)
        self.workers = worker_count(self.options.write_workers)
        self.jobs: list[dict] = []
        self._job = None  # index of the job being written, to know which wrote each file
        self._paths: list[tuple[str, int]] = []
        self._kept: KeptPages | None = None
        # A worker's records of its jobs (job name, its key, what to remember
        # of it, whether it was kept), pickled one after another for the build
        # to read back; the build's own go straight to the cache.
        self._spool = None
        self._build_pid = os.getpid()
        _current[0] = self

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if self.workers < 2 or not name:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        # The build's own context, not a copy: Pelican sets its localsiteurl as
        # it writes each page, and the content objects read it from there.
        self.jobs.append({"args": (name, template, context, relative_urls, paginated, template_name,
                                   override_output, url), "kwargs": kwargs})
        return None

    def _open_w(self, filename, encoding, override=False):
        if self._job is not None:
            self._paths.append((filename, self._job))
        return super()._open_w(filename, encoding, override)

    def _write(self, indices) -> None:
        for index in indices:
            self._job = index
            job = self.jobs[index]
            if self._kept is None:
                super().write_file(*job["args"], **job["kwargs"])
            else:
                self._write_or_keep(index, job)
            # Pelican memoizes each post's content as rendered at every address
            # it is shown from; only the post's own page shows it, so none is
            # kept past the page (11 MiB a process at 3,000 posts otherwise).
            _RENDERED_CONTENT.clear()
        self._job = None

    def _write_or_keep(self, index: int, job: dict) -> None:
        kept, name = self._kept, job["args"][0]
        key = kept.key(job)
        found = kept.keep(job, key)
        if found is not None:
            paths, rendered = found
            self._remember(name, key, rendered, True)
            for path in paths:
                self._paths.append((path, index))
                if os.getpid() == self._build_pid:  # as Pelican's writer would; workers' pages are sent at flush
                    self._written_files.add(path)
                    signals.content_written.send(path, context={**job["args"][2], **job["kwargs"]})
            return
        first = len(self._paths)
        reads = kept.reads()
        record_reads(job["args"][1].environment, PELICAN_CONTENT.tracked)
        with recording(reads):
            super().write_file(*job["args"], **job["kwargs"])
        rendered = kept.rendered(job, key, reads, [path for path, _ in self._paths[first:]])
        self._remember(name, key, rendered, False)

    def _remember(self, *record) -> None:
        if self._spool is None:
            self._kept.remember(*record)
        else:
            pickle.dump(record, self._spool, protocol=pickle.HIGHEST_PROTOCOL)

    def flush(self) -> None:
        """Write every queued page, in worker processes when there are several."""
        jobs = self.jobs
        relative_site = bool(self.settings.get("RELATIVE_URLS"))
        self._build_pid = os.getpid()
        if jobs:
            settle_addresses(jobs[0]["args"][2])
        if self.options.keep_unchanged_pages and jobs:
            self._kept = KeptPages.start(self.settings, self.output_path, jobs, PELICAN_CONTENT,
                                         self.options.rendered_pages_cache)
        # Pages that override others' output (TEMPLATE_PAGES) go last, in this
        # process: in Pelican an overriding page wins whenever it is written.
        overriding = [index for index, job in enumerate(jobs) if job["args"][6]]
        others = [index for index, job in enumerate(jobs) if not job["args"][6]]
        if relative_site and any(index + 1 < len(jobs) and not jobs[index + 1]["args"][3] for index in overriding):
            runs = [list(range(len(jobs)))]  # a page takes its links from the overriding page before it
            overriding = []
        else:
            # More runs than processes, taken in turn by whichever process is
            # free: pages differ in cost (a post, a long archive), and a fixed
            # half each left one core idle for the last half second.
            runs = [[others[position] for position in run] for run in contiguous_runs(
                [_weight(jobs[index], self.settings) for index in others],
                [bool(jobs[index]["args"][3]) or not relative_site for index in others],
                min(self.workers * RUNS_PER_WORKER, MOST_RUNS))]
        tickets = _tickets(len(runs))
        children = [self._fork(runs, tickets) for _ in range(min(self.workers, len(runs)) - 1)]
        try:
            self._write_runs(runs, tickets)  # content_written is sent here as Pelican sends it
        finally:
            os.close(tickets)
            results = [self._join(child) for child in children]
        written = {path for path, _ in self._paths}
        for paths, spool in results:
            for record in _spooled(spool):  # none unless pages are being kept
                self._kept.remember(*record)
            for path, index in paths:
                if path in written:
                    raise FileOverwriteFailedError(
                        f'Failed to overwrite "{path}" as Pelican has already written to it previously')
                written.add(path)
                self._written_files.add(path)
                job = jobs[index]
                signals.content_written.send(path, context={**job["args"][2], **job["kwargs"]})
        self._write(overriding)
        if self._kept is not None:
            self._kept.say_how_many()
        self.jobs, self._kept = [], None

    def _write_runs(self, runs: list[list[int]], tickets: int) -> None:
        while ticket := os.read(tickets, 1):
            self._write(runs[ticket[0]])

    def _fork(self, runs: list[list[int]], tickets: int):
        read_end, write_end = os.pipe()
        spool = tempfile.TemporaryFile()  # opened before the fork: both processes hold it, nameless
        pid = os.fork()
        if pid == 0:  # the worker: write the runs it takes, send back which files, and leave at once
            os.close(read_end)
            status = 0
            try:
                self._paths, self._spool = [], spool
                self._write_runs(runs, tickets)
                spool.flush()
                payload = pickle.dumps(("ok", self._paths))
            except FileOverwriteFailedError as error:  # one file twice in this worker's runs
                payload = pickle.dumps(("overwrite", str(error)))
                status = 1
            except BaseException:  # noqa: BLE001 - everything is sent back to the build
                payload = pickle.dumps(("error", traceback.format_exc()))
                status = 1
            try:
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
            finally:
                os._exit(status)
        os.close(write_end)
        return pid, read_end, spool

    @staticmethod
    def _join(child) -> tuple[list[tuple[str, int]], BinaryIO]:
        """The files a worker wrote, and the spool of its records."""
        pid, read_end, spool = child
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        status, value = pickle.loads(data) if data else ("error", "the worker process stopped")
        if status == "overwrite":  # the build fails as Pelican's would, whichever process wrote both
            raise FileOverwriteFailedError(value)
        if status != "ok":
            raise RuntimeError(f"Writing pages failed in a worker process:\n{value}")
        return value, spool


def _spooled(spool: BinaryIO):
    """A worker's records, read back one at a time, then the spool closed."""
    with spool:
        spool.seek(0)
        while True:
            try:
                yield pickle.load(spool)
            except EOFError:
                return


MOST_RUNS = 256  # a run's ticket is one byte


def _tickets(count: int) -> int:
    """A pipe holding one byte for each of `count` runs (at most MOST_RUNS):
    each process reads one to take the next run, so no run is taken twice."""
    if count > MOST_RUNS:
        raise ValueError(f"at most {MOST_RUNS} runs")
    read_end, write_end = os.pipe()
    os.write(write_end, bytes(range(count)))
    os.close(write_end)
    return read_end


def settle_addresses(context: dict) -> None:
    """Pelican works a post's address out from the URL settings each time a
    template asks (about 20 µs, tens of thousands of times a build). Once the
    pages are being written nothing can change it, so each post's is worked
    out once and set as Pelican's own override (what a `URL:` field sets).
    Static files are left alone: Pelican treats an override there as a choice."""
    for content in (context.get("generated_content") or {}).values():
        if isinstance(content, Content) and not isinstance(content, Static) and not hasattr(content, "override_url"):
            content.override_url = content.url


def _weight(job: dict, settings: dict) -> float:
    """About how many pages a job writes: a paginated list writes one per page."""
    name, _, _, _, paginated, template_name, _, _ = job["args"]
    lists = paginated if paginated is not None else {
        key: value for key, value in job["kwargs"].items() if key in {"articles", "dates"}}
    if lists and template_name in settings.get("PAGINATED_TEMPLATES", {}):
        per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings.get("DEFAULT_PAGINATION") or 0
        if per_page:
            return max(1.0, len(next(iter(lists.values()))) / per_page)
    return 1.0


# -- what Pelican's content is, for keeping pages (coproweek/kept_pages.py) --------------------

def _wrapper_view(wrapper: URLWrapper) -> tuple:
    """A tag, category or author as templates see it: its slug is worked out
    on first use, so the stored fields alone differ before and after."""
    added = {name: value for name, value in vars(wrapper).items()
             if name not in ("settings", "name", "slug", "_name", "_slug", "_slug_from_name")}  # author profiles add some
    return wrapper.name, wrapper.slug, added


def _identify(content) -> str:
    return f"{type(content).__qualname__}:{getattr(content, 'source_path', None) or content.save_as}"


def _place(content) -> str:
    value = (getattr(content, "_context", None) or {}).get("localsiteurl")
    return value if isinstance(value, str) else ""


def _read_at(content, attribute: str, where: str):
    """What a template on a page at `where` gets for `content.attribute`."""
    context = getattr(content, "_context", None)
    previous = context.get("localsiteurl") if context is not None else None
    if context is not None:
        context["localsiteurl"] = where
    try:
        if attribute != WHOLE:
            return getattr(content, attribute, Undefined())
        state = {name: value for name, value in vars(content).items() if name not in ("settings", "_context")}
        for name in ("content", "summary", "url", "save_as"):
            state[name] = getattr(content, name, Undefined())
        return state
    finally:
        if context is not None:
            context["localsiteurl"] = previous


PELICAN_CONTENT = ContentModel(
    tracked=(Content,),
    identify=_identify,
    place=_place,
    read_at=_read_at,
    views=((URLWrapper, _wrapper_view),),
    address_of=lambda relpath: path_to_url(get_relative_path(relpath)),
    versions=installed_versions("pelican", "jinja2", "markupsafe"),
)


_RENDERED_CONTENT = vars(Content)["get_content"].cache  # Pelican's memo: (post, address) -> its content there


def use_parallel_writer(pelican):
    return ParallelWriter if _build is not None else None  # Pelican's own Writer otherwise


def write_queued_pages(pelican) -> None:
    writer, _current[0] = _current[0], None
    if writer is not None:
        writer.flush()
        # Pelican memoizes every page's content and summary as rendered
        # (12 MiB at 3,000 posts); the pages are written, so let them go.
        for method in ("get_content", "get_summary"):
            vars(Content)[method].cache.clear()
        pages_written.send(pelican.output_path)


def register() -> None:
    signals.initialized.connect(start)
    signals.get_writer.connect(use_parallel_writer)
    signals.finalized.connect(write_queued_pages)
