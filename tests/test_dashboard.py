"""The HTML dashboard: self-contained, escaped, and what a content lead does with it, in a real
headless Chromium: search, filters, a page's findings, rule explanations, the comparison with
earlier runs, baselined findings, and a layout that fits a 1,400-pixel window."""

import datetime
import json
import os
import re

import pytest
from browser import missing, start_chromium, stop_chromium
from click.testing import CliRunner

from medlint.cli import main
from medlint.diagnostics import Diagnostic
from medlint.history import PastRun, compare
from medlint.reporters import Page

INJECTED = "<script>window.injected = 1; alert(1)</script>"
LONG_LINE = ("Most people who have had the flu for a few days find that resting at home, drinking plenty of fluids "
             "and taking simple painkillers helps them feel better. Studies show that rest helps. Some people with "
             "long-term conditions such as asthma, diabetes or heart disease need to see their doctor early, because "
             "the flu can make these conditions worse and lead to other problems that need treatment in hospital.")
LONG_NAME = ("guides/a-very-long-folder-name-for-layout-checks/"
             "a-page-whose-name-is-much-longer-than-any-table-column-could-ever-hold-without-wrapping.md")
REVIEWED = "---\nlast_reviewed: 2025-06-01\n---\n"
EARLIER = {  # the site when the earlier runs were made
    "flu.md": "---\nlast_reviewed: 2020-01-10\n---\n# Title 1\n\nWash your\u200bhands. TBD\n",  # RV002 PH001 EN003 PH002
    "clean.md": REVIEWED + "# Flu\n\nFlu is a common infection.\n",
    "xss.txt": f"Flu advice\n\nLorem ipsum {INJECTED} done\n\nLast reviewed: 1 May 2025\n",  # PH001 MK003 MK002: baselined
    "img.txt": 'Flu advice\n\nTitle 1 <img src=x onerror="window.injected = 2">\n\nLast reviewed: 1 May 2025\n',  # MK003 MK002
    "long.md": REVIEWED + "# Rest\n\n" + LONG_LINE + "\n",  # SC005 RD003 SC002 RD003
    LONG_NAME: "---\nlast_reviewed: 2021-02-03\n---\n# Heading 2\n\n" + "x" * 400 + " TBD\n",  # RV002 PH001 PH002
    **{f"more/page-{i:02}.md": REVIEWED + f"# Colds {i}\n\nA cold is a mild infection of the nose and throat.\n"
       for i in range(56)},
}
NOW = {  # since then: flu.md's TBD fixed, a TBC added to clean.md
    "flu.md": EARLIER["flu.md"].replace(" TBD", ""),
    "clean.md": EARLIER["clean.md"] + "\nOpening hours TBC.\n",
}
TODAY = "2026-03-01"


