"""A page's score, 0–100, from the findings reported on it.

Each finding costs its severity's weight times its category's factor; a rule counts at
most ``REPEATS_COUNTED`` times per page, so one noisy rule cannot by itself sink a page
that is otherwise sound. A page that could not be checked at all scores 0. The README
documents these numbers: change both together.
"""

from __future__ import annotations

SEVERITY_WEIGHT = {"error": 10, "warning": 4, "info": 1}
# Problems that break the page or its trust for a patient cost more than style problems.
CATEGORY_FACTOR = {"placeholder": 1.5, "markup": 1.5, "encoding": 1.5, "io": 1.5,
                   "review-date": 1.5, "sources": 1.5}
REPEATS_COUNTED = 3
UNCHECKED = frozenset({"IO001", "IO002", "IO003", "IO010", "IO016"})  # unreadable, binary, too large, crashed, timed out


def finding_cost(diagnostic) -> float:
    return SEVERITY_WEIGHT[diagnostic.severity] * CATEGORY_FACTOR.get(diagnostic.category, 1.0)


def page_score(diagnostics) -> int:
    codes = [d.code for d in diagnostics]
    if not UNCHECKED.isdisjoint(codes):
        return 0
    penalty, seen = 0.0, {}
    for code, d in zip(codes, diagnostics):
        seen[code] = count = seen.get(code, 0) + 1  # a dict, not a Counter: no Python call for a new code
        if count <= REPEATS_COUNTED:
            penalty += finding_cost(d)
    return max(0, round(100 - penalty))
