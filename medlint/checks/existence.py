"""Existence: flag every match of a list of patterns or phrases (Vale's 'existence')."""

from __future__ import annotations

import re

from medlint.checks import SCOPE_SCHEMA, Finding, alternation, phrases_pattern, scoped_blocks, shorten

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "patterns": {"type": "array", "items": {"type": "string"}},
        "phrases": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "ignore_case": {"type": "boolean"},
        "exceptions": {"type": "array", "items": {"type": "string"}},
        **SCOPE_SCHEMA,
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        flags = re.IGNORECASE if params.get("ignore_case") else 0
        # Phrases are for editors: always whole words, any case.
        phrases = phrases_pattern(params.get("phrases", []))
        patterns = params.get("patterns", []) + ([f"(?i){phrases}"] if phrases else [])
        self.regex = re.compile(alternation(patterns) or r"(?!x)x", flags | re.MULTILINE)
        exceptions = params.get("exceptions", [])
        self.exception = re.compile(alternation(exceptions), flags) if exceptions else None

    def findings(self, document):
        for block in scoped_blocks(document, self.params):
            for match in self.regex.finditer(block.text):
                text = match.group()
                if not text or (self.exception and self.exception.fullmatch(text)):
                    continue
                yield Finding(block, match.start(), match.end(),
                              {"match": shorten(text), "codepoint": f"U+{ord(text[0]):04X}"})
