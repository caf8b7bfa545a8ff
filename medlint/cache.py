"""The result cache: a file already checked with the same settings is not checked again.

One entry per file, keyed by a hash of everything its result depends on (``ResultCache.key``):
the file's content, its path, its format and the run's settings digest (``settings_digest``:
every rule with its pack definition, the selection, severities, per-file ignores, the
options checks read, including today's date, the medlint version and the installed code
itself). A file whose entry is found is not parsed; a changed byte, setting, pack or date
misses. Suppressions and per-file ignores are applied before a result is stored, so they
are part of it; a baseline is applied to the run afterwards, as without the cache.

A file's content hash is found from its stat when it can be (``ContentHashes``, as git's
index and ruff do): size, modification and change times and inode, recorded with the hash,
and trusted only for a file last written well before it was read, so an edit that keeps the
size within one tick of the file system's clock is still seen.

Entries are ``marshal`` data of plain values (strings, numbers, tuples): it loads three times
faster than JSON, and unlike pickle it never runs code, whoever wrote the file; a damaged or
foreign entry is just a miss. Its findings and chrome places stay encoded until they are read
(``StoredResult``), so a warm run decodes each page's findings once, for the report.
Entries are written to a temporary file renamed into place when complete (``os.replace`` is
atomic), so worker processes and concurrent runs never read a half-written one. The folder is
kept under ``MAX_BYTES`` by removing the least recently used entries and packs.

A run that checks many files writes their entries together, as one pack file (``packs``
folder, ``Pack``): the entries, each appended as it comes, then an index of key -> place.
Creating a file costs the system far more than writing it (300 entry files took 0.02 to 0.3 s
of system time on a busy ext4 disk, their fan-out folders as much again; one pack of them
3 ms), and a warm run reads each entry with two calls instead of four. A run with fewer
misses than ``PACK_FROM`` (a pre-commit run's one or two files) writes each entry to a file of
its own in ``results``, side by side (no fan-out folders: ``MAX_BYTES`` keeps the folder to
some thousands of files, which a file system's folder index finds as fast as in a small
folder), so small runs do not pile up packs that every run reads the index of.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import marshal
import os
import re
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from stat import S_ISREG

from medlint import __version__
from medlint.atomicfile import create_temporary, write_all, write_bytes
from medlint.diagnostics import Diagnostic, as_row, from_row, pack_rows, unpack_rows
from medlint.replay import TOUCH_AFTER, TRUSTED_AGE, code_files, stat_signature
from medlint.usercache import ABANDONED_AFTER, blake2b

DEFAULT_DIR = ".medlint_cache"
MAX_BYTES = 100_000_000  # about six runs' worth of results for a 1,500-page site
# Measuring the folder reads every entry's size (20 ms for 1,500 entries), too much for each
# one-page pre-commit run: it is measured after one run in PRUNE_EVERY new results, on average.
PRUNE_EVERY = 50
PACK_FROM = 16  # entries: a run writing fewer writes a file per entry (see the module's docstring)
PACK_BYTES = 16_000_000  # entries waiting to be written go as one pack once this large (memory is bounded)
MAX_PACKS = 64  # pruning keeps the most recently used: every run reads each pack's index
# The Cache Directory Tagging Specification's signature line, then what the folder is: the
# text that marks a folder as medlint's own (foreign_folder).
TAG_NAME = "CACHEDIR.TAG"
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# The medlint result cache: see https://bford.info/cachedir/\n"
FORMAT = 8  # the layout of an entry, of the folder and of the content-hash index; part of every key
# Results that depend on more than the file and the settings (medlint failing on the file)
# are never stored: the next run tries again.
NOT_STORED = frozenset({"IO010"})


class ResultCache:
    """The cache folder of one project, for one run's settings.

    ``run_inputs`` are any further facts a run gives every file's check besides the file
    and the settings (for example a digest of text found on many pages of a site): they are
    part of every key, so a result is only reused when they are the same.
    """

    def __init__(self, directory: str | Path, settings, run_inputs: str = "") -> None:
        self.directory = Path(directory)
        self.tag_path = os.path.join(directory, TAG_NAME)  # what marks the folder as medlint's (written first)
        self.digest = settings_digest(settings, run_inputs)
        self.max_file_size = settings.max_file_size
        self.hashes = ContentHashes(self.directory / "files")
        self.cwd = self.hashes.cwd
        self.entries = os.path.join(self.directory, "results")
        self.packs_folder = os.path.join(self.directory, "packs")
        # Whether this run made or found the cache's folders: looked for once, not before every
        # write (a mkdir that finds the folder is still a system call, slow on a busy disk).
        self.ready = False
        self.packs: list[Pack] = []  # open while results() looks entries up
        # Whether any entry has a file of its own (results() looks, once): in an empty folder
        # (a cold run's, or one whose entries are all in packs) each miss would cost a failed open.
        self.single_entries = True
        self.packing = False  # whether this run's entries go to a pack (results() decides)
        self.pack: PackWriter | None = None  # the pack being written

    def key(self, data: bytes, path: str, file_format: str, inputs: str = "") -> str:
        """The hex key of one file's content under this run's settings; ``inputs``: what else
        its result depends on (its site's chrome, engine.cache_inputs). The content's hash is
        recorded when the file's was awaited (ContentHashes.expect)."""
        content = content_hash(data)
        self.hashes.learn(path, content)
        return self.content_key(content, path, file_format, inputs)

    def received(self, path: str, key: str, entry: bytes, content: bytes) -> None:
        """What a worker process sends of the file at ``path`` (engine.DeferredStore): its
        entry to write under ``key``, and its content's hash, recorded as ``key`` would."""
        self.hashes.learn(path, content)
        self.write(key, entry)

    def content_key(self, content: bytes, path: str, file_format: str, inputs: str = "") -> str:
        """key, from the hash of the content (content_hash) rather than the content."""
        where = f"{path}\0{os.path.join(self.cwd, path)}\0{file_format}\0{inputs}\0".encode("utf-8", "surrogateescape")
        return blake2b(self.digest + where + content, digest_size=20).hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self.entries, key)

    def load(self, key: str):
        """The stored result for ``key`` (a StoredResult, whose findings are decoded when read),
        or None when there is none or it is damaged. Looks in the packs open (results() opens
        them), then for the entry's own file."""
        try:
            for pack in self.packs:
                data = pack.read(key)
                if data is not None:
                    return StoredResult.decode(data)
            if not self.single_entries:
                return None
            entry = self._entry(key)
            data, used = read_whole(entry)
            result = StoredResult.decode(data)
        except (OSError, ValueError, TypeError, EOFError):
            return None
        if used < time.time() - TOUCH_AFTER:
            try:
                os.utime(entry)  # recently used entries are the last to be pruned
            except OSError:
                pass
        return result

    def store(self, key: str, result) -> None:
        """Write ``result`` under ``key``; a cache that cannot be written is silently skipped."""
        data = self.entry(result)
        if data is not None:
            self.write(key, data)

    @staticmethod
    def entry(result) -> bytes | None:
        """What store writes of ``result``: its StoredResult encoding; None for a result that
        is not stored (NOT_STORED) or holds a value marshal cannot."""
        if any(d.code in NOT_STORED for d in result.diagnostics):
            return None
        try:
            return StoredResult.encode(result)
        except (TypeError, ValueError):
            return None

    def write(self, key: str, data: bytes) -> None:
        """Write an entry (``entry``'s bytes) under ``key``: to the pack being written (seen
        by other runs once it is complete, see flush) or to a file of its own (see the module's
        docstring); a cache that cannot be written is silently skipped."""
        try:
            if not self.ready:
                self._prepare()
                self.ready = True
            if not self.packing:
                write_bytes(self._entry(key), data)
                return
            if self.pack is None:
                self.pack = PackWriter(self.packs_folder)
            if self.pack.add(key, data) >= PACK_BYTES:
                self.flush()  # memory and the loss if a run is killed are bounded
        except OSError:
            self.abandon()

    def flush(self) -> None:
        """Put the pack being written in place, whole (silently skipped when it cannot be)."""
        pack, self.pack = self.pack, None
        if pack is not None:
            try:
                pack.finish()
            except OSError:
                pass

    def abandon(self) -> None:
        """Remove the pack being written: a run stopped midway (an error, Ctrl-C) stores
        nothing more."""
        pack, self.pack = self.pack, None
        if pack is not None:
            pack.abandon()

    def _prepare(self) -> None:
        """Create the folder with a CACHEDIR.TAG (backup tools skip it, and it marks the folder
        as medlint's: foreign_folder) and a .gitignore of ``*`` (git ignores it), as ruff does.
        The tag comes first, so a concurrent run never sees the folder untagged; a .gitignore
        already there is kept."""
        results = self.directory / "results"
        if results.is_dir():
            os.makedirs(self.packs_folder, exist_ok=True)  # a folder an earlier medlint made had none
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        if not os.path.exists(self.tag_path):
            write_bytes(self.tag_path, CACHEDIR_TAG.encode("utf-8"))
        gitignore = self.directory / ".gitignore"
        if not gitignore.exists():
            write_bytes(gitignore, b"# Created by medlint: the result cache.\n*\n")
        results.mkdir(exist_ok=True)
        os.makedirs(self.packs_folder, exist_ok=True)

    def results(self, targets: list, lint_misses, inputs=lambda target: ""):
        """One result per target, in order: stored ones from the cache (StoredResults, shaped
        like FileResults), the rest from ``lint_misses(targets)`` (an iterator of results in the
        order given, which stores them). Files' content hashes found along the way are recorded
        (ContentHashes). ``inputs(target)``: what else its result depends on (see key). Now and then,
        after writing, prunes the folder (see PRUNE_EVERY)."""
        found = {}
        misses = []
        self.packs = Pack.open_all(self.packs_folder) if targets else []
        self.single_entries = any_entry(self.entries)
        # An empty cache holds none of the files (a cold run): they are not read to find their
        # keys, and their content hashes are recorded from the checks' reads (ContentHashes.expect).
        empty = not self.packs and not self.single_entries
        try:
            for index, target in enumerate(targets):
                result = self._lookup(target, inputs(target), empty)
                if result is None:
                    misses.append(target)
                else:
                    found[index] = result
        finally:
            for pack in self.packs:
                pack.close()
            self.packs = []
        self.packing = len(misses) >= PACK_FROM
        computed = iter(lint_misses(misses)) if misses else iter(())
        try:
            for index in range(len(targets)):
                yield found.pop(index) if index in found else next(computed)
        except BaseException:
            self.abandon()
            raise
        self.flush()
        if self.hashes.changed:
            self._prepare_quietly()
            self.hashes.save()
        if misses:
            import random  # only a run that wrote something may prune: a warm run does without it

            if random.random() < len(misses) / PRUNE_EVERY:
                prune(self.directory)

    def _prepare_quietly(self) -> None:
        try:
            self._prepare()
        except OSError:
            pass  # saving the hashes fails quietly too

    def _lookup(self, target, inputs: str, empty: bool):
        if target.missing or target.data is not None or target.problems:  # fetched pages are not stored
            return None
        if empty:
            self.hashes.expect(target.path, self.max_file_size)
            return None
        content = self.hashes.of(target.path, self.max_file_size)
        if content is None:
            return None  # the check reports why it cannot be read, or that it is too big
        return self.load(self.content_key(content, target.path, target.format, inputs))


