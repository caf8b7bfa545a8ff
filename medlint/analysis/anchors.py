"""Literal anchors: a rule's regex runs only on the blocks where it can match.

Most of a page's blocks hold none of the words a phrase or pattern rule looks for, yet
scanning every block with every rule's regex was a fifth of a run. Every match of a regex
contains one of a set of literal strings that can be read off the parsed regex (its
*anchors*: "lorem" for ``lorem\\s+ipsum``; "cure" or "guarantee" for ``cures?|guaranteed``).
The reading multiplies out short alternatives and optional parts next to literals (a phrase
trie's ``s(?:ign|hare)`` needs "sign" or "share", not just "s"), looks through ``\\b`` and
lookarounds, and keeps the set whose shortest string is longest: the rarest in practice.
The anchors of every rule go into one Aho-Corasick automaton (ahocorasick-rs), which scans
each block's lower-cased text once and says which anchors occur in it; a rule then runs its
regex, unchanged, only on the blocks that hold one of its own anchors. The regex still
decides every match, so the findings are exactly those of a full scan.

A regex with an alternative that needs no literal (``[A-Z]{2,}``) has no anchors and runs on
every block. Lower-casing stands in for the regex's case-insensitive matching except for the
few characters Python's ``re`` folds specially (the long s, the Kelvin sign, dotted I …): a
block with one of those is scanned by every rule, and a pattern that names one is not anchored.
"""

from __future__ import annotations

import copy
import functools
import itertools
import operator
import re

# re's own parser: what the patterns mean, read as re reads them
from re import _casefix
from re import _compiler as _sre_compile
from re import _constants as _sre
from re import _parser as _sre_parse
from typing import NamedTuple

from medlint.regexes import compiled, compiled_part


def _extra_cases() -> frozenset[str] | None:
    """Characters whose case-insensitive matches in ``re`` are not just those of str.lower();
    only the non-ASCII ones: each of re's extra pairs ("s" and the long "ſ") has one. None
    when this Python's table of them cannot be found: then no block is ever skipped."""
    table = getattr(_casefix, "_EXTRA_CASES", None)
    if not table:
        return None
    codes = set(table) | {c for cases in table.values() for c in cases}
    # İ: lower-cases to two characters; Σ: to "ς" at a word's end (str.lower's final sigma), which
    # re's folding (a character at a time) never gives: "ΑΓΧΟΣ".lower() is "αγχος", matched by "(?i)αγχοσ"
    return frozenset(chr(c) for c in codes if c > 127) | {"\u0130", "\u03a3"}


SPECIAL_FOLDS = _extra_cases()
# A text is searched for them with a class: a set's isdisjoint(text) makes and hashes a
# one-character string for each character of the text, re's scan for a class reads them in C.
SPECIAL_FOLD = compiled("[" + "".join(map(re.escape, sorted(SPECIAL_FOLDS))) + "]") if SPECIAL_FOLDS else None
# ``\\d`` is read as the ASCII digits: a block with any other digit ("٣") is scanned by every rule.
# (A class, \d but ASCII, not (?![0-9])\d: re scans for a pattern that starts with a class in a
# tight loop, but starts its matcher at every character for one that starts with a lookahead;
# the range rules out ASCII characters before the digit category is looked up. 5x faster.)
OTHER_DIGIT = compiled(r"[^\x00-\x7f\D]")


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
        self._needed: tuple | None | bool = False  # False: not worked out yet
        self._lookups: tuple | None = None
        self._firsts: frozenset[str] = frozenset()
        _INDEX.pending.append(self)

    @functools.cached_property
    def regex(self) -> re.Pattern:
        """The compiled regex (re.error for a bad pattern)."""
        return compiled(self.pattern, self.flags)

    @property
    def needed(self) -> tuple[tuple[frozenset[str], ...], ...] | None:
        """What every match holds (``required_alternatives``); None: nothing known."""
        if self._needed is False:
            needed = self._needed = _INDEX.alternatives(self.pattern, self.flags)
            if needed:
                _INDEX.add(frozenset().union(*(s for sets in needed for s in sets)))
                self._firsts = frozenset().union(*(sets[0] for sets in needed))
            # What ``holding`` looks up: a set of one anchor (most are) as that anchor, found
            # in one dict lookup rather than a set intersection.
            self._lookups = tuple(tuple(next(iter(s)) if len(s) == 1 else s for s in sets)
                                  for sets in needed) if needed else None
        return self._needed

    @property
    def firsts(self) -> frozenset[str]:
        """The anchors of the first (rarest) set of each alternative: every match holds one
        of them, so a block holding none of them is not a candidate. Empty when the regex
        has no anchors (``needed`` is None)."""
        self.needed  # noqa: B018 - worked out on first use
        return self._firsts

    @functools.cached_property
    def tail(self) -> re.Pattern | None:
        """``tail_regex`` of the pattern (None: the regex is searched alone)."""
        return tail_regex(self.pattern, self.flags)

    @functools.cached_property
    def lowered(self) -> re.Pattern | None:
        """``lowered_filter`` of the pattern (None: there is none)."""
        return lowered_filter(self.pattern, self.flags)

    def may_match(self, text: str, lower: str | None = None) -> bool:
        """Whether the regex may match ``text``: its ``lowered_filter`` finds a place in the
        lower-cased text (``lower``, when the caller has it) where lower-casing stands for re's
        folding (``lower_folds``); else its ``tail_regex``, when it has one, is in the text.
        False: it cannot match."""
        lowered = self.lowered
        if lowered is not None and lower_folds(text):
            return lowered.search(text.lower() if lower is None else lower) is not None
        tail = self.tail
        return tail is None or tail.search(text) is not None

    @functools.cached_property
    def has_filter(self) -> bool:
        """Whether ``may_match`` can say no (the pattern has a ``lowered_filter`` or a
        ``tail_regex``): most have neither, and callers then skip a call per block that can only say yes."""
        return self.lowered is not None or self.tail is not None

    def search(self, text: str, lower: str | None = None) -> re.Match | None:
        """The regex's first match in ``text``, searched for only where it may match
        (``may_match``; ``lower``: the text lower-cased, when the caller has it)."""
        return self.regex.search(text) if self.may_match(text, lower) else None

    def candidates(self, document, blocks: list) -> list:
        """Those of ``blocks`` (blocks of ``document``, in order) whose text holds, for one of
        the regex's alternatives, an anchor of each of its sets: the regex cannot match the others."""
        if not self.needed:
            return blocks
        page = anchors_of(document)
        return page.chosen(self.holding(page), blocks)

    def holding(self, page: PageAnchors) -> int:
        """The blocks of ``page`` (``PageAnchors``) the regex may match, as a mask of block indexes."""
        # ``_lookups`` is set once ``needed`` is worked out: the property (a call) is read only
        # before that or for a regex without anchors, not each of the ~50 times a page asks.
        if self._lookups is None and not self.needed:
            return page.every
        masks, found = page.masks, page.unfolded
        if masks.keys().isdisjoint(self._firsts):  # most rules, on most pages: one call in C
            return found
        for sets in self._lookups:
            held = page.every  # the blocks holding an anchor of every set so far
            for anchors in sets:
                held &= masks.get(anchors, 0) if anchors.__class__ is str else page.any_of(anchors)
                if not held:
                    break
            found |= held
        return found


