"""Forked worker processes (medlint.workers): every result comes back in order, an error or a
dead worker is reported rather than hanging the run, and no worker outlives the iteration."""

import os
import signal
import time

import pytest

from medlint import workers
from medlint.workers import WorkerDied, at_worker_exit, forked_map

ITEMS = [f"page-{number}.md" for number in range(23)]


def batches_of(count: int, size: int) -> list[range]:
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("size", "jobs"), [(1, 2), (4, 2), (5, 3), (30, 2)])
def test_every_result_comes_back_in_order_computed_by_the_workers(size, jobs):
    found = list(forked_map(lambda number: (ITEMS[number].upper(), os.getpid()), batches_of(len(ITEMS), size), jobs))
    assert [text for text, _ in found] == [item.upper() for item in ITEMS]
    pids = {pid for _, pid in found}
    assert os.getpid() not in pids and 1 <= len(pids) <= min(jobs, len(batches_of(len(ITEMS), size)))
    assert no_children_left()


def test_without_poll_the_workers_are_waited_for_with_select(monkeypatch):
    monkeypatch.delattr(workers.select, "poll")
    found = list(forked_map(lambda number: ITEMS[number], batches_of(len(ITEMS), 3), 2))
    assert found == ITEMS
    assert no_children_left()


class Unmarshallable:
    def __init__(self, text: str) -> None:
        self.text = text


def test_a_result_marshal_cannot_hold_comes_back_pickled():
    found = list(forked_map(lambda number: Unmarshallable(ITEMS[number]), batches_of(5, 2), 2))
    assert [result.text for result in found] == ITEMS[:5]


def failing(number: int) -> str:
    if number == 7:
        raise ValueError(f"cannot check {ITEMS[number]}")
    return ITEMS[number]


def test_an_exception_in_a_worker_is_raised_in_its_items_place_with_its_traceback():
    results = forked_map(failing, batches_of(len(ITEMS), 3), 2)
    assert [next(results) for _ in range(7)] == ITEMS[:7]
    with pytest.raises(ValueError, match="cannot check page-7.md") as raised:
        next(results)
    assert any("raised in a worker process" in note and "failing" in note for note in raised.value.__notes__)
    assert no_children_left()


def dies_on(number: int) -> str:
    if number == 4:
        os.kill(os.getpid(), signal.SIGKILL)
    return ITEMS[number]


def test_a_worker_killed_midway_is_reported_not_waited_for():
    started = time.monotonic()
    with pytest.raises(WorkerDied, match="killed by signal 9"):
        list(forked_map(dies_on, batches_of(len(ITEMS), 2), 2))
    assert time.monotonic() - started < 30
    assert no_children_left()


def slow(number: int) -> str:
    time.sleep(0.05)
    return ITEMS[number]


def test_closing_the_results_early_stops_the_workers():
    results = forked_map(slow, batches_of(len(ITEMS), 1), 2)
    assert next(results) == ITEMS[0]
    results.close()
    assert no_children_left()


def test_a_hook_registered_in_a_worker_runs_as_it_leaves(tmp_path):
    def register(number: int) -> bool:
        path = tmp_path / f"left-{os.getpid()}"
        return at_worker_exit(lambda: path.write_text("done"))

    results = forked_map(register, batches_of(4, 1), 2)
    assert [next(results) for _ in range(4)] == [True] * 4
    results.close()  # as a caller that takes every result and stops: the idle workers still leave as usual
    left = list(tmp_path.glob("left-*"))
    assert left and all(path.read_text() == "done" for path in left)
    assert not at_worker_exit(lambda: None) and workers._exit_hooks is None  # not in a worker: nothing registered
