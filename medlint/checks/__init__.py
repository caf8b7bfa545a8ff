"""What rules run: generic check kinds that packs configure, and built-in rule functions.

Two ways a pack entry says how its rule checks a page (``check:``):

- a **kind** (``existence``, ``substitution``, ``claim``, ``menu`` …): a module here that defines
  PARAMS_SCHEMA (the JSON schema of its ``params``, each with a ``description`` that
  `medlint explain` prints) and a ``Checker`` class built from those params, whose
  ``findings(document, context)`` yields Findings; and SETTINGS, the configuration keys the
  Checker reads through the Context, if any. Packs (the user's too) add rules of these kinds
  without code.
- ``function``: a rule written as one Python function, registered under its code with
  ``@rule_function("ST001", params={...}, settings=(...))`` in one of RULE_FUNCTION_MODULES; a
  search for the code finds it. Its params' schema, with their defaults, stands in the decorator.

A Checker (or a rule function's ``facts``) may also give ``facts(document, context) -> dict``:
page-level figures (reading grade, review date) that reports show next to the findings.
"""

from __future__ import annotations

import functools
import importlib
import operator
import re
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from medlint.analysis import memoised
from medlint.analysis.anchors import GROUP_REFERENCE, Anchors, anchors_of
from medlint.document import REGIONS, Block, Document
from medlint.patterns import alternation, phrases_pattern
from medlint.regexes import compiled

KINDS = {
    "existence": "medlint.checks.existence",
    "substitution": "medlint.checks.substitution",
    "mojibake": "medlint.checks.mojibake",
    "claim": "medlint.checks.claims",
    "sources": "medlint.checks.sources",
    "abbreviation": "medlint.checks.abbreviations",
    "copyright_year": "medlint.checks.copyright_year",
    "reading_grade": "medlint.checks.reading_grade",
    "standalone": "medlint.checks.standalone",
    "menu": "medlint.checks.menu",
}
FUNCTION_KIND = "function"
# Modules that register rule functions (imported when a pack names ``check: function``).
RULE_FUNCTION_MODULES = ("medlint.checks.structure", "medlint.checks.repetition", "medlint.checks.review_date",
                         "medlint.checks.prose_length", "medlint.checks.spelling", "medlint.checks.empty_section",
                         "medlint.checks.placeholder_link")
BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "table_cell")

FORMATS = ("markdown", "html", "text")
# Params every kind accepts: which blocks of the page it reads, and in which file formats
# (Markdown syntax is a leak in an HTML page, the writer's own markup in a Markdown file).
SCOPE_SCHEMA = {
    "regions": {"type": "array", "items": {"enum": list(REGIONS)}, "minItems": 1,
                "description": f"the parts of the page read ({', '.join(REGIONS)}); not set: all"},
    "blocks": {"type": "array", "items": {"enum": list(BLOCK_KINDS)}, "minItems": 1,
               "description": f"the kinds of block read ({', '.join(BLOCK_KINDS)}); not set: all"},
    "formats": {"type": "array", "items": {"enum": list(FORMATS)}, "minItems": 1,
                "description": f"the file formats checked ({', '.join(FORMATS)}); not set: all"},
}


class Finding(NamedTuple):  # (not a frozen dataclass: the class made in a fifth of the time, each finding in a third)
    """A span of one block's text (or the whole page when block is None) that a rule flags."""

    block: Block | None
    start: int = 0
    end: int = 0
    values: Mapping[str, object] = MappingProxyType({})  # fills the rule's message template (none: read-only, shared)
    suggestion: str | None = None
    end_block: Block | None = None  # a span over several blocks (a menu of list items) ends in this one
    severity: str | None = None  # milder than the rule's own for this finding (config per code still wins)


def kind_module(kind: str):
    return importlib.import_module(KINDS[kind])


