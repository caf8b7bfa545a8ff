"""Each rule's behaviour, pinned by its case file: tests/rules/<CODE>.yaml.

A case file holds the pages a rule must report (with the line, column and message a user
sees) and the pages it must leave alone, with any configuration they need:

    config: |            # optional, for every case: medlint.toml text
      [rules.RD003]
      max-words = 20
    cases:
      - name: a citation glued to the full stop ends the sentence
        format: markdown   # markdown (default), html or text
        today: 2026-11-23  # optional; default 2026-11-23
        config: ...        # optional, replaces the file's config for this case
        page: |            # the page itself, or file: a path under tests/
          ...
        expect: []         # or [{line: 3, column: 1, message: "..."}] (column optional)

Only the file's rule runs for a case, so a case pins that rule alone.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from pathlib import Path

import pytest
import yaml

from medlint.config import Config, load_config
from medlint.engine import build_settings, lint_bytes

HERE = Path(__file__).resolve().parent
CASE_FILES = sorted((HERE / "rules").glob("*.yaml"))
SUFFIX = {"markdown": "md", "html": "html", "text": "txt"}
FORMAT_OF = {"md": "markdown", "html": "html", "htm": "html", "txt": "text"}
DEFAULT_TODAY = "2026-11-23"


def load_cases():
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(path.stem, case, data.get("config", ""), id=f"{path.stem}: {case['name']}")


@functools.cache
def settings_for(config_text: str, today: str, tmp: Path):
    config = Config()
    if config_text:
        path = tmp / f"medlint-{abs(hash(config_text))}.toml"
        path.write_text(config_text, encoding="utf-8")
        config = load_config(path)
    return build_settings(config, today=datetime.date.fromisoformat(str(today)))


@pytest.mark.parametrize("code,case,file_config", list(load_cases()))
def test_rule_case(code, case, file_config, tmp_path_factory):
    if "file" in case:
        source = (HERE / case["file"]).read_bytes()
        file_format = case.get("format") or FORMAT_OF[Path(case["file"]).suffix.lstrip(".")]
    else:
        source = case["page"].encode("utf-8")
        file_format = case.get("format", "markdown")
    settings = settings_for(case.get("config", file_config), str(case.get("today", DEFAULT_TODAY)),
                            tmp_path_factory.getbasetemp())
    settings = dataclasses.replace(settings, selected=(code,))
    result = lint_bytes(source, f"page.{SUFFIX[file_format]}", file_format, settings)
    found = [{"line": d.line, "column": d.column, "message": d.message, "severity": d.severity}
             for d in result.diagnostics if d.code == code]
    expected = case["expect"]  # (column and severity are checked where a case gives them)
    assert [{k: f[k] for k in ("line", "message", *(k for k in ("column", "severity") if k in e))}
            for f, e in zip(found, expected)] == expected and len(found) == len(expected), found


def test_every_rule_has_a_case_file_that_fails_and_passes_a_page():
    from medlint.packs import load_rules

    checked = {code for code, rule in load_rules().items() if rule.checker is not None}
    files = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in CASE_FILES}
    assert checked <= set(files), sorted(checked - set(files))
    for code, data in files.items():
        assert any(c["expect"] for c in data["cases"]), f"{code}: no case the rule reports"
        assert any(not c["expect"] for c in data["cases"]), f"{code}: no case the rule passes"
