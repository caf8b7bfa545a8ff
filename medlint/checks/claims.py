"""Claims: a statement that needs a source (or should not be made), found by the pack's patterns.

On top of the match, three things decide whether a claim is flagged:
- ``negations``: a claim denied or hedged in its own clause is fine ("there is no cure",
  "is not a cure", "cannot be cured", "beware of products that promise a miracle cure");
  so is one in quotation marks (the page is talking about the words).
- ``sourced_by``: ``citation`` excuses a claim whose paragraph is cited, or whose own
  sentence links to a page (the article reporting it); ``page`` also excuses it when the page
  has sources anywhere; ``none`` never does.
- ``once_per_block``: report only a paragraph's first claim (one citation fixes them all).
- ``exceptions_in_sentence``: a claim in a sentence matching one of these is a description
  ("This page lists medicines approved by the FDA for …"), not a claim.

``triggers`` (optional) lists words of which every claim contains at least one: a block
without any of them is skipped before the patterns run, which keeps long lists fast. A pattern
added to the pack needs its trigger too (the pack's examples test catches a missing one).
"""

from __future__ import annotations

import re

from medlint.analysis.sentences import sentence_span
from medlint.checks import MATCH_SCHEMA, PHRASE_LIST, SCOPE_SCHEMA, AnchoredAlternation, Finding, match_any_parts, scoped_blocks, shorten
from medlint.checks.hedges import negations_pattern, stated
from medlint.checks.sources import SOURCING_SCHEMA, Sourcing, linked_in_sentence
from medlint.patterns import alternation
from medlint.regexes import compiled

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **MATCH_SCHEMA,
        "exceptions": {"type": "array", "items": {"type": "string"},
                       "description": "patterns of matched text that is no claim (the whole match)"},
        "exceptions_in_sentence": {"type": "array", "items": {"type": "string"},
                                   "description": "patterns of a sentence that describes rather than claims"},
        "negations": {**PHRASE_LIST,
                      "description": "words that deny or hedge a claim in its clause (no, not, cannot)"},
        "negation_window": {"type": "integer", "minimum": 1,
                            "description": "words before a claim a negation may stand"},
        "sourced_by": {"enum": ["citation", "page", "none"],
                       "description": "what excuses a claim: a citation in its paragraph, any source on the page, or nothing"},
        "once_per_block": {"type": "boolean", "description": "report only a paragraph's first claim"},
        "triggers": {**PHRASE_LIST,
                     "description": "words every claim holds one of: blocks without any are skipped (speed)"},
        **SOURCING_SCHEMA,
        **SCOPE_SCHEMA,
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.anchors = AnchoredAlternation(match_any_parts(params))
        exceptions = params.get("exceptions", [])
        self.exception = compiled(alternation(exceptions), re.IGNORECASE) if exceptions else None
        in_sentence = params.get("exceptions_in_sentence", [])
        self.sentence_exception = compiled(alternation(in_sentence)) if in_sentence else None
        self.negation = negations_pattern(params.get("negations", []))
        self.window = params.get("negation_window", 8)
        self.sourced_by = params.get("sourced_by", "none")
        self.sourcing = Sourcing(params)
        self.triggers = tuple(t.lower() for t in params.get("triggers", ()))

    def findings(self, document, context):
        if self.sourced_by == "page" and self.sourcing.page_sourced(document):
            return
        for block, regex in self.anchors.searches(document, scoped_blocks(document, self.params)):
            if self.triggers and not self._triggered(block.text):
                continue
            claims = [m for m in regex.finditer(block.text) if self._is_claim(document, block, m)]
            if self.sourced_by != "none":
                if self.sourcing.block_cited(document, block):
                    continue
                claims = [m for m in claims if not linked_in_sentence(document, block, m)]
            if not claims:
                continue
            for match in claims[:1] if self.params.get("once_per_block") else claims:
                yield Finding(block, match.start(), match.end(), {"match": shorten(match.group())})

    def _triggered(self, text: str) -> bool:
        lower = text.lower()  # once, not once per trigger
        return any(trigger in lower for trigger in self.triggers)

    def _is_claim(self, document, block, match: re.Match) -> bool:
        text = block.text
        if not match.group() or (self.exception and self.exception.fullmatch(match.group())):
            return False
        if self.sentence_exception:
            start, end = sentence_span(document, block, match.start(), match.end())
            if self.sentence_exception.search(text, start, end):
                return False
        return stated(text, match, self.negation, self.window)