# bin() of a mask, reversed and read as bytes of 0 and 1: its bits, lowest first (``_selected``)
_BIT_VALUES = bytes.maketrans(b"01", b"\x00\x01")
_BIT_DIGITS = bytes.maketrans(b"\x00\x01", b"01")  # the other way: bytes of 0 and 1 as binary digits


def mask_of(indexes) -> int:
    """The mask with the bits of ``indexes`` (ints ≥ 0) set, made in one pass: ORing bit
    after bit into one int copies the growing int each time, quadratic on a page of many blocks.
    A byte per bit, read as binary digits by int() in C, takes half the time of setting bits
    in Python (a mask per anchor found on the page: ~90 a page)."""
    indexes = list(indexes)
    if not indexes:
        return 0
    flags = bytearray(max(indexes) + 1)
    for index in indexes:
        flags[index] = 1
    return int(flags[::-1].translate(_BIT_DIGITS), 2)


def mask_of_flags(flags) -> int:
    """The mask whose bit i is set where ``flags`` (truth values: bools or 0 and 1) holds a
    true value at i, made in C: no Python step per flag."""
    return int(b"0" + bytes(flags)[::-1].translate(_BIT_DIGITS), 2)


def _selected(items, mask: int) -> list:
    """The items whose bit is set in ``mask`` (bit i stands for items[i]), in order; the bits
    are read in C, not one Python step per item."""
    return list(itertools.compress(items, bin(mask)[:1:-1].encode().translate(_BIT_VALUES)))


class PageAnchors:
    """Where the anchors are on one page. Sets of blocks are masks, ints whose bit i stands
    for the page's block i: a rule's candidates are a few ORs and ANDs of them, made in C
    however many blocks the page has (sets of block ids cost a step per block, per rule)."""

    __slots__ = ("blocks", "lowered", "masks", "unfolded", "every", "_scopes")

    def __init__(self, blocks: list, lowered: list[str], masks: dict[str, int], unfolded: int) -> None:
        self.blocks = blocks
        self.lowered = lowered  # the blocks' texts lower-cased, as the scan read them (for may_match)
        self.masks = masks  # anchor -> the blocks holding it
        self.unfolded = unfolded  # the blocks every rule reads (see SPECIAL_FOLDS)
        self.every = (1 << len(blocks)) - 1
        self._scopes: dict[int, tuple[list, int]] = {}  # id(blocks) -> (blocks, their mask)

    def any_of(self, anchors: frozenset[str]) -> int:
        """The blocks holding one of ``anchors``."""
        masks = self.masks
        return functools.reduce(operator.or_, map(masks.__getitem__, anchors & masks.keys()), 0)

    def mask(self, blocks) -> int:
        """The mask of ``blocks`` (some of the page's; others have no bit), worked out once
        per list: a rule's scope is one of a few lists the page's rules share."""
        if blocks is self.blocks:
            return self.every
        known = self._scopes.get(id(blocks))
        if known is None or known[0] is not blocks:  # the list is kept: its id is not reused
            if len(blocks) == len(self.blocks) and all(map(operator.is_, blocks, self.blocks)):
                mask = self.every  # a copy of the page's blocks (half the scopes): compared in C, no ids looked up
            else:
                chosen = set(map(id, blocks))
                mask = mask_of_flags(map(chosen.__contains__, map(id, self.blocks)))
            known = self._scopes[id(blocks)] = (blocks, mask)
        return known[1]

    def chosen(self, mask: int, blocks) -> list:
        """Those of ``blocks`` that ``mask`` holds, in page order. ``blocks`` is a list of the
        page's blocks that is not changed after it is first asked about (its mask is kept)."""
        mask &= self.mask(blocks)
        return _selected(self.blocks, mask) if mask else []

    def indexes(self, mask: int) -> list[int]:
        """The indexes of the blocks ``mask`` holds, in order."""
        return _selected(range(len(self.blocks)), mask) if mask else []


