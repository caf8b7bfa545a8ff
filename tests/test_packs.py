"""Every rule's documented examples behave as documented, and broken packs fail clearly."""

import datetime

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.packs import builtin_pack_files, load_pack, load_rules

RULES = load_rules()
EXAMPLES = [(code, i, example) for code, rule in RULES.items() if rule.checker
            for i, example in enumerate(rule.examples)]


def codes_in(text: str, file_format: str, today: str | None = None) -> set[str]:
    settings = build_settings(Config(), today=datetime.date.fromisoformat(today) if today else None)
    return {d.code for d in lint_bytes(text.encode(), "example", file_format, settings).diagnostics}


@pytest.mark.parametrize("code,index,example", EXAMPLES, ids=[f"{c}-{i}" for c, i, _ in EXAMPLES])
def test_rule_examples(code, index, example):
    file_format, today = example.get("format", "markdown"), example.get("today")
    assert code in codes_in(example["bad"], file_format, today)
    assert code not in codes_in(example["good"], file_format, today)


@pytest.mark.parametrize("pack", builtin_pack_files(), ids=lambda f: f.name)
def test_builtin_packs_pass_validation(pack):
    """medlint skips schema validation of its own packs at run time; this is where it happens."""
    assert load_pack(pack.read_text(encoding="utf-8"), pack.name, validate=True)


def test_every_rule_is_documented():
    for rule in RULES.values():
        assert rule.summary and rule.rationale and rule.examples, rule.code
        assert rule.code[:2] in {"RD", "RV", "SC", "PH", "MK", "EN", "BP", "DU", "SP", "PL", "ST", "IO", "LK"}


GOOD_RULE = """
rules:
  - code: PL901
    name: banned-phrase
    category: plain-language
    severity: warning
    check: existence
    message: "Avoid '{match}'"
    summary: Flags a phrase our editors banned.
    rationale: House style.
    params: {phrases: [suffering from]}
    examples:
      - {bad: "People suffering from asthma.", good: "People with asthma."}
"""


def write_pack(tmp_path, text):
    (tmp_path / "house.yaml").write_text(text)
    (tmp_path / "medlint.toml").write_text('rule-packs = ["house.yaml"]\n')


def test_user_pack_adds_a_rule(run, tmp_path):
    write_pack(tmp_path, GOOD_RULE)
    (tmp_path / "page.md").write_text("# Asthma\n\nPeople suffering from asthma can exercise.\n")
    result = run("check", "page.md")
    assert result.exit_code == 1
    assert "page.md:3:8: PL901 [warning] Avoid 'suffering from'" in result.output
    assert "PL901" in run("rules").output


@pytest.mark.parametrize("change,message", [
    (("check: existence", "check: existance"), "house.yaml: rules[0].check must be one of"),
    (("    name: banned-phrase", "    name: banned-phrase\n    colour: red"), "house.yaml: unknown key 'colour' in rules[0]"),
    (("phrases: [suffering from]", "patterns: ['(unclosed']"), "house.yaml: PL901 has a bad pattern"),
    (("phrases: [suffering from]", "phrase: [x]"), "house.yaml: PL901 params: unknown key 'phrase'"),
    (("category: plain-language", "category: spelling"), "PL901 has category 'spelling' but its prefix PL"),
    (("code: PL901\n    name: banned-phrase\n    category: plain-language",
      "code: PH001\n    name: banned-phrase\n    category: placeholder"),
     "rule code PH001 is already used by rules/placeholder.yaml"),
    (("severity: warning", "severity: fatal"), "house.yaml: rules[0].severity must be one of"),
    (("rules:", "rules: ["), "house.yaml: line"),
])
def test_broken_pack_is_a_clear_error(run, tmp_path, change, message):
    write_pack(tmp_path, GOOD_RULE.replace(*change))
    (tmp_path / "page.md").write_text("# Page\n")
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_pack_file(run, tmp_path):
    (tmp_path / "medlint.toml").write_text('rule-packs = ["nowhere.yaml"]\n')
    result = run("check", ".")
    assert result.exit_code == 2
    assert "nowhere.yaml: cannot read rule pack" in result.output
