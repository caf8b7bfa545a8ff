"""The `medlint` command's entry point, which replays a `medlint check` run nothing has changed for.

A warm run (every page's result in the result cache, medlint.cache) still starts Python and
click, reads the configuration, walks the folders, looks every page up, redoes the cross-page
passes and renders the report: 75 ms for 300 pages, two thirds of it start-up. When nothing a
run read has changed, its output cannot have changed either. So, as build tools replay a
cached task's output (Turborepo and Nx do; ninja's no-op build is the same idea), a
`medlint check` run records what it wrote and its exit code together with its inputs, and the
same command run again over the same inputs writes the record back without checking anything:
about 20 ms, Python's start included.

A record is found by a hash of everything the command line can depend on besides files
(``run_key``): the arguments, the working folder, the whole environment, today's date,
which standard streams are terminals, the Python and medlint versions. It holds the stat
signature (``stat_signature``) of every file and folder the run read or looked for: the
configuration files looked for and read, rule packs, the folders walked and the ``.gitignore``
and ``.git`` looked for in them and above, the pages, the baseline, medlint's own code and
the folder its dependencies are installed in. The code that reads such a file says so with
``note``; ``tests/test_replay.py`` checks that every file a run opens is noted. A record is
written only when:

- the command asked for it (``allow``): a check of local files into standard output with the
  result cache on (not standard input, fetched pages, --output, --write-baseline, a GitHub
  step summary, whose output is not only what was written, nor the dashboard, which says when
  it was made);
- each input was last changed well before the run began (as for the cache's content hashes:
  a later write, while the run goes on or after, gives the file a newer change time, which a
  replay sees);
- the run's findings did not depend on the machine (``spoil``: a file that ran out of time,
  or that medlint failed on);
- it exited 0 or 1.

A record names the result cache it was made beside by the signature of its CACHEDIR.TAG, so
deleting the result cache, or `medlint clean`, also ends replaying (a cold run is cold). The
records live in the user's cache folder (medlint.usercache), at most ``MAX_RECORDS`` of them.
"""

from __future__ import annotations

import gc
import marshal
import os
import sys
import time
from stat import S_ISDIR, S_ISREG

from medlint import __version__
from medlint.usercache import blake2b, cache_folder

FORMAT = 1  # the layout of a record; part of its key
KIND = "runs-"  # records' file names: the user cache's kind prefix, then the key
MAX_RECORDS = 16  # the most recently written are kept (each is one command's output)
MAX_OUTPUT = 64_000_000  # bytes: a run that writes more is not recorded
# A file changed this shortly before a run began may change again within one tick of the file
# system's clock without its stat showing it (git's "racily clean" files); the coarsest time
# stamps in use (FAT's) are two seconds apart.
TRUSTED_AGE = 2_000_000_000  # ns
# A record or cache entry read is marked used (its modification time set to now, which pruning
# goes by) once it has gone this long unmarked: marking it on every read would cost a write.
TOUCH_AFTER = 86_400  # seconds
NOT_REPLAYED = frozenset({"IO010", "IO016"})  # findings that depend on the machine, not the inputs


def main() -> None:
    """Run the `medlint` command: a `medlint check` run is replayed when a record of it holds,
    else run by medlint.cli and recorded when it may be. Exits with the command's exit code."""
    recorder = None
    if sys.argv[1:2] == ["check"] and hasattr(sys.stdout, "buffer") and hasattr(sys.stderr, "buffer"):
        key = run_key()
        if key is not None:
            replay(key)  # returns only when there is nothing to replay
            recorder = Recorder(key)
    # Importing the command line (click, the configuration, the reporters: ~90 modules) makes objects
    # that live as long as the process, and no garbage: the cycle collector's ~26 passes over
    # them meanwhile freed nothing and took ~3.5 ms of every run's serial start. They are then
    # frozen (gc.freeze), or the first collection after would scan them all again. The patterns
    # they compile as they load (platform's, tokenize's, json's, click's: ~13M instructions, 2
    # ms) are built from the regex store (regexes.stored_import), read in 3M.
    gc.disable()
    try:
        from medlint.regexes import stored_import

        command = stored_import("medlint.cli").main

        gc.freeze()
    finally:
        gc.enable()

    if recorder is None:
        command()
        return
    global _recorder
    _recorder = recorder
    try:
        command()
    except SystemExit as done:
        recorder.finish(done.code)
        raise
    finally:
        _recorder = None
        recorder.stop()


