"""Syllable counts for the reading-grade formulas, as the CMU Pronouncing Dictionary gives them.

textstat (0.7.9 and later) counts syllables with CMUdict, which it fetches through
``nltk.download`` when it is missing: offline, the first call raises, and loading it costs
about 0.7 s. medlint ships no dictionary of pronunciations. It counts by rule: vowel groups,
less a silent final "e", "-es" or "-ed" ("bones", "researched", "breathed", but "added",
"boxes"), less the stem's silent "e" before "-ly", "-ment", "-ful", "-less", "-ness"
("completely"), plus vowel pairs said as two syllables ("pneu-mo-ni-a", "bi-op-sy"). Where
the rule and CMUdict disagree, CMUdict's count is in a table shipped with the word lists
(``rules/words/syllables-cmudict.txt.gz``, about 11,000 words; rebuilt by
``benchmarks/syllable_agreement.py --write``), and the rule pack's own exceptions come
before both. The table loads (in about 10 ms) only when a reading grade is computed.
"""

from __future__ import annotations

import functools
import gzip
from itertools import filterfalse

from medlint.regexes import compiled
from medlint.rules import FOLDER

DIGIT = compiled(r"\d")
PART_BREAK = compiled(r"[-_.]")  # "follow-up", "e.g": each part is said on its own
NOT_ASCII_LETTER = compiled(r"[^a-z]")
SPOKEN_POSSESSIVE = compiled(r"(?:[sxz]|[cs]h|[cgsz]e)$")  # "nurse's" says its "'s"
# A bytes.translate table: "v" for a vowel, a space for anything else.
VOWEL_MARKS = bytes(ord("v") if chr(c) in "aeiouy" else ord(" ") for c in range(256))
# Vowel pairs said as two syllables, which a vowel-group count takes for one:
# "insomn-i-a", "bi-opsy", "oste-o", "diarrh-e-a", "infl-u-enza" (not "-tion", "-tia", "-ious", "guess").
# Each branch opens with its vowel, the letter before it tested by a look-behind after it
# ("i(?<![tcsgx]i)" is "(?<![tcsgx])i"): re then skips to the letters i, e and u, where a
# branch opening with a look-behind is tried at every letter (half the time, same matches).
HIATUS = compiled(r"i(?<![tcsgx]i)(?:a|o(?!ns?$|us$))|e(?<!ge)o|ea$|u(?<![qg]u)e(?=[a-z])")
SILENT_E = compiled(r"[^aeiouy]e$")
SPOKEN_LE = compiled(r"[^aeiouy]le$")  # "table", "little"
SILENT_ES = compiled(r"[^aeiouy]es$")
SPOKEN_ES = compiled(r"(?:[sxz]|[cs]h|[cgs])es$|[^aeiouy]les$")  # "boxes", "changes", "tables"
SILENT_ED = compiled(r"[^aeiouytd]ed$")  # "researched", "followed"; not "treated", "added"
STEM_SUFFIXES = ("ly", "ment", "ments", "ful", "fully", "less", "ness")
STEM_SUFFIX_ENDS = frozenset(suffix[-1] for suffix in STEM_SUFFIXES)  # their last letters
STEM_E = compiled(rf"[^aeiouy]e(?=(?:{'|'.join(STEM_SUFFIXES)})$)")  # "completely", "statement"


