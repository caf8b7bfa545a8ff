"""Menu: a navigation menu or breadcrumb trail copied into the page text.

A menu is a run of at least ``min_items`` short, link-like lines in a row (lines of one
block, or consecutive list items and short paragraphs): each at most ``max_words`` words,
starting with a capital, every main word capitalised (Title Case, as menus are written), no
sentence punctuation at the end, no comma; in Markdown and HTML each one a link, unless the
lines are run together in one paragraph. At least ``min_title_case`` of them must have two words
or more, so a list of one-word symptoms ("Fever", "Cough") is not a menu. A run that a
heading or a line ending in ':' introduces, or that shares a list with a sentence, is the
page's own list ("Related pages:"), not a menu. A single line of three or more such items split by '>', '›', '»' or '/'
("Home > Conditions > Flu") is a breadcrumb trail. Each menu is one finding, from
its first line to its last.
"""

from __future__ import annotations

import re

from medlint.analysis.words import WORD
from medlint.checks import PHRASE_LIST, SCOPE_SCHEMA, Finding, scoped_blocks, shorten
from medlint.patterns import phrases_pattern
from medlint.checks.standalone import lines
from medlint.regexes import compiled

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "min_items": {"type": "integer", "minimum": 2, "description": "link-like lines in a row that make a menu"},
        "min_title_case": {"type": "integer", "minimum": 0,
                           "description": "of them, how many must have two words or more"},
        "max_words": {"type": "integer", "minimum": 1, "description": "words a menu item may have"},
        "small_words": {"type": "array", "items": {"type": "string"},
                        "description": "words Title Case leaves in lower case (of, and, the)"},
        "not_labels": {**PHRASE_LIST,
                       "description": "a short line starting with one of these does not introduce a list"},
        **SCOPE_SCHEMA,
    },
}

# Breadcrumb separators: the hierarchy marks ("Home > Conditions > Flu"). A bar split by
# '|' or '·' is usually a footer, which the footer rule reports by its words.
SEPARATOR = compiled(r"(?<!\s)\s+(?:[>›»/]|&gt;)\s+")  # (?<!\s): a run of spaces is tried once
BULLET = compiled(r"^[\s*•·\-–>›»]*")
ARROWS = "›»>→"
TRAILING_ARROW = compiled(rf"(?<![\s{ARROWS}])[\s{ARROWS}]+$")  # (\s: what str.isspace() says is a space)
# In Markdown and HTML a menu item is a link: "[About Us](/about)", "<a href=…>About Us</a>".
MARKDOWN_LINK_BEFORE = compiled(r"\[[*_]*$")
MARKDOWN_LINK_AFTER = compiled(r"^[*_]*\]")
HTML_LINK_BEFORE = compiled(r"<a\b[^>]*>(?:\s|<(?:span|strong|b|em|i)\b[^>]*>)*$", re.IGNORECASE)
MAX_ITEM_CHARS = 70  # a longer line is no menu item
MAX_TRAIL_CHARS = 200  # nor a breadcrumb trail
SMALL_WORDS = ("a an and as at by for from in into of on or the to with & vs via our your us".split())


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.min_items = params.get("min_items", 4)
        self.min_title_case = params.get("min_title_case", 2)
        self.max_words = params.get("max_words", 6)
        self.small = frozenset(w.lower() for w in params.get("small_words", SMALL_WORDS))
        not_labels = phrases_pattern(params.get("not_labels", []))
        self.not_label = compiled(not_labels, re.IGNORECASE) if not_labels else None

    def is_label(self, line: str) -> bool:
        """A line that introduces a list: one ending in ':', or in a text file a short line
        like a heading ("Useful contacts"), unless it is chrome itself ("Skip to main content")."""
        text = line.strip()
        if text.endswith(":"):
            return True
        short = 0 < len(text.split()) <= 6 and text[-1] not in ".!?;,"
        return short and not (self.not_label and self.not_label.match(text))

    def item_words(self, text: str) -> list[str] | None:
        """The words of a menu item, or None if the text is not shaped like one."""
        if len(text) > MAX_ITEM_CHARS:
            return None
        if not text[:1].isalnum():  # (a bullet is no letter or digit: most lines have none to take off)
            text = BULLET.sub("", text)
        # The item starts with the character the bullet hides (the arrows trimmed next are at
        # its end): most lines are turned down here, before any more work (a page of list items).
        if not text or not (text[0].isupper() or text[0].isdigit()):
            return None
        if text[-1].isspace() or text[-1] in ARROWS:  # (most lines end in neither: no search)
            text = TRAILING_ARROW.sub("", text)
        text = text.strip()
        if not text or text[-1] in ".!?:;,\"”" or ", " in text or len(text) > 60:
            return None
        found = WORD.findall(text)
        if not found or len(found) > self.max_words:
            return None
        if any(w[0].islower() and w.lower() not in self.small for w in found):
            return None
        return found

    def findings(self, document, context):
        in_scope = set(map(id, scoped_blocks(document, self.params)))
        run: list[tuple] = []  # (block, start, end, words) of the current run of items
        introduced = False  # the run so far follows a heading or a "…:" line
        previous = None
        text_file = document.format == "text"  # (asked of every line: read once)

        def linked(block, offset: int, line: str) -> bool:
            # Lines run together in one Markdown or HTML paragraph render as one line of text:
            # no writer lays out a list that way, a paste of a menu does. (Asked only when
            # needed: it reads the source around the line.)
            return "\n" in block.text or is_link(document, block, *_trimmed(offset, line))

        for block in document.blocks:
            if id(block) not in in_scope or block.kind in ("heading", "title"):
                if run:
                    yield from self._close(run, introduced)
                run, introduced, previous = [], block.kind == "heading", block
                continue
            if block.kind == "list_item" and previous is not None and previous.kind == "paragraph":
                # A list right after a paragraph is that paragraph's list ("Drugs approved for …").
                yield from self._close(run, introduced)
                run, introduced = [], True
            if text_file and run and ("\n" in block.text or "\n" in previous.text):
                # In text, a blank line ends a menu of lines; only one-line blocks run on
                # (scrapers that put a blank line between items), so the page title after a
                # menu is not part of it.
                yield from self._close(run, introduced)
                run = []
            if not text_file and block.kind == "paragraph" and "\n" in block.text:
                # Link lines run into one paragraph are a list that lost its markup: like a list,
                # the heading or paragraph before it introduces it. Plain lines run together
                # are a pasted menu, whatever comes before.
                as_list = previous is not None and previous.kind in ("heading", "paragraph")
                introduced = as_list and is_link(document, block, 0, block.text.find("\n"))
            previous = block
            for offset, line in lines(block.text):
                # Most lines are a paragraph's sentences: a line without one of a trail's marks
                # is no trail, a long one no item, told here rather than in two calls a line.
                # The marks are looked for with ``in``, a scan in C that skips along the line
                # (the regex of the four, [>›»/], tried each character of every line in turn: a
                # fifth of the rule's time).
                crumb = (self._breadcrumb(block, offset, line) if len(line) <= MAX_TRAIL_CHARS
                         and (">" in line or "/" in line or "›" in line or "»" in line) else None)
                found = None if crumb or len(line) > MAX_ITEM_CHARS else self.item_words(line)
                if found is not None and not linked(block, offset, line):
                    found = None
                if found is None:
                    if run:
                        yield from self._close(run, introduced)
                        run = []
                    # A list with a sentence among its items, or a longer link, is the page's own list.
                    introduced = (block.kind == "list_item"
                                  or (self.is_label(line) if text_file else line.rstrip().endswith(":"))
                                  or (not text_file and introduced is not False
                                      and LinkedSince((block, offset, line), introduced, linked)))
                    if crumb:
                        yield crumb
                    continue
                run.append((block, *_trimmed(offset, line), found))
        yield from self._close(run, introduced)

    def _close(self, run: list, introduced: bool):
        titled = sum(len(words) >= 2 for *_, words in run)
        if len(run) >= self.min_items and titled >= self.min_title_case and not introduced:
            first, last = run[0], run[-1]
            yield Finding(first[0], first[1], last[2], {"items": len(run), "first": shorten(first[0].text[first[1]:first[2]], 40)},
                          end_block=last[0])

    def _breadcrumb(self, block, offset: int, line: str) -> Finding | None:
        """The finding of a breadcrumb trail, for a line of at most MAX_TRAIL_CHARS with one of
        its marks (the caller looks), or None."""
        parts = SEPARATOR.split(line.strip())
        if len(parts) >= 3 and all(self.item_words(p) for p in parts):
            return Finding(block, *_trimmed(offset, line), {"items": len(parts), "first": shorten(parts[0], 40)})
        return None