def run_key() -> bytes | None:
    """The hash of everything a check run's output depends on other than files (see the
    module's docstring); None when the working folder is gone."""
    try:
        cwd = os.getcwd()
    except OSError:
        return None
    facts = (FORMAT, __version__, sys.argv[1:], cwd, sorted(os.environ.items()), time.strftime("%Y-%m-%d"),
             [os.isatty(fd) for fd in (0, 1, 2)], sys.executable, sys.version, tuple(sys.flags), sys.warnoptions,
             sorted(map(str, sys._xoptions.items())))
    return blake2b(marshal.dumps(facts), digest_size=20).digest()


def record_path(key: bytes) -> str:
    return os.path.join(cache_folder(), KIND + key.hex())


def stat_signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a file's stat says of its content: size, modification and change times (ns), inode."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def signature_of(path: str) -> tuple[int, int, int, int] | None:
    """stat_signature of the file or folder at ``path`` (symbolic links followed); None when
    there is none (or it cannot be looked at)."""
    try:
        return stat_signature(os.stat(path))
    except (OSError, ValueError):
        return None


def replay(key: bytes) -> None:
    """Write the recorded output of the run with ``key`` and exit with its code, when a
    record of it is stored and every input it lists has the signature recorded; else return."""
    path = record_path(key)
    try:
        with open(path, "rb") as file:
            stored = marshal.loads(file.read())
        layout, stored_key, inputs, chunks, code = stored
    except (OSError, ValueError, TypeError, EOFError):
        return  # none, or damaged: the run goes on, and records itself again
    if layout != FORMAT or stored_key != key or any(signature_of(p) != signature for p, signature in inputs):
        return
    streams = (sys.stdout.buffer, sys.stderr.buffer)
    try:
        for stream, data in chunks:
            streams[stream].write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        output_closed()
    try:
        if os.stat(path).st_mtime < time.time() - TOUCH_AFTER:
            os.utime(path)  # used: among the last to be pruned
    except OSError:
        pass
    sys.exit(code)


def output_closed() -> None:
    """Exit 2 saying the output was closed ("medlint check … | head"): nothing may be written
    to the closed pipe when Python flushes it at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.stderr.write("medlint: error: the output was closed before the whole report was written\n")
    sys.exit(2)


_recorder: Recorder | None = None  # the run being recorded, in the process running the command


def note(path: str) -> None:
    """Record that the running check read, listed or looked for ``path`` (a file or folder,
    there or not), as it is now: the run is replayed only while it stays so. Call it before
    reading, in the process that runs the command (what a worker process notes is lost with
    it). Does nothing when no run is being recorded (the API, the tests)."""
    if _recorder is not None:
        _recorder.note(path)


def exists(path: str) -> bool:
    """os.path.exists(path), noted (``note``): whether a file or folder is there."""
    note(path)
    return os.path.exists(path)


def allow(cache_tag: str) -> None:
    """The running command may be replayed: a check whose output is only what it writes to
    the standard streams, with the result cache whose CACHEDIR.TAG is at ``cache_tag`` on."""
    if _recorder is not None:
        _recorder.allow(cache_tag)


def spoil(codes) -> None:
    """The running check found ``codes`` (a page's finding codes): a finding that depends
    on the machine (NOT_REPLAYED) means the run is not recorded."""
    if _recorder is not None and not NOT_REPLAYED.isdisjoint(codes):
        _recorder.spoiled = True


class Recorder:
    """A check run's inputs (``note``) and its output (the standard streams, copied as they
    are written), written as a record when the run ends (``finish``), if it may be."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.started = time.time_ns()
        self.cwd = os.getcwd()
        self.inputs: dict[str, tuple | None] = {}
        self.tag: str | None = None  # the result cache's CACHEDIR.TAG (allow), made by the run if need be
        self.spoiled = False
        self.chunks: list[list] = []  # [stream (0 out, 1 err), bytearray] in the order written
        self.size = 0
        self.streams = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = (_copying(stream, self, number) for number, stream in enumerate(self.streams))

    def stop(self) -> None:
        """Put the standard streams back as they were."""
        _flush()
        sys.stdout, sys.stderr = self.streams

    def note(self, path: str) -> None:
        path = os.path.normpath(os.path.join(self.cwd, path))
        if path in self.inputs:
            return
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            self.inputs[path] = None
            return
        self.inputs[path] = stat_signature(found)
        if not (S_ISREG(found.st_mode) or S_ISDIR(found.st_mode)):
            self.spoiled = True  # a pipe or a device: what it gives is not in its stat

    def allow(self, cache_tag: str) -> None:
        self.tag = os.path.normpath(os.path.join(self.cwd, cache_tag))

    def copy(self, stream: int, data: bytes) -> None:
        self.size += len(data)
        if self.size > MAX_OUTPUT:
            self.spoiled, self.chunks = True, []
        elif not self.spoiled:
            if self.chunks and self.chunks[-1][0] == stream:
                self.chunks[-1][1] += data
            else:
                self.chunks.append([stream, bytearray(data)])

    def finish(self, code) -> None:
        """Write the record when the run may be replayed (see the module's docstring);
        silently skipped when the user's cache cannot be written."""
        if not _flush():
            return
        # The process ends next: a full collection of the run's objects, which the few made
        # here could set off, would free nothing (10 ms after a run of 300 pages).
        gc.disable()
        tag = self.tag and (self.tag, signature_of(self.tag))
        if not tag or tag[1] is None or self.spoiled or code not in (0, 1, None):
            return
        for path in code_inputs():
            self.note(path)
        # Each input's signature was taken before the run read it. A change since, or a file that
        # appeared since, shows in its signature when a replay compares them; what settled well
        # before the run began cannot have changed unseen within the same tick of the clock.
        settled_before = self.started - TRUSTED_AGE
        if any(signature is not None and max(signature[1:3]) >= settled_before for signature in self.inputs.values()):
            return
        inputs = (*self.inputs.items(), tag)
        chunks = [tuple(chunk) for chunk in self.chunks]  # marshal writes a bytearray as bytes
        from medlint.atomicfile import write_bytes
        from medlint.usercache import remove_where

        folder = os.path.dirname(path := record_path(self.key))
        try:
            os.makedirs(folder, exist_ok=True)
            write_bytes(path, marshal.dumps((FORMAT, self.key, inputs, chunks, code or 0)))
            # Only the most recently written or replayed records are kept.
            records = sorted((entry.stat().st_mtime_ns, entry.name) for entry in os.scandir(folder)
                             if entry.name.startswith(KIND))
        except (OSError, ValueError):  # (another run may be removing one at the same time)
            return
        doomed = {name for _, name in records[:-MAX_RECORDS]}
        remove_where(folder, lambda name, _stat: name in doomed)


