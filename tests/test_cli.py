"""What a user sees from `medlint check`, `rules`, `explain` and `--version`."""

import json
import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, findings

WARNING_ONLY = "# Flu\n\nWash your\u200bhands.\n"  # EN003 is a warning
ERROR_PAGE = "# Title 1\n\nFlu is common.\n"  # PH001 is an error
CLEAN_PAGE = "# Flu\n\nFlu is a common infection.\n"


@pytest.fixture
def page(tmp_path):
    def write(text, name="page.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return name

    return write


def test_clean_page_exits_0(run, page):
    result = run("check", page(CLEAN_PAGE))
    assert result.exit_code == 0
    assert result.output == "No problems found in 1 file\n"


def test_text_report_shows_location_source_line_caret_and_summary(run, page):
    result = run("check", page(ERROR_PAGE))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "page.md:1:3: PH001 [error] Placeholder text 'Title 1' left in the page",
        "  1 | # Title 1",
        "    |   ^^^^^^^",
        "Found 1 problem (1 error, 0 warnings, 0 infos) in 1 file",
        "Page scores: average 85/100; lowest: 85 page.md",
    ]


def test_json_report_matches_design(run, page):
    result = run("check", "--format", "json", "--today", "2026-01-15", page(ERROR_PAGE, "content/flu.md"))
    data = json.loads(result.output)
    fingerprint = data["diagnostics"][0].pop("fingerprint")  # line-free: the dashboard's --compare matches by it
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint)
    assert data == {
        "version": 1,
        "diagnostics": [{
            "path": "content/flu.md", "line": 1, "column": 3, "end_line": 1, "end_column": 10,
            "code": "PH001", "rule": "placeholder-text", "category": "placeholder", "severity": "error",
            "message": "Placeholder text 'Title 1' left in the page", "suggestion": None,
        }],
        "summary": {"files": 1, "errors": 1, "warnings": 0, "infos": 0,
                    "pages": [{"path": "content/flu.md", "score": 85, "grade": None, "review_date": None,
                               "findings": 1}],
                    "today": "2026-01-15"},
    }


def test_paths_stay_as_given_and_results_are_ordered(run, page):
    page("# Title 1\n\nTBD\n", "content/b.md")
    page("# Heading 2\n", "content/a.md")
    assert findings(run("check", "--format", "json", "content/")) == [
        ("content/a.md", 1, 3, "PH001"), ("content/b.md", 1, 3, "PH001"), ("content/b.md", 3, 1, "PH002")]
    assert findings(run("check", "--format", "json", "."))[0][0] == "content/a.md"


@pytest.mark.parametrize("fail_on,text,code", [
    ("warning", WARNING_ONLY, 1), ("error", WARNING_ONLY, 0), ("error", ERROR_PAGE, 1),
    ("info", WARNING_ONLY, 1), ("never", ERROR_PAGE, 0),
])
def test_fail_on(run, page, fail_on, text, code):
    assert run("check", "--fail-on", fail_on, page(text)).exit_code == code


def test_default_fails_on_warnings_and_exit_zero_overrides(run, page):
    name = page(WARNING_ONLY)
    assert run("check", name).exit_code == 1
    result = run("check", "--exit-zero", name)
    assert result.exit_code == 0 and "EN003" in result.output


def test_fail_on_from_config(run, page, tmp_path):
    (tmp_path / "medlint.toml").write_text('fail-on = "error"\n')
    assert run("check", page(WARNING_ONLY)).exit_code == 0


