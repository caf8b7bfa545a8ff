"""Compiled regular expressions, kept from run to run in the user's cache.

Compiling medlint's patterns (the packs' alternations, the anchors' tails, the readers' and
checks' own) took about 40 ms of CPU in every process: a sixth of a one-file run, paid
before a parallel run forks its workers, and ~30 ms again in each worker for the patterns
its pages needed and the parent's had not. Nearly all of it is ``re``'s Python-level parser
and code generator; the C half, which turns the code into a pattern object, takes
microseconds. So ``compiled`` keeps what the Python half made of each (pattern, flags) — the
arguments CPython's ``re._compiler.compile`` passes to ``_sre.compile`` — in one marshal
file of the user's cache (marshal, as Python's own bytecode cache: the folder is the user's
own), and a later run builds the pattern from them directly: the 150 a run's parent needs
in about 2 ms, the file's reading included.

Those arguments are CPython internals, so everything here is allowed to fail quietly:
- the file is named by, and begins with, Python's exact version, its bytecode tag and
  ``_sre``'s MAGIC and code word size; any other file (another Python's, a damaged one) is
  not read, and an entry that does not build is compiled by ``re.compile`` instead;
- an entry is stored only after the pattern built from it has been compared with
  ``re.compile``'s (``re.Pattern`` equality compares the pattern, flags and code words; the
  groups are compared too), so a Python whose internals differ stores nothing and loses nothing.
A part of a pattern (``compiled_part``) is what medlint's own code makes of it, so its key holds a
hash of that code: another medlint's parts (an earlier version's) are never read. So are the
sources medlint's code makes of pack data (``made_source``: the phrase lists' tries).
A pattern ``re`` rejects is never stored: ``re.compile`` reports its error as before.

New entries are written once per run, atomically, by the process that read the file (at its
exit); a forked worker leaves only what it added, in a small file of its own beside it
(``regex-….<pid>.new``), which that process merges in. The file is started again from this
run's patterns when it would grow past MAX_BYTES (each new site's pages join a pack's
patterns in new combinations: medlint.checks.AnchoredAlternation).
"""

from __future__ import annotations

import os
import re
import sys

MAX_BYTES = 3_000_000  # of stored code (the built-in rules on 300 pages: ~0.7 MB)


class _Store:
    """This process's view of the file: what it holds, and what this process added."""

    def __init__(self) -> None:
        # (pattern, flags), or (part name, pattern, flags) -> _sre.compile's arguments, or ()
        # for a part the pattern lacks; (source name, argument) -> a made source (str); None: not read yet
        self.entries: dict | None = None
        self.built: dict = {}  # key -> the pattern object (or None) this process made: made once
        self.used: set = set()  # the keys this process built from the file
        self.added: dict = {}  # the keys this process compiled and the file lacks -> the part's function (or None), or a made source's string
        self.owner = True  # False in a forked child: it leaves its additions to the process it came from
        self.saving = False  # whether a save at exit is arranged

    def forked(self) -> None:
        # A child keeps the patterns built and the file read; what it adds is its own to save.
        self.used, self.added, self.owner, self.saving = set(), {}, False, False

    def read(self) -> dict:
        """The file's entries, read at the first call."""
        if self.entries is None:
            path = stored_path()
            self.entries = _load(path) if path else {}
            if self.owner:
                _arrange_save()  # to merge what workers add, even when this process adds nothing
        return self.entries

    def stored(self, key):
        """The pattern (or None: no such part) built from the file's entry for ``key``;
        False when the file has none or it does not build."""
        found = self.read().get(key)
        if found is None or not found and len(key) == 2:  # () stands for a part's absence, never a pattern's
            return False
        try:
            built = _build(key[0] if len(key) == 2 else None, found) if found else None  # a part has no source
        except Exception:  # noqa: BLE001 - a damaged or foreign entry: compiled as usual
            del self.entries[key]
            return False
        self.used.add(key)
        self.built[key] = built
        return built

    def add(self, key, built, part=None):
        """Keep ``built``, made by this process for ``key`` (with ``part``, for a part; the
        source itself, for a made source)."""
        self.built[key] = built
        self.added[key] = part
        _arrange_save()
        return built


_STORE = _Store()
if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=lambda: _STORE.forked())


