"""Prose length: sentences (RD003) or paragraphs (RD004) of the main text that run too long.

Long sentences and paragraphs are the first thing plain-language guidance asks writers to
cut; the sentences come from medlint.analysis, so "Dr." or "2.5 mg" do not end a sentence,
and a citation glued to a full stop or a list made of line breaks does not join two.
"""

from __future__ import annotations

import bisect
from operator import attrgetter

from medlint.analysis.sentences import (MARKDOWN_MARKER, prose_blocks, sentences, sentences_by_block, short_line_ends,
                                        source_line_breaks)
from medlint.checks import Finding, rule_function

COUNT = {"type": "integer", "minimum": 1}


@rule_function("RD003", params={"max_words": {**COUNT, "default": 25, "description": "words a sentence may have"}})
def long_sentence(document, context, params):
    """Sentences of more than ``max_words`` words."""
    max_words = params["max_words"]  # (read once, not once per sentence of the page)
    for sentence in sentences(document):
        if len(sentence.words) > max_words:
            yield Finding(sentence.block, sentence.start, sentence.end, {"words": len(sentence.words), "max_words": max_words})


@rule_function("RD004", params={"max_words": {**COUNT, "default": 100, "description": "words a paragraph may have"},
                                "max_sentences": {**COUNT, "default": 5, "description": "sentences a paragraph may have"}})
def long_paragraph(document, context, params):
    """Paragraphs of more than ``max_words`` words or ``max_sentences`` sentences."""
    max_words, max_sentences = params["max_words"], params["max_sentences"]
    of_block = sentences_by_block(document)  # (each block's sentences in the order of their starts)
    for block, start, end in paragraphs(document):
        found = of_block[id(block)]
        if start or end < len(block.text):
            # Only the block's sentences that start in the paragraph: a block of many short
            # paragraphs would otherwise be read once per paragraph (quadratic).
            found = found[bisect.bisect_left(found, start, key=_start):bisect.bisect_left(found, end, key=_start)]
        # The paragraph's sentences are some of ``found``: when all of these are few and short
        # enough, so are they, and no sentence is asked whether it starts with a Markdown mark.
        words = sum(map(len, map(_words, found)))
        if words <= max_words and len(found) <= max_sentences:
            continue
        # (Markdown list items or headings inside HTML are not part of a paragraph.)
        inside = [s for s in found if not MARKDOWN_MARKER.match(block.text, s.start)]
        words = sum(map(len, map(_words, inside)))
        if words > max_words or len(inside) > max_sentences:
            yield Finding(block, start, end, {"words": words, "sentences": len(inside),
                                              "max_words": max_words, "max_sentences": max_sentences})


_start, _words = attrgetter("start"), attrgetter("words")


def paragraphs(document):
    """(block, start, end) of each paragraph of main prose. In scraped text a blank line or
    a line its writer ended short (a list item, the end of a paragraph) ends one, a line a
    tool wrapped does not; in HTML a blank line in the source does (Markdown that a template
    renders)."""
    for block in prose_blocks(document):
        if block.kind != "paragraph":
            continue
        if document.format == "markdown":
            yield block, 0, len(block.text)
            continue
        ends = source_line_breaks(document, block, blank_lines_only=True) if document.format == "html" else short_line_ends(block.text)
        edges = [0, *ends, len(block.text)]
        for start, end in zip(edges, edges[1:]):
            chunk = block.text[start:end]
            if chunk.strip():
                yield block, start + len(chunk) - len(chunk.lstrip()), start + len(chunk.rstrip())
