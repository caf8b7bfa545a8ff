"""The result cache: a file already checked with the same settings is not checked again.

One entry per file, keyed by a hash of everything its result depends on (``ResultCache.key``):
the file's bytes, its path, its format and the run's settings digest (``settings_digest``:
every rule with its pack definition, the selection, severities, per-file ignores, the
options checks read, including today's date, the medlint version and the installed code
itself). A file whose entry is found is not parsed; a changed byte, setting, pack or date
misses. Suppressions and per-file ignores are applied before a result is stored, so they
are part of it; a baseline is applied to the run afterwards, as without the cache.

Entries are JSON, not pickle: the cache sits in the project folder, where a pickle written
by anyone who can write there would run code when medlint loads it; JSON only ever gives
data back, loads about as fast for these flat records, and a damaged entry is just a miss.
Each entry is written to a temporary file and renamed into place (``os.replace`` is
atomic), so worker processes and concurrent runs never read a half-written entry. The
folder is kept under ``MAX_BYTES`` by removing the least recently used entries.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import random
import time
from collections.abc import Mapping
from pathlib import Path

from medlint import __version__
from medlint.diagnostics import Diagnostic, as_row

try:  # the same BLAKE2 as hashlib's, without loading OpenSSL (3 ms of every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

DEFAULT_DIR = ".medlint_cache"
MAX_BYTES = 100_000_000  # about six runs' worth of results for a 1,500-page site
# Measuring the folder reads every entry's size (20 ms for 1,500 entries), too much for each
# one-page pre-commit run: it is measured after one run in PRUNE_EVERY new results, on average.
PRUNE_EVERY = 50
FORMAT = 3  # the layout of an entry; part of every key
# Results that depend on more than the file and the settings (medlint failing on the file)
# are never stored: the next run tries again.
NOT_STORED = frozenset({"IO010"})
_FIELDS = [f.name for f in dataclasses.fields(Diagnostic)]


class ResultCache:
    """The cache folder of one project, for one run's settings.

    ``run_inputs`` are any further facts a run gives every file's check besides the file
    and the settings (for example a digest of text found on many pages of a site): they are
    part of every key, so a result is only reused when they are the same.
    """

    def __init__(self, directory: str | Path, settings, run_inputs: str = "") -> None:
        self.directory = Path(directory)
        self.digest = settings_digest(settings, run_inputs)
        self.max_file_size = settings.max_file_size

    def key(self, data: bytes, path: str, file_format: str, inputs: str = "") -> str:
        """The hex key of one file's content under this run's settings; ``inputs``: what else
        its result depends on (its site's chrome, engine.cache_inputs)."""
        where = f"{path}\0{os.path.abspath(path)}\0{file_format}\0{inputs}\0".encode("utf-8", "surrogateescape")
        return blake2b(self.digest + where + data, digest_size=20).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / "results" / key[:2] / key

    def load(self, key: str):
        """The stored FileResult for ``key``, or None when there is none or it is damaged."""
        from medlint.engine import FileResult

        entry = self._entry(key)
        try:
            record = json.loads(entry.read_bytes())
            if record["fields"] != _FIELDS:
                return None
            result = FileResult(record["path"], [Diagnostic(*row) for row in record["diagnostics"]],
                                dict(record["facts"]), links=links_from_record(record.get("links")),
                                chrome_candidates=candidates_from_record(record.get("chrome"), record.get("chrome_rows")))
        except (OSError, ValueError, TypeError, KeyError):
            return None
        try:
            os.utime(entry)  # recently used entries are the last to be pruned
        except OSError:
            pass
        return result

    def store(self, key: str, result) -> None:
        """Write ``result`` under ``key``; a cache that cannot be written is silently skipped."""
        if any(d.code in NOT_STORED for d in result.diagnostics):
            return
        record = {"path": result.path, "fields": _FIELDS, "facts": result.facts,
                  "diagnostics": [as_row(d) for d in result.diagnostics],
                  "links": links_record(result.links), **candidates_record(result.chrome_candidates)}
        entry = self._entry(key)
        try:
            self._prepare()
            entry.parent.mkdir(exist_ok=True)
            write_whole(entry, json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except (OSError, TypeError, ValueError):
            pass

    def _prepare(self) -> None:
        """Create the folder with a .gitignore of ``*`` (git ignores it) and a CACHEDIR.TAG
        (backup tools skip it), as ruff does."""
        results = self.directory / "results"
        if results.is_dir():
            return
        results.mkdir(parents=True, exist_ok=True)
        (self.directory / ".gitignore").write_text("# Created by medlint: the result cache.\n*\n", encoding="utf-8")
        (self.directory / "CACHEDIR.TAG").write_text(
            "Signature: 8a477f597d28d172789f06886806bc55\n# The medlint result cache: see https://bford.info/cachedir/\n",
            encoding="utf-8")

    def results(self, targets: list, lint_misses, inputs=lambda target: ""):
        """One FileResult per target, in order: stored ones from the cache, the rest from
        ``lint_misses(targets)`` (an iterator of results in the order given, which stores
        them). ``inputs(target)``: what else its result depends on (see key). Now and then,
        after writing, prunes the folder (see PRUNE_EVERY)."""
        found = {}
        misses = []
        for index, target in enumerate(targets):
            result = self._lookup(target, inputs(target))
            if result is None:
                misses.append(target)
            else:
                found[index] = result
        computed = iter(lint_misses(misses)) if misses else iter(())
        for index in range(len(targets)):
            yield found.pop(index) if index in found else next(computed)
        if misses and random.random() < len(misses) / PRUNE_EVERY:
            prune(self.directory)

    def _lookup(self, target, inputs: str = ""):
        if target.missing or target.data is not None or target.problems:  # fetched pages are not stored
            return None
        try:
            if os.stat(target.path).st_size > self.max_file_size:
                return None
            with open(target.path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None  # the check reports it
        return self.load(self.key(data, target.path, target.format, inputs))


def links_record(links) -> dict | None:
    """A page's links (medlint.links.PageLinks) as JSON data."""
    if links is None:
        return None
    rows = lambda pairs: [[url, as_row(where)] for url, where in pairs]  # noqa: E731
    return {"links": rows(links.links), "anchors": sorted(links.anchors), "external": rows(links.external)}


def links_from_record(record: dict | None):
    if record is None:
        return None
    from medlint.links import PageLinks

    pairs = lambda rows: tuple((url, Diagnostic(*where)) for url, where in rows)  # noqa: E731
    return PageLinks(pairs(record["links"]), frozenset(record["anchors"]), pairs(record["external"]))


def candidates_record(candidates: dict | None) -> dict:
    """A page's site-chrome candidates (medlint.site.PagePrint.blocks) as an entry's fields:
    their fingerprints, and their places as one JSON text, decoded only when a place is read."""
    if candidates is None:
        return {"chrome": None}
    return {"chrome": list(candidates),
            "chrome_rows": json.dumps(list(candidates.values()), ensure_ascii=False, separators=(",", ":"))}


def candidates_from_record(keys: list | None, rows: str | None):
    """The chrome candidates an entry's fields (candidates_record) describe, or None."""
    return None if keys is None else StoredCandidates(keys, rows)


class StoredCandidates(Mapping):
    """A page's chrome candidates read from the cache: fingerprint -> (block index, start,
    end, source line, words). The site pass reads every page's fingerprints but the places of
    only the few that repeat, so the places stay undecoded until one is read (decoding every
    page's was a fifth of a warm run)."""

    def __init__(self, keys: list[str], rows: str) -> None:
        self._keys = dict.fromkeys(keys)
        self._rows = rows
        self._places: dict | None = None

    def __getitem__(self, key: str) -> tuple:
        if self._places is None:
            self._places = {k: (index, tuple(start), tuple(end), tuple(line), words)
                            for k, (index, start, end, line, words) in zip(self._keys, json.loads(self._rows))}
        return self._places[key]

    def __contains__(self, key) -> bool:
        return key in self._keys

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all (``atomicfile.replacing``): readers
    see all or nothing."""
    from medlint.atomicfile import replacing

    with replacing(target, binary=True) as file:
        file.write(data)


def settings_digest(settings, run_inputs: str = "") -> bytes:
    """A hash of every setting a file's result can depend on, with medlint's version and code.

    Generic over the fields of Settings and Context, so a field added to either is part of
    the key without a change here. A value with no stable text form (an object shown by its
    address) makes every run's digest different: the cache then never hits, and never lies.
    """
    text = json.dumps({"settings": settings, "run": run_inputs, "version": __version__, "format": FORMAT,
                       "code": code_fingerprint()}, default=_plain, sort_keys=True, ensure_ascii=False)
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
    """Size and modification time of each file of the installed medlint and its rule packs:
    a changed check or word list starts a fresh cache even without a new version number."""
    import medlint
    import medlint.rules

    found = []
    for package in (medlint, medlint.rules):
        top = Path(package.__file__).parent
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                stat = os.stat(os.path.join(folder, name))
                found.append([os.path.relpath(os.path.join(folder, name), top), stat.st_size, stat.st_mtime_ns])
    return found


def prune(directory: str | Path, max_bytes: int | None = None) -> None:
    """Remove the least recently used entries until the cache is under three quarters of
    ``max_bytes`` (default MAX_BYTES); temporary files left by a killed run go once they
    are an hour old."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    results = Path(directory) / "results"
    entries = []
    total = 0
    hour_ago = time.time() - 3600
    try:
        shards = list(os.scandir(results))
    except OSError:
        return
    for shard in shards:
        try:
            for entry in os.scandir(shard.path):
                stat = entry.stat()
                if entry.name.endswith(".tmp"):
                    if stat.st_mtime < hour_ago:
                        _remove(entry.path)
                    continue
                entries.append((stat.st_mtime, stat.st_size, entry.path))
                total += stat.st_size
        except OSError:
            continue
    if total <= max_bytes:
        return
    for _, size, path in sorted(entries):
        _remove(path)
        total -= size
        if total <= max_bytes * 3 // 4:
            break


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # another run removed it first


def clear(directory: str | Path) -> tuple[int, int] | None:
    """Delete the cache folder; (files, bytes) it held, or None if there was none."""
    import shutil

    directory = Path(directory)
    if not directory.is_dir():
        return None
    sizes = [entry.stat().st_size for entry in directory.rglob("*") if entry.is_file()]
    shutil.rmtree(directory, ignore_errors=True)
    return len(sizes), sum(sizes)
