"""Splitting an ordered list of jobs into runs for several processes. Plain
Python; nothing here knows Pelican."""

from __future__ import annotations

# Runs for each process: few enough that each run is many jobs, enough that a
# process held up on one (costly jobs, a slower core) leaves the rest to the others.
RUNS_PER_WORKER = 8


def contiguous_runs(weights: list[float], may_start: list[bool], parts: int) -> list[range]:
    """Split jobs 0..n-1 into at most `parts` contiguous runs of about equal
    total weight. A run other than the first may begin only at a job whose
    `may_start` is True (one that does not depend on the job before it)."""
    total = sum(weights)
    if parts < 2 or len(weights) < 2 or total <= 0:
        return [range(len(weights))] if weights else []
    runs, start, done = [], 0, 0.0
    for index, weight in enumerate(weights):
        wanted = total * (len(runs) + 1) / parts
        if index > start and may_start[index] and done >= wanted and len(runs) < parts - 1:
            runs.append(range(start, index))
            start = index
        done += weight
    runs.append(range(start, len(weights)))
    return runs