class _AnchorIndex:
    """Every anchor of every rule in the process, and an automaton over them. Each Anchors
    made so far (every selected rule's, once the checkers are built) adds its anchors before a
    page is scanned, so the first page is scanned once, not again as each rule adds its own."""

    def __init__(self) -> None:
        self.anchors: set[str] = set()
        self.pending: list[Anchors] = []  # made, anchors not yet added
        self.makers: list = []  # made_before_scanning's functions, not called yet
        self.automaton = None
        self.dfa = True  # whether the automaton is (to be) a DFA: see expect_pages
        self.version = 0
        self.stored: dict | None = None  # required_alternatives by pattern, from the user's cache
        self.unsaved = False

    def alternatives(self, pattern: str, flags: int) -> tuple[tuple[frozenset[str], ...], ...] | None:
        """``required_alternatives(pattern, flags)``, read from the user's cache when an earlier
        run worked it out (reading every rule's pattern takes ~15 ms of a one-page run). The
        cache file is named by a hash of this module's code and of Python's version: a change
        to either starts a new one. An entry that is neither a tuple nor None (a damaged file) is worked out again."""
        if self.stored is None:
            self.stored = _read_stored()
        key = (pattern, int(flags))  # (marshal holds a plain int, not a re.RegexFlag)
        found = self.stored.get(key, False)
        if found is None or isinstance(found, tuple):  # stored as required_alternatives gave it (marshal)
            return found
        needed = required_alternatives(pattern, flags)
        if len(self.stored) < MAX_STORED:
            self.stored[key] = needed
            self.unsaved = True
        return needed

    def add(self, anchors: frozenset[str]) -> None:
        if not anchors <= self.anchors:
            self.anchors |= anchors
            self.automaton = None
            self.version += 1

    def page(self, document) -> PageAnchors:
        """Where the anchors are on the page, found in one scan of its blocks (memoised per
        document): the blocks holding each anchor, and the blocks with a character whose
        case folding lower-casing does not match (every rule reads those)."""
        while self.makers:
            self.makers.pop()()
        while self.pending:
            self.pending.pop().needed
        if self.unsaved:
            self.unsaved = False
            _write_stored(self.stored)
        # (version, blocks, page, the anchors in each block (``_anchors_in_each``)), in the
        # page's memo, not here, so the page is freed with its check. Region inference reads the
        # anchors, then may split a few blocks: the page is then scanned again only in its new blocks.
        seen = document.memo.get("anchors")
        if seen is not None and seen[0] == self.version and seen[1] is document.blocks:
            return seen[2]
        blocks = document.blocks
        if seen is not None and seen[0] == self.version:  # blocks split since: only the new ones are read
            # (the old blocks are held: no new one has their id)
            known = dict(zip(map(id, seen[1]), zip(seen[3], seen[2].lowered)))
            fresh = zip(*_anchors_in_each([b for b in blocks if id(b) not in known], self._automaton()))
            both = [known[id(b)] if id(b) in known else next(fresh) for b in blocks]
            found, lowered = [anchors for anchors, _ in both], [text for _, text in both]
        else:
            found, lowered = _anchors_in_each(blocks, self._automaton())
        unfolded = mask_of(index for index, anchors in enumerate(found) if anchors is None)
        page = PageAnchors(blocks, lowered, _masks_by_anchor(found), unfolded)
        document.memo["anchors"] = (self.version, blocks, page, found)
        return page

    def _automaton(self):
        if self.automaton is None:
            import ahocorasick_rs

            # A DFA: built once in ~3 ms for the packs' ~1,000 anchors, it scans 300 patient pages'
            # blocks (3 M characters) in ~23 ms, where the NFA forms took ~40 ms and
            # pyahocorasick's automaton ~60 ms. With the anchors stored, a match is given as the
            # anchor's own str object, not a new one made from the text: those pages hold 150,000
            # matches, and making each (then hashing it in ``_masks_by_anchor``) took a third of
            # the scan (ahocorasick-rs stores them by itself only when they are under 4 KB in all).
            # (An NFA for a run of a few pages: see expect_pages.)
            kind = ahocorasick_rs.Implementation.DFA if self.dfa else ahocorasick_rs.Implementation.ContiguousNFA
            self.automaton = ahocorasick_rs.AhoCorasick(sorted(self.anchors), store_patterns=True, implementation=kind)
        return self.automaton

    def expect_pages(self, pages: int) -> None:
        dfa = pages >= DFA_FROM
        if self.automaton is not None and dfa and not self.dfa:
            self.automaton = None  # made for a smaller run: a DFA is made for this one
        if self.automaton is None:
            self.dfa = dfa


