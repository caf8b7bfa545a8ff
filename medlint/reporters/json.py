"""JSON, as docs/DESIGN.md fixes it (version 1), plus page scores and the baseline's counts;
written as the pages come (reporters.Streamed).

Each diagnostic also carries a line-free ``fingerprint`` (baseline.page_fingerprint) and the
summary the ``today`` its date rules counted from, so that a later dashboard can compare
itself with this report (``--compare``).
"""

from __future__ import annotations

import json

from medlint.baseline import page_fingerprint
from medlint.reporters import write_json_array


def write(stream, out) -> None:
    """Write the report to ``out`` as the pages come (a reporters.Streamed): the findings one
    by one, then the summary; byte for byte the document json.dumps(indent=2) would give."""
    out.write('{\n  "version": 1,\n  "diagnostics": ')
    write_json_array(out, ({**d.as_json(), "fingerprint": page_fingerprint(d)}
                           for page in stream.pages() for d in page.diagnostics), depth=1)
    report = stream.report()
    summary = {"files": report.files, "errors": report.count("error"),
               "warnings": report.count("warning"), "infos": report.count("info"),
               "pages": [{"path": p.path, "score": p.score, "grade": p.grade, "review_date": p.review_date,
                          "findings": p.finding_count} for p in report.pages]}
    if report.today:
        summary["today"] = report.today.isoformat()
    if report.baseline:
        summary["baseline"] = {"path": report.baseline.path, "hidden": report.baseline.hidden,
                               "unmatched": report.baseline.unmatched}
    out.write(',\n  "summary": ' + json.dumps(summary, indent=2, ensure_ascii=False).replace("\n", "\n  ") + "\n}\n")
