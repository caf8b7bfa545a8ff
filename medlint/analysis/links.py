"""The page's hyperlinks, grouped by the block whose text they sit in."""

from __future__ import annotations

from medlint.analysis import memoised
from medlint.document import Block, Document, Link


def links_by_block(document: Document) -> dict[int, list[Link]]:
    """The page's links with visible text, keyed by ``id`` of their block, in page order."""
    def compute() -> dict[int, list[Link]]:
        grouped: dict[int, list[Link]] = {}
        for link in document.links:
            if link.block is not None:
                grouped.setdefault(id(link.block), []).append(link)
        return grouped

    return memoised(document, ("links_by_block",), compute)


def block_links(document: Document, block: Block) -> list[Link]:
    """The links inside ``block``."""
    return links_by_block(document).get(id(block), [])
