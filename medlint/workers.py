"""Worker processes forked from this one, each computing a share of a list of items.

A parallel run's parent loads what the pages' checks use, checks one page, then forks its
workers: they inherit all it loaded (medlint.engine.map_targets). concurrent.futures' process
pool cost the parent ~15 ms of imports (multiprocessing, logging, sockets, threads) before it
could fork, a tenth of its serial start, for what forked workers do not use (spawning, pickled
calls, a manager thread). Here each worker has two pipes to the parent: batches of item
numbers come down one, results go up the other. A worker holds AHEAD batches, so it never
waits for the parent between two, and gets another each time it finishes one: the batches
share out the work as the items' cost varies. POSIX only (os.fork).
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import struct
import sys

from medlint.atomicfile import write_all

TASK = struct.Struct("<II")  # a batch: its first item's number, and the number after its last
FRAME = struct.Struct("<IBI")  # a result: its item's number, how it is encoded, the encoding's length
MARSHALLED, PICKLED, RAISED = 0, 1, 2
AHEAD = 2  # batches a worker holds at once
READ_SIZE = 1 << 16


class WorkerDied(Exception):
    """A worker process ended before sending the results of the items it was given."""


_exit_hooks: list | None = None  # in a worker: what runs as it leaves (at_worker_exit)


def at_worker_exit(function) -> bool:
    """Have ``function()`` run when this process, a worker of forked_map, has sent its last
    result: a worker leaves by os._exit (the atexit functions it inherited are its parent's).
    Returns False, doing nothing, in any other process."""
    if _exit_hooks is None:
        return False
    _exit_hooks.append(function)
    return True


def forked_map(work, batches: list[range], jobs: int):
    """``work(i)`` for each item number ``i`` of ``batches`` (ranges, in order), computed by
    up to ``jobs`` processes forked from this one, now; an iterator of the results in the
    batches' order.

    Each result comes back by marshal when it can (bytes, strings, numbers and tuples, lists,
    dicts of them), else by pickle. An exception ``work`` raises (an Exception) is raised
    here when its item's turn comes. Raises WorkerDied when a worker ends (killed, out of
    memory) before sending all its results. However the iteration ends (all results taken,
    an exception, the iterator closed), every worker has ended when it does: told there is no
    more work, and stopped (SIGTERM) if it still had some.
    """
    workers: list[_Worker] = []
    try:
        for _ in range(min(jobs, len(batches))):
            workers.append(_Worker(work, workers))
        queued = iter(batches)
        for worker in workers:
            for batch in _take(queued, AHEAD):
                worker.give(batch)
    except BaseException:
        for worker in workers:
            worker.end()
        raise
    return _results(workers, batches, queued)


def _results(workers: list[_Worker], batches: list[range], queued):
    """forked_map's results, as the workers send them; another batch to each worker that finishes one."""
    try:
        by_reader = {worker.reader: worker for worker in workers}
        results: dict[int, tuple[int, bytes]] = {}
        for batch in batches:
            for number in batch:
                while number not in results:
                    for reader in _readable(list(by_reader)):
                        worker = by_reader[reader]
                        received = worker.receive()
                        if received is None:  # it left with nothing to do (its results all came)
                            del by_reader[reader]
                            continue
                        results.update(received)
                        for more in _take(queued, worker.finished_batches()):
                            worker.give(more)
                yield _decoded(*results.pop(number))
    finally:
        for worker in workers:
            worker.end()


def _readable(readers: list[int]) -> list[int]:
    """Those of ``readers`` (pipes' read ends) that have data or are closed, once some do."""
    if hasattr(select, "poll"):  # (not every system's Python has it; no limit on descriptor numbers)
        poller = select.poll()
        for reader in readers:
            poller.register(reader, select.POLLIN)
        return [reader for reader, _event in poller.poll()]
    return select.select(readers, [], [])[0]


def _take(iterator, count: int) -> list:
    return [batch for _, batch in zip(range(count), iterator)]


def _decoded(kind: int, payload: bytes):
    if kind == MARSHALLED:
        return marshal.loads(payload)
    import pickle  # (rarely needed: not imported before the fork)

    if kind == PICKLED:
        return pickle.loads(payload)
    error, trace = pickle.loads(payload)
    error.add_note(f"raised in a worker process:\n{trace}")
    raise error


