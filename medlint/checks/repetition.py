"""Repetition: text a page says twice, reported at the second copy with the first one's line.

Four rules:
- DU001: a title or heading (or a short line standing for one) whose words are said twice
  ("Immunotherapy Immunotherapy");
- DU002: a heading straight after the same heading;
- DU003: a paragraph or list item repeated, exactly (after normalising case, spaces and
  punctuation) or nearly (``similarity``: the share of words in common, in order);
- DU004: a sentence repeated.

Paragraphs and sentences are compared ``within`` one section (between two headings) by
default, or one block: structured pages repeat a standard paragraph in every section on
purpose (a cancer summary's "find a clinical trial" note under each stage, the same staging
sentence for each sub-stage), while a copy inside one section or paragraph is a paste slip.
"""

from __future__ import annotations

from collections import defaultdict

from medlint.analysis.sentences import block_sentences
from medlint.analysis.structure import heading_like, section_numbers
from medlint.analysis.words import WORD, normalised_words as words
from medlint.checks import SCOPE_SCHEMA, Finding, rule_function, scoped_blocks, shorten
from medlint.document import REGIONS

MIN_WORDS = {"type": "integer", "minimum": 1}
WITHIN = {"enum": ["block", "section", "page"], "description": "what part of the page copies are compared within"}


def scope(regions: list[str], blocks: list[str]) -> dict:
    """The schema of the ``regions`` and ``blocks`` params, with these defaults."""
    return {"regions": {**SCOPE_SCHEMA["regions"], "default": regions},
            "blocks": {**SCOPE_SCHEMA["blocks"], "default": blocks}}


@rule_function("DU001", params=scope(list(REGIONS), ["title", "heading", "paragraph"]))
def doubled_heading(document, context, params):
    """A title or heading (or a short line standing for one) whose words are said twice."""
    return Repetition(params).doubled_heading(document, scoped_blocks(document, params))


@rule_function("DU002", params=scope(list(REGIONS), ["heading"]))
def repeated_heading(document, context, params):
    """A heading straight after the same heading."""
    return Repetition(params).repeated_heading(document, scoped_blocks(document, params))


@rule_function("DU003", params={
    "min_words": {**MIN_WORDS, "default": 12, "description": "shorter paragraphs are not compared"},
    "similarity": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.93,
                   "description": "share of words in common, in order, that makes a near copy"},
    "near_min_words": {**MIN_WORDS, "default": 20, "description": "shorter paragraphs are compared exactly only"},
    "within": {**WITHIN, "default": "section"},
    **scope(["main"], ["paragraph"]),
})
def repeated_paragraph(document, context, params):
    """A paragraph repeated, exactly or nearly."""
    return Repetition(params).paragraph(document, scoped_blocks(document, params))


@rule_function("DU004", params={
    "min_words": {**MIN_WORDS, "default": 8, "description": "shorter sentences are not compared"},
    "within": {**WITHIN, "default": "block"},
    **scope(["main"], ["paragraph"]),
})
def repeated_sentence(document, context, params):
    """A sentence repeated."""
    return Repetition(params).sentence(document, scoped_blocks(document, params))


class Repetition:
    def __init__(self, params: dict) -> None:
        self.min_words = params.get("min_words", 1)
        self.similarity = params.get("similarity", 1.0)
        # Short parallel lines ("Treatment of stage II includes:", "… stage III includes:")
        # are written alike on purpose; near copies are only looked for in longer paragraphs.
        self.near_min_words = params.get("near_min_words", self.min_words)
        self.within = params.get("within", "section")

    def _sections(self, document) -> dict[int, int]:
        """The part of the page each block (by id) is compared within."""
        if self.within == "page":
            return {id(block): 0 for block in document.blocks}
        return section_numbers(document, per_block=self.within == "block")

    @staticmethod
    def _line(document, block, offset: int = 0) -> int:
        return document.position(block.source_offset(offset))[0]

    def doubled_heading(self, document, blocks):
        for block in blocks:
            if not heading_like(block):  # in a text file, a title is a short line of its own
                continue
            found = list(WORD.finditer(block.text))
            half = len(found) // 2
            if half and len(found) % 2 == 0 and words(block.text[: found[half - 1].end()]) == words(block.text[found[half].start():]):
                start = found[half].start()
                yield Finding(block, start, len(block.text.rstrip()), {"text": shorten(block.text[start:])})

    def repeated_heading(self, document, blocks):
        previous = None
        chosen = {id(b) for b in blocks}
        for block in document.blocks:  # "in a row": any block in between breaks the pair
            ours = id(block) in chosen
            if ours and previous is not None and words(block.text) and words(block.text) == words(previous.text):
                yield Finding(block, 0, len(block.text), {"text": shorten(block.text), "first_line": self._line(document, previous)})
            previous = block if ours else None

    def paragraph(self, document, blocks):
        seen: dict[tuple, object] = {}
        shingles_of: list[tuple[object, list]] = []  # (block, words) of earlier blocks
        index: dict[tuple, list[int]] = defaultdict(list)
        sections = self._sections(document)
        for block in blocks:
            tokens = words(block.text)
            if len(tokens) < self.min_words:
                continue
            section = sections[id(block)]
            key = (section, *tokens)
            first, how = seen.get(key), "repeats"
            # (Near copies are not looked for in paragraphs of thousands of words: the
            # comparison would cost too much, and exact copies are still found.)
            near = self.similarity < 1 and self.near_min_words <= len(tokens) <= 2000
            shingles = {(section, *tokens[i:i + 3]) for i in range(len(tokens) - 2)} if near else set()
            if first is None and near:
                first = self._similar(tokens, shingles, shingles_of, index)
                how = "nearly repeats"
            if first is not None:
                yield Finding(block, 0, len(block.text), {"how": how, "text": shorten(block.text),
                                                         "first_line": self._line(document, first)})
                continue
            seen[key] = block
            for shingle in shingles:
                index[shingle].append(len(shingles_of))
            shingles_of.append((block, tokens))

    def _similar(self, tokens: list, shingles: set, earlier: list, index: dict):
        """The earlier block that shares word triples with this one and whose words match at
        least ``similarity`` of the way (difflib's ratio, on words)."""
        from difflib import SequenceMatcher

        shared: dict[int, int] = defaultdict(int)
        for shingle in shingles:
            for number in index.get(shingle, ()):
                shared[number] += 1
        for number, common in sorted(shared.items(), key=lambda item: -item[1])[:5]:
            if common < len(shingles) / 3:  # too few word triples shared to be a near copy
                break
            block, other = earlier[number]
            if SequenceMatcher(None, tokens, other, autojunk=False).ratio() >= self.similarity:
                return block
        return None

    def sentence(self, document, blocks):
        seen: dict[tuple, tuple] = {}  # (section, sentence words) -> (block, offset) of its first copy
        whole_blocks: set[tuple] = set()
        sections = self._sections(document)
        for block in blocks:
            section = sections[id(block)]
            block_words = (section, *words(block.text))
            if block_words in whole_blocks:
                continue  # a repeated paragraph: the paragraph rule reports it once
            whole_blocks.add(block_words)
            for at, end in block_sentences(document, block):
                piece = block.text[at:end]
                tokens = (section, *words(piece))
                if len(tokens) <= self.min_words:
                    continue
                if tokens in seen:
                    yield Finding(block, at, end, {"text": shorten(piece),
                                                                        "first_line": self._line(document, *seen[tokens])})
                else:
                    seen[tokens] = (block, at)
