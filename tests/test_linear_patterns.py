"""Every built-in regular expression runs in linear time on hostile text.

Each pattern (the regexes in medlint's modules and every compiled pattern a built-in rule
holds) is searched through runs of spaces, tabs, no-break spaces, brackets, '@', dots,
digits and repeated words, at n and 8n characters. A linear pattern takes about 8 times
as long on the longer run, a quadratic one about 64 times: the test fails on growth, not
on a time, with a generous factor, and only when the longer search takes long enough to
measure (so a busy machine cannot fail it). A new pattern that backtracks fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import time

import pytest

import medlint
from medlint.packs import load_rules

SHORT, GROWTH = 4_000, 8
LINEAR_LIMIT = 24  # a quadratic pattern grows by GROWTH**2 = 64; a linear one by about 8
MEASURABLE = 0.3  # seconds: below this the longer search is fast whatever its shape (and a busy machine's noise)
TOO_SLOW = 2.0  # seconds: a search still running then is stopped and fails
RUNS = ("  ", "\t", "\u00a0", "[", "]", "(", "<", "@", "a@", ".", "a.", "1", "1.", "0 ", "-", "#", "*a ",
        "&amp;", "word ", "the the ", "Word ", "ABC ", "a", "A", "http://a.", "{", "%", "|", ": ", "'", "\n",
        "Dr. ", "e.g. ", "(a ", "a-", "©", "Â", " \n", "<b>", "1 in ", "%%", "${", "[a]", "<!--", "/")


def _patterns(value, seen: set) -> list[re.Pattern]:
    if isinstance(value, re.Pattern):
        return [value] if id(value) not in seen and not seen.add(id(value)) else []
    if isinstance(value, dict):
        return [p for item in value.values() for p in _patterns(item, seen)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for item in value for p in _patterns(item, seen)]
    return []


def builtin_patterns() -> list[tuple[str, re.Pattern]]:
    """(where, pattern) for each compiled regex in medlint's modules and the built-in rules."""
    seen: set = set()
    found = []
    for module_info in pkgutil.walk_packages(medlint.__path__, "medlint."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            found += [(f"{module_info.name}.{name}", p) for p in _patterns(value, seen)]
    for code, rule in load_rules().items():
        if rule.checker is not None:
            found += [(f"{code} ({rule.check})", p) for p in _patterns(vars(rule.checker), seen)]
    return found


class _TooSlow(Exception):
    pass


def _stop(*_):
    raise _TooSlow


def search_time(pattern: re.Pattern, text: str, runs: int) -> float:
    """The best of ``runs`` searches, in seconds; a search is stopped after TOO_SLOW seconds."""
    best = float("inf")
    previous = signal.signal(signal.SIGALRM, _stop)
    try:
        for _ in range(runs):
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, TOO_SLOW)
            try:
                for _match in pattern.finditer(text):
                    pass
            except _TooSlow:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.perf_counter() - start)
            if best < MEASURABLE / GROWTH:
                break  # fast at either size: more runs would tell nothing
    finally:
        signal.signal(signal.SIGALRM, previous)
    return best


def growth(pattern: re.Pattern, run: str) -> tuple[float, float]:
    """(time at 8n, its ratio to the time at n) for a run of ``run`` between two words."""
    short, long = (f"Text {run * (size // len(run))} text" for size in (SHORT, SHORT * GROWTH))
    fast = search_time(pattern, short, 3)  # best of several runs: a busy machine adds time, never removes it
    if fast == float("inf"):
        return fast, fast  # already too slow at n
    slow = search_time(pattern, long, 3)
    return slow, slow / max(fast, 1e-6)


def test_the_scan_finds_the_patterns():
    found = builtin_patterns()
    assert len(found) > 60
    assert any(where.startswith("medlint.text.") for where, _ in found)
    assert any("(existence)" in where for where, _ in found)


def test_the_scan_catches_a_backtracking_pattern():
    slow, ratio = growth(re.compile(r"(?:\s+)+x|\S+@\S+\.\w+"), "  ")
    assert slow > MEASURABLE and ratio > LINEAR_LIMIT


@pytest.mark.parametrize("where, pattern", builtin_patterns(), ids=lambda value: value if isinstance(value, str) else "")
def test_pattern_is_linear(where, pattern):
    slow_runs = []
    for run in RUNS:
        slow, ratio = growth(pattern, run)
        if slow > MEASURABLE and ratio > LINEAR_LIMIT:
            slow, ratio = growth(pattern, run)  # measured twice: a busy machine is not a quadratic pattern
            if slow > MEASURABLE and ratio > LINEAR_LIMIT:
                slow_runs.append(f"{run!r}: {ratio:.0f}x for {GROWTH}x the text ({slow:.2f} s)")
                if len(slow_runs) == 3:
                    break
    assert not slow_runs, f"{where} /{pattern.pattern[:120]}/ grows faster than the text on " + "; ".join(slow_runs)
