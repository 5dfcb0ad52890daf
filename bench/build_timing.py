"""Where a build's time goes, measured inside the build's own process: every
Pelican signal receiver (timed one call at a time and put down to its
plugin), each generator's reading (generate_context) and writing
(generate_output) phase, Markdown conversion and template rendering.

build_bench.py loads this in each child build (`install(path)`); the figures
are written to `path` as JSON when the process exits. Timing costs two
perf_counter calls per receiver call: nothing beside a build of seconds."""

from __future__ import annotations

import atexit
import functools
import json
import os
import time
from collections import defaultdict

_seconds: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_started = time.perf_counter()


_timeline: list[tuple[float, float, str]] = []  # (start, seconds, name) of each call worth seeing
TIMELINE_MIN_S = 0.05


def _add(name: str, seconds: float) -> None:
    if seconds >= TIMELINE_MIN_S:
        _timeline.append((round(time.perf_counter() - _started - seconds, 2), round(seconds, 2), name))
    _seconds[name] += seconds
    _calls[name] += 1


def _timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _add(name, time.perf_counter() - started)
    return wrapper


def _plugin_of(receiver) -> str:
    module = getattr(receiver, "__module__", "") or "?"
    parts = module.split(".")
    if parts[0] == "pelican" and "plugins" in parts:  # pelican.plugins.x
        return parts[-1]
    return parts[-1] if parts[-1] != "__init__" else parts[-2]


def _time_signals() -> None:
    """Time each receiver separately: blinker's send calls them one by one,
    so this does the same, with a clock around each call."""
    import blinker

    original_send = blinker.Signal.send

    def send(self, sender=None, /, *args, **kwargs):
        name = getattr(self, "name", "")
        if not name or self.is_muted or args or "_async_wrapper" in kwargs:
            return original_send(self, sender, *args, **kwargs)
        results = []
        for receiver in self.receivers_for(sender):
            started = time.perf_counter()
            try:
                results.append((receiver, receiver(sender, **kwargs)))
            finally:
                _add(f"signal {name}: {_plugin_of(receiver)}", time.perf_counter() - started)
        return results

    blinker.Signal.send = send


def _time_phases() -> None:
    import pelican
    from pelican import generators, readers, writers

    for name in ("ArticlesGenerator", "PagesGenerator", "StaticGenerator", "TemplatePagesGenerator",
                 "SourceFileGenerator"):
        cls = getattr(generators, name, None)
        if cls is None:
            continue
        for method in ("generate_context", "generate_output"):
            if method in vars(cls):
                setattr(cls, method, _timed(f"phase {name}.{method}", vars(cls)[method]))
    readers.MarkdownReader.read = _timed("markdown: MarkdownReader.read", readers.MarkdownReader.read)
    writers.Writer.write_file = _timed("writing: Writer.write_file (render + write)", writers.Writer.write_file)
    pelican.Pelican.run = _timed("phase Pelican.run (whole build)", pelican.Pelican.run)

    # Generators added by plugins (events) are wrapped when Pelican asks for them.
    original_get_generator_classes = pelican.Pelican._get_generator_classes

    def get_generator_classes(self):
        classes = original_get_generator_classes(self)
        for cls in classes:
            if cls.__module__.startswith("pelican."):
                continue
            for method in ("generate_context", "generate_output"):
                function = vars(cls).get(method)
                if function is not None and not hasattr(function, "__wrapped__"):
                    setattr(cls, method, _timed(f"phase {cls.__name__}.{method}", function))
        return classes

    pelican.Pelican._get_generator_classes = get_generator_classes


def _own_peak_mib() -> float | None:
    """This process's own peak memory (Linux's VmHWM); the benchmark's peak
    is the largest of the build and its helpers (Pagefind, the workers)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _write(path: str) -> None:
    figures = {"process_s": time.perf_counter() - _started, "own_peak_mib": _own_peak_mib(),
               "timeline": sorted(_timeline),
               "items": {name: {"s": seconds, "calls": _calls[name]} for name, seconds in _seconds.items()}}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(figures, handle)


def install(path: str) -> None:
    _time_signals()
    _time_phases()
    atexit.register(_write, os.path.abspath(path))
