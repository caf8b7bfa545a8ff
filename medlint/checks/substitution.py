"""Substitution: flag a word or phrase that has a better alternative, and suggest it."""

from __future__ import annotations

import re

from medlint.checks import SCOPE_SCHEMA, Finding, alternation, phrases_pattern, scoped_blocks, shorten

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["swap"],
    "properties": {
        "swap": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "exceptions": {"type": "array", "items": {"type": "string"}},
        **SCOPE_SCHEMA,
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.swap = {" ".join(k.lower().split()): v for k, v in params["swap"].items()}
        self.regex = re.compile(phrases_pattern(self.swap), re.IGNORECASE)
        exceptions = params.get("exceptions", [])
        self.exception = re.compile(alternation(exceptions), re.IGNORECASE) if exceptions else None

    def findings(self, document, context):
        for block in scoped_blocks(document, self.params):
            for match in self.regex.finditer(block.text):
                if self.exception and self.exception.fullmatch(match.group()):
                    continue
                replacement = self.swap[" ".join(match.group().lower().split())]
                yield Finding(block, match.start(), match.end(),
                              {"match": shorten(match.group()), "replacement": replacement},
                              suggestion=replacement)
