"""Syllable counts for the reading-grade formulas, with no download and no big dictionary.

textstat (0.7.9 and later) counts syllables with the CMU pronouncing dictionary, which it
fetches through ``nltk.download`` when it is missing: offline, the first call raises, and
loading it costs about 0.7 s. medlint counts with syllapy instead (MIT; a 6,400-word table
plus a vowel-group rule, loaded in about 30 ms), a correction for vowel pairs that are two
syllables in medical words ("pneu-mo-ni-a", "bi-op-sy", "os-te-o-po-ro-sis"), and the rule
pack's own list of exceptions. Nothing is downloaded; nothing is loaded until a reading
grade is computed.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Vowel pairs said as two syllables, which a vowel-group count takes for one:
# "insomn-i-a", "bi-opsy", "oste-o", "diarrh-e-a", "infl-u-enza" (not "-tion", "-tia", "-ious", "guess").
DIGIT = re.compile(r"\d")
HIATUS = re.compile(r"(?<![tcsgx])i(?:a|o(?!ns?$|us$))|(?<!g)eo|ea$|(?<![qg])ue(?=[a-z])")


class SyllableCounter:
    def __init__(self, exceptions: dict[str, int] | None = None) -> None:
        import syllapy  # only when a reading grade is computed

        self._syllapy = syllapy
        self._exceptions = {word.lower(): count for word, count in (exceptions or {}).items()}
        self.count = lru_cache(maxsize=65536)(self._count)  # shared by every page of a run

    def _count(self, word: str) -> int:
        word = word.lower().replace("’", "'").strip("'")
        if word in self._exceptions:
            return self._exceptions[word]
        if DIGIT.search(word):
            return 1  # a number: read as one unit; it neither helps nor hurts much
        parts = [p for p in re.split(r"[-_.]", word) if p]
        if len(parts) > 1:
            return sum(self.count(p) for p in parts)
        count = max(1, self._syllapy.count(word))
        if word.removesuffix("'s") not in self._syllapy.WORD_DICT:
            count += len(HIATUS.findall(word))
        return count
