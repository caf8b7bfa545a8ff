"""Mojibake: text that was encoded in one charset and decoded in another ('donâ€™t').

ftfy's badness detector finds the tell-tale character sequences; ``extra_patterns`` in the
pack catch what it lets through. The detector also matches some correct text (Serbian
Cyrillic, letters used as symbols), so a word it alone flags counts only when ftfy can
re-decode it: ftfy's own test of whether text is mojibake. The pack's patterns are
stronger evidence (a lone UTF-8 lead byte read as 'Â' or 'â€') and count on their own.

The finding covers the whole damaged word. It suggests ftfy's repair only when the repair
is clean: plain re-encoding steps, which reproduce the damaged word exactly when reversed.
A repair that had to guess at lost bytes ("decode_inconsistent_utf8", C1 fixes) is no
suggestion, and the message then says nothing about what the word was.
"""

from __future__ import annotations

import functools
import re

from medlint.checks import SCOPE_SCHEMA, Finding, scoped_blocks, shorten
from medlint.patterns import alternation
from medlint.regexes import compiled

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"extra_patterns": {"type": "array", "items": {"type": "string"},
                                      "description": "patterns of damaged text that ftfy's detector lets through"},
                   **SCOPE_SCHEMA},
}
WORD = compiled(r"\S+")
# Non-ASCII characters of correct text (no-break spaces, curly quotes, dashes, …, •, ©, ®, ™,
# °) of which, with ASCII, no match of ftfy's detector can be made: every alternative of it
# needs a character of some other kind (tests/test_mojibake.py proves it of the installed
# ftfy). A block with no other character need not be searched: most non-ASCII blocks.
HARMLESS = "\xa0\u202f\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u2022\xb7\xa9\xae\u2122\xb0"
NOT_HARMLESS = compiled(f"[^\\x00-\\x7f{HARMLESS}]")
REVERSIBLE_STEPS = {"encode", "decode"}


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        extra = params.get("extra_patterns", [])
        self.extra = compiled(alternation(extra)) if extra else None

    def findings(self, document, context):
        for block in scoped_blocks(document, self.params):
            if block.text.isascii():  # mojibake needs non-ASCII characters; most blocks have none
                continue
            # A lost character (U+FFFD) is replacement-character's finding, not mojibake.
            detected = ([m.span() for m in badness_pattern().finditer(block.text) if "\ufffd" not in m.group()]
                        if NOT_HARMLESS.search(block.text) else [])
            certain = [m.span() for m in self.extra.finditer(block.text)] if self.extra else []
            if not detected and not certain:
                continue
            badness = badness_pattern()
            for word in WORD.finditer(block.text):
                is_certain = _holds(word, certain)
                if not is_certain and not _holds(word, detected):
                    continue
                repaired, clean = repair(word.group(), badness)
                if repaired is None and not is_certain:
                    continue  # ftfy sees no mojibake it can undo: correct text that looks odd
                fix = f" (probably '{shorten(repaired)}')" if clean else ""
                yield Finding(block, word.start(), word.end(), {"match": shorten(word.group()), "fix": fix},
                              repaired if clean else None)


@functools.cache
def badness_pattern() -> re.Pattern:
    """ftfy's mojibake detector, ``ftfy.badness.BADNESS_RE``, loaded when a page first has
    non-ASCII text other than HARMLESS. Its module needs only ``re``: loaded on its own it costs ~6 ms, where
    importing ftfy (needed only to repair a word) costs ~40 ms, so a page whose non-ASCII text
    shows no mojibake never imports ftfy. Imported the usual way when it cannot be loaded apart."""
    import importlib.util
    from pathlib import Path

    try:
        path = Path(importlib.util.find_spec("ftfy").origin).with_name("badness.py")
        spec = importlib.util.spec_from_file_location("medlint_ftfy_badness", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.BADNESS_RE
    except Exception:  # another layout of ftfy
        from ftfy.badness import BADNESS_RE

        return BADNESS_RE


def _holds(word: re.Match, spans: list[tuple[int, int]]) -> bool:
    return any(word.start() <= start < word.end() for start, _ in spans)


def repair(word: str, badness: re.Pattern) -> tuple[str | None, bool]:
    """ftfy's repair of a word's encoding, and whether it is clean.

    Args:
        word: the damaged word; badness: ftfy's detector.
    Returns:
        (the repaired word, or None when ftfy changes nothing; whether the repair is exact:
        every step a plain encode or decode, which reversed gives the word back, or a
        repair of the damaged parts that leaves nothing of the damage behind. "×©×œ×•×"
        lost its last byte, and its repair keeps a stray "×": not exact).
    """
    import ftfy

    repaired, steps = ftfy.fix_encoding_and_explain(word)
    if repaired == word:
        return None, False
    if all(action in REVERSIBLE_STEPS for action, _ in steps or []):
        return repaired, True
    damage = {char for match in badness.finditer(word) for char in match.group() if not char.isascii()}
    return repaired, not badness.search(repaired) and not damage & set(repaired)