def _anchors_in_each(blocks: list, automaton) -> tuple[list[list[str] | None], list[str]]:
    """The anchors in each block's text, and the lower-cased texts it scanned (kept for the
    regexes' filters, ``may_match``: lower-casing them again was a fifth of their cost).
    The anchors are listed as often as they occur (a set of each block's took
    a seventh of the scan; ``_masks_by_anchor`` ORs a block into an anchor's mask as often,
    to the same mask); None for a block with a character whose case folding lower-casing
    does not match (``SPECIAL_FOLDS``, ``OTHER_DIGIT``). A page's blocks are many and short:
    the scan is chained in C (maps over the texts and the automaton's matches), not a Python
    step per block, and only the blocks that are not all ASCII are looked at for special folds."""
    texts = [block.text for block in blocks]
    lowered = list(map(str.lower, texts))
    overlapping = itertools.repeat(True)  # every anchor found, not only those no other overlaps
    found = list(map(automaton.find_matches_as_strings, lowered, overlapping))
    for index in itertools.compress(range(len(texts)), map(operator.not_, map(str.isascii, texts))):
        if not lower_folds(texts[index]):
            found[index] = None
    return found, lowered


def lower_folds(text: str) -> bool:
    """Whether ``text.lower()`` stands for re's case-insensitive matching of ``text``: it has no
    character that re folds otherwise (``SPECIAL_FOLDS``) and no digit but 0-9 (``OTHER_DIGIT``)."""
    return text.isascii() or _folds_unicode(text)


def phrase_matches(regex: re.Pattern, text: str):
    """The matches of ``regex`` in ``text``, as its finditer finds them; ``regex`` is
    case-insensitive and its letters are lower case (medlint.patterns.phrases_pattern's, or
    a hand-written one of literals, ``\\s`` and ``\\b``).

    re has no fast scan for a case-insensitive pattern: it is tried at every character. The
    same pattern, case-sensitive, finds the phrases in the lower-cased text many times faster;
    where lower-casing stands for re's folding (``lower_folds``) it matches at the same places,
    with the same ends, and the regex is matched at those places only."""
    lowered = _lowered_phrases(regex.pattern, regex.flags)
    if lowered is None or not lower_folds(text):
        yield from regex.finditer(text)
        return
    for place in lowered.finditer(text.lower()):
        yield regex.match(text, place.start())


@functools.lru_cache(maxsize=64)
def _lowered_phrases(pattern: str, flags: int) -> re.Pattern | None:
    """The regex of ``pattern`` and ``flags`` compiled case-sensitively, once per process, when
    a page first needs it; None when a phrase holds a character re folds otherwise. (Looked up
    by the source, whose hash its str keeps: a compiled pattern's hash reads all its compiled
    code, tens of KB for a long phrase list, at every block's call.)"""
    if SPECIAL_FOLDS is None or not SPECIAL_FOLDS.isdisjoint(pattern):
        return None
    return compiled(pattern, flags & ~re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # a page's blocks: the scan asks first, then each filtered pattern
def _folds_unicode(text: str) -> bool:
    return SPECIAL_FOLD is not None and not SPECIAL_FOLD.search(text) and not OTHER_DIGIT.search(text)


# Pages of at most this many blocks have their anchors' masks ORed bit by bit (``_masks_by_anchor``).
ORED_BLOCKS = 2048


def _masks_by_anchor(found: list[list[str] | None]) -> dict[str, int]:
    """anchor -> the mask of the blocks holding it, from the anchors in each block
    (``_anchors_in_each``; None holds none). On most pages each block's bit is ORed into
    its anchors' masks: ints of a few machine words, a third of the time of listing each
    anchor's blocks and making a mask of each list. On a page of many blocks each OR would
    copy a page-long int (quadratic): there the lists are made, and a mask of each in one pass."""
    if len(found) <= ORED_BLOCKS:
        masks: dict[str, int] = {}
        get = masks.get
        bit = 1
        for anchors in found:
            for anchor in anchors or ():
                masks[anchor] = get(anchor, 0) | bit
            bit <<= 1
        return masks
    holding: dict[str, list[int]] = {}  # anchor -> the indexes of the blocks holding it
    for index, anchors in enumerate(found):
        for anchor in anchors or ():
            holding.setdefault(anchor, []).append(index)
    return {anchor: mask_of(indexes) for anchor, indexes in holding.items()}


_INDEX = _AnchorIndex()
# Pages a run checks from which the anchors' automaton is a DFA. Over the packs' ~1,000 anchors
# (callgrind): the DFA takes 68M instructions (~10 ms) to build and 0.5M to scan a typical
# page; the contiguous NFA 8M and 0.83M. A run of fewer pages (a one-file run: a tenth of
# its time) is done sooner with the NFA.
DFA_FROM = 200


def expect_pages(pages: int) -> None:
    """Tell the automaton how many pages this run checks (medlint.engine does, before the
    first): it is a DFA from DFA_FROM pages, an NFA below (the default, untold: a DFA). A DFA
    once made stays; an NFA is made again as a DFA for a larger run."""
    _INDEX.expect_pages(pages)


def made_before_scanning(function):
    """Register ``function`` (no arguments; its result is not used) to be called before the
    first page's scan: for a function, cached, that makes the Anchors every page reads but only
    on first use. Its anchors then join the first automaton; made during the first page, they
    would add anchors after its scan and rebuild the automaton (~5 ms each time). Returns
    ``function``."""
    _INDEX.makers.append(function)
    return function


def anchors_of(document) -> PageAnchors:
    """Where every rule's anchors are on ``document`` (scanned once per page)."""
    seen = document.memo.get("anchors")  # asked by each rule: the page's scan, when nothing changed since
    if seen is not None and seen[1] is document.blocks and seen[0] == _INDEX.version and not (_INDEX.pending or _INDEX.makers):
        return seen[2]
    return _INDEX.page(document)


MAX_STORED = 5000  # patterns kept in the user's cache (the built-in rules have ~300)


def stored_path():
    """The anchors' file in the user's cache, named by this module's code and Python's version."""
    from medlint.usercache import cache_home

    return cache_home() / f"anchors-{_code_digest()}.marshal"


@functools.cache
def _code_digest() -> str:
    """A hash of this module's code and Python's version, read once: a process keeps the code
    it started with, so a file edited or upgraded under a long run does not name its readings."""
    import sys
    from pathlib import Path

    from medlint.usercache import blake2b

    return blake2b(Path(__file__).read_bytes() + sys.version.encode(), digest_size=10).hexdigest()


# The readings are kept as marshal data (as Python keeps bytecode; the file is named by
# Python's version): read back as the tuples of frozensets they are, where JSON's lists took
# as long again to turn back into them as to decode (~12M instructions of every run's start).
def _read_stored() -> dict:
    import marshal

    try:
        stored = marshal.loads(stored_path().read_bytes())
        return stored if isinstance(stored, dict) else {}
    except (OSError, EOFError, ValueError, TypeError):
        return {}


def _write_stored(stored: dict) -> None:
    import marshal

    from medlint.atomicfile import write_bytes
    from medlint.usercache import remove_stale

    path = stored_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, marshal.dumps(stored))
    except OSError:
        return  # a cache folder that cannot be written: worked out again next run
    remove_stale(path)


