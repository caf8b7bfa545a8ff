"""Probing a regular expression for catastrophic backtracking on hostile text.

Python's regex engine backtracks: a pattern such as ``(a+)+b`` or ``\\S+@\\S+\\.\\w+`` takes
exponential or polynomial time on the wrong text, and a pack's pattern is user input. A
pattern is searched through runs of the characters that make patterns backtrack (spaces,
tabs, no-break spaces, brackets, '@', dots, digits, repeated words); a search still running
after a time limit is stopped by a SIGALRM timer. The test suite uses the same runs, at two
sizes, to check that every built-in pattern grows linearly.
"""

from __future__ import annotations

import re
import signal
import threading
import time

# What a run of text is made of, repeated: each one once made a pattern in medlint backtrack.
HOSTILE_RUNS = ("  ", "\t", "\u00a0", "[", "]", "(", "<", "@", "a@", ".", "a.", "1", "1.", "0 ", "-", "#", "*a ",
                "&amp;", "word ", "the the ", "Word ", "ABC ", "a", "A", "http://a.", "{", "%", "|", ": ", "'", "\n",
                "Dr. ", "e.g. ", "(a ", "a-", "©", "Â", " \n", "<b>", "1 in ", "%%", "${", "[a]", "<!--", "/")
# A linear pattern searches this many characters in well under a millisecond; one that takes
# LOAD_LIMIT seconds on them is hundreds of times slower than the text is long.
LOAD_SIZE, LOAD_LIMIT = 2_000, 1.0


class _TooSlow(Exception):
    pass


def _stop(*_):
    raise _TooSlow


def hostile_text(run: str, size: int) -> str:
    """About ``size`` characters of ``run`` repeated, between two words."""
    return f"Text {run * max(1, size // len(run))} text"


def search_seconds(pattern: re.Pattern, text: str, limit: float) -> float:
    """Seconds to find every match of ``pattern`` in ``text`` (as UTF-8 for a bytes pattern);
    ``inf`` when stopped at ``limit``. Must run in the main thread (the limit is a SIGALRM timer)."""
    subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
    previous = signal.signal(signal.SIGALRM, _stop)
    start = time.perf_counter()
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, limit)
            for _match in pattern.finditer(subject):
                pass
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TooSlow:
        return float("inf")
    finally:
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start


def backtracking_run(pattern: re.Pattern) -> str | None:
    """The hostile run on which ``pattern`` takes over LOAD_LIMIT seconds for LOAD_SIZE
    characters, or None. None also where no timer can stop a search (Windows, a thread):
    there the per-file time budget is the only guard."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None
    for run in HOSTILE_RUNS:
        if search_seconds(pattern, hostile_text(run, LOAD_SIZE), LOAD_LIMIT) == float("inf"):
            return run
    return None


def compiled_patterns(value, seen: set | None = None) -> list[re.Pattern]:
    """The compiled patterns in ``value`` and the lists, tuples, sets and dicts inside it."""
    seen = set() if seen is None else seen
    if isinstance(value, re.Pattern):
        if id(value) in seen:
            return []
        seen.add(id(value))
        return [value]
    if isinstance(value, dict):
        return [p for item in value.values() for p in compiled_patterns(item, seen)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for item in value for p in compiled_patterns(item, seen)]
    return []
