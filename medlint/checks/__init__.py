"""The kinds of check that rule packs use. Each module here is one kind.

A kind module defines PARAMS_SCHEMA (the JSON schema of its ``params`` in a pack) and a
``Checker`` class built from those params, whose ``findings(document)`` yields Findings.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from medlint.document import REGIONS, Block, Document

KINDS = {
    "existence": "medlint.checks.existence",
    "substitution": "medlint.checks.substitution",
    "mojibake": "medlint.checks.mojibake",
}
BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "table_cell")

# Params every kind accepts: which blocks of the page it reads.
SCOPE_SCHEMA = {
    "regions": {"type": "array", "items": {"enum": list(REGIONS)}, "minItems": 1},
    "blocks": {"type": "array", "items": {"enum": list(BLOCK_KINDS)}, "minItems": 1},
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A span of one block's text (or the whole page when block is None) that a rule flags."""

    block: Block | None
    start: int = 0
    end: int = 0
    values: dict = field(default_factory=dict)  # fills the rule's message template
    suggestion: str | None = None


def kind_module(kind: str):
    return importlib.import_module(KINDS[kind])


def scoped_blocks(document: Document, params: dict):
    regions = set(params.get("regions", REGIONS))
    kinds = set(params.get("blocks", BLOCK_KINDS))
    return [b for b in document.blocks if b.region in regions and b.kind in kinds]


def phrase_pattern(phrase: str) -> str:
    """A regex for a literal phrase: whole words, any run of whitespace between them."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    start = r"\b" if re.match(r"\w", phrase) else ""
    end = r"\b" if re.search(r"\w$", phrase) else ""
    return f"{start}{body}{end}"


def alternation(patterns: list[str]) -> str:
    """One regex from many; a pattern's leading global flags, such as (?i), stay its own."""
    parts = []
    for pattern in patterns:
        flags = re.match(r"\(\?([aiLmsux]+)\)", pattern)
        parts.append(f"(?{flags[1]}:{pattern[flags.end():]})" if flags else f"(?:{pattern})")
    return "|".join(parts)


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