class RuleFunction(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A built-in rule written as one function: ``function(document, context, params)``
    yields Findings; ``params`` maps each parameter name to its JSON schema, whose
    ``default`` is the value used when neither the pack nor the user's config sets it."""

    code: str
    function: Callable[..., Iterable[Finding]]
    params: dict
    facts: Callable[..., dict] | None = None  # facts(document, context, params=...): page-level figures (params by name)
    settings: tuple[str, ...] = ()  # configuration keys it reads through the Context
    prepare: Callable[[dict], object] | None = None  # called with the params when the checker is built

    @property
    def where(self) -> str:
        return f"{self.function.__module__}.{self.function.__name__}"

    def schema(self) -> dict:
        return {"type": "object", "additionalProperties": False, "properties": self.params}


RULE_FUNCTIONS: dict[str, RuleFunction] = {}


def rule_function(code: str, params: dict | None = None, facts: Callable[..., dict] | None = None,
                  settings: tuple[str, ...] = (), prepare: Callable[[dict], object] | None = None):
    """Register the decorated generator as the check of rule ``code``.

    ``params``: name -> JSON schema (with ``default`` and ``description``) of each parameter;
    ``facts``: an optional ``facts(document, context, params) -> dict`` of page figures for
    the reports; ``settings``: the configuration keys (kebab-case) it reads through the Context;
    ``prepare``: an optional ``prepare(params)``, called when the rule's checker is built (once a
    run, before its first page), to make what the function would otherwise make on the first
    page: Anchors made then would rebuild the anchors' automaton (medlint.analysis.anchors).
    """
    def register(function):
        RULE_FUNCTIONS[code] = RuleFunction(code, function, params or {}, facts, settings, prepare)
        return function

    return register


def rule_functions() -> dict[str, RuleFunction]:
    """Every registered rule function by code (importing the modules that define them)."""
    for module in RULE_FUNCTION_MODULES:
        importlib.import_module(module)
    return RULE_FUNCTIONS


def with_defaults(properties: dict, params: dict) -> dict:
    """``params`` with each absent parameter set to its schema's ``default`` (if it has one)."""
    return {**{name: schema["default"] for name, schema in properties.items() if "default" in schema}, **params}


class FunctionChecker:
    """Runs a registered rule function with its params (defaults filled in). It has
    ``facts(document, context)`` only when the rule has facts: the engine asks every checker
    that has it on every page, and most rule functions have none."""

    def __init__(self, rule: RuleFunction, params: dict) -> None:
        self.rule = rule
        self.params = with_defaults(rule.params, params)
        if rule.prepare:
            rule.prepare(self.params)
        if rule.facts:
            self.facts = functools.partial(rule.facts, params=self.params)

    def findings(self, document, context):
        return self.rule.function(document, context, self.params)


def scoped_blocks(document: Document, params: dict) -> tuple[Block, ...]:
    """The blocks of ``document`` a rule with these scope params reads (none if the file's
    format is not among its ``formats``), in page order. Worked out once per page for each
    scope: most rules share a few."""
    known = _SCOPES.get(id(params))
    if known is None or known[0] is not params:
        key = ("scoped_blocks", frozenset(params.get("regions", REGIONS)), frozenset(params.get("blocks", BLOCK_KINDS)))
        known = _SCOPES[id(params)] = (params, frozenset(params.get("formats", FORMATS)), key)
    _, formats, key = known
    if document.format not in formats:
        return ()
    found = document.memo.get(key)
    if found is not None:
        return found
    _, regions, kinds = key

    def compute() -> tuple[Block, ...]:
        present_regions, present_kinds = _present(document)
        if present_regions <= regions and present_kinds <= kinds:  # the scope leaves no block out
            return tuple(document.blocks)
        return tuple([b for b in document.blocks if b.region in regions and b.kind in kinds])

    return memoised(document, key, compute)


# Each rule's params (kept here, so their id stays theirs), the formats they read and the key
# of their blocks in a page's memo: a rule asks on every page, and reading its params into
# sets each time cost more than this lookup.
_SCOPES: dict[int, tuple[dict, frozenset[str], tuple]] = {}


def _present(document: Document) -> tuple[frozenset[str], frozenset[str]]:
    """The regions and the block kinds ``document``'s blocks have (one pass, memoised): a
    page of many tiny blocks is then copied, not filtered block by block, for each scope
    that takes all of them."""
    return memoised(document, ("present",), lambda: (frozenset(map(_REGION, document.blocks)),
                                                     frozenset(map(_KIND, document.blocks))))


_REGION, _KIND = operator.attrgetter("region"), operator.attrgetter("kind")


PHRASE_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}  # words or phrases, none empty
# The params match_any reads. ("description" says what a parameter does, as `medlint explain`
# prints it; "expected", what a value must look like, as a configuration error says it.)
MATCH_SCHEMA = {
    "patterns": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                 "description": "regular expressions (Python syntax) the rule looks for, case as written",
                 "expected": "a list of at least one pattern (an empty list matches nothing)"},
    "phrases": {**PHRASE_LIST, "minItems": 1,
                "description": "words or phrases the rule looks for, as whole words in any case",
                "expected": "a list of at least one phrase (an empty list matches nothing)"},
}


def match_any(params: dict, flags: int = 0) -> re.Pattern:
    """One regex for a pack's ``patterns`` and its ``phrases`` (whole words, any case: phrases
    are for editors). It matches nothing when both are empty."""
    return compiled(match_any_source(params), flags)


def match_any_source(params: dict) -> str:
    """The source of match_any's regex, for a rule that compiles it only when a page may
    match (medlint.analysis.anchors.Anchors)."""
    return alternation(match_any_parts(params)) or NEVER


def match_any_parts(params: dict) -> list[str]:
    """The patterns match_any joins: the pack's ``patterns``, then its ``phrases`` as one."""
    phrases = phrases_pattern(params.get("phrases", []))
    return params.get("patterns", []) + ([f"(?i){phrases}"] if phrases else [])


