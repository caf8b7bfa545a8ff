"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One rules[] entry per code that fired, documented as `medlint explain` documents it;
results point at repository-relative URIs with 1-based regions whose endColumn is the
column after the last flagged character, and carry a line-free fingerprint.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from medlint import __version__
from medlint.baseline import unique_fingerprints
from medlint.discovery import is_url
from medlint.reporters import report_path
from medlint.ruledoc import explain_markdown, explain_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "medlint/v1"


def render(report) -> str:
    codes = sorted({d.code for d in report.diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    default_levels = {d.code: d.severity for d in report.diagnostics}  # the configured severity
    fingerprints = unique_fingerprints(report.diagnostics, ".")
    run = {
        "tool": {"driver": {"name": "medlint", "version": __version__, "semanticVersion": __version__,
                            "rules": [_rule(report.rules.get(code), code, default_levels[code]) for code in codes]}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "results": [_result(d, index[d.code], fp) for d, fp in zip(report.diagnostics, fingerprints)],
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"


def _rule(rule, code: str, severity: str) -> dict:
    if rule is None:  # a code no loaded pack documents (cannot happen from the CLI)
        return {"id": code, "defaultConfiguration": {"level": LEVELS[severity]}}
    summary = " ".join(rule.summary.split())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary[:1024]},
        "fullDescription": {"text": f"{summary} {' '.join(rule.rationale.split())}"},
        "help": {"text": explain_text(rule), "markdown": explain_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": [rule.category], "precision": "high"},
    }


def _result(d, rule_index: int, fingerprint: str) -> dict:
    message = d.message + (f" (suggestion: {d.suggestion})" if d.suggestion else "")
    path = report_path(d.path)
    if is_url(path):  # a fetched page: its URL is its location
        location = {"uri": path}
    elif os.path.isabs(path):  # outside the working folder: no relative form
        location = {"uri": Path(path).as_uri()}
    else:
        location = {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": {"startLine": d.line, "startColumn": d.column, "endLine": d.end_line,
                       "endColumn": d.end_column},
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
