"""Mojibake: text that was encoded in one charset and decoded in another ('donâ€™t').

ftfy's badness detector finds the tell-tale character sequences; ``extra_patterns`` in the
pack catch what it lets through. The finding covers the whole damaged word and suggests
ftfy's repair of it.
"""

from __future__ import annotations

import re

from medlint.checks import SCOPE_SCHEMA, Finding, alternation, scoped_blocks, shorten

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"extra_patterns": {"type": "array", "items": {"type": "string"}}, **SCOPE_SCHEMA},
}
WORD = re.compile(r"\S+")


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        extra = params.get("extra_patterns", [])
        self.extra = re.compile(alternation(extra)) if extra else None

    def findings(self, document, context):
        for block in scoped_blocks(document, self.params):
            if block.text.isascii():  # mojibake needs non-ASCII characters; most blocks have none
                continue
            import ftfy  # imported only when a page has non-ASCII text: it costs 60 ms
            from ftfy.badness import BADNESS_RE

            matches = list(BADNESS_RE.finditer(block.text))
            if self.extra:
                matches += self.extra.finditer(block.text)
            # A lost character (U+FFFD) is replacement-character's finding, not mojibake.
            spans = [m.span() for m in matches if "\ufffd" not in m.group()]
            if not spans:
                continue
            flagged = set()
            for word in WORD.finditer(block.text):
                if any(word.start() <= start < word.end() for start, _ in spans) and word.span() not in flagged:
                    flagged.add(word.span())
                    fixed = ftfy.fix_text(word.group(), uncurl_quotes=False)
                    suggestion = fixed if fixed != word.group() else None
                    yield Finding(block, word.start(), word.end(),
                                  {"match": shorten(word.group()), "fix": suggestion or "?"}, suggestion)