@functools.lru_cache(maxsize=1024)
def required_alternatives(pattern: str, flags: int = 0) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """For each alternative of the regex's top level (the patterns of a pack's alternation),
    the sets of lower-cased strings every match of it holds one of each of (``\\d+\\s+in\\s``:
    a digit, and "in"); None when an alternative has no such set."""
    if SPECIAL_FOLDS is None:
        return None
    try:
        readings = [_sequence(items) for items in _alternatives(_sre_parse.parse(pattern, flags))]
    except Exception:  # a pattern this reading does not follow is simply not anchored: it runs everywhere
        return None
    return None if any(not r.every for r in readings) else tuple(r.every for r in readings)


def _alternatives(items) -> list:
    """The top-level alternatives of a parsed regex, through groups around them."""
    if len(items) == 1:
        op, value = items[0]
        if op is _sre.BRANCH:
            return [alternative for branch in value[1] for alternative in _alternatives(branch)]
        if op is _sre.SUBPATTERN:
            return _alternatives(value[-1])
    return [items]


def line_start_regex(pattern: str, flags: int = 0) -> re.Pattern | None:
    """The regex compiled, when every match of it starts where a line does (each of its
    top-level alternatives begins with ``^`` or ``\\A``), else None. In a text without "\\n"
    such a regex matches at the text's start or nowhere: its ``match`` finds the first match
    ``finditer`` would and, unless that one is empty, the only one. Kept in the user's cache (``compiled_part``): a later run does not
    parse the pattern again."""
    try:
        return compiled_part("line_start", pattern, flags, _line_start_part)
    except Exception:  # a pattern this reading does not follow is searched as it is
        return None


def _line_start_part(pattern: str, flags: int):
    """line_start_regex's tree of ``pattern`` (all of it) and its flags, or None."""
    parsed = _sre_parse.parse(pattern, flags)
    if all(items and items[0] in LINE_STARTS for items in _alternatives(parsed)):
        return parsed, parsed.state.flags
    return None


# A group reference counts groups over the whole regex: a part of such a pattern is not a regex of its own.
GROUP_REFERENCE = compiled(r"\\[1-9]|\(\?P=|\(\?\(")


def _top_items(pattern: str, flags: int) -> tuple | None:
    """(parsed pattern, its top-level items, its flags), read through a non-capturing group
    around the whole pattern that turns no flag off (``(?i:…)``: its flags are the pattern's);
    None for a group around it all that captures or turns a flag off."""
    parsed = _sre_parse.parse(pattern, flags)
    items, flags = list(parsed), parsed.state.flags
    if len(items) == 1 and items[0][0] is _sre.SUBPATTERN:
        group, add_flags, del_flags, inner = items[0][1]
        if group is not None or del_flags:
            return None
        items, flags = list(inner), flags | add_flags
    return parsed, items, flags


