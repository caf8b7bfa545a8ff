"""Substitution: flag a word or phrase that has a better alternative, and suggest it.

With ``once_per_page: true`` only a term's first flagged use on a page is reported.
With ``skip_names: true`` a capitalised term inside a proper name is not flagged
("Physician Data Query", "American College of Physicians").
With ``explained: true`` a term explained where it is used is fine, and so is every later
use on the page: "hypertension (high blood pressure)", "hypertension, or high blood
pressure", "high blood pressure (hypertension)", "called hypertension", a sentence that
defines it ("Topical chemotherapy is a cream …", even across a line break), a "term:
explanation" item, and the bracketed name of a plain description ("travel to the lungs
(pulmonary embolism)").
"""

from __future__ import annotations

import re

from medlint.checks import SCOPE_SCHEMA, AnchoredAlternation, Finding, scoped_blocks, shorten
from medlint.patterns import alternation, phrases_pattern
from medlint.analysis.anchors import Anchors, phrase_matches
from medlint.regexes import compiled

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["swap"],
    "properties": {
        "swap": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"},
                 "description": "each word or phrase to flag (any case, whole words) and what to write instead"},
        "exceptions": {"type": "array", "items": {"type": "string"},
                       "description": "patterns of flagged text that is fine (the whole match)"},
        "explained": {"type": "boolean",
                      "description": "a term explained where it is used is fine, and so is every later use"},
        "once_per_page": {"type": "boolean", "description": "report only a term's first use on a page"},
        "skip_names": {"type": "boolean", "description": "a capitalised term inside a proper name is fine"},
        **SCOPE_SCHEMA,
    },
}
# An explanation right after the term: "(high blood pressure)", ", or high blood pressure",
# ", also called …", " – high blood pressure –", ", which means …".
# Linear time: the spaces are read once (each branch after them starts with something else,
# "(?<=\s)" standing for the branch that needs a space) and the bracket is looked into for
# 200 characters, not to the end of the text.
EXPLAINED_AFTER = compiled(
    r"(?<!\s)\s*(?:\((?!(?-i:\s*[A-Z0-9-]+\s*\)))[^)]{0,200}?[a-z]|,\s+or\s|,\s+(?:also (?:called|known as)|which (?:is|means)|meaning|means|is (?:when|the medical (?:term|name) for))\s"
    r"|(?<=\s)(?:also (?:called|known as)|which (?:is|means)|meaning|means|is (?:when|the medical (?:term|name) for))\s|[—–-]\s+\w)",
    re.IGNORECASE,
)
# Or the term is itself the aside: "high blood pressure (hypertension)", "known as hypertension".
EXPLAINED_BEFORE = compiled(r"(?:\w\s*\(\s*|\b(?:called|known as|the (?:medical|technical) (?:term|name) (?:for it )?is)\s+)$", re.IGNORECASE)


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.swap = {" ".join(k.lower().split()): v for k, v in params["swap"].items()}
        self.anchors = Anchors(phrases_pattern(self.swap), re.IGNORECASE)
        # Each term on its own, for the blocks the whole regex searches: a block holding a
        # term's rarest word ("event" of "in the event that") mostly lacks the term, which
        # the term's own filter finds in a fast scan (see AnchoredAlternation); the whole
        # regex still finds every match, longest term first.
        self.terms = AnchoredAlternation([f"(?i){phrases_pattern([term])}" for term in self.swap])
        exceptions = params.get("exceptions", [])
        self.exception = compiled(alternation(exceptions), re.IGNORECASE) if exceptions else None
        self.explained = params.get("explained", False)

    def findings(self, document, context):
        learned: set[str] = set()  # terms the page has explained: later uses are fine
        reported: set[str] = set()
        for block in self.terms.candidates(document, scoped_blocks(document, self.params)):
            for match in phrase_matches(self.anchors.regex, block.text):
                if self.exception and self.exception.fullmatch(match.group()):
                    continue
                if self.params.get("skip_names") and _in_a_name(block.text, match):
                    continue
                term = " ".join(match.group().lower().split())
                if self.explained and (term in learned or _explained(block.text, match)):
                    learned.add(term)
                    continue
                if self.params.get("once_per_page"):
                    if term in reported:
                        continue
                    reported.add(term)
                replacement = self.swap[term]
                yield Finding(block, match.start(), match.end(),
                              {"match": shorten(match.group()), "replacement": replacement},
                              suggestion=replacement)


# A capitalised word, or "of"/"for"/"and" then one: the rest of a name ("Physician Data
# Query", "American College of Physicians", "Malignant Hyperthermia Association").
NAME_AFTER = compiled(r"(?<!\s)\s+(?:(?:of|for|and|the)\s+)?[A-Z][a-z]")
NAME_BEFORE = compiled(r"[A-Z][a-z]+\s+(?:(?:of|for|and|the)\s+)?$")


def _in_a_name(text: str, match: re.Match) -> bool:
    """The term is part of a proper name: capitalised, with capitalised words around it."""
    if not match.group()[0].isupper():
        return False
    before = text[max(0, match.start() - 40):match.start()]
    return bool(NAME_AFTER.match(text, match.end()) or NAME_BEFORE.search(before))


# The term is what a sentence defines: "Topical chemotherapy is a cream …", "A total
# hysterectomy is an operation to …" (the subject, then "is a", "means", "is when").
DEFINED_HERE = compiled(r"(?<!\s)(?:\s+[\w-]+){0,3}\s+(?:(?:is|are)\s+(?:a|an|when|where|the\s+(?:name|word|term))\b|means\b)", re.IGNORECASE)
# The term heads a "term: explanation" item ("intravenous: through a thin tube into a vein").
LABEL_AFTER = compiled(r"(?<![\s*_])[\s*_]*[:–—-]\s*[*_]*\s*\w")
# The term names, in brackets, a plain description: "travel to the lungs (pulmonary embolism)".
BRACKET_NAME_BEFORE = compiled(r"\w[\s,]*\(\s*(?:[\w'’-]+\s+){0,2}$")
# Characters a list item or label may open with before its term.
ITEM_MARKS = compiled(r"[ *_\-•\t]*")
OPENING_REACH = 200  # characters: far more than the two words a sentence may open with before the term


def _explained(text: str, match: re.Match) -> bool:
    before = text[max(0, match.start() - 40):match.start()]
    if EXPLAINED_AFTER.match(text, match.end()) or EXPLAINED_BEFORE.search(before):
        return True
    if BRACKET_NAME_BEFORE.search(before) and re.match(r"\s*\)", text[match.end():]):
        return True
    # Both looks back are bounded: reading back to the block's start for every match made a long
    # line of matches quadratic.
    reach = max(0, match.start() - OPENING_REACH)
    opening = text[text.rfind(". ", reach, match.start()) + 1 or reach:match.start()]
    if len(opening.split()) <= 2 and DEFINED_HERE.match(text, match.end()):
        return True  # the sentence starts with the term and defines it
    return ITEM_MARKS.match(text).end() >= match.start() and bool(LABEL_AFTER.match(text, match.end()))
