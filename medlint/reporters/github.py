"""GitHub Actions workflow commands: one annotation per finding, grouped per file.

GitHub shows only the first few annotations of each kind per step, so the CLI also writes
the Markdown report, worst pages first and within GitHub's size limit, to $GITHUB_STEP_SUMMARY
when it is set.
"""

from __future__ import annotations

from medlint.reporters import counts_text, plural, report_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d) -> str:
    properties = {"file": report_path(d.path), "line": d.line, "endLine": d.end_line}
    if d.line == d.end_line:  # GitHub rejects columns on a finding that spans lines
        properties.update(col=d.column, endColumn=d.end_column)
    properties["title"] = f"medlint {d.code} ({d.rule})"
    message = d.message + (f"\nSuggestion: {d.suggestion}" if d.suggestion else "")
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMANDS[d.severity]} {listed}::{escape_data(message)}"


def write(stream, out) -> None:
    """Write the annotations as the pages come (a reporters.Streamed), a group per page with
    findings, then the counts."""
    for page in stream.pages():
        if page.diagnostics:
            lines = [f"::group::{escape_data(report_path(page.path))}", *map(annotation, page.diagnostics), "::endgroup::"]
            out.write("".join(line + "\n" for line in lines))
    report = stream.report()
    out.write((f"medlint: {counts_text(report)}" if report.total else f"medlint: no problems in {plural(report.files, 'file')}") + "\n")