def code_files() -> list[tuple[str, str]]:
    """Every file of the medlint installed, its code, rule packs and word lists, as (the
    package's folder, the file's path in it with '/'), in a stable order."""
    import medlint
    import medlint.rules

    found = []
    for package in (medlint, medlint.rules):
        top = os.path.dirname(package.__file__)
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            # Each name relative to the package by slicing: os.path.relpath was half of this.
            relative = os.path.join(folder[len(top) + 1:], "").replace(os.sep, "/")
            found += [(top, relative + name) for name in sorted(files)]
    return found


def code_inputs() -> list[str]:
    """code_files' paths and their folders (a file added to one, a rule pack, changes it), and
    the folder medlint's dependencies are installed in (installing or removing a package changes it)."""
    import click

    files = [os.path.join(top, name) for top, name in code_files()]
    return [os.path.dirname(os.path.dirname(click.__file__)), *sorted({os.path.dirname(f) for f in files}), *files]


def _flush() -> bool:
    """Flush the standard streams; whether they could be (a closed pipe cannot)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        return True
    except (OSError, ValueError):
        return False


class _Copying:
    """A standard stream's binary buffer that also hands what is written to the recorder."""

    def __init__(self, buffer, recorder: Recorder, stream: int) -> None:
        self.buffer, self.recorder, self.stream = buffer, recorder, stream

    def write(self, data) -> int:
        written = self.buffer.write(data)
        self.recorder.copy(self.stream, bytes(data))
        return written

    def close(self) -> None:
        """Flush only: the stream it stands in for stays open (Recorder.stop puts it back)."""
        self.buffer.flush()

    def __getattr__(self, name: str):
        return getattr(self.buffer, name)


def _copying(stream, recorder: Recorder, number: int):
    """``stream`` (a text stream) re-made over a _Copying of its buffer, with its encoding,
    error handling and buffering."""
    import io

    return io.TextIOWrapper(_Copying(stream.buffer, recorder, number), encoding=stream.encoding, errors=stream.errors,
                            line_buffering=stream.line_buffering, write_through=True)
