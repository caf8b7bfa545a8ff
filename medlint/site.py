"""Site chrome: blocks that repeat on many pages of one site (menus, footers, banners, promos).

The strongest evidence that a block is chrome is that it appears on many pages of the same
site; template detection has rested on that since Bar-Yossef and Rajagopalan ("Template
detection via data mining", WWW 2002) and Vieira et al. ("A fast and robust method for web
page template detection and removal", CIKM 2006).

Two passes, each linear in the number of pages: the first hashes the normalised text of
every block on every page (``page_fingerprints``, run in the worker processes), the main
process counts on how many pages of its site each hash appears (``site_chrome``), and the
second pass lints each page with its site's chrome hashes passed in, so the per-file lint
stays a pure function of (bytes, path, settings, chrome) and its result can be cached.
The run holds every page's hashes until all are read, so that is all the first pass keeps
(8 bytes a block); where a chrome block sits, which its finding shows, comes from the
second pass, which reads the page again anyway (``chrome_places``).

A repeated standard line of text (a disclaimer, "Find a clinical trial" under every cancer
page) is chrome by this definition, and that is the right outcome: it belongs to the
template, is fixed in one place, and should not count towards every page's readability.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from medlint.usercache import blake2b  # hashlib's, without loading OpenSSL
from medlint.diagnostics import line_excerpt, normalised

if TYPE_CHECKING:  # the site pass of a warm run works on fingerprints alone
    from medlint.document import Block, Document

# Block kinds that can be chrome. Titles and headings are not: every condition page of a
# site has its "Symptoms" and "Treatment" headings, and they are the page's own outline.
CHROME_KINDS = ("paragraph", "list_item", "table_cell")
CHROME_REGION = "chrome"  # the region repeated blocks are given, outside "main"
FINGERPRINT_BYTES = 8  # the digest size of fingerprint()


def fingerprint(block: Block) -> str:
    """A stable hash of the block's text, case and spacing ignored (stable across processes
    and runs, unlike hash()), in hex."""
    return text_digest(block.text).hex()


def text_digest(text: str) -> bytes:
    """fingerprint's hash of ``text``, as its FINGERPRINT_BYTES bytes."""
    return text_digests((text,))[0]


_HASHER = functools.partial(blake2b, digest_size=FINGERPRINT_BYTES)


def text_digests(texts) -> list[bytes]:
    """text_digest of each of ``texts`` (strs), in their order. Chained in C (maps over the
    texts and the hashers): a page surveys ~80 blocks."""
    return list(map(blake2b.digest, map(_HASHER, map(str.encode, map(normalised, texts)))))


# Where a chrome block sits on a page: (block index, (line, column) of its start, of its end,
# its first line (text, first column, more: a window of a long line), its number of words)
Place = tuple[int, tuple[int, int], tuple[int, int], tuple[str, int, bool], int]


class PagePrint(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A page's chrome candidates, as the site pass reads them: their fingerprints only, packed
    (pack_fingerprints). A run holds one for every page until all are checked, so it keeps 8
    bytes a block; where a block sits is asked for only on the pages that carry chrome
    (chrome_places)."""

    path: str
    site: str
    packed: bytes = b""

    @property
    def fingerprints(self) -> list[str]:
        return unpack_fingerprints(self.packed)


def pack_fingerprints(digests) -> bytes:
    """Fingerprints, as text_digest gives them, as one bytes object (8 bytes each): joined
    as they are, not written in hex and read back, on every page of every run."""
    return b"".join(digests)


def unpack_fingerprints(packed: bytes) -> list[str]:
    """The fingerprints pack_fingerprints packed, in their order, in hex (as fingerprint() gives them)."""
    # One fingerprint per FINGERPRINT_BYTES, cut in C (a separator after each, then split):
    # slicing the hex text in a loop took four times as long, twice for every page of a warm run.
    text = packed.hex(" ", FINGERPRINT_BYTES)
    return text.split(" ") if text else []


def candidate_blocks(document: Document) -> list[tuple[int, bytes, Block]]:
    """(block index, digest (text_digest), block) of the page's chrome candidates, each digest at
    its first occurrence, in page order: its main-region paragraphs, list items and cells that
    have a letter in them (a block elsewhere is already out of the prose rules)."""
    blocks = document.blocks
    # (Most blocks start with a letter: a test of the first character spares them the scan.)
    chosen = [index for index, block in enumerate(blocks) if block.region == "main" and block.kind in CHROME_KINDS
              and (block.text[:1].isalpha() or any(map(str.isalpha, block.text)))]
    first: dict[bytes, int] = {}  # digest -> the index of the first block with it
    for index, digest in zip(chosen, text_digests([blocks[index].text for index in chosen])):
        if digest not in first:
            first[digest] = index
    return [(index, digest, blocks[index]) for digest, index in first.items()]


def page_fingerprints(document: Document, site: str) -> PagePrint:
    """The chrome candidates of one page (candidate_blocks); none when there is only one."""
    digests = [digest for _, digest, _ in candidate_blocks(document)]
    # A page of one block has no template around it: a folder of one-paragraph notes that
    # start alike is content, and so is a block a page consists of.
    return PagePrint(document.path, site, pack_fingerprints(digests if len(digests) > 1 else ()))


def chrome_places(document: Document, chrome: frozenset[str]) -> dict[str, Place]:
    """Where each of the page's blocks whose fingerprint is in ``chrome`` sits (at its first
    occurrence), read before set_chrome_regions moves them: what a chrome finding shows."""
    places = {}
    for index, digest, block in candidate_blocks(document):
        if (key := digest.hex()) in chrome:
            start = document.position(block.source_offset(0))
            end = document.position(block.source_offset(len(block.text), end=True))
            places[key] = (index, start, end, line_excerpt(document, start, end), len(block.text.split()))
    return places


class SiteChrome(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """The chrome of one site: each repeated block's fingerprint and the pages it is on, in path order."""

    site: str
    page_count: int
    pages: dict[str, tuple[str, ...]]  # fingerprint -> pages it appears on


