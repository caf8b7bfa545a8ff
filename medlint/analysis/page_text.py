"""A page's blocks as one text, so that a search reads the page in one C call instead of
taking a Python step for each block (a page has hundreds of blocks, most holding nothing
the search looks for)."""

from __future__ import annotations

import bisect
import itertools
import operator


class PageText:
    """The text of ``blocks`` joined by line breaks (``text``; each block's: ``texts``), and
    where each block lies in it."""

    def __init__(self, blocks) -> None:
        self.texts = [block.text for block in blocks]
        self.text = "\n".join(self.texts)
        # Each block's end in text, its line break included: summed in C (map, accumulate), not
        # by a generator step per block (a page has hundreds).
        self._ends = list(itertools.accumulate(map(operator.add, map(len, self.texts), itertools.repeat(1))))

    def locate(self, at: int) -> tuple[int, int]:
        """(index of the block, offset in its text) of offset ``at`` of ``text`` (not on a
        joining line break)."""
        index = bisect.bisect_right(self._ends, at)  # the first block ending after ``at``
        return index, at - (self._ends[index - 1] if index else 0)

    def find(self, needle: str):
        """(index of the block, start in its text) of each place ``needle`` (not empty, no line
        break) is found, in page order, leaving out places that overlap the one before."""
        at = self.text.find(needle)
        while at != -1:
            yield self.locate(at)  # (a needle has no line break, so it lies in one block)
            at = self.text.find(needle, at + len(needle))

    def matches(self, pattern) -> dict[int, list[tuple[str, int, int]]]:
        """Each block's matches of ``pattern`` as (group 1, start, end) in its text, by block
        index in page order, for the blocks with one. The same as matching each block's text
        alone only for a pattern that never matches a line break and reads one as it reads
        the start or end of a text (a boundary, or a character none of its classes hold)."""
        found: dict[int, list[tuple[str, int, int]]] = {}
        for match in pattern.finditer(self.text):
            index, start = self.locate(match.start())
            found.setdefault(index, []).append((match[1], start, start + match.end() - match.start()))
        return found
