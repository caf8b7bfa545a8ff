"""Existence: flag every match of a list of patterns or phrases (Vale's 'existence')."""

from __future__ import annotations

import re

from medlint.checks import MATCH_SCHEMA, SCOPE_SCHEMA, Finding, alternation, match_any, scoped_blocks, shorten
from medlint.checks.anchors import Anchors

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **MATCH_SCHEMA,
        "ignore_case": {"type": "boolean"},
        "per_block": {"type": "boolean"},
        "exceptions": {"type": "array", "items": {"type": "string"}},
        **SCOPE_SCHEMA,
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        flags = re.IGNORECASE if params.get("ignore_case") else 0
        self.regex = match_any(params, flags | re.MULTILINE)
        self.anchors = Anchors(self.regex)
        exceptions = params.get("exceptions", [])
        self.exception = re.compile(alternation(exceptions), flags) if exceptions else None

    def findings(self, document, context):
        for block in scoped_blocks(document, self.params):
            if not self.anchors.may_match(document, block):
                continue
            matches = [m for m in self.regex.finditer(block.text)
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
