"""Front matter: TOML between "+++" lines (Hugo, Zola) is metadata exactly as YAML between
"---" lines is: its title and review dates are read, and none of it is page text."""

import json
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases" / "analysis"
BODY = "\nGout causes sudden, severe pain in a joint, often the big toe.\n\nIce packs and rest can help.\n"


def check(run, tmp_path, text, select="RV,ST,IO,SP,PL,PH"):
    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", "--select", select, "--today", "2026-11-23", "page.md")
    assert "Traceback" not in result.output
    return [(d["line"], d["column"], d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"]]


STALE = [(3, 17, "RV002", "Last reviewed 15 January 2020, 6 years 10 months ago: more than the 3 years allowed (review-max-age)"),
         (4, 15, "RV003", "Next review was due 15 January 2023, 3 years 10 months ago")]


def test_handed_case_toml_front_matter_reads_like_its_yaml_control(run, tmp_path):
    found = check(run, tmp_path, (CASES / "c11-toml-front-matter.md").read_text(encoding="utf-8"))
    assert found == STALE
    control = check(run, tmp_path, (CASES / "c11-yaml-control.md").read_text(encoding="utf-8"))
    assert [(line, code, message) for line, _, code, message in control] == [(line, code, message) for line, _, code, message in STALE]


@pytest.mark.parametrize("reviewed,next_review,expected", [
    ('"16 July 2025"', '"16 July 2028"', []),  # dates as strings, current
    ("2025-07-16T09:00:00", "2028-07-16", []),  # a TOML local date-time
    ("'03/2020'", "'03/2023'", ["RV002", "RV003"]),  # month precision, stale
])
def test_toml_review_dates_in_any_shape(run, tmp_path, reviewed, next_review, expected):
    page = f'+++\ntitle = "Gout"\nlast_reviewed = {reviewed}\nnext_review = {next_review}\n+++\n{BODY}'
    assert [code for _, _, code, _ in check(run, tmp_path, page)] == expected


def test_hugo_front_matter_with_tables_and_arrays_is_not_page_text(run, tmp_path):
    page = ('+++ \ntitle = "Gout and pseudogout"\ndraft = false\ntags = ["joints", "TBD"]\n'
            'lastReviewed = 2025-03-01\n\n[params]\nauthor = "Dr Xyzzyq Plonk"\n+++\n' + BODY)
    assert check(run, tmp_path, page) == []


def test_toml_title_counts_as_the_page_title(run, tmp_path):
    body = BODY * 6  # long enough to be a page, not an included snippet
    assert check(run, tmp_path, '+++\ntitle = "Gout"\nlast_reviewed = 2025-07-16\n+++\n' + body, select="ST001") == []
    assert [code for *_, code, _ in check(run, tmp_path, "+++\nlast_reviewed = 2025-07-16\n+++\n" + body, select="ST001")] == ["ST001"]


def test_broken_toml_is_reported_at_its_line_and_the_rest_checked(run, tmp_path):
    page = '+++\ntitle = "Gout"\nlast_reviewed = 16 July 2020\n+++\n\nThe review is TBD.\n'
    (line, column, code, message), placeholder = check(run, tmp_path, page, select="IO,PH")
    assert (line, column, code) == (3, 1, "IO005")
    # tomllib's own reason, which differs between Python versions, without its front-matter-relative line
    assert message.startswith("Front matter is not valid TOML (") and "at line" not in message
    assert message.endswith("); checked the page without it")
    assert placeholder == (6, 15, "PH002", "Editing marker 'TBD' left in the page")


def test_unclosed_plus_fence_is_page_text_not_front_matter(run, tmp_path):
    """Without a closing "+++" there is no front matter: the lines are what the page shows."""
    found = check(run, tmp_path, "+++\nThe review is TBD.\n", select="PH,IO")
    assert [(line, code) for line, _, code, _ in found] == [(2, "PH002")]


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-45"])
def test_a_front_matter_date_that_does_not_exist_is_reported_and_the_rest_checked(run, tmp_path, value):
    # yaml reads the value as a timestamp and datetime refuses it: a ValueError, not a YAMLError
    page = f"---\ntitle: Flu\nreviewed: {value}\n---\n# Flu\n\nRest. TODO add more.\n"
    (line, _, code, message), placeholder = check(run, tmp_path, page, select="IO,PH")
    assert (line, code) == (2, "IO005")
    assert message.startswith("Front matter holds a date that does not exist (") and message.endswith("); checked the page without it")
    assert placeholder[2:] == ("PH002", "Editing marker 'TODO' left in the page")


def test_a_front_matter_date_that_does_not_exist_read_from_standard_input(run, tmp_path):
    result = run("check", "--format", "json", "--select", "IO", "--stdin-filename", "x.md", "-",
                 input="---\nreviewed: 2025-02-30\n---\n# Flu\n\nRest.\n")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert [d["code"] for d in json.loads(result.output)["diagnostics"]] == ["IO005"]