class Pack:
    """One pack file of entries, as PackWriter writes it: the entries one after another, then
    marshal data of (FORMAT, {key: (offset, length)}), the index, then the index's length (8
    bytes). Put in place whole under a name no other run uses, and never changed: a run
    reading it while another removes it (pruning) reads on or misses. A damaged pack is a miss
    for every key in it."""

    TAIL = 1 << 16  # bytes read from the end at once: the index of a pack of some thousand entries

    def __init__(self, path: str) -> None:
        self.path = path
        self.descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            stat = os.fstat(self.descriptor)
            self.used = stat.st_mtime
            tail = self._read_at(max(0, stat.st_size - self.TAIL), self.TAIL)
            size = int.from_bytes(tail[-8:], "little")
            if not 0 < size <= stat.st_size - 8:
                raise ValueError("a damaged pack")
            if len(tail) < size + 8:
                tail = self._read_at(stat.st_size - 8 - size, size + 8)
            stored_format, self.index = marshal.loads(tail[-8 - size:-8])
            self.entries_end = stat.st_size - 8 - size  # where the entries end and the index starts
            if stored_format != FORMAT or not isinstance(self.index, dict):
                raise ValueError("a pack of another layout")
        except BaseException:
            self.close()
            raise

    @classmethod
    def open_all(cls, folder: str) -> list[Pack]:
        """The packs in ``folder`` whose index can be read (none when there is no folder)."""
        packs = []
        try:
            names = [entry.name for entry in os.scandir(folder) if entry.name.endswith(".pack")]
        except OSError:
            return packs
        for name in names:
            try:
                packs.append(cls(os.path.join(folder, name)))
            except (OSError, ValueError, TypeError, EOFError):
                pass  # removed meanwhile, or damaged: its entries are misses
        return packs

    def read(self, key: str) -> bytes | None:
        """The entry stored under ``key``, or None when the pack holds none. Raises OSError,
        or ValueError for a damaged pack."""
        place = self.index.get(key)
        if place is None:
            return None
        offset, length = place
        if not 0 <= offset <= offset + length <= self.entries_end:  # a damaged index: no read of 2**60 bytes
            raise ValueError("a damaged pack")
        data = self._read_at(offset, length)
        if len(data) != length:
            raise ValueError("a damaged pack")
        if self.used < time.time() - TOUCH_AFTER:
            self.used = time.time()
            try:
                os.utime(self.path)  # recently used packs are the last to be pruned
            except OSError:
                pass  # another run removed it: it is read on
        return data

    def _read_at(self, offset: int, length: int) -> bytes:
        os.lseek(self.descriptor, offset, os.SEEK_SET)
        return os.read(self.descriptor, length)

    def close(self) -> None:
        os.close(self.descriptor)


