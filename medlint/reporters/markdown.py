"""Markdown: a summary, a table of the pages with findings, then the findings per page.

Fit for a pull-request comment or a GitHub job summary. Page text is escaped, so a
finding that quotes '<script>', '|' or '**' shows as written and cannot break the table.
"""

from __future__ import annotations

import re
from collections import Counter

from medlint.reporters import SEVERITY_ORDER, baseline_text, counts_text, grade_text, plural, report_path

SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# GitHub rejects a comment over 65,536 characters and a step's job summary over 1 MiB.
# Sizes are counted in UTF-8 bytes, never fewer than characters.
COMMENT_LIMIT = 60_000
STEP_SUMMARY_LIMIT = 1024 * 1024
NOTE_ROOM = 400  # kept free for the closing note on what was left out
TABLE_ROWS = 100  # the lowest-scoring pages; the rest are counted


def md(text: str) -> str:
    """Text for a Markdown table cell or paragraph: markup shown as written, on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(SPECIAL.sub(r"\\\1", text).split())


def worst_first(pages) -> list:
    return sorted(pages, key=lambda p: (p.score, p.path))


def render(report, limit: int = COMMENT_LIMIT, why: str = "a GitHub comment holds 65,536 characters") -> str:
    """The report as Markdown of at most ``limit`` UTF-8 bytes.

    Pages are listed and detailed lowest score first; when the findings do not all fit, the
    report ends by counting what it left out, and ``why``.
    """
    pages = worst_first(report.pages_with_findings())
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
        for page in pages[:TABLE_ROWS]:
            counts = Counter(d.severity for d in page.diagnostics)
            lines.append(f"| {md(report_path(page.path))} | {page.score} | {grade_text(page)} | "
                         f"{md(page.review_date or '—')} | " + " | ".join(str(counts[s]) for s in SEVERITY_ORDER) + " |")
        if len(pages) > TABLE_ROWS:
            lines.append(f"| … {plural(len(pages) - TABLE_ROWS, 'more page')} with findings | | | | | | |")
        if len(pages) < report.files:
            lines += ["", f"{plural(report.files - len(pages), 'other page')} had no findings."]
    parts = ["\n".join(lines) + "\n"]
    budget = limit - NOTE_ROOM - size(parts[0])
    left_out = []  # findings not shown
    for page in pages:
        rows = [f"| {d.line}:{d.column} | {d.code} | {d.severity} | {md(d.message)}"
                + (f" (suggestion: {md(d.suggestion)})" if d.suggestion else "") + " |\n" for d in page.diagnostics]
        head = (f"\n### {md(report_path(page.path))} (score {page.score})\n\n"
                "| line | code | severity | message |\n|---:|---|---|---|\n")
        shown = 0
        if not left_out and size(head) + size(rows[0]) <= budget:
            parts.append(head)
            budget -= size(head)
            for row in rows:
                if size(row) > budget:
                    break
                parts.append(row)
                budget -= size(row)
                shown += 1
        left_out += page.diagnostics[shown:]
    if left_out:
        on_pages = len({d.path for d in left_out})
        parts.append(f"\n**Not shown here: {plural(len(left_out), 'more finding')} on {plural(on_pages, 'page')}** "
                     f"from the pages that scored best ({md(why)}). The `json`, `sarif` and `html` reports "
                     "hold every finding.\n")
    return "".join(parts)


def size(text: str) -> int:
    return len(text.encode("utf-8"))
