"""Syllable counts for the reading-grade formulas, with no download and no big dictionary.

textstat (0.7.9 and later) counts syllables with the CMU pronouncing dictionary, which it
fetches through ``nltk.download`` when it is missing: offline, the first call raises, and
loading it costs about 0.7 s. medlint gives textstat its own syllable source instead:
syllapy (MIT; a 6,400-word table plus a vowel-group rule, loaded in about 30 ms), a
correction for vowel pairs that are two syllables in medical words ("pneu-mo-ni-a",
"bi-op-sy", "os-te-o-po-ro-sis"), and the rule pack's own list of exceptions.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Vowel pairs said as two syllables, which a vowel-group count takes for one:
# "insomn-i-a", "bi-opsy", "oste-o", "diarrh-e-a", "infl-u-enza" (not "-tion", "-tia", "-ious", "guess").
HIATUS = re.compile(r"(?<![tcsgx])i(?:a|o(?!ns?$|us$))|(?<!g)eo|ea$|(?<![qg])ue(?=[a-z])")


class SyllableCounter:
    def __init__(self, exceptions: dict[str, int] | None = None) -> None:
        import syllapy  # only when a reading grade is computed

        self._syllapy = syllapy
        self._exceptions = {word.lower(): count for word, count in (exceptions or {}).items()}
        self.count = lru_cache(maxsize=None)(self._count)

    def _count(self, word: str) -> int:
        word = word.lower().replace("’", "'").strip("'")
        if word in self._exceptions:
            return self._exceptions[word]
        if any(ch.isdigit() for ch in word):
            return 1  # a number: read as one unit; it neither helps nor hurts much
        parts = [p for p in re.split(r"[-_.]", word) if p]
        if len(parts) > 1:
            return sum(self.count(p) for p in parts)
        count = max(1, self._syllapy.count(word))
        if word.removesuffix("'s") not in self._syllapy.WORD_DICT:
            count += len(HIATUS.findall(word))
        return count


class CmuLike:
    """The word -> pronunciations mapping textstat expects from CMUdict, from our counter:
    each word gets one 'pronunciation' with one stressed vowel per syllable."""

    def __init__(self, counter: SyllableCounter) -> None:
        self._counter = counter

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["A1"] * self._counter.count(word)]


def offline_textstat(counter: SyllableCounter):
    """textstat, counting syllables with ``counter``; nothing is downloaded or loaded from nltk.

    textstat looks the CMU dictionary and pyphen up through two functions its syllable
    counter imports; pointing them at our counter is the one seam it offers (tests pin it).
    """
    import textstat
    from textstat.backend.counts import _count_syllables as seam

    table = CmuLike(counter)
    seam.get_cmudict = lambda lang: table
    seam.get_pyphen = lambda lang: None  # never reached: the table knows every word
    seam.count_syllables.cache_clear()
    return textstat