class PackWriter:
    """A new pack (see Pack) in ``folder``: each entry is appended to a temporary file as it
    comes (while the workers check the next pages), and the index is written when the pack
    is finished, which then renames it into place (atomicfile.write_bytes's way). Raises
    OSError."""

    def __init__(self, folder: str) -> None:
        # A name no other pack has: this process's id, and the time (one pack at a time).
        self.path = os.path.join(folder, f"{os.getpid()}-{time.time_ns():x}.pack")
        self.descriptor, self.temporary = create_temporary(self.path)
        self.index: dict[str, tuple[int, int]] = {}
        self.size = 0

    def add(self, key: str, data: bytes) -> int:
        """Append the entry ``data`` under ``key``; the pack's size so far (bytes)."""
        write_all(self.descriptor, data)
        self.index[key] = (self.size, len(data))
        self.size += len(data)
        return self.size

    def finish(self) -> None:
        """Write the index and put the pack in place."""
        try:
            index = marshal.dumps((FORMAT, self.index))
            write_all(self.descriptor, index + len(index).to_bytes(8, "little"))
            os.close(self.descriptor)
            self.descriptor = None
            os.replace(self.temporary, self.path)
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        """Remove the temporary file (silently, as far as it can)."""
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def any_entry(folder: str) -> bool:
    """Whether ``folder`` holds anything (False when it is missing)."""
    try:
        with os.scandir(folder) as found:
            return next(found, None) is not None
    except OSError:
        return False


