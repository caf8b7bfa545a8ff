"""Baselines: known findings are hidden across edits; new ones are reported; fixed ones are counted."""

import json

import pytest

from conftest import findings

PAGE = "# Flu\n\nTBD: add the dose.\n\nWash your hands.\n"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/flu.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def edit(site, text):
    (site / "content/flu.md").write_text(text, encoding="utf-8")


def test_write_baseline_records_findings_and_exits_0(run, site):
    result = run("check", "--write-baseline", "baseline.json", "content")
    assert result.exit_code == 0
    assert "recorded 1 finding in baseline baseline.json" in result.output
    data = json.loads((site / "baseline.json").read_text())
    assert data["version"] == 1
    assert [(e["code"], e["path"], e["count"]) for e in data["findings"]] == [("PH002", "content/flu.md", 1)]
    assert "line" not in data["findings"][0]


def test_baselined_finding_stays_hidden_when_lines_move(run, site):
    run("check", "--write-baseline", "baseline.json", "content")
    assert run("check", "--baseline", "baseline.json", "content").exit_code == 0
    edit(site, PAGE.replace("# Flu\n", "# Flu\n\nA new first paragraph.\n"))
    result = run("check", "--baseline", "baseline.json", "content")
    assert result.exit_code == 0
    assert "Baseline baseline.json: hid 1 known finding; 0 entries matched nothing (fixed since)" in result.output


def test_new_problem_is_reported(run, site):
    run("check", "--write-baseline", "baseline.json", "content")
    edit(site, PAGE + "\nTitle 1\n")
    result = run("check", "--format", "json", "--baseline", "baseline.json", "content")
    assert result.exit_code == 1
    assert findings(result) == [("content/flu.md", 7, 1, "PH001")]
    assert json.loads(result.output)["summary"]["baseline"] == {"path": "baseline.json", "hidden": 1, "unmatched": 0}


def test_equal_findings_are_counted_not_merged(run, site):
    edit(site, "# Flu\n\nTBD here. TBD there.\n")
    run("check", "--write-baseline", "baseline.json", "content")
    assert json.loads((site / "baseline.json").read_text())["findings"][0]["count"] == 2
    edit(site, "# Flu\n\nTBD here. TBD there. TBD everywhere.\n")
    result = run("check", "--format", "json", "--baseline", "baseline.json", "content")
    assert [f[3] for f in findings(result)] == ["PH002"]  # the third one is new


def test_fixed_findings_are_counted(run, site):
    run("check", "--write-baseline", "baseline.json", "content")
    edit(site, "# Flu\n\nWash your hands.\n")
    result = run("check", "--baseline", "baseline.json", "content")
    assert result.exit_code == 0
    assert "hid 0 known findings; 1 entry matched nothing (fixed since)" in result.output


def test_baseline_from_config_is_relative_to_the_config_file(run, site):
    run("check", "--write-baseline", "medlint-baseline.json", "content")
    (site / "medlint.toml").write_text('baseline = "medlint-baseline.json"\n')
    assert run("check", "flu.md", cwd=site / "content").exit_code == 0  # paths matched from another folder
    assert run("check", "--no-baseline", "flu.md", cwd=site / "content").exit_code == 1


def test_bad_baseline_is_a_usage_error(run, site):
    assert run("check", "--baseline", "missing.json", "content").exit_code == 2
    (site / "bad.json").write_text("[1, 2]")
    result = run("check", "--baseline", "bad.json", "content")
    assert result.exit_code == 2 and "bad.json: not a medlint baseline" in result.output
    assert "Traceback" not in result.output