class LinkedSince:
    """That a run is introduced as long as lines are whole links: true when ``before`` is
    (True, or another LinkedSince) and the line ``place`` is a link (``linked(*place)``).

    Asked only when a run long enough to be a menu closes (bool()): most runs are not, and
    looking up whether the lines after a heading or a list are links was most of the menu
    rule's reading of the source. Each is looked up once, the oldest first, and no more
    after one that is not a link, as if each had been looked up when read."""

    __slots__ = ("place", "before", "linked", "value")

    def __init__(self, place: tuple, before, linked) -> None:
        self.place, self.before, self.linked = place, before, linked
        self.value: bool | None = None

    def __bool__(self) -> bool:
        unsettled, settled = [], self
        while settled.__class__ is LinkedSince and settled.value is None:  # (a loop: a chain may be long)
            unsettled.append(settled)
            settled = settled.before
        value = settled if settled.__class__ is bool else settled.value
        for cell in reversed(unsettled):
            value = cell.value = value and cell.linked(*cell.place)
        return self.value


def _trimmed(offset: int, line: str) -> tuple[int, int]:
    """(start, end) in its block of a line that starts at ``offset``, its spaces left out."""
    return offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())


def is_link(document, block, start: int, end: int) -> bool:
    """Whether the text [start, end) of the block is the whole text of a link (always true in
    plain text, which has no links)."""
    if document.format == "text":
        return True
    begin = block.source_offset(start)
    before = document.source[max(0, begin - 200):begin]
    if document.format == "markdown" and MARKDOWN_LINK_BEFORE.search(before):
        # (The source after the line is looked up only here: most lines are no link.)
        finish = block.source_offset(end, end=True)
        if MARKDOWN_LINK_AFTER.match(document.source[finish:finish + 10]):
            return True
    return bool(HTML_LINK_BEFORE.search(before))

