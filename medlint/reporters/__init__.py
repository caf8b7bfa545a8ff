"""Reporters: one module per output format, each with ``render(report) -> str``.

Every reporter reads the same Report: the findings, the pages they were found on (with
each page's score and facts) and what the baseline hid. Only the dashboard shows the
baselined findings themselves, and compares the run with earlier ones (``history``).
"""

from __future__ import annotations

import datetime
import importlib
import os
from dataclasses import dataclass, field

from medlint.diagnostics import SEVERITY_RANK, Diagnostic

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "markdown", "html")
SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class Page:
    """One checked file, as the reports show it."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    score: int
    facts: dict = field(default_factory=dict)
    baselined: tuple[Diagnostic, ...] = ()  # recorded in the baseline: not reported, not scored

    @property
    def grade(self) -> float | None:
        """The page's reading grade (SMOG), when a readability rule measured it."""
        value = self.facts.get("reading_grade")
        return None if value is None else float(value)

    @property
    def review_date(self) -> str | None:
        """The page's last-reviewed date as YYYY-MM-DD, when a review-date rule found it."""
        value = self.facts.get("review_date")
        return None if value is None else str(value)  # a date object prints as ISO too


@dataclass(frozen=True)
class Report:
    diagnostics: list[Diagnostic]
    pages: tuple[Page, ...] = ()
    rules: dict = field(default_factory=dict)  # code -> Rule, for formats that document the rules
    baseline: object = None  # engine.BaselineOutcome when a baseline was applied
    today: datetime.date | None = None  # the date the date rules counted from
    today_source: str = ""  # where it came from: "--today", "MEDLINT_TODAY" or "the system date"
    history: tuple = ()  # history.PastRun: earlier runs' JSON reports, oldest first (--compare)
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    fail_on: str = "warning"  # the lowest severity that fails the run, or "never"
    min_score: int | None = None  # a page scoring lower fails the run

    def fails(self, diagnostic: Diagnostic) -> bool:
        """Whether this finding fails the run (--fail-on); reports that mark failures ask this."""
        return self.fail_on != "never" and SEVERITY_RANK[diagnostic.severity] >= SEVERITY_RANK[self.fail_on]

    def scores_too_low(self, page: Page) -> bool:
        """Whether this page fails the run by scoring below --min-score."""
        return self.min_score is not None and page.score < self.min_score

    @property
    def files(self) -> int:
        return len(self.pages)

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def pages_with_findings(self) -> list[Page]:
        return [page for page in self.pages if page.diagnostics]

    def average_score(self) -> float | None:
        return sum(p.score for p in self.pages) / len(self.pages) if self.pages else None


def build_report(result, rules: dict | None = None, **options) -> Report:
    """A Report from an engine.RunResult."""
    from medlint.score import page_score

    pages = tuple(Page(f.path, tuple(f.diagnostics), page_score(f.diagnostics), dict(f.facts), tuple(f.baselined))
                  for f in sorted(result.files, key=lambda f: f.path))
    return Report(result.diagnostics, pages, rules or {}, result.baseline, **options)


def render(output_format: str, report: Report) -> str:
    return importlib.import_module(f"medlint.reporters.{output_format}").render(report)


def report_path(path: str) -> str:
    """A path as CI tools want it: relative to the working folder when it lies inside it, with '/'.
    A fetched page's URL stays as it is."""
    from medlint.discovery import is_url

    if is_url(path):
        return path
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            path = relative
    elif path != "-":
        path = os.path.normpath(path)  # "./content/a.md" and "content/a.md" are one file to a CI tool
    return path.replace(os.sep, "/")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def grade_text(page: Page) -> str:
    return "—" if page.grade is None else f"{page.grade:.1f}"


def counts_text(report: Report) -> str:
    return (f"{plural(len(report.diagnostics), 'problem')} ({plural(report.count('error'), 'error')}, "
            f"{plural(report.count('warning'), 'warning')}, {plural(report.count('info'), 'info')}) "
            f"in {plural(report.files, 'file')}")


def baseline_text(report: Report) -> str | None:
    outcome = report.baseline
    if outcome is None:
        return None
    return (f"Baseline {outcome.path}: hid {plural(outcome.hidden, 'known finding')}; "
            f"{plural(outcome.unmatched, 'entry', 'entries')} matched nothing (fixed since)")