def content_hash(data: bytes) -> bytes:
    """The hash a file's content is known by (BLAKE2b, 20 bytes)."""
    return blake2b(data, digest_size=20).digest()


class ContentHashes:
    """Files' content hashes, found from their stat when it is the one recorded with the hash.

    A file's stat signature (size, modification and change times in nanoseconds, inode) is
    recorded with the hash of the bytes read, but only when both times are more than
    ``TRUSTED_AGE`` before this run began: any later write, even of the same size and within
    one tick of the file system's clock, then gives the file a newer change time, so a
    recorded signature never stands for content other than its hash's. (Git calls files
    written too close to the read "racily clean" and re-reads them in the same way.) The
    change time cannot be set back by a program, as the modification time can (``touch -d``,
    ``rsync -t``): a file restored with its old times still reads as changed.

    All of it is one file (``path``) of marshal data, read at the first lookup and written
    (whole, atomically) when a lookup recorded something; two runs writing at once lose
    at most some records, which costs a re-read.
    """

    TRUSTED_AGE = TRUSTED_AGE  # ns (medlint.replay's, which trusts a file's stat by the same rule)
    MAX_FILES = 200_000  # past this many recorded files, those this run did not look up are dropped

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cwd = os.getcwd()  # once: os.path.abspath asks the system for it on every call
        self.trusted_before = time.time_ns() - self.TRUSTED_AGE
        self.known: dict | None = None  # absolute path -> (signature, hash)
        self.seen: set[str] = set()
        self.awaited: dict[str, tuple[str, tuple]] = {}  # path -> (absolute path, signature): see expect
        self.changed = False

    def of(self, path: str, max_size: int) -> bytes | None:
        """The content hash of the file at ``path``; None when it cannot be read, is over
        ``max_size`` bytes or is not a regular file (_stat)."""
        found = self._stat(path, max_size)
        if found is None:
            return None
        absolute, signature, recorded = found
        if recorded is not None:
            return recorded
        try:
            content = content_hash(read_whole(path)[0])
        except OSError:
            return None
        self._record(absolute, signature, content)
        return content

    def expect(self, path: str, max_size: int) -> None:
        """Take the stat of the file at ``path`` now, and record it with the content hash
        whoever reads the file next finds (learn): as of() does, without reading the file
        itself. The stat is the older, so it stands for no content other than the hash's: a
        write between them gives the file a newer change time."""
        found = self._stat(path, max_size)
        if found is not None and found[2] is None:
            self.awaited[path] = found[:2]

    def learn(self, path: str, content: bytes) -> None:
        """Record ``content``, the hash of the file at ``path`` just read, with the stat
        taken before (expect), if one was."""
        awaited = self.awaited.pop(path, None)
        if awaited is not None:
            self._record(*awaited, content)

    def _stat(self, path: str, max_size: int) -> tuple[str, tuple, bytes | None] | None:
        """(absolute path, stat signature, the hash recorded with that signature or None), or
        None when the file cannot be read, is over ``max_size`` bytes or is not a regular file
        (a pipe or FIFO gives its content once: the check reads it)."""
        if self.known is None:
            self.known = self._read()
        absolute = os.path.normpath(os.path.join(self.cwd, path))
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_size > max_size or not S_ISREG(stat.st_mode):
            return None  # too big to check, or a pipe or device: read once, by the check itself
        signature = stat_signature(stat)
        self.seen.add(absolute)
        recorded = self.known.get(absolute)
        return absolute, signature, recorded[1] if recorded is not None and recorded[0] == signature else None

    def _record(self, absolute: str, signature: tuple, content: bytes) -> None:
        _, modified, changed, _ = signature
        if modified < self.trusted_before and changed < self.trusted_before:
            self.known[absolute] = (signature, content)
            self.changed = True

    def _read(self) -> dict:
        try:
            stored = marshal.loads(self.path.read_bytes())
            if isinstance(stored, tuple) and stored[0] == FORMAT and isinstance(stored[1], dict):
                return stored[1]
        except (OSError, ValueError, TypeError, EOFError, IndexError):
            pass  # none yet, or damaged: every file is read once more
        return {}

    def save(self) -> None:
        """Write the records (silently skipped when the folder cannot be written)."""
        known = self.known or {}
        if len(known) > self.MAX_FILES:
            known = {path: known[path] for path in self.seen if path in known}
        try:
            write_bytes(self.path, marshal.dumps((FORMAT, known)))
            self.changed = False
        except (OSError, ValueError):
            pass


