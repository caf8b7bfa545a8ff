"""Configuration and pack mistakes a new user makes: each is exit 2 with the file, the key
and what is wrong, never silence, a traceback or a literal placeholder in the report."""

import json

import pytest

from test_packs import GOOD_RULE, write_pack

PAGE = "# Asthma\n\nPeople suffering from asthma can exercise.\n"


def fails(result, *parts):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    for part in parts:
        assert part in result.output


@pytest.mark.parametrize("body", [
    '[tool.medlint\nselect = ["PH"]\n',  # the table header itself is broken
    '[project]\nname = "site\n\n[tool.medlint]\nselect = ["PH"]\n',  # a break elsewhere hides the table
])
def test_broken_pyproject_that_may_hold_medlint_settings_is_an_error(run, tmp_path, body):
    (tmp_path / "pyproject.toml").write_text(body)
    (tmp_path / "page.md").write_text(PAGE)
    fails(run("check", "page.md"), "pyproject.toml: configuration is not valid TOML", "line")


def test_broken_pyproject_without_medlint_is_not_ours(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project\nname = "site"\n')
    (tmp_path / "page.md").write_text("# Title 1\n")
    result = run("check", "page.md", "--select", "PH001")
    assert result.exit_code == 1
    assert "PH001" in result.output


@pytest.mark.parametrize("code", ["RS001", "ZZ123"])
def test_user_pack_may_use_its_own_prefix(run, tmp_path, code):
    write_pack(tmp_path, GOOD_RULE.replace("PL901", code))
    (tmp_path / "page.md").write_text(PAGE)
    result = run("check", "page.md", "--select", code[:2])
    assert result.exit_code == 1
    assert f"page.md:3:8: {code} [warning] Avoid 'suffering from'" in result.output
    listed = run("rules")
    assert listed.exit_code == 0 and f"{code}  banned-phrase" in listed.output
    explained = run("explain", code)
    assert explained.exit_code == 0 and f"{code} banned-phrase (plain-language" in explained.output
    report = json.loads(run("check", "page.md", "--select", code, "--format", "json").output)
    assert [(d["code"], d["category"]) for d in report["diagnostics"]] == [(code, "plain-language")]


def test_own_prefix_still_needs_a_known_category(run, tmp_path):
    write_pack(tmp_path, GOOD_RULE.replace("PL901", "RS001").replace("category: plain-language", "category: style"))
    (tmp_path / "page.md").write_text(PAGE)
    fails(run("check", "page.md"), "house.yaml: rules[0].category must be one of")


@pytest.mark.parametrize("params", ["phrases: []", "patterns: []"])
def test_empty_phrase_list_is_an_error(run, tmp_path, params):
    write_pack(tmp_path, GOOD_RULE.replace("phrases: [suffering from]", params))
    (tmp_path / "page.md").write_text(PAGE)
    key = params.split(":")[0]
    fails(run("check", "page.md"), f"house.yaml: PL901 params: {key} must be a list of at least one",
          "(an empty list matches nothing)")


@pytest.mark.parametrize("message,error", [
    ("Avoid '{mach}'", "house.yaml: PL901 message has unknown placeholder '{mach}': the 'existence' check fills {codepoint}, {match}"),
    ("Avoid '{match'", "house.yaml: PL901 message has a broken placeholder"),
    ("Avoid '{match.upper}'", "house.yaml: PL901 message placeholder '{match.upper}' is not a name"),
])
def test_bad_message_placeholder_is_an_error(run, tmp_path, message, error):
    write_pack(tmp_path, GOOD_RULE.replace("Avoid '{match}'", message.replace("'", "''")))
    (tmp_path / "page.md").write_text(PAGE)
    for command in (("check", "page.md"), ("rules",), ("explain", "PL901")):
        fails(run(*command), error)


def test_known_placeholders_and_escaped_braces_load(run, tmp_path):
    write_pack(tmp_path, GOOD_RULE.replace("Avoid '{match}'", "Avoid '{match}' {{style}}"))
    (tmp_path / "page.md").write_text(PAGE)
    assert "Avoid 'suffering from' {style}" in run("check", "page.md").output


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_output_into_a_missing_folder_is_an_error(run, tmp_path, option):
    (tmp_path / "page.md").write_text(PAGE)
    fails(run("check", "page.md", option, "reports/out.txt"), f"{option} reports/out.txt: the folder 'reports' does not exist")
    assert not (tmp_path / "reports").exists()


def test_pack_with_a_date_that_does_not_exist_is_an_error(run, tmp_path):
    # yaml reads the value as a timestamp and datetime refuses it: a ValueError, not a YAMLError
    write_pack(tmp_path, GOOD_RULE.replace("rationale: House style.", "rationale: House style.\n    added: 2025-02-30"))
    (tmp_path / "page.md").write_text(PAGE)
    fails(run("check", "page.md"), "house.yaml: rule pack holds a date that does not exist (day is out of range for month)")
