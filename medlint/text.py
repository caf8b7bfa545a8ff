"""Sentences and words of a page's prose, shared by the readability rules (and any rule that
needs sentences).

The splitter is rule-based, not statistical: a full stop ends a sentence only when the next
word starts with a capital, a digit or a bullet, and not after an abbreviation ("Dr.",
"e.g.", "approx."), an initial ("J. Smith") or inside a number ("2.5 mg", "9.30am").
Pronunciation guides ("(an-tee-TRIP-sin)") and web addresses are not words a reader reads
as prose, so they are masked out of the word counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medlint.document import Block, Document

# Words after which a full stop does not end a sentence (lower case, without the last dot).
ABBREVIATIONS = frozenset("""
    dr mr mrs ms mx prof sr jr st mt rev hon gen col capt sgt lt
    e.g eg i.e ie cf viz vs approx est ca incl excl
    vol ref tel ext dept univ inc ltd co corp assn
    jan feb apr jun jul aug sep sept oct nov dec
""".split())

# The end of a sentence: . ! ? (and closing quotes or brackets), then space and a new start.
# It starts only at the first of a run of marks: a run of 10,000 dots is one try, not 10,000.
BOUNDARY = re.compile(r"""(?<![.!?])[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9•–-])""")
WORD = re.compile(r"[^\W_](?:[\w'’]|[-.](?=[^\W_]))*")
# "(an-tee-TRIP-sin)": syllables joined by hyphens, some in capitals, some not.
# The first lookahead bounds the others to the guide (at most 80 letters and hyphens), so an
# unclosed "(" is not followed to the end of the text.
PRONUNCIATION = re.compile(r"\((?=[A-Za-z-]{3,80}\))(?=[^)]*\b[A-Z]{2,}\b)(?=[^)]*\b[a-z]+\b)[A-Za-z]+(?:-[A-Za-z]+)+\)")
DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
# Tried only where a run of non-spaces starts, with '@' splitting it unambiguously: linear
# time on "a@a@a@…" or a long line of dots (the form "\S+@\S+\.\w+" was cubic there).
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+(?:@[^\s@]+)+\.\w+")
PROSE_BLOCKS = ("paragraph", "list_item")
# A reference or a how-to-cite line: not prose anyone reads for meaning.
CITATION = re.compile(r"\bPMID:|\bdoi:|\bAvailable (?:at|from):|\bAccessed\b|\bRetrieved from\b|\bet al\.", re.IGNORECASE)
# Function words that tell English prose from Spanish (MedlinePlus and others publish both).
ENGLISH = frozenset("the and of to is are you your it for with this that be can".split())
SPANISH = frozenset("el la los las del que es son por para con una su sus puede pueden".split())


@dataclass(frozen=True, slots=True)
class Sentence:
    block: Block
    start: int
    end: int
    words: tuple[str, ...]


def mask(text: str) -> str:
    """The text with pronunciation guides and addresses blanked (offsets unchanged)."""
    for pattern in (PRONUNCIATION, ADDRESS):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def words(text: str) -> list[str]:
    """The words of ``text`` as the statistics count them."""
    return WORD.findall(mask(text))


def split_sentences(text: str, *, lines_end_sentences: bool = False, breaks=()) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; a lone fragment is a sentence too.
    ``breaks``: more offsets where a sentence ends whatever the punctuation."""
    ends = [m.end() for m in BOUNDARY.finditer(text) if not _abbreviation_before(text, m.start())]
    if lines_end_sentences:  # scraped text: a line is a paragraph or a list item
        ends += [m.start() for m in re.finditer(r"\n", text)]
    ends += breaks
    spans, start = [], 0
    for end in sorted(set(ends)) + [len(text)]:
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        start = end
    return spans


def _abbreviation_before(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot), text.rfind("\t", 0, dot)) + 1
    word = text[start:dot].lstrip("(\"'“‘").lower()
    if not word:
        return False
    # An initial ("J."), a dotted abbreviation ("U.S."), or a listed word.
    return len(word) == 1 and word.isalpha() or word in ABBREVIATIONS or bool(DOTTED.fullmatch(word))


# In HTML: a blank line, or a line break before what would start a Markdown heading or list item.
MARKDOWN_MARKER = re.compile(r"#{1,6}\S|[-*+]\s|\d{1,2}[.)]\s")
GAP = re.compile(r"\s+(?=#{1,6}\S|[-*+]\s|\d{1,2}[.)]\s)|\s{2,}")


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


# A source line that is one to six "#" then a word, with no sentence punctuation at the end.
# (With a space, in HTML, it is Markdown that a template's markdown filter renders.)
HASH_LINE = re.compile(r"(?<![ \t])[ \t]*(#{1,6})([ \t]*)([^\W\d_][^\n#]{0,60}?)[ \t]*(?<![.!?,;:])#*[ \t]*$")
HASH_WORD = re.compile(r"(?<!\S)#(?=[#\s]*\w)")


@dataclass(frozen=True, slots=True)
class HeadingLine:
    start: int  # offsets in the block's text
    end: int
    level: int
    text: str
    spaced: bool  # "# Heading" rather than "#Heading"


def markdown_heading_lines(document: Document, block: Block) -> list[HeadingLine]:
    """Markdown heading lines shown as text in a block. Found on the source line, because an
    HTML reader (or a template's markdown filter) joins the lines the hash marks separate."""
    key = ("heading_lines", id(block))
    if key not in document.memo:
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
        document.memo[key] = found
    return document.memo[key]


def prose_blocks(document: Document) -> list[Block]:
    """Main-region paragraphs and list items: what a reading grade is computed over."""
    blocks = [b for b in document.blocks
              if b.region == "main" and b.kind in PROSE_BLOCKS and not CITATION.search(b.text)]
    if document.format == "text":  # scraped text has no headings: drop lines that look like one
        blocks = [b for b in blocks if not looks_like_heading(b.text)]
    return blocks


def looks_like_heading(text: str) -> bool:
    """A short single line with no sentence punctuation at its end ("Symptoms of flu")."""
    text = text.strip()
    return "\n" not in text and 0 < len(WORD.findall(text)) <= 10 and not re.search(r"[.!?:;,]$", text)


def sentences(document: Document) -> list[Sentence]:
    """Every sentence of the page's main prose, computed once per document."""
    if "sentences" not in document.memo:
        found = []
        for block in prose_blocks(document):
            headings = markdown_heading_lines(document, block) if document.format != "text" else []
            breaks = [offset for h in headings for offset in (h.start, h.end)]
            if document.format == "html":
                breaks += source_line_breaks(document, block)
            masked = mask(block.text)  # once per block: the guides may span a sentence end
            for start, end in split_sentences(block.text, lines_end_sentences=document.format == "text", breaks=breaks):
                if not any(h.start == start for h in headings):  # a heading is not a sentence
                    found.append(Sentence(block, start, end, tuple(WORD.findall(masked, start, end))))
        document.memo["sentences"] = [s for s in found if s.words]
    return document.memo["sentences"]


def is_english(document: Document) -> bool:
    """Whether the page is in English: its declared language, else its commonest function words.
    The grade formulas and their targets are for English only."""
    declared = document.metadata.get("language") or document.metadata.get("lang")
    if isinstance(declared, str) and declared.strip():
        return declared.strip().lower().startswith("en")
    found = [w.lower() for s in sentences(document) for w in s.words]
    return sum(w in SPANISH for w in found) <= sum(w in ENGLISH for w in found)