class StoredResult:
    """A file's result read back from the cache, in the shape of an engine.FileResult. Its
    findings stay encoded (``packed``, as medlint.diagnostics.pack_rows writes them) until
    ``diagnostics`` is first read: the run sets them aside as they are (engine.Spool) and
    decodes them once, for the report."""

    __slots__ = ("path", "packed", "facts", "links", "chrome_candidates", "baselined", "_diagnostics", "_places")

    def __init__(self, path: str, packed: bytes, facts: dict, links, chrome_candidates: bytes | None,
                 places: bytes | None = None) -> None:
        self.path = path
        self.packed = packed
        self.facts = facts
        self.links = links  # medlint.links.PageLinks or None
        self.chrome_candidates = chrome_candidates  # packed fingerprints (medlint.site.pack_fingerprints)
        self.baselined: list[Diagnostic] = []
        self._diagnostics: list[Diagnostic] | None = None
        self._places = places  # compressed marshal data of chrome_places

    @property
    def chrome_places(self) -> dict | None:
        """Where the page's site-chrome blocks sit (medlint.site.chrome_places), decoded when
        read: the site pass reads them of the few pages a chrome block is reported on."""
        return None if self._places is None else marshal.loads(zlib.decompress(self._places))

    @property
    def diagnostics(self) -> list[Diagnostic]:
        if self._diagnostics is None:
            self._diagnostics = unpack_rows(self.packed)
        return self._diagnostics

    @staticmethod
    def encode(result) -> bytes:
        """A FileResult as an entry's bytes; raises ValueError for a value marshal cannot hold."""
        links = None if result.links is None else (
            pack_links(result.links.links), result.links.anchors, pack_links(result.links.external))
        places = result.chrome_places
        places = None if places is None else zlib.compress(marshal.dumps(places), 1)
        return marshal.dumps((FORMAT, result.path, pack_rows(result.diagnostics), result.facts, links,
                              result.chrome_candidates, places))

    @classmethod
    def decode(cls, data: bytes) -> StoredResult:
        """An entry's bytes as a StoredResult; raises ValueError (or TypeError, EOFError) when
        they are damaged or of another layout."""
        stored_format, path, packed, facts, links, candidates, places = marshal.loads(data)
        if stored_format != FORMAT or not isinstance(packed, bytes):
            raise ValueError("an entry of another layout")
        if links is not None:
            from medlint.links import PageLinks

            links = PageLinks(StoredLinks(links[0]), frozenset(links[1]), StoredLinks(links[2]))
        return cls(path, packed, dict(facts), links, candidates, places)


