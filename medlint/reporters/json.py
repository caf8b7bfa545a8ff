"""JSON, exactly as DESIGN.md fixes it (version 1)."""

from __future__ import annotations

import json


def render(report) -> str:
    return json.dumps({
        "version": 1,
        "diagnostics": [d.as_json() for d in report.diagnostics],
        "summary": {"files": report.files, "errors": report.count("error"),
                    "warnings": report.count("warning"), "infos": report.count("info")},
    }, indent=2, ensure_ascii=False) + "\n"
