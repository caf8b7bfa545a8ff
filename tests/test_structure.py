"""Structure rules (ST): title, heading levels, headings on a long page, '#Heading' typos."""

import re

import pytest

from conftest import FIXTURES, findings
from medlint.analysis.structure import empty_headings
from medlint.config import Config
from medlint.engine import build_settings, lint_bytes

SETTINGS = build_settings(Config(select=("ST",)))
PROSE = "Flu is a common infection caused by a virus. It spreads through coughs and sneezes. " * 4


def found(text: str, file_format: str = "markdown") -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_bytes(text.encode(), "page", file_format, SETTINGS).diagnostics]


def test_bad_pages_report_each_problem_at_its_line(run):
    result = run("check", "--format", "json", "--select", "ST", "structure/bad.md", cwd=FIXTURES)
    assert findings(result) == [("structure/bad.md", 9, 1, "ST001"), ("structure/bad.md", 13, 6, "ST002"),
                                ("structure/bad.md", 17, 1, "ST004")]
    assert "H4 'When to get help' comes after H2" in result.output
    assert result.exit_code == 1


@pytest.mark.parametrize("page,file_format", [
    ("# Flu\n\n" + PROSE, "markdown"),
    ("---\ntitle: Flu\n---\n\n" + PROSE, "markdown"),
    ("<html><head><title>Flu</title></head><body><p>" + PROSE + "</p></body></html>", "html"),
    ("<html><body><header><h1>Flu</h1></header><p>" + PROSE + "</p></body></html>", "html"),
    ("Flu\n\n" + PROSE, "text"),
])
def test_a_title_in_any_form_is_enough(page, file_format):
    assert found(page, file_format) == []


@pytest.mark.parametrize("page,file_format", [
    (PROSE, "markdown"),
    ("<html><body><p>" + PROSE + "</p></body></html>", "html"),
    (PROSE, "text"),
    ("---\ntitle: ''\n---\n\n" + PROSE, "markdown"),
])
def test_no_title(page, file_format):
    assert found(page, file_format) == [(1, "ST001")]


@pytest.mark.parametrize("page,file_format", [
    ("Flu is common. Rest at home.", "markdown"),  # a snippet of a few words
    ("<p>" + PROSE + "</p>", "html"),  # an HTML fragment, such as a CMS body field
    ("## Symptoms\n\n" + PROSE, "markdown"),  # one section of a page built from parts
])
def test_parts_of_a_page_need_no_title(page, file_format):
    assert found(page, file_format) == []


def test_a_repeated_h1_is_not_a_structure_problem():
    assert found("# Flu - NCI\n\n# Flu\n\n## Symptoms\n\n" + PROSE) == []


def test_skipped_level_counts_from_the_title():
    assert found("---\ntitle: Flu\n---\n\n### Symptoms\n\n" + PROSE) == [(5, "ST002")]
    assert found("# Flu\n\n## Symptoms\n\n### Children\n\n## Treatment\n\n#### Rest\n") == [(9, "ST002")]


def test_headings_outside_main_do_not_count():
    page = "<html><body><header><h4>Site</h4></header><main><h1>Flu</h1><h2>Symptoms</h2><p>x</p></main></body></html>"
    assert found(page, "html") == []


def test_long_page_without_headings():
    long_text = "# Flu\n\n" + ("Flu spreads through coughs and sneezes from people who have it.\n\n" * 40)
    assert found(long_text) == [(1, "ST003")]
    assert found(long_text + "## Treatment\n\nRest.\n") == []


def test_heading_without_a_space_is_reported_once():
    page = "#Eating well\n\n" + PROSE + "\n\n##Food\n\nEat fruit. Follow #FluFacts for news.\n"
    assert found(page) == [(1, "ST004"), (5, "ST004")]  # not also no title, nor a long page without headings


def test_markdown_in_an_html_template_is_read_as_headings():
    page = ("<html><body><main>{% markdown %}\n#Diet\n\nEat well.\n\n## Keeping active\n\n##Weight##\n"
            + PROSE + "\n{% endmarkdown %}</main></body></html>")
    assert found(page, "html") == [(2, "ST004"), (8, "ST004")]


def test_an_empty_heading_still_holds_its_level():
    assert found("# Flu\n\n##\n\n### Symptoms\n\nA high temperature.\n") == []


def test_an_empty_heading_too_deep_or_indented_holds_no_level():
    # "#######" is no heading and "    ##" is code: the H3 after either skips a level.
    assert found("# Flu\n\n#######\n\n### Symptoms\n\nA high temperature.\n") == [(5, "ST002")]
    assert found("# Flu\n\nIntro.\n\n    ##\n\n### Symptoms\n\nA high temperature.\n") == [(7, "ST002")]
    assert found("# Flu\n\n   ## \t\n\n### Symptoms\n\nA high temperature.\n") == []


@pytest.mark.parametrize("source", [
    "##\n", "  ###  \n", "    ##\n", "#######\n", "## #\n", "##Title#\n", "#\t\n", "\t##\n", "a ##\n",
    "x\n ######\r\n###\n", "# a\n\n##\n\n   #\n", "[link](#part)\n##", "##\n##\n\n#", "", "#", "\n#\n",
])
def test_empty_headings_are_the_lines_of_the_commonmark_shape(source):
    # The shape, read as re reads an anchored multiline pattern: empty_headings must find the same lines.
    shape = re.compile(r"(?m)^ {0,3}(#{1,6})[ \t]*$")
    assert empty_headings(source) == [(m.start(), len(m[1])) for m in shape.finditer(source)]
