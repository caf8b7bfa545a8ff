"""Markdown: a summary, a table of the pages with findings, then the findings per page.

Fit for a pull-request comment or a GitHub job summary. Page text is escaped, so a
finding that quotes '<script>', '|' or '**' shows as written and cannot break the table.
"""

from __future__ import annotations

import re
from collections import Counter

from medlint.reporters import SEVERITY_ORDER, baseline_text, counts_text, grade_text, plural, report_path

SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# GitHub rejects a job summary over 1 MiB and a comment over 65,536 characters.
DEFAULT_LIMIT = 60_000
TABLE_ROWS = 100  # the lowest-scoring pages; the rest are counted


def md(text: str) -> str:
    """Text for a Markdown table cell or paragraph: markup shown as written, on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(SPECIAL.sub(r"\\\1", text).split())


def render(report, limit: int = DEFAULT_LIMIT) -> str:
    pages = report.pages_with_findings()
    lines = ["## medlint report", ""]
    if report.diagnostics:
        lines.append(f"Found {counts_text(report)}; average page score {report.average_score():.0f}/100.")
    else:
        lines.append(f"No problems found in {plural(report.files, 'file')}.")
    if report.baseline:
        lines += ["", md(baseline_text(report))]
    if pages:
        lines += ["", "| page | score | reading grade | review date | errors | warnings | infos |",
                  "|---|---:|---:|---|---:|---:|---:|"]
        for page in sorted(pages, key=lambda p: (p.score, p.path))[:TABLE_ROWS]:
            counts = Counter(d.severity for d in page.diagnostics)
            lines.append(f"| {md(report_path(page.path))} | {page.score} | {grade_text(page)} | "
                         f"{md(page.review_date or '—')} | " + " | ".join(str(counts[s]) for s in SEVERITY_ORDER) + " |")
        if len(pages) > TABLE_ROWS:
            lines.append(f"| … {plural(len(pages) - TABLE_ROWS, 'more page')} with findings | | | | | | |")
        if len(pages) < report.files:
            lines += ["", f"{plural(report.files - len(pages), 'other page')} had no findings."]
    text = "\n".join(lines) + "\n"
    budget, shown = limit - len(text), 0
    for page in pages:
        part = ["", f"### {md(report_path(page.path))} (score {page.score})", "",
                "| line | code | severity | message |", "|---:|---|---|---|"]
        for d in page.diagnostics:
            suggestion = f" (suggestion: {md(d.suggestion)})" if d.suggestion else ""
            part.append(f"| {d.line}:{d.column} | {d.code} | {d.severity} | {md(d.message)}{suggestion} |")
        block = "\n".join(part) + "\n"
        if len(block) > budget:
            text += f"\n… {plural(len(report.diagnostics) - shown, 'more finding')} not shown here: see the full report.\n"
            break
        text, budget, shown = text + block, budget - len(block), shown + len(page.diagnostics)
    return text
