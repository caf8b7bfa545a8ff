"""Placeholder link: a link whose target goes nowhere (``href="#"``, ``javascript:void(0)``,
an empty ``href`` or ``[text]()``) and whose text promises somewhere to go ("Click here",
"Download the leaflet"). A page builder's stand-in link that nobody filled in.

A link to "#" with other text ("Show all", "Menu") is usually a script's button, so only
links whose text holds one of the pack's ``phrases`` are flagged.
"""

from __future__ import annotations

import re

from medlint.checks import MATCH_SCHEMA, SCOPE_SCHEMA, Finding, alternation, match_any, scoped_blocks, shorten

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["targets"],
    "properties": {
        **MATCH_SCHEMA,
        "targets": {"type": "array", "items": {"type": "string"}, "minItems": 1},  # patterns a whole href matches
        **SCOPE_SCHEMA,
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.target = re.compile(alternation(params["targets"]), re.IGNORECASE)
        self.text = match_any(params)

    def findings(self, document, context):
        chosen = {id(b) for b in scoped_blocks(document, self.params)}
        for link in document.links:
            if link.block is None or id(link.block) not in chosen or not self.target.fullmatch(link.url.strip()):
                continue
            text = link.block.text[link.start:link.end]
            if self.text.search(text):
                yield Finding(link.block, link.start, link.end, {"text": shorten(text), "url": link.url.strip()})
