"""The English word lists behind the spelling rules, loaded once per process on first use.

pyspellchecker's dictionary (160,000 words with frequencies) says which words are common and
ranks suggestions. The lists shipped in rules/words/ add the rarer words of SCOWL size 80
(British and American) and a hand-made medical vocabulary; see rules/words/README.md for
their sources and licences. Loading costs about 0.3 s, so nothing here is imported until a
spelling rule runs.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from importlib import resources

VARIETIES = ("en-GB", "en-US")


@dataclass(frozen=True)
class Lexicon:
    frequency: dict[str, int]  # common words (pyspellchecker) and how often they occur
    rare: frozenset[str]  # correct words too rare for pyspellchecker: SCOWL and the medical list
    only: dict[str, frozenset[str]]  # spellings of one variety only: {"en-GB": {"colour", …}, "en-US": {…}}
    edits: object  # pyspellchecker's SpellChecker, for its one-edit neighbours of a word

    def known(self, word: str) -> bool:
        """A correct spelling in British or American English (or a listed medical word)."""
        return word in self.frequency or word in self.rare or any(word in v for v in self.only.values())

    def other_variety(self, word: str, spelling: str) -> bool:
        """The word is spelt the way of the variety other than ``spelling`` ("color" in en-GB)."""
        return spelling in VARIETIES and word in self.only[_other(spelling)]

    def neighbours(self, word: str) -> list[str]:
        """Common words one edit away, most frequent first."""
        found = [w for w in self.edits.edit_distance_1(word) if w in self.frequency]
        return sorted(found, key=lambda w: (-self.frequency[w], w))


def _other(spelling: str) -> str:
    return VARIETIES[1 - VARIETIES.index(spelling)]


def _words(name: str) -> set[str]:
    resource = resources.files("medlint.rules") / "words" / name
    data = resource.read_bytes()
    text = gzip.decompress(data).decode("utf-8") if name.endswith(".gz") else data.decode("utf-8")
    # One word per line, "#" for comments; split() is the fast way to read 130,000 of them.
    lines = (line for line in text.lower().splitlines() if not line.startswith("#"))
    return set(" ".join(lines).split())


@functools.cache
def lexicon(vocabularies: tuple[str, ...]) -> Lexicon:
    """The lexicon with the named files of rules/words/ as extra vocabulary."""
    from spellchecker import SpellChecker

    checker = SpellChecker(language="en", distance=1)
    frequency = dict(checker.word_frequency.dictionary)
    rare = set(_words("scowl-en.txt.gz"))
    for name in vocabularies:
        rare |= _words(name)
    only = {"en-GB": frozenset(_words("scowl-en-GB.txt")), "en-US": frozenset(_words("scowl-en-US.txt"))}
    return Lexicon(frequency, frozenset(rare), only, checker)