def compiled(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, built from the user's cache when an earlier run (or
    this one) compiled the same pattern with the same flags; made once a process.

    Args:
        pattern: the regex's source (str; any other type goes to ``re.compile`` as it is).
        flags: ``re`` flags (int or re.RegexFlag).
    Returns:
        A pattern equal to ``re.compile``'s (same source, flags, code words and groups).
    Raises:
        re.error: as ``re.compile`` does, for a bad pattern (it is never stored).
    """
    if not isinstance(pattern, str) or flags & re.DEBUG:
        return _RE_COMPILE(pattern, flags)
    key = (pattern, int(flags))
    if key in _STORE.built:
        return _STORE.built[key]
    built = _STORE.stored(key)
    return built if built is not False else _STORE.add(key, _RE_COMPILE(pattern, flags))


_RE_COMPILE = re.compile  # re's own, also while stored_import stands in for it


def stored_import(name: str):
    """``importlib.import_module(name)``, with the patterns the module (and the modules it
    imports) compiles with ``re.compile`` as it loads built by ``compiled``: libraries such as
    yaml compile theirs at import, which took a run's parent ~6 ms before it could fork its
    workers (yaml's reader alone, one pattern of every printable character: 3 ms). Meant for a
    module imported once (one of the page path, the command line); ``re.compile`` is ``re``'s
    own again when it returns."""
    import importlib

    if name in sys.modules:
        return sys.modules[name]
    _STORE.read()  # first, with re's own compile: reading it imports modules that compile as they load
    re.compile = compiled
    try:
        return importlib.import_module(name)
    finally:
        re.compile = _RE_COMPILE


def compiled_part(name: str, pattern: str, flags: int, part) -> re.Pattern | None:
    """The regex of a part of ``pattern``'s parse tree, compiled as ``re`` compiles a tree,
    and stored like ``compiled``'s patterns: a later run neither parses ``pattern`` nor
    compiles the part.

    Args:
        name: what ``part`` picks (a name of its own for each function); the key also holds a
            hash of the code of ``part``'s module, so another medlint's parts are never read.
        pattern, flags: the whole regex's source and ``re`` flags.
        part: ``part(pattern, flags)`` -> (the part's parse tree, its flags), or None when
            the pattern has no such part; it must depend on its arguments alone.
    Returns:
        The part's pattern object (its ``pattern`` is None), or None.
    Raises:
        Whatever ``part`` or compiling its tree raises (nothing is stored then).
    """
    from re import _compiler

    code = _code_digest(part.__module__)
    if not code:
        tree = part(pattern, flags)
        return None if tree is None else _compiler.compile(*tree)
    key = (f"{name}@{code}", pattern, int(flags))
    if key in _STORE.built:
        return _STORE.built[key]
    built = _STORE.stored(key)
    if built is not False:
        return built
    tree = part(pattern, flags)
    return _STORE.add(key, None if tree is None else _compiler.compile(*tree), part)


def made_source(name: str, make, argument) -> str:
    """``make(argument)``: a regex's source that medlint's code makes of pack data, stored
    like ``compiled_part``'s parts: a later run reads it instead of making it again.

    Args:
        name: what ``make`` makes (a name of its own for each function); the key also holds a
            hash of the code of ``make``'s module, so another medlint's sources are never read.
        make: a function of ``argument`` alone that returns a str.
        argument: what ``make`` is given; marshal must hold it (a tuple of str, say).
    Returns:
        The str ``make(argument)`` returns.
    Raises:
        Whatever ``make`` raises (nothing is stored then).
    """
    code = _code_digest(make.__module__)
    if not code:
        return make(argument)
    key = (f"{name}@{code}", argument)
    if key in _STORE.built:
        return _STORE.built[key]
    found = _STORE.read().get(key)
    if isinstance(found, str):
        _STORE.used.add(key)
        _STORE.built[key] = found
        return found
    source = make(argument)
    return _STORE.add(key, source, source)


_CODE_DIGESTS: dict = {}


def _code_digest(module: str) -> str:
    """A hash of the code of ``module`` (where a part's function lives), read once a process.
    The file is named by Python alone, and a part is what that code makes of a pattern: an
    upgraded (or another installed) medlint whose function reads patterns otherwise must not
    be served the parts an earlier one stored."""
    digest = _CODE_DIGESTS.get(module)
    if digest is None:
        from medlint.usercache import blake2b

        try:
            with open(sys.modules[module].__file__, "rb") as file:
                digest = blake2b(file.read(), digest_size=8).hexdigest()
        except (KeyError, AttributeError, TypeError, OSError):
            digest = ""  # code that cannot be read: its parts are compiled, never stored
        _CODE_DIGESTS[module] = digest
    return digest


def _build(pattern: str | None, arguments) -> re.Pattern:
    """The pattern object ``_sre.compile`` makes of stored ``arguments``."""
    import _sre
    from array import array

    flags, code, groups, groupindex, indexgroup = arguments
    return _sre.compile(pattern, flags, array(_CODE_TYPE, code).tolist(), groups, groupindex, indexgroup)


def _arguments(key, part):
    """What to store for ``key`` (see _Store.entries): what ``re._compiler.compile`` passes
    to ``_sre.compile`` for it, as (flags, code words as bytes, groups - 1, group index,
    index group); None when this Python's internals do not give back ``re``'s pattern."""
    from array import array
    from re import _compiler, _parser

    try:
        if part is None:
            source, flags = key
            tree, fresh = _parser.parse(source, flags), _RE_COMPILE(source, flags)
        else:
            source, found = None, part(*key[1:])
            if found is None:
                return ()
            tree, flags = found
            fresh = _compiler.compile(tree, flags)
        code = _compiler._code(tree, flags)
        groupindex = {str(name): int(index) for name, index in tree.state.groupdict.items()}
        indexgroup = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        arguments = (int(flags | tree.state.flags), array(_CODE_TYPE, code).tobytes(), tree.state.groups - 1,
                     groupindex, tuple(indexgroup))
        built = _build(source, arguments)
    except Exception:  # noqa: BLE001 - internals this module does not know
        return None
    # re.Pattern equality compares the source, the flags and the code words
    same = built == fresh and built.groups == fresh.groups and built.groupindex == fresh.groupindex
    return arguments if same else None


def _header() -> str | None:
    """What a file must begin with to be read by this Python: its exact version, bytecode
    tag, and ``_sre``'s MAGIC and code word size. None when these cannot be had."""
    try:
        import _sre

        return f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"
    except (AttributeError, ImportError):
        return None


def _code_type() -> str:
    """The array type code whose items are ``_sre``'s code words."""
    from array import array

    try:
        import _sre

        return next(t for t in "IL" if array(t).itemsize == _sre.CODESIZE)
    except (ImportError, AttributeError, StopIteration):
        return "I"


_CODE_TYPE = _code_type()


def stored_path():
    """The file in the user's cache, named by a hash of ``_header()``; None when there is none."""
    from medlint.usercache import blake2b, cache_home

    header = _header()
    if header is None:
        return None
    return cache_home() / f"regex-{blake2b(header.encode('utf-8'), digest_size=10).hexdigest()}.marshal"


def _load(path) -> dict:
    """The entries of a file written by ``_dump`` for this Python; {} for any other file."""
    import marshal

    try:
        with open(path, "rb") as file:
            # Read whole, then decoded: marshal.load on the file reads it an object at a time
            # (twice the time for the 1-2 MB the file holds).
            header, entries = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if header == _header() and isinstance(entries, dict) else {}


def _stored_size(value) -> int:
    """What an entry's value holds: a pattern's code words (bytes), or a made source's characters."""
    return len(value) if isinstance(value, str) else len(value[1]) if value else 0


def _dump(path, entries: dict) -> None:
    """Write ``entries`` to ``path`` whole or not at all. Raises OSError."""
    import marshal

    from medlint.atomicfile import write_bytes

    write_bytes(path, marshal.dumps((_header(), entries)))


def _arrange_save() -> None:
    """Have ``save`` run when this process exits: the process that read the file merges its
    own additions and its workers' into it; a forked worker leaves its own beside it."""
    if _STORE.saving:
        return
    _STORE.saving = True
    if _STORE.owner:
        import atexit

        atexit.register(save)
        return
    from medlint.workers import at_worker_exit

    if not at_worker_exit(save):  # a multiprocessing worker: it exits through its finalizers, not atexit
        from multiprocessing import util

        util.Finalize(None, save, exitpriority=0)


def save() -> None:
    """Store what this process compiled and the file lacks (see the module's docstring).
    Quiet: a folder that cannot be written is simply not used."""
    path, entries = stored_path(), _STORE.entries
    if path is None or entries is None:
        return
    added = {}
    for key, part in _STORE.added.items():
        arguments = part if isinstance(part, str) else _arguments(key, part)  # a made source is stored as it is
        if arguments is not None:
            added[key] = arguments
    try:
        if not _STORE.owner:
            if added:
                path.parent.mkdir(parents=True, exist_ok=True)
                _dump(path.with_name(f"{path.name}.{os.getpid()}.new"), added)
            return
        for left in path.parent.glob(f"{path.name}.*.new"):  # the workers' additions
            added.update(_load(left))
            os.unlink(left)
        if not added:
            return
        merged = {**_load(path), **added}  # the file as it is now: another run may have added to it
        if sum(_stored_size(value) for value in merged.values()) > MAX_BYTES:
            merged = {key: entries[key] for key in _STORE.used if key in entries} | added
        path.parent.mkdir(parents=True, exist_ok=True)
        _dump(path, merged)
    except OSError:
        return
    from medlint.usercache import remove_stale

    remove_stale(path)