def rule_count(word: str) -> int:
    """Syllables of a lower-case word of letters by rule alone (at least 1).

    Agrees with CMUdict on about 91% of its 117,000 words and 98% of the word tokens of
    real patient pages; the shipped table corrects the rest of CMUdict's words.
    """
    # Vowel groups: the vowels that open one (after a space put before the word, or after a
    # consonant), the word's bytes marked by a table look-up each and counted in C.
    count = (b" " + word.encode()).translate(VOWEL_MARKS).count(b" v")
    # (An ending's regexes are asked only of a word with that ending, HIATUS only of one with
    # a pair it starts at: most words have none, and a regex call is the costliest step.
    # Endings are compared as slices: str.endswith parses its arguments at each call, which
    # costs more.)
    last, ending = word[-1:], word[-2:]
    if last == "e":
        if SILENT_E.search(word) and not SPOKEN_LE.search(word):
            count -= 1
    elif ending == "es":
        if SILENT_ES.search(word) and not SPOKEN_ES.search(word):
            count -= 1
    elif ending == "ed" and SILENT_ED.search(word):
        count -= 1
    if last in STEM_SUFFIX_ENDS and word.endswith(STEM_SUFFIXES):
        count -= len(STEM_E.findall(word))
    if "ia" in word or "io" in word or "eo" in word or "ue" in word or ending == "ea":  # (where HIATUS can match)
        count += len(HIATUS.findall(word))
    if word[-3:] == "ism":
        count += 1
    return count if count > 1 else 1


@functools.cache
def cmudict_counts() -> dict[str, int]:
    """{word: syllables} for the CMUdict words whose count the rule gets wrong."""
    data = (FOLDER / "words" / "syllables-cmudict.txt.gz").read_bytes()
    table = {}
    for line in gzip.decompress(data).decode().splitlines():  # "COUNT<tab>word word …"
        count, words = line.split("\t")
        table.update(dict.fromkeys(words.split(), int(count)))
    return table


CACHED_WORDS = 65536  # words a run keeps the counts of (past that, the cache starts again)


class SyllableCounter:
    """Counts syllables; ``exceptions`` ({word: count}, from the rule pack) come first, then
    ``table`` (default: the shipped CMUdict corrections), then the rule."""

    def __init__(self, exceptions: dict[str, int] | None = None, table: dict[str, int] | None = None) -> None:
        self._exceptions = {word.lower(): count for word, count in (exceptions or {}).items()}
        self._table = cmudict_counts() if table is None else table  # {} counts by rule alone
        self._counted: dict[str, int] = {}  # by the word as the text has it: shared by every page of a run

    def count(self, word: str) -> int:
        """Syllables of one word as the text has it (any case, apostrophes, hyphens, digits)."""
        found = self._counted.get(word)
        if found is None:
            found = self._counted[word] = self._count(word)
        return found

    def counts(self, words: list[str]) -> list[int]:
        """``count`` of each of ``words``, in order. The cache is read in C (its lookup mapped
        over the list): only a word not counted before costs a Python call."""
        counted = self._counted
        if len(counted) > CACHED_WORDS:
            counted.clear()
        for word in filterfalse(counted.__contains__, words):
            counted[word] = self._count(word)
        return list(map(counted.__getitem__, words))

    def _count(self, word: str) -> int:
        if word.isascii() and word.isalpha() and word.islower():
            # Lower-case letters a-z only (most words, as a page's sentences hold them): none
            # to lower-case or strip, no number, part or possessive.
            found = self._exceptions.get(word)
            if found is None:
                found = self._table.get(word)
            return rule_count(word) if found is None else found
        spelt = word.lower().replace("’", "'").strip("'")
        if spelt != word:  # ("Cancer" is counted as "cancer", once)
            return self.count(spelt)
        if word in self._exceptions:
            return self._exceptions[word]
        if DIGIT.search(word):
            return 1  # a number: read as one unit; it neither helps nor hurts much
        parts = [p for p in PART_BREAK.split(word) if p]
        if len(parts) > 1:
            return sum(self.count(p) for p in parts)
        if word in self._table:
            return self._table[word]
        stem = word.removesuffix("'s")
        if stem != word:  # a possessive: "nurse's" adds a syllable, "doctor's" does not
            return self.count(stem) + bool(SPOKEN_POSSESSIVE.search(stem))
        letters = NOT_ASCII_LETTER.sub("", word)
        return rule_count(letters) if letters else 1