def threshold(page_count: int, min_pages: int, min_share: float) -> int:
    """How many pages a block must be on to be chrome: at least ``min_pages`` and at least
    ``min_share`` of the site's pages."""
    return max(min_pages, math.ceil(min_share * page_count))


def site_chrome(prints: list[PagePrint], min_pages: int, min_share: float, min_site: int) -> dict[str, SiteChrome]:
    """Chrome per site from every page's fingerprints. A site with fewer than ``min_site``
    pages has none: a few pages cannot tell a template from shared content."""
    by_site: dict[str, list[PagePrint]] = {}
    for page in prints:
        by_site.setdefault(page.site, []).append(page)
    chrome = {}
    for site, pages in by_site.items():
        if len(pages) < min_site:
            continue
        needed = threshold(len(pages), min_pages, min_share)
        # Counted first (in C), so only the few blocks that repeat enough get a list of pages.
        # The site's fingerprints are unpacked all at once: being of one width, the pages'
        # packed candidates joined unpack as their lists joined. Only a site with repeated
        # blocks unpacks its pages one by one, to find where they are.
        counts = Counter(unpack_fingerprints(b"".join(page.packed for page in pages)))
        repeated = {key for key, count in counts.items() if count >= needed}
        where: dict[str, list[str]] = {}
        for page in sorted(pages, key=lambda page: page.path) if repeated else ():
            for key in filter(repeated.__contains__, page.fingerprints):
                where.setdefault(key, []).append(page.path)
        chrome[site] = SiteChrome(site, len(pages), {k: tuple(v) for k, v in where.items()})
    return chrome


class ChromeRun(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """Consecutive chrome blocks on the page where they are reported: one finding."""

    path: str
    start: tuple[int, int]  # (line, column)
    end: tuple[int, int]
    blocks: int
    pages: tuple[str, ...]  # the pages the run's first block appears on
    source_line: tuple[str, int, bool]  # its first line: text, first column, more (a window of a long line)
    words: int  # in all its blocks


def chrome_runs(chrome: SiteChrome, places: dict[str, dict[str, Place]]) -> list[ChromeRun]:
    """Each chrome block reported once per site, at the first page (in path order) it is on;
    blocks next to each other on that page are reported together. ``places``: by page path,
    where its chrome blocks sit (chrome_places), for at least the pages a block is first on;
    a block whose first page has no places (its check failed) is not reported. A lone
    one-word block ("Yes" in a table on a third of the pages) is left out of the rules but
    not reported: one word says nothing of a template."""
    at_page: dict[str, list[str]] = {}
    for key, paths in chrome.pages.items():
        at_page.setdefault(paths[0], []).append(key)
    runs = []
    for path, keys in sorted(at_page.items()):
        on_page = places.get(path, {})
        placed = sorted((on_page[key], key) for key in keys if key in on_page)
        run: list = []
        for place, key in placed:
            if run and place[0] != run[-1][0][0] + 1:
                runs.append(_run(path, run, chrome))
                run = []
            run.append((place, key))
        if run:
            runs.append(_run(path, run, chrome))
    return [run for run in runs if run.words > 1]


def _run(path: str, run: list, chrome: SiteChrome) -> ChromeRun:
    (_, start, _, first_line, _), key = run[0]
    words = sum(place[4] for place, _ in run)
    return ChromeRun(path, start, run[-1][0][2], len(run), chrome.pages[key], first_line, words)


def set_chrome_regions(document: Document, chrome: frozenset[str]) -> None:
    """Move the page's site-chrome blocks out of the main region, before the rules run."""
    if not chrome:
        return
    from dataclasses import replace

    moved = {id(block): replace(block, region=CHROME_REGION) for block in document.blocks
             if block.region == "main" and block.kind in CHROME_KINDS and fingerprint(block) in chrome}
    if moved:
        document.blocks = [moved.get(id(block), block) for block in document.blocks]
        document.links = [replace(link, block=moved[id(link.block)]) if id(link.block) in moved else link
                          for link in document.links]
