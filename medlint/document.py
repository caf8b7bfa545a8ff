"""The document model every reader produces and every rule reads.

A page is a list of blocks of visible text. Each block keeps a map from offsets in its
text back to offsets in the source, so a rule works on what a reader sees and still
reports the line and column in the file the author edits.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from medlint.diagnostics import span_window
from medlint.regexes import compiled

# "chrome": a block that repeats on many pages of the site (medlint.site), whatever its tag.
REGIONS = ("main", "nav", "header", "footer", "aside", "form", "chrome")


# A run of visible text [vis_start, vis_end) that came from source [src_start, src_end), as
# the tuple (vis_start, vis_end, src_start, src_end). When both runs have the same length the
# mapping is char-for-char; otherwise (an entity such as ``&amp;`` shown as ``&``) every
# visible char maps to the whole source run. A plain tuple, not a named one: the builder
# collects them as tuples already, and making each a named tuple as its block was built cost
# more than building the rest of the block (a page of one-word list items makes one per word).
Segment = tuple[int, int, int, int]


# Not frozen, though never changed once made (a changed block is a new one, made with
# dataclasses.replace): a frozen dataclass takes four times as long to make, and a page of
# table cells or one-word list items makes one per word. Hashed by value, as a frozen one is.
@dataclass(slots=True, unsafe_hash=True)
class Block:
    kind: str  # title, heading, paragraph, list_item, table_cell
    text: str
    region: str
    segments: tuple[Segment, ...]
    level: int = 0  # heading level, 0 for other kinds

    def source_offset(self, index: int, *, end: bool = False) -> int:
        """Source offset of visible offset ``index`` (``end``: of the char just before it)."""
        segments = self.segments
        if not segments:
            return 0
        probe = index - 1 if end and index > 0 else index
        # Rules and the engine ask this ~130 times a page: a block of one segment (most are)
        # needs no search, and comparisons clamp in a fraction of the time min() and max() take.
        # A key, not a list of the starts: building one per call is quadratic over a block's findings.
        found = bisect_right(segments, probe, key=_vis_start) - 1 if len(segments) > 1 else 0
        vis_start, vis_end, src_start, src_end = segments[found if found > 0 else 0]
        if probe < vis_start:
            probe = vis_start
        elif probe >= vis_end:  # (a segment is never empty)
            probe = vis_end - 1
        if vis_end - vis_start == src_end - src_start:
            offset = src_start + probe - vis_start
            return offset + 1 if end else offset
        return src_end if end else src_start


# A Segment's visible start and end. (Keys run in C: a finding's place is a bisect over its block's segments.)
_vis_start, _vis_end = operator.itemgetter(0), operator.itemgetter(1)


# Comment and FileProblem are named tuples, not frozen dataclasses: the classes are made at
# every run's start, in a fifth of a dataclass's time (which compiles each of its methods).
class Comment(NamedTuple):
    """A comment in the source (HTML comment, or a directive line in a text file)."""

    line: int
    end_line: int
    text: str


class FileProblem(NamedTuple):
    """A finding about the file itself (unreadable part, bad suppression), reported as an IO code."""

    code: str
    line: int
    message: str


# Not frozen, for the reason Block is not: a page of links makes one per link. Hashed by
# value: a Link is never changed once the reader has built it.
@dataclass(slots=True, unsafe_hash=True)
class Link:
    """A hyperlink: its target and the span of its visible text in a block.

    ``block`` is None when the link shows no text (an image link); start and end are then 0.
    """

    url: str
    block: Block | None
    start: int
    end: int


@dataclass
class Document:
    path: str
    format: str  # markdown, html, text
    source: str
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # hyperlinks in the visible text, in page order
    anchors: set[str] = field(default_factory=set)  # ids and <a name>s a link's #fragment can point at
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # derived data rules share (sentences, dates)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = line_starts(self.source)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.source)
        return self.source[start:end]

    def line_length(self, line: int) -> int:
        """Characters in a line (without its newline), found without copying the line."""
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.source)
        return end - self._line_starts[line - 1]

    def line_window(self, line: int, start: int, end: int, *, whole: int = 200, context: int = 60,
                    flagged: int = 2_000) -> tuple[str, int, bool]:
        """The part of a line to show around columns [start, end) (0-based): the whole line
        when it has at most ``whole`` characters, else up to ``flagged`` flagged characters with
        ``context`` on each side. Returns (text, its first column (0-based), whether the line
        goes on after it). Only the window is copied: a finding on a 1 MB line costs its window."""
        first, length = self._line_starts[line - 1], self.line_length(line)
        if length <= whole:
            return self.source[first:first + length], 0, False
        low, high = span_window(length, start, end, context, flagged)
        return self.source[first + low:first + high], low, high < length

    def line_offset(self, line: int) -> int:
        return self._line_starts[min(line, len(self._line_starts)) - 1]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (0 first; a final newline starts an empty line)."""
    starts = [0]
    # Each line's end, from the matches of one pattern, read in C: a find() a line spent most of
    # its time parsing its arguments (10.3M against 7.7M instructions over 40 pages' 5,500 lines).
    starts += map(_match_end, NEWLINE.finditer(text))
    return starts


