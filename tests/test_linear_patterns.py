"""Every built-in regular expression runs in linear time on hostile text.

Each pattern (the regexes in medlint's modules and every compiled pattern a built-in rule
holds) is searched through runs of spaces, tabs, no-break spaces, brackets, '@', dots,
digits and repeated words (medlint.patterns.HOSTILE_RUNS), at n and 8n characters. A linear
pattern takes about 8 times as long on the longer run, a quadratic one about 64 times: the
test fails on growth, not on a time, with a generous factor, and only when the longer search
takes long enough to measure (so a busy machine cannot fail it). A new pattern that
backtracks fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import medlint
from medlint.packs import load_rules
from medlint.patterns import HOSTILE_RUNS, compiled_patterns, hostile_text, search_seconds

SHORT, GROWTH = 4_000, 8
LINEAR_LIMIT = 24  # a quadratic pattern grows by GROWTH**2 = 64; a linear one by about 8
MEASURABLE = 0.3  # seconds: below this the longer search is fast whatever its shape (and a busy machine's noise)
TOO_SLOW = 2.0  # seconds: a search still running then is stopped and fails


# Patterns only ever applied to a bounded window of text, where growth cannot show: where → why.
BOUNDED_INPUT = {
    "medlint.checks.spelling.AFTER_SENTENCE_END": "searched in the 12 characters before a word (starts_sentence)",
}


def builtin_patterns() -> list[tuple[str, re.Pattern]]:
    """(where, pattern) for each compiled regex in medlint's modules and the built-in rules."""
    seen: set = set()
    found = []
    for module_info in pkgutil.walk_packages(medlint.__path__, "medlint."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in list(vars(module).items()):  # (a copy: reading a value may import a submodule)
            if f"{module_info.name}.{name}" not in BOUNDED_INPUT:
                found += [(f"{module_info.name}.{name}", p) for p in compiled_patterns(value, seen)]
    for code, rule in load_rules().items():
        if rule.checker is not None:
            found += [(f"{code} ({rule.check})", p) for p in compiled_patterns(vars(rule.checker), seen)]
    return found


def best_time(pattern: re.Pattern, text: str, runs: int) -> float:
    """The best of ``runs`` searches: a busy machine adds time, never removes it."""
    best = float("inf")
    for _ in range(runs):
        best = min(best, search_seconds(pattern, text, TOO_SLOW))
        if best < MEASURABLE / GROWTH:
            break  # fast at either size: more runs would tell nothing
    return best


def growth(pattern: re.Pattern, run: str) -> tuple[float, float]:
    """(time at 8n, its ratio to the time at n) for a run of ``run`` between two words."""
    fast = best_time(pattern, hostile_text(run, SHORT), 3)
    if fast == float("inf"):
        return fast, fast  # already too slow at n
    slow = best_time(pattern, hostile_text(run, SHORT * GROWTH), 3)
    return slow, slow / max(fast, 1e-6)


def test_the_scan_finds_the_patterns():
    found = builtin_patterns()
    assert len(found) > 60
    assert any(where.startswith("medlint.analysis.") for where, _ in found)
    assert any("(existence)" in where for where, _ in found)


@pytest.mark.parametrize("pattern,run", [
    (r"\S+@\S+\.\w+", "a@"),  # the e-mail pattern that took 67 s on 6 KB of "a@a@…"
    (r"\s*(?:\((?=[^)]*[a-z]{2})|,?\s+means\b)", "  "),  # the old expanded-abbreviation pattern
    (r"(?:\s+)+x", "  "),  # nested quantifiers: exponential
])
def test_the_scan_catches_a_backtracking_pattern(pattern, run):
    slow, ratio = growth(re.compile(pattern), run)
    assert slow > MEASURABLE and ratio > LINEAR_LIMIT


@pytest.mark.parametrize("where, pattern", builtin_patterns(), ids=lambda value: value if isinstance(value, str) else "")
def test_pattern_is_linear(where, pattern):
    slow_runs = []
    for run in HOSTILE_RUNS:
        slow, ratio = growth(pattern, run)
        if slow > MEASURABLE and ratio > LINEAR_LIMIT:
            slow, ratio = growth(pattern, run)  # measured twice: a busy machine is not a quadratic pattern
            if slow > MEASURABLE and ratio > LINEAR_LIMIT:
                slow_runs.append(f"{run!r}: {ratio:.0f}x for {GROWTH}x the text ({slow:.2f} s)")
                if len(slow_runs) == 3:
                    break
    assert not slow_runs, f"{where} /{pattern.pattern[:120]}/ grows faster than the text on " + "; ".join(slow_runs)