def test_usage_errors_exit_2_without_traceback(run, page):
    for args in (["check", "--select", "ZZ9", page(CLEAN_PAGE)], ["check", "--today", "23/11/2026", "page.md"],
                 ["check", "--format", "xml", "page.md"], ["explain", "XX123"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output


@pytest.mark.parametrize("args,message", [
    (["check", "--format", "yaml", "page.md"],
     "medlint: error: Invalid value for '--format': 'yaml' is not one of"),
    (["check", "--bogus", "page.md"], "medlint: error: No such option '--bogus'."),
    (["explain"], "medlint: error: Missing argument 'CODE'. (see 'medlint explain --help')"),
    (["lint", "page.md"], "medlint: error: No such command 'lint'. (see 'medlint --help')"),
])
def test_click_usage_errors_are_one_line_as_medlint_s_own(run, page, args, message):
    page(CLEAN_PAGE)
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1 and "Usage:" not in result.output


def test_select_ignore_and_extend_select(run, page):
    name = page("# Title 1\n\nTBD and {{ name }}.\n")
    codes = lambda *a: sorted({f[3] for f in findings(run("check", "--format", "json", *a, name))})
    assert codes() == ["PH001", "PH002", "PH003"]
    assert codes("--select", "PH002") == ["PH002"]
    assert codes("--ignore", "PH001,PH003") == ["PH002"]
    assert codes("--select", "MK", "--extend-select", "PH003") == ["PH003"]
    assert codes("--ignore", "PH") == []


def test_statistics_and_quiet(run, page):
    name = page("# Title 1\n\nTBD. TODO.\n")
    result = run("check", "--statistics", name)
    assert result.output.splitlines()[:2] == ["    2  PH002  todo-marker", "    1  PH001  placeholder-text"]
    quiet = run("check", "-q", name).output.splitlines()
    assert len(quiet) == 3 and all(line.startswith("page.md:") for line in quiet)


def test_output_file(run, page, tmp_path):
    result = run("check", "--format", "json", "--output", "report.json", page(ERROR_PAGE))
    assert result.exit_code == 1 and result.output == ""
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["errors"] == 1


def failing_midway(real):
    """run_files that yields the first page's result, then fails as a bug would."""
    def run_files(*args, **kwargs):
        yield next(iter(real(*args, **kwargs)))
        raise RuntimeError("something broke")

    return run_files


@pytest.mark.parametrize("output_format", ["text", "json", "html"])
def test_a_run_that_fails_midway_leaves_an_earlier_output_file_as_it_was(run, page, tmp_path, monkeypatch,
                                                                         output_format):
    import medlint.engine

    page(ERROR_PAGE, "a.md"), page(ERROR_PAGE, "b.md")
    (tmp_path / "report.out").write_text("yesterday's report\n")
    monkeypatch.setattr(medlint.engine, "run_files", failing_midway(medlint.engine.run_files))
    result = run("check", "--no-cache", "--format", output_format, "-o", "report.out", "a.md", "b.md")
    assert result.exit_code == 2
    assert "medlint: internal error: RuntimeError: something broke" in result.output
    assert (tmp_path / "report.out").read_text() == "yesterday's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "report.out"]  # no temporary file left


def test_a_run_that_fails_midway_writes_no_output_file(run, page, tmp_path, monkeypatch):
    import medlint.engine

    page(ERROR_PAGE, "a.md"), page(ERROR_PAGE, "b.md")
    monkeypatch.setattr(medlint.engine, "run_files", failing_midway(medlint.engine.run_files))
    assert run("check", "--no-cache", "-o", "report.txt", "a.md", "b.md").exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_configuration_error_leaves_the_output_file_as_it_was(run, page, tmp_path):
    (tmp_path / "report.txt").write_text("yesterday's report\n")
    (tmp_path / ".medlint.toml").write_text("target-grade = 40\n")
    result = run("check", "-o", "report.txt", page(ERROR_PAGE))
    assert result.exit_code == 2 and "medlint: error:" in result.output
    assert (tmp_path / "report.txt").read_text() == "yesterday's report\n"


def test_a_finished_run_replaces_the_output_file_and_writes_through_a_link(run, page, tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "latest.json").write_text("yesterday's report\n")
    (tmp_path / "report.json").symlink_to(tmp_path / "reports" / "latest.json")
    assert run("check", "--no-cache", "--format", "json", "-o", "report.json", page(ERROR_PAGE)).exit_code == 1
    assert (tmp_path / "report.json").is_symlink()
    assert json.loads((tmp_path / "reports" / "latest.json").read_text())["summary"]["errors"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md", "report.json", "reports"]


def test_colour_only_when_asked_or_on_a_terminal(run, page):
    name = page(ERROR_PAGE)
    assert "\x1b[" not in run("check", name).output
    assert "\x1b[" in run("check", "--color", name).output


def test_a_pages_own_colour_codes_are_not_passed_to_a_report_without_colour(run, page):
    # A colour code pasted into a page would colour the reader's terminal; the page's line is
    # shown without it, and the stray character is reported (EN003).
    result = run("check", "--no-cache", page("# Flu\n\nCall us on \x1b[31mTODO\x1b[0m for help today.\n"))
    assert "\x1b" not in result.output
    assert "  3 | Call us on TODO for help today." in result.output.splitlines()
    assert result.output.count("EN003") == 2


def test_stdin_with_filename(run):
    result = run("check", "-", "--stdin-filename", "content/flu.html", "--format", "json",
                 input="<h1>Title 1</h1>".encode())
    assert findings(result) == [("content/flu.html", 1, 5, "PH001")]


def test_default_paths_come_from_config_include(run, page, tmp_path):
    page(ERROR_PAGE, "content/flu.md")
    page(ERROR_PAGE, "drafts/x.md")
    (tmp_path / "medlint.toml").write_text('include = ["content"]\n')
    assert [f[0] for f in findings(run("check", "--format", "json"))] == ["content/flu.md"]


def test_today_from_environment_is_validated(run, page, monkeypatch):
    monkeypatch.setenv("MEDLINT_TODAY", "not-a-date")
    result = run("check", page(CLEAN_PAGE))
    assert result.exit_code == 2 and "MEDLINT_TODAY must be a date as YYYY-MM-DD" in result.output


def test_rules_and_explain(run):
    listing = run("rules").output
    assert "PH001  placeholder-text" in listing and "IO001  unreadable-file" in listing
    rules = json.loads(run("rules", "--format", "json").output)
    assert {"code": "MK001", "name": "leaked-css", "category": "markup", "severity": "error"}.items() <= rules[
        [r["code"] for r in rules].index("MK001")].items()
    text = run("explain", "ph001").output
    for heading in ("PH001 placeholder-text (placeholder, default severity: error)", "What it does",
                    "Why it matters", "Example", "Use instead"):
        assert heading in text
    assert "    # Title 1" in text
    # One blank line between an example and the next heading, however the pack wrote it.
    assert "\n\n\n" not in run("explain", "RD003").output


def test_explain_says_where_a_rule_lives_and_lists_its_parameters(run, tmp_path):
    text = run("explain", "DU003").output
    assert "Pack entry: rules/duplication.yaml (code DU003)" in text
    assert "Checked by: function medlint.checks.repetition.repeated_paragraph" in text
    assert "Cases: tests/rules/DU003.yaml" in text
    assert "  min_words = 12: shorter paragraphs are not compared" in text
    assert "[tool.medlint.rules.DU003]" in text
    kind = run("explain", "PH001").output
    assert "Checked by: check kind 'existence', medlint.checks.existence.Checker" in kind
    # A parameter set in the configuration is the value in effect; the default is shown beside it.
    (tmp_path / "medlint.toml").write_text("[rules.DU003]\nmin-words = 30\n")
    assert "  min_words = 30 (default 12): shorter paragraphs are not compared" in run("explain", "DU003").output
    # A parameter's default is the pack's value where the pack sets one, not the check's own.
    assert '  vocabularies = ["medical.txt"]: word lists' in run("explain", "SP001").output
    (tmp_path / "medlint.toml").write_text("[rules.SP001]\nvocabularies = []\n")
    assert '  vocabularies = [] (default ["medical.txt"]): word lists' in run("explain", "SP001").output
    engine = run("explain", "IO001").output
    assert "Checked by: the engine" in engine and "Parameters" not in engine


def test_explain_shows_the_settings_a_rule_reads_with_their_values(run, tmp_path):
    settings = "Settings it reads (top-level keys of the configuration)\n  target-grade = {}: the school grade (US)"
    assert settings.format("8.0") in run("explain", "RD001").output
    (tmp_path / "medlint.toml").write_text("target-grade = 6\n")
    assert settings.format("6.0") in run("explain", "RD001").output
    stale = run("explain", "RV002").output
    assert '  review-max-age = "3y": how long ago a page may have been reviewed (y: years, m: months)' in stale
    assert '  date-order = "day-first": how to read a date such as 12/03/2019' in stale
    assert "Settings it reads" not in run("explain", "PH001").output  # a rule that reads none


def test_explain_describes_each_parameter_of_a_kind_set_or_not(run):
    text = run("explain", "PL001").output  # a substitution rule
    assert "  explained = true: a term explained where it is used is fine, and so is every later use" in text
    assert "  exceptions (not set): patterns of flagged text that is fine (the whole match)" in text
    assert "  formats (not set): the file formats checked (markdown, html, text); not set: all" in text


def test_every_parameter_and_setting_a_rule_reads_is_described():
    from medlint.checks import KINDS, kind_module, rule_functions
    from medlint.config import SCHEMA

    schemas = {kind: kind_module(kind).PARAMS_SCHEMA for kind in KINDS}
    properties = {f"kind {kind}": schema.get("properties", schema) for kind, schema in schemas.items()}
    properties |= {f"function {code}": function.params for code, function in rule_functions().items()}
    undescribed = [f"{where}: {name}" for where, params in properties.items()
                   for name, spec in params.items() if not spec.get("description")]
    assert undescribed == []
    settings = [key for kind in KINDS for key in getattr(kind_module(kind), "SETTINGS", ())]
    settings += [key for function in rule_functions().values() for key in function.settings]
    assert settings and all(SCHEMA["properties"][key].get("description") for key in settings)


def test_explain_of_a_user_rule_names_its_pack_and_no_repository_cases(run, tmp_path):
    from test_packs import GOOD_RULE

    (tmp_path / "house.yaml").write_text(GOOD_RULE)
    (tmp_path / "medlint.toml").write_text('rule-packs = ["house.yaml"]\n')
    text = run("explain", "PL901").output
    assert f"Pack entry: {tmp_path / 'house.yaml'} (code PL901)" in text
    assert "Cases:" not in text


def test_version_and_module_entry_point(tmp_path):
    out = subprocess.run([sys.executable, "-m", "medlint", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("medlint, version ")


def test_check_the_bundled_fixtures_from_the_repository(run):
    result = run("check", "--statistics", ".", cwd=FIXTURES)
    assert result.exit_code == 1
    assert "PH001  placeholder-text" in result.output


def test_worker_processes_give_the_same_report(run):
    """Many files are shared out among processes; the report must not change."""
    one = run("check", "--format", "json", "--jobs", "1", ".", cwd=FIXTURES)
    two = run("check", "--format", "json", "--jobs", "2", ".", cwd=FIXTURES)
    assert len(json.loads(one.output)["summary"]["pages"]) >= 16  # enough files for worker processes
    assert json.loads(two.output) == json.loads(one.output)
    assert two.exit_code == one.exit_code == 1


def test_a_reader_that_closes_the_pipe_is_not_an_internal_error(tmp_path):
    """`medlint check … | head`: the reader goes away; medlint stops with one line, no traceback."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads the report
    done = subprocess.run([sys.executable, "-m", "medlint", "check", "--no-cache", "--format", "json", str(FIXTURES)],
                          stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    os.close(write_end)
    assert done.returncode == 2
    assert done.stderr == "medlint: error: the output was closed before the whole report was written\n"


def test_a_path_with_no_pages_is_said_out_loud(run, tmp_path):
    """A CI gate pointed at the wrong folder must not pass in silence: exit 0, but a warning.
    A pre-commit run whose staged pages are all excluded (--force-exclude) stays quiet."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notes.xml").write_text("<note>Flu</note>")
    (tmp_path / "content" / "old.md").write_text("# Flu\n\nTBD\n")
    (tmp_path / "medlint.toml").write_text('exclude = ["content/old.md"]\n')
    result = run("check", "content")
    assert result.exit_code == 0
    assert result.stdout == "No problems found in 0 files\n"
    assert result.stderr == "medlint: warning: no pages found to check (.md, .html or .txt files) in content\n"
    quiet = run("check", "--force-exclude", "content/old.md")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "No problems found in 0 files\n", "")
