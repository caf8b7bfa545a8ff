"""Streamed reports: the text, JSON, GitHub and GitLab reports are written page by page as
the run yields each file's final result, and say exactly what the whole report says."""

import json

import pytest

import medlint.engine
from conftest import DEMO_TODAY, ROOT
from medlint.cli import load_configuration
from medlint.links import PageLinks
from medlint.engine import apply_baseline, build_settings, run as run_engine
from medlint.reporters import STREAMED, build_report, render
from medlint.today import resolve_today

OPTIONS = {"": {}, "--statistics": {"statistics": True}, "-q": {"quiet": True}}


def whole_report(output_format: str, baseline: str | None = None, **options) -> str:
    """The report rendered from the whole run at once, as the dashboard and SARIF are."""
    config = load_configuration(None)
    today = resolve_today(DEMO_TODAY)
    settings = build_settings(config, today=today)
    result = run_engine(["fixtures"], config, settings)
    if baseline:
        result = apply_baseline(result, baseline)
    report = build_report(result, settings.rules, today=today, today_source="--today", **options)
    return render(output_format, report)


@pytest.mark.parametrize("output_format", STREAMED)
@pytest.mark.parametrize("option", OPTIONS)
def test_a_streamed_report_is_the_whole_report(run, output_format, option):
    streamed = run("check", "--no-cache", "--today", DEMO_TODAY, "--format", output_format,
                   *([option] if option else []), "fixtures", cwd=ROOT)
    assert streamed.exit_code == 1
    assert streamed.output == whole_report(output_format, **OPTIONS[option])


@pytest.mark.parametrize("output_format", STREAMED)
def test_a_streamed_report_with_a_baseline_counts_what_it_hid(run, tmp_path, output_format):
    baseline = tmp_path / "baseline.json"
    run("check", "--no-cache", "--today", DEMO_TODAY, "--select", "PH", "--write-baseline", baseline, "fixtures", cwd=ROOT)
    data = json.loads(baseline.read_text())
    data["findings"] = data["findings"][::2]  # half the entries: the rest are reported
    baseline.write_text(json.dumps(data))
    streamed = run("check", "--no-cache", "--today", DEMO_TODAY, "--format", output_format, "--baseline", baseline,
                   "fixtures", cwd=ROOT)
    assert streamed.output == whole_report(output_format, baseline=str(baseline))
    if output_format == "text":
        assert f"Baseline {baseline}: hid " in streamed.output


@pytest.mark.parametrize("output_format", ["json", "gitlab"])
def test_streamed_json_is_the_document_json_dumps_writes(run, output_format):
    output = run("check", "--no-cache", "--today", DEMO_TODAY, "--format", output_format, "fixtures", cwd=ROOT).output
    assert output == json.dumps(json.loads(output), indent=2, ensure_ascii=False) + "\n"
    empty = run("check", "--no-cache", "--format", output_format, "--select", "PH007", "fixtures/good", cwd=ROOT).output
    assert empty == json.dumps(json.loads(empty), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_findings_set_aside_on_disk_come_back_the_same(run, monkeypatch, jobs):
    """Past Spool.IN_MEMORY pages, findings wait encoded in memory, and past Spool.MEMORY_BYTES
    of those, in a temporary file."""
    args = ("check", "--no-cache", "--today", DEMO_TODAY, "--format", "json", "-j", jobs, "fixtures")
    in_memory = run(*args, cwd=ROOT).output
    on_disk = []  # after each keep: whether any page's findings are in the file
    real_keep = medlint.engine.Spool.keep

    def keep(spool, index, result):
        light = real_keep(spool, index, result)
        on_disk.append(bool(spool.places))
        return light

    monkeypatch.setattr(medlint.engine.Spool, "keep", keep)
    monkeypatch.setattr(medlint.engine.Spool, "IN_MEMORY", 1)
    assert run(*args, cwd=ROOT).output == in_memory
    assert on_disk and not any(on_disk)
    on_disk.clear()
    monkeypatch.setattr(medlint.engine.Spool, "MEMORY_BYTES", 2000)
    assert run(*args, cwd=ROOT).output == in_memory
    assert not on_disk[0] and on_disk[-1]


def test_output_file_holds_the_streamed_report(run, tmp_path):
    args = ("check", "--no-cache", "--today", DEMO_TODAY, "fixtures")
    printed = run(*args, cwd=ROOT)
    written = run(*args, "-o", tmp_path / "report.txt", cwd=ROOT)
    assert written.output == "" and written.exit_code == printed.exit_code == 1
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == printed.output


def test_a_file_named_twice_is_checked_once(run, tmp_path):
    (tmp_path / "flu.md").write_text("# Flu\n\nTBD\n", encoding="utf-8")
    once = run("check", "--format", "json", "flu.md")
    twice = run("check", "--format", "json", "flu.md", "./flu.md", "flu.md")
    assert [d["line"] for d in json.loads(twice.output)["diagnostics"]] == [3]
    assert json.loads(twice.output)["summary"]["files"] == 1
    assert twice.output.replace("./flu.md", "flu.md") == once.output


def test_the_run_holds_external_links_only_for_check_links():
    where = medlint.engine.Diagnostic(path="a.md", line=1, column=1, end_line=1, end_column=20, code="LK001", rule="",
                                      category="links", severity="warning", message="", text="https://example.org/")
    links = PageLinks((("b.md", where),), frozenset({"top"}), (("https://example.org/", where),))
    result = medlint.engine.FileResult("a.md", [], links=links, chrome_places={"abc": (0,)})
    held = medlint.engine.Spool(external_links=False).keep(0, result)
    assert held.links == PageLinks(links.links, links.anchors, ())
    assert held.chrome_places is None
    assert medlint.engine.Spool(external_links=True).keep(1, result).links == links
