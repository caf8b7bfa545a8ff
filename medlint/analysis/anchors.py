"""Literal anchors: a rule's regex runs only on the blocks where it can match.

Most of a page's blocks hold none of the words a phrase or pattern rule looks for, yet
scanning every block with every rule's regex was a fifth of a run. Every match of a regex
contains one of a set of literal strings that can be read off the parsed regex (its
*anchors*: "lorem" for ``lorem\\s+ipsum``; "cure" or "guarantee" for ``cures?|guaranteed``).
The anchors of every rule go into one Aho-Corasick automaton (pyahocorasick), which scans
each block's lower-cased text once and says which anchors occur in it; a rule then runs its
regex, unchanged, only on the blocks that hold one of its own anchors. The regex still
decides every match, so the findings are exactly those of a full scan.

A regex with an alternative that needs no literal (``[A-Z]{2,}``) has no anchors and runs on
every block. Lower-casing stands in for the regex's case-insensitive matching except for the
few characters Python's ``re`` folds specially (the long s, the Kelvin sign, dotted I …): a
block with one of those is scanned by every rule, and a pattern that names one is not anchored.
"""

from __future__ import annotations

import functools
import re

# re's own parser: what the patterns mean, read as re reads them
from re import _casefix
from re import _constants as _sre
from re import _parser as _sre_parse


def _extra_cases() -> frozenset[str] | None:
    """Characters whose case-insensitive matches in ``re`` are not just those of str.lower();
    only the non-ASCII ones: each of re's extra pairs ("s" and the long "ſ") has one. None
    when this Python's table of them cannot be found: then no block is ever skipped."""
    table = getattr(_casefix, "_EXTRA_CASES", None)
    if not table:
        return None
    codes = set(table) | {c for cases in table.values() for c in cases}
    return frozenset(chr(c) for c in codes if c > 127) | {"\u0130"}  # İ: lower-cases to two characters


SPECIAL_FOLDS = _extra_cases()


class Anchors:
    """Which blocks a regex may match, and the regex itself, compiled on first use.

    ``pattern`` is a compiled regex, or a pattern's source with its ``flags``: the anchors are
    read off the source, so a rule whose anchors a page never holds never compiles its regex
    (compiling the packs' patterns was a quarter of a one-page run). ``candidates`` is cheap.
    """

    def __init__(self, pattern: str | re.Pattern, flags: int = 0) -> None:
        if isinstance(pattern, re.Pattern):
            self.__dict__["regex"] = pattern
            pattern, flags = pattern.pattern, pattern.flags
        self.pattern = pattern
        self.flags = flags
        self._needed: frozenset[str] | None | bool = False  # False: not worked out yet
        _INDEX.pending.append(self)

    @functools.cached_property
    def regex(self) -> re.Pattern:
        """The compiled regex (re.error for a bad pattern)."""
        return re.compile(self.pattern, self.flags)

    @property
    def needed(self) -> frozenset[str] | None:
        """The lower-cased literals one of which every match contains; None: no such set."""
        if self._needed is False:
            self._needed = _INDEX.literals(self.pattern, self.flags)
            if self._needed:
                _INDEX.add(self._needed)
        return self._needed

    def candidates(self, document, blocks: list) -> list:
        """Those of ``blocks`` (blocks of ``document``, in order) whose text holds one of the
        anchors: the regex cannot match the others."""
        needed = self.needed
        if not needed:
            return blocks
        by_anchor, unfolded = _INDEX.page(document)
        ids = set(unfolded)
        for anchor in needed & by_anchor.keys():
            ids |= by_anchor[anchor]
        return [b for b in blocks if id(b) in ids] if ids else []


