"""Prose length: sentences or paragraphs of the main text that run too long.

Long sentences and paragraphs are the first thing plain-language guidance asks writers to
cut; the counts come from medlint.text, so "Dr." or "2.5 mg" do not end a sentence.
"""

from __future__ import annotations

import re

from medlint.checks import Finding
from medlint.text import MARKDOWN_MARKER, prose_blocks, sentences, source_line_breaks

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["per"],
    "properties": {
        "per": {"enum": ["sentence", "paragraph"]},
        "max_words": {"type": "integer", "minimum": 1},
        "max_sentences": {"type": "integer", "minimum": 1},
    },
}


class Checker:
    def __init__(self, params: dict) -> None:
        self.per = params["per"]
        self.max_words = params.get("max_words")
        self.max_sentences = params.get("max_sentences")

    def findings(self, document, context):
        if self.per == "sentence":
            for sentence in sentences(document):
                if self.max_words and len(sentence.words) > self.max_words:
                    yield Finding(sentence.block, sentence.start, sentence.end,
                                  {"words": len(sentence.words), "max_words": self.max_words})
            return
        by_block: dict = {}
        for sentence in sentences(document):
            by_block.setdefault(id(sentence.block), []).append(sentence)
        for block, start, end in paragraphs(document):
            # (Markdown list items or headings inside HTML are not part of a paragraph.)
            inside = [s for s in by_block.get(id(block), [])
                      if start <= s.start < end and not MARKDOWN_MARKER.match(block.text, s.start)]
            words = sum(len(s.words) for s in inside)
            too_many_words = self.max_words and words > self.max_words
            too_many_sentences = self.max_sentences and len(inside) > self.max_sentences
            if too_many_words or too_many_sentences:
                yield Finding(block, start, end, {
                    "words": words, "sentences": len(inside),
                    "max_words": self.max_words, "max_sentences": self.max_sentences,
                })


def paragraphs(document):
    """(block, start, end) of each paragraph of main prose; in scraped text, each line is one;
    in HTML, a blank line in the source ends one (Markdown that a template renders)."""
    for block in prose_blocks(document):
        if block.kind != "paragraph":
            continue
        if document.format == "text":
            for line in re.finditer(r"[^\n]+", block.text):
                yield block, line.start(), line.end()
        elif document.format == "html":
            edges = [0, *source_line_breaks(document, block, blank_lines_only=True), len(block.text)]
            for start, end in zip(edges, edges[1:]):
                chunk = block.text[start:end]
                yield block, start + len(chunk) - len(chunk.lstrip()), end
        else:
            yield block, 0, len(block.text)
