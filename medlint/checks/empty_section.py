"""Empty section: a heading with nothing under it, a page published before it was finished.

A heading is empty when the next thing in the page's main text is a heading of the same or a
higher level ("## Symptoms" straight after "## Causes"), or the end of the page. A deeper
heading ("### Early symptoms") starts its content, so it does not count. An H1 is the
page's title, not a section (scraped pages often give a site's title and then the
article's own); a heading that is a whole sentence is a key point that says its piece; and
the end of a file with no title is one part of a page, whose last section goes on in the
next part. The source between
the two headings must hold nothing a reader could see: an image, a table, a video, an
embedded widget or a template include may fill a section with no text, so any markup other
than layout tags (``<div>``, ``<section>``, the heading's own tags) and comments means the
section is left alone. Scraped text has no headings to go by and is not checked.
"""

from __future__ import annotations

import re

from medlint.checks import SCOPE_SCHEMA, Finding, rule_function, scoped_blocks, shorten
from medlint.analysis.structure import has_title
from medlint.regexes import compiled

# What may stand between two headings and still leave the section empty: whitespace,
# comments, layout tags, Markdown thematic breaks and setext underlines.
INVISIBLE = compiled(
    r"\s+|<!--.{0,2000}?-->|</?(?:div|section|article|main|span|p|br|hr|h[1-6]|header|footer)\b[^<>]*>"
    r"|^ {0,3}(?:[-*_][ \t]*){3,}$|^ {0,3}=+[ \t]*$", re.IGNORECASE | re.DOTALL | re.MULTILINE)


@rule_function("PH005", params={"regions": {**SCOPE_SCHEMA["regions"], "default": ["main"]},
                                 "blocks": {**SCOPE_SCHEMA["blocks"], "default": ["heading"]}})
def empty_section(document, context, params):
    """A heading followed by a heading of the same or a higher level, or by the page's end."""
    if document.format == "text":
        return
    main = [b for b in document.blocks if b.region == "main" and b.kind != "title"]
    chosen = {id(b) for b in scoped_blocks(document, params)}
    for index, block in enumerate(main):
        if block.kind != "heading" or block.level < 2 or id(block) not in chosen or is_statement(block.text):
            continue  # (an H1 is the page's title, not a section)
        after = main[index + 1] if index + 1 < len(main) else None
        if after is not None and not (after.kind == "heading" and after.level <= block.level):
            continue
        if after is not None and (after.text.casefold() == block.text.casefold()):
            continue  # the same heading twice in a row: DU002 reports that
        if after is None and not has_title(document):
            continue  # one part of a page, cut at a heading: its section goes on in the next part
        start = block.source_offset(len(block.text), end=True)
        end = after.source_offset(0) if after is not None else len(document.source)
        if after is None:  # the page's end: what follows the last heading, up to the end of main
            closing = re.search(r"</main\b", document.source[start:], re.IGNORECASE)
            end = start + closing.start() if closing else end
        if INVISIBLE.sub("", heading_line_rest(document.source, start, end)):
            continue
        follows = "the page ends after it" if after is None else f"the next thing on the page is the heading '{shorten(after.text, 40)}'"
        yield Finding(block, 0, len(block.text), {"heading": shorten(block.text), "follows": follows})


def is_statement(heading: str) -> bool:
    """A heading that is a whole sentence ("The cause of most brain tumours is not known."):
    PDQ summaries give key points as headings, and such a heading says its piece."""
    return heading.rstrip().endswith((".", "!", "?", ":")) or len(heading.split()) > 10


def heading_line_rest(source: str, start: int, end: int) -> str:
    """The source between two headings' texts, less the Markdown hashes of both."""
    between = re.sub(r"\A[ \t]*#*[ \t]*(?=\n|\Z)", "", source[start:end])
    return re.sub(r"(?:^|(?<=\n))[ \t]{0,3}#{1,6}[ \t]+\Z", "", between)
