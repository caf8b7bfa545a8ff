"""Sentences of a page's prose, as a reader sees them, in all three formats.

The splitter is rule-based, not statistical. A sentence ends:
- at a full stop, question or exclamation mark (with any closing quote or bracket and any
  citation marker glued to it: "months.[1] About", "risk.¹ Some", ".[^1]") when the next
  word starts with a capital, a digit or a bullet — but not after an abbreviation ("Dr.",
  "e.g.", "approx."), an initial ("J. Smith") or inside a number ("2.5 mg", "9.30am");
- at a blank line, and before a list item: a line opening with a bullet ("•", "·", "–",
  "*", "-") or a number, whether the line came from a source line, a ``<br>`` or a
  Markdown hard break;
- in scraped text, at a line that stops short. Text copied off a site is often hard-wrapped:
  a line that fills the block's width was wrapped by a tool and runs on, while a line that
  ends well short of the width (a heading, a list item, the end of a paragraph) was ended by
  the writer. In a block whose lines are all short, every line stands alone;
- in HTML, at a blank source line or a Markdown heading or list mark that a template renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from medlint.analysis import memoised
from medlint.analysis.citations import reference_entries
from medlint.analysis.structure import looks_like_heading, markdown_heading_lines
from medlint.analysis.words import lowers_char_by_char, mask, normalised_words, span_words, word_pattern
from medlint.document import Block, Document
from medlint.regexes import compiled

# Words after which a full stop does not end a sentence (lower case, without the last dot).
ABBREVIATIONS = frozenset("""
    dr mr mrs ms mx prof sr jr st mt rev hon gen col capt sgt lt
    e.g eg i.e ie cf viz vs approx est ca incl excl
    vol ref tel ext dept univ inc ltd co corp assn
    jan feb apr jun jul aug sep sept oct nov dec