NEVER = r"(?!x)x"  # a regex that matches nothing


class AnchoredAlternation(Anchors):
    """The regex of several patterns (``alternation``) that searches each block with only
    the patterns that can match in it.

    Python's ``re`` tries every alternative of a regex at every character: a pack of fifteen
    patterns costs fifteen tries a character where one or two could match at all. Each
    pattern has its own anchors (medlint.analysis.anchors); a pattern whose anchors a block
    lacks matches nowhere in it, so leaving it out of the block's regex changes no match.
    ``regex`` (of every pattern, compiled on first use) is what the pack's checks test.
    """

    def __init__(self, patterns: list[str], flags: int = 0) -> None:
        super().__init__(alternation(patterns) or NEVER, flags)
        self.patterns = patterns
        split = len(patterns) > 1 and not any(GROUP_REFERENCE.search(p) for p in patterns)
        self.parts = [Anchors(alternation([p]), flags) for p in patterns] if split else []
        self._regexes: dict[tuple[int, ...], re.Pattern] = {}  # by the patterns it joins
        self._by_anchor: dict[str, list[int]] | None = None  # (``_parts_on``) made on first use
        self._unanchored: list[int] = []

    def searches(self, document, blocks) -> list[tuple[Block, re.Pattern]]:
        """(block, regex) for each of ``blocks`` (of ``document``, in order) that the regex
        may match, with the regex of the patterns that may match in that block: its
        matches are exactly the whole regex's."""
        return [(block, self.regex if which is None else self._regex(which)) for block, which in self._patterns_in(document, blocks)]

    def candidates(self, document, blocks) -> list:
        """Those of ``blocks`` (of ``document``, in order) that one of the patterns may match
        (``searches``' blocks, no regex made for them)."""
        return [block for block, _which in self._patterns_in(document, blocks)]

    def _patterns_in(self, document, blocks) -> list[tuple[Block, tuple[int, ...] | None]]:
        """(block, the numbers of the patterns that may match in it; None: the whole regex)
        for each of ``blocks`` that the regex may match."""
        if not self.parts and not self.needed:
            return [(block, None) for block in blocks]
        page = anchors_of(document)
        if not self.parts:
            return [(block, None) for block in page.chosen(self.holding(page), blocks)]
        # The whole regex may match where one of its patterns may: the patterns' blocks are
        # all that is asked, not the whole regex's too.
        numbers = self._parts_on(page)
        if not numbers:
            return []
        scope, texts, lowered = page.mask(blocks), page.blocks, page.lowered
        found = []  # (pattern number, the indexes of the blocks it may match in), for each pattern
        for number in numbers:
            part = self.parts[number]
            indexes = page.indexes(part.holding(page) & scope)
            if indexes and part.has_filter:  # (most have none: a call per block that can only say yes)
                indexes = [index for index in indexes if part.may_match(texts[index].text, lowered[index])]
            if indexes:
                found.append((number, indexes))
        if len(found) == 1:  # (most packs, on a page that holds their anchors): no blocks to merge
            (number, indexes), = found
            return [(texts[index], (number,)) for index in indexes]
        which: dict[int, list[int]] = {}  # block index -> the patterns that may match in it
        for number, indexes in found:
            for index in indexes:
                which.setdefault(index, []).append(number)
        return [(texts[index], tuple(which[index])) for index in sorted(which)]

    def _parts_on(self, page) -> Sequence[int]:
        """The numbers of the patterns that may match somewhere on ``page`` (``PageAnchors``),
        in order: those the page holds one of the ``firsts`` of, and those without anchors;
        on a page with blocks every rule reads (``unfolded``), all. Four in five packs have
        none of their anchors on a page: they are found in one lookup of the page's anchors,
        not pattern by pattern."""
        if self._by_anchor is None:
            self._by_anchor = {}
            for number, part in enumerate(self.parts):
                for anchor in part.firsts:
                    self._by_anchor.setdefault(anchor, []).append(number)
                if not part.needed:
                    self._unanchored.append(number)
        if page.unfolded:
            return range(len(self.parts))
        found = self._by_anchor.keys() & page.masks.keys()
        if not found:
            return self._unanchored
        if len(found) == 1 and not self._unanchored:  # (most pages that hold any): listed in order already
            return self._by_anchor[next(iter(found))]
        return sorted(set(self._unanchored).union(*map(self._by_anchor.__getitem__, found)))

    def _regex(self, which: tuple[int, ...]) -> re.Pattern:
        if which not in self._regexes:
            self._regexes[which] = (self.regex if len(which) == len(self.patterns)
                                    else compiled(alternation([self.patterns[i] for i in which]), self.flags))
        return self._regexes[which]


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
