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


@pytest.mark.parametrize("text", [
    "Immunotherapy is a cure for advanced melanoma.",
    "These tablets cure arthritis in a week.",
    "Our herbal drops cure ear infections.",
    "The cream is guaranteed to dissolve any gallstone.",
])
def test_absolute_claims_beyond_cures(text):
    assert "SC003" in codes(f"# Page\n\n{text}\n")


@pytest.mark.parametrize("text", [
    "- [New drug combination cures more children with lymphoma](/news/1)",
    "A new regimen cures most children with Burkitt lymphoma, a trial found [1].",
    "Chemotherapy cures 9 in 10 boys with testicular cancer [2].",
    "A stem cell transplant is the only cure for sickle cell disease [3].",
    "Surgery can cure early bowel cancer.",
])
def test_comparative_or_hedged_cure_statements_pass(text):
    assert "SC003" not in codes(f"# Page\n\n{text}\n")


@pytest.mark.parametrize("text", [
    "Choose low-fat dairy foods, such as 1% or skimmed milk and low-fat yoghurt.",
    "Swap whole milk for 1% milk.",
    "A pot of 0% fat yoghurt makes a good snack.",
])
def test_a_milk_or_yoghurt_with_a_fat_figure_is_a_product_not_a_statistic(text):
    assert "SC001" not in codes(f"# Eating well\n\n{text}\n")


@pytest.mark.parametrize("text,cited", [
    ("Research shows that [most women with womb cancer had bleeding](/news/2018/bleeding-study).", True),
    ("Studies have found that [glioblastoma in women responds better to treatment](/news/2019/glioblastoma).", True),
    ("[Studies show](/news/2020/garlic) that garlic lowers blood pressure slightly.", True),
    # A glossary link on one word is not the report of the claim.
    ("Studies show that taking [vitamin E](/define/vitamin-e) supplements does not affect the risk of lung cancer.", False),
])
def test_a_claim_whose_own_words_link_to_the_report_is_cited(text, cited):
    assert ("SC002" not in codes(f"# Research\n\n{text}\n")) is cited


@pytest.mark.parametrize("text", [
    "This page lists medicines approved by the FDA for asthma. Each name links to a page about it.",
    "This page lists cancer drugs approved by the Food and Drug Administration (FDA) for bone cancer.",
    "The following table lists devices cleared by the FDA for home use.",
])
def test_a_list_page_describing_itself_is_not_a_regulatory_claim(text):
    assert "SC004" not in codes(f"# Drugs\n\n{text}\n")


HEALTH_PAGE = ("Asthma is a common lung condition that causes wheezing and breathlessness. It is "
               "usually treated with inhalers: a reliever inhaler for symptoms and a preventer inhaler "
               "every day. See a GP or nurse if your symptoms get worse or you wake at night.")


@pytest.mark.parametrize("page,file_format", [
    (f"# Asthma\n\n{HEALTH_PAGE}\n", "markdown"),
    (f"<html><head><title>Asthma</title></head><body><main><p>{HEALTH_PAGE}</p></main></body></html>", "html"),
    (f"Asthma\n\n{HEALTH_PAGE}\n", "text"),
])
def test_a_page_of_health_information_with_no_sources_is_reported_without_claims(page, file_format):
    assert codes(page, file_format) == ["SC005"]


@pytest.mark.parametrize("page", [
    f"# Asthma\n\n{HEALTH_PAGE}\n\nThis information is based on the NICE guideline on asthma (NG245).\n",
    f"# Asthma\n\n{HEALTH_PAGE}\n\nReferences are available on request.\n",
    f"# Asthma\n\n{HEALTH_PAGE}\n\nA list of the sources used to write it is available on request.\n",
    f"# Asthma\n\n{HEALTH_PAGE}\n\n## Sources\n\nBritish guideline on the management of asthma, 2019.\n",
    f"## Asthma treatment\n\n{HEALTH_PAGE}\n",  # one part of a page: its page has the sources
    "# Opening hours\n\nThe library is open from 9am to 5pm on weekdays, and from 10am to 4pm on Saturdays. "
    "It is closed on Sundays and bank holidays. Ask at the desk if you need help finding a book or using a computer.\n",
    "# Drugs approved for asthma\n\nThis page lists medicines approved for asthma. " + HEALTH_PAGE + "\n",
])
def test_sourced_pages_parts_of_pages_and_other_pages_pass(page):
    assert "SC005" not in codes(page)


def test_no_sources_message_names_what_it_counted(run, tmp_path):
    (tmp_path / "asthma.md").write_text(f"# Asthma\n\n{HEALTH_PAGE}\n")
    (tmp_path / "trials.md").write_text("# Trials\n\nStudies show that 1 in 3 people with asthma use their inhaler wrongly. "
                                        "When trials show that a treatment works, it may become standard.\n")
    output = run("check", "--select", "SC005", "--no-color", "asthma.md", "trials.md").output
    assert ("asthma.md:1:1: SC005 [warning] No sources for this page (43 words of health information, on Asthma, "
            "condition, treated, inhaler, symptoms, GP, nurse): add a Sources or References section, citations or links to the evidence") in output
    assert "trials.md:1:1: SC005 [warning] No sources for this page (2 claims that need one: 'Studies show', '1 in 3'):" in output
