"""Reporters: one module per output format, each with ``render(report) -> str``, or with
``write(stream, out)`` when the format can be written as the pages come (``STREAMED``).

Every reporter reads the same Report: the findings, the pages they were found on (with
each page's score and facts) and what the baseline hid. Only the dashboard shows the
baselined findings themselves, and compares the run with earlier ones (``history``).

A streamed format writes each page's findings as soon as the run has them (a Streamed
report: pages in path order, then the summary), so a run over many files does not hold
every finding until the end. The text, JSON, GitHub and GitLab reports stream; SARIF and
JUnit put totals before the findings, and the Markdown report and dashboard order pages
by score, so those need the whole run.
"""

from __future__ import annotations

import datetime
import importlib
import io
import os
from collections import Counter
from json import dumps  # not `import json`: the submodule medlint.reporters.json takes that name here
from operator import attrgetter
from typing import NamedTuple

from medlint.diagnostics import SEVERITY_RANK, Diagnostic

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "markdown", "html")
STREAMED = ("text", "json", "github", "gitlab")  # formats written page by page (Streamed)
SEVERITY_ORDER = ("error", "warning", "info")


class Page(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """One checked file, as the reports show it. (Read-only: its ``facts`` are never changed.)"""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    score: int
    facts: dict = {}  # (one empty dict shared by the pages made without: never changed)
    baselined: tuple[Diagnostic, ...] = ()  # recorded in the baseline: not reported, not scored
    streamed_count: int | None = None  # how many findings it had, once they were written and let go (Streamed)

    @property
    def finding_count(self) -> int:
        return len(self.diagnostics) if self.streamed_count is None else self.streamed_count

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


class Report(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """What every reporter reads: the findings, the pages and the run's options. (Read-only:
    its dicts are never changed.)"""

    diagnostics: list[Diagnostic]
    pages: tuple[Page, ...] = ()
    rules: dict = {}  # code -> Rule, for formats that document the rules (one empty dict shared by the reports made without)
    baseline: object = None  # engine.BaselineOutcome when a baseline was applied
    today: datetime.date | None = None  # the date the date rules counted from
    today_source: str = ""  # where it came from: "--today", "MEDLINT_TODAY" or "the system date"
    history: tuple = ()  # history.PastRun: earlier runs' JSON reports, oldest first (--compare)
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    fail_on: str = "warning"  # the lowest severity that fails the run, or "never"
    min_score: int | None = None  # a page scoring lower fails the run
    tally: dict | None = None  # severity -> findings, when they were streamed past instead of kept (Streamed)

    def fails(self, diagnostic: Diagnostic) -> bool:
        """Whether this finding fails the run (--fail-on); reports that mark failures ask this."""
        return self.severity_fails(diagnostic.severity)

    def severity_fails(self, severity: str) -> bool:
        """Whether a finding of this severity fails the run (--fail-on)."""
        return self.fail_on != "never" and SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_on]

    def scores_too_low(self, page: Page) -> bool:
        """Whether this page fails the run by scoring below --min-score."""
        return self.min_score is not None and page.score < self.min_score

    @property
    def files(self) -> int:
        return len(self.pages)

    def count(self, severity: str) -> int:
        if self.tally is not None:
            return self.tally.get(severity, 0)
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def total(self) -> int:
        """How many findings the report holds (or streamed)."""
        return len(self.diagnostics) if self.tally is None else sum(self.tally.values())

    def pages_with_findings(self) -> list[Page]:
        return [page for page in self.pages if page.finding_count]

    def average_score(self) -> float | None:
        return sum(p.score for p in self.pages) / len(self.pages) if self.pages else None


def page_of(file) -> Page:
    """The Page of an engine.FileResult, with its score."""
    from medlint.score import page_score

    return Page(file.path, tuple(file.diagnostics), page_score(file.diagnostics), dict(file.facts), tuple(file.baselined))


def build_report(result, rules: dict | None = None, **options) -> Report:
    """A Report from an engine.RunResult."""
    pages = tuple(page_of(f) for f in sorted(result.files, key=lambda f: f.path))
    return Report(result.diagnostics, pages, rules or {}, result.baseline, **options)


SEVERITY = attrgetter("severity")  # a finding's severity, read in C


class Streamed:
    """A report whose pages come one at a time, in report (path) order: a streamed format
    writes each page's findings as it comes (``pages()``), then the summary (``report()``).

    Only each page's summary (path, score, facts, number of findings) and the counts per
    severity are kept, so memory does not grow with the findings. ``files`` are
    engine.FileResults in path order; ``baseline()`` gives the engine.BaselineOutcome once
    they have all come (the baseline filters them on the way); ``options`` are Report's.
    """

    def __init__(self, files, rules: dict | None = None, baseline=lambda: None, **options) -> None:
        self.files = files
        self.baseline = baseline
        self.head = Report([], (), rules or {}, **options)  # the options, for the writers
        self.tally: Counter = Counter()
        self.summaries: list[Page] = []
        self._whole: Report | None = None

    @classmethod
    def of(cls, report: Report) -> "Streamed":
        """A whole report, streamed: its pages, then itself as the summary."""
        stream = cls((), report.rules)
        stream.head, stream._whole = report, report
        return stream

    def pages(self):
        """Each page in path order, findings and all; each is let go once the writer moves on."""
        if self._whole is not None:
            yield from self._whole.pages
            return
        for file in self.files:
            page = page_of(file)
            # Counted in C (Counter.update over attrgetter's map, not a Python generator): a loop
            # over every finding was a fortieth of a warm run.
            self.tally.update(map(SEVERITY, page.diagnostics))
            self.summaries.append(Page(page.path, (), page.score, page.facts, streamed_count=len(page.diagnostics)))
            yield page

    @property
    def failed(self) -> bool:
        """Whether a finding fails the run (--fail-on), once every page has come: told by the
        counts per severity, not asked of each finding."""
        return any(count and self.head.severity_fails(severity) for severity, count in self.tally.items())

    def report(self) -> Report:
        """The report's summary once every page has come: pages without their findings, counts."""
        if self._whole is not None:
            return self._whole
        return self.head._replace(pages=tuple(self.summaries), baseline=self.baseline(), tally=dict(self.tally))


def render(output_format: str, report: Report) -> str:
    """The whole report in ``output_format``, as text."""
    if output_format in STREAMED:
        out = io.StringIO()
        write_report(output_format, Streamed.of(report), out)
        return out.getvalue()
    return importlib.import_module(f"medlint.reporters.{output_format}").render(report)


def write_report(output_format: str, stream: Streamed, out) -> None:
    """Write a STREAMED format's report to ``out`` (anything with ``write(str)``) as the pages come."""
    importlib.import_module(f"medlint.reporters.{output_format}").write(stream, out)


def write_json_array(out, items, depth: int) -> None:
    """Write ``items`` as the JSON array ``json.dumps(list(items), indent=2, ensure_ascii=False)``
    would write at nesting ``depth``, byte for byte, one item at a time."""
    inner = "\n" + "  " * (depth + 1)
    out.write("[")
    empty = True
    for item in items:
        out.write(("" if empty else ",") + inner + dumps(item, indent=2, ensure_ascii=False).replace("\n", inner))
        empty = False
    out.write("]" if empty else "\n" + "  " * depth + "]")


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
    return (f"{plural(report.total, 'problem')} ({plural(report.count('error'), 'error')}, "
            f"{plural(report.count('warning'), 'warning')}, {plural(report.count('info'), 'info')}) "
            f"in {plural(report.files, 'file')}")


def baseline_text(report: Report) -> str | None:
    outcome = report.baseline
    if outcome is None:
        return None
    return (f"Baseline {outcome.path}: hid {plural(outcome.hidden, 'known finding')}; "
            f"{plural(outcome.unmatched, 'entry', 'entries')} matched nothing (fixed since)")
