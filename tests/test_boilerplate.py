"""Boilerplate (BP): site chrome in the page text is found once per block; real prose is not."""

import json

import pytest


def check(run, tmp_path, text, name="page.md", select="BP"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", "--select", select, name)
    return result, json.loads(result.output)["diagnostics"]


def test_a_menu_is_one_finding_from_its_first_line_to_its_last(run, tmp_path):
    text = ("Home\nAbout Us\nAreas of Care\nMedical Oncology & Hematology\nRadiation Oncology\n\n"
            "Immunotherapy\n\nImmunotherapy helps your immune system fight cancer.\n")
    result, found = check(run, tmp_path, text, "page.txt")
    assert result.exit_code == 1
    assert [(d["code"], d["line"], d["column"], d["end_line"]) for d in found] == [("BP001", 1, 1, 5)]
    assert found[0]["message"] == "Navigation menu in the page text: 'Home' and 4 more lines"


def test_a_markdown_menu_of_links_spans_its_list_items(run, tmp_path):
    text = ("- [Home](/)\n- [Patient Services](/services)\n- [Visitor Information](/visit)\n- [About Us](/about)\n\n"
            "# Flu\n\nFlu is a common infection.\n")
    _, found = check(run, tmp_path, text)
    assert [(d["code"], d["line"], d["end_line"]) for d in found] == [("BP001", 1, 4)]


@pytest.mark.parametrize("text", [
    # A list a heading introduces is the page's own.
    "# Flu\n\n## Related pages\n\n- [Flu Vaccine](/v)\n- [Cold and Flu Remedies](/r)\n- [Sore Throat](/s)\n- [High Temperature](/t)\n",
    # A list a line ending in ':' introduces, even in Title Case.
    "Side effects can include:\nTiredness\nSkin Rashes\nLoose Stools\nJoint Pain\n",
    # Items that are not links are a list, not a menu, in Markdown.
    "# Flu\n\n- Flu Vaccine\n- Cold and Flu Remedies\n- Sore Throat\n- High Temperature\n",
])
def test_page_lists_are_not_menus(run, tmp_path, text):
    _, found = check(run, tmp_path, text, "page.txt" if "#" not in text else "page.md", select="BP001")
    assert found == []


def test_chrome_inside_nav_header_and_footer_is_by_design(run, tmp_path):
    text = ("<nav><a href='#c'>Skip to main content</a><ul><li><a href='/'>Home</a></li><li><a href='/a'>About Us</a></li>"
            "<li><a href='/s'>Our Services</a></li><li><a href='/c'>Contact Us</a></li></ul></nav>"
            "<main id='c'><h1>Flu</h1><p>Flu is common.</p></main>"
            "<footer><p>We use cookies.</p><p>Privacy Policy · Sitemap</p><p>© 2024 Example Trust. All rights reserved.</p></footer>")
    result, found = check(run, tmp_path, text, "page.html")
    assert found == []
    assert result.exit_code == 0


def test_the_same_chrome_in_the_body_is_reported(run, tmp_path):
    text = ("<body><div><a href='#c'>Skip to main content</a></div>"
            "<div><p>NHS.UK uses cookies to make the site simpler.</p></div>"
            "<main id='c'><h1>Flu</h1><p>Flu is common.</p></main></body>")
    _, found = check(run, tmp_path, text, "page.html")
    assert [d["code"] for d in found] == ["BP005", "BP004"]
    assert found[1]["message"] == "Cookie notice in the page text: 'NHS.UK uses cookies to make the site simpler.'"


@pytest.mark.parametrize("text", [
    "If you feel worse, call your doctor or call us on 0300 123 4567.",
    "Read more about side effects in our leaflet.",
    "Make an appointment with your GP if the rash spreads.",
    "Limit biscuits, cookies and cakes.",
    "You will need your first name and date of birth when you call.",
    "Read our privacy policy to see how we keep your records safe.",
    "Some people find support groups on Facebook helpful.",
])
def test_real_sentences_are_not_chrome(run, tmp_path, text):
    _, found = check(run, tmp_path, f"# Flu\n\n{text}\n")
    assert found == []


@pytest.mark.parametrize("line,code", [
    ("Call us 24/7 at 1-800-555-0142", "BP002"),
    ("Request an Appointment", "BP002"),
    ("Don't forget to enter your first name.", "BP003"),
    ("Email Address", "BP003"),
    ("Accept all cookies", "BP004"),
    ("Back to top", "BP005"),
    ("Print Email Share", "BP005"),
    ("Privacy Policy · Terms and Conditions · Sitemap", "BP006"),
    ("© 2023 Riverside Cancer Centre. All rights reserved.", "BP006"),
    ("Read more »", "BP007"),
    ("Click here", "BP007"),
])
def test_chrome_lines(run, tmp_path, line, code):
    _, found = check(run, tmp_path, f"Flu is a common infection.\n\n{line}\n\nIt spreads easily.\n", "page.txt")
    assert [(d["code"], d["line"]) for d in found] == [(code, 3)]


def test_on_this_page_is_only_reported_with_nothing_after_it(run, tmp_path):
    _, lost = check(run, tmp_path, "# Flu\n\nOn this page\n\n## Symptoms\n\nA fever.\n")
    assert [(d["code"], d["line"], d["message"]) for d in lost] == [("BP007", 3, "Link label in the page text: 'On this page'")]
    _, kept = check(run, tmp_path, "# Flu\n\nOn this page\n\n- [Symptoms](#symptoms)\n\n## Symptoms\n\nA fever.\n")
    assert kept == []


def test_menu_lines_pasted_into_one_markdown_paragraph(run, tmp_path):
    pasted = ("# Immunotherapy\n\nAreas of Care\nMedical Oncology & Hematology\nRadiation Oncology\nSurgical Oncology\n\n"
              "Immunotherapy helps your immune system find and attack cancer cells.\n")
    assert [(d["code"], d["line"], d["end_line"]) for d in check(run, tmp_path, pasted)[1]] == [("BP001", 3, 6)]
    # Link lines under a heading are the page's own list that lost its list marks.
    links = "# Drugs\n\n## Drugs for bladder cancer\n\n[Avelumab Infusion](/a)\n[Cisplatin Injection](/c)\n[Mitomycin Gel](/m)\n[Nivolumab Infusion](/n)\n"
    assert check(run, tmp_path, links, select="BP001")[1] == []


@pytest.mark.parametrize("guides, menu", [
    (1, False), (2000, False),  # link lines under a heading, then shorter ones: the heading's list, however long
    (2, True),  # ... unless a line that is no link stands between: the links after it are a menu
])
def test_a_heading_introduces_the_link_lines_after_it_until_a_line_is_no_link(run, tmp_path, guides, menu):
    lines = [f"[A guide to the flu vaccine, part {number}](/guide/{number})" for number in range(guides)]
    if menu:
        lines[-1] = "Vaccines for children and adults in the United Kingdom"
    items = ["[Flu Vaccine](/v)", "[Cold and Flu Remedies](/r)", "[Sore Throat](/s)", "[High Temperature](/t)"]
    text = "# Flu\n\n## Related pages\n\n" + "\n\n".join(lines + items) + "\n"
    _, found = check(run, tmp_path, text, select="BP001")
    first_item = 5 + 2 * guides
    assert [(d["code"], d["line"], d["end_line"]) for d in found] == ([("BP001", first_item, first_item + 6)] if menu else [])


@pytest.mark.parametrize("mark", [">", "›", "»", "/", "&gt;"])
def test_a_breadcrumb_trail_is_found_by_each_of_its_marks(run, tmp_path, mark):
    text = f"Home {mark} Health A to Z {mark} Flu\n\n# Flu\n\nFlu is a common infection.\n"
    _, found = check(run, tmp_path, text, select="BP001")
    shown = ">" if mark == "&gt;" else mark  # (the entity as the page shows it)
    assert [(d["code"], d["line"], d["message"]) for d in found] == [
        ("BP001", 1, f"Breadcrumb in the page text: 'Home {shown} Health A to Z {shown} Flu'")]


def test_a_line_split_by_other_marks_is_no_breadcrumb(run, tmp_path):
    text = "Home | Health A to Z | Flu\n\n# Flu\n\nFlu is a common infection.\n"
    assert check(run, tmp_path, text, select="BP001")[1] == []


def test_contact_details_in_a_leaflet_are_content(run, tmp_path):
    text = ("Contact us\n\nTelephone: 0300 123 4567\nEmail address: pals@example.nhs.uk\n\n"
            "Useful contacts\nMacmillan Cancer Support\nCancer Research UK\nMarie Curie\nMaggie's Centres\n")
    assert check(run, tmp_path, text, "page.txt")[1] == []


@pytest.mark.parametrize("line,code", [
    # A phrase is found in any case: ASCII lines are matched lower-cased, others as they are.
    ("CLICK HERE", "BP007"),
    ("Click Here →", "BP007"),
    ("Read More »", "BP007"),
    ("SKIP TO MAIN CONTENT", "BP005"),
    ("ſkip to main content", "BP005"),  # re folds the long s to s, as a reader does
    ("Schedule an Appointment", "BP002"),
    ("Email Addreſs", "BP003"),
])
def test_chrome_phrases_in_any_case(run, tmp_path, line, code):
    _, found = check(run, tmp_path, f"Flu is a common infection.\n\n{line}\n\nIt spreads easily.\n", "page.txt")
    assert [(d["code"], d["line"]) for d in found] == [(code, 3)]


@pytest.mark.parametrize("line,codes", [
    ("Back to top", ["BP005"]),
    ("Top to back", []),  # every word of "back to top", not in its order
    ("Go back to the top", []),  # the words of "back to top" with another between
    ("Click to enlarge", ["BP005"]),
    ("Enlarge", ["BP005"]),  # a phrase of one word
    ("Follow us", ["BP005"]),
    ("Follow the advice", []),  # a phrase's first word without its others
])
def test_a_line_is_chrome_where_a_phrases_words_make_the_phrase(run, tmp_path, line, codes):
    """A line that lacks one word of each phrase starting with one of its words is not searched
    for the phrases; one that holds them all is, and the phrase decides."""
    _, found = check(run, tmp_path, f"# Flu\n\nFlu is a common infection.\n\n{line}\n\nIt spreads easily.\n")
    assert [(d["code"], d["line"]) for d in found] == [(code, 5) for code in codes]
