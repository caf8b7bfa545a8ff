"""Duplication (DU): text said twice is reported at the second copy, naming the first one's line."""

import json

import pytest


def check(run, tmp_path, text, name="page.md"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", "--format", "json", "--select", "DU", name)
    return result, [(d["code"], d["line"], d["column"], d["message"]) for d in json.loads(result.output)["diagnostics"]]


PARAGRAPH = "Tell your care team straight away if you get diarrhoea, a cough or a skin rash during treatment."


def test_doubled_title(run, tmp_path):
    result, found = check(run, tmp_path, "# Immunotherapy Immunotherapy\n\nIt helps your immune system.\n")
    assert result.exit_code == 1
    assert found == [("DU001", 1, 17, "Title or heading says 'Immunotherapy' twice")]


def test_doubled_title_of_a_text_file_and_an_html_page(run, tmp_path):
    assert check(run, tmp_path, "Flu vaccine Flu vaccine\n\nIt is free.\n", "p.txt")[1] == [
        ("DU001", 1, 13, "Title or heading says 'Flu vaccine' twice")]
    assert [f[0] for f in check(run, tmp_path, "<h1>Flu vaccine flu vaccine</h1>", "p.html")[1]] == ["DU001"]


def test_doubled_title_with_two_kinds_of_apostrophe(run, tmp_path):
    _, found = check(run, tmp_path, "# Crohn’s disease Crohn's disease\n\nIt affects the gut.\n")
    assert found == [("DU001", 1, 19, "Title or heading says 'Crohn's disease' twice")]


def test_same_heading_twice_in_a_row(run, tmp_path):
    _, found = check(run, tmp_path, "# Flu\n\n## Side effects\n\n## Side effects\n\nYou may feel tired.\n")
    assert found == [("DU002", 5, 4, "Heading 'Side effects' repeats the heading just before it (line 3)")]


@pytest.mark.parametrize("text, expected", [
    # A paragraph between the two headings breaks the pair.
    ("# Flu\n\n## Side effects\n\nYou may feel tired after it.\n\n## Side effects\n\nRest.\n", []),
    # A short line straight after a heading, saying it again: the heading printed twice.
    ("# Flu\n\n## Side effects\n\nSide effects\n\nYou may feel tired.\n", [("DU002", 5, 1)]),
    # Two short lines in a row, not after a heading: a list that lost its marks, not reported.
    ("# Flu\n\nYou may feel tired.\n\nSide effects\n\nSide effects\n\nRest.\n", []),
    # Three in a row: each after the one before.
    ("# Flu\n\n## Rest\n\n## Rest\n\n## Rest\n\nSleep well.\n", [("DU002", 5, 4), ("DU002", 7, 4)]),
])
def test_a_repeated_heading_must_follow_it_in_a_row(run, tmp_path, text, expected):
    assert [f[:3] for f in check(run, tmp_path, text)[1]] == expected


def test_a_site_name_suffix_on_the_first_heading_is_not_a_repeat(run, tmp_path):
    # cancer.gov pages converted to Markdown start "# X - NCI" then "# X": a template
    # pattern of the converter, not a repeated heading.
    assert check(run, tmp_path, "# Bleomycin Sulfate - NCI\n\n# Bleomycin Sulfate\n\nIt is a drug.\n")[1] == []


def test_repeated_paragraph_names_the_first_copy(run, tmp_path):
    _, found = check(run, tmp_path, f"# Flu\n\n{PARAGRAPH}\n\nYou may feel sick.\n\n{PARAGRAPH.upper()}\n")
    assert found == [("DU003", 7, 1, "Paragraph repeats the one on line 3: "
                                     "'TELL YOUR CARE TEAM STRAIGHT AWAY IF YOU GET DIARRHOEA, A C…'")]


def test_near_copy_of_a_long_paragraph(run, tmp_path):
    first = "Most people with flu feel better within a week or two, and they do not need any treatment from a doctor."
    second = first.replace("two", "2")
    _, found = check(run, tmp_path, f"# Flu\n\n{first}\n\n{second}\n")
    assert [(f[0], f[1]) for f in found] == [("DU003", 5)]
    assert found[0][3].startswith("Paragraph nearly repeats the one on line 3")


@pytest.mark.parametrize("text", [
    # The same standard paragraph under three headings is a template, deliberate.
    f"# Flu\n\n## Stage 1\n\n{PARAGRAPH}\n\n## Stage 2\n\n{PARAGRAPH}\n\n## Stage 3\n\n{PARAGRAPH}\n",
    # Parallel short paragraphs, written alike on purpose.
    "# Bladder cancer\n\nIn stage 1, the cancer is only in the inner lining of the bladder wall.\n\n"
    "In stage 2, the cancer is only in the muscle layer of the bladder wall.\n",
])
def test_deliberate_repetition_is_not_reported(run, tmp_path, text):
    assert check(run, tmp_path, text)[1] == []


def test_sentence_said_twice_in_a_paragraph(run, tmp_path):
    text = "# Asthma\n\nUse your reliever inhaler when you feel wheezy. Keep it with you. Use your reliever inhaler when you feel wheezy.\n"
    _, found = check(run, tmp_path, text)
    assert found == [("DU004", 3, 67, "Sentence repeats the one on line 3: 'Use your reliever inhaler when you feel wheezy.'")]


def test_sentence_said_again_in_another_paragraph_is_not_compared(run, tmp_path):
    # DU004 compares a paragraph's sentences with each other only: each paragraph is its own part.
    said = "Use your reliever inhaler when you feel wheezy."
    text = f"# Asthma\n\n{said} Keep it with you.\n\nSee your nurse once a year. {said}\n"
    assert check(run, tmp_path, text)[1] == []


@pytest.mark.parametrize("text, column", [
    # Case and the kind of apostrophe are not differences.
    ("Don’t stop taking your tablets when you feel better. Ask us first. "
     "DON'T STOP TAKING YOUR TABLETS WHEN YOU FEEL BETTER.", 68),
    # A pronunciation guide is among the words compared.
    ("Bleomycin (BLEE-oh-MY-sin) can cause a cough in some people. Tell us. "
     "Bleomycin (BLEE-oh-MY-sin) can cause a cough in some people.", 71),
    # "İ" lower-cases to "i" and a combining dot: "İzmir" is then two words, and the
    # sentence of seven words in print is one of eight, long enough to be compared.
    ("Clinics in İzmir open at nine daily. Call first. Clinics in İzmir open at nine daily.", 50),
])
def test_sentence_said_twice_compared_as_its_words(run, tmp_path, text, column):
    _, found = check(run, tmp_path, f"# Clinics\n\n{text}\n")
    assert [(code, line, col) for code, line, col, _ in found] == [("DU004", 3, column)]


def test_sentences_that_differ_by_a_colon_in_a_greek_word_are_not_repeats(run, tmp_path):
    # "Σ" lower-cases by what follows it: "ΟΔΟΣ:Α" holds "οδοσ", "ΟΔΟΣ Α" holds "οδος".
    text = ("Ring the ΟΔΟΣ:Α desk when your wound leaks or smells. Tell us. "
            "Ring the ΟΔΟΣ Α desk when your wound leaks or smells.")
    assert check(run, tmp_path, f"# Wounds\n\n{text}\n")[1] == []


def test_sentences_that_differ_by_a_pronunciation_guide_are_not_repeats(run, tmp_path):
    text = "Bleomycin (BLEE-oh-MY-sin) can cause a cough in some people. Tell us. Bleomycin can cause a cough in some people."
    assert check(run, tmp_path, f"# Bleomycin\n\n{text}\n")[1] == []


def test_a_repeated_section_is_one_finding_however_deep_its_subsections(run, tmp_path):
    section = f"## Side effects\n\n{PARAGRAPH}\n\n### Rare side effects\n\nA few people get a fever.\n\n#### Very rare\n\nOne in ten thousand has a fit.\n\n"
    text = f"# Flu\n\n{section}## Diet\n\nEat well.\n\n{section}## Getting help\n\nCall us.\n"
    _, found = check(run, tmp_path, text)
    assert [(code, line, message.split(":")[0]) for code, line, _, message in found] == [
        ("DU003", 19, "Section repeats the one on line 3")]


def test_a_near_copy_of_two_equally_alike_paragraphs_names_the_first(run, tmp_path):
    words = ("if you feel unwell after your treatment please tell the nurse on the ward so that they can check "
             "your temperature and your blood pressure and decide whether you need to see the doctor today").split()

    def edited(*changes):
        return " ".join(dict(changes).get(i, word) for i, word in enumerate(words)) + "."

    # Each earlier paragraph differs from the last one in two words, far apart: as many word
    # triples in common, as alike; and they differ from each other in four, too many to be copies.
    first, second, last = edited((2, "ill"), (20, "heat")), edited((9, "staff"), (28, "choose")), edited()
    _, found = check(run, tmp_path, f"# Flu\n\n{first}\n\n{second}\n\n{last}\n")
    assert [(code, line, message.split(":")[0]) for code, line, _, message in found] == [
        ("DU003", 7, "Paragraph nearly repeats the one on line 3")]


CAPTION = "The diagram shows where the lymph nodes are in the neck, the chest and the armpit."


@pytest.mark.parametrize("text, name, expected", [
    # A figure shown twice with its caption: the caption's second copy is not a paste slip.
    (f"# Lymphoma\n\n![Lymph nodes](nodes.png)\n\n{CAPTION}\n\nYou may feel a lump.\n\n"
     f"![Lymph nodes](nodes.png)\n\n{CAPTION}\n", "page.md", []),
    (f"<h1>Lymphoma</h1><img src='nodes.png'><p>{CAPTION}</p><p>You may feel a lump.</p>"
     f"<IMG src='nodes.png'><p>{CAPTION}</p>", "page.html", []),
    # On a page with a figure, two copies that no figure stands before are copies.
    (f"# Lymphoma\n\n![Lymph nodes](nodes.png)\n\nYou may feel a lump.\n\n{CAPTION}\n\nRest.\n\n{CAPTION}\n",
     "page.md", [("DU003", 11)]),
    # A figure inside the paragraph before the copy stands in that paragraph, not between the two.
    (f"# Lymphoma\n\n{CAPTION}\n\nYou may feel a lump ![a lump](lump.png) in your neck.\n\n{CAPTION}\n",
     "page.md", [("DU003", 7)]),
    (f"<h1>Lymphoma</h1><p>{CAPTION}</p><p>You may feel a lump <img src='lump.png'> in your neck.</p>"
     f"<p>{CAPTION}</p>", "page.html", [("DU003", 1)]),
])
def test_a_caption_shown_again_with_its_figure_is_not_a_copy(run, tmp_path, text, name, expected):
    assert [(code, line) for code, line, _, _ in check(run, tmp_path, text, name)[1]] == expected
