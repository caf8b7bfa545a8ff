"""The dates a page states about itself: last reviewed, next review due, last updated.

They come from front matter (or HTML meta) keys and from labels in the visible text
("Page last reviewed: 16 July 2020", "Medically reviewed by … on Jan 5, 2024"). A label
counts only when a date follows it directly. Labels inside citations and reference lists
("NCI. … Updated 06/12/2023. Available at: …") describe another document, so they count
only at the very start of a line, where a page's own footer puts them.

The scan is done once per page and shared by every rule that asks (document.memo).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from typing import NamedTuple

from medlint.analysis.anchors import Anchors
from medlint.analysis.citations import describes_other_work, reference_section_blocks
from medlint.checks import BLOCK_KINDS, PHRASE_LIST
from medlint.patterns import phrases_pattern
from medlint.dates import DATE, DateError, PageDate, read_date
from medlint.document import Block, Document
from medlint.readers.front_matter import front_matter_key
from medlint.regexes import compiled

KINDS = ("reviewed", "next_review", "updated")
LABELS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "anywhere": {**PHRASE_LIST,
                     "description": "phrases that name the date wherever they stand"},
        "line_start": {**PHRASE_LIST,
                       "description": 'phrases that name it only at the start of a line or before a colon '
                                     '("Reviewed: …", not "was reviewed in")'},
    },
}
PARAMS_SCHEMA = {
    "labels": {"type": "object", "additionalProperties": False,
               "properties": {kind: LABELS_SCHEMA for kind in KINDS},
               "description": f"for each kind of date ({', '.join(KINDS)}), the labels that introduce it on the page"},
    "next_review_keys": {"type": "array", "items": {"type": "string"},
                         "description": "front-matter keys that hold the next review date"},
}
# Between a label and its date: a colon or dash, "on", "in" or "dated"; or "by <reviewer>"
# (names may hold dots: "Dr. A. Lee, M.D.") and then "on" or a comma or dash.
_BETWEEN = (r"(?:(?P<by>\s+by\b[^\n]{1,100}?)(?:\s*[:\u2013\u2014,-]\s*(?:on\s+)?|\s+on\s+)"
            r"|\s*[:\u2013\u2014,-]?\s*(?:(?:on|in|dated)\s+)?)")
# Every shape of DATE holds two digits in a row (a year; a day or month before a two-digit
# year): a block without them has no date, and most blocks with a label's words have none.
TWO_DIGITS = compiled(r"\d\d")
_LINE_LEAD = " \t([*\u2022-"


class Mention(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A date the page states: where it stands (block None: nowhere to point) and what it says."""

    kind: str  # reviewed, next_review, updated
    block: Block | None
    start: int
    end: int
    written: str
    date: PageDate | None = None  # None when what is written is not a date
    problem: str = ""  # why it is not one


class PageDates:
    """The dates a page states. (A plain class: a dataclass compiles each method it writes.)"""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions

    def valid(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind and m.date]

    def latest(self, kind: str) -> Mention | None:
        dated = self.valid(kind)
        return max(dated, key=lambda m: m.date.first) if dated else None

    @property
    def invalid(self) -> list[Mention]:
        return [m for m in self.mentions if not m.date]


class Scanner:
    """Built once per rule from its params; ``scan`` memoises its result on the document."""

    def __init__(self, params: dict) -> None:
        settings = {key: params.get(key) for key in PARAMS_SCHEMA}
        self.memo_key = "page-dates:" + json.dumps(settings, sort_keys=True)
        # One regex for every label, so the longest wins where they overlap: "Next review
        # date: …" is a next-review date, not a "review date".
        labels, groups = params.get("labels", {}), []
        for kind in KINDS:
            for placement in ("anywhere", "line_start"):
                phrases = labels.get(kind, {}).get(placement, [])
                if phrases:
                    groups.append(f"(?P<{kind}__{placement}>{phrases_pattern(phrases)})")
        # Searched only in the blocks that hold its anchors (the words of a label; see Anchors).
        self.label = Anchors(rf"(?:{'|'.join(groups)}){_BETWEEN}(?P<date>{DATE.pattern})", re.IGNORECASE) if groups else None
        self.next_keys = {_key(k) for k in params.get("next_review_keys", [])}

    def scan(self, document: Document, context) -> PageDates:
        key = (self.memo_key, context.date_order, context.review_date_keys)
        if key not in document.memo:
            document.memo[key] = self._scan(document, context)
        return document.memo[key]

    def _scan(self, document: Document, context) -> PageDates:
        day_first = context.date_order == "day-first"
        dates = PageDates(self._metadata(document, context, day_first))
        for block, in_references in labelled_blocks(document, self.label) if self.label else ():
            if not TWO_DIGITS.search(block.text) or not self.label.may_match(block.text):
                continue  # a label's words are common; its date's digits are not
            for match in self.label.regex.finditer(block.text):
                kind, placement, group = _label(match)
                if not starts_line(block.text, match.start()) and (
                        _weak(match, placement, group) or in_references or describes_other_work(document, block)):
                    continue
                mention = _mention(kind, block, match, day_first)
                if match.group("by") and mention.date and mention.date.precision == "year":
                    continue  # "reviewed by a nurse who trained in 2015": a year is too loose here
                dates.mentions.append(mention)
        return dates

    def _metadata(self, document: Document, context, day_first: bool) -> list[Mention]:
        reviewed_keys = _keys(context.review_date_keys)
        mentions = []
        for name, value in document.metadata.items():
            key = _key(name)
            kind = "reviewed" if key in reviewed_keys else "next_review" if key in self.next_keys else None
            if kind == "reviewed" and isinstance(value, list) and len(value) == 2:
                # [last reviewed, next review due]: how nhs.uk publishes lastReviewed
                mentions.append(_metadata_mention(document, "reviewed", name, value[0], day_first))
                mentions.append(_metadata_mention(document, "next_review", name, value[1], day_first))
            elif kind:
                mentions.append(_metadata_mention(document, kind, name, value, day_first))
        return mentions