def _tail(pattern: str, flags: int):
    """tail_regex's tail of ``pattern``: its parse tree and flags, or None."""
    top = _top_items(pattern, flags)
    if top is None:
        return None
    parsed, items, flags = top
    first = next((i for i, item in enumerate(items) if _starts_with_literal(item)), 0)
    # Not worth it when re already tries the pattern at few places (``^``, ``\\A``), or
    # when all before the tail is zero-width (``\\b``): the tail would start as often.
    if not first or items[0] in LINE_STARTS or all(op in ZERO_WIDTH for op, _value in items[:first]):
        return None
    return _sre_parse.SubPattern(parsed.state, items[first:]), flags


def tail_regex(pattern: str, flags: int = 0) -> re.Pattern | None:
    """The pattern's top-level items from the first one that starts with a literal character
    on, compiled, when the pattern itself starts otherwise (``\\b[A-Z][\\w'-]+\\s+et\\s+al\\b``:
    ``et\\s+al\\b``; ``(?i:\\d+\\s+(?:in|out\\s+of)\\s+\\d+)``: ``(?:in|out\\s+of)\\s+\\d+``, any case);
    else None.

    Every match of the pattern holds a match of its tail, on the same text (lookarounds and
    ``\\b`` see the same characters), so a text the tail is not in holds no match. ``re``
    skips to a literal start with a fast scan; a pattern starting with a class or a repeat is
    tried at every character, which on a long block costs many times the tail's search."""
    if GROUP_REFERENCE.search(pattern):
        return None
    try:
        return compiled_part("tail", pattern, flags, _tail)  # parsed and compiled once: kept in the user's cache
    except Exception:  # a pattern this reading does not follow is searched alone
        return None


def lowered_filter(pattern: str, flags: int = 0) -> re.Pattern | None:
    """For a case-insensitive pattern, a case-sensitive regex that finds, in a text's lower-cased
    form, a match wherever the pattern matches the text, when ``lower_folds`` holds of the text;
    None for a pattern that is not case-insensitive or has parts this reading does not follow.

    re has no fast scan for a case-insensitive pattern: it is tried at every character, each
    letter folded. Its literals lower-cased, the same pattern is searched case-sensitively in
    the lower-cased text, which holds a character where the text holds it in any case: at the
    same places (``_lowered``). Like ``tail_regex`` it starts at the first item that starts with
    a literal (what is before it is dropped, so every match still holds one of the filter's),
    which re then finds by its fast scan."""
    if SPECIAL_FOLDS is None or not (flags & re.IGNORECASE or "(?i" in pattern) or GROUP_REFERENCE.search(pattern):
        return None
    try:
        return compiled_part("lowered", pattern, flags, _lowered_part)  # parsed and compiled once: kept in the user's cache
    except Exception:  # a pattern this reading does not follow has no filter
        return None


def _lowered_part(pattern: str, flags: int):
    """lowered_filter's regex of ``pattern``: its parse tree and flags, or None."""
    top = _top_items(pattern, flags)
    # Not for ASCII folding (not lower-casing), nor where re tries the pattern at line starts
    # only: few places, each cheap.
    if top is None or not top[2] & re.IGNORECASE or top[2] & (re.ASCII | re.LOCALE) or not top[1] or top[1][0] in LINE_STARTS:
        return None
    parsed, items, flags = top
    first = next((i for i, item in enumerate(items) if _starts_with_literal(item)), None)
    if first is None:  # no literal start: the zero-width items at its start are dropped
        first = next((i for i, (op, _value) in enumerate(items) if op not in ZERO_WIDTH), 0)
    elif not any(chr(code).lower() != chr(code).upper() for code in _first_literals(items[first])):
        return None  # a start no case changes ("[", "<", a digit): re scans for it fast already
    state = copy.copy(parsed.state)
    state.flags = flags & ~re.IGNORECASE
    try:
        return _lowered(state, items[first:]), state.flags
    except _NotLowered:
        return None  # (stored as none: a later run does not read the pattern again)


class _NotLowered(Exception):
    """A part of a pattern ``_lowered`` does not read."""


REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None))
UNCASED = (_sre.AT, _sre.ANY, _sre.CATEGORY)  # what lower-casing leaves as it is (a test checks \\w, \\s, \\d)


def _lowered(state, items) -> _sre_parse.SubPattern:
    """Parsed items of a case-insensitive pattern, case-sensitive for lower-cased text: each
    literal (of a class too) lower-cased, as re folds it. Raises _NotLowered for a part that
    would not match the same places: a flag turned off or on inside, a wide range of letters,
    a character re folds otherwise (``lower_folds``), a group reference."""
    lowered = []
    for op, value in items:
        if op is _sre.LITERAL or op is _sre.NOT_LITERAL:
            value = _lower_code(value)
        elif op is _sre.IN:
            value = [member for o, v in value for member in _lowered_member(o, v)]
        elif op is _sre.BRANCH:
            value = (value[0], [_lowered(state, branch) for branch in value[1]])
        elif op is _sre.SUBPATTERN:
            group, add_flags, del_flags, inner = value
            if (add_flags | del_flags) & ~re.IGNORECASE or del_flags:
                raise _NotLowered
            value = (group, 0, 0, _lowered(state, inner))
        elif op in REPEATS:
            value = (value[0], value[1], _lowered(state, value[2]))
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            value = _lowered(state, value)
        elif op is _sre.ASSERT or op is _sre.ASSERT_NOT:
            value = (value[0], _lowered(state, value[1]))
        elif op not in UNCASED:
            raise _NotLowered
        lowered.append((op, value))
    return _sre_parse.SubPattern(state, lowered)


