"""What a word is, for every rule that counts, compares or checks words.

A word is a run of letters or digits, with apostrophes inside ("don't", "Crohn’s") and
hyphens or dots between letters ("follow-up", "e.g"). Pronunciation guides
("(an-tee-TRIP-sin)") and web addresses are not words a reader reads as prose, so
``mask`` blanks them before counting.
"""

from __future__ import annotations

import re

from medlint.regexes import compiled

# (Written as runs of word characters rather than one character at a time: the same matches,
# a third faster, and every rule that counts words reads every block with it. The runs are
# possessive, "*+": what follows a run, "-" or "." or the pattern's end, is never a character
# of the run, so giving some back could not make another match; not keeping the places to
# give back at takes a fifth off the time.)
WORD = compiled(r"[^\W_][\w'’]*+(?:[-.](?=[^\W_])[\w'’]*+)*+")
# WORD for a text of ASCII characters only (nine in ten blocks of prose): there "\w" is
# [a-zA-Z0-9_] and "[^\W_]" is [a-zA-Z0-9], and "’" is absent. re tests these classes in a
# bitmap, where it looks each character up in Unicode's tables for WORD's: the same words,
# found in four fifths of the time (``word_pattern`` picks the pattern).
ASCII_WORD = compiled(r"[a-zA-Z0-9][a-zA-Z0-9_']*+(?:[-.](?=[a-zA-Z0-9])[a-zA-Z0-9_']*+)*+")
# ASCII text with every character that no ASCII_WORD holds made a space (a bytes.translate
# table): what is left are runs of the characters words are made of (``span_words``).
WORD_CHARACTERS_ONLY = bytes(c if chr(c) in "_'.-" or chr(c).isalnum() and c < 128 else 32 for c in range(256))
# In such text, a character that keeps a run of word characters from being one ASCII_WORD: a
# "_", "'", "-" or "." opening the run (after a space or at the start), or a "-" or "." that
# no letter or digit follows. (Opening with the set, the scan skips to these characters.)
NOT_ONE_WORD = compiled(r"[-._'](?:(?<![a-zA-Z0-9_'.-].)|(?<=[-.])(?![a-zA-Z0-9]))")
# A run of letters (apostrophes inside): the unit a dictionary or a stopword list is looked up
# by. "follow-up" is two of them, "COVID-19" one ("COVID"), "e.g." two one-letter ones.
# (Possessive as WORD is, for the same reason: an apostrophe is no letter.)
LETTER_WORD = compiled(r"[^\W\d_]++(?:['’][^\W\d_]++)*+")
# "(an-tee-TRIP-sin)": syllables joined by hyphens, some in capitals, some not.
# The first lookahead bounds the others to the guide (at most 80 letters and hyphens), so an
# unclosed "(" is not followed to the end of the text.
PRONUNCIATION = compiled(r"\((?=[A-Za-z-]{3,80}\))(?=[^)]*\b[A-Z]{2,}\b)(?=[^)]*\b[a-z]+\b)[A-Za-z]+(?:-[A-Za-z]+)+\)")
# Tried only where a run of non-spaces starts, with '@' splitting it unambiguously: linear
# time on "a@a@a@…" or a long line of dots (the form "\S+@\S+\.\w+" was cubic there).
ADDRESS = compiled(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+(?:@[^\s@]+)+\.\w+")


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


def word_pattern(text: str) -> re.Pattern:
    """The pattern that finds ``text``'s words fastest: ``ASCII_WORD`` where ``text`` is ASCII
    (``str.isascii`` reads a flag of the string, no scan), else ``WORD``."""
    return ASCII_WORD if text.isascii() else WORD


def span_words(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """The words of ``text`` (``word_pattern(text).findall``) within each (start, end) of
    ``spans``: a tuple of them for each span, in order.

    In ASCII text (most blocks) a span's words are the runs of word characters left when
    every other character is made a space (WORD_CHARACTERS_ONLY), split at the spaces by
    ``str.split`` in C: ASCII_WORD finds just those runs as words when each opens with a
    letter or digit and each "-" or "." in it comes before one (NOT_ONE_WORD finds none).
    The span's last "-", "." and spaces are left off first: ASCII_WORD takes a "-" or "."
    only before a letter or digit, so no word ends in them, and most sentences end in a full
    stop. A span where a run is not one word (1 sentence in 100) is read by the pattern.
    A regex match a word cost nearly twice as much over real pages: CPython 3.11's ``re``
    also allocates and frees its backtracking stack on the heap for each match. (The tests
    compare the two on random text.)
    """
    find = word_pattern(text).findall
    if not text.isascii():
        return [tuple(find(text, start, end)) for start, end in spans]
    spaced = text.encode().translate(WORD_CHARACTERS_ONLY).decode()  # (bytes: a table look-up a character)
    found = []
    for start, end in spans:
        piece = spaced[start:end].rstrip(" .-")
        # (Most spans hold none of the four characters: four scans in C are asked first.)
        if ("." in piece or "-" in piece or "'" in piece or "_" in piece) and NOT_ONE_WORD.search(piece):
            found.append(tuple(find(text, start, end)))
        else:
            found.append(tuple(piece.split()))
    return found


def words(text: str) -> list[str]:
    """The words of ``text`` as the statistics count them (guides and addresses left out)."""
    text = mask(text)
    return word_pattern(text).findall(text)


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` in lower case with typographic apostrophes made plain: the form
    in which two passages are compared ("Don’t" and "don't" are the same word)."""
    text = text.lower().replace("’", "'")
    return word_pattern(text).findall(text)


def lowers_char_by_char(text: str) -> bool:
    """Whether the words of ``text.lower()`` are the words of ``text`` each lower-cased alone,
    at the same places: true unless ``text`` holds "İ" (whose lower case is two characters,
    the second no letter) or "Σ" (lower-cased to "ς" or "σ" by what follows it in the text,
    which a word alone lacks). Every other character's lower case is one character, of the
    same kind for ``WORD`` (a letter or digit, an apostrophe, a hyphen or dot, or else), and
    its own lower case (the tests check every code point)."""
    return "\u0130" not in text and "\u03a3" not in text
