"""One bad file cannot hold up or flood a run: the time budget per file, the cap on findings
per rule, long lines shown as a window, and user patterns that would backtrack."""

import json
import time

import pytest

from test_packs import GOOD_RULE, write_pack

PAGE = "# Flu\n\nRest and drink fluids.\n"
PAGES = 17  # more than engine.PARALLEL_FROM, so -j 2 really uses worker processes


@pytest.fixture
def slow_rule(monkeypatch):
    """A rule that never finishes on pages whose text mentions 'slow' (a stand-in for a
    shape medlint has no linear answer for yet)."""
    from medlint.checks import existence

    original = existence.Checker.findings

    def findings(self, document, context):
        if "slow" in document.source:
            while True:
                time.sleep(0.05)
        yield from original(self, document, context)

    monkeypatch.setattr(existence.Checker, "findings", findings)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_its_time_budget_is_stopped_and_the_others_checked(run, tmp_path, slow_rule, jobs):
    for number in range(PAGES):
        (tmp_path / f"page{number:02}.md").write_text(PAGE + "TODO\n")
    (tmp_path / "page05.md").write_text(PAGE + "A slow page.\n")
    start = time.monotonic()
    result = run("check", ".", "--format", "json", "--file-timeout", "3", "--jobs", jobs)  # far above a page here
    assert time.monotonic() - start < 30
    found = json.loads(result.output)["diagnostics"]
    stopped = [d for d in found if d["code"] == "IO016"]
    assert [(d["path"], d["line"], d["severity"]) for d in stopped] == [("page05.md", 1, "error")]
    assert stopped[0]["message"].startswith("Checking stopped after 3 s (file-timeout)")
    assert {d["path"] for d in found if d["code"] == "PH002"} == {f"page{n:02}.md" for n in range(PAGES) if n != 5}
    assert result.exit_code == 1


def test_time_budget_from_the_configuration_and_in_the_text_report(run, tmp_path, slow_rule):
    (tmp_path / "medlint.toml").write_text("file-timeout = 2.5\n")
    (tmp_path / "a.md").write_text(PAGE + "A slow page.\n")
    result = run("check", "a.md")
    assert "a.md:1:1: IO016 [error] Checking stopped after 2.5 s (file-timeout)" in result.output
    assert "scores" in result.output and "0 a.md" in result.output  # a page not checked scores 0


@pytest.mark.parametrize("value,error", [("0", "must be a number of seconds above 0"),
                                         ("-1", "must be a number of seconds above 0"), ('"soon"', "must be a number")])
def test_bad_time_budget_is_a_config_error(run, tmp_path, value, error):
    (tmp_path / "medlint.toml").write_text(f"file-timeout = {value}\n")
    (tmp_path / "a.md").write_text(PAGE)
    result = run("check", "a.md")
    assert result.exit_code == 2
    assert f"medlint.toml: file-timeout {error}" in result.output


def test_findings_per_rule_are_capped_with_a_summary(run, tmp_path):
    (tmp_path / "a.md").write_text(PAGE + "".join(f"Step {n}: TODO\n\n" for n in range(80)))
    found = json.loads(run("check", "a.md", "--select", "PH002", "--format", "json").output)["diagnostics"]
    assert len(found) == 51
    assert [d["line"] for d in found[:50]] == [4 + 2 * n for n in range(50)]
    assert (found[50]["line"], found[50]["code"], found[50]["message"]) == (
        104, "PH002", "and 30 more PH002 findings in this file, not listed (max-findings-per-rule = 50)")


def test_suppressed_findings_do_not_count_toward_the_cap(run, tmp_path):
    # 20 TODOs in a disabled range, then 60 more: 50 listed after the range, and 10 summed up.
    todos = "Next: TODO\n\n" * 20
    page = PAGE + f"<!-- medlint-disable PH002 -- drafts -->\n{todos}<!-- medlint-enable -->\n\n" + todos * 3
    (tmp_path / "a.md").write_text(page)
    found = json.loads(run("check", "a.md", "--select", "PH002", "--format", "json").output)["diagnostics"]
    first = page.count("\n", 0, page.index("<!-- medlint-enable")) + 3  # the line of the first TODO after the range
    assert [d["line"] for d in found[:50]] == [first + 2 * n for n in range(50)]
    assert (found[50]["line"], found[50]["column"], found[50]["message"]) == (
        first + 100, 7, "and 10 more PH002 findings in this file, not listed (max-findings-per-rule = 50)")
    assert found[50]["end_column"] == 11  # the summary sits on the 51st finding's text


