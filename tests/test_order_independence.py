"""A rule's findings never depend on which other rules run: the page analysis they share is
memoised under keys that name every parameter that changes it."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.readers import format_for

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for folder in (ROOT / "fixtures", ROOT / "tests" / "cases")
               for p in folder.rglob("*") if p.suffix in (".md", ".html", ".txt"))
ALL = build_settings(Config(), today=datetime.date(2026, 11, 23))
CODES = [code for code in ALL.selected if ALL.rules[code].checker is not None]


def findings(settings, page: Path, code: str) -> list[tuple]:
    result = lint_bytes(page.read_bytes(), page.name, format_for(str(page)), settings)
    return [(d.line, d.column, d.end_line, d.end_column, d.message) for d in result.diagnostics if d.code == code]


@pytest.fixture(scope="module")
def with_every_rule():
    return {page: {code: findings(ALL, page, code) for code in CODES} for page in PAGES}


@pytest.mark.parametrize("code", CODES)
def test_findings_are_the_same_alone_and_with_every_other_rule(code, with_every_rule):
    alone = dataclasses.replace(ALL, selected=(code,))
    for page in PAGES:
        assert findings(alone, page, code) == with_every_rule[page][code], page.relative_to(ROOT)


def test_a_user_rule_with_other_grade_settings_does_not_share_the_built_in_grade(tmp_path):
    """A pack's own reading-grade rule with other params gets its own grade, whether or not
    RD001 runs first."""
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "rules:\n  - code: RD901\n    name: house-grade\n    category: readability\n    severity: warning\n"
        "    check: reading_grade\n    message: 'Grade {grade}'\n    summary: s\n    rationale: r\n"
        "    params: {above: 0, min_sentences: 5}\n"
        "    examples: [{bad: 'x', good: 'y'}]\n")
    page = ("# Flu\n\n" + "Influenza complications necessitate hospitalisation occasionally. " * 6).encode()
    settings = build_settings(Config(rule_packs=(str(pack),)), today=datetime.date(2026, 11, 23))
    alone = dataclasses.replace(settings, selected=("RD901",))
    both = dataclasses.replace(settings, selected=("RD001", "RD901"))
    codes = [[d.code for d in lint_bytes(page, "page.md", "markdown", s).diagnostics] for s in (alone, both)]
    assert codes[0] == ["RD901"] and "RD901" in codes[1]
