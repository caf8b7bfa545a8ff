"""Placeholder link: a link whose target goes nowhere (``href="#"``, ``javascript:void(0)``,
an empty ``href`` or ``[text]()``) and whose text promises somewhere to go ("Click here",
"Download the leaflet"). A page builder's stand-in link that nobody filled in.

A link to "#" with other text ("Show all", "Menu") is usually a script's button, so only
links whose text holds one of the pack's ``phrases`` are flagged.
"""

from __future__ import annotations

import re

import functools

from medlint.checks import MATCH_SCHEMA, SCOPE_SCHEMA, Finding, match_any, rule_function, scoped_blocks, shorten
from medlint.patterns import alternation
from medlint.regexes import compiled

STRINGS = {"type": "array", "items": {"type": "string"}}


@rule_function("PH006", params={
    "targets": {**STRINGS, "default": [], "description": "patterns a whole href matches when it goes nowhere"},
    "patterns": {**MATCH_SCHEMA["patterns"], "default": []},
    "phrases": {**MATCH_SCHEMA["phrases"], "default": [], "description": "link text that promises somewhere to go"},
    "regions": {**SCOPE_SCHEMA["regions"], "default": ["main", "aside"]},
    "blocks": SCOPE_SCHEMA["blocks"],
})
def placeholder_link(document, context, params):
    """A link to nowhere whose text promises somewhere to go."""
    target, text_pattern = _patterns(tuple(params["targets"]), tuple(params["patterns"]), tuple(params["phrases"]))
    # Most links go somewhere: the rule's blocks are looked up (a set of their ids) only on
    # a page with a link that goes nowhere, which few pages have.
    nowhere = [link for link in document.links if link.block is not None and target.fullmatch(link.url.strip())]
    if not nowhere:
        return
    chosen = {id(b) for b in scoped_blocks(document, params)}
    for link in nowhere:
        if id(link.block) not in chosen:
            continue
        text = link.block.text[link.start:link.end]
        if text_pattern.search(text):
            yield Finding(link.block, link.start, link.end, {"text": shorten(text), "url": link.url.strip()})


@functools.cache
def _patterns(targets: tuple, patterns: tuple, phrases: tuple) -> tuple[re.Pattern, re.Pattern]:
    """The compiled target and link-text patterns, once per setting."""
    target = compiled(alternation(list(targets)) or r"(?!x)x", re.IGNORECASE)
    return target, match_any({"patterns": list(patterns), "phrases": list(phrases)})
