"""Structure: does the page have a title, do its heading levels follow on, and is a long page
broken into sections?

Scraped text has no markup, so there a short first line with no closing punctuation is the
title, and later short lines of that shape are the headings (see medlint.text.looks_like_heading).
"""

from __future__ import annotations

from medlint.checks import Finding, shorten
from medlint.text import looks_like_heading, sentences

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["find"],
    "properties": {
        "find": {"enum": ["no_title", "skipped_level", "no_headings"]},
        "min_words": {"type": "integer", "minimum": 0},  # only pages with more words of main text
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.find = params["find"]
        self.min_words = params.get("min_words", 0)

    def findings(self, document, context):
        yield from getattr(self, self.find)(document)

    def no_title(self, document):
        # A snippet or an include of a few lines is not a page and needs no title.
        if not has_title(document) and main_words(document) > self.min_words:
            yield Finding(None)

    def skipped_level(self, document):
        if document.format == "text":
            return  # no heading levels in plain text
        headings = [b for b in document.blocks if b.kind == "heading" and b.region == "main"]
        previous = 1 if has_title(document) else (headings[0].level if headings else 1)
        for heading in headings:
            if heading.level > previous + 1:
                yield Finding(heading, 0, len(heading.text), {
                    "level": heading.level, "previous": previous, "heading": shorten(heading.text, 40),
                    "missing": previous + 1,
                })
            previous = heading.level

    def no_headings(self, document):
        words = main_words(document)
        if words > self.min_words and not section_headings(document):
            yield Finding(None, values={"words": words, "min_words": self.min_words})


def main_words(document) -> int:
    return sum(len(s.words) for s in sentences(document))


def has_title(document) -> bool:
    """An H1 anywhere, an HTML <title>, a front-matter title, or (scraped text) a title line."""
    if any(b.kind == "title" or (b.kind == "heading" and b.level == 1) for b in document.blocks):
        return True
    if isinstance(document.metadata.get("title"), str) and document.metadata["title"].strip():
        return True
    return document.format == "text" and bool(document.blocks) and looks_like_heading(document.blocks[0].text)


def section_headings(document) -> list:
    """The main text's headings below the title: H2-H6, or a later H1 that is not the title again."""
    if document.format == "text":
        return [b for b in document.blocks[1:] if looks_like_heading(b.text)]
    headings = [b for b in document.blocks if b.kind == "heading" and b.region == "main"]
    first_h1 = next((b.text for b in headings if b.level == 1), None)
    return [b for b in headings if b.level > 1 or b.text != first_h1]