def test_the_cap_counts_each_rule_apart_in_report_order(tmp_path):
    # Findings of two rules interleaved on one page: each rule keeps its own first 50.
    from medlint.config import Config
    from medlint.engine import build_settings, lint_bytes

    page = "# Flu\n\n" + "Dear {{ name }}: TODO\n\n" * 60
    result = lint_bytes(page.encode(), "a.md", "markdown", build_settings(Config(), select=("PH002", "PH003")))
    by_code = {}
    for d in result.diagnostics:
        by_code.setdefault(d.code, []).append((d.line, d.column, d.message))
    assert sorted(by_code) == ["PH002", "PH003"]
    for code, found in by_code.items():
        assert len(found) == 51 and found == sorted(found[:50]) + found[50:]
        assert found[49][0] == 3 + 2 * 49 and found[50][0] == 3 + 2 * 50
        assert found[50][2].startswith(f"and 10 more {code} findings")


def test_the_cap_can_be_raised_or_lifted(run, tmp_path):
    (tmp_path / "a.md").write_text(PAGE + "".join(f"Step {n}: TODO\n\n" for n in range(80)))
    (tmp_path / "medlint.toml").write_text("max-findings-per-rule = 0\n")
    found = json.loads(run("check", "a.md", "--select", "PH002", "--format", "json").output)["diagnostics"]
    assert len(found) == 80 and "more" not in found[-1]["message"]


def test_a_long_line_is_shown_as_a_window_around_the_finding(run, tmp_path):
    line = "Rest and drink fluids. " * 200 + "TODO check the dose. " + "Rest and drink fluids. " * 200
    (tmp_path / "a.md").write_text(f"# Flu\n\n{line}\n")
    result = run("check", "a.md", "--select", "PH002")
    column = line.index("TODO") + 1
    shown = result.output.splitlines()
    assert shown[0] == f"a.md:3:{column}: PH002 [error] Editing marker 'TODO' left in the page"
    source, caret = shown[1], shown[2]
    assert source.startswith("  3 | …") and source.endswith("…")
    assert len(source) < 250
    assert source[caret.index("^"):caret.index("^") + 4] == "TODO"
    assert caret.count("^") == 4


def test_a_long_line_in_the_dashboard_marks_the_flagged_text(run, tmp_path):
    line = "Rest and drink fluids. " * 200 + "TODO check the dose. " + "Rest and drink fluids. " * 200
    (tmp_path / "a.md").write_text(f"# Flu\n\n{line}\n")
    run("check", "a.md", "--select", "PH002", "--format", "html", "-o", "report.html")
    report = (tmp_path / "report.html").read_text()
    assert '"TODO"' in report and " check the dose." in report
    assert "Rest and drink fluids. " * 6 not in report  # a window of the line, not all of it


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(?:\s+)+x", r"(\w+\s?)*$"])
def test_a_backtracking_user_pattern_is_refused_when_the_pack_loads(run, tmp_path, pattern):
    write_pack(tmp_path, GOOD_RULE.replace("phrases: [suffering from]", f"patterns: ['{pattern}']"))
    (tmp_path / "a.md").write_text(PAGE)
    start = time.monotonic()
    result = run("check", "a.md")
    assert time.monotonic() - start < 30
    assert result.exit_code == 2
    assert "house.yaml: PL901 has a pattern that backtracks catastrophically" in result.output
    assert pattern in result.output


def test_a_linear_user_pattern_loads(run, tmp_path):
    write_pack(tmp_path, GOOD_RULE.replace("phrases: [suffering from]", r"patterns: ['\bsuffer(?:s|ing)?\s+from\b']"))
    (tmp_path / "a.md").write_text("# Asthma\n\nPeople suffering from asthma.\n")
    assert "PL901" in run("check", "a.md").output