def pack_links(links) -> bytes:
    """(url, where) pairs as bytes (marshal data; ``where``, a Diagnostic, as its row)."""
    return marshal.dumps(tuple((url, as_row(where)) for url, where in links))


class StoredLinks(Sequence):
    """A page's links read from the cache: (url, where) pairs, decoded when first read and
    ``where`` (a Diagnostic) made when its pair is read. Most links go to other sites and are
    read only by --check-links: decoding every one was a twentieth of a warm run."""

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._rows: tuple | None = None

    def _decoded(self) -> tuple:
        if self._rows is None:
            self._rows = marshal.loads(self._packed)
        return self._rows

    def __getitem__(self, index: int) -> tuple[str, Diagnostic]:
        url, where = self._decoded()[index]
        return url, from_row(where)

    def __len__(self) -> int:
        return len(self._decoded())


def read_whole(path: str) -> tuple[bytes, float]:
    """A file's bytes and its modification time (seconds), in four system calls where
    ``open().read()`` takes eight (a third of a warm run's calls). Raises OSError."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        stat = os.fstat(descriptor)
        data = os.read(descriptor, stat.st_size + 1)
        if len(data) != stat.st_size:  # a short read, or a file that grew since: read on to the end
            chunks = [data]
            while chunk := os.read(descriptor, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data, stat.st_mtime
    finally:
        os.close(descriptor)


def settings_digest(settings, run_inputs: str = "") -> bytes:
    """A hash of every setting a file's result can depend on, with medlint's version and code.

    Generic over the fields of Settings and Context, so a field added to either is part of
    the key without a change here. A value with no stable text form (an object shown by its
    address) makes every run's digest different: the cache then never hits, and never lies.
    """
    text = json.dumps({"settings": settings, "run": run_inputs, "version": __version__, "format": FORMAT,
                       "marshal": marshal.version, "code": code_fingerprint()}, default=_plain, sort_keys=True, ensure_ascii=False)
    return blake2b(text.encode("utf-8", "surrogateescape"), digest_size=20).digest()


def _plain(value):
    """A JSON-able stand-in for the values inside Settings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A rule's checker is built from its params, which are part of the rule.
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "build"}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    patterns = getattr(value, "patterns", None)  # a gitignore spec: its compiled patterns
    if patterns is not None and all(hasattr(p, "regex") for p in patterns):
        return [[p.include, getattr(p.regex, "pattern", None)] for p in patterns]
    return repr(value)


