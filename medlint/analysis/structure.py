"""Headings, the outline, sections, the page title, and whether a file is a whole page.

One answer to "is this a heading?" for every rule:
- Markdown and HTML mark headings up (``Block.kind == "heading"``). A Markdown heading line
  shown as text ("#Symptoms", or "## Symptoms" in an HTML template a markdown filter renders)
  is found on its source line (``markdown_heading_lines``).
- Scraped text has no markup: a short single line with no closing punctuation, standing as a
  block of its own, is a heading (``heading_like_blocks``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from medlint.analysis import memoised
from medlint.analysis.words import word_pattern
from medlint.document import Block, Document
from medlint.regexes import compiled

# A source line that is one to six "#" then a word, with no sentence punctuation at the end.
# (With a space, in HTML, it is Markdown that a template's markdown filter renders.)
HASH_LINE = compiled(r"(?<![ \t])[ \t]*(#{1,6})([ \t]*)([^\W\d_][^\n#]{0,60}?)[ \t]*(?<![.!?,;:])#*[ \t]*$")
HASH_WORD = compiled(r"(?<!\S)#(?=[#\s]*\w)")
# The last hash mark of a line, where only spaces follow it (empty_headings).
LAST_HASH = compiled(r"(?m)#[ \t]*$")
FULL_HTML = compiled(r"<(?:html|head|body)\b", re.IGNORECASE)
HEADING_MAX_WORDS = 10
CLOSING_PUNCTUATION = ".!?:;,"
# A title line may end in a question mark ("What is asthma?"), never in a full stop or comma.
TITLE_CLOSING = ".:;,"
TITLE_MAX_CHARS = 150


class HeadingLine(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A Markdown heading line shown as text inside a block (offsets in the block's text)."""

    start: int
    end: int
    level: int
    text: str
    spaced: bool  # "# Heading" rather than "#Heading"


# Not frozen, though never changed once made, as Block is not: a frozen dataclass takes
# several times as long to make, and a page's outline makes one per heading. Hashed by value.
@dataclass(slots=True, unsafe_hash=True)
class Heading:
    """A heading of the page's outline."""

    block: Block | None  # None: an empty heading, which has no text to report
    start: int
    end: int
    level: int
    text: str
    unspaced: bool = False  # "#Heading": shown as text, meant as a heading


def looks_like_heading(text: str) -> bool:
    """A short single line with no sentence punctuation at its end ("Symptoms of flu")."""
    text = text.strip()
    if not text or "\n" in text or text[-1] in CLOSING_PUNCTUATION:
        return False
    # Words are counted only up to one past the limit: a long line is not a heading, however long.
    # (Listed in C: a line of every page's paragraphs and links is asked.)
    return 0 < len(list(itertools.islice(word_pattern(text).finditer(text), HEADING_MAX_WORDS + 1))) <= HEADING_MAX_WORDS


def heading_like_blocks(document: Document) -> tuple[list[tuple[int, Block]], frozenset[int]]:
    """The page's heading-like blocks, as (index, block) in page order and as a set of their
    ids: each heading or title, and each paragraph that is a short line standing for one (a
    bold "Stage II" line in Markdown, a heading line of scraped text). Worked out once per page
    (a paragraph is read to tell), not by each rule that asks."""
    def compute() -> tuple[list[tuple[int, Block]], frozenset[int]]:
        # (The kinds asked in the comprehension, not in a call per block: a page has hundreds.)
        found = [(index, block) for index, block in enumerate(document.blocks)
                 if block.kind in ("heading", "title") or block.kind == "paragraph" and looks_like_heading(block.text)]
        return found, frozenset(id(block) for _, block in found)

    return memoised(document, ("heading_like_blocks",), compute)


def markdown_heading_lines(document: Document, block: Block) -> list[HeadingLine]:
    """Markdown heading lines shown as text in a block. Found on the source line, because an
    HTML reader (or a template's markdown filter) joins the lines the hash marks separate."""
    if "#" not in block.text:
        return []  # most blocks: no hash mark to look up, nothing to remember
    def compute() -> list[HeadingLine]:
        found = []
        lines: dict[int, re.Match | None] = {}  # by line number: a line of many '#' is read once
        for hash_mark in HASH_WORD.finditer(block.text):
            offset = block.source_offset(hash_mark.start())
            number = document.position(offset)[0]
            line_start = document.line_offset(number)
            if number not in lines:
                lines[number] = HASH_LINE.fullmatch(document.line_text(number))
            line = lines[number]
            if line and line.start(1) == offset - line_start:
                end = min(len(block.text), hash_mark.start() + line.end(3) - line.start(1))
                found.append(HeadingLine(hash_mark.start(), end, len(line[1]), line[3], bool(line[2])))
        return found

    return memoised(document, ("heading_lines", id(block)), compute)


