"""Handed cases from scraped pages: what medlint must report on each (and must not)."""

import json
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases" / "scraped"

# case file -> (the codes the case is about, the (code, line) findings of those codes it must give)
EXPECTED = {
    "B5-01-js-values.md": ("PH,MK", {("PH004", 5), ("PH004", 7)}),
    "B5-02-drupal-tokens.md": ("PH,MK", {("PH003", 3)}),
    "B5-03-html-leaks.html": ("PH,MK", {("MK008", 3), ("MK007", 4), ("MK009", 5)}),
    "B5-04-error-page.html": ("PH,MK", {("PH007", 2)}),
    "B5-05-add-content.md": ("PH,MK", {("PH001", 3)}),
    "A04-sc003-news-headline.md": ("SC", set()),
    "A10-sc001-milk.md": ("SC", set()),
    "A11-sc002-linked-claim.md": ("SC", set()),
    "A12-sc004-list-page.md": ("SC", set()),
    "A13-sc005-conditional.md": ("SC", {("SC005", 1)}),
}


def found(run, name: str, select: str) -> list[dict]:
    result = run("check", "--format", "json", "--select", select, "--today", "2026-11-23", CASES / name)
    return json.loads(result.output)["diagnostics"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_case(run, name):
    select, expected = EXPECTED[name]
    assert {(d["code"], d["line"]) for d in found(run, name, select)} == expected


def test_no_sources_is_reported_for_the_page_not_for_a_conditional_sentence(run):
    (finding,) = found(run, "A13-sc005-conditional.md", "SC005")
    assert finding["message"] == ("No sources for this page (52 words of health information, on clinical trial, "
                                  "treatments, clinical trials, treatment, care team): add a Sources or References "
                                  "section, citations or links to the evidence")


def test_messages_say_what_leaked(run):
    messages = {d["line"]: d["message"] for d in found(run, "B5-03-html-leaks.html", "MK")}
    assert messages[3] == "HTML comment shown as page text: '<!-- wp:paragraph -->'"
    assert messages[5].startswith("JSON shown as page text: '{\"@context\"")
    (error_page,) = found(run, "B5-04-error-page.html", "PH")
    assert error_page["message"] == "The page is an error page ('Error 404'), not the page it should be"