class _AnchorIndex:
    """Every anchor of every rule in the process, and an automaton over them. Each Anchors
    made so far (every selected rule's, once the checkers are built) adds its anchors before a
    page is scanned, so the first page is scanned once, not again as each rule adds its own."""

    def __init__(self) -> None:
        self.anchors: set[str] = set()
        self.pending: list[Anchors] = []  # made, anchors not yet added
        self.automaton = None
        self.version = 0
        self.stored: dict | None = None  # required_literals by pattern, from the user's cache
        self.unsaved = False

    def literals(self, pattern: str, flags: int) -> frozenset[str] | None:
        """``required_literals(pattern, flags)``, read from the user's cache when an earlier run
        worked it out (reading every rule's pattern takes ~15 ms of a one-page run). The cache
        file is named by a hash of this module's code and of Python's version: a change to
        either starts a new one."""
        if self.stored is None:
            self.stored = _read_stored()
        key = f"{flags}:{pattern}"
        found = self.stored.get(key, False)
        if found is None or (isinstance(found, list) and found and all(isinstance(a, str) and a for a in found)):
            return frozenset(found) if found else None
        needed = required_literals(pattern, flags)
        if len(self.stored) < MAX_STORED:
            self.stored[key] = sorted(needed) if needed else None
            self.unsaved = True
        return needed

    def add(self, anchors: frozenset[str]) -> None:
        if not anchors <= self.anchors:
            self.anchors |= anchors
            self.automaton = None
            self.version += 1

    def page(self, document) -> tuple[dict[str, set[int]], set[int]]:
        """Where the anchors are on the page, found in one scan of its blocks (memoised per
        document): the ids of the blocks holding each anchor, and the ids of the blocks with a
        character whose case folding lower-casing does not match (every rule reads those)."""
        while self.pending:
            self.pending.pop().needed
        if self.unsaved:
            self.unsaved = False
            _write_stored(self.stored)
        seen = document.memo.get("anchors")
        if seen is not None and seen[0] == self.version and seen[1] is document.blocks:
            return seen[2]
        automaton = self._automaton()
        by_anchor: dict[str, set[int]] = {}
        unfolded = set()
        for block in document.blocks:
            text = block.text
            if not text.isascii() and not SPECIAL_FOLDS.isdisjoint(text):
                unfolded.add(id(block))
                continue
            for _, anchor in automaton.iter(text.lower()):
                by_anchor.setdefault(anchor, set()).add(id(block))
        document.memo["anchors"] = (self.version, document.blocks, (by_anchor, unfolded))
        return by_anchor, unfolded

    def _automaton(self):
        if self.automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for anchor in self.anchors:
                automaton.add_word(anchor, anchor)
            automaton.make_automaton()
            self.automaton = automaton
        return self.automaton


_INDEX = _AnchorIndex()
MAX_STORED = 5000  # patterns kept in the user's cache (the built-in rules have ~300)


def _stored_path():
    import sys
    from pathlib import Path

    from medlint.cache import blake2b
    from medlint.usercache import cache_home

    code = Path(__file__).read_bytes() + sys.version.encode()
    return cache_home() / f"anchors-{blake2b(code, digest_size=10).hexdigest()}.json"


def _read_stored() -> dict:
    import json

    try:
        stored = json.loads(_stored_path().read_bytes())
        return stored if isinstance(stored, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_stored(stored: dict) -> None:
    import json

    from medlint.cache import write_whole

    path = _stored_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a cache folder that cannot be written: worked out again next run


@functools.lru_cache(maxsize=1024)
def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-cased strings one of which occurs in every match of the regex; None when no
    such set can be read off it (an alternative with no literal, a back-reference)."""
    if SPECIAL_FOLDS is None:
        return None
    try:
        needed = _sequence(_sre_parse.parse(pattern, flags))
    except Exception:  # a pattern this reading does not follow is simply not anchored: it runs everywhere
        return None
    return frozenset(needed) if needed and all(needed) else None


def _sequence(items) -> frozenset[str] | None:
    """The most selective requirement of a sequence of regex items: a run of literal
    characters, or the requirement of a group or repetition inside it."""
    candidates = []
    run = []
    for op, value in items:
        char = _literal_char(op, value)
        if char is not None:
            run.append(char)
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        needed = _item(op, value)
        if needed:
            candidates.append(needed)
    if run:
        candidates.append(frozenset(["".join(run)]))
    if not candidates:
        return None
    # The longest shortest anchor is the rarest; fewer alternatives break ties.
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _literal_char(op, value) -> str | None:
    """The lower-cased character an item matches, if it matches one character only (up to case)."""
    if op is _sre.LITERAL:
        chars = {chr(value)}
    elif op is _sre.IN and value and all(o is _sre.LITERAL for o, _ in value):
        chars = {chr(v) for _, v in value}
    else:
        return None
    if not SPECIAL_FOLDS.isdisjoint(chars):
        return None
    lowered = {c.lower() for c in chars}
    return lowered.pop() if len(lowered) == 1 else None


def _item(op, value) -> frozenset[str] | None:
    if op is _sre.SUBPATTERN:
        return _sequence(value[-1])
    if op is _sre.BRANCH:
        branches = [_sequence(branch) for branch in value[1]]
        return None if any(b is None for b in branches) else frozenset().union(*branches)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = value
        return _sequence(sub) if low >= 1 else None
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(value)
    return None
