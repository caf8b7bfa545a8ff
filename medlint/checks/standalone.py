"""Standalone: a listed phrase that stands (almost) alone on its line: site chrome, not prose.

"Read more", "Privacy Policy · Sitemap", "Call us today 1-800-555-0199" or "Skip to main
content" on a line of their own are leftovers of a website's template. The same words inside
a sentence ("read more about side effects in our leaflet") are the writer's own. So a line
is flagged only when, once the phrases, the ``filler`` words and what never counts as words
(phone numbers, addresses, years, ©, separators, arrows) are taken out, at most
``max_extra_words`` words are left (``with_values: false``: and none of those was there).
``dangling`` phrases are only flagged when nothing
follows them but a heading or the end of the page ("On this page" with its list lost).
"""

from __future__ import annotations

import functools
import re

from medlint.analysis import memoised
from medlint.analysis.words import WORD
from medlint.checks import (MATCH_SCHEMA, PHRASE_LIST, SCOPE_SCHEMA, Finding, match_any_parts, match_any_source,
                            scoped_blocks, shorten)
from medlint.patterns import alternation, phrases_pattern
from medlint.regexes import compiled
from medlint.analysis.anchors import Anchors, PageAnchors, anchors_of, line_start_regex, mask_of

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **MATCH_SCHEMA,
        "dangling": {**PHRASE_LIST,
                     "description": "phrases flagged only when nothing but a heading or the page's end follows"},
        "filler": {**PHRASE_LIST,
                   "description": "words a line of chrome may hold besides the phrase (\"Call us today\")"},
        "max_extra_words": {"type": "integer", "minimum": 0,
                            "description": "other words a flagged line may hold"},
        "max_words": {"type": "integer", "minimum": 1,
                      "description": "longer lines are sentences, never flagged"},
        "with_values": {"type": "boolean",
                        "description": "false: a line that also gives a phone number, address or year is fine"},
        **SCOPE_SCHEMA,
    },
}

# Never words: URLs, e-mail addresses, phone numbers ("0300 123 4567", "1-800-4-CANCER"),
# years, copyright marks.
NOT_WORDS = compiled(
    r"(?<!\S)\S+://\S+|www\.\S+|(?<!\S)[^\s@]+(?:@[^\s@]+)+\.\S+|\+?\(?\d[\d ().-]{5,}\d(?:-[A-Z]{3,})?|\b1-8\d\d-[\dA-Z-]+"
    r"|\b(?:19|20)\d\d\b|©|\(c\)|\b24/7\b", re.IGNORECASE)



def lines(text: str) -> list[tuple[int, str]]:
    """(start, line) for each line of a block's text."""
    if "\n" not in text:
        return [(0, text)]  # most blocks: one line, asked for once per block by several rules
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, line))
        start += len(line) + 1
    return found


def section_ends(document, page: PageAnchors) -> int:
    """The blocks a heading (or title) follows, and the page's last block, as a mask of
    ``page``'s blocks (``anchors_of(document)``): worked out once per page, not once per rule."""
    def compute() -> int:
        blocks = page.blocks
        ends = [index for index in range(len(blocks) - 1) if blocks[index + 1].kind in ("heading", "title")]
        return mask_of([*ends, len(blocks) - 1]) if blocks else 0

    # Keyed by the blocks list too: a mask of one list's indexes means nothing for another.
    return memoised(document, ("section_ends", id(page.blocks)), compute)


# A line's words are counted up to this many, once per page for every rule (``lines_by_block``):
# a line of more is a sentence for every built-in rule (they allow 10 to 20). A rule that
# allows more counts its lines itself.
WORDS_COUNTED = 20


# Each byte of ASCII text to itself lower-cased if it is a word character (\\w: a letter, a
# digit, "_"), else to a space: bytes.split() then gives the text's words as re's \\w+ finds them.
WORD_BYTES = bytes(ord(char.lower()) if char.isascii() and (char.isalnum() or char == "_") else 32
                   for char in map(chr, range(256)))


def word_runs(text: str) -> list[bytes] | None:
    """The runs of word characters (\\w+) of an ASCII ``text``, lower-cased, as bytes; None for a
    text that is not all ASCII. Made in C (a regex's findall takes three times as long)."""
    return text.encode("ascii").translate(WORD_BYTES).split() if text.isascii() else None


def first_word(phrase: str) -> bytes | None:
    """The first of ``phrase``'s ``word_runs`` (bytes, lower case) when the phrase (stripped)
    starts with a word character, else None. ``phrase`` must be all ASCII (UnicodeEncodeError
    otherwise): the checker asks only when its phrases' regex is."""
    text = phrase.strip().encode("ascii").translate(WORD_BYTES)
    return text.split()[0] if text[:1] not in (b"", b" ") else None


