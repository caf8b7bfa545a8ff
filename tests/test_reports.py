"""Every report format on one fixture run, field by field; page scores and --min-score."""

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import ROOT
from medlint.diagnostics import Diagnostic, span_window
from medlint.engine import FileResult, RunResult
from medlint.reporters import build_report, render
from medlint.reporters.github import annotation
from medlint.reporters import plural
from medlint.reporters.markdown import md, render as render_markdown

PAGES = {
    # PH001 1:3-1:10 (error), EN003 3:10-3:11 (warning), PH002 3:18-3:21 (error)
    "content/flu.md": "# Title 1\n\nWash your\u200bhands. TBD\n",
    "content/clean.md": "# Flu\n\nFlu is a common infection.\n",
    # PH001 3:1-3:12, MK003 3:13-3:38: page text that must stay text in every report
    "content/xss.txt": "Flu advice\n\nLorem ipsum <script>alert(1)</script> done\n",
    # PH001 from 3:6 to 4:6: a finding across two lines
    "content/multi.md": "# Flu\n\nSome Lorem\nipsum text.\n",
}
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def site(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def report_of(run, output_format, *args):
    result = run("check", "--format", output_format, *args, "content")
    assert result.exit_code == 1
    return result.output


def test_sarif_validates_against_the_official_schema(run, site):
    data = json.loads(report_of(run, "sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator(schema).validate(data)
    assert data["version"] == "2.1.0" and data["$schema"].endswith("sarif-2.1.0.json")


def test_sarif_rules_and_results(run, site):
    sarif_run = json.loads(report_of(run, "sarif"))["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert sarif_run["tool"]["driver"]["name"] == "medlint"
    assert [r["id"] for r in rules] == ["EN003", "MK003", "PH001", "PH002"]  # codes that fired, once each
    ph001 = rules[2]
    assert ph001["name"] == "placeholder-text"
    assert ph001["shortDescription"]["text"] and ph001["fullDescription"]["text"].startswith(ph001["shortDescription"]["text"])
    assert ph001["help"]["text"] == run("explain", "PH001").output.rstrip("\n")
    assert ph001["defaultConfiguration"] == {"level": "error"}
    assert rules[0]["defaultConfiguration"] == {"level": "warning"}

    results = sarif_run["results"]
    assert len(results) == 6
    first = results[0]  # content/flu.md PH001
    assert first["ruleId"] == "PH001" and first["ruleIndex"] == 2 and first["level"] == "error"
    assert first["message"]["text"] == "Placeholder text 'Title 1' left in the page"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "content/flu.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 3, "endLine": 1, "endColumn": 10}
    multi = next(r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/multi.md")
    assert multi["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 6, "endLine": 4, "endColumn": 6}
    fingerprints = [r["partialFingerprints"]["medlint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_fingerprints_do_not_move_with_lines(run, site):
    before = json.loads(report_of(run, "sarif"))["runs"][0]["results"][0]["partialFingerprints"]
    (site / "content/flu.md").write_text("\n\n" + PAGES["content/flu.md"], encoding="utf-8")
    after = json.loads(report_of(run, "sarif"))["runs"][0]["results"][0]
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert after["partialFingerprints"] == before


def test_github_annotations(run, site):
    lines = report_of(run, "github").splitlines()
    assert lines[:5] == [
        "::group::content/flu.md",
        "::error file=content/flu.md,line=1,endLine=1,col=3,endColumn=10,title=medlint PH001 (placeholder-text)::"
        "Placeholder text 'Title 1' left in the page",
        "::warning file=content/flu.md,line=3,endLine=3,col=10,endColumn=11,title=medlint EN003 (control-character)::"
        "Invisible control character U+200B in the text",
        "::error file=content/flu.md,line=3,endLine=3,col=18,endColumn=21,title=medlint PH002 (todo-marker)::"
        "Editing marker 'TBD' left in the page",
        "::endgroup::",
    ]
    # a finding across lines carries no columns
    assert "::error file=content/multi.md,line=3,endLine=4,title=medlint PH001 (placeholder-text)::" \
           "Placeholder text 'Lorem ipsum' left in the page" in lines
    assert lines[-1] == "medlint: 6 problems (5 errors, 1 warning, 0 infos) in 4 files"


def test_ci_formats_use_clean_relative_paths(run, site):
    issues = json.loads(run("check", "--format", "gitlab", "./content/../content/flu.md", str(site / "content/clean.md")).output)
    assert {i["location"]["path"] for i in issues} == {"content/flu.md"}
    sarif = json.loads(run("check", "--format", "sarif", str(site / "content/flu.md")).output)
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/flu.md"


def test_github_is_the_default_inside_github_actions(run, site, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run("check", "content").output.startswith("::group::content/flu.md\n")
    assert run("check", "--format", "text", "content").output.startswith("content/flu.md:1:3: PH001")


def test_github_writes_the_full_report_to_the_step_summary(run, site, monkeypatch):
    summary = site / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run("check", "--format", "github", "content")
    text = summary.read_text()
    assert text.startswith("earlier step\n## medlint report\n")
    assert "| 1:3 | PH001 | error | Placeholder text 'Title 1' left in the page |" in text


def test_step_summary_details_the_worst_pages_first(run, site, monkeypatch):
    summary = site / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run("check", "--format", "github", "content")
    headings = [line for line in summary.read_text().splitlines() if line.startswith("### ")]
    assert headings == ["### content/flu.md (score 64)", "### content/xss.txt (score 70)",
                        "### content/multi.md (score 85)"]
    assert "Not shown here" not in summary.read_text()


def test_step_summary_stays_within_githubs_limit_and_says_what_it_left_out(run, site, monkeypatch):
    from medlint.reporters.markdown import STEP_SUMMARY_LIMIT

    summary = site / "summary.md"
    summary.write_text("x" * (STEP_SUMMARY_LIMIT - 1250))  # earlier steps' output leaves 1,250 bytes
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run("check", "--format", "github", "content")
    text = summary.read_text()
    assert len(text.encode()) <= STEP_SUMMARY_LIMIT
    assert "### content/flu.md (score 64)" in text  # the worst page still fits
    assert ("**Not shown here: 3 more findings on 2 pages** from the pages that scored best "
            "(GitHub accepts 1 MiB of job summary per step).") in text


def test_a_full_step_summary_is_left_alone_with_a_warning(run, site, monkeypatch):
    from medlint.reporters.markdown import STEP_SUMMARY_LIMIT

    summary = site / "summary.md"
    summary.write_text("x" * (STEP_SUMMARY_LIMIT - 100))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("check", "--format", "github", "content")
    assert summary.read_text() == "x" * (STEP_SUMMARY_LIMIT - 100)
    assert f"medlint: warning: the job summary {summary} is full; medlint's report is not in it" in result.output


def test_markdown_report_fits_its_limit_row_by_row():
    pages = [FileResult(f"p{i}.md", [Diagnostic(path=f"p{i}.md", line=n, column=1, end_line=n, end_column=2,
                                                code="PH002", rule="todo-marker", category="placeholder",
                                                severity="error" if i else "warning", message="TODO " * 20)
                                     for n in range(1, 30)]) for i in range(5)]
    for limit in (3_000, 8_000, 12_000):
        text = render_markdown(build_report(RunResult(pages)), limit=limit, why="test")
        assert len(text.encode()) <= limit
        shown = text.count("| PH002 |")
        assert f"**Not shown here: {plural(145 - shown, 'more finding')} on " in text
    full = render_markdown(build_report(RunResult(pages)), limit=10**6)
    assert full.count("| PH002 |") == 145 and "Not shown" not in full
    assert full.index("### p1.md") < full.index("### p0.md")  # p0 has warnings only: it scores best


def test_github_escapes_messages_and_properties():
    d = Diagnostic(path="a,b:c%.md", line=2, column=1, end_line=2, end_column=3, code="PH001", rule="r",
                   category="placeholder", severity="info", message="50% done\r\nnext: a, b")
    assert annotation(d) == ("::notice file=a%2Cb%3Ac%25.md,line=2,endLine=2,col=1,endColumn=3,title=medlint PH001 (r)::"
                             "50%25 done%0D%0Anext: a, b")


def test_gitlab_code_quality(run, site):
    issues = json.loads(report_of(run, "gitlab"))
    assert len(issues) == 6
    assert issues[0] == {
        "description": "PH001 Placeholder text 'Title 1' left in the page",
        "check_name": "PH001",
        "fingerprint": issues[0]["fingerprint"],
        "severity": "major",
        "location": {"path": "content/flu.md", "lines": {"begin": 1, "end": 1}},
    }
    assert issues[1]["severity"] == "minor"  # EN003, a warning
    assert len({i["fingerprint"] for i in issues}) == 6


def test_gitlab_fingerprints_are_stable_and_unique_for_repeated_findings(run, site):
    (site / "content/flu.md").write_text("# Flu\n\nTBD. TBD.\n", encoding="utf-8")
    before = [i["fingerprint"] for i in json.loads(report_of(run, "gitlab")) if i["location"]["path"] == "content/flu.md"]
    (site / "content/flu.md").write_text("# Flu\n\nA new first line.\n\nTBD. TBD.\n", encoding="utf-8")
    after = [i["fingerprint"] for i in json.loads(report_of(run, "gitlab")) if i["location"]["path"] == "content/flu.md"]
    assert len(set(before)) == 2 and after == before


def test_junit_one_case_per_file_one_failure_per_finding(run, site):
    root = ET.fromstring(report_of(run, "junit"))
    assert root.tag == "testsuites" and root.get("tests") == "4" and root.get("failures") == "3"
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert sorted(cases) == ["content/clean.md", "content/flu.md", "content/multi.md", "content/xss.txt"]
    assert cases["content/clean.md"].findall("failure") == []
    failures = cases["content/flu.md"].findall("failure")
    assert [f.get("type") for f in failures] == ["PH001", "EN003", "PH002"]
    assert failures[0].get("message") == "1:3: PH001 Placeholder text 'Title 1' left in the page"
    assert failures[0].text == "content/flu.md:1:3: PH001 [error] Placeholder text 'Title 1' left in the page\n# Title 1"


def test_junit_failures_follow_fail_on(run, site):
    result = run("check", "--format", "junit", "--fail-on", "error", "content")
    root = ET.fromstring(result.output)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    flu = cases["content/flu.md"]
    assert [f.get("type") for f in flu.findall("failure")] == ["PH001", "PH002"]  # EN003 is a warning
    assert flu.find("system-out").text == ("Not failures (below --fail-on error):\n"
                                           "content/flu.md:3:10: EN003 [warning] Invisible control character U+200B in the text")

    result = run("check", "--format", "junit", "--fail-on", "never", "content")
    root = ET.fromstring(result.output)
    assert result.exit_code == 0 and root.get("failures") == "0" and not root.findall(".//failure")
    assert "Not failures (--fail-on never):" in root.find(".//testcase[@name='content/flu.md']/system-out").text


def test_junit_fails_a_page_below_min_score_as_the_run_does(run, site):
    result = run("check", "--format", "junit", "--output", "junit.xml", "--fail-on", "never", "--min-score", "65", "content")
    root = ET.parse(site / "junit.xml").getroot()
    assert result.exit_code == 1 and root.get("failures") == "1"
    [failure] = root.findall(".//failure")
    assert failure.get("type") == "min-score"
    assert failure.get("message") == "Page score 64 is below --min-score 65"


def test_junit_stays_valid_xml_with_control_characters(run, tmp_path):
    (tmp_path / "page.md").write_text("# Flu\n\nWash\x07 your hands.\n", encoding="utf-8")
    output = run("check", "--format", "junit", "page.md").output
    failure = ET.fromstring(output).find(".//failure")
    assert "Wash\\u0007 your hands." in failure.text


def test_markdown_summary_and_findings(run, site):
    text = report_of(run, "markdown")
    lines = text.splitlines()
    assert lines[:3] == ["## medlint report", "",
                         "Found 6 problems (5 errors, 1 warning, 0 infos) in 4 files; average page score 80/100."]
    assert "| content/flu.md | 64 | — | — | 2 | 1 | 0 |" in lines
    assert "1 other page had no findings." in lines
    assert "### content/flu.md (score 64)" in lines
    assert "| 3:13 | MK003 | error | HTML tag shown as page text: '&lt;script&gt;' |" in lines
    assert "<script>" not in text


def test_markdown_escaping_keeps_tables_whole():
    assert md("a | b <i>x</i> **y**\nz") == "a \\| b &lt;i&gt;x&lt;/i&gt; \\*\\*y\\*\\* z"


def test_json_pages_carry_score_grade_and_review_date():
    diagnostic = Diagnostic(path="a.md", line=1, column=1, end_line=1, end_column=2, code="PH001",
                            rule="placeholder-text", category="placeholder", severity="error", message="m")
    result = RunResult([FileResult("a.md", [diagnostic], {"reading_grade": 9.25, "review_date": "2024-03-01"}),
                        FileResult("b.md", [], {})])
    report = build_report(result)
    assert json.loads(render("json", report))["summary"]["pages"] == [
        {"path": "a.md", "score": 85, "grade": 9.25, "review_date": "2024-03-01", "findings": 1},
        {"path": "b.md", "score": 100, "grade": None, "review_date": None, "findings": 0},
    ]
    assert "| a.md | 85 | 9.2 | 2024-03-01 | 1 | 0 | 0 |" in render("markdown", report)


def test_text_report_shows_page_scores(run, site):
    lines = report_of(run, "text").splitlines()
    assert lines[-2:] == ["Found 6 problems (5 errors, 1 warning, 0 infos) in 4 files",
                          "Page scores: average 80/100; lowest: 64 content/flu.md, 70 content/xss.txt, 85 content/multi.md"]


def test_min_score_fails_the_run_when_a_page_scores_lower(run, site):
    assert run("check", "--fail-on", "never", "--min-score", "60", "content").exit_code == 0
    result = run("check", "--fail-on", "never", "--min-score", "65", "content")
    assert result.exit_code == 1
    assert "medlint: 1 page scored below --min-score 65: 64 content/flu.md" in result.output
    assert run("check", "--fail-on", "never", "--min-score", "65", "--exit-zero", "content").exit_code == 0
    (site / "medlint.toml").write_text("fail-on = \"never\"\nmin-score = 80\n")
    assert run("check", "content").exit_code == 1
    assert run("check", "--min-score", "101", "content").exit_code == 2


def test_every_format_writes_to_output_file(run, site):
    for output_format in ("sarif", "github", "gitlab", "junit", "markdown", "html"):
        result = run("check", "--format", output_format, "--output", f"report.{output_format}", "content")
        assert result.exit_code == 1 and result.output == ""
        assert (site / f"report.{output_format}").read_text(encoding="utf-8")


def test_readme_documents_the_score_weights():
    from medlint.score import CATEGORY_FACTOR, SEVERITY_WEIGHT

    readme = " ".join((ROOT / "README.md").read_text().split())
    weights = ", ".join(f"{severity} {weight}" for severity, weight in SEVERITY_WEIGHT.items())
    assert f"costs its severity's points ({weights})" in readme
    categories = ", ".join(f"`{c}`" for c in list(CATEGORY_FACTOR)[:-1]) + f" and `{list(CATEGORY_FACTOR)[-1]}`"
    assert f"1.5 for {categories}" in readme and set(CATEGORY_FACTOR.values()) == {1.5}


@pytest.mark.parametrize(("length", "start", "end", "window"), [
    (300, 120, 130, (60, 190)),  # context on both sides of the span
    (300, 10, 20, (0, 80)),  # near the start: no context before it to show
    (300, 250, 260, (190, 300)),  # near the end: cut at the line's end
    (300, 100, 280, (40, 260)),  # a long span: its first 100 characters
    (300, 50, 50, (0, 111)),  # an empty span still flags one character
    (300, -5, 3, (0, 63)),  # a start before the line is its first column
    (300, 400, 410, (240, 300)),  # a start past the line's end is its end
])
def test_span_window_shows_the_span_with_context(length, start, end, window):
    assert span_window(length, start, end, 60, 100) == window
