"""What a word is, for every rule that counts, compares or checks words.

A word is a run of letters or digits, with apostrophes inside ("don't", "Crohn’s") and
hyphens or dots between letters ("follow-up", "e.g"). Pronunciation guides
("(an-tee-TRIP-sin)") and web addresses are not words a reader reads as prose, so
``mask`` blanks them before counting.
"""

from __future__ import annotations

import re

from medlint.analysis import memoised

# (Written as runs of word characters rather than one character at a time: the same matches,
# a third faster, and every rule that counts words reads every block with it.)
WORD = re.compile(r"[^\W_][\w'’]*(?:[-.](?=[^\W_])[\w'’]*)*")
# A run of letters (apostrophes inside): the unit a dictionary or a stopword list is looked up
# by. "follow-up" is two of them, "COVID-19" one ("COVID"), "e.g." two one-letter ones.
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# "(an-tee-TRIP-sin)": syllables joined by hyphens, some in capitals, some not.
# The first lookahead bounds the others to the guide (at most 80 letters and hyphens), so an
# unclosed "(" is not followed to the end of the text.
PRONUNCIATION = re.compile(r"\((?=[A-Za-z-]{3,80}\))(?=[^)]*\b[A-Z]{2,}\b)(?=[^)]*\b[a-z]+\b)[A-Za-z]+(?:-[A-Za-z]+)+\)")
# Tried only where a run of non-spaces starts, with '@' splitting it unambiguously: linear
# time on "a@a@a@…" or a long line of dots (the form "\S+@\S+\.\w+" was cubic there).
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+(?:@[^\s@]+)+\.\w+")


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def mask(text: str) -> str:
    """``text`` with pronunciation guides and addresses blanked by spaces (offsets unchanged)."""
    # Each pattern is tried only on text holding a string that every match of it holds: most
    # text has none. (Asked with ``in``, once per block of the page: a scan in C, a third of
    # the time a regex search for the same strings takes.)
    if "(" in text:
        text = PRONUNCIATION.sub(_blank, text)
    if "http" in text or "www." in text or "@" in text:
        text = ADDRESS.sub(_blank, text)
    return text


def words(text: str) -> list[str]:
    """The words of ``text`` as the statistics count them (guides and addresses left out)."""
    return WORD.findall(mask(text))


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` in lower case with typographic apostrophes made plain: the form
    in which two passages are compared ("Don’t" and "don't" are the same word)."""
    return WORD.findall(text.lower().replace("’", "'"))


def block_words(document, block) -> tuple[str, ...]:
    """``normalised_words`` of a block's text, worked out once per document and block."""
    return memoised(document, ("block_words", id(block)), lambda: tuple(normalised_words(block.text)))
