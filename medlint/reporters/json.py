"""JSON, as docs/DESIGN.md fixes it (version 1), plus page scores and the baseline's counts.

Each diagnostic also carries a line-free ``fingerprint`` (baseline.page_fingerprint) and the
summary the ``today`` its date rules counted from, so that a later dashboard can compare
itself with this report (``--compare``).
"""

from __future__ import annotations

import json

from medlint.baseline import page_fingerprint


def render(report) -> str:
    summary = {"files": report.files, "errors": report.count("error"),
               "warnings": report.count("warning"), "infos": report.count("info"),
               "pages": [{"path": p.path, "score": p.score, "grade": p.grade, "review_date": p.review_date,
                          "findings": len(p.diagnostics)} for p in report.pages]}
    if report.today:
        summary["today"] = report.today.isoformat()
    if report.baseline:
        summary["baseline"] = {"path": report.baseline.path, "hidden": report.baseline.hidden,
                               "unmatched": report.baseline.unmatched}
    return json.dumps({"version": 1, "diagnostics": [{**d.as_json(), "fingerprint": page_fingerprint(d)} for d in report.diagnostics], "summary": summary},
                      indent=2, ensure_ascii=False) + "\n"
