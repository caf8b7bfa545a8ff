"""medlint's folder in the user's cache, and the YAML files medlint ships, kept there as JSON.

Parsing the built-in rule packs and the analysis vocabulary from YAML costs about 25 ms, a
tenth of a one-page run; the same data decoded from JSON takes half a millisecond. So the
first run stores each shipped YAML file's data as JSON under a name made of a hash of its
text (a changed pack is a new name), and later runs read that. Only data that JSON gives back
unchanged is stored (a date or a number key would come back different: such a file is parsed
from YAML every time), and a folder that cannot be written is simply not used. A user's own
packs are always read from YAML, so their errors are reported as before.

The folder holds five kinds of entry, each named ``KIND-HASH…``: ``yaml-`` (these copies),
``anchors-`` (medlint.analysis.anchors), ``lexicon-`` (the spelling index, medlint.lexicon),
``regex-`` (compiled patterns, medlint.regexes) and ``runs-`` (records of check runs to
replay, medlint.replay, which keeps the most recent of them). A changed medlint writes new names and
leaves the old ones behind, so whenever an entry is written (never on a run that only
reads), the other entries of its kind that no run has read for STALE_AFTER go
(``remove_stale``; several medlint installations may share the folder, each reading its
own); ``medlint clean`` removes all this medlint does not use (``remove_unused``).
"""

from __future__ import annotations

import os
import time

try:  # the same BLAKE2 as hashlib's, without loading OpenSSL (3 ms of every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

KINDS = {"yaml": "rule-pack copies", "anchors": "pattern anchors", "lexicon": "spelling index",
         "regex": "compiled patterns", "runs": "run records"}  # kind: what it holds
LEFT_BY_KILLED_RUNS = "files left by killed runs"
STALE_AFTER = 7 * 24 * 3600  # seconds an entry may go unread before a newer one of its kind replaces it
ABANDONED_AFTER = 3600  # seconds after which a temporary file was left by a run that was killed


def cache_folder() -> str:
    """medlint's folder in the user's cache: $XDG_CACHE_HOME/medlint, else ~/.cache/medlint."""
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "medlint")


def cache_home() -> Path:
    """cache_folder as a Path. (pathlib is imported here, not with the module: a replayed
    run, medlint.replay, reads the folder's name and nothing else.)"""
    from pathlib import Path

    return Path(cache_folder())


def yaml_copy_path(text: str) -> Path:
    """Where the JSON copy of a shipped YAML file with content ``text`` is kept."""
    return cache_home() / f"yaml-{blake2b(text.encode('utf-8'), digest_size=12).hexdigest()}.json"


def shipped_yaml(text: str):
    """The data of a YAML file shipped with medlint (``text``, its content): from its JSON
    copy in the user's cache, made first if there is none. Raises yaml.YAMLError as
    ``yaml.load`` does for text that is not YAML."""
    import json

    from medlint.atomicfile import write_bytes

    stored = yaml_copy_path(text)
    try:
        return json.loads(stored.read_bytes())
    except (OSError, ValueError):
        pass  # not stored yet, or damaged: parse it
    import yaml

    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        copy = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return data  # holds what JSON cannot say (a date): never stored
    if json.loads(copy) == data:
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(stored, copy.encode("utf-8"))
        except OSError:
            return data
        remove_stale(stored)
    return data


def what_it_held(name: str) -> str:
    """What a file of the folder held, in words: KINDS' label, or LEFT_BY_KILLED_RUNS."""
    return LEFT_BY_KILLED_RUNS if name.endswith(".tmp") else KINDS[name.partition("-")[0]]


def _entry(name: str) -> str:
    """The entry a file of the folder belongs to: its name up to the first dot
    ("lexicon-1a2b" for each of lexicon-1a2b.counts, .marisa, …)."""
    return name.partition(".")[0]


def remove_where(folder: str | os.PathLike, doomed) -> list[tuple[str, int]]:
    """Remove each file of ``folder`` for which ``doomed(name, stat)`` is true, and the
    temporary files killed runs left; (file name, bytes) of each file removed."""
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        try:
            stat = entry.stat(follow_symlinks=False)
            if entry.name.endswith(".tmp") and now - stat.st_mtime < ABANDONED_AFTER:
                continue  # another run is writing it
            if entry.is_file(follow_symlinks=False) and (entry.name.endswith(".tmp") or doomed(entry.name, stat)):
                os.unlink(entry.path)
                removed.append((entry.name, stat.st_size))
        except OSError:
            continue  # gone already (another run), or not ours to remove
    return removed


def remove_stale(written: Path) -> list[tuple[str, int]]:
    """After ``written`` was stored in the user's cache: remove the other entries of its kind
    (other versions of it) that no run has read for STALE_AFTER seconds (last read: the
    later of the file's access and modification times, which the system keeps to a day),
    and temporary files left by killed runs. Costs one listing of the folder, only when
    something new was stored. Returns (file name, bytes) of each file removed."""
    kind, keep = written.name.partition("-")[0] + "-", _entry(written.name)
    now = time.time()
    return remove_where(written.parent, lambda name, stat: name.startswith(kind) and _entry(name) != keep
                         and now - max(stat.st_atime, stat.st_mtime) > STALE_AFTER)


def entries_in_use() -> set[str]:
    """The entries (see ``_entry``) this medlint reads: the JSON copy of each YAML file it
    ships, its pattern anchors, its spelling index and its compiled patterns."""
    from medlint.analysis.anchors import stored_path
    from medlint.lexicon import index_name
    from medlint.regexes import stored_path as regex_path
    from medlint.rules import FOLDER

    shipped = [f for f in FOLDER.iterdir() if f.name.endswith(".yaml")]
    regexes = regex_path()
    return {_entry(yaml_copy_path(f.read_text(encoding="utf-8")).name) for f in shipped} | {
        _entry(stored_path().name), index_name()} | ({_entry(regexes.name)} if regexes else set())


def remove_unused() -> list[tuple[str, int]]:
    """Remove every entry of the user's cache that this medlint does not read (other
    versions', other installations': they are made again when needed) and temporary files
    left by killed runs: what `medlint clean` does. Returns (file name, bytes) of each removed."""
    in_use = entries_in_use()
    return remove_where(cache_home(), lambda name, stat: name.partition("-")[0] in KINDS and _entry(name) not in in_use)