def short_lines(text: str, limit: int) -> tuple[int, list[tuple[int, int, str, int, list[bytes] | None]]]:
    """How many lines a block's text has, and (number, start, line, words, word_runs(line)) for
    each of its lines of at most ``limit`` words (as str.split() finds them). Most lines read
    are a paragraph's sentences: they are left out here, once, not passed over by each rule in turn."""
    if "\n" not in text:  # most blocks: one line
        words = len(text.split(None, limit))
        return 1, [(0, 0, text, words, word_runs(text))] if words <= limit else []
    found = lines(text)
    counted = ((number, start, line, len(line.split(None, limit))) for number, (start, line) in enumerate(found))
    return len(found), [(*entry, word_runs(entry[2])) for entry in counted if entry[3] <= limit]


def lines_by_block(document, page: PageAnchors) -> dict[int, tuple[int, list[tuple]]]:
    """short_lines of the blocks of ``page`` (``anchors_of(document)``), up to WORDS_COUNTED
    words, by block index, as the rules ask for them: the rules read many of the same blocks
    (those holding a common word), each line is split once per page, not once per rule."""
    return memoised(document, ("standalone_lines", id(page.blocks)), dict)


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.anchors = Anchors(match_any_source(params))
        # Most blocks the rule may match hold the anchors of its phrases but of none of its
        # patterns: those are searched with the phrases' regex alone, the last part of the
        # whole one (a third of its cost a line). Where no pattern can match, the whole regex
        # finds just what its phrases find.
        parts = match_any_parts(params)
        split = params.get("phrases") and len(parts) > 1
        self.patterns = Anchors(alternation(parts[:-1])) if split else None
        self.phrases_source = alternation(parts[-1:]) if params.get("phrases") else None
        # (Made here, not when first asked: its anchors must join the automaton before a page is scanned.)
        self.phrase_anchors = Anchors(self.phrases_source) if split else None
        # The phrases' regex without (?i), for ASCII lines lower-cased: ``re`` skips a branch of
        # the phrases' trie that starts with another letter at once when it matches case by
        # case, but enters each one when it ignores case (twice the time a line). The two find
        # the same spans: the phrases are lower case, and an ASCII character ignoring case
        # matches just what its lower case matches (the other folds re knows, such as the
        # long s and the Kelvin sign, are not ASCII); lower-casing keeps ASCII text's length.
        phrases = parts[-1].removeprefix("(?i)") if params.get("phrases") else ""
        self.lowered_source = phrases if phrases and phrases.isascii() else None
        # The first words of the phrases (``first_word``). A phrase that starts with a word
        # character matches only where \\b is, and its first word is followed by a character
        # that is no word character, or by its (?!\\w): a line's word is that word itself there.
        # So a line none of whose words is one of these holds no phrase: it is not searched
        # (four in five ASCII lines the phrases' regex ran on). None: a phrase starts with
        # another character; every line is searched.
        firsts = [first_word(phrase) for phrase in params.get("phrases", [])] if self.lowered_source else [None]
        self.first_words = frozenset(firsts) if None not in firsts else None
        # Each of a phrase's words is, the same way, a whole word of a line that holds it (the
        # characters between its words are no word characters, and it ends in (?!\\w) or in
        # one): by first word, the sets of the phrases' words. A line that holds one of the
        # first words but all the words of no phrase ("to" without "top") is not searched either.
        self.phrase_words: dict[bytes, list[frozenset[bytes]]] = {}
        for first, phrase in zip(firsts, params.get("phrases", [])) if self.first_words else ():
            self.phrase_words.setdefault(first, []).append(frozenset(word_runs(phrase.strip())))
        dangling = phrases_pattern(params.get("dangling", []))
        self.dangling = compiled(dangling, re.IGNORECASE) if dangling else None
        filler = phrases_pattern(params.get("filler", []))
        self.filler = compiled(filler, re.IGNORECASE) if filler else None
        self.max_extra = params.get("max_extra_words", 0)
        self.max_words = params.get("max_words", 12)
        # False: a line that also gives a phone number, address or year is contact
        # information ("Email address: pals@example.org"), not an empty form label.
        self.with_values = params.get("with_values", True)

    def findings(self, document, context):
        blocks = scoped_blocks(document, self.params)
        # Sets of blocks are masks of the page's blocks (PageAnchors): only the blocks the
        # rule's regex may match are read, not every block of the page, and, for dangling
        # phrases, the blocks before a heading or the page's end.
        page = anchors_of(document)
        scope = page.mask(blocks)
        if self.patterns:
            # The whole regex may match where its patterns or its phrases may (its anchors are
            # theirs): the patterns' anchors are looked up once, not for it and for them.
            patterned = self.patterns.holding(page)
            may = (patterned | self.phrase_anchors.holding(page)) & scope
        else:
            may = self.anchors.holding(page) & scope
        ends = section_ends(document, page) & scope if self.dangling else 0
        read = page.indexes(may | ends)
        # A block's bit is tested by index in sets: a test of one bit of a page-long mask reads
        # it whole. (Without dangling phrases, every block read is one the regex may match.)
        may_at = set(page.indexes(may)) if ends else None
        patterned_at = set(page.indexes(may & patterned)) if self.patterns else None
        ends_at = set(page.indexes(ends)) if ends else ()
        counted = lines_by_block(document, page)
        for index in read:
            block = page.blocks[index]
            if self.max_words > WORDS_COUNTED:
                count, short = short_lines(block.text, self.max_words)
            else:
                known = counted.get(index)
                if known is None:
                    known = counted[index] = short_lines(block.text, WORDS_COUNTED)
                count, short = known
            if not short:
                continue  # (most blocks read: a paragraph of sentences)
            searched = may_at is None or index in may_at
            whole = index in patterned_at if self.patterns else not self.phrases_source  # else its phrases alone
            dangling = index in ends_at
            for number, offset, line, words, runs in short:
                if words > self.max_words:
                    continue  # a sentence, not chrome
                matches = self._matches(line, runs, whole) if searched else []
                if not matches and dangling and number == count - 1:
                    matches = [m for m in self.dangling.finditer(line)]
                if matches and self._alone(line, matches):
                    start = offset + len(line) - len(line.lstrip())
                    end = offset + len(line.rstrip())
                    yield Finding(block, start, end, {"match": shorten(line.strip())})

    @functools.cached_property
    def phrases(self) -> re.Pattern:
        """The regex of the rule's phrases alone (compiled on first use, as the whole one is)."""
        return compiled(self.phrases_source)

    def _matches(self, line: str, runs: list[bytes] | None, whole: bool) -> list[re.Match]:
        """The matches in ``line`` (whose ``word_runs`` are ``runs``) of the rule's whole regex,
        or of its phrases alone, that hold more than spaces."""
        if whole:
            # Where no phrase starts with one of the line's words, the phrases' part of the whole
            # regex matches nowhere: the patterns' regex alone finds the same matches.
            if self.patterns and self._no_phrase(runs):
                # A line holds no "\n": patterns that all start with ^ match at its start or
                # nowhere. ``match`` tries that one place; ``finditer`` tried each alternative at
                # every character (re skips ahead only for a regex that starts with ^ itself).
                if self.patterns_at_start is not None:
                    match = self.patterns_at_start.match(line)
                    if match is None:
                        return []
                    if match.end():  # (after an empty match finditer tries the start again: the search below)
                        return [match] if match.group().strip() else []
                regex = self.patterns.regex
            else:
                regex = self.anchors.regex
        elif self.lowered_source and runs is not None:
            if self._no_phrase(runs):
                return []
            return [m for m in self.lowered.finditer(line.lower()) if m.group().strip()]
        else:
            regex = self.phrases
        return [m for m in regex.finditer(line) if m.group().strip()]

    def _no_phrase(self, runs: list[bytes] | None) -> bool:
        """Whether no phrase of the rule starts with one of a line's words (``runs``: its
        word_runs; None, a line not all ASCII: not known), or none that does has all its words
        among them, so none is in it (``first_words``, then ``phrase_words``)."""
        if runs is None or self.first_words is None:
            return False
        if self.first_words.isdisjoint(runs):  # (most lines: one test in C)
            return True
        held = set(runs)
        return not any(words <= held for first in self.first_words.intersection(runs) for words in self.phrase_words[first])

    @functools.cached_property
    def patterns_at_start(self) -> re.Pattern | None:
        """The patterns' regex when every pattern starts with ^ or \\A (``line_start_regex``)."""
        return line_start_regex(self.patterns.pattern, self.patterns.flags)

    @functools.cached_property
    def lowered(self) -> re.Pattern:
        """The regex of the rule's phrases, case by case, for lower-cased ASCII lines."""
        return compiled(self.lowered_source)

    def _alone(self, line: str, matches) -> bool:
        rest, at = [], 0
        for match in matches:
            rest.append(line[at:match.start()])
            at = match.end()
        rest.append(line[at:])
        leftover = " ".join(rest)
        if not self.with_values and NOT_WORDS.search(leftover):
            return False
        leftover = NOT_WORDS.sub(" ", leftover)
        if self.filler:
            leftover = self.filler.sub(" ", leftover)
        return len(WORD.findall(leftover)) <= self.max_extra
