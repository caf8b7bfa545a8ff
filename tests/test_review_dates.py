"""Review dates (RV): what a user sees for pages with and without current review dates."""

import datetime
import json

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.readers import read_document

TODAY = "2024-06-01"


@pytest.fixture
def check(run, tmp_path):
    """Write a page, run `medlint check --select RV --today …` on it; returns [(line, col, code, message)]."""

    def invoke(text, name="page.md", today=TODAY, *extra):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = run("check", "--format", "json", "--select", "RV", "--today", today, *extra, name)
        assert result.exit_code in (0, 1), result.output
        return [(d["line"], d["column"], d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"]]

    return invoke


def codes(found) -> list[str]:
    return [f[2] for f in found]


def review_date(text: str, file_format: str = "markdown", **config) -> str | None:
    settings = build_settings(Config(**config), select=("RV",), today=datetime.date(2024, 6, 1))
    return lint_bytes(text.encode(), "page", file_format, settings).facts.get("review_date")


# -- RV001: no review date ----------------------------------------------------------------

def test_page_without_a_review_date(check, run):
    found = check("# Asthma\n\nAsthma is a common lung condition.\n")
    assert found == [(1, 1, "RV001", 'No last-reviewed date: add a "Page last reviewed" line with the date to the page, '
                                     "or a key to the front matter (last_reviewed, last-reviewed, lastReviewed)")]
    result = run("check", "--select", "RV", "--today", TODAY, "page.md")
    assert result.exit_code == 1


def test_untitled_fragment_is_not_a_page(check):
    assert check("Asthma is a common lung condition.\n") == []
    assert codes(check("Asthma is a common lung condition.\n", "page.txt")) == ["RV001"]  # text files are pages


@pytest.mark.parametrize("line,iso", [
    ("Last reviewed: 16 July 2020", "2020-07-16"),
    ("Page last reviewed 03/2021", "2021-03-01"),
    ("Reviewed on Jan 5, 2024", "2024-01-05"),
    ("Medically reviewed by Dr. Ann Lee, M.D. on January 5, 2024", "2024-01-05"),
    ("Reviewed: March 2021", "2021-03-01"),
    ("Date of review: 2022-04-05", "2022-04-05"),
    ("**Last reviewed:** Monday 3rd June 2024", "2024-06-03"),
])
def test_review_date_formats_in_the_text(line, iso):
    assert review_date(f"# Asthma\n\nAsthma is common.\n\n{line}\n") == iso


@pytest.mark.parametrize("front_matter,iso", [
    ("last_reviewed: 2023-05-02", "2023-05-02"),  # YAML gives a date
    ("last_reviewed: 2023-05-02 10:30:00", "2023-05-02"),  # a datetime
    ("lastReviewed: '2023-05-02'", "2023-05-02"),  # a string
    ("reviewed: 02/05/2023", "2023-05-02"),
    ("date_reviewed: May 2023", "2023-05-01"),
])
def test_review_date_in_front_matter(front_matter, iso):
    assert review_date(f"---\n{front_matter}\n---\n# Asthma\n\nAsthma is common.\n") == iso


def test_review_date_keys_from_config():
    page = "---\nchecked_on: 2023-05-02\n---\n# Asthma\n\nAsthma is common.\n"
    assert review_date(page) is None
    assert review_date(page, review_date_keys=("checked_on",)) == "2023-05-02"


def test_review_date_in_an_html_footer_counts():
    page = ("<html><head><title>Asthma</title></head><body><main><h1>Asthma</h1><p>Asthma is common.</p></main>"
            "<footer><p>Page last reviewed: 15 March 2023<br>Next review due: 15 March 2026</p></footer></body></html>")
    assert review_date(page, "html") == "2023-03-15"


@pytest.mark.parametrize("text", [
    "Asthma is common (Cancer Research UK, 2018).",  # an author-year citation
    "The summaries are reviewed regularly and changes are made when there is new information.",
    "Your treatment will be reviewed in 3 months.",
    "The national guidance was reviewed in 2019.",
    "Medically reviewed by a nurse who trained in 2015.",
    "Take 2 tablets 3 times a day for 5 days. Call 111 or 0800 123 4567.",
    "Since your last review in March 2023, your asthma nurse may have changed your inhaler.",
    "Your next review will be in March 2020. Your inhaler was last changed in May 2019.",
    "## References\n\n1. Example Society. Asthma. Last reviewed 2 May 2024.",  # another work's date
    "Smith A, et al. Asthma in adults. Last reviewed 2 May 2024. Available at: https://example.org",
])
def test_dates_that_are_not_the_page_review_date(check, text):
    assert codes(check(f"# Asthma\n\n{text}\n")) == ["RV001"]


def test_a_review_label_opening_a_line_after_the_references_counts(check):
    page = "# Asthma\n\n## References\n\n1. Example Society. Asthma.\n\nPage last reviewed: 2 May 2024\n"
    assert check(page) == []


# -- RV002: too old -------------------------------------------------------------------------

def test_stale_review_date(check):
    found = check("# Asthma\n\nAsthma is common.\n\nPage last reviewed: 16 July 2020\n")
    assert found == [(5, 21, "RV002", "Last reviewed 16 July 2020, 3 years 10 months ago: "
                                      "more than the 3 years allowed (review-max-age)")]
    assert check("# Asthma\n\nAsthma is common.\n\nPage last reviewed: 16 July 2021\n") == []


def test_a_month_counts_from_its_last_day(check):
    assert check("# Asthma\n\nLast reviewed: June 2021\n") == []  # up to 30 June 2021: not yet 3 years
    assert codes(check("# Asthma\n\nLast reviewed: May 2021\n")) == ["RV002"]


def test_review_max_age_from_config(check, tmp_path):
    (tmp_path / "medlint.toml").write_text('review-max-age = "18m"\n')
    found = check("# Asthma\n\nLast reviewed: 1 March 2022\n")
    assert codes(found) == ["RV002"] and "more than the 1 year 6 months allowed" in found[0][3]


def test_today_changes_the_outcome(check, run, monkeypatch):
    page = "# Asthma\n\nLast reviewed: 16 July 2021\n"
    assert check(page, "page.md", "2024-07-16") == []
    assert codes(check(page, "page.md", "2024-07-17")) == ["RV002"]
    monkeypatch.setenv("MEDLINT_TODAY", "2030-01-01")
    assert "RV002" in run("check", "--select", "RV", "page.md").output


# -- date order -----------------------------------------------------------------------------

def test_ambiguous_date_follows_date_order_and_says_so(check, tmp_path):
    page = "# Asthma\n\nLast reviewed: 02/06/2021\n"
    assert check(page, "page.md", "2024-05-20") == []  # day-first: 2 June 2021
    (tmp_path / "medlint.toml").write_text('date-order = "month-first"\n')
    found = check(page, "page.md", "2024-05-20")
    assert found == [(3, 16, "RV002", "Last reviewed 6 February 2021 (02/06/2021 read month-first; set date-order "
                                      "to change), 3 years 3 months ago: more than the 3 years allowed (review-max-age)")]


def test_unambiguous_numeric_date_needs_no_note(check):
    found = check("# Asthma\n\nLast reviewed: 25/12/2019\n")
    assert found[0][3].startswith("Last reviewed 25 December 2019, 4 years")


# -- RV003: next review passed ---------------------------------------------------------------

def test_next_review_passed(check):
    found = check("# Asthma\n\nPage last reviewed: 3 May 2022\nNext review due: 3 May 2024\n")
    assert found == [(4, 18, "RV003", "Next review was due 3 May 2024, 29 days ago")]
    assert check("# Asthma\n\nPage last reviewed: 3 May 2022\nNext review due: 3 May 2025\n") == []


def test_next_review_in_front_matter(check):
    page = "---\nlast_reviewed: 2022-05-03\nnext_review: 03/2024\n---\n# Asthma\n"
    assert [f[:3] for f in check(page)] == [(3, 14, "RV003")]


# -- RV004: inconsistent ---------------------------------------------------------------------

def test_review_date_in_the_future(check):
    found = check("# Asthma\n\nPage last reviewed: 3 May 2030\n")
    assert found == [(3, 21, "RV004", "Last-reviewed date 3 May 2030 is in the future (today is 1 June 2024)")]
    assert check("# Asthma\n\nPage last reviewed: 1 June 2024\n") == []


def test_next_review_before_last_review(check):
    found = check("# Asthma\n\nLast reviewed: 3 May 2024. Next review due: 3 May 2023\n")
    assert found[-1][2:] == ("RV004", "Next-review date 3 May 2023 is not after the last review (3 May 2024)")


# -- RV005: copyright year -------------------------------------------------------------------

@pytest.mark.parametrize("notice,year", [("© 2018 Example Health", 2018), ("Copyright © 2015–2018 NHS", 2018),
                                         ("&copy; Example Health 2019", 2019), ("Copyright 2015-21 Example", 2021)])
def test_stale_copyright(check, notice, year):
    found = check(f"# Asthma\n\nLast reviewed: 3 May 2024\n\n{notice}\n")
    assert [(f[0], f[1], f[2]) for f in found] == [(5, 1, "RV005")]
    assert f"Copyright year {year} is {2024 - year} years old" in found[0][3]


@pytest.mark.parametrize("text", [
    "© 2015–2022 Example Health",  # two years old: fine
    "© Crown copyright",
    "Credit: © 2011 A. Photographer, Wikimedia Commons, CC BY-SA 3.0",  # a picture credit
    "The copyright law changed in 2019.",
    "## References\n\n1. Lee A. Asthma. BMJ 2019;3:4. © 2019 BMJ Publishing",  # the cited work's notice
])
def test_copyright_that_is_fine(check, text):
    assert check(f"# Asthma\n\nLast reviewed: 3 May 2024\n\n{text}\n") == []


# -- RV006: updated is not reviewed ----------------------------------------------------------

def test_updated_date_without_a_review_date(check):
    found = check("# Asthma\n\nAsthma is common.\n\nPage last updated: 3 May 2024\n")
    assert found[1:] == [(5, 20, "RV006", "Updated 3 May 2024, but no review date: an update is not a review")]
    assert codes(found) == ["RV001", "RV006"]
    assert check("# Asthma\n\nPage last updated: 3 May 2024\n\nPage last reviewed: 1 May 2024\n") == []


def test_cancer_gov_citation_template_is_not_a_date(check):
    page = ("# Asthma\n\nThe best way to cite this summary is:\n\nPDQ Board. Asthma. Bethesda, MD: Example Institute. "
            "Updated <MM/DD/YYYY>. Available at: https://example.org/asthma. Accessed <MM/DD/YYYY>.\n")
    assert codes(check(page)) == ["RV001"]


def test_updated_in_a_citation_is_not_the_page_date(check):
    page = "# Asthma\n\nSmith A, et al. Asthma. Updated 5 March 2012. Available at: https://example.org\n"
    assert codes(check(page)) == ["RV001"]


# -- RV007: not a date -----------------------------------------------------------------------

@pytest.mark.parametrize("value,problem", [("soon", "it is not a date"), ("", "it is empty"), ("[2020]", "it is not a date"),
                                           ("true", "it is not a date"), ("31/02/2024", "day is out of range for month")])
def test_bad_front_matter_date_is_a_finding(check, value, problem):
    found = check(f"---\nlast_reviewed: {value}\n---\n# Asthma\n\nAsthma is common.\n")
    assert [(f[0], f[2]) for f in found] == [(2, "RV007")]  # and not RV001 as well
    assert found[0][3].startswith("Cannot read the last reviewed date") and found[0][3].endswith(problem)


@pytest.mark.parametrize("value,code", [("9999-12-31", "RV004"), ("0001-01-01", "RV002"), ("{when: 2020}", "RV007")])
def test_extreme_front_matter_values_never_crash(check, value, code):
    assert codes(check(f"---\nlast_reviewed: {value}\n---\n# Asthma\n")) == [code]


def test_impossible_date_in_the_text(check):
    found = check("# Asthma\n\nLast reviewed: 31/02/2024\n")
    assert found == [(3, 16, "RV007", "Cannot read the last reviewed date '31/02/2024': day is out of range for month")]


# -- shared work -----------------------------------------------------------------------------

def test_all_rules_share_one_scan_of_the_page():
    settings = build_settings(Config(), select=("RV",), today=datetime.date(2024, 6, 1))
    document = read_document(b"# Asthma\n\nLast reviewed: 3 May 2024\n", "page.md", "markdown")
    rules = [settings.rules[code] for code in settings.selected if code.startswith("RV")]
    for rule in rules:
        list(rule.checker.findings(document, settings.context))
    assert len(rules) == 7
    assert len([key for key in document.memo if isinstance(key, tuple) and str(key[0]).startswith("page-dates")]) == 1


def test_next_review_date_label_is_not_a_review_date(check):
    found = check("# Asthma\n\nNext review date: 5 May 2025\n")
    assert codes(found) == ["RV001"]


def test_reports_show_the_review_date(run, tmp_path):
    (tmp_path / "dated.md").write_text("---\nlast_reviewed: 02/05/2023\n---\n# Asthma\n")
    (tmp_path / "undated.md").write_text("# Asthma\n")
    result = run("check", "--format", "json", "--select", "RV", "--today", TODAY, "dated.md", "undated.md")
    pages = {p["path"]: p["review_date"] for p in json.loads(result.output)["summary"]["pages"]}
    assert pages == {"dated.md": "2023-05-02", "undated.md": None}
