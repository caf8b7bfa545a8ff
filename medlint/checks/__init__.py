"""The kinds of check that rule packs use. Each module here is one kind.

A kind module defines PARAMS_SCHEMA (the JSON schema of its ``params`` in a pack) and a
``Checker`` class built from those params, whose ``findings(document, context)`` yields
Findings. A Checker may also define ``facts(document, context) -> dict``: page-level figures
(reading grade, review date) that reports show next to the findings.
"""

from __future__ import annotations

import datetime
import importlib
import re
from dataclasses import dataclass, field

from medlint.document import REGIONS, Block, Document

KINDS = {
    "existence": "medlint.checks.existence",
    "substitution": "medlint.checks.substitution",
    "mojibake": "medlint.checks.mojibake",
    "claim": "medlint.checks.claims",
    "sources": "medlint.checks.sources",
    "abbreviation": "medlint.checks.abbreviations",
    "review_date": "medlint.checks.review_date",
    "copyright_year": "medlint.checks.copyright_year",
    "reading_grade": "medlint.checks.reading_grade",
    "prose_length": "medlint.checks.prose_length",
    "structure": "medlint.checks.structure",
    "spelling": "medlint.checks.spelling",
    "repetition": "medlint.checks.repetition",
    "standalone": "medlint.checks.standalone",
    "menu": "medlint.checks.menu",
    "empty_section": "medlint.checks.empty_section",
    "placeholder_link": "medlint.checks.placeholder_link",
}
BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "table_cell")

FORMATS = ("markdown", "html", "text")
# Params every kind accepts: which blocks of the page it reads, and in which file formats
# (Markdown syntax is a leak in an HTML page, the writer's own markup in a Markdown file).
SCOPE_SCHEMA = {
    "regions": {"type": "array", "items": {"enum": list(REGIONS)}, "minItems": 1},
    "blocks": {"type": "array", "items": {"enum": list(BLOCK_KINDS)}, "minItems": 1},
    "formats": {"type": "array", "items": {"enum": list(FORMATS)}, "minItems": 1},
}


@dataclass(frozen=True)
class Context:
    """What a check may know besides the page: the run's date and the user's settings."""

    today: datetime.date = field(default_factory=datetime.date.today)
    target_grade: float = 8.0
    review_max_age: str = "3y"  # "3y", "18m"
    date_order: str = "day-first"  # how to read 12/03/2019: day-first or month-first
    review_date_keys: tuple[str, ...] = ("last_reviewed", "last-reviewed", "lastReviewed", "reviewed",
                                         "review_date", "date_reviewed")
    words: frozenset[str] = frozenset()  # accepted spellings (config words and word-files)
    spelling: str = "any"  # any, en-GB or en-US
    abbreviations: frozenset[str] = frozenset()  # abbreviations readers know, beyond the built-in list


@dataclass(frozen=True, slots=True)
class Finding:
    """A span of one block's text (or the whole page when block is None) that a rule flags."""

    block: Block | None
    start: int = 0
    end: int = 0
    values: dict = field(default_factory=dict)  # fills the rule's message template
    suggestion: str | None = None
    end_block: Block | None = None  # a span over several blocks (a menu of list items) ends in this one


def kind_module(kind: str):
    return importlib.import_module(KINDS[kind])


def scoped_blocks(document: Document, params: dict):
    """The blocks of ``document`` a rule with these scope params reads (none if the file's
    format is not among its ``formats``)."""
    if document.format not in params.get("formats", FORMATS):
        return []
    regions = set(params.get("regions", REGIONS))
    kinds = set(params.get("blocks", BLOCK_KINDS))
    return [b for b in document.blocks if b.region in regions and b.kind in kinds]


def phrases_pattern(phrases) -> str:
    """One regex for literal phrases: whole words, any run of whitespace between words.

    The phrases are merged into a trie, so at each position the engine follows one branch
    instead of trying every phrase: word lists of hundreds of entries stay fast.
    """
    tries: dict[bool, dict] = {True: {}, False: {}}  # by whether the phrase starts with a word char
    for phrase in phrases:
        phrase = phrase.strip()
        node = tries[bool(re.match(r"\w", phrase))]
        tokens = [r"\s+" if part.isspace() else re.escape(part.lower()) for part in re.findall(r"\s+|.", phrase)]
        for token in [*tokens, r"(?!\w)" if re.search(r"\w$", phrase) else ""]:
            node = node.setdefault(token, {})
        node[None] = {}  # a phrase ends here
    parts = ([r"\b" + _trie_regex(tries[True])] if tries[True] else []) + ([_trie_regex(tries[False])] if tries[False] else [])
    return "|".join(parts)


def _trie_regex(node: dict) -> str:
    # Longer continuations first, so "heart attack risk" wins over "heart attack".
    branches = [token + _trie_regex(child) for token, child in node.items() if token is not None]
    branches.sort(key=lambda b: (b == "", -len(b)))
    if not branches:
        return ""
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def alternation(patterns: list[str]) -> str:
    """One regex from many; a pattern's leading global flags, such as (?i), stay its own."""
    parts = []
    for pattern in patterns:
        flags = re.match(r"\(\?([aiLmsux]+)\)", pattern)
        parts.append(f"(?{flags[1]}:{pattern[flags.end():]})" if flags else f"(?:{pattern})")
    return "|".join(parts)


# The params match_any reads.
MATCH_SCHEMA = {
    "patterns": {"type": "array", "items": {"type": "string"}},
    "phrases": {"type": "array", "items": {"type": "string", "minLength": 1}},
}


def match_any(params: dict, flags: int = 0) -> re.Pattern:
    """One regex for a pack's ``patterns`` and its ``phrases`` (whole words, any case: phrases
    are for editors). It matches nothing when both are empty."""
    phrases = phrases_pattern(params.get("phrases", []))
    patterns = params.get("patterns", []) + ([f"(?i){phrases}"] if phrases else [])
    return re.compile(alternation(patterns) or r"(?!x)x", flags)


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
