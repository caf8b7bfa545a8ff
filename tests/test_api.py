"""The Python API (medlint.lint_text, medlint.lint_paths): what a script sees."""

import datetime
import doctest
import subprocess
import sys

import pytest

import medlint
from medlint import api
from medlint.errors import UsageError

STALE = "# Asthma\n\nAsthma is common.\n\nPage last reviewed: 16 July 2015\n"


def test_lint_text_gives_diagnostics_at_source_positions():
    [d] = medlint.lint_text("# Flu\n\n<p>Comb wet hair &amp;nbsp;daily.</p>\n", "page.html", select=["MK004"])
    assert (d.path, d.line, d.column, d.end_column, d.code, d.severity) == ("page.html", 3, 18, 28, "MK004", "error")
    assert d.as_json()["message"] == "HTML entity shown as page text: '&nbsp;'"


def test_lint_text_format_comes_from_the_path_or_the_argument():
    text = "# Flu\n\nRest <b>at</b> home.\n"  # a tag is markup in Markdown and HTML, page text in a text file
    assert [d.code for d in medlint.lint_text(text, "page.md", select=["MK"])] == []
    assert [d.code for d in medlint.lint_text(text, "page.txt", select=["MK"])] == ["MK003"]
    assert [d.code for d in medlint.lint_text(text, "page.txt", file_format="html", select=["MK"])] == []


def test_today_is_a_date_or_iso_text():
    assert [d.code for d in medlint.lint_text(STALE, select=["RV002"], today="2017-01-01")] == []
    assert [d.code for d in medlint.lint_text(STALE, select=["RV002"], today=datetime.date(2024, 6, 1))] == ["RV002"]


def test_lint_paths_reads_a_config_and_applies_its_baseline(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("# Title 1\n\nTBD\n")
    (tmp_path / "content" / "b.md").write_text("# Flu\n\nLorem ipsum\n")
    (tmp_path / "medlint.toml").write_text('select = ["PH"]\n')
    result = medlint.lint_paths([tmp_path / "content"], config=tmp_path / "medlint.toml")
    assert [(f.path.replace(str(tmp_path), ""), [d.code for d in f.diagnostics]) for f in result.files] == [
        ("/content/a.md", ["PH001", "PH002"]), ("/content/b.md", ["PH001"])]
    assert result.baseline is None

    from medlint.baseline import write_baseline

    write_baseline(str(tmp_path / "base.json"), result.files[0].diagnostics)
    kept = medlint.lint_paths([tmp_path / "content"], config=tmp_path / "medlint.toml", baseline=tmp_path / "base.json")
    assert [d.code for d in kept.diagnostics] == ["PH001"] and kept.baseline.hidden == 2


@pytest.mark.parametrize("call, message", [
    (lambda: medlint.lint_text("x", select=["ZZ"]), "'ZZ' matches no rule code"),
    (lambda: medlint.lint_text("x", today="June"), "today must be a date as YYYY-MM-DD, not 'June'"),
    (lambda: medlint.lint_text("x", file_format="docx"), "file_format must be 'markdown', 'html' or 'text'"),
    (lambda: medlint.lint_paths(["."], config="no-such.toml"), "no-such.toml: cannot read configuration"),
])
def test_bad_settings_raise_usage_error_naming_the_problem(call, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        call()


def test_unreadable_pages_are_diagnostics_not_exceptions(tmp_path):
    result = medlint.lint_paths([tmp_path / "missing.md"], select=["IO"])
    assert [d.code for d in result.diagnostics] == ["IO001"]


def test_the_api_is_documented_and_its_example_runs():
    for function in (api.lint_text, api.lint_paths):
        assert "Args:" in function.__doc__ and "Returns:" in function.__doc__ and "Raises:" in function.__doc__
    assert doctest.testmod(api).failed == 0


def test_importing_medlint_does_not_load_the_engine():
    """`medlint --version` imports the package: the API comes on first use."""
    code = "import sys, medlint; print('medlint.engine' in sys.modules, callable(medlint.lint_text))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output == "False True\n"
