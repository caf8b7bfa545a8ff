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
    style = click.style if head.color else (lambda text, **_: text)
    statistics: Counter = Counter()
    for page in stream.pages():
        lines = []  # one write a page: a write to the terminal per finding cost a tenth of a warm run
        for d in page.diagnostics:
            if head.statistics:
                statistics[(d.code, d.rule)] += 1
                continue
            lines.append(f"{style(f'{d.path}:{d.line}:{d.column}:', bold=True)} "
                         f"{style(d.code, fg=COLORS[d.severity], bold=True)} [{d.severity}] {d.message}")
            if not head.quiet:
                lines += _excerpt(d, style)
        if lines:
            out.write("".join(line + "\n" for line in lines))
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
    out.write("".join(line + "\n" for line in lines))


def _scores_line(report) -> str:
    lowest = sorted(report.pages_with_findings(), key=lambda p: (p.score, p.path))[:LOWEST_SHOWN]
    listed = ", ".join(f"{p.score} {p.path}" for p in lowest)
    return f"Page scores: average {report.average_score():.0f}/100; lowest: {listed}"


CONTEXT_SHOWN, FLAGGED_SHOWN = 60, 100  # characters of a long line shown around a finding, and of the finding


def _excerpt(d, style) -> list[str]:
    """The source line (a window of a long one, as ruff and rustc show it) with a caret under the span."""
    if not d.source_line:
        return []
    gutter = " " * len(str(d.line))
    line = d.source_line.expandtabs(1)  # a tab as one space keeps the columns
    start = d.column - 1 - d.excerpt_start  # the span in the stored excerpt
    end = d.end_column - 1 - d.excerpt_start if d.end_line == d.line else len(line)
    low, high = span_window(len(line), start, end, CONTEXT_SHOWN, FLAGGED_SHOWN) if len(line) > 200 else (0, len(line))
    lead = "…" if d.excerpt_start or low else ""
    source = lead + line[low:high] + ("…" if d.excerpt_more or high < len(line) else "")
    start, end = start - low + len(lead), min(end, high) - low + len(lead)  # the span in what is shown
    caret = " " * start + "^" * max(1, end - start)
    lines = [f"  {d.line} | {source}", f"  {gutter} | {style(caret, fg=COLORS[d.severity])}"]
    if d.suggestion:
        lines.append(f"  {gutter} = suggestion: {d.suggestion}")
    return lines
