"""Structure: does the page have a title, do its heading levels follow on, is a long page
broken into sections, and is every heading marked up as one?

Scraped text has no markup, so there a short first line with no closing punctuation is the
title, and later short lines of that shape are the headings (medlint.analysis.structure).
A line such as "#Symptoms" (no space after the hash, so CommonMark shows it as text) is taken
as the heading it was meant to be: it is reported once, as such, not again as a missing
title or a skipped level. In HTML, "## Symptoms" on a line of its own is Markdown that a
template's markdown filter renders (nhs.uk prototypes do): a heading.
"""

from __future__ import annotations

from medlint.analysis import memoised
from medlint.analysis.sentences import sentences
from medlint.analysis.structure import has_title, is_part, outline, section_headings
from medlint.checks import Finding, rule_function, shorten

MIN_WORDS = {"type": "integer", "minimum": 0, "description": "only pages with more words of main text"}


@rule_function("ST001", params={"min_words": {**MIN_WORDS, "default": 50}})
def no_title(document, context, params):
    """A page with no title. Snippets, HTML fragments and section files are parts of a page:
    the page that shows them has the title."""
    if has_title(document) or is_part(document) or main_words(document) <= params["min_words"]:
        return
    yield Finding(None)


@rule_function("ST002")
def skipped_level(document, context, params):
    """A heading more than one level below the one before it."""
    headings = outline(document)
    previous = 1 if has_title(document) else (headings[0].level if headings else 1)
    for heading in headings:
        if heading.block and heading.level > previous + 1:
            yield Finding(heading.block, heading.start, heading.end, {
                "level": heading.level, "previous": previous, "heading": shorten(heading.text, 40),
                "missing": previous + 1,
            })
        previous = heading.level


@rule_function("ST003", params={"min_words": {**MIN_WORDS, "default": 400}})
def no_headings(document, context, params):
    """A long page with no headings below its title."""
    words = main_words(document)
    if words > params["min_words"] and not section_headings(document):
        yield Finding(None, values={"words": words, "min_words": params["min_words"]})


@rule_function("ST004")
def unspaced_heading(document, context, params):
    """"#Heading" with no space: shown as text, meant as a heading."""
    for heading in outline(document):
        if heading.block and heading.unspaced:
            yield Finding(heading.block, heading.start, heading.end,
                          {"match": shorten(heading.block.text[heading.start:heading.end], 40)})


def main_words(document) -> int:
    """The words of the page's main prose (its sentences'), counted once per page: three
    rules ask (ST001, ST003, SC005)."""
    return memoised(document, ("main_words",), lambda: sum(len(s.words) for s in sentences(document)))
