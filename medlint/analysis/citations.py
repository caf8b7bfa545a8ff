"""Citations: which paragraphs cite a source, which blocks are reference entries, and where
a page's reference section is. One detector for every rule (sources, review dates,
readability, plain language), reading one vocabulary (``rules/analysis.yaml``).

- A *citation marker* in a paragraph ("[1]", "¹", "(Smith et al., 2019)", "Smith et al",
  a DOI, "according to the American Cancer Society") says where its facts come from.
- A *reference entry* describes another work ("Smith J, et al. Title. Journal. 2019",
  "Available at: …", "How to cite this page"): its dates, abbreviations and wording are that
  work's, not the page's prose.
- A *reference section* starts at a heading (or, in scraped text, a short line) that names
  one ("References", "Sources", "Further reading") and runs to the next heading of the same
  or a higher level.
"""

from __future__ import annotations

import functools

from medlint.analysis import memoised, vocabulary
from medlint.analysis.anchors import Anchors, anchors_of, made_before_scanning
from medlint.patterns import phrases_pattern
from medlint.regexes import compiled
from medlint.document import Block, Document


MARKERS, ENTRIES = "citation_markers", "reference_entries"


@made_before_scanning  # every page's region inference reads them
@functools.cache
def _patterns() -> dict:
    """The vocabulary's patterns, compiled: each citation marker and reference-entry pattern
    on its own, with its anchors (one pattern's rare words then spare the others' search)."""
    words = vocabulary()
    return {**{name: tuple(Anchors(compiled(pattern)) for pattern in words[name]) for name in (MARKERS, ENTRIES)},
            "heading": compiled(rf"(?i)^\W*(?:{phrases_pattern(words['reference_headings'])})\W*$")}


def _blocks_matching(document: Document, name: str) -> frozenset[int]:
    """ids of the blocks of ``document`` whose text one of the ``name`` patterns matches
    (memoised): each pattern searches only the blocks that hold its anchors."""
    def compute() -> frozenset[int]:
        # The page's anchors looked up once for the ~10 patterns, not once by each (Anchors.candidates),
        # and its lower-cased texts (the scan's) read by their filters, not made again (Anchors.search).
        page = anchors_of(document)
        blocks, lowered = page.blocks, page.lowered
        return frozenset(id(blocks[index]) for anchored in _patterns()[name]
                         for index in page.indexes(anchored.holding(page))
                         if anchored.search(blocks[index].text, lowered[index]))

    return memoised(document, ("blocks_matching", name), compute)


def cites(document: Document, block: Block) -> bool:
    """Whether ``block`` (one of ``document``'s) holds an in-text citation marker."""
    return id(block) in citing_blocks(document)


def citing_blocks(document: Document) -> frozenset[int]:
    """ids of ``document``'s blocks that hold an in-text citation marker (``cites`` of each;
    a page-wide question asks this set once, not ``cites`` once per block)."""
    return _blocks_matching(document, MARKERS)


def names_reference_section(text: str) -> bool:
    """Whether ``text`` (a heading, or the first line of a block) names a reference section."""
    return bool(_patterns()["heading"].match(text))


def reference_section_blocks(document: Document) -> frozenset[int]:
    """ids of the blocks that sit in a reference section (the heading itself not included)."""
    def compute() -> frozenset[int]:
        names = _patterns()["heading"].match  # (names_reference_section, looked up once: it is asked of most blocks)
        inside, level, found = False, 0, set()
        for block in document.blocks:
            # A heading, or a line of its own (scraped text, a bold line) that is only the name.
            if (block.kind in ("heading", "title") or "\n" not in block.text) and names(block.text):
                inside, level = True, block.level or 7
                continue
            if inside and block.kind in ("heading", "title") and block.level <= level:
                inside = False
            if inside:
                found.add(id(block))
        return frozenset(found)

    return memoised(document, ("reference_section_blocks",), compute)


def has_reference_section(document: Document) -> bool:
    """Whether the main text has a heading, or a block opening with a line, that names a
    reference section (also true of a section that is empty so far)."""
    def compute() -> bool:
        names = _patterns()["heading"].match  # (names_reference_section, looked up once)
        for block in document.blocks:
            if block.region != "main":
                continue
            if block.kind == "heading" and names(block.text):
                return True
            # Text pages and bold-paragraph "headings": a first line that is only the section name
            # (matched up to the line's end in place: the line is not copied).
            if block.kind == "paragraph":
                end = block.text.find("\n")
                end = len(block.text) if end < 0 else end
                if end < 40 and names(block.text, 0, end):
                    return True
        return False

    return memoised(document, ("has_reference_section",), compute)


def is_reference_entry(document: Document, block: Block) -> bool:
    """Whether ``block`` is a reference entry or a how-to-cite note: it sits in a reference
    section, or it has the marks of one (a DOI, PMID, "Available at", "et al. Title")."""
    return id(block) in reference_entries(document)


def reference_entries(document: Document) -> frozenset[int]:
    """ids of the blocks ``is_reference_entry`` holds true of (memoised: a rule asking of
    every block asks one set)."""
    return memoised(document, ("reference_entries",),
                    lambda: reference_section_blocks(document) | _blocks_matching(document, ENTRIES))


def describes_other_work(document: Document, block: Block) -> bool:
    """Whether ``block``'s own wording marks it as describing another work (wherever it stands)."""
    return id(block) in _blocks_matching(document, ENTRIES)