def labelled_blocks(document: Document, anchors: Anchors):
    """Each block (of the kinds rules read) that ``anchors``' regex may match, with whether it
    sits in a reference list (under "References", "Sources"…)."""
    in_references = reference_section_blocks(document)
    for block in anchors.candidates(document, document.blocks):
        if block.kind in BLOCK_KINDS:
            yield block, id(block) in in_references


def _label(match: re.Match) -> tuple[str, str, str]:
    """The kind and placement of the label a match found, and its group's name."""
    name = next(name for name, value in match.groupdict().items() if value is not None and "__" in name)
    kind, placement = name.split("__")
    return kind, placement, name


def _weak(match: re.Match, placement: str, group: str) -> bool:
    """A line-start label in mid-line with no colon after it: "was reviewed in 2019"."""
    return placement == "line_start" and not match.string[match.end(group):].lstrip().startswith(":")


def starts_line(text: str, index: int) -> bool:
    before = text[:index].rstrip(_LINE_LEAD)
    return not before or before.endswith("\n")


@functools.lru_cache(maxsize=1024)  # the same few keys on every page
def _key(name: str) -> str:
    """last_reviewed, last-reviewed and lastReviewed are one key."""
    return re.sub(r"[\W_]", "", str(name)).lower()


@functools.lru_cache(maxsize=16)  # one configuration's keys, asked on every page
def _keys(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(map(_key, names))


def _mention(kind: str, block: Block, match: re.Match, day_first: bool) -> Mention:
    start, end = match.span("date")
    try:
        return Mention(kind, block, start, end, match["date"], read_date(match, day_first))
    except DateError as error:
        return Mention(kind, block, start, end, match["date"], problem=str(error))


def _metadata_mention(document: Document, kind: str, name: str, value, day_first: bool) -> Mention:
    """A front-matter value: YAML gives a date for 2020-07-16 and a string for 16/07/2020."""
    block = _value_block(document, name)
    where = (block, 0, len(block.text) if block else 0)
    written = "" if value is None else str(value).strip()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return Mention(kind, *where, written, PageDate(value, value, "day"))
    match = DATE.fullmatch(written) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    try:
        if match:
            return Mention(kind, *where, written, read_date(match, day_first))
        problem = "it is not a date" if written else "it is empty"
    except DateError as error:
        problem = str(error)
    return Mention(kind, *where, f"{name}: {written}".strip(), problem=problem)


def _value_block(document: Document, name: str) -> Block | None:
    """A stand-in block over the key's value in the front matter (or its <meta> tag), so
    findings point at it; None if it cannot be found."""
    key = front_matter_key(document.source, name) if document.format == "markdown" else None
    if key:
        span = key.span(1) if key.group(1).strip() else key.span()
    elif key := re.search(rf"(?i)<meta\b[^>]*\b{re.escape(name)}\b[^>]*>", document.source):
        span = key.span()
    elif key := re.search(rf'"{re.escape(name)}"\s*:\s*(\[[^\]]*\]|"[^"]*")', document.source):  # JSON-LD
        span = key.span(1)
    else:
        return None
    text = document.source[span[0]:span[1]]
    return Block("paragraph", text, "main", ((0, len(text), span[0], span[1]),))
