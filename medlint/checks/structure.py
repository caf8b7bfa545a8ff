"""Structure: does the page have a title, do its heading levels follow on, is a long page
broken into sections, and is every heading marked up as one?

Scraped text has no markup, so there a short first line with no closing punctuation is the
title, and later short lines of that shape are the headings (medlint.text.looks_like_heading).
A line such as "#Symptoms" (no space after the hash, so CommonMark shows it as text) is taken
as the heading it was meant to be: it is reported once, as such, not again as a missing
title or a skipped level. In HTML, "## Symptoms" on a line of its own is Markdown that a
template's markdown filter renders (nhs.uk prototypes do): a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medlint.checks import Finding, shorten
from medlint.document import Block
from medlint.text import looks_like_heading, markdown_heading_lines, sentences

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["find"],
    "properties": {
        "find": {"enum": ["no_title", "skipped_level", "no_headings", "unspaced_heading"]},
        "min_words": {"type": "integer", "minimum": 0},  # only pages with more words of main text
    },
}

FULL_HTML = re.compile(r"<(?:html|head|body)\b", re.IGNORECASE)


# An empty ATX heading ("##" alone): the reader keeps no block for it, but it holds its level.
EMPTY_HEADING = re.compile(r"(?m)^ {0,3}(#{1,6})[ \t]*$")


@dataclass(frozen=True, slots=True)
class Heading:
    block: Block | None  # None: an empty heading, which has no text to report
    start: int
    end: int
    level: int
    text: str
    unspaced: bool = False


class Checker:
    def __init__(self, params: dict) -> None:
        self.find = params["find"]
        self.min_words = params.get("min_words", 0)

    def findings(self, document, context):
        yield from getattr(self, self.find)(document)

    def no_title(self, document):
        # Snippets, HTML fragments and section files are parts of a page: the page has the title.
        if has_title(document) or is_part(document) or main_words(document) <= self.min_words:
            return
        yield Finding(None)

    def skipped_level(self, document):
        headings = outline(document)
        previous = 1 if has_title(document) else (headings[0].level if headings else 1)
        for heading in headings:
            if heading.block and heading.level > previous + 1:
                yield Finding(heading.block, heading.start, heading.end, {
                    "level": heading.level, "previous": previous, "heading": shorten(heading.text, 40),
                    "missing": previous + 1,
                })
            previous = heading.level

    def no_headings(self, document):
        words = main_words(document)
        if words > self.min_words and not section_headings(document):
            yield Finding(None, values={"words": words, "min_words": self.min_words})

    def unspaced_heading(self, document):
        for heading in outline(document):
            if heading.block and heading.unspaced:
                yield Finding(heading.block, heading.start, heading.end, {"match": shorten(heading.block.text[heading.start:heading.end], 40)})


def outline(document) -> list[Heading]:
    """The main text's headings in order (none in scraped text: it has no levels)."""
    if "outline" not in document.memo:
        placed = []  # (source offset, heading)
        for block in document.blocks:
            if block.region != "main" or document.format == "text":
                continue
            if block.kind == "heading":
                placed.append((block.source_offset(0), Heading(block, 0, len(block.text), block.level, block.text)))
            elif block.kind == "paragraph":
                placed += [(block.source_offset(h.start), h) for h in unspaced_headings(document, block)]
        if document.format == "markdown":
            placed += [(m.start(), Heading(None, 0, 0, len(m[1]), "")) for m in EMPTY_HEADING.finditer(document.source)]
        document.memo["outline"] = [heading for _, heading in sorted(placed, key=lambda pair: pair[0])]
    return document.memo["outline"]


def unspaced_headings(document, block: Block) -> list[Heading]:
    """'#Heading' lines inside a paragraph (and, in HTML, '# Heading' lines a template renders)."""
    return [Heading(block, line.start, line.end, line.level, line.text, unspaced=not line.spaced)
            for line in markdown_heading_lines(document, block)
            if document.format == "html" or not line.spaced]


def main_words(document) -> int:
    return sum(len(s.words) for s in sentences(document))


def has_title(document) -> bool:
    """An H1 anywhere, an HTML <title>, a front-matter title, or (scraped text) a title line."""
    if any(b.kind == "title" or (b.kind == "heading" and b.level == 1) for b in document.blocks):
        return True
    if any(h.block and h.level == 1 for h in outline(document)):
        return True
    if isinstance(document.metadata.get("title"), str) and document.metadata["title"].strip():
        return True
    first = next((b for b in document.blocks if b.region == "main"), None)  # after any site header
    return document.format == "text" and first is not None and looks_like_heading(first.text)


def is_part(document) -> bool:
    """An HTML fragment (no <html>, <head> or <body>: a CMS body field), or a Markdown file
    with no front matter that opens with a subheading (one section of a page built from parts)."""
    if document.format == "html":
        return not FULL_HTML.search(document.source)
    if document.format == "markdown" and not document.metadata:
        first = next((h for h in outline(document) if h.block), None)
        return bool(first and first.level > 1 and document.blocks and first.block is document.blocks[0] and first.start == 0)
    return False


def section_headings(document) -> list:
    """Headings below the title: H2-H6, or a later H1 that is not the title again."""
    if document.format == "text":
        return [b for b in document.blocks[1:] if looks_like_heading(b.text)]
    headings = outline(document)
    first_h1 = next((h.text for h in headings if h.level == 1), None)
    return [h for h in headings if h.block and (h.level > 1 or h.text != first_h1)]
