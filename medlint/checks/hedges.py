"""Hedges: whether a claim a pattern found is asserted, or denied, hedged or quoted.

"There is no cure", "is not a cure", "when trials show that …" and a phrase in quotation
marks mention a claim without making it. The negation words come from the pack.
"""

from __future__ import annotations

import re

from medlint.analysis.words import WORD
from medlint.patterns import phrases_pattern
from medlint.regexes import compiled

# Where the clause a claim sits in begins: the last sentence or clause mark before it.
CLAUSE_BREAK = compiled(r"[.!?;:\n]\s|\bbut\b|\bhowever\b|[—–]\s", re.IGNORECASE)
QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def negations_pattern(negations) -> re.Pattern | None:
    """One regex for a pack's ``negations`` phrases, or None when there are none."""
    return compiled(rf"(?i)(?:{phrases_pattern(negations)})") if negations else None


def stated(text: str, match: re.Match, negation: re.Pattern | None, window: int = 8) -> bool:
    """Whether the claim ``match`` in ``text`` is asserted: not in quotation marks, and not
    denied or hedged by one of the ``negation`` words among the ``window`` words before it in
    its own clause ("there is no cure", "when trials show that")."""
    before = text[max(0, match.start() - 1):match.start()]
    if before and before in QUOTES and text[match.end():match.end() + 1] == QUOTES[before]:
        return False
    if not negation:
        return True
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, 0, match.start())]
    words = WORD.findall(text[breaks[-1] if breaks else 0:match.start()])[-window:]
    return not (words and negation.search(" ".join(words)))