def _lower_code(code: int) -> int:
    char = chr(code)
    if not lower_folds(char):
        raise _NotLowered
    return ord(char.lower())


def _lowered_member(op, value) -> list:
    """A class member, lower-cased: a range of cased characters as its characters."""
    if op is _sre.LITERAL:
        return [(op, _lower_code(value))]
    if op is _sre.RANGE:
        low, high = value
        if high - low > MAX_RANGE:
            raise _NotLowered
        if any(chr(code).lower() != chr(code) for code in range(low, high + 1)):
            return [(_sre.LITERAL, _lower_code(code)) for code in range(low, high + 1)]
        return [(op, value)]
    if op is _sre.NEGATE or op is _sre.CATEGORY:
        return [(op, value)]
    raise _NotLowered


LINE_STARTS = [(_sre.AT, at) for at in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_LINE, _sre.AT_BEGINNING_STRING)]
ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _first_literals(item) -> list[int]:
    """The literal characters a ``_starts_with_literal`` item may start with."""
    op, value = item
    return [value] if op is _sre.LITERAL else [code for branch in value[1] for code in _first_literals(branch[0])]


def _starts_with_literal(item) -> bool:
    """Whether every match of a parsed item starts with a literal character (a literal, or
    alternatives that each do: re finds where such an item may start by a fast scan)."""
    op, value = item
    if op is _sre.LITERAL:
        return True
    return op is _sre.BRANCH and all(branch and _starts_with_literal(branch[0]) for branch in value[1])


# Sets of strings larger than this are not multiplied out: anchors stay few and the reading fast.
MAX_STRINGS = 64


class _Reading(NamedTuple):  # (not a frozen dataclass: made in a tenth of the time, at every run's start)
    """What every match of a piece of a regex is made of, as sets of lower-cased strings
    (None: no such finite set): ``exact``, one of which the whole match is; ``prefix`` and
    ``suffix``, one of which it starts or ends with; ``needed``, one of which it contains
    (the most selective such set found)."""

    exact: frozenset[str] | None = None
    prefix: frozenset[str] | None = None
    suffix: frozenset[str] | None = None
    needed: frozenset[str] | None = None
    every: tuple[frozenset[str], ...] = ()  # the few most selective sets, all needed (``needed`` first)


EMPTY = _Reading(exact=frozenset([""]), prefix=frozenset([""]), suffix=frozenset([""]))
UNKNOWN = _Reading()


def _product(left: frozenset[str] | None, right: frozenset[str] | None) -> frozenset[str] | None:
    if left is None or right is None or len(left) * len(right) > MAX_STRINGS:
        return None
    return frozenset(a + b for a in left for b in right)


# How many of the sets a match needs are checked, rarest first: each more one costs a set
# intersection per page and rarely removes a block the first ones kept.
MOST_SETS = 3
MIN_EXTRA = 3
# Words most paragraphs of prose hold. A set with one of them ("her", "his", "the", "your")
# passes most blocks, yet each of its occurrences costs the page scan a step: on 300 patient
# pages such sets and two-letter fragments ("in", "et", the "lt" of "&lt;") were two thirds of
# what the scan found, and removed few blocks. They are found only when a match needs nothing
# rarer. Finding fewer sets only makes a rule's candidates a superset: never a lost match.
COMMON_WORDS = frozenset("all are for has have her here his how may more other our out that the this "
                         "use with you your".split())


def _common(string: str) -> bool:
    """Whether most blocks of prose hold ``string``: a common word, or one or two letters."""
    return string in COMMON_WORDS or (len(string) < 3 and string.isalpha())


def _rarity(strings: frozenset[str]) -> tuple:
    """A set's rank, rarest first: a set without a common string (``_common``), then the one
    whose shortest string is longest, then the one with fewer strings."""
    return any(map(_common, strings)), -min(map(len, strings)), len(strings)


def _ranked(sets) -> tuple[frozenset[str], ...]:
    """Some sets of literals, each of which a match must hold one of, rarest first (``_rarity``),
    at most MOST_SETS; strings that contain another of their set are dropped (a text with
    "cures" has "cure")."""
    usable = dict.fromkeys(frozenset(a for a in s if not any(b != a and b in a for b in s))
                           for s in sets if s and "" not in s)  # in the pattern's order: ties keep it
    ranked = sorted(usable, key=_rarity)
    # After the first, a set with a short string ("a", "in", "at") or a common word is left out:
    # most blocks hold it, and finding it on every page would cost more than it saves.
    return tuple(ranked[:1] + [s for s in ranked[1:]
                               if min(map(len, s)) >= MIN_EXTRA and not any(map(_common, s))][:MOST_SETS - 1])


def _selective(sets) -> frozenset[str] | None:
    """The rarest of some sets of literals (``_ranked``)."""
    ranked = _ranked(sets)
    return ranked[0] if ranked else None


