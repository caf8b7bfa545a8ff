"""The facts about a page that rules share, computed once per document.

Rules never re-derive these; they ask here:

- ``words``      — what a word is (one regex), and the prose masks (pronunciation guides, addresses);
- ``sentences``  — the sentences of the main prose, as a reader sees them in every format, and
                   their words, found once per page (``block_words`` reads a prose block's from them);
- ``structure``  — headings and the outline, sections, the page title, page parts (fragments);
- ``citations``  — in-text citation markers, reference sections and reference entries;
- ``language``   — which language a page or a paragraph is in;
- ``links``      — the page's links, by the block they sit in.

Every fact is memoised on ``document.memo`` under a key that names each parameter that
changes it (see ``memoised``), so a rule's findings never depend on which other rules ran.
The shared vocabulary (reference headings, citation patterns, function words) is in one
place, ``rules/analysis.yaml``, read by ``vocabulary()``.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from medlint.usercache import shipped_yaml


def memoised(document, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per document and key.

    ``key`` must hold every parameter the result depends on (a rule's own settings included):
    two callers that pass different parameters get different entries, never each other's answer.
    """
    # One lookup, not a test and a lookup: asked ~120 times a page, and each lookup hashes
    # the key tuple again.
    found = document.memo.get(key, _MISSING)
    if found is _MISSING:
        found = document.memo[key] = compute()
    return found


_MISSING = object()  # (a fact may be None)


@functools.cache
def vocabulary() -> dict:
    """The lists in ``rules/analysis.yaml`` (reference headings, citation markers, reference
    entry patterns, function words by language), read once per process.

    Returns a dict of lists (``function_words`` is a dict of language code → list of words).
    """
    from medlint.rules import FOLDER

    text = (FOLDER / "analysis.yaml").read_text(encoding="utf-8")
    return shipped_yaml(text)
