"""Review dates read as a person reads them: "12-Mar-2025", "Last medical review: …", and the
schema.org JSON-LD lastReviewed that large health sites publish in the page head."""

import json
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases" / "analysis"
WRAPS = {
    "page.md": "# Asthma\n\nAsthma is a common lung condition.\n\n{}\n",
    "page.html": "<!DOCTYPE html><html><head><title>Asthma</title></head><body><main><h1>Asthma</h1>\n"
                 "<p>Asthma is a common lung condition.</p>\n<p>{}</p></main></body></html>",
    "page.txt": "Asthma\n\nAsthma is a common lung condition.\n\n{}\n",
}


@pytest.fixture
def check(run, tmp_path):
    """Lint a page with the RV rules; returns (review date, [(line, code, message)])."""

    def invoke(text, name, today="2026-11-23"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = run("check", "--format", "json", "--select", "RV", "--today", today, name)
        report = json.loads(result.output)
        found = [(d["line"], d["code"], d["message"]) for d in report["diagnostics"]]
        return report["summary"]["pages"][0]["review_date"], found

    return invoke


# -- dates written day-month-year with dashes ---------------------------------------------

@pytest.mark.parametrize("name", ["c19-dd-mon-yyyy.md", "c19-dd-mon-yyyy.html", "c19-dd-mon-yyyy.txt"])
def test_handed_case_dd_mon_yyyy(check, name):
    text = (CASES / name).read_text(encoding="utf-8")
    assert check(text, name) == ("2025-03-12", [])
    # Both dates are read: once three years have passed, RV002 and RV003 say so.
    reviewed, found = check(text, name, today="2028-04-01")
    lines = (7, 7) if name.endswith(".html") else (5, 6)
    assert found == [(lines[0], "RV002", "Last reviewed 12 March 2025, 3 years ago: more than the 3 years allowed (review-max-age)"),
                     (lines[1], "RV003", "Next review was due 12 March 2028, 20 days ago")]


@pytest.mark.parametrize("name", list(WRAPS))
@pytest.mark.parametrize("label,iso", [
    ("Reviewed: 3-Sep-2024", "2024-09-03"),
    ("Page last reviewed 05/Jan/2023", "2023-01-05"),
    ("Last reviewed: 12.Mar.2025", "2025-03-12"),
    ("Date of review: 12-Mar-25", "2025-03-12"),
])
def test_dd_mon_yyyy_in_every_format(check, name, label, iso):
    reviewed, found = check(WRAPS[name].format(label), name)
    assert reviewed == iso
    assert [code for _, code, _ in found] == ([] if iso >= "2023-11-23" else ["RV002"])


def test_a_dashed_date_that_does_not_exist_is_unreadable(check):
    _, found = check(WRAPS["page.md"].format("Last reviewed: 31-Feb-2024"), "page.md")
    assert found == [(5, "RV007", "Cannot read the last reviewed date '31-Feb-2024': day is out of range for month")]


# -- label vocabulary -----------------------------------------------------------------------

def test_handed_case_last_medical_review(check):
    name = "B4-02-last-medical-review-label.md"
    assert check((CASES / name).read_text(encoding="utf-8"), name) == ("2022-05-18", [
        (5, "RV002", "Last reviewed 18 May 2022, 4 years 6 months ago: more than the 3 years allowed (review-max-age)")])


@pytest.mark.parametrize("name", list(WRAPS))
@pytest.mark.parametrize("label", [
    "Last clinical review: 3 May 2020",
    "Medical review date: 3 May 2020",
    "Medically reviewed on 3 May 2020",
    "Content last reviewed 3 May 2020",
    "Date of last medical review: 03/05/2020",
])
def test_review_labels_people_write(check, name, label):
    assert check(WRAPS[name].format(label), name)[0] == "2020-05-03"


@pytest.mark.parametrize("name", list(WRAPS))
def test_next_medical_review_label(check, name):
    page = WRAPS[name].format("Last medical review: 3 May 2024. Next medical review due: 3 May 2026")
    _, found = check(page, name)
    assert [code for _, code, _ in found] == ["RV003"]


@pytest.mark.parametrize("text", [
    "At your last medical review in 2019, the nurse checked your inhaler.",
    "A clinical review in 2021 changed the advice on steroids.",
])
def test_a_review_of_the_reader_is_not_the_page_review(check, text):
    assert [code for _, code, _ in check(WRAPS["page.md"].format(text), "page.md")[1]] == ["RV001"]


# -- schema.org JSON-LD ------------------------------------------------------------------------

def jsonld_page(data) -> str:
    script = data if isinstance(data, str) else json.dumps(data)
    return ('<!DOCTYPE html><html lang="en"><head><title>Asthma</title>\n'
            f'<script type="application/ld+json">{script}</script>\n'
            "</head><body><main><h1>Asthma</h1><p>Asthma is a common lung condition.</p></main></body></html>")


def test_handed_case_jsonld_last_reviewed(check):
    name = "B4-01-jsonld-lastreviewed.html"
    assert check((CASES / name).read_text(encoding="utf-8"), name) == ("2025-05-01", [])


def test_jsonld_in_a_graph_and_the_finding_points_at_it(check):
    page = jsonld_page({"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "name": "Example Health"},
        {"@type": "MedicalWebPage", "lastReviewed": "2019-02-03T10:00:00+00:00"}]})
    assert check(page, "page.html") == ("2019-02-03", [
        (2, "RV002", "Last reviewed 3 February 2019, 7 years 9 months ago: more than the 3 years allowed (review-max-age)")])