def code_fingerprint() -> list:
    """Size and modification time of each file of the installed medlint and its rule packs
    (medlint.replay.code_files): a changed check or word list starts a fresh cache even
    without a new version number."""
    found = []
    for top, name in code_files():
        stat = os.stat(os.path.join(top, name))
        found.append([name, stat.st_size, stat.st_mtime_ns])
    return found


# The fan-out folders of entries an earlier layout made (FORMAT 7 and before: results/<key[:2]>/<key>).
OLD_FAN_OUT = re.compile(r"[0-9a-f]{2}")


def prune(directory: str | Path, max_bytes: int | None = None) -> None:
    """Remove the least recently used entries and packs until the cache is under three
    quarters of ``max_bytes`` (default MAX_BYTES), and packs past the ``MAX_PACKS`` most
    recently used; temporary files left by a killed run go once they are an hour old, and
    folders of entries laid out by an earlier medlint (which no key of this one can name) go
    whole."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    files = []  # (last used, size, path, whether a pack)
    hour_ago = time.time() - ABANDONED_AFTER
    for folder, packs in (("results", False), ("packs", True)):
        try:
            found = list(os.scandir(Path(directory) / folder))
        except OSError:
            continue
        for entry in found:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if folder == "results" and OLD_FAN_OUT.fullmatch(entry.name):
                        import shutil

                        shutil.rmtree(entry.path, ignore_errors=True)
                    continue  # a folder medlint never made (cache-dir is the user's to choose): left alone
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # another run removed it first
            if entry.name.endswith(".tmp"):
                if stat.st_mtime < hour_ago:
                    _remove(entry.path)
                continue
            files.append((stat.st_mtime, stat.st_size, entry.path, packs))
    total = sum(size for _, size, _, _ in files)
    extra_packs = sum(packs for *_, packs in files) - MAX_PACKS
    if total <= max_bytes and extra_packs <= 0:
        return
    for _, size, path, pack in sorted(files):
        if total > max_bytes * 3 // 4 or (pack and extra_packs > 0):
            _remove(path)
            total -= size
            extra_packs -= pack
        elif extra_packs <= 0:
            break


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # another run removed it first


def foreign_folder(directory: str | Path) -> bool:
    """Whether ``directory`` holds files but is not a medlint cache folder (no CACHEDIR.TAG
    with medlint's text): ``cache-dir`` named a folder of the user's, which medlint must
    neither write its .gitignore into nor delete. A missing or empty folder is not foreign."""
    directory = Path(directory)
    try:
        if not any(directory.iterdir()):
            return False
    except OSError:
        return False  # no folder (or a file where it would be): nothing of the user's to write over
    try:
        return not (directory / TAG_NAME).read_text(encoding="utf-8", errors="replace").startswith(CACHEDIR_TAG)
    except OSError:
        return True


def clear(directory: str | Path) -> tuple[int, int, int] | None:
    """Delete the cache folder: (files, bytes) it held and the number of files left that could
    not be deleted (a read-only folder), or None if there was none.
    Raises ValueError for a folder that is not medlint's (foreign_folder): nothing is deleted."""
    import shutil

    directory = Path(directory)
    if not directory.is_dir():
        return None
    if foreign_folder(directory):
        raise ValueError(f"{directory} is not a medlint cache folder (it has no medlint CACHEDIR.TAG): not removed")
    sizes = [entry.stat().st_size for entry in directory.rglob("*") if entry.is_file()]
    shutil.rmtree(directory, ignore_errors=True)
    left = sum(1 for entry in directory.rglob("*") if entry.is_file()) if directory.exists() else 0
    return len(sizes), sum(sizes), left
