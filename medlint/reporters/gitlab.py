"""GitLab Code Quality: a JSON array of Code Climate issues.

GitLab collapses findings with equal fingerprints, so each fingerprint is unique per
finding, and it holds no line number so that a finding keeps its identity across edits.
"""

from __future__ import annotations

from medlint.baseline import unique_fingerprints
from medlint.reporters import report_path, write_json_array
from medlint.score import UNCHECKED

SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def severity(d) -> str:
    return "critical" if d.code in UNCHECKED else SEVERITIES[d.severity]  # the page was not checked at all


def write(stream, out) -> None:
    """Write the issues as the pages come (a reporters.Streamed). A fingerprint is unique
    within its page, and so within the run: its key holds the page's path."""
    write_json_array(out, (issue(d, fingerprint) for page in stream.pages()
                           for d, fingerprint in zip(page.diagnostics, unique_fingerprints(page.diagnostics, "."))), depth=0)
    out.write("\n")


def issue(d, fingerprint: str) -> dict:
    return {
        "description": f"{d.code} {d.message}",
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": severity(d),
        "location": {"path": report_path(d.path), "lines": {"begin": d.line, "end": d.end_line}},
    }
