"""Suppression comments: <!-- medlint-disable CODE -- reason --> and friends (docs/DESIGN.md)."""

from __future__ import annotations

import re

from medlint.diagnostics import Diagnostic
from medlint.document import Document, FileProblem
from medlint.regexes import compiled

DIRECTIVE = compiled(r"^\s*medlint-(disable-file|disable-next-line|disable|enable)(?![\w-])(.*)$", re.DOTALL)
CODE = compiled(r"^[A-Z]{2}[0-9]{0,3}$")


class Suppression:
    """One medlint-disable comment: the lines and codes it covers, and whether it was used.
    (A plain class: a dataclass compiles each method it writes, ~0.2 ms of every run's start.)"""

    def __init__(self, line: int, codes: tuple[str, ...], first: int, last: int, used: bool = False) -> None:
        self.line = line  # where the comment is
        self.codes = codes  # codes or prefixes; empty means every code
        self.first = first  # the lines it covers
        self.last = last
        self.used = used

    def covers(self, diagnostic: Diagnostic) -> bool:
        return self.first <= diagnostic.line <= self.last and (
            not self.codes or diagnostic.code.startswith(self.codes)
        )


def parse_suppressions(document: Document) -> tuple[list[Suppression], list[FileProblem]]:
    suppressions: list[Suppression] = []
    problems: list[FileProblem] = []
    open_ranges: list[Suppression] = []
    last_line = document.line_count
    for comment in sorted(document.comments, key=lambda c: c.line):
        match = DIRECTIVE.match(comment.text)
        if not match:
            continue
        kind, rest = match.groups()
        words = rest.split("--", 1)[0].replace(",", " ").split()
        codes = tuple(w for w in words if CODE.match(w))
        problems += [FileProblem("IO008", comment.line, f"'{w}' in a medlint-{kind} comment is not a rule code")
                     for w in words if not CODE.match(w)]
        if kind == "enable":
            for suppression in [s for s in open_ranges if not codes or set(s.codes) & set(codes) or not s.codes]:
                suppression.last = comment.line
                open_ranges.remove(suppression)
            continue
        if kind == "disable-file":
            first, last = 1, last_line
        elif kind == "disable-next-line":
            first = last = _next_content_line(document, comment.end_line)
        else:
            first, last = comment.line, last_line
        suppression = Suppression(comment.line, codes, first, last)
        suppressions.append(suppression)
        if kind == "disable":
            open_ranges.append(suppression)
    return suppressions, problems


def _next_content_line(document: Document, after: int) -> int:
    for line in range(after + 1, document.line_count + 1):
        if document.line_text(line).strip():
            return line
    return after + 1


def unused_problems(suppressions: list[Suppression], known: set[str], ran: set[str]) -> list[FileProblem]:
    """Codes that name no rule, and suppressions of rules that ran but found nothing there."""
    problems = []
    for suppression in suppressions:
        unknown = [c for c in suppression.codes if not any(k.startswith(c) for k in known)]
        for code in unknown:
            problems.append(FileProblem("IO008", suppression.line, f"Suppression names unknown rule code '{code}'"))
        relevant = not suppression.codes or any(r.startswith(c) for c in suppression.codes for r in ran)
        if not suppression.used and not unknown and relevant:
            what = ", ".join(suppression.codes) or "all rules"
            problems.append(FileProblem("IO009", suppression.line, f"Suppression of {what} suppressed nothing"))
    return problems