class _Worker:
    """A forked worker as its parent sees it: its pipes, and the batches it was given."""

    def __init__(self, work, others: list[_Worker]) -> None:
        tasks_read, self.tasks = os.pipe()
        self.reader, results_write = os.pipe()
        sys.stdout.flush()  # what the parent wrote must not be written again by the worker
        sys.stderr.flush()
        try:
            self.pid = os.fork()
        except OSError:
            for descriptor in (tasks_read, self.tasks, self.reader, results_write):
                os.close(descriptor)
            raise
        if self.pid == 0:  # the worker: it keeps its own ends of its own pipes
            for descriptor in [self.tasks, self.reader] + [fd for other in others for fd in (other.tasks, other.reader)]:
                os.close(descriptor)
            _serve(work, tasks_read, results_write)
        os.close(tasks_read)
        os.close(results_write)
        self.given: list[range] = []  # its batches whose results have not all come back, in order
        self.waiting = 0  # results still to come for the first of them
        self.buffer = bytearray()
        self.finished = 0  # batches finished since finished_batches() was last asked

    def give(self, batch: range) -> None:
        if not self.given:
            self.waiting = len(batch)
        self.given.append(batch)
        try:
            os.write(self.tasks, TASK.pack(batch.start, batch.stop))  # never waits: the pipe holds AHEAD batches
        except BrokenPipeError:
            raise self._died() from None

    def receive(self) -> list[tuple[int, tuple[int, bytes]]] | None:
        """The results that have come whole, as (item number, (encoding, bytes)); None once
        the worker has left. Raises WorkerDied when it left with results still to send."""
        data = os.read(self.reader, READ_SIZE)
        if not data:
            if self.given:
                raise self._died()
            return None
        self.buffer += data
        found = []
        while len(self.buffer) >= FRAME.size:
            number, kind, length = FRAME.unpack_from(self.buffer)
            if len(self.buffer) < FRAME.size + length:
                break
            found.append((number, (kind, bytes(self.buffer[FRAME.size:FRAME.size + length]))))
            del self.buffer[:FRAME.size + length]
            self.waiting -= 1
            if not self.waiting:
                self.given.pop(0)
                self.finished += 1
                self.waiting = len(self.given[0]) if self.given else 0
        return found

    def finished_batches(self) -> int:
        finished, self.finished = self.finished, 0
        return finished

    def _died(self) -> WorkerDied:
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        how = f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.waitstatus_to_exitcode(status)}"
        return WorkerDied(f"a worker process ended abruptly ({how}) before sending all its results")

    def end(self) -> None:
        """No more work: the worker leaves, at once (SIGTERM) if it has items left."""
        os.close(self.tasks)
        os.close(self.reader)
        if self.pid:
            if self.given:
                try:
                    os.kill(self.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            os.waitpid(self.pid, 0)


def _serve(work, tasks: int, results: int) -> None:
    """A worker's life: compute each batch that comes down ``tasks``, send each result up
    ``results``, and leave (os._exit) when the parent closes ``tasks`` or goes away."""
    global _exit_hooks
    _exit_hooks = []
    status = 0
    try:
        while task := _read_exactly(tasks, TASK.size):
            for number in range(*TASK.unpack(task)):
                write_all(results, _frame(work, number))
        for hook in _exit_hooks:
            hook()
    except BaseException:  # noqa: BLE001 - the run was interrupted or the parent went away: no one to tell
        status = 1
    finally:
        os._exit(status)


def _frame(work, number: int) -> bytes:
    try:
        result = work(number)
        try:
            return _framed(number, MARSHALLED, marshal.dumps(result))
        except ValueError:  # holds an object marshal cannot write
            import pickle

            return _framed(number, PICKLED, pickle.dumps(result))
    except Exception as error:  # noqa: BLE001 - raised in the parent, in its item's place
        import pickle
        import traceback

        trace = traceback.format_exc()
        try:
            payload = pickle.dumps((error, trace))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text is sent
            payload = pickle.dumps((RuntimeError(f"{type(error).__name__}: {error}"), trace))
        return _framed(number, RAISED, payload)


def _framed(number: int, kind: int, payload: bytes) -> bytes:
    return FRAME.pack(number, kind, len(payload)) + payload


def _read_exactly(descriptor: int, size: int) -> bytes:
    """``size`` bytes from the pipe, or b"" once it is closed."""
    data = b""
    while len(data) < size:
        chunk = os.read(descriptor, size - len(data))
        if not chunk:
            return b""
        data += chunk
    return data