def outline(document: Document) -> list[Heading]:
    """The main text's headings in source order (none in scraped text: it has no levels)."""
    def compute() -> list[Heading]:
        if document.format == "text":
            return []
        placed = []  # (source offset, heading)
        for block in document.blocks:
            if block.region != "main":
                continue
            if block.kind == "heading":
                placed.append((block.source_offset(0), Heading(block, 0, len(block.text), block.level, block.text)))
            elif block.kind == "paragraph" and "#" in block.text:  # (no hash mark, no heading line: most paragraphs)
                placed += [(block.source_offset(h.start), h) for h in shown_headings(document, block)]
        if document.format == "markdown":
            placed += [(start, Heading(None, 0, 0, level, "")) for start, level in empty_headings(document.source)]
        return [heading for _, heading in sorted(placed, key=lambda pair: pair[0])]

    return memoised(document, ("outline",), compute)


def empty_headings(source: str) -> list[tuple[int, int]]:
    """(offset of its line, level) of each empty ATX heading in a Markdown source: one to six
    hash marks alone on a line, after at most three spaces (``^ {0,3}(#{1,6})[ \\t]*$``, multiline).
    The reader keeps no block for one, but it holds its level.

    Found from the line's last hash mark: a pattern that opens with a literal is found by re's
    fast scan, where the line-start pattern was tried at every character of the source."""
    found = []
    for mark in LAST_HASH.finditer(source):
        line_start = source.rfind("\n", 0, mark.start()) + 1
        hashes = source[line_start:mark.start() + 1].lstrip(" ")
        indent = mark.start() + 1 - line_start - len(hashes)
        if indent <= 3 and len(hashes) <= 6 and not hashes.strip("#"):
            found.append((line_start, len(hashes)))
    return found


def shown_headings(document: Document, block: Block) -> list[Heading]:
    """Heading lines inside a paragraph: '#Heading' lines (and, in HTML, '# Heading' lines a
    template renders)."""
    return [Heading(block, line.start, line.end, line.level, line.text, unspaced=not line.spaced)
            for line in markdown_heading_lines(document, block)
            if document.format == "html" or not line.spaced]


def title_line(document: Document) -> Block | None:
    """Scraped text: the first block of the main region, when it is one line that looks like a title — it stands
    alone (a blank line after it), opens with a capital or a digit, and does not end like a
    sentence. Titles are found by their shape and place, not by counting words: "Hepatitis B:
    What People Travelling Abroad for Work Need to Know" is a title."""
    main = [b for b in document.blocks if b.region == "main"]  # after any site header
    if document.format != "text" or not main:
        return None
    first = main[0]
    text = first.text.strip()
    if "\n" in text or len(text) > TITLE_MAX_CHARS or not (text[0].isupper() or text[0].isdigit()):
        return None
    if text[-1] in TITLE_CLOSING or len(main) < 2:
        return None
    return first


def page_title(document: Document) -> str:
    """The page's title text: front-matter title, else the HTML <title>, the first H1, or
    (scraped text) the title line; "" when it has none."""
    title = document.metadata.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    for kind in ("title", "heading"):
        block = next((b for b in document.blocks if b.kind == kind and (kind == "title" or b.level == 1)), None)
        if block:
            return block.text
    line = title_line(document)
    return line.text if line else ""


def has_title(document: Document) -> bool:
    """An H1 anywhere, an HTML <title>, a front-matter title, or (scraped text) a title line."""
    def compute() -> bool:  # (several rules ask: the page's blocks are read once)
        if any(b.kind == "title" or (b.kind == "heading" and b.level == 1) for b in document.blocks):
            return True
        if any(h.block and h.level == 1 for h in outline(document)):
            return True
        if isinstance(document.metadata.get("title"), str) and document.metadata["title"].strip():
            return True
        return title_line(document) is not None

    return memoised(document, ("has_title",), compute)


def is_part(document: Document) -> bool:
    """Whether the file is a part of a page rather than a whole page: an HTML fragment (no
    <html>, <head> or <body>: a CMS body field), or a Markdown file with no front matter and
    no H1 whose headings are all subheadings (one section of a page built from parts, an
    include). The page that shows a part carries its title and review date."""
    if document.format == "html":
        return not FULL_HTML.search(document.source)
    if document.format == "markdown" and not document.metadata and not has_title(document):
        levels = [h.level for h in outline(document)]
        return bool(levels) and min(levels) > 1
    return False


def section_headings(document: Document) -> list:
    """Headings below the title: H2-H6, or a later H1 that is not the title again (in
    scraped text, heading-like lines after the first block)."""
    if document.format == "text":
        return [b for b in document.blocks[1:] if looks_like_heading(b.text)]
    headings = outline(document)
    first_h1 = next((h.text for h in headings if h.level == 1), None)
    return [h for h in headings if h.block and (h.level > 1 or h.text != first_h1)]


def section_numbers(document: Document) -> dict[int, int]:
    """The section each block (by id) belongs to: a new section starts at every heading-like
    block."""
    def compute() -> dict[int, int]:
        number, sections = 0, {}
        like = heading_like_blocks(document)[1]
        for block in document.blocks:
            if id(block) in like:
                number += 1
            sections[id(block)] = number
        return sections

    return memoised(document, ("section_numbers",), compute)