""".split())

# A citation marker glued to a sentence's end: [1], [2, 3], [4-6], [^1], ¹²
_GLUED_CITATION = r"(?:\[\^?\w{1,6}(?:\s*[,–-]\s*\w{1,6})*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)"
# The end of a sentence: . ! ? (closing quotes or brackets, citation markers), then space and a new start.
# It starts only at the first of a run of marks: a run of 10,000 dots is one try, not 10,000.
# (That look-behind follows the first mark, so the scan skips to marks: one before it would
# be tried at every character, twice the time.)
_AFTER_MARK = rf"""(?<![.!?][.!?])[.!?]*["'”’)\]]*{_GLUED_CITATION}*(?=\s+["'“‘(\[]?[A-Z0-9•–-])"""
# One pattern for each mark a sentence can end at. re finds a pattern that opens with one
# character by scanning for that character (a few machine instructions a character of the
# text); one that opens with the set "[.!?]" tests the set at every character, ten times the
# work. Their ends are the ends one pattern opening with the set would find: none can start
# inside another's match (only the first mark of a run starts one, and what follows the run
# in a match holds no mark).
FULL_STOP, QUESTION_MARK, EXCLAMATION_MARK = (compiled(re.escape(mark) + _AFTER_MARK) for mark in ".?!")
DOTTED = compiled(r"(?:[a-z]\.)+[a-z]")
LONGEST_ABBREVIATION = 1 + max(map(len, ABBREVIATIONS))  # letters: more than any listed word has
ABBREVIATION_REACH = 64  # characters: longer than any listed or dotted abbreviation ("e.g", "u.s.a")
SHORT_BLOCK = 200  # characters: a one-line block this short is split when asked, not remembered
# A line that opens a list item: a bullet or a number, then a space.
LIST_LINE = compiled(r"\n[ \t]*(?=(?:[•·▪◦‣*–-]|\d{1,2}[.)])\s)")
PROSE_BLOCKS = ("paragraph", "list_item")
# Scraped text: a block whose longest line is shorter than this was not wrapped by a tool.
WRAP_MIN_WIDTH = 40
# A line shorter than this share of the block's longest line was ended by its writer.
SHORT_LINE = 0.6
# In HTML: a blank line, or a line break before what would start a Markdown heading or list item.
MARKDOWN_MARKER = compiled(r"#{1,6}\S|[-*+]\s|\d{1,2}[.)]\s")
GAP = compiled(r"\s+(?=#{1,6}\S|[-*+]\s|\d{1,2}[.)]\s)|\s{2,}")


@dataclass(slots=True, unsafe_hash=True)  # never changed once made; not frozen: one is made per sentence (see Block)
class Sentence:
    """A sentence: its block, its span in the block's text, and its words (``words.words`` of
    the span) in lower case, the case every rule counts and compares words in."""

    block: Block
    start: int
    end: int
    words: tuple[str, ...]


def split_sentences(text: str, breaks=()) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; a lone fragment is a sentence too.

    ``breaks``: more offsets where a sentence ends whatever the punctuation (line ends the
    format decides on). Runs in linear time in ``len(text)``.
    """
    # (Each mark is looked for only in a text that holds it: most list items hold no "?" or "!", many no ".".)
    ends = [m.end() for m in FULL_STOP.finditer(text) if not _abbreviation_before(text, m.start())] if "." in text else []
    if "?" in text:
        ends += [m.end() for m in QUESTION_MARK.finditer(text)]
    if "!" in text:
        ends += [m.end() for m in EXCLAMATION_MARK.finditer(text)]
    if "\n" in text:  # a list line starts after a line break
        ends += [m.start() for m in LIST_LINE.finditer(text)]
    ends += breaks
    if not ends:
        # No end inside: one sentence (most of a page's list items, cells and headings, and
        # one-sentence paragraphs), found without copying it.
        lead, end = len(text) - len(text.lstrip()), len(text.rstrip())
        return [(lead, end)] if end > lead else []
    spans, start = [], 0
    for end in sorted(set(ends)) + [len(text)]:
        chunk = text[start:end]
        if stripped := chunk.lstrip():
            lead = start + len(chunk) - len(stripped)
            spans.append((lead, lead + len(stripped.rstrip())))
        start = end
    return spans


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` in ``text`` ends an abbreviation, an initial or a
    dotted abbreviation ("Dr.", "J.", "U.S.") rather than a sentence."""
    # Most sentences end in a word longer than any listed abbreviation, of letters only: such
    # a word is neither an initial nor dotted ("u.s"). Asked first, in C, of the letters just
    # before the dot (none of them a space that would start the word, or a stripped quote).
    if dot >= LONGEST_ABBREVIATION and text[dot - LONGEST_ABBREVIATION:dot].isalpha():
        return False
    # The word's start is looked for only within ABBREVIATION_REACH: searching back to the
    # text's start made a long line without breaks quadratic in its dots.
    reach = max(0, dot - ABBREVIATION_REACH)
    start = max(text.rfind(" ", reach, dot), text.rfind("\n", reach, dot), text.rfind("\t", reach, dot))
    if start < 0 and reach:
        return False  # a word longer than the reach is no abbreviation
    start += 1
    word = text[start:dot].lstrip("(\"'“‘").lower()
    if not word:
        return False
    # An initial ("J."), a dotted abbreviation ("U.S."), or a listed word.
    return len(word) == 1 and word.isalpha() or word in ABBREVIATIONS or bool(DOTTED.fullmatch(word))


def short_line_ends(text: str) -> list[int]:
    """Scraped text: offsets of the line breaks in ``text`` that its writer made (see the
    module's docstring): every break in a block of short lines, else the breaks after lines
    shorter than ``SHORT_LINE`` of the longest."""
    lines = text.split("\n")
    if len(lines) < 2:
        return []
    width = max(len(line.rstrip()) for line in lines)
    ends, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        if width < WRAP_MIN_WIDTH or len(line.rstrip()) < SHORT_LINE * width:
            ends.append(offset)
        offset += 1
    return ends


def source_line_breaks(document: Document, block: Block, *, blank_lines_only: bool = False) -> list[int]:
    """Offsets in an HTML block where the source starts a new Markdown paragraph, heading or
    list item: Markdown left in a page (or a template's markdown filter) that HTML joins up."""
    breaks = []
    for gap in GAP.finditer(block.text):
        newlines = document.source.count("\n", block.source_offset(gap.start()),
                                         block.source_offset(gap.end(), end=True))
        if newlines >= 2 or (newlines and not blank_lines_only and MARKDOWN_MARKER.match(block.text, gap.end())):
            breaks.append(gap.start())
    return breaks


def prose_blocks(document: Document) -> list[Block]:
    """Main-region paragraphs and list items that are prose: not reference entries, and in
    scraped text not the short lines that stand for headings."""
    def compute() -> list[Block]:
        entries = reference_entries(document)
        blocks = [b for b in document.blocks if b.region == "main" and b.kind in PROSE_BLOCKS and id(b) not in entries]
        if document.format == "text":
            blocks = [b for b in blocks if not looks_like_heading(b.text)]
        return blocks

    return memoised(document, ("prose_blocks",), compute)


def block_sentences(document: Document, block: Block) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``block``, headings shown as text left out."""
    if _split_by_text(document, block):
        return _text_sentences(document, block)

    def compute() -> list[tuple[int, int]]:
        headings = markdown_heading_lines(document, block) if document.format != "text" else []
        breaks = [offset for h in headings for offset in (h.start, h.end)]
        if document.format == "html":
            breaks += source_line_breaks(document, block)
        elif document.format == "text":
            breaks += short_line_ends(block.text)
        heading_starts = {h.start for h in headings}
        return [span for span in split_sentences(block.text, breaks) if span[0] not in heading_starts]

    return memoised(document, ("block_sentences", id(block)), compute)


def _split_by_text(document: Document, block: Block) -> bool:
    """Whether ``block_sentences`` of ``block`` follows from its text and the page's format
    alone: no hash mark that could start a heading line, and not HTML (whose source line
    breaks end sentences)."""
    return document.format != "html" and "#" not in block.text


def _text_sentences(document: Document, block: Block) -> list[tuple[int, int]]:
    """``block_sentences`` of a block whose split follows from its text (``_split_by_text``):
    every span ``split_sentences`` finds, none left out."""
    text = block.text
    if len(text) <= SHORT_BLOCK and "\n" not in text:
        # One short line, no heading mark: no break the format makes, and split again for
        # less than it costs to remember (a page of list items or table cells has one per word).
        return split_sentences(text)
    # No heading line to look up nor source break: only scraped text's short lines end sentences.
    return memoised(document, ("block_sentences", id(block)), lambda: split_sentences(
        text, short_line_ends(text) if document.format == "text" else ()))


def sentence_span(document: Document, block: Block, start: int, end: int) -> tuple[int, int]:
    """(start, end) in ``block``'s text of the sentence that holds the span [start, end); the
    whole block when no sentence does (a heading line shown as text)."""
    for first, last in block_sentences(document, block):
        if first <= start and end <= last:
            return first, last
    return 0, len(block.text)


def sentences(document: Document) -> list[Sentence]:
    """Every sentence of the page's main prose (``prose_blocks``) that has words."""
    return memoised(document, ("sentences",), lambda: list(chain.from_iterable(sentences_by_block(document).values())))


def sentences_by_block(document: Document) -> dict[int, list[Sentence]]:
    """The sentences of ``sentences`` by their block's id: every prose block (``prose_blocks``,
    in page order) has an entry, one without words an empty list."""
    return _prose(document).sentences


def prose_words(document: Document) -> dict[int, tuple[str, ...]]:
    """``normalised_words`` of each prose block (by id) whose sentences' words are all its
    words as ``normalised_words`` finds them, read off its sentences: most prose blocks. A
    block here has, for each of its sentences, ``normalised_words`` of the sentence's text
    equal to the sentence's words with typographic apostrophes made plain."""
    return _prose(document).words


class Prose(NamedTuple):
    """The words of the page's prose, found once, sentence by sentence."""

    sentences: dict[int, list[Sentence]]  # by block id: see sentences_by_block
    words: dict[int, tuple[str, ...]]  # by block id: see prose_words


def _prose(document: Document) -> Prose:
    # The words of a sentence are found in it alone, once per page: ``block_words`` and the
    # rules that count or compare words (reading grade, DU004) read them from here.
    def compute() -> Prose:
        by_block, words_of = {}, {}
        for block in prose_blocks(document):
            said, words = _block_prose(document, block)
            by_block[id(block)] = [Sentence(block, start, end, found) for start, end, found in said]
            if words is not None:
                words_of[id(block)] = words
        return Prose(by_block, words_of)

    return memoised(document, ("prose",), compute)


_SAID_WORDS = itemgetter(2)  # the words of a (start, end, words) of ``_sentences_with_words`` (read in C)
BlockProse = tuple[tuple[tuple[int, int, tuple[str, ...]], ...], "tuple[str, ...] | None"]
# ``_block_prose`` of the block texts whose split follows from the text (``_split_by_text``),
# by (format, text), kept for the whole process: a site repeats blocks from page to page (a
# worker checking half of 300 cancer.gov pages has seen a fifth of their prose, by length, on
# an earlier page). A text is kept once it is seen a second time (of the 7,800 texts such a
# worker sees, 760 come again, and they make most of the repeats): the words of every text
# would take 30 MB. Bounded: past PROSE_TEXTS texts (SEEN_TEXTS seen once), it starts again.
_prose_by_text: dict[tuple[str, str], BlockProse] = {}
_seen_once: set[int] = set()  # hash(text) of the texts seen once (in any format)
PROSE_TEXTS, SEEN_TEXTS = 4096, 65536


def _block_prose(document: Document, block: Block) -> BlockProse:
    """(start, end, words) of each sentence of ``block`` that has words (``Sentence``'s
    fields), and the block's words for ``prose_words`` (None when they are not read off its
    sentences)."""
    if not _split_by_text(document, block):
        return _sentences_with_words(block.text, block_sentences(document, block))
    key = (document.format, block.text)
    found = _prose_by_text.get(key)
    if found is None:
        found = _sentences_with_words(block.text, _text_sentences(document, block), every_span=True)
        # Kept the second time the text is seen. (Its hash, worked out for the lookup, is
        # kept in the string: asking again costs nothing.)
        if (seen := hash(block.text)) in _seen_once:
            if len(_prose_by_text) >= PROSE_TEXTS:
                _prose_by_text.clear()
            _prose_by_text[key] = found
        else:
            if len(_seen_once) >= SEEN_TEXTS:
                _seen_once.clear()
            _seen_once.add(seen)
    return found


def _sentences_with_words(text: str, spans: list[tuple[int, int]], every_span: bool = False) -> BlockProse:
    """``_block_prose`` of a block whose text is ``text`` and whose sentences are ``spans``.

    ``every_span``: ``spans`` are every span ``split_sentences`` found in ``text``, none left
    out. Only white space lies outside them, and at least one character of it between two
    (each chunk it splits the text into is stripped, and each end it splits at is followed by
    white space): such sentences hold every word of the text when each of them has words (the
    tests check this on random text), which is then known without ``_holds_every_word``
    looking at each gap."""
    masked = mask(text)  # once per block: the guides may span a sentence end
    # The words are found in the lower-cased text (lower-cased in C, once per block)
    # where that finds each word lower-cased alone; else lower-cased one by one.
    lower = masked.lower() if lowers_char_by_char(masked) else None
    if lower is not None:
        found = span_words(lower, spans)
    else:
        find = word_pattern(masked).findall
        found = [tuple(map(str.lower, find(masked, start, end))) for start, end in spans]
    said = [(start, end, words) for (start, end), words in zip(spans, found) if words]
    # A block with nothing masked, lower-cased character by character: each sentence's
    # words are normalised_words of its text there, less the plain apostrophes.
    if not (said and lower is not None and masked == text
            and (len(said) == len(spans) if every_span else _holds_every_word(text, said))):
        return tuple(said), None
    found = said[0][2] if len(said) == 1 else tuple(chain.from_iterable(map(_SAID_WORDS, said)))
    return tuple(said), found if "’" not in text else tuple(w.replace("’", "'") for w in found)


def block_words(document: Document, block: Block) -> tuple[str, ...]:
    """``normalised_words`` of a block's text, worked out once per document and block: for
    most prose blocks, read off their sentences (``prose_words``), not found again."""
    if block.region == "main" and block.kind in PROSE_BLOCKS:  # (a heading is never asked for its sentences)
        found = prose_words(document).get(id(block))
        if found is not None:
            return found
    return memoised(document, ("block_words", id(block)), lambda: tuple(normalised_words(block.text)))


def _holds_every_word(text: str, said: list[tuple[int, int, tuple[str, ...]]]) -> bool:
    """Whether the sentences ``said`` ((start, end, words) of a block whose text is ``text``, in order) hold every
    word of the text, each as found in the whole text: only white space lies before, between
    and after them, and some between each two. A word holds no white space, so none runs
    over a sentence's end; and a word's end is decided by the character after it, which is
    white space or the text's end either way."""
    at = 0
    for start, end, _ in said:
        gap = text[at:start]
        if not (gap.isspace() or not gap and not at):
            return False
        at = end
    return at == len(text) or text[at:].isspace()
