"""Regions inferred for pages without tags: chrome found on scraped pages is reported once per
block, named, and kept out of the prose the other rules read; lists and tables are content."""

import json
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "data" / "scraped_chrome"


def findings(run, tmp_path, text, name="page.txt", select="BP"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", "--select", select, name)
    return [(d["code"], d["line"], d["end_line"], d["message"]) for d in json.loads(result.output)["diagnostics"]]


def spans(found):
    return [(code, line, end) for code, line, end, _ in found]


@pytest.mark.parametrize("case,expected", [
    # The site's name above the menu is the site's header too (the line model's word).
    ("01_menu_after_short_line.txt", [("BP001", 1, 1), ("BP001", 3, 9)]),
    ("02_one_word_menu.txt", [("BP001", 1, 7)]),
    ("03_copyright_variants.txt", [("BP006", 3, 5)]),
    ("04_newsletter_cta.txt", [("BP002", 3, 7)]),
    ("05_comment_form.txt", [("BP003", 3, 11)]),
    ("06_footer_bar_and_powered_by.txt", [("BP006", 3, 7)]),
    ("07_post_navigation_related.txt", [("BP007", 3, 4), ("BP007", 6, 10)]),
    ("08_paywall_notice.txt", [("BP009", 3, 5)]),
    ("09_numbered_list_of_names.txt", []),
    ("10_table_one_cell_per_line.txt", []),
    ("11_cookie_notice_span.txt", [("BP004", 1, 1), ("BP004", 7, 7)]),
    ("12_symptom_list_after_colon.txt", []),
])
def test_handed_cases(run, tmp_path, case, expected):
    assert spans(findings(run, tmp_path, (CASES / case).read_text(encoding="utf-8"))) == expected


def test_each_chrome_block_of_a_scraped_clinic_page_is_named(run, tmp_path):
    found = findings(run, tmp_path, (CASES / "13_scraped_clinic_page.txt").read_text(encoding="utf-8"))
    assert [(code, line, end, message.split(" in the page text")[0]) for code, line, end, message in found] == [
        ("BP002", 1, 1, "Site announcement"),
        ("BP001", 3, 3, "Breadcrumb"),
        ("BP001", 9, 13, "Navigation menu"),
        ("BP002", 17, 17, "News teaser"),
        ("BP007", 19, 19, "Related-link callout"),
        ("BP002", 21, 23, "Phone banner"),
        ("BP007", 27, 30, "Related links"),
    ]
    assert found[2][3] == "Navigation menu in the page text: 'Checkpoint inhibitors' and 4 more lines"


def test_prose_rules_read_only_the_article(run, tmp_path):
    # The menu's misspelling and the footer's jargon are chrome, not the article's.
    text = ("Home\nAbout Us\nOur Servises\nContact Us\n\nFlu\n\nFlu is a common infection that spreads easily in winter.\n"
            "Most people feel better within a week.\n\nHypertension Clinic\nPrivacy Policy\nSitemap\n")
    found = findings(run, tmp_path, text, select="BP,SP,PL")
    assert [code for code, *_ in found] == ["BP001", "BP006"]


@pytest.mark.parametrize("text,expected", [
    # A site name and a menu, its items split by blank lines as some scrapers write them: one header.
    ("Riverside Health\n\nHome\n\nOur Services\n\nFind a Ward\n\nVisiting Times\n\nAsthma\n\n"
     "Asthma is a common lung condition that causes breathing problems.\n", [("BP001", 1, 9)]),
    # One-word menu items at the top.
    ("Home\nAbout\nServices\nContact\nBlog\n\nEczema\n\nEczema makes the skin itchy, dry and cracked.\n", [("BP001", 1, 5)]),
    # Copyright lines, short and after a sentence.
    ("Rest and drink plenty of fluids until you feel better again.\n\n(c) 2019 Example Clinic\n\n"
     "This leaflet was written by our nurses. Copyright 2018 Example Trust Ltd. All rights reserved.\n", [("BP006", 3, 5)]),
    # Newsletter calls to action.
    ("Rest and drink plenty of fluids.\n\nSubscribe to our newsletter\n\nGet the Healthy Living Newsletter\n", [("BP002", 3, 5)]),
    # A comment form.
    ("Most people feel better within a week.\n\nLeave a comment\nName *\nEmail *\nPost Comment\n", [("BP003", 3, 6)]),
    # Footer bars.
    ("Wash your hands often.\n\nHome | Privacy | Contact | RSS\n\nPowered by Drupal\n", [("BP006", 3, 5)]),
    # Post navigation, then a list of recent posts.
    ("Keep the wound clean.\n\nOlder posts\nNewer posts\n\nRecent Posts\nLiving with asthma at school\nA day on the children's ward\n",
     [("BP007", 3, 4), ("BP007", 6, 8)]),
    # Paywall notices.
    ("The clinic opens on Monday.\n\nThis content is for subscribers only.\n\nSubscribe now for unlimited access to every story.\n",
     [("BP009", 3, 5)]),
    # A cookie notice at the top and its settings link at the end of the same block.
    ("This website uses cookies.\nAsthma\nAsthma causes wheezing and a tight chest.\nMost people control it with inhalers.\nManage cookies\n",
     [("BP004", 1, 1), ("BP004", 5, 5)]),
])
def test_more_chrome_of_each_kind(run, tmp_path, text, expected):
    assert spans(findings(run, tmp_path, text)) == expected


@pytest.mark.parametrize("text,name", [
    # Numbered names after a sentence.
    ("Ask for any of these nurses by name:\n\n1. Sara Ahmed\n2. John Lee\n3. Priya Patel\n4. Ben Carter\n\nThey all work on Ward 5.\n", "page.txt"),
    ("Your medicines may include these drugs.\n\nAtorvastatin Tablets\nRamipril Capsules\nBisoprolol Tablets\nAspirin Dispersible\n\n"
     "Take them at the same time each day.\n", "page.txt"),
    # A table scraped one cell per line.
    ("Opening times are shown below.\n\nDay\nOpen\nClose\nMonday\n9am\n5pm\nTuesday\n9am\n5pm\n\nWe are closed on bank holidays.\n", "page.txt"),
    # A symptom list in Markdown, after a heading, and a related-pages list the author wrote.
    ("# Flu\n\nFlu is a common infection.\n\n## Symptoms\n\n- High Temperature\n- Aching Body\n- Dry Cough\n- Sore Throat\n\n"
     "## Related pages\n\n- [Flu Vaccine](/flu-vaccine)\n- [Common Cold](/cold)\n- [Sore Throat](/sore-throat)\n", "page.md"),
    # Short headings between paragraphs of a scraped page.
    ("Shingles\n\nShingles is a painful rash caused by the chickenpox virus.\n\nSymptoms\n\nThe first sign is a tingling feeling in the skin.\n\n"
     "Treatment\n\nAntiviral medicine can help you recover faster.\n", "page.txt"),
])
def test_lists_tables_and_headings_are_content(run, tmp_path, text, name):
    assert findings(run, tmp_path, text, name) == []


def test_an_html_page_of_bare_divs_has_its_menu_found(run, tmp_path):
    text = ("<html><body><div><a href='/'>Home</a></div><div><a href='/a'>About Us</a></div>"
            "<div><a href='/s'>Our Services</a></div><div><a href='/c'>Contact Us</a></div>"
            "<div><h1>Flu</h1><p>Flu is a common infection that spreads easily in the winter months.</p></div></body></html>")
    assert spans(findings(run, tmp_path, text, "page.html")) == [("BP001", 1, 1)]


def test_a_line_the_site_repeats_on_many_pages_is_chrome():
    from medlint.context import Context
    from medlint.config import Config
    from medlint.engine import build_settings, chrome_evidence
    from medlint.readers import read_document
    from medlint.regions import infer_regions, site_key

    text = ("Flu is a common infection that spreads easily in the winter months.\n\nRiverside Wellbeing Hub\n\n"
            "Most people feel better within a week, and rest helps them recover.\n")
    evidence = chrome_evidence(build_settings(Config()))
    alone = read_document(text.encode(), "page.txt", "text")
    assert infer_regions(alone, evidence, Context()) == []
    shared = read_document(text.encode(), "page.txt", "text")
    spans = infer_regions(shared, evidence, Context(), site_lines=frozenset({site_key("Riverside  wellbeing hub")}))
    assert [(span.rule, [line.text for line in span.lines]) for span in spans] == [("navigation-menu", ["Riverside Wellbeing Hub"])]
    assert [b.region for b in shared.blocks] == ["main", "nav", "main"]


@pytest.mark.parametrize("text,expected", [
    # A practice's welcome lines between the controls and the article: its header.
    ("Search\nLog in\n\nWelcome to Lakeside Surgery\nYour local GP practice\n\nAsthma\n\n"
     "Asthma is a common lung condition that causes occasional breathing difficulties. It affects people of all ages.\n\n"
     "There is no cure for asthma, but treatment can help control the symptoms so it does not affect your life much.\n",
     [("BP003", 1, 1, "Form text"), ("BP005", 2, 2, "Site controls"), ("BP001", 4, 5, "Page header")]),
    # A symptom list under a heading above the article is the article's.
    ("Symptoms\n\nfever\ncough\nsore throat\n\nFlu is a common infection that spreads easily in winter. "
     "Most people feel better within a week without seeing a doctor.\n\nRest and drink plenty of fluids until you feel better.\n", []),
    # So is a list of medicines a sentence introduces.
    ("Diabetes\n\nType 2 diabetes is a common condition that causes the level of sugar in the blood to become too high. "
     "It can make you thirsty and tired.\n\nCommon medicines include:\n\nmetformin\ngliclazide\nsitagliptin\n\n"
     "Your GP will talk to you about which medicine is right for you and how often to take it.\n", []),
])
def test_line_model_on_scraped_pages(run, tmp_path, text, expected):
    found = findings(run, tmp_path, text)
    assert [(code, line, end, message.split(" in the page text")[0]) for code, line, end, message in found] == expected


@pytest.mark.parametrize("text,ends", [
    ("Call your doctor.", True), ('He said "stop."', True), ("Symptoms include:", True),
    ("(see page 2.)", True), ("Is it safe?”)", True), ("Back to top", False), ("Read more »", False),
    ("Figure (1)", False), ("Price: 5.00 dollars", False), ("", False), (")'", False),
])
def test_a_line_ends_like_a_sentence_by_its_last_mark_and_the_closers_after_it(text, ends):
    from medlint.regions import ends_like_sentence

    assert ends_like_sentence(text) is ends
