"""Claims: a statement that needs a source (or should not be made), found by the pack's patterns.

On top of the match, three things decide whether a claim is flagged:
- ``negations``: a claim denied or hedged in its own clause is fine ("there is no cure",
  "is not a cure", "cannot be cured", "beware of products that promise a miracle cure");
  so is one in quotation marks (the page is talking about the words).
- ``sourced_by``: ``citation`` excuses a claim whose paragraph is cited; ``page`` also
  excuses it when the page has sources anywhere; ``none`` never does.
- ``once_per_block``: report only a paragraph's first claim (one citation fixes them all).

``triggers`` (optional) lists words of which every claim contains at least one: a block
without any of them is skipped before the patterns run, which keeps long lists fast. A pattern
added to the pack needs its trigger too (the pack's examples test catches a missing one).
"""

from __future__ import annotations

import re

from medlint.analysis.words import WORD
from medlint.checks import MATCH_SCHEMA, SCOPE_SCHEMA, Finding, alternation, match_any, phrases_pattern, scoped_blocks, shorten
from medlint.checks.anchors import Anchors
from medlint.checks.sources import SOURCING_SCHEMA, Sourcing

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **MATCH_SCHEMA,
        "exceptions": {"type": "array", "items": {"type": "string"}},
        "negations": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "negation_window": {"type": "integer", "minimum": 1},
        "sourced_by": {"enum": ["citation", "page", "none"]},
        "once_per_block": {"type": "boolean"},
        "triggers": {"type": "array", "items": {"type": "string", "minLength": 1}},
        **SOURCING_SCHEMA,
        **SCOPE_SCHEMA,
    },
}
# Where the clause a claim sits in begins: the last sentence or clause mark before it.
CLAUSE_BREAK = re.compile(r"[.!?;:\n]\s|\bbut\b|\bhowever\b|[—–]\s", re.IGNORECASE)
QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.regex = match_any(params)
        self.anchors = Anchors(self.regex)
        exceptions = params.get("exceptions", [])
        self.exception = re.compile(alternation(exceptions), re.IGNORECASE) if exceptions else None
        negations = params.get("negations", [])
        self.negation = re.compile(rf"(?i)(?:{phrases_pattern(negations)})") if negations else None
        self.window = params.get("negation_window", 8)
        self.sourced_by = params.get("sourced_by", "none")
        self.sourcing = Sourcing(params)
        self.triggers = tuple(t.lower() for t in params.get("triggers", ()))

    def findings(self, document, context):
        if self.sourced_by == "page" and self.sourcing.page_sourced(document):
            return
        for block in scoped_blocks(document, self.params):
            if self.triggers and not any(t in block.text.lower() for t in self.triggers):
                continue
            if not self.anchors.may_match(document, block):
                continue
            claims = [m for m in self.regex.finditer(block.text) if self._is_claim(block.text, m)]
            if not claims or (self.sourced_by != "none" and self.sourcing.block_cited(document, block)):
                continue
            for match in claims[:1] if self.params.get("once_per_block") else claims:
                yield Finding(block, match.start(), match.end(), {"match": shorten(match.group())})

    def _is_claim(self, text: str, match: re.Match) -> bool:
        if not match.group() or (self.exception and self.exception.fullmatch(match.group())):
            return False
        return not (self._quoted(text, match) or self._negated(text, match.start()))

    def _negated(self, text: str, start: int) -> bool:
        if not self.negation:
            return False
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, start)]
        clause = text[breaks[-1] if breaks else 0:start]
        words = WORD.findall(clause)[-self.window:]
        return bool(words) and bool(self.negation.search(" ".join(words)))

    @staticmethod
    def _quoted(text: str, match: re.Match) -> bool:
        before = text[max(0, match.start() - 1):match.start()]
        after = text[match.end():match.end() + 1]
        return bool(before) and before in QUOTES and after == QUOTES[before]
