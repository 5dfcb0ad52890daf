"""coproweek.read_ahead: work done ahead in worker processes comes back as
the loop's own work would, and any item whose work was not quiet (it raised,
logged, reported a problem, or gave something that cannot be sent) is left
to the loop, so nothing it says is lost or said twice."""

from __future__ import annotations

import logging
import os
import threading

import pytest

from coproweek.problems import problem_log, report_problem, report_warning
from coproweek.read_ahead import ReadAhead

SETTINGS = {"SITEURL": "https://example.org", "big": list(range(1000))}


def _square_with_pid(n):
    return {"square": n * n, "pid": os.getpid(), "settings": SETTINGS}


def test_every_result_is_worked_out_in_another_process_and_equals_the_loops_own():
    ahead = ReadAhead(_square_with_pid, range(50), workers=2, shared={"settings": SETTINGS})
    try:
        results = [ahead.take(n) for n in range(50)]
    finally:
        ahead.close()
    assert [result["square"] for result in results] == [n * n for n in range(50)]
    assert {result["pid"] for result in results}.isdisjoint({os.getpid()})


def test_shared_objects_come_back_as_the_loops_own_object_not_a_copy():
    ahead = ReadAhead(_square_with_pid, [3], workers=2, shared={"settings": SETTINGS})
    try:
        assert ahead.take(3)["settings"] is SETTINGS
    finally:
        ahead.close()
    other = ReadAhead(_square_with_pid, [3], workers=2)  # not shared: a copy, equal but another object
    try:
        result = other.take(3)["settings"]
        assert result == SETTINGS and result is not SETTINGS
    finally:
        other.close()


def _noisy(n):
    if n == 1:
        raise ValueError("a file that cannot be read")
    if n == 2:
        logging.getLogger("pelican.readers").warning("Duplicate definition of `title`")
    if n == 3:
        report_problem("/content/blog/post-3.md", "the date is unclear", "write 2018-07-02", line=2)
    if n == 4:
        report_warning("/content/blog/post-4.md", "GMT in summer")
    if n == 5:
        return threading.Lock()  # cannot be sent between processes
    if n == 6:
        return None
    return n


def test_work_that_raised_logged_reported_or_cannot_be_sent_is_left_to_the_loop():
    problems_before = list(problem_log.problems)
    ahead = ReadAhead(_noisy, range(10), workers=2)
    try:
        results = {n: ahead.take(n) for n in range(10)}
    finally:
        ahead.close()
    assert {n for n, result in results.items() if result is None} == {1, 2, 3, 4, 5, 6}
    assert all(results[n] == n for n in (0, 7, 8, 9))
    assert problem_log.problems == problems_before  # the worker's report is not the build's: the loop makes it


def test_a_worker_says_nothing_itself(capfd):
    ahead = ReadAhead(_noisy, [2], workers=2)
    try:
        assert ahead.take(2) is None
    finally:
        ahead.close()
    assert "Duplicate definition" not in capfd.readouterr().err


def test_an_item_is_given_once_and_items_never_asked_for_come_back_empty():
    ahead = ReadAhead(_square_with_pid, [1, 2, 2, 3], workers=2)
    try:
        assert ahead.take(2)["square"] == 4
        assert ahead.take(2) is None  # taken already: the loop reads it again if it asks twice
        assert ahead.take(99) is None
    finally:
        ahead.close()
    assert ahead.take(1) is None  # closed: what was not taken is dropped


def _die(n):
    os._exit(3)  # a worker killed mid-item (out of memory, say)


def test_items_of_a_worker_that_died_are_left_to_the_loop():
    ahead = ReadAhead(_die, range(4), workers=2)
    try:
        assert [ahead.take(n) for n in range(4)] == [None] * 4
    finally:
        ahead.close()


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_any_number_of_workers_gives_the_same_results(workers):
    ahead = ReadAhead(_square_with_pid, range(30), workers=workers)
    try:
        assert [ahead.take(n)["square"] for n in range(30)] == [n * n for n in range(30)]
    finally:
        ahead.close()
