"""Repetition: text a page says twice, reported at the second copy with the first one's line.

Four rules:
- DU001: a title or heading (or a short line standing for one) whose words are said twice
  ("Immunotherapy Immunotherapy");
- DU002: a heading (or a title line of scraped text) straight after the same heading;
- DU003: a paragraph repeated anywhere on the page, exactly (after normalising case, spaces
  and punctuation) or nearly (``similarity``: the share of words in common, in order); a
  heading and its whole section repeated is one finding, at the second heading;
- DU004: a sentence repeated.

Structured pages repeat a standard line on purpose (cancer.gov's "find a clinical trial"
note under each stage): a paragraph with ``template_copies`` or more identical copies is a
template, not a paste slip, and is not reported. Near copies that differ in a number or a
comparison ("lesions less than 0.5 cm thick …", "… more than 0.5 cm thick …") are parallel
statements, not copies. Sentences are compared ``within`` one block by default.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, defaultdict
from operator import itemgetter

from medlint.analysis import memoised
from medlint.analysis.sentences import block_sentences, block_words, prose_words, sentences_by_block
from medlint.analysis.structure import heading_like_blocks, section_numbers
from medlint.analysis.words import WORD, normalised_words as words
from medlint.checks import SCOPE_SCHEMA, Finding, rule_function, scoped_blocks, shorten
from medlint.patterns import alternation
from medlint.document import REGIONS
from medlint.regexes import compiled

MIN_WORDS = {"type": "integer", "minimum": 1}
# What a reader sees between two blocks besides text: an image or embedded media.
IMAGE_MARK, MEDIA_TAG = r"!\[", r"<(?:img|video|iframe|figure|picture|svg|object|embed)"
SHOWN_BETWEEN = compiled(rf"{IMAGE_MARK}|{MEDIA_TAG}\b", re.IGNORECASE)
# Where one may start in a source, found by two patterns that each start with a fixed character,
# which the regex engine skips ahead to (the two as one alternation are tried at every character).
IMAGE_MARKS, MEDIA_TAGS = compiled(IMAGE_MARK), compiled(MEDIA_TAG, re.IGNORECASE)
_src_start, _src_end = itemgetter(2), itemgetter(3)  # a Segment's source start and end
WITHIN = {"enum": ["block", "section", "page"], "description": "what part of the page copies are compared within"}


def scope(regions: list[str], blocks: list[str]) -> dict:
    """The schema of the ``regions`` and ``blocks`` params, with these defaults."""
    return {"regions": {**SCOPE_SCHEMA["regions"], "default": regions},
            "blocks": {**SCOPE_SCHEMA["blocks"], "default": blocks}}


@rule_function("DU001", params=scope(list(REGIONS), ["title", "heading", "paragraph"]))
def doubled_heading(document, context, params):
    """A title or heading (or a short line standing for one) whose words are said twice."""
    return Repetition(params).doubled_heading(document, scoped_blocks(document, params))


@rule_function("DU002", params=scope(list(REGIONS), ["heading", "paragraph"]))
def repeated_heading(document, context, params):
    """A heading, or a line standing for one, straight after the same heading."""
    return Repetition(params).repeated_heading(document, scoped_blocks(document, params))


@rule_function("DU003", params={
    "min_words": {**MIN_WORDS, "default": 12, "description": "shorter paragraphs are not compared"},
    "similarity": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.93,
                   "description": "share of words in common, in order, that makes a near copy"},
    "near_min_words": {**MIN_WORDS, "default": 20, "description": "shorter paragraphs are compared exactly only"},
    "within": {**WITHIN, "default": "page"},
    "template_copies": {**MIN_WORDS, "default": 3,
                        "description": "a paragraph with this many identical copies is a template, not reported"},
    "standard_lines": {"type": "array", "items": {"type": "string"}, "default": [],
                       "description": "patterns of a short pointer a site repeats under each section on purpose"},
    "standard_max_words": {**MIN_WORDS, "default": 60, "description": "longest paragraph standard_lines may excuse"},
    **scope(["main"], ["paragraph"]),
})
def repeated_paragraph(document, context, params):
    """A paragraph repeated, exactly or nearly; a heading and its section repeated, once."""
    repetition = Repetition(params)
    sections, inside = repetition.repeated_sections(document)
    yield from sections
    blocks = scoped_blocks(document, params)
    yield from repetition.paragraph(document, [b for b in blocks if id(b) not in inside] if inside else blocks)


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
        self.template_copies = params.get("template_copies", 0)
        standard = params.get("standard_lines", [])
        self.standard = _any_of(tuple(standard)) if standard else None
        self.standard_max_words = params.get("standard_max_words", 30)

    def _sections(self, document, blocks) -> dict[int, int]:
        """The part of the page each of ``blocks`` (by id) is compared within."""
        # (For "page" and "block", in C, for the blocks asked about, not every block of the page.)
        if self.within == "page":
            return dict.fromkeys(map(id, blocks), 0)
        if self.within == "block":
            return dict(zip(map(id, blocks), range(len(blocks))))
        return section_numbers(document)

    @staticmethod
    def _line(document, block, offset: int = 0) -> int:
        return document.position(block.source_offset(offset))[0]

    def doubled_heading(self, document, blocks):
        like = heading_like_blocks(document)[1]
        for block in [b for b in blocks if id(b) in like]:  # in a text file, a title is a short line of its own
            # (Halves said twice start with the same word: in ASCII text, where lower-casing
            # is letter by letter, the first word comes again. Asked first, of the first word
            # alone, as most headings' does not; then of the word that starts the second half.)
            ascii_text = block.text.isascii()
            if ascii_text:
                first = WORD.search(block.text)
                if first is None or block.text.lower().find(first[0].lower(), first.end()) < 0:
                    continue
            found = list(WORD.finditer(block.text))
            half = len(found) // 2
            if not half or len(found) % 2:
                continue
            if ascii_text and found[0][0].lower() != found[half][0].lower():
                continue
            if words(block.text[: found[half - 1].end()]) == words(block.text[found[half].start():]):
                start = found[half].start()
                yield Finding(block, start, len(block.text.rstrip()), {"text": shorten(block.text[start:])})

    def repeated_heading(self, document, blocks):
        chosen = set(map(id, blocks))
        first = next((b for b in document.blocks if b.kind != "title"), None)
        # (A page's <title> or front-matter title then its H1 is how pages are built.)
        ours = [(index, block) for index, block in heading_like_blocks(document)[0]
                if id(block) in chosen and block.kind != "title"]
        for (before, previous), (index, block) in zip(ours, ours[1:]):
            if index != before + 1:
                continue  # "in a row": any block in between breaks the pair
            # A short line after a heading, or after the title line of scraped text, is the
            # heading printed again; two short lines elsewhere may be a list that lost its marks.
            pair = previous.kind == "heading" or previous is first
            if (pair and block_words(document, block) and block_words(document, block) == block_words(document, previous)
                    and self._adjacent(document, previous, block)):
                yield Finding(block, 0, len(block.text), {"text": shorten(block.text), "first_line": self._line(document, previous)})

    def _standard(self, block) -> bool:
        """A short pointer a site repeats under each section ("For information about the
        treatments listed below, see …"): a template line, not a paste slip."""
        return bool(self.standard) and bool(self.standard.match(block.text)) and len(block.text.split()) <= self.standard_max_words

    @staticmethod
    def _adjacent(document, first, second, shown: list[int] | None = None) -> bool:
        """Whether nothing a reader sees stands between two blocks in the source: blank
        lines, heading marks and tags only (not an image or a video).

        ``shown``: ``shown_starts`` of the source, when known: then the source between is
        read only when one of them may lie in it (most pairs of a page have none between)."""
        if shown is not None:
            # Every offset of a block maps into the source run of one of its segments, so the
            # source between the two lies within [the first's lowest source start, the
            # second's highest source end): found in C, for less than finding where the two
            # blocks end and start. (The second is asked only when a start lies after the
            # first's lowest: most pages show a figure at the top.)
            low = min(map(_src_start, first.segments), default=0)
            if not shown or low > shown[-1]:
                return True
            high = max(map(_src_end, second.segments), default=0)
            if bisect.bisect_left(shown, low) == bisect.bisect_left(shown, high):
                return True
        between = document.source[first.source_offset(len(first.text), end=True):second.source_offset(0)]
        return not SHOWN_BETWEEN.search(between)

    def repeated_sections(self, document) -> tuple[list[Finding], set[int]]:
        """A heading and everything under it (to the next heading of its level or higher)
        said again later on the page: one finding at the second heading, spanning the
        section; and the ids of the blocks inside the repeated copies."""
        # Only a section whose heading's words come again can be a copy or have one: most
        # pages repeat no heading's words, told first from the headings alone.
        headings_said = [block_words(document, b) for b in document.blocks if b.kind == "heading" and b.region == "main"]
        if len(set(headings_said)) == len(headings_said):
            return [], set()
        main = [b for b in document.blocks if b.region == "main"]
        ends = section_ends(main)
        heading_words = {index: block_words(document, main[index]) for index in ends}
        said = Counter(heading_words.values())
        ends = {index: end for index, end in ends.items() if said[heading_words[index]] > 1}
        # A section is compared as the numbers of its blocks' words (equal words, equal
        # number): a tuple of ints, where a tuple of every word of the section would hash
        # each word again for each heading above it.
        number = numbering()
        seen: dict[tuple, object] = {}
        found, inside = [], set()
        covered = 0  # main[:covered] reaches into the last repeated copy found
        for index, end in ends.items():
            block, body = main[index], main[index + 1:end]
            if not body or index < covered:  # (copies found so far all start before index)
                continue
            if all(b.kind == "heading" or self._standard(b) for b in body):
                continue  # a template section ("Current clinical trials" and its pointer)
            key = tuple(number(block_words(document, b)) for b in main[index:end])
            first = seen.setdefault(key, block)
            if first is not block:
                # A subsection said again under another parent ("Stage III" under each staging
                # system) is a parallel section, written whole on purpose.
                parallel_copy = _parent(main, first) is not _parent(main, block)
                found.append(Finding(block, 0, len(block.text), {
                    "what": "Section", "how": f"repeats, {PARALLEL}," if parallel_copy else "repeats", "text": shorten(block.text),
                    "first_line": self._line(document, first)}, end_block=body[-1],
                    severity="info" if parallel_copy else None))
                inside.update(id(b) for b in main[index:end])
                covered = end
        return found, inside

    def paragraph(self, document, blocks):
        # (Asked once per block, not per use; a prose block's are read off the page's prose, as
        # ``block_words`` would read them, without a call per block.)
        prose = prose_words(document)
        words_of = {id(b): prose[id(b)] if id(b) in prose else block_words(document, b) for b in blocks}
        # Shorter paragraphs are never compared: left out first, before the filters that cost more.
        blocks = [b for b in blocks if len(words_of[id(b)]) >= self.min_words]
        if not blocks:
            return  # (what follows reads every block of the page: a page of table cells has no paragraph)
        # A figure's caption comes again when the figure is shown again: not a paste slip.
        if shown := shown_starts(document.source):
            before = {id(b): a for a, b in zip(document.blocks, document.blocks[1:])}
            blocks = [b for b in blocks if not (id(b) in before and not self._adjacent(document, before[id(b)], b, shown))]
        number = numbering()
        numbers = {id(b): number(words_of[id(b)]) for b in blocks}
        copies = Counter(numbers.values())  # how often each paragraph's words occur
        blocks = [b for b in blocks if not (self.template_copies and copies[numbers[id(b)]] >= self.template_copies)
                  and not self._standard(b)]
        sections = self._sections(document, blocks)
        headings = section_numbers(document)  # the section under a heading, whatever ``within`` is
        seen: dict[tuple, object] = {}
        # By section: the earlier blocks near copies are looked for in, as (block, words, the
        # section under their heading, their word triples), and the word triples said so far.
        earlier: dict[int, list[tuple]] = defaultdict(list)
        said: dict[int, set] = defaultdict(set)
        for block in blocks:
            tokens, section = words_of[id(block)], sections[id(block)]
            key = (section, numbers[id(block)])
            first, how = seen.get(key), "repeats"
            # (Near copies are not looked for in paragraphs of thousands of words: the
            # comparison would cost too much, and exact copies are still found.)
            near = first is None and self.similarity < 1 and self.near_min_words <= len(tokens) <= 2000
            if near:
                triples = set(zip(tokens, tokens[1:], tokens[2:]))
                # How many of them were said before: those the union of the section's triples
                # does not gain, counted in one set operation. (The union then holds this
                # block's triples even if it turns out to be a copy: a count too high only lets
                # a block through to ``_similar``'s exact count for each earlier block.)
                heard = said[section]
                known = len(heard)
                heard |= triples
                # No earlier block can share a third of the triples when fewer than a third are
                # held by any earlier block at all: asked here, not in a call to ``_similar``, as
                # most blocks have no near copy.
                if len(triples) - (len(heard) - known) >= len(triples) / 3:
                    first = self._similar(tokens, triples, earlier[section], headings[id(block)])
                how = "nearly repeats"
            if first is not None:
                parallel_copy = self._in_parallel_sections(document, first, block)
                yield Finding(block, 0, len(block.text), {"what": "Paragraph", "how": f"{how}, {PARALLEL}," if parallel_copy else how,
                                                         "text": shorten(block.text), "first_line": self._line(document, first)},
                              severity="info" if parallel_copy else None)
                continue
            seen[key] = block
            if near:
                earlier[section].append((block, tokens, headings[id(block)], triples))

    @staticmethod
    def _in_parallel_sections(document, first, second) -> bool:
        """Whether two copies sit in different sections whose headings are written to one
        pattern: the same words ("Stage 0" under two staging systems) or a shared frame
        ("Treatment of Stage III Prostate Cancer" / "Treatment of Stage IV Prostate Cancer").
        Structured pages (cancer.gov's PDQ summaries) restate a stage's or a treatment's text
        in each such section on purpose, so that a reader of one section has it whole."""
        headings = _headings_above(document)
        one, other = headings.get(id(first)), headings.get(id(second))
        if one is None or other is None or one is other:
            return False
        a, b = words(one.text), words(other.text)
        return bool(a) and bool(b) and (a == b or a[0] == b[0] or a[-1] == b[-1])

    def _similar(self, tokens: tuple[str, ...], triples: set, earlier: list, section: int):
        """The block of ``earlier`` (block, words, section under its heading, word triples;
        in page order) that shares at least a third of this one's word ``triples`` and whose
        words match at least ``similarity`` of the way (difflib's ratio, on words). In another
        section the differences must be copy edits only: pages say the same thing of each
        stage, site or supplement ("If your child has symptoms that suggest X, the doctor will …")."""
        # (Each earlier block's share counted in C, one intersection each.)
        common_with = map(len, map(triples.intersection, map(itemgetter(3), earlier)))
        shared = [(number, common) for number, common in enumerate(common_with) if common]
        from difflib import SequenceMatcher  # (imported when needed: most runs compare no two paragraphs)
        # The most alike first; of as alike, the first on the page (not the order of a set of
        # strings, which changes from run to run with Python's string hashing).
        for number, common in sorted(shared, key=lambda item: (-item[1], item[0]))[:5]:
            if common < len(triples) / 3:  # too few word triples shared to be a near copy
                break
            block, other, other_section, _ = earlier[number]
            # (Upper bounds of the ratio first, from the lengths, then from the words in any
            # order: they rule most candidates out for less than the ratio costs. The first,
            # real_quick_ratio's, is worked out before a matcher is made: making one indexes
            # the other block's words, and most candidates differ too much in length.)
            if _length_ratio(tokens, other) < self.similarity:
                continue
            matcher = SequenceMatcher(None, tokens, other, autojunk=False)
            if matcher.quick_ratio() >= self.similarity and (
                    matcher.ratio() >= self.similarity) and not parallel(matcher, tokens, other) and (
                    section == other_section or copy_edits(matcher, tokens, other)):
                return block
        return None

    def sentence(self, document, blocks):
        seen: dict[tuple, tuple] = {}  # (section, sentence words) -> (block, offset) of its first copy
        whole_blocks: set[tuple] = set()
        sections = self._sections(document, blocks)
        of_block, as_found = sentences_by_block(document), prose_words(document)
        for block in blocks:
            section = sections[id(block)]
            if self.within != "block":
                whole = (section, *block_words(document, block))
                if whole in whole_blocks:
                    continue  # a repeated paragraph: the paragraph rule reports it once
                whole_blocks.add(whole)
            said = of_block[id(block)] if id(block) in as_found else None
            for at, end, joined in self._long_sentences(document, block, said):
                tokens = (section, joined)
                if tokens in seen:
                    yield Finding(block, at, end, {"text": shorten(block.text[at:end]),
                                                   "first_line": self._line(document, *seen[tokens])})
                else:
                    seen[tokens] = (block, at)

    def _long_sentences(self, document, block, said: list | None) -> list[tuple[int, int, str]]:
        """(start, end, ``normalised_words`` joined by spaces) of each sentence of ``block``
        with ``min_words`` words or more, in order: the sentences compared. (A sentence is
        compared as its words joined by spaces, a word holding none: one string made in C,
        not a tuple of words made one by one.)

        ``said``: the block's sentences, when their words are read off (their block is among
        ``prose_words``: found once per page); else the words are found here."""
        if said is not None:
            if self.within == "block" and len(said) < 2:  # one sentence repeats nothing
                return []
            long = [s for s in said if len(s.words) >= self.min_words]
            if self.within == "block":
                # No other block shares its section: only a sentence with as many words as
                # another of the block can be a copy, and most have none (told by a set of the
                # counts, made in C, before they are counted).
                sizes = [len(s.words) for s in long]
                if len(set(sizes)) == len(sizes):
                    return []
                counts = Counter(sizes)
                long = [s for s in long if counts[len(s.words)] > 1]
            return [(s.start, s.end, " ".join(s.words).replace("’", "'")) for s in long]
        spans = block_sentences(document, block)
        if self.within == "block" and len(spans) < 2:  # one sentence repeats nothing
            return []
        return [(at, end, " ".join(found)) for at, end in spans
                if len(found := words(block.text[at:end])) >= self.min_words]


# Words whose change makes two alike sentences say different things: numbers and comparisons.
CONTRAST = frozenset("""
    less more fewer greater smaller larger bigger higher lower shorter longer older younger
    under over above below before after within beyond up down left right upper lower
    first second third last early late earlier later men women boys girls children adults
    increase decrease increased decreased not no never always""".split())
# Words a light edit adds, drops or swaps without changing what a sentence is about.
FUNCTION_WORDS = frozenset("""
    a an the and or also very really just so then this that these those it its of to in on at
    for with by from as is are was were be been may can will would could should
    they you we he she them their your our""".split())
ROMAN = compiled(r"[ivx]{1,4}[a-c]?")  # stage numerals: "i", "iia", "iv"
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


PARALLEL = "in a parallel section"


def _headings_above(document) -> dict[int, object]:
    """The heading (or heading-like line) each block (by id) stands under."""
    def compute() -> dict[int, object]:
        above, current = {}, None
        like = heading_like_blocks(document)[1]
        for block in document.blocks:
            above[id(block)] = current
            if id(block) in like:
                current = block
        return above

    return memoised(document, ("headings_above",), compute)


def section_ends(blocks) -> dict[int, int]:
    """For each heading of ``blocks`` (by index, in order), the index where its section ends:
    that of the next heading of its level or higher, else ``len(blocks)``. One pass: the
    headings still open form a stack of rising levels."""
    ends: dict[int, int] = {}
    open_headings: list[int] = []
    # (the headings picked out first, in a comprehension: most blocks are not one)
    for index, block in [(index, block) for index, block in enumerate(blocks) if block.kind == "heading"]:
        while open_headings and blocks[open_headings[-1]].level >= block.level:
            ends[open_headings.pop()] = index
        open_headings.append(index)
        ends[index] = len(blocks)
    return ends


def shown_starts(source: str) -> list[int]:
    """The offsets in ``source`` where an image or embedded media may start, in order:
    ``SHOWN_BETWEEN`` finds one in a part of the source only at one of them."""
    starts = [match.start() for match in IMAGE_MARKS.finditer(source)]
    if "<" in source:  # (asked first, in C: most Markdown pages hold no tag at all)
        starts = sorted(starts + [match.start() for match in MEDIA_TAGS.finditer(source)])
    return starts


@functools.lru_cache(maxsize=None)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern:
    """One compiled regex matching any of ``patterns``: made once a run, not once per page."""
    return compiled(alternation(list(patterns)))


def numbering():
    """A function that gives each hashable item a number, equal numbers to equal items:
    sequences of the numbers then compare and hash at the cost of ints."""
    numbers: dict = {}
    return lambda item: numbers.setdefault(item, len(numbers))


def _parent(blocks, heading):
    """The heading of a higher level that ``heading`` stands under in ``blocks``, or None."""
    parent = None
    for block in blocks:
        if block is heading:
            return parent
        if block.kind == "heading" and block.level < heading.level:
            parent = block
    return None


def _length_ratio(tokens: tuple[str, ...], other: tuple[str, ...]) -> float:
    """``SequenceMatcher(None, tokens, other).real_quick_ratio()``, the same float, without
    making the matcher: the highest ratio two sequences of these lengths can have. Not both
    empty (the caller's share a word triple; difflib gives two empty sequences 1.0)."""
    return 2.0 * min(len(tokens), len(other)) / (len(tokens) + len(other))


def copy_edits(matcher, tokens: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether every difference between two near copies is a light edit: function words added,
    dropped or swapped ("may also have", "and"/"or"), a word respelt ("vary"/"varies"), or a
    number written another way ("two"/"2")."""
    from difflib import SequenceMatcher

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = [t for t in tokens[i1:i2] + other[j1:j2] if t not in FUNCTION_WORDS]
        if tag == "equal" or not changed:
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        if not all(a in FUNCTION_WORDS and b in FUNCTION_WORDS or NUMBER_WORDS.get(a, a) == NUMBER_WORDS.get(b, b)
                   or SequenceMatcher(None, a, b).ratio() >= 0.75 for a, b in zip(tokens[i1:i2], other[j1:j2])):
            return False
    return True


def parallel(matcher, tokens: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two near-identical paragraphs are parallel statements rather than copies: a
    word that differs is a number or a comparison ("less than 0.5 cm" / "more than 0.5 cm",
    "stage I" / "stage II"). "two" and "2" are the same number."""
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours = [NUMBER_WORDS.get(t, t) for t in tokens[i1:i2]]
        theirs = [NUMBER_WORDS.get(t, t) for t in other[j1:j2]]
        if ours == theirs:
            continue
        if any(t in CONTRAST or ROMAN.fullmatch(t) or any(c.isdigit() for c in t) for t in ours + theirs):
            return True
    return False
