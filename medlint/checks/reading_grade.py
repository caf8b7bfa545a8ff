"""Reading grade: SMOG grade of the page's main prose against the target grade (config
``target-grade``), with Flesch-Kincaid, Gunning fog and Coleman-Liau alongside.

Graded the way health-literacy practice grades a page:
- The page's own subject is not held against it. A word of the page's title (the drug or
  condition the page is about: "Immunotherapy", "Hydroxychloroquine") is left out of the
  polysyllable count, as NHS content designers do when they grade a page, and so are the
  names in config ``grade-skip-words`` (Readability Studio's list of known medicine names).
- A grade within SMOG's standard error of the target is not enough on its own. SMOG
  predicts the grade a reader needs to fully understand a text with a standard error of
  about 1.5 grades (McLaughlin 1969); a page whose SMOG is less than ``standard_error``
  above the target is reported only when Flesch-Kincaid, Gunning fog and Coleman-Liau,
  averaged, agree that it is above the target too.

medlint splits the sentences (medlint.analysis) and counts the syllables (medlint.syllables);
the formulas are the published ones, as textstat implements them (tests compare the two).
textstat itself is not called at run time: it costs about 2.7 s per MB of prose for these
four formulas (a per-word cache it thrashes) and, from 0.7.9, downloads a dictionary.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, compress, filterfalse
from operator import attrgetter, mul

from medlint.checks import Finding
from medlint.regexes import compiled
from medlint.syllables import SyllableCounter
from medlint.analysis import memoised
from medlint.analysis.language import is_english
from medlint.analysis.sentences import sentences
from medlint.analysis.structure import page_title
from medlint.analysis.words import WORD

NOT_LETTERS = compiled(r"[\W\d_]+")
SENTENCE_WORDS = attrgetter("words")  # (read in C, from each of a page's sentences)
POLYSYLLABIC = 3  # syllables that make a word polysyllabic (SMOG) or complex (Gunning fog)

SETTINGS = ("target-grade", "grade-skip-words")
PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "above": {"type": "number", "minimum": 0,
                  "description": "report a page whose grade is more than this many grades over target-grade"},
        "up_to": {"type": ["number", "null"], "minimum": 0,
                  "description": "and at most this many over (null: no upper bound)"},
        "min_sentences": {"type": "integer", "minimum": 1, "description": "fewer sentences: no grade at all"},
        "reliable_sentences": {"type": "integer", "minimum": 1,
                               "description": "fewer sentences: the message says SMOG is less reliable"},
        "syllables": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1},
                      "description": "syllable counts of words the counting rules get wrong"},
        "standard_error": {"type": "number", "minimum": 0,
                           "description": "within this many grades of the target, the other three formulas must agree"},
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.above = params.get("above", 0)
        self.up_to = params.get("up_to")
        self.min_sentences = params.get("min_sentences", 10)
        self.reliable_sentences = params.get("reliable_sentences", 30)
        self.exceptions = params.get("syllables", {})
        self.standard_error = params.get("standard_error", 0)
        self.memo_key = ("reading_grade", self.min_sentences, tuple(sorted(self.exceptions.items())))
        self._counter = None  # made on first use: loading the syllable table is for pages that get a grade

    def findings(self, document, context):
        scores = self.scores(document, context)
        if scores is None:
            return
        grade = round(scores["smog"], 1)  # compare what the message shows
        over = grade - context.target_grade
        if over <= self.above or (self.up_to is not None and over > self.up_to):
            return
        others = (scores["flesch_kincaid"] + scores["gunning_fog"] + scores["coleman_liau"]) / 3
        if over <= self.standard_error and others <= context.target_grade:
            return  # within SMOG's error, and the other formulas put the page at or below target
        count = scores["sentences"]
        caveat = (f"; only {count} sentences: SMOG is less reliable under {self.reliable_sentences}"
                  if count < self.reliable_sentences else "")
        yield Finding(None, values={
            "grade": f"{grade:.1f}", "target": f"{context.target_grade:g}", "caveat": caveat,
            "detail": (f"Flesch-Kincaid {scores['flesch_kincaid']:.1f}, Gunning fog {scores['gunning_fog']:.1f}, "
                       f"Coleman-Liau {scores['coleman_liau']:.1f}; {count} sentences, {scores['words']} words"),
        })

    def facts(self, document, context) -> dict:
        scores = self.scores(document, context)
        return {"reading_grade": round(scores["smog"], 1)} if scores else {}

    def scores(self, document, context) -> dict | None:
        """The page's grades, computed once per document and setting; None under
        ``min_sentences`` sentences or for a page not in English."""
        key = (*self.memo_key, context.grade_skip_words)
        return memoised(document, key, lambda: self._compute(document, context))

    def _compute(self, document, context) -> dict | None:
        found = sentences(document)
        if len(found) < self.min_sentences or not is_english(document):
            return None
        if self._counter is None:
            self._counter = SyllableCounter(self.exceptions)
        # Each different word is counted once, times its uses: a page says "cancer" hundreds of times.
        # (The sums run in C, over maps of the cached counts: a Python loop over the words
        # cost as much as counting them.)
        uses = Counter(chain.from_iterable(map(SENTENCE_WORDS, found)))
        words, times = list(uses), list(uses.values())
        counts = self._counter.counts(words)
        syllables = sum(map(mul, counts, times))
        skipped = subject_words(document) | {w.lower() for w in context.grade_skip_words}
        # The uses of every word of three or more syllables, less those of the words left out
        # that the page has, counted one by one: few of them are on a page. (A sentence's
        # words are in lower case already, as ``skipped`` is.)
        polysyllables = sum(compress(times, map(POLYSYLLABIC.__le__, counts))) - sum(  # (3 <= count)
            uses[w] for w in skipped.intersection(uses) if self._counter.count(w) >= POLYSYLLABIC)
        # Letters: every character of the words, less those that are not letters (digits,
        # apostrophes, hyphens, dots) in the few words that are not letters only ("don't",
        # "COVID-19"). Those are counted in one pass over them written out as often as they
        # are used, not word by word.
        others = list(filterfalse(str.isalpha, words))
        written = "".join(map(mul, others, map(uses.__getitem__, others)))
        not_letters = len(written) - len(NOT_LETTERS.sub("", written))
        letters = sum(map(mul, map(len, words), times)) - not_letters
        return grades(len(found), uses.total(), syllables, polysyllables, letters)


def subject_words(document) -> frozenset[str]:
    """The words of the page's title (lower case): what the page is about, which it must name."""
    title = page_title(document)
    return frozenset(w.lower() for w in WORD.findall(title)) if title else frozenset()


def grades(sentences: int, words: int, syllables: int, polysyllables: int, letters: int) -> dict:
    """The four grades from the page's counts (textstat's forms of the published formulas)."""
    per_sentence, per_word = words / sentences, syllables / words
    return {
        # McLaughlin 1969, normalised to a 30-sentence sample.
        "smog": 1.043 * (30 * polysyllables / sentences) ** 0.5 + 3.1291,
        "flesch_kincaid": 0.39 * per_sentence + 11.8 * per_word - 15.59,
        # Gunning 1952: "complex" words are those of three or more syllables.
        "gunning_fog": 0.4 * (per_sentence + 100 * polysyllables / words),
        "coleman_liau": 0.058 * (100 * letters / words) - 0.296 * (100 * sentences / words) - 15.8,
        "sentences": sentences,
        "words": words,
    }
