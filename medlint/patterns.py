"""Building regular expressions from pack data, and probing them for catastrophic
backtracking on hostile text.

``phrases_pattern`` and ``alternation`` turn an editor's phrase list and a pack's pattern
list into one regex each; the page analysis and the check kinds both use them.

Python's regex engine backtracks: a pattern such as ``(a+)+b`` or ``\\S+@\\S+\\.\\w+`` takes
exponential or polynomial time on the wrong text, and a pack's pattern is user input. A
pattern is searched through runs of the characters that make patterns backtrack (spaces,
tabs, no-break spaces, brackets, '@', dots, digits, repeated words); a search still running
after a time limit is stopped by a SIGALRM timer. The test suite uses the same runs, at two
sizes, to check that every built-in pattern grows linearly.
"""

from __future__ import annotations

import functools
import re
import signal
import threading
import time

from medlint.regexes import compiled, made_source

# What a run of text is made of, repeated: each one once made a pattern in medlint backtrack.
HOSTILE_RUNS = ("  ", "\t", "\u00a0", "[", "]", "(", "<", "@", "a@", ".", "a.", "1", "1.", "0 ", "-", "#", "*a ",
                "&amp;", "word ", "the the ", "Word ", "ABC ", "a", "A", "http://a.", "{", "%", "|", ": ", "'", "\n",
                "Dr. ", "e.g. ", "(a ", "a-", "©", "Â", " \n", "<b>", "1 in ", "%%", "${", "[a]", "<!--", "/")
# A linear pattern searches this many characters in well under a millisecond; one that takes
# LOAD_LIMIT seconds on them is hundreds of times slower than the text is long.
LOAD_SIZE, LOAD_LIMIT = 2_000, 1.0


def phrases_pattern(phrases) -> str:
    """One regex for literal phrases: whole words, any run of whitespace between words.

    The phrases are merged into a trie, so at each position the engine follows one branch
    instead of trying every phrase: word lists of hundreds of entries stay fast.
    """
    return _phrases_pattern(tuple(phrases))


# Made once a process for each list: several rules (and the two sources of a checker's
# regex) name the same list, a third of a run's calls. Kept from run to run in the regex
# store: making the packs' ~150 lists' tries (900 phrases) took ~8 ms of every run's start,
# a dict per character, where reading them back takes a few microseconds.
@functools.lru_cache(maxsize=None)
def _phrases_pattern(phrases: tuple[str, ...]) -> str:
    return made_source("phrases", _phrase_trie, phrases)


def _phrase_trie(phrases: tuple[str, ...]) -> str:
    tries: dict[bool, dict] = {True: {}, False: {}}  # by whether the phrase starts with a word char
    for phrase in phrases:
        phrase = phrase.strip()
        node = tries[bool(WORD_CHAR.match(phrase))]
        for part in PHRASE_PARTS.findall(phrase):
            node = node.setdefault(_token(part), {})
        node = node.setdefault(r"(?!\w)" if WORD_END.search(phrase) else "", {})
        node[None] = {}  # a phrase ends here
    parts = ([r"\b" + _trie_regex(tries[True])] if tries[True] else []) + ([_trie_regex(tries[False])] if tries[False] else [])
    return "|".join(parts)


# The packs' phrase lists (a thousand phrases) are turned into patterns at every run's
# start: the parts below are compiled once, and a character's token is worked out once.
WORD_CHAR, WORD_END, PHRASE_PARTS = compiled(r"\w"), compiled(r"\w$"), compiled(r"\s+|.")


@functools.lru_cache(maxsize=None)
def _token(part: str) -> str:
    """A phrase part's piece of regex: any run of whitespace for a space, else the character."""
    return r"\s+" if part.isspace() else re.escape(part.lower())


def _trie_regex(node: dict) -> str:
    branches = []
    for token, child in node.items():
        if token is None:
            continue
        # A run of nodes with one continuation each is one string: followed here, not by
        # recursion (most of a phrase trie's nodes are such).
        while len(child) == 1 and None not in child:
            (following, child), = child.items()
            token += following
        branches.append(token + _trie_regex(child))
    if len(branches) == 1:
        return branches[0]
    # Longer continuations first, so "heart attack risk" wins over "heart attack" (a stable
    # sort: branches of one length keep the phrase list's order; "" is last).
    branches.sort(key=len, reverse=True)
    return "(?:" + "|".join(branches) + ")" if branches else ""


def alternation(patterns: list[str]) -> str:
    """One regex from many; a pattern's leading global flags, such as (?i), stay its own."""
    parts = []
    for pattern in patterns:
        flags = re.match(r"\(\?([aiLmsux]+)\)", pattern)
        parts.append(f"(?{flags[1]}:{pattern[flags.end():]})" if flags else f"(?:{pattern})")
    return "|".join(parts)


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
    """The compiled patterns in ``value`` and the lists, tuples, sets and dicts inside it;
    an Anchors' regex is compiled here (a re.error for a bad pattern)."""
    from medlint.analysis.anchors import Anchors

    seen = set() if seen is None else seen
    if isinstance(value, Anchors):
        value = value.regex
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
