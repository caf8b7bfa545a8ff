"""Suppression comments, as docs/DESIGN.md specifies them."""

import pytest

from conftest import findings


def found(run, tmp_path, text, name="page.md"):
    (tmp_path / name).write_text(text)
    return [(f[1], f[3]) for f in findings(run("check", "--format", "json", name))]


def test_disable_and_enable_range(run, tmp_path):
    text = "TBD\n<!-- medlint-disable PH002 -- draft -->\nDose TBD\n\nDate TBD\n<!-- medlint-enable -->\nTime TBD\n"
    assert found(run, tmp_path, text) == [(1, "PH002"), (7, "PH002")]


def test_disable_by_prefix_and_file(run, tmp_path):
    assert found(run, tmp_path, "# Title 1\n\n<!-- medlint-disable PH -->\nTBD\n\n# Heading 2\n") == [(1, "PH001")]
    assert found(run, tmp_path, "<!-- medlint-disable-file -->\n# Title 1\n\nTBD\n") == []


def test_disable_next_line_skips_blank_lines(run, tmp_path):
    assert found(run, tmp_path, "<!-- medlint-disable-next-line PH001 -->\n\n# Title 1\n\n# Heading 2\n") == [(5, "PH001")]


def test_html_comments_in_html_pages(run, tmp_path):
    text = "<h1>Title 1</h1>\n<!-- medlint-disable-next-line PH001,PH002 -- demo -->\n<p>Heading 2</p>\n"
    assert found(run, tmp_path, text, "page.html") == [(1, "PH001")]


def test_unknown_code_and_unused_suppression_are_reported(run, tmp_path):
    text = "<!-- medlint-disable-next-line PH009 -->\n# Flu\n<!-- medlint-disable-next-line PH001 -->\n# Colds\n"
    assert found(run, tmp_path, text) == [(1, "IO008"), (3, "IO009")]


def test_unused_is_not_reported_for_rules_that_did_not_run(run, tmp_path):
    (tmp_path / "page.md").write_text("<!-- medlint-disable-next-line MK001 -->\n# Flu\n")
    assert findings(run("check", "--format", "json", "--select", "PH", "page.md")) == []


def test_text_file_directives(run, tmp_path):
    assert found(run, tmp_path, "medlint: disable-file\nTitle 1\n", "p.txt") == []
    assert found(run, tmp_path, "medlint: disable-next-line PH001\nTitle 1\n\nTest 2\n", "p.txt") == [(4, "PH001")]


@pytest.mark.parametrize("comment", ["<!-- medlint-disable-next-line PH001 -- reason: shown in the demo -->",
                                     "<!--medlint-disable-next-line PH001-->"])
def test_comment_spacing_and_reasons(run, tmp_path, comment):
    assert found(run, tmp_path, f"{comment}\n# Title 1\n") == []


def test_suppression_syntax_inside_code_is_not_a_suppression(run, tmp_path):
    text = "```\n<!-- medlint-disable-file -->\n```\n\n# Title 1\n"
    assert found(run, tmp_path, text) == [(5, "PH001")]
