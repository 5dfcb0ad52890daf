"""Work done ahead, in forked worker processes, for a loop that asks for it
item by item in its own order (Pelican reads posts one after another in one
process). The loop takes each result as it reaches the item; while it handles
one result, the workers are already on the next items, so the work is spread
over every core without changing the loop. Plain Python; nothing here knows
Pelican. No library does this (concurrent.futures gives the pool, not the
"quietly, or not at all" rule below), so it is written here.

Anything the work says goes to the loop's own process, so a result is only
used when the work was quiet: an item whose work raised, logged a message or
reported a problem (coproweek.problems) in the worker comes back as None and
the loop does that item itself, in the build's process, where every message
is shown once and every problem is recorded. So results are the same as the
loop's own in every case, and only quiet work is ever done twice.

Objects named in `shared` (the build's settings, say) are not copied into
results: they are sent by name and the loop's own object is put back in their
place, so a result holds the very objects the loop's own work would have."""

from __future__ import annotations

import io
import logging
import multiprocessing
import pickle
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from coproweek.problems import problem_log

BATCH = 8  # items per job: one item's work (a post, ~5 ms) costs little more than sending it

_jobs: dict[int, tuple[Callable[[Any], Any], dict[int, str]]] = {}  # read_ahead id -> (work, shared ids)
_said: list[logging.LogRecord] = []  # what the work logged in this worker


class _Remember(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _said.append(record)


def _start_worker() -> None:
    """A worker prints nothing: what it would have said is the sign to leave
    the item to the loop, which says it."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_Remember())


def _heard() -> tuple[int, int, int]:
    return len(_said), len(problem_log.problems), len(problem_log.warnings)


def _do_batch(key: int, items: list) -> list[bytes | None]:
    work, shared = _jobs[key]
    results = []
    for item in items:
        before = _heard()
        try:
            result = work(item)
        except Exception:  # noqa: BLE001 - the loop meets it again, in its own process
            result = None
        if result is None or _heard() != before:
            results.append(None)
            continue
        stream = io.BytesIO()
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = lambda obj: shared.get(id(obj))
        try:
            pickler.dump(result)
        except Exception:  # noqa: BLE001 - something that cannot be sent is done by the loop
            results.append(None)
            continue
        results.append(stream.getvalue())
    return results


class ReadAhead:
    """`work(item)` for each of `items`, done in `workers` forked processes,
    in batches in the items' order. `take(item)` gives the result, or None
    when the loop must do the item itself (see the module's docstring)."""

    def __init__(self, work: Callable[[Any], Any], items: Iterable, workers: int,
                 shared: Mapping[str, object] | None = None) -> None:
        items = list(dict.fromkeys(items))
        self._shared = dict(shared or {})
        self._key = id(self)
        # Set before the pool forks: each worker finds its work here.
        _jobs[self._key] = (work, {id(obj): name for name, obj in self._shared.items()})
        self._pending: dict[Any, tuple[Future, int]] = {}
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start_worker)
        for start in range(0, len(items), BATCH):
            batch = items[start:start + BATCH]
            future = self._pool.submit(_do_batch, self._key, batch)
            for index, item in enumerate(batch):
                self._pending[item] = (future, index)

    def take(self, item) -> Any | None:
        """The work's result for `item`, once; None when the loop must do it."""
        pending = self._pending.pop(item, None)
        if pending is None:
            return None
        future, index = pending
        try:
            data = future.result()[index]
        except Exception:  # noqa: BLE001 - a worker that died: the loop does its items
            return None
        if data is None:
            return None
        unpickler = pickle.Unpickler(io.BytesIO(data))
        unpickler.persistent_load = self._shared.__getitem__
        return unpickler.load()

    def close(self) -> None:
        """Stop the workers; results not taken are dropped."""
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        _jobs.pop(self._key, None)
