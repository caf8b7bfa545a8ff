"""Sources and claims (SC): what users see, and correct text that must pass."""

import pytest

from conftest import findings
from medlint.config import Config
from medlint.engine import build_settings, lint_bytes

SETTINGS = build_settings(Config(), select=("SC",))


def codes(text: str, file_format: str = "markdown") -> list[str]:
    return [d.code for d in lint_bytes(text.encode(), "page", file_format, SETTINGS).diagnostics]


def test_unsourced_statistic_is_reported_with_the_page(run, tmp_path):
    (tmp_path / "page.md").write_text("# Flu\n\nAbout 1 in 10 adults gets flu each winter.\n")
    result = run("check", "--select", "SC", "--no-color", "page.md")
    assert result.exit_code == 1
    assert "page.md:3:7: SC001 [warning] Statistic '1 in 10' has no source" in result.output
    assert ("page.md:1:1: SC005 [warning] No sources for this page (1 claim that needs one: '1 in 10'): add a Sources "
            "or References section, citations or links to the evidence") in result.output


@pytest.mark.parametrize("page", [
    "# Flu\n\nAbout 1 in 10 adults gets flu [1].\n",
    "# Flu\n\nAbout 1 in 10 adults gets flu (Smith et al., 2019).\n",
    "# Flu\n\nAbout 1 in 10 adults gets flu.\n\n## References\n\nUKHSA, 2023.\n",
    "# Flu\n\nAbout 1 in 10 adults gets flu.\n\n## Further reading\n\nA book.\n",
    "# Flu\n\nAbout 1 in 10 adults gets flu.\n\nSee [the NHS page](https://www.nhs.uk/conditions/flu/).\n",
    "---\nsources: [UKHSA surveillance report 2023]\n---\n# Flu\n\nAbout 1 in 10 adults gets flu.\n",
    "# Flu\n\nAccording to the World Health Organization, 1 in 10 adults gets flu.\n",
])
def test_a_sourced_statistic_passes(page):
    assert codes(page) == []


def test_html_links_to_authoritative_sites_are_sources():
    page = "<main><p>Flu kills 1 in 1,000.</p><p><a href='https://www.cdc.gov/flu'>CDC</a></p></main>"
    assert codes(page, "html") == []
    nav_only = "<nav><a href='https://www.cdc.gov/flu'>CDC</a></nav><main><p>Flu kills 1 in 1,000.</p></main>"
    assert codes(nav_only, "html") == ["SC005", "SC001"]


@pytest.mark.parametrize("text", [
    "There is no cure for diabetes.",
    "Antibiotics are not a cure for colds.",
    "Psoriasis cannot be cured, but it can be controlled.",
    "No medicine is completely safe.",
    "Most people have no side effects.",
    "Be wary of products that promise a miracle cure.",
    "Beware of adverts for a 'miracle cure'.",
    "There's no guarantee that surgery will work.",
    "This medicine is not FDA approved for children.",
    "There is no evidence that vaccines cause autism.",
    "Use 1% hydrocortisone cream. The 6-in-1 vaccine is given at 8 weeks.",
    "The researchers found that the drug shrank tumours in a trial [2].",
])
def test_negated_or_hedged_claims_pass(text):
    assert codes(f"# Page\n\n{text}\n") == []


@pytest.mark.parametrize("text,code", [
    ("This tea cures cancer.", "SC003"),
    ("It is completely safe for everyone.", "SC003"),
    ("A miracle cure for back pain.", "SC003"),
    ("Clinically proven to work.", "SC003"),
    ("Doctors say you should drink 8 glasses of water.", "SC002"),
    ("It is widely accepted that stress causes ulcers.", "SC002"),
    ("Smoking doubles your risk of a stroke.", "SC001"),
    ("The 5-year survival rate is 90 percent.", "SC001"),
    ("Exercise reduces the risk of dementia by a third.", "SC001"),
    ("Our device is approved by the FDA.", "SC004"),
])
def test_claims_are_reported(text, code):
    assert code in codes(f"# Page\n\n{text}\n")


def test_absolute_claims_are_errors_and_fail_the_run(run, tmp_path):
    (tmp_path / "page.txt").write_text("Back pain\n\nOur cream is 100% effective.\n")
    result = run("check", "--select", "SC003", "--fail-on", "error", "--format", "json", "page.txt")
    assert result.exit_code == 1
    assert findings(result) == [("page.txt", 3, 14, "SC003")]


def test_links_are_recorded_in_the_document():
    from medlint.readers import read_document

    document = read_document(b"# T\n\nRead [the study](https://doi.org/10.1/x).\n", "page.md", "markdown")
    (link,) = document.links
    assert link.url == "https://doi.org/10.1/x"
    assert link.block.text[link.start:link.end] == "the study"
    html = read_document(b"<p>See <a href='/x'>this <b>page</b></a>.</p>", "page.html", "html")
    assert [(l.url, l.block.text[l.start:l.end]) for l in html.links] == [("/x", "this page")]
