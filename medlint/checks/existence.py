"""Existence: flag every match of a list of patterns or phrases (Vale's 'existence').

``per_block``: one finding from a block's first match to its last; ``per_page``: one finding
for the page, at its first match; ``skip_pages``: pages whose source matches are not checked.
"""

from __future__ import annotations

import itertools
import re

from medlint.checks import MATCH_SCHEMA, SCOPE_SCHEMA, AnchoredAlternation, Finding, match_any_parts, scoped_blocks, shorten
from medlint.patterns import alternation
from medlint.regexes import compiled

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **MATCH_SCHEMA,
        "ignore_case": {"type": "boolean", "description": "patterns match in any case"},
        "per_block": {"type": "boolean", "description": "one finding per block, from its first match to its last"},
        "per_page": {"type": "boolean", "description": "one finding per page, at its first match"},
        "exceptions": {"type": "array", "items": {"type": "string"},
                       "description": "patterns of matched text that is fine (the whole match)"},
        "skip_pages": {"type": "array", "items": {"type": "string"},
                       "description": "patterns of page source that skip the page (a template that renders "
                                      "Markdown itself may hold Markdown)"},
        **SCOPE_SCHEMA,
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        flags = re.IGNORECASE if params.get("ignore_case") else 0
        self.anchors = AnchoredAlternation(match_any_parts(params), flags | re.MULTILINE)
        exceptions = params.get("exceptions", [])
        self.exception = compiled(alternation(exceptions), flags) if exceptions else None
        skip = params.get("skip_pages", [])
        self.skip_page = compiled(alternation(skip)) if skip else None

    def findings(self, document, context):
        if self.params.get("per_page"):  # one finding says it of the whole page: the first match
            yield from itertools.islice(self._findings(document), 1)
        else:
            yield from self._findings(document)

    def _findings(self, document):
        searches = self.anchors.searches(document, scoped_blocks(document, self.params))
        # The page's whole source is searched for a mark that skips it only when a block may
        # match: most pages have no such block (or none in the rule's format) for most rules.
        if not searches or (self.skip_page and self.skip_page.search(document.source)):
            return
        for block, regex in searches:
            if regex.search(block.text) is None:  # most blocks: one search, no iterator and list
                continue
            matches = [m for m in regex.finditer(block.text)
                       if m.group() and not (self.exception and self.exception.fullmatch(m.group()))]
            if matches and self.params.get("per_block"):
                # One finding from the first match to the last: a leaked script is one problem.
                first = matches[0]
                yield Finding(block, first.start(), matches[-1].end(), self._values(first.group()))
                continue
            for match in matches:
                yield Finding(block, match.start(), match.end(), self._values(match.group()))

    @staticmethod
    def _values(text: str) -> dict:
        return {"match": shorten(text), "codepoint": f"U+{ord(text[0]):04X}"}
