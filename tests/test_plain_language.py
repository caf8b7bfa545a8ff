"""Plain language (PL): jargon with suggestions, and undefined abbreviations."""

import json

import pytest

from medlint.analysis.anchors import phrase_matches
from medlint.checks import substitution
from medlint.config import Config
from medlint.engine import build_settings, lint_bytes

SETTINGS = build_settings(Config(), select=("PL",))


def codes(text: str, file_format: str = "markdown", settings=SETTINGS) -> list[str]:
    return [d.code for d in lint_bytes(text.encode(), "page", file_format, settings).diagnostics]


def test_jargon_has_a_suggestion(run, tmp_path):
    (tmp_path / "page.md").write_text("# Blood pressure\n\nHypertension can damage your kidneys.\n")
    result = run("check", "--select", "PL", "--format", "json", "page.md")
    (diagnostic,) = json.loads(result.output)["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("PL001", 3, 1)
    assert diagnostic["suggestion"] == "high blood pressure"
    assert diagnostic["message"] == "Medical term 'Hypertension': say 'high blood pressure', or explain it where you use it"


@pytest.mark.parametrize("text", [
    "Hypertension (high blood pressure) can damage your kidneys.",
    "Hypertension, or high blood pressure, can damage your kidneys.",
    "High blood pressure (hypertension) can damage your kidneys. Hypertension is common.",
    "Blood pressure that stays high is called hypertension.",
    "A myocardial infarction (heart attack) needs urgent care.",
])
def test_explained_jargon_passes(text):
    assert "PL001" not in codes(f"# Page\n\n{text}\n")


def test_jargon_is_reported_once_per_page():
    assert codes("# Page\n\nAsk a physician. Another physician may agree.\n") == ["PL001"]


def test_abbreviation_is_reported_once_at_first_use(run, tmp_path):
    (tmp_path / "page.md").write_text("# COPD\n\nCOPD is a lung disease. COPD gets worse.\n")
    result = run("check", "--select", "PL003", "--no-color", "-q", "page.md")
    assert result.output == ("page.md:3:1: PL003 [warning] Abbreviation 'COPD' is not explained where it is first "
                             "used: write it out first, e.g. 'long form (COPD)'\n")


@pytest.mark.parametrize("text", [
    "Chronic obstructive pulmonary disease (COPD) is a lung disease. COPD gets worse.",
    "COPD (chronic obstructive pulmonary disease) is a lung disease.",
    "You will have a GA (general anaesthetic). Ask your GP, or go to A&E, or call NHS 111.",
    "COVID-19 and HIV are caused by viruses. Your DNA is checked in the UK and the US.",
    "Alpha-1 antitrypsin (an-tee-TRIP-sin) deficiency. Bleomycin (blee-oh-MY-sin).",
    "Stage IIIA or stage IV cancer. Take 500 MG twice a day. CO2 and H2O.",
    "DO NOT STOP TAKING THIS MEDICINE WITHOUT TALKING TO YOUR DOCTOR.",
    "Text 'FLU' to 81025. HbA1c shows your blood sugar.",
    "Write to us at 9000 Rockville Pike, Bethesda, MD 20892.",
    "A CT scan (CAT scan) takes pictures of the inside of your body.",
])
def test_known_or_explained_abbreviations_pass(text):
    assert codes(f"# Page\n\n{text}\n") == []


def test_heading_use_before_the_definition_is_fine():
    assert codes("# What is COPD?\n\nChronic obstructive pulmonary disease (COPD) is a lung disease.\n") == []


def test_config_abbreviations_extend_the_allow_list(tmp_path):
    page = "# Page\n\nYour PSA level is checked every year.\n"
    assert codes(page) == ["PL003"]
    config = tmp_path / "medlint.toml"
    config.write_text('abbreviations = ["PSA"]\n')
    from medlint.config import load_config

    assert codes(page, settings=build_settings(load_config(config), select=("PL",))) == []


@pytest.mark.parametrize("text, expected", [
    ("Cyclin-dependent kinase (CDK) controls cell division. Your CDK4 level is checked.", []),
    ("CDK controls cell division. Your CDK4 level is checked.", [("PL003", 3, 34)]),
])
def test_a_known_abbreviations_explanation_still_explains_its_family(text, expected):
    # CDK itself is known (never reported), but where the page explains it explains CDK4.
    settings = build_settings(Config(abbreviations=("CDK",)), select=("PL003",))
    diagnostics = lint_bytes(f"# Page\n\n{text}\n".encode(), "page", "markdown", settings).diagnostics
    assert [(d.code, d.line, d.column) for d in diagnostics] == expected


def test_substitution_keeps_reporting_every_use_without_the_new_params():
    from medlint.checks.substitution import Checker
    from medlint.readers import read_document

    document = read_document(b"Utilise it. Utilise (use) it.\n", "page.txt", "text")
    found = list(Checker({"swap": {"utilise": "use"}}).findings(document, None))
    assert len(found) == 2


@pytest.mark.parametrize("text,flagged", [
    ("Physician Data Query (PDQ) is NCI's database of cancer summaries.", []),
    ("The American College of Physicians publishes guidance.", []),
    ("Physicians should check your blood pressure.", ["Physicians"]),
    ("Ask your physician about a malignant mole.", ["physician", "malignant"]),
])
def test_jargon_inside_a_proper_name_is_not_flagged(text, flagged):
    from medlint.config import Config
    from medlint.engine import build_settings, lint_bytes

    settings = build_settings(Config(), select=("PL001",))
    diagnostics = lint_bytes(text.encode(), "page.txt", "text", settings).diagnostics
    assert [d.message.split("'")[1] for d in diagnostics] == flagged


# Long pages of abbreviations: each use is asked the definition tests only when what a form
# needs is near it ("called", a bracket, a kind word), and only until the first definition.
# What is reported must not depend on how far the text before reaches.
@pytest.mark.parametrize("text, expected", [
    # 400 uses with no definition: one finding, at the first.
    ("Take the XYZ test. " * 400, [("PL003", 3, 10)]),
    # The definition after a long run of uses: reported as explained only further down.
    ("Ask about XYZ now. " * 300 + "A protein called XYZ helps.", [("PL003", 3, 11)]),
    # Explained first, far from the uses that follow: nothing to report.
    ("A protein called XYZ helps. " + "Ask about XYZ now. " * 300, []),
    # One long word of brackets before each use ("(AB(AB(AB…"): the words before are read
    # back only as far as they reach. A bracket after lower-case words explains it.
    ("Tests: " + "(ABQ(ABQ(ABQ(x" * 200, []),
    ("Blood cells (" + "(ABQ" * 300 + "; ABQ) count.", []),
])
def test_abbreviation_on_a_long_page(text, expected):
    found = lint_bytes(f"# Page\n\n{text}\n".encode(), "page", "markdown", SETTINGS).diagnostics
    assert [(d.code, d.line, d.column) for d in found] == expected


@pytest.mark.parametrize("text", [
    "", "one", "  lead and trail  ", "(AB(AB(AB", "a\u00a0b\tc\nd  e", "x y z w v\n",
    # Longer than the stretch read back for a few words: words of every length, long gaps.
    "Blood (CBC) and urine tests. " * 12, "(AB" * 90 + " x" * 30, "pneumonoultramicroscopic X  " * 9 + "\t" * 70 + "DNA",
])
def test_words_before_an_offset_are_the_split_words(text):
    from medlint.checks.abbreviations import _Marks

    marks = _Marks(text, None)
    for end in range(len(text) + 1):
        for count in (1, 2, 3, 7):
            words = text[:end].split()[-count:]
            assert marks.last_words(end, count) == words
            assert marks.lower_in_words(end, count) == any(c.islower() for word in words for c in word)


@pytest.mark.parametrize("text", [
    "Your Physician will Administer the drug. ADMINISTER it daily; administer\tit   again.",
    "An Ambulatory  patient, ambulatory care; Ärzte administer the Analgesic (analgesics).",
    "ſ and the Kelvin sign K fold otherwise: administer the analgesic.",  # read as re folds it
    "Administered, administering, readminister: physician's PHYSICIANS.",
    "The ſtrength of a Kelvin-ſign phrase: ſtrong, STRONG.",  # a phrase with the long s: searched as it is
])
def test_substitution_matches_as_its_regex_finds_them(text):
    # The lower-cased text is searched case-sensitively: the matches must be the regex's own.
    checker = substitution.Checker({"swap": {"administer": "give", "ambulatory": "walking", "analgesic": "painkiller",
                                            "physician": "doctor", "ſtrong" if "ſ" in text else "strength": "x"}})
    expected = [(m.start(), m.end(), m.group()) for m in checker.anchors.regex.finditer(text)]
    assert [(m.start(), m.end(), m.group()) for m in phrase_matches(checker.anchors.regex, text)] == expected
    assert expected


@pytest.mark.parametrize("texts", [
    ["CT-", "MRI scan", "x/", "PET-CT and NHS", "ABCs"],
    ["", "A&E", "-", "DNA", "e.g. RNA", "HER2–neu", "BRCA1s", "{{", "NCI"],
    ["Ends in a capital A", "B starts one", "under_", "CDK6 then", "a CT", "TP53"],
])
def test_abbreviation_tokens_of_the_joined_page_are_each_blocks_own(texts):
    # PL003 scans the page's blocks joined by line breaks: a token must be what the block's
    # text alone holds, whatever ends the block before it or starts the one after.
    from types import SimpleNamespace

    from medlint.analysis.page_text import PageText
    from medlint.checks.abbreviations import TOKEN

    found = PageText([SimpleNamespace(text=text) for text in texts]).matches(TOKEN)
    alone = {index: [(m[1], m.start(), m.end()) for m in TOKEN.finditer(text)] for index, text in enumerate(texts)}
    assert found == {index: tokens for index, tokens in alone.items() if tokens}
    assert found  # (each case holds tokens)