def medlint(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


def write(folder, pages: dict) -> None:
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The dashboard of a 62-page site: compared with two earlier JSON reports (given newest
    first), with a baseline that records the page with injected markup."""
    root = tmp_path_factory.mktemp("site")
    content = root / "content"
    write(content, EARLIER)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("MEDLINT_TODAY", raising=False)
        medlint("check", "content", "--select", "PH", "--today", "2025-12-01", "--format", "json", "-o", "older.json")
        medlint("check", "content", "--today", "2026-02-01", "--format", "json", "-o", "previous.json")
        medlint("check", "content/xss.txt", "--write-baseline", "baseline.json")
        write(content, NOW)
        medlint("check", "content", "--today", TODAY, "--baseline", "baseline.json",
                "--format", "html", "-o", "report.html", "--compare", "previous.json", "--compare", "older.json")
        json_report = json.loads(medlint("check", "content", "--today", TODAY,
                                         "--baseline", "baseline.json", "--format", "json"))
    return root, json_report


@pytest.fixture(scope="module")
def dashboard(site):
    return site[0] / "report.html"


def test_self_contained_and_escaped(dashboard):
    html = dashboard.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched from the network
    assert "Content-Security-Policy" in html and "script-src 'sha256-" in html
    assert html.count("<script>") == 1  # ours only; the findings ride in a JSON data block
    assert html.count('<script type="application/json" id="medlint-data">') == 1
    assert "<img" not in html and INJECTED not in html and "</script> done" not in html
    assert "\\u003cscript\\u003ewindow.injected = 1; alert(1)\\u003c/script\\u003e" in html


def test_other_formats_still_leave_baselined_findings_out(site):
    _, report = site
    assert not [d for d in report["diagnostics"] if d["path"].endswith("xss.txt")]
    assert report["summary"]["baseline"] == {"path": "baseline.json", "hidden": 3, "unmatched": 0}


def test_a_message_or_excerpt_found_on_many_pages_is_in_the_file_once(run, tmp_path):
    for i in range(5):
        (tmp_path / f"page-{i}.md").write_text(f"{REVIEWED}# Flu {i}\n\nCall us about flu. TBD\n", encoding="utf-8")
    html = run("check", ".", "--today", TODAY, "--format", "html").output
    data = re.search(r'<script type="application/json" id="medlint-data">(.*?)</script>', html, re.S).group(1)
    assert json.loads(data)["pages"][4][0] == "page-4.md"
    assert data.count("Editing marker 'TBD' left in the page") == 1
    assert data.count("Call us about flu.") == 1 and data.count('"TBD"') == 1


def test_report_with_no_pages_still_renders(run, tmp_path):
    result = run("check", "--format", "html", str(tmp_path))
    assert result.exit_code == 0 and '<table id="pages"' in result.output and "No findings." in result.output


def test_compare_needs_the_dashboard_and_a_json_report(run, tmp_path):
    (tmp_path / "page.md").write_text("# Flu\n\nTBD\n", encoding="utf-8")
    (tmp_path / "notes.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not json", encoding="utf-8")
    result = run("check", "page.md", "--compare", "notes.json")
    assert result.exit_code == 2 and "--compare is for the dashboard: add --format html" in result.output
    result = run("check", "page.md", "--format", "html", "--compare", "notes.txt")
    assert result.exit_code == 2 and "notes.txt: not a JSON report" in result.output
    result = run("check", "page.md", "--format", "html", "--compare", "notes.json")
    assert result.exit_code == 2 and "notes.json: not a medlint JSON report" in result.output


@pytest.mark.parametrize("option,environment,shown", [
    (["--today", "2026-02-02"], "2025-01-01", "<b>2026-02-02</b> (--today)"),
    ([], "2025-01-01", "<b>2025-01-01</b> (MEDLINT_TODAY)"),
    ([], None, f"<b>{datetime.date.today().isoformat()}</b> (the system date)"),
])
def test_the_date_rules_counted_from_and_its_source_are_shown(run, tmp_path, monkeypatch, option, environment, shown):
    (tmp_path / "page.md").write_text("# Flu\n\nFlu is common.\n", encoding="utf-8")
    if environment:
        monkeypatch.setenv("MEDLINT_TODAY", environment)
    html = run("check", "page.md", "--format", "html", *option).output
    assert f"dates counted from {shown}" in html


def test_pages_checked_before_and_gone_now_are_counted_as_fixed(run, tmp_path):
    (tmp_path / "old.md").write_text("# Title 1\n\nTBD\n", encoding="utf-8")
    (tmp_path / "new.md").write_text("# Flu\n\nFlu is common.\n", encoding="utf-8")
    run("check", ".", "--format", "json", "-o", "previous.json")
    (tmp_path / "old.md").unlink()
    html = run("check", ".", "--format", "html", "--compare", "previous.json").output
    assert "compared with previous.json" in html and "(1 page it checked not checked now)" in html
    assert "<b>2</b><span>fixed since the previous run</span>" in html


def test_the_json_fingerprint_does_not_depend_on_the_line(run, tmp_path):
    (tmp_path / "page.md").write_text("# Flu\n\nTBD\n", encoding="utf-8")
    before = json.loads(run("check", "page.md", "--format", "json").output)["diagnostics"]
    (tmp_path / "page.md").write_text("# Flu\n\nFlu is common.\n\nTBD\n", encoding="utf-8")
    after = json.loads(run("check", "page.md", "--format", "json").output)["diagnostics"]
    assert (before[0]["line"], after[0]["line"]) == (3, 5)
    assert before[0]["fingerprint"] == after[0]["fingerprint"]


def marker(code, text, line=3, message=None):
    return Diagnostic("a.md", line, 1, line, 4, code, "rule", "placeholder", "error",
                      message or f"Marker '{text}' left in the page", text=text.lower())


def past(*diagnostics, fingerprints=True):
    from medlint.baseline import page_fingerprint

    rows = [{"path": d.path, "line": d.line, "code": d.code, "message": d.message, "severity": d.severity,
             **({"fingerprint": page_fingerprint(d)} if fingerprints else {})} for d in diagnostics]
    return PastRun("previous.json", "2026-01-01", tuple(rows))


def test_compare_counts_equal_findings_and_ignores_lines():
    previous = past(marker("PH002", "TBD"), marker("PH002", "TBD", line=9), marker("PH002", "TBC"))
    now = Page("a.md", (marker("PH002", "TBD", line=4), marker("PH002", "TBD", line=7), marker("PH002", "TBD", line=12)), 70)
    changes, gone = compare([now], previous)
    assert changes["a.md"].new == {2} and [d["message"] for d in changes["a.md"].fixed] == ["Marker 'TBC' left in the page"]
    assert gone == {}


def test_compare_with_a_report_without_fingerprints_matches_code_and_message():
    previous = past(marker("PH002", "TBD"), fingerprints=False)
    now = Page("./a.md", (marker("PH002", "TBD", line=8), marker("PH002", "FIXME")), 70)
    changes, _ = compare([now], previous)
    assert changes["a.md"].new == {1} and changes["a.md"].fixed == []


def test_a_baselined_finding_is_neither_new_nor_fixed():
    previous = past(marker("PH002", "TBD"))
    now = Page("a.md", (marker("PH002", "TBD", line=5),), 85, baselined=(marker("PH002", "TBD"),))
    changes, _ = compare([now], previous)
    assert changes["a.md"].new == {0} and changes["a.md"].fixed == []  # the baseline holds the old one


def test_pages_checked_before_and_not_now_are_listed_as_gone():
    previous = past(marker("PH002", "TBD"))
    changes, gone = compare([Page("b.md", (), 100)], previous)
    assert list(gone) == ["a.md"] and changes["b.md"].new == set()


# --- in a real browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    reason = missing()
    if reason:  # a failure in CI, where .ci/run installs a browser; a skip on a developer's machine
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI must run the browser test (.ci/run installs chromium)")
        pytest.skip(reason)
    driver = start_chromium(1400, 900)
    yield driver
    stop_chromium(driver)


@pytest.fixture
def page(browser, dashboard):
    browser.get(dashboard.as_uri())
    assert browser.find_element("tag name", "body").get_attribute("data-ready") == "true"
    return browser


def css(page, selector):
    return page.find_elements("css selector", selector)


def rows(page) -> list[str]:
    """The page paths the table shows, in order."""
    return [row.find_element("css selector", "td button").text for row in css(page, "#pages tbody tr[data-page]")]


def column(page, key) -> list[str]:
    keys = [th.get_attribute("data-key") for th in css(page, "#pages thead th")]
    return [row.find_elements("css selector", "td")[keys.index(key)].text for row in css(page, "#pages tbody tr[data-page]")]


def choose(page, control, value):
    from selenium.webdriver.support.ui import Select

    Select(page.find_element("id", control)).select_by_value(value)


def search(page, text):
    box = page.find_element("id", "f-search")
    box.clear()
    box.send_keys(text)
    page.execute_script("return new Promise(function (done) { setTimeout(done, 300); })")  # past the typing pause


def click_page(page, name):
    next(b for b in css(page, "#pages tbody tr[data-page] td:first-child button") if b.text == name).click()


def open_page(page, name):
    click_page(page, name)
    return page.find_element("css selector", "#pages tr.drill")


def test_dates_and_headline_cards(page):
    dates = page.find_element("id", "dates").text
    assert f"dates counted from {TODAY} (--today)" in dates
    assert re.search(r"report made \d{4}-\d\d-\d\d \d\d:\d\d UTC", dates)
    assert "compared with previous.json (2026-02-01)" in dates and "Baseline baseline.json: hid 3 known findings" in dates
    cards = {card.find_element("tag name", "span").text: card.find_element("tag name", "b").text
             for card in css(page, "#totals .card")}
    assert cards["pages checked"] == "62"
    assert cards["pages overdue for review"] == "2"  # flu.md and the long-named page (RV002)
    assert cards["pages with placeholders"] == "4"  # flu, clean (TBC), xss (baselined) and the long-named page
    assert cards["pages with leaked markup"] == "2"
    assert cards["baselined findings"] == "3"
    assert (cards["new since the previous run"], cards["fixed since the previous run"]) == ("1", "1")


def test_table_shows_fifty_pages_at_a_time_worst_first(page):
    assert page.find_element("id", "pages-status").text.startswith("Pages 1–50 of 62")
    assert len(rows(page)) == 50
    scores = [int(s) for s in column(page, "score")]
    assert scores == sorted(scores) and scores[0] < 60
    page.find_element("id", "next").click()
    assert len(rows(page)) == 12 and page.find_element("id", "pages-status").text.startswith("Pages 51–62 of 62")
    assert page.find_element("id", "next").get_attribute("disabled")


def test_search_finds_pages_by_path_and_by_what_was_found(page):
    search(page, "lorem")
    assert rows(page) == ["xss.txt"]
    search(page, "PAGE-07")
    assert rows(page) == ["more/page-07.md"]
    search(page, "no such thing")
    assert rows(page) == [] and page.find_element("id", "pages-status").text == "No page matches."
    page.find_element("id", "f-clear").click()
    assert len(rows(page)) == 50


@pytest.mark.parametrize("control,value,expected", [
    ("f-category", "placeholder", {"flu.md", "clean.md", "xss.txt", LONG_NAME}),
    ("f-severity", "warning", {"flu.md", "long.md"}),
    ("f-rule", "MK002", {"xss.txt", "img.txt"}),
    ("f-status", "new", {"clean.md"}),
    ("f-status", "baselined", {"xss.txt"}),
    ("f-page", "overdue", {"flu.md", LONG_NAME}),
    ("f-page", "markup", {"xss.txt", "img.txt"}),
    ("f-folder", "guides/", {LONG_NAME}),
])
def test_filters(page, control, value, expected):
    choose(page, control, value)
    assert set(rows(page)) == expected


def test_folder_filter_lists_the_top_folders(page):
    options = [o.text for o in css(page, "#f-folder option")]
    assert options == ["All folders", "guides/ (1)", "more/ (56)"]
    choose(page, "f-folder", "more/")
    assert page.find_element("id", "pages-status").text.startswith("Pages 1–50 of 56")


def test_filters_combine_and_counts_follow_them(page):
    choose(page, "f-category", "placeholder")
    choose(page, "f-severity", "error")
    search(page, "flu")
    assert rows(page) == ["flu.md"] and column(page, "findings") == ["1"]  # only the Title 1 of its 3 findings


def test_a_page_found_by_its_path_still_needs_a_finding_that_passes_the_filters(page):
    search(page, "page-0")
    assert len(rows(page)) == 10  # more/page-00 … page-09: clean pages, found by their path
    choose(page, "f-category", "placeholder")
    assert rows(page) == []


def test_clicking_a_page_opens_its_findings(page):
    drill = open_page(page, "flu.md")
    items = [li.text for li in drill.find_elements("css selector", "ol.findings li")]
    assert [re.search(r"[A-Z]{2}\d{3}", text).group() for text in items] == ["RV002", "PH001", "EN003", "PH002"]
    assert items[-1].startswith("FIXED was line 6") and "Editing marker 'TBD'" in items[-1]
    marks = [m.text for m in drill.find_elements("css selector", "pre.src mark")]
    assert marks == ["2020-01-10", "Title 1", "⟨U+200B⟩"]  # an invisible character is named
    click_page(page, "flu.md")
    assert not css(page, "#pages tr.drill")


def test_a_page_shows_new_and_baselined_findings_marked(page):
    new = open_page(page, "clean.md").find_element("css selector", "ol.findings li")
    assert "NEW" in new.text and "Editing marker 'TBC'" in new.text
    click_page(page, "clean.md")
    baselined = open_page(page, "xss.txt").find_elements("css selector", "ol.findings li.baselined")
    assert len(baselined) == 3 and all("BASELINED" in li.text for li in baselined)


def test_injected_script_does_not_run_and_shows_as_text(page):
    assert page.execute_script("return window.injected === undefined")
    drill = open_page(page, "xss.txt")
    assert INJECTED in drill.get_attribute("textContent")
    assert not page.find_elements("css selector", "#pages img")


def test_filtered_findings_of_a_page_can_all_be_shown(page):
    choose(page, "f-rule", "PH001")
    drill = open_page(page, "flu.md")
    assert len(drill.find_elements("css selector", "ol.findings li:not(:last-child)")) == 1
    drill.find_element("css selector", "button.link").click()  # "Showing 1 of 3 findings: show all"
    assert len(page.find_elements("css selector", "#pages tr.drill ol.findings li")) == 4  # 3 and the fixed one


def test_a_rule_code_opens_its_explanation(page):
    open_page(page, "flu.md").find_element("css selector", "button.code").click()
    dialog = page.find_element("id", "explain")
    assert dialog.get_attribute("open") is not None
    assert page.find_element("id", "explain-title").text == "RV002 review-date-stale"
    assert "What it does" in dialog.text and "Why it matters" in dialog.text
    page.find_element("id", "explain-close").click()
    assert dialog.get_attribute("open") is None


def test_highlights_and_excerpts_keep_whole_words(page):
    drill = open_page(page, "long.md")
    shown = [(li.find_element("css selector", "button.code").text, li.find_element("css selector", "mark").text,
              li.find_element("css selector", "pre.src").text) for li in drill.find_elements("css selector", "ol.findings li")]
    studies = next(excerpt for code, _, excerpt in shown if code == "SC002")
    before, after = studies.split("Studies show")
    assert before.startswith("… ") and f" {before[2:]}Studies show" in LONG_LINE  # starts at a whole word
    assert after.endswith(" …") and f"Studies show{after[:-2]} " in LONG_LINE  # ends at a whole word
    sentence = next(mark for code, mark, _ in shown if code == "RD003" and mark.startswith("Some people"))
    start, end = sentence.split(" … ")  # a long sentence: its start and its end, each in whole words
    assert f"{start} " in LONG_LINE and f" {end}" in LONG_LINE and end.endswith("in hospital.")


def test_layout_fits_a_1400_pixel_window(page):
    assert page.execute_script("return window.innerWidth") == 1400
    open_page(page, "flu.md")
    choose(page, "f-page", "overdue")
    open_page(page, LONG_NAME)  # a long name and a 400-character word in its source line
    assert page.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_headline_tables_and_cards(page):
    overdue = [[td.text for td in row.find_elements("css selector", "td")] for row in css(page, "#overdue tbody tr")]
    assert [row[:3] for row in overdue] == [["flu.md", "2020-01-10", "6 years 1 month"],
                                            [LONG_NAME, "2021-02-03", "5 years"]]
    flagged = [row.find_element("css selector", "td").text for row in css(page, "#flagged tbody tr")]
    assert set(flagged) == {"flu.md", "clean.md", "xss.txt", "img.txt", LONG_NAME}
    css(page, "#overdue tbody tr button.link")[1].click()  # a page in a headline table opens in the table
    assert page.find_element("css selector", "#pages tr.open td button").text == LONG_NAME
    assert css(page, "#pages tr.drill")
    next(card for card in css(page, "#totals button.card") if "overdue" in card.text).click()
    assert set(rows(page)) == {"flu.md", LONG_NAME}


def test_sorting_by_clicking_a_header(page):
    page.find_element("css selector", '#pages th[data-key="findings"] button').click()
    counts = [int(n) for n in column(page, "findings")]
    assert counts == sorted(counts, reverse=True) and counts[0] == 4
    page.find_element("css selector", '#pages th[data-key="path"] button').click()
    assert rows(page)[:3] == ["clean.md", "flu.md", LONG_NAME]
    page.find_element("css selector", '#pages th[data-key="grade"] button').click()
    assert page.find_element("css selector", '#pages th[data-key="grade"]').get_attribute("aria-sort") == "descending"


def test_trend_of_the_runs_oldest_first(page):
    labels = [t.text for t in css(page, "#chart-trend svg > text:not(.last)")][2:]  # after the axis' two numbers
    assert [t.text for t in css(page, "#chart-trend svg > text.last")] == ["8", "5", "0"]  # this run's figures
    assert labels == ["older.json (2025-12-01)", "previous.json (2026-02-01)", f"this run ({TODAY})"]
    for line in css(page, "#chart-trend polyline"):
        assert len(line.get_attribute("points").split()) == 3
    errors = [c.get_attribute("textContent") for c in css(page, "#chart-trend circle") if "errors" in c.get_attribute("textContent")]
    assert [int(re.search(r": (\d+) errors", e).group(1)) for e in errors] == [5, 11, 8]  # PH only; all; baselined ones left out
