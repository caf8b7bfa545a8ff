"""The human report: one finding per line, the source line with a caret under the span."""

from __future__ import annotations

from collections import Counter

import click

from medlint.diagnostics import span_window
from medlint.reporters import baseline_text, counts_text, plural

COLORS = {"error": "red", "warning": "yellow", "info": "blue"}
LOWEST_SHOWN = 3  # pages named in the page-score line


def write(stream, out) -> None:
    """Write the report to ``out`` as the pages come (a reporters.Streamed): each finding with
    its excerpt, then the summary lines (or, with --statistics, the findings per rule)."""
    head = stream.head
    paint = _painter(head.color)
    statistics: Counter = Counter()
    for page in stream.pages():
        if head.statistics:
            statistics.update((d.code, d.rule) for d in page.diagnostics)
            continue
        # One write a page: a write to the terminal per finding cost a tenth of a warm run.
        if head.quiet:  # the finding lines alone, made in C's loop (map), not Python's
            lines = list(map(paint.finding, page.diagnostics))
        else:
            lines = [_shown(d, paint) for d in page.diagnostics]
        _write_lines(out, lines)
    lines = [f"{count:5}  {code}  {rule}" for (code, rule), count in sorted(statistics.items(), key=lambda i: (-i[1], i[0]))]
    report = stream.report()
    if not report.quiet:
        if report.total:
            lines.append(f"Found {counts_text(report)}")
            lines.append(_scores_line(report))
        else:
            lines.append(f"No problems found in {plural(report.files, 'file')}")
        if report.baseline:
            lines.append(baseline_text(report))
    _write_lines(out, lines)


def _write_lines(out, lines: list[str]) -> None:
    """Write ``lines``, each ended by a newline, in one write (nothing for none): joined with
    newlines between, not each copied with its own first, as a warm run writes 5,000 of them."""
    if lines:
        out.write("\n".join(lines) + "\n")


class _Plain:
    """A finding's line and caret as they are: the report without colour (the usual case)."""

    @staticmethod
    def finding(d) -> str:
        return f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"

    @staticmethod
    def caret(caret: str, severity: str) -> str:
        return caret


class _Coloured:
    """A finding's line and caret with click's colours: its place in bold, its code and the
    caret in its severity's colour."""

    @staticmethod
    def finding(d) -> str:
        return (f"{click.style(f'{d.path}:{d.line}:{d.column}:', bold=True)} "
                f"{click.style(d.code, fg=COLORS[d.severity], bold=True)} [{d.severity}] {d.message}")

    @staticmethod
    def caret(caret: str, severity: str) -> str:
        return click.style(caret, fg=COLORS[severity])


def _painter(color: bool):
    # Without colour no styling function is called at all: three calls a finding that only
    # returned their text were a twentieth of a warm run's report.
    return _Coloured if color else _Plain


def _scores_line(report) -> str:
    lowest = sorted(report.pages_with_findings(), key=lambda p: (p.score, p.path))[:LOWEST_SHOWN]
    listed = ", ".join(f"{p.score} {p.path}" for p in lowest)
    return f"Page scores: average {report.average_score():.0f}/100; lowest: {listed}"


CONTEXT_SHOWN, FLAGGED_SHOWN = 60, 100  # characters of a long line shown around a finding, and of the finding


def _shown(d, paint) -> str:
    """A finding's line and, under it, its source line (a window of a long one, as ruff and
    rustc show it) with a caret under the span: one text of up to four lines, made in one
    step (a list of lines for each finding, extended line by line, was a twentieth of the report)."""
    found = paint.finding(d)
    line = d.source_line
    if not line:
        return found
    if "\t" in line:  # most lines have none: not copied then
        line = line.expandtabs(1)  # a tab as one space keeps the columns
    # The line number is made text once, for the line and its gutter (this runs for every finding).
    number, shift, length = str(d.line), d.excerpt_start, len(line)
    start = d.column - 1 - shift  # the span in the stored excerpt
    end = d.end_column - 1 - shift if d.end_line == d.line else length
    low, high = span_window(length, start, end, CONTEXT_SHOWN, FLAGGED_SHOWN) if length > 200 else (0, length)
    # Comparisons, not min() and max(), the caret painted only in colour, and each line made
    # by one f-string: a builtin's or a painter's call for each finding, and the source line
    # copied by each concatenation, were a sixth of what the excerpts cost.
    lead = "…" if shift or low else ""
    more = "…" if d.excerpt_more or high < length else ""
    width = (end if end < high else high) - start  # the caret's, at least one character
    caret = " " * (start - low + len(lead)) + "^" * (width if width > 1 else 1)
    if paint is not _Plain:
        caret = paint.caret(caret, d.severity)
    gutter = " " * len(number)
    shown = f"{found}\n  {number} | {lead}{line[low:high]}{more}\n  {gutter} | {caret}"
    if d.suggestion:
        return f"{shown}\n  {gutter} = suggestion: {d.suggestion}"
    return shown
