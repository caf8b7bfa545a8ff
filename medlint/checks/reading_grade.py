"""Reading grade: SMOG grade of the page's main prose against the target grade (config
``target-grade``), with Flesch-Kincaid, Gunning fog and Coleman-Liau alongside.

The page is split into sentences by medlint (see medlint.text), then handed to textstat one
sentence per line, so textstat's formulas see medlint's sentences (list items included)
and medlint's syllable counts (medlint.syllables), not its own guesses.
"""

from __future__ import annotations

from medlint.checks import Finding
from medlint.syllables import SyllableCounter, offline_textstat
from medlint.text import sentences

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        # Fire when the grade is more than `above` grades over the target, and at most `up_to` over.
        "above": {"type": "number", "minimum": 0},
        "up_to": {"type": ["number", "null"], "minimum": 0},  # null: no upper bound
        "min_sentences": {"type": "integer", "minimum": 1},  # fewer: no grade at all
        "reliable_sentences": {"type": "integer", "minimum": 1},  # fewer: say SMOG is less reliable
        "syllables": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.above = params.get("above", 0)
        self.up_to = params.get("up_to")
        self.min_sentences = params.get("min_sentences", 10)
        self.reliable_sentences = params.get("reliable_sentences", 30)
        self.exceptions = params.get("syllables", {})

    def findings(self, document, context):
        scores = self.scores(document)
        if scores is None:
            return
        over = scores["smog"] - context.target_grade
        if over <= self.above or (self.up_to is not None and over > self.up_to):
            return
        count = scores["sentences"]
        caveat = (f"; only {count} sentences: SMOG is less reliable under {self.reliable_sentences}"
                  if count < self.reliable_sentences else "")
        yield Finding(None, values={
            "grade": f"{scores['smog']:.1f}", "target": f"{context.target_grade:g}", "caveat": caveat,
            "detail": (f"Flesch-Kincaid {scores['flesch_kincaid']:.1f}, Gunning fog {scores['gunning_fog']:.1f}, "
                       f"Coleman-Liau {scores['coleman_liau']:.1f}; {count} sentences, {scores['words']} words"),
        })

    def facts(self, document, context) -> dict:
        scores = self.scores(document)
        return {"reading_grade": round(scores["smog"], 1)} if scores else {}

    def scores(self, document) -> dict | None:
        """The page's grades, computed once per document; None under `min_sentences`."""
        if "reading_grade" not in document.memo:
            document.memo["reading_grade"] = self._compute(document)
        return document.memo["reading_grade"]

    def _compute(self, document) -> dict | None:
        found = sentences(document)
        if len(found) < self.min_sentences:
            return None
        textstat = offline_textstat(SyllableCounter(self.exceptions))
        text = formula_text(found)
        count = textstat.sentence_count(text)  # textstat skips fragments of one or two words
        if count < self.min_sentences:
            return None
        return {
            "smog": textstat.smog_index(text),
            "flesch_kincaid": textstat.flesch_kincaid_grade(text),
            "gunning_fog": textstat.gunning_fog(text),
            "coleman_liau": textstat.coleman_liau_index(text),
            "sentences": count,
            "words": sum(len(s.words) for s in found),
        }


def formula_text(found) -> str:
    """One sentence per line, each ending in a full stop, words only, for textstat.

    Dots and hyphens inside words become nothing and "_" so textstat neither splits a sentence
    at "2.5" nor runs "self-care" into one unknown word. Each list item is a sentence, but
    textstat does not count one of one or two words ("Fever") as a sentence.
    """
    lines = []
    for sentence in found:
        words = [w.replace(".", "").replace("-", "_").replace("’", "'") for w in sentence.words]
        lines.append(" ".join(words) + ".")
    return "\n".join(lines)