NEWLINE = compiled("\n")
_match_end = re.Match.end


class BlockBuilder:
    """Collects the visible text of one block of ``document``, piece by piece, with its source
    map; flush() makes the block, adds it to the page and leaves the builder empty for the
    next one (a reader keeps one).

    The map is kept as (vis_start, vis_end, src_start, src_end) tuples as pieces arrive,
    and they are the block's Segments as they are: a run of one-character pieces (a page of
    "<<<<") extends its last tuple rather than adding one per piece.
    """

    __slots__ = ("document", "_parts", "_spans", "_length", "_run_end", "_links", "empty")

    def __init__(self, document: Document) -> None:
        self.document = document
        self._parts: list[str] = []
        self._spans: list[Segment] = []
        self._length = 0
        self._run_end = -1  # where the last segment ends in the source if it maps char for char, else -1
        self._links: list[list] = []  # [url, visible start, visible end or None while open]
        # Whether nothing was added, not even a link (flush would add no block and no link).
        # Kept, not worked out when asked: the Markdown reader asks at every block's start and end.
        self.empty = True

    def open_link(self, url: str) -> None:
        self._links.append([url, self._length, None])
        self.empty = False

    def close_link(self) -> None:
        for link in reversed(self._links):
            if link[2] is None:
                link[2] = self._length
                return

    def __len__(self) -> int:
        return self._length

    def add(self, text: str, src_start: int) -> None:
        """Add ``text``, which stands in the source as it is, from ``src_start`` on."""
        size = len(text)
        if not size:
            return
        length = self._length
        end = length + size
        verbatim_end = src_start + size
        if src_start == self._run_end:
            # Text that continues the last piece in the source too (the HTML parser hands over
            # "<<<<" one character at a time): one segment, not one per piece.
            last = self._spans[-1]
            self._spans[-1] = (last[0], end, last[2], verbatim_end)
        else:
            self._spans.append((length, end, src_start, verbatim_end))
        self._run_end = verbatim_end
        self._parts.append(text)
        self._length = end
        self.empty = False

    def add_mapped(self, text: str, src_start: int, src_end: int) -> None:
        """Add ``text``, shown for the source [src_start, src_end) (an entity, an escape): each
        of its characters maps to the whole of that source, unless it is that source verbatim."""
        size = len(text)
        if src_end == src_start + size:
            self.add(text, src_start)
        elif size:
            length = self._length
            self._spans.append((length, length + size, src_start, src_end))
            self._run_end = -1
            self._parts.append(text)
            self._length = length + size
            self.empty = False

    def flush(self, kind: str, region: str = "main", level: int = 0) -> Block | None:
        """Add the block of the pieces added since the last flush, surrounding white space
        trimmed, to the document's blocks, and its links to its links; the builder is then
        empty for the next block. Returns the block, or None when the pieces hold no text
        (their links are added still, as links that show no text)."""
        text = "".join(self._parts)
        stripped = text.strip()
        length = len(stripped)
        trimmed = length < self._length  # (a Markdown block never is)
        lead = self._length - len(text.lstrip()) if trimmed else 0
        block = None
        if stripped:  # (most blocks an HTML page flushes are the white space between two tags)
            segments = slice_segments(self._spans, lead, lead + length) if trimmed else tuple(self._spans)
            block = Block(kind, stripped, region, segments, level)
            self.document.blocks.append(block)
        if self._links:
            links = self.document.links
            for url, start, end in self._links:
                if end is None:  # a link left open ends with its block
                    end = self._length
                if trimmed:  # (else both lie in the text already)
                    start, end = min(max(start - lead, 0), length), min(max(end - lead, 0), length)
                links.append(Link(url, None, 0, 0) if block is None or start >= end else Link(url, block, start, end))
            self._links = []
        self._parts, self._spans, self._length, self._run_end, self.empty = [], [], 0, -1, True
        return block


def slice_segments(segments, start: int, end: int) -> tuple[Segment, ...]:
    """The source map of the visible text [start, end), with visible offsets counted from start.
    ``segments``: non-empty and in visible order, as BlockBuilder makes them."""
    if start >= end:
        return ()
    first = bisect_right(segments, start, key=_vis_end)  # the first that ends after start
    last = bisect_left(segments, end, lo=first, key=_vis_start)  # just after the last that starts before end
    inner = segments[first:last]
    if start or len(inner) < 3:
        return tuple(_cut(seg, start, end) for seg in inner)
    # Cut at the end only (a block's trailing space trimmed, as most are): the pieces between
    # the first and the last stand as they are, and are not made again one by one.
    return (_cut(inner[0], start, end), *inner[1:-1], _cut(inner[-1], start, end))


def _cut(seg: Segment, start: int, end: int) -> Segment:
    """The part of ``seg`` in the visible text [start, end) (which it overlaps), counted from start."""
    seg_start, seg_end, src_start, src_end = seg
    vis_start, vis_end = max(seg_start, start), min(seg_end, end)
    if seg_end - seg_start == src_end - src_start:
        src_start += vis_start - seg_start
        src_end = src_start + vis_end - vis_start
    return vis_start - start, vis_end - start, src_start, src_end