def test_jsonld_last_reviewed_with_the_next_review_date(check):
    """nhs.uk publishes lastReviewed as [last reviewed, next review due]."""
    page = jsonld_page({"@type": "MedicalWebPage", "lastReviewed": ["2024-01-03T01:00:00+00:00", "2026-01-03T01:00:00+00:00"]})
    assert check(page, "page.html", today="2025-06-01") == ("2024-01-03", [])
    assert check(page, "page.html", today="2026-02-01") == ("2024-01-03", [(2, "RV003", "Next review was due 3 January 2026, 29 days ago")])


def test_jsonld_in_an_html_block_of_a_markdown_page(check):
    page = ('<script type="application/ld+json">{"@type": "MedicalWebPage", "lastReviewed": "2025-05-01"}</script>\n\n'
            "# Asthma\n\nAsthma is a common lung condition.\n")
    assert check(page, "page.md") == ("2025-05-01", [])


@pytest.mark.parametrize("script", [
    json.dumps({"@type": "MedicalWebPage", "dateModified": "2025-05-01"}),  # an edit is not a review
    '{"@type": "MedicalWebPage", "lastReviewed": "2025-05-01"',  # broken JSON: passed over
])
def test_jsonld_that_gives_no_review_date(check, script):
    assert [code for _, code, _ in check(jsonld_page(script), "page.html")[1]] == ["RV001"]


def test_jsonld_is_not_page_text(check, run, tmp_path):
    page = jsonld_page({"@type": "MedicalWebPage", "lastReviewed": "2025-05-01", "description": "TBD lorem ipsum"})
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    result = run("check", "--format", "json", "--today", "2026-11-23", "page.html")
    assert json.loads(result.output)["diagnostics"] == []


def test_year_month_day_dates_are_read_as_dateutil_reads_them():
    """medlint reads a real year-month-day date itself, dateutil every other date: the two
    readings agree on every day of a leap year, in every way of writing it."""
    import datetime

    from dateutil import parser

    from medlint.dates import DATE, read_date

    day = datetime.date(2024, 1, 1)
    while day.year == 2024:
        for month in {str(day.month), f"{day.month:02d}"}:
            for number in {str(day.day), f"{day.day:02d}"}:
                for text in (f"2024-{month}-{number}", f"2024/{month}/{number}", f"2024-{month}/{number}"):
                    expected = parser.parse(text, default=datetime.datetime(2000, 1, 1), yearfirst=True).date()
                    assert read_date(DATE.fullmatch(text), day_first=True).first == expected == day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("year", [2024, 2023])
def test_dates_with_a_month_name_are_read_as_dateutil_reads_them(year):
    """medlint reads a real date with its month's name and a year (and a year alone) itself:
    it agrees with dateutil on every day of a leap year and of another, in the shapes and
    spellings DATE finds; what it leaves to dateutil (no real day; "12-Mar-25", "3.Apr.-2024")
    is still read, or refused, as before."""
    import calendar
    import datetime
    import itertools

    from dateutil import parser

    from medlint.dates import DATE, DateError, read_date

    def dateutil_reading(text):
        try:
            return parser.parse(text, default=datetime.datetime(2000, 1, 1)).date()
        except (ValueError, OverflowError) as error:
            return str(error).split(":")[0]

    def medlint_reading(text):
        try:
            return read_date(DATE.fullmatch(text), day_first=True).first
        except DateError as error:
            return str(error)

    spellings = itertools.cycle([str.lower, str.upper, lambda name: name[:3], lambda name: name[:3] + ".",
                                 lambda name: name[:4].lower() + ".", str])
    shapes = itertools.cycle(["{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}", "{d}-{m}-{y}", "{d}/{m}/{y}", "{d}.{m}.{y}",
                              "{d} of {m}, {y}", "Tuesday, {d} {m} {y}", "{m} {y}", "{m}, {y}"])
    day = datetime.date(year, 1, 1)
    while day.year == year:
        name = next(spellings)(calendar.month_name[day.month])
        for number in {str(day.day), f"{day.day:02d}", f"{day.day}th"}:
            text = next(shapes).format(d=number, m=name, y=year)
            if DATE.fullmatch(text):
                assert medlint_reading(text) == dateutil_reading(text), text
        day += datetime.timedelta(days=1)
    for text in (str(year), f"30 February {year}", f"31 April {year}", f"0 March {year}", f"39 May {year}", "12-Mar-25",
                 "3.Apr.-2024", "Sept. 7, 2023", "sept 7 2023", "31st of March, 2021"):
        assert DATE.fullmatch(text), text
        assert medlint_reading(text) == dateutil_reading(text), text


@pytest.mark.parametrize("text, problem", [("2024-02-30", "day is out of range for month"),
                                           ("2024-13-45", "month must be in 1..12")])
def test_a_year_month_day_that_is_no_date_says_why(text, problem):
    from medlint.dates import DATE, DateError, read_date

    with pytest.raises(DateError, match=problem):
        read_date(DATE.fullmatch(text), day_first=True)


@pytest.mark.parametrize("written", ["16 July 2020", "Jan 5, 2024", "12-Mar-25", "03/2021", "March 2021", "2020-7-1",
                                     "5/6/21", "1.2.2020", "Mon, 5th of March 2021", "2021", "1/٠١/٢٠"])
def test_every_date_shape_holds_two_digits_in_a_row(written):
    """The label scan skips a block without two digits in a row: no date can be in it."""
    from medlint.checks.page_dates import TWO_DIGITS
    from medlint.dates import DATE

    match = DATE.search(written)
    assert match and TWO_DIGITS.search(match.group())
