"""Prose length: sentences (RD003) or paragraphs (RD004) of the main text that run too long.

Long sentences and paragraphs are the first thing plain-language guidance asks writers to
cut; the sentences come from medlint.analysis, so "Dr." or "2.5 mg" do not end a sentence,
and a citation glued to a full stop or a list made of line breaks does not join two.
"""

from __future__ import annotations

import bisect

from medlint.analysis.sentences import MARKDOWN_MARKER, prose_blocks, sentences, short_line_ends, source_line_breaks
from medlint.checks import Finding, rule_function

COUNT = {"type": "integer", "minimum": 1}


@rule_function("RD003", params={"max_words": {**COUNT, "default": 25, "description": "words a sentence may have"}})
def long_sentence(document, context, params):
    """Sentences of more than ``max_words`` words."""
    for sentence in sentences(document):
        if len(sentence.words) > params["max_words"]:
            yield Finding(sentence.block, sentence.start, sentence.end,
                          {"words": len(sentence.words), "max_words": params["max_words"]})


@rule_function("RD004", params={"max_words": {**COUNT, "default": 100, "description": "words a paragraph may have"},
                                "max_sentences": {**COUNT, "default": 5, "description": "sentences a paragraph may have"}})
def long_paragraph(document, context, params):
    """Paragraphs of more than ``max_words`` words or ``max_sentences`` sentences."""
    by_block: dict = {}  # block id → (its sentences by start, their starts)
    for sentence in sentences(document):
        if sentence.block.kind == "paragraph":  # (a list item's sentences are not read: paragraphs are)
            by_block.setdefault(id(sentence.block), []).append(sentence)
    for key, found in by_block.items():
        found.sort(key=lambda sentence: sentence.start)
        by_block[key] = (found, [sentence.start for sentence in found])
    for block, start, end in paragraphs(document):
        found, starts = by_block.get(id(block), ((), []))
        # Only the block's sentences that start in the paragraph: a block of many short
        # paragraphs would otherwise be read once per paragraph (quadratic).
        # (Markdown list items or headings inside HTML are not part of a paragraph.)
        inside = [s for s in found[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
                  if not MARKDOWN_MARKER.match(block.text, s.start)]
        words = sum(len(s.words) for s in inside)
        if words > params["max_words"] or len(inside) > params["max_sentences"]:
            yield Finding(block, start, end, {
                "words": words, "sentences": len(inside),
                "max_words": params["max_words"], "max_sentences": params["max_sentences"],
            })


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
