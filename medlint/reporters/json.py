"""JSON, as docs/DESIGN.md fixes it (version 1), plus page scores and the baseline's counts."""

from __future__ import annotations

import json


def render(report) -> str:
    summary = {"files": report.files, "errors": report.count("error"),
               "warnings": report.count("warning"), "infos": report.count("info"),
               "pages": [{"path": p.path, "score": p.score, "grade": p.grade, "review_date": p.review_date,
                          "findings": len(p.diagnostics)} for p in report.pages]}
    if report.baseline:
        summary["baseline"] = {"path": report.baseline.path, "hidden": report.baseline.hidden,
                               "unmatched": report.baseline.unmatched}
    return json.dumps({"version": 1, "diagnostics": [d.as_json() for d in report.diagnostics], "summary": summary},
                      indent=2, ensure_ascii=False) + "\n"
