"""Earlier runs, read back from medlint's own JSON reports, and what changed since.

The dashboard's ``--compare FILE`` takes one or more JSON reports (``--format json``). The
newest of them (by the date its rules counted from, ``summary.today``; reports without one
count as older, in the order given) is the previous run: each page's findings are new, unchanged or fixed since
it. All of them together draw the trend.

Findings of one page are matched by their line-free fingerprint (code and flagged text,
``baseline.page_fingerprint``), counted, not merged: a page that had two "TBD"s and now has
three has one new. Reports written before the fingerprint existed are matched by code and
message instead.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from medlint.baseline import page_fingerprint
from medlint.errors import UsageError
from medlint.reporters import report_path


@dataclass(frozen=True)
class PastRun:
    """One earlier run as its JSON report recorded it."""

    path: str  # the report file it was read from
    today: str | None  # YYYY-MM-DD its date rules counted from, when the report records it
    diagnostics: tuple[dict, ...]  # as in the JSON report: path, line, code, message, fingerprint …

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d["severity"] == severity)


@dataclass
class PageChange:
    """How one page's reported findings compare with the previous run."""

    new: set[int] = field(default_factory=set)  # indexes into the page's (reported) diagnostics
    fixed: list[dict] = field(default_factory=list)  # the previous run's findings not found now


def load_runs(paths) -> tuple[PastRun, ...]:
    """The JSON reports at ``paths``, oldest first by ``summary.today``; reports without one come
    first, in the order given. Raises UsageError naming a file that is not a medlint JSON report."""
    runs = [load_run(path) for path in paths]
    return tuple(sorted(runs, key=lambda run: run.today or ""))


def load_run(path: str) -> PastRun:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot read the report to compare with ({error.strerror or error})") from None
    except ValueError as error:
        raise UsageError(f"{path}: not a JSON report ({error}); write one with --format json") from None
    try:
        if data.get("version") != 1:
            raise ValueError(f"version {data.get('version')!r}, expected 1")
        diagnostics = tuple(data["diagnostics"])
        for d in diagnostics:
            if not all(isinstance(d.get(key), str) for key in ("path", "code", "message", "severity")):
                raise ValueError("a diagnostic without path, code, message and severity")
        return PastRun(path, data["summary"].get("today"), diagnostics)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(f"{path}: not a medlint JSON report ({error}); write one with --format json") from None


def compare(pages, previous: PastRun) -> tuple[dict[str, PageChange], dict[str, list[dict]]]:
    """Each current page's change since ``previous`` (by report_path), and the findings of
    pages that ``previous`` checked and this run did not (by path): fixed or gone with them.

    ``pages`` are reporters.Page; a finding the baseline hides now is still there, so it
    matches its earlier copy (which an earlier run without the baseline reported) and is not fixed."""
    by_fingerprint = all("fingerprint" in d for d in previous.diagnostics)
    by_path: dict[str, list[dict]] = defaultdict(list)
    for d in previous.diagnostics:
        by_path[d["path"]].append(d)
    before = {report_path(path): found for path, found in by_path.items()}
    changes = {}
    for page in pages:
        path = report_path(page.path)
        earlier = before.pop(path, [])
        remaining = Counter(_past_key(d, by_fingerprint) for d in earlier)
        change = PageChange()
        # Baselined findings are old by definition: they take their match first, and are never new.
        for index, diagnostic in [(None, d) for d in page.baselined] + list(enumerate(page.diagnostics)):
            key = page_fingerprint(diagnostic) if by_fingerprint else (diagnostic.code, diagnostic.message)
            if remaining[key] > 0:
                remaining[key] -= 1
            elif index is not None:
                change.new.add(index)
        for d in reversed(earlier):  # the last copies of a key are the ones counted as fixed
            key = _past_key(d, by_fingerprint)
            if remaining[key] > 0:
                remaining[key] -= 1
                change.fixed.append(d)
        change.fixed.reverse()
        changes[path] = change
    return changes, dict(before)


def _past_key(d: dict, by_fingerprint: bool):
    return d["fingerprint"] if by_fingerprint else (d["code"], d["message"])