def _sequence(items) -> _Reading:
    """A sequence of items: runs of items with exact readings are multiplied out (``s`` then
    ``(?:ign|hare)`` is "sign" or "share"), and each run meets the prefix of the item after
    it and the suffix of the item before it."""
    readings = [_item(op, value) for op, value in items]
    candidates = [s for r in readings for s in r.every or (r.needed,)]
    run = frozenset([""])  # the exact strings of the items since the last inexact one
    prefix = None  # the sequence's: set at its first inexact item
    for reading in readings:
        if reading.exact is not None:
            joined = _product(run, reading.exact)
            if joined is None:  # too many strings: the run so far is one requirement, a new one starts
                candidates.append(run)
                joined = reading.exact
                prefix = prefix or frozenset([""])  # the start is no longer known exactly
            run = joined
            continue
        candidates += [run, _product(run, reading.prefix)]
        if prefix is None:
            prefix = _product(run, reading.prefix) or frozenset([""])
        run = reading.suffix if reading.suffix is not None else frozenset([""])
    candidates.append(run)
    exact = run if prefix is None else None
    suffix = _suffix(readings)
    every = _ranked(candidates)
    return _Reading(exact=exact, prefix=exact if prefix is None else prefix, suffix=suffix,
                    needed=every[0] if every else None, every=every)


def _suffix(readings: list[_Reading]) -> frozenset[str]:
    """The strings every match of the sequence ends with ("" when nothing is known)."""
    tail = frozenset([""])
    for reading in reversed(readings):
        if reading.exact is None:
            return _product(reading.suffix, tail) or tail
        joined = _product(reading.exact, tail)
        if joined is None:
            return tail
        tail = joined
    return tail


def _item(op, value) -> _Reading:
    chars = _literal_chars(op, value)
    if chars is not None:
        return _Reading(exact=chars, prefix=chars, suffix=chars, needed=chars)
    if op is _sre.AT:
        return EMPTY
    if op is _sre.ASSERT:  # a lookaround: it consumes nothing, but what it looks at is in the text searched
        inner = _sequence(value[1])
        return EMPTY._replace(needed=inner.needed, every=inner.every)
    if op is _sre.ASSERT_NOT:
        return EMPTY
    if op is _sre.SUBPATTERN:
        return _sequence(value[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(value)
    if op is _sre.BRANCH:
        return _branch([_sequence(branch) for branch in value[1]])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        return _repeat(*value)
    return UNKNOWN


def _union(sets, limit: int | None = MAX_STRINGS) -> frozenset[str] | None:
    if any(s is None for s in sets):
        return None
    joined = frozenset().union(*sets)
    return joined if limit is None or len(joined) <= limit else None


def _branch(branches: list[_Reading]) -> _Reading:
    """Alternatives: a match is one of them, so each set is the union of theirs."""
    return _Reading(exact=_union([b.exact for b in branches]), prefix=_union([b.prefix for b in branches]),
                    suffix=_union([b.suffix for b in branches]), needed=_union([b.needed for b in branches], limit=None))


def _repeat(low: int, high: int, sub) -> _Reading:
    inner = _sequence(sub)
    if inner.exact is not None and high <= 2:  # "s?", "(?:ab){2}": the few strings multiplied out
        exact = frozenset([""])
        strings = exact if low == 0 else frozenset()
        for count in range(1, high + 1):
            exact = _product(exact, inner.exact)
            if exact is None:
                break
            if count >= low:
                strings |= exact
        else:
            return _Reading(exact=strings, prefix=strings, suffix=strings, needed=_selective([strings]))
    if low == 0:
        return EMPTY if inner.exact == frozenset([""]) else UNKNOWN
    return _Reading(prefix=inner.prefix, suffix=inner.suffix, needed=inner.needed, every=inner.every)


DIGITS = "0123456789"


# A class's range is read as its characters when they are few and none is a letter, a digit
# or a common space: control characters ([\\x00-\\x1f]) and punctuation are rare in text, so
# they make good anchors; a range of letters ([a-z]) would be found in every block.
MAX_RANGE = 128
COMMON_SPACES = " \t\n\r"


def _range_chars(low: int, high: int) -> str:
    chars = "".join(map(chr, range(low, high + 1)))
    if len(chars) > MAX_RANGE or any(c.isalnum() or c in COMMON_SPACES for c in chars):
        raise _NotLiteral
    return chars


class _NotLiteral(Exception):
    """A class ``_literal_chars`` does not read as a short list of characters."""


def _literal_chars(op, value) -> frozenset[str] | None:
    """The lower-cased characters an item matches, if it matches one character from a short list."""
    try:
        return _listed_chars(op, value)
    except _NotLiteral:
        return None


def _listed_chars(op, value) -> frozenset[str] | None:
    if op is _sre.LITERAL:
        chars = {chr(value)}
    elif op is _sre.IN and value and all(o in (_sre.LITERAL, _sre.RANGE) or (o, v) == (_sre.CATEGORY, _sre.CATEGORY_DIGIT)
                                         for o, v in value):
        chars = set()
        for o, v in value:
            chars.update(DIGITS if o is _sre.CATEGORY else _range_chars(*v) if o is _sre.RANGE else chr(v))
    else:
        return None
    if not SPECIAL_FOLDS.isdisjoint(chars):
        return None
    return frozenset(c.lower() for c in chars)
