"""GitLab Code Quality: a JSON array of Code Climate issues.

GitLab collapses findings with equal fingerprints, so each fingerprint is unique per
finding, and it holds no line number so that a finding keeps its identity across edits.
"""

from __future__ import annotations

import json

from medlint.baseline import unique_fingerprints
from medlint.reporters import report_path
from medlint.score import UNCHECKED

SEVERITIES = {"info": "info", "warning": "minor", "error": "major"}


def severity(d) -> str:
    return "critical" if d.code in UNCHECKED else SEVERITIES[d.severity]  # the page was not checked at all


def render(report) -> str:
    issues = [{
        "description": f"{d.code} {d.message}",
        "check_name": d.code,
        "fingerprint": fingerprint,
        "severity": severity(d),
        "location": {"path": report_path(d.path), "lines": {"begin": d.line, "end": d.end_line}},
    } for d, fingerprint in zip(report.diagnostics, unique_fingerprints(report.diagnostics, "."))]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
