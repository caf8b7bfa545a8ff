"""Readability rules (RD): sentence splitting, syllables, the page grade, long sentences and
paragraphs, and no network at run time."""

import socket

import pytest

from conftest import FIXTURES, findings
from medlint.checks.reading_grade import grades
from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.readers import read_document
from medlint import syllables
from medlint.syllables import SyllableCounter, cmudict_counts
from medlint.analysis.sentences import sentences, split_sentences
from medlint.analysis.words import words

SETTINGS = build_settings(Config())

EASY = "You may get a rash or itchy skin. "
HARD = "Immunotherapy necessitates regular endocrinological evaluation. "


def lint(text: str, file_format: str = "markdown", settings=SETTINGS):
    return lint_bytes(text.encode(), "page", file_format, settings)


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


@pytest.mark.parametrize("text", [
    "Dr. Patel will see you.",
    "Take approx. 2.5 mg each day.",
    "Use the cream (approx. 5 times a day) on the rash.",
    "Ask about painkillers, e.g. Paracetamol, for the fever.",
    "Come in at 9.30am. Bring your letter.",
    "Some drugs, e.g. Nurofen, upset the stomach.",
    "Rest, i.e. Sleep well, then eat.",
    "J. K. Smith wrote this leaflet.",
    "It is approved in the U.S. Food and drinks are fine.",
])
def test_abbreviations_decimals_times_and_initials_do_not_end_a_sentence(text):
    spans = split_sentences(text)
    expected = 2 if "Bring" in text else 1
    assert len(spans) == expected, [text[a:b] for a, b in spans]


def test_sentences_end_at_full_stops_before_a_capital():
    text = "Flu is common. It spreads easily! Do you have it? Rest (and drink water). Then call us."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Flu is common.", "It spreads easily!", "Do you have it?", "Rest (and drink water).", "Then call us."]


def test_pronunciation_guides_and_addresses_are_not_words():
    assert words("Melanoma (MEL-uh-NOH-muh) is described at https://www.nhs.uk/melanoma.") == [
        "Melanoma", "is", "described", "at"]


@pytest.mark.parametrize("word,count", [
    ("melanoma", 4), ("immunotherapy", 6), ("chemotherapy", 5), ("radiotherapy", 6), ("mesothelioma", 6),
    ("leukaemia", 4), ("pneumonia", 3), ("biopsy", 3), ("paracetamol", 5), ("ibuprofen", 4),
    ("diarrhoea", 4), ("oesophagus", 4), ("tumour", 2), ("cancer", 2), ("medication", 4),
    ("self-care", 2), ("gastroenteritis", 6),
])
def test_syllables_of_medical_words(word, count):
    # gastroenteritis comes from the pack's own exception list
    exceptions = SETTINGS.rules["RD001"].params["syllables"]
    assert SyllableCounter(exceptions).count(word) == count


def test_syllables_of_a_page_s_words_in_one_call(monkeypatch):
    # A page's words are counted in one call, each as its own count would be: any case, a
    # curly apostrophe, a hyphen; a run that has counted more words than it keeps starts again.
    monkeypatch.setattr(syllables, "CACHED_WORDS", 3)
    counter = SyllableCounter()
    words = ["Cancer", "cancer", "nurse’s", "follow-up", "CHEMOTHERAPY", "Cancer"]
    assert counter.counts(words) == [2, 2, 2, 3, 5, 2]
    assert counter.counts(["biopsy", "cancer"]) == [3, 2]  # (after starting again)


def test_headings_nav_tables_and_code_are_not_prose():
    page = ("<html><body><nav><p>Home. About us. Contact.</p></nav><main><h1>Flu</h1>"
            "<p>Flu is common. Rest at home.</p><table><tr><td>Dose. Time.</td></tr></table>"
            "<pre>code. more code.</pre><ul><li>fever</li><li>aches</li></ul></main></body></html>")
    found = sentences(read_document(page.encode(), "page", "html"))
    assert [s.block.text[s.start:s.end] for s in found] == ["Flu is common.", "Rest at home.", "fever", "aches"]


def test_grade_is_reported_as_a_fact_and_above_target_as_a_finding():
    result = lint("# Treatment\n\n" + HARD * 12)
    assert result.facts["reading_grade"] > 10
    (diagnostic,) = [d for d in result.diagnostics if d.code.startswith("RD00") and d.code < "RD003"]
    assert diagnostic.code == "RD002" and diagnostic.severity == "error" and diagnostic.line == 1
    assert "SMOG" in diagnostic.message and "Flesch-Kincaid" in diagnostic.message
    assert "less reliable" in diagnostic.message  # 12 sentences, under 30


def test_an_easy_page_has_a_grade_and_no_finding():
    result = lint("# Skin\n\n" + EASY * 12)
    assert result.facts["reading_grade"] < 8
    assert not [c for c in codes(result) if c in ("RD001", "RD002")]


def test_under_ten_sentences_there_is_no_grade():
    result = lint("# Treatment\n\n" + HARD * 9)
    assert "reading_grade" not in result.facts
    assert not [c for c in codes(result) if c in ("RD001", "RD002")]


def test_thirty_sentences_or_more_give_no_reliability_caveat():
    (diagnostic,) = [d for d in lint("# Treatment\n\n" + HARD * 30).diagnostics if d.code == "RD002"]
    assert "less reliable" not in diagnostic.message


def test_target_grade_from_config_moves_the_thresholds(run, tmp_path):
    (tmp_path / "page.md").write_text("# Treatment\n\n" + HARD * 12)
    (tmp_path / "medlint.toml").write_text("target-grade = 20\n")
    assert run("check", "--select", "RD001,RD002", "page.md").exit_code == 0
    (tmp_path / "medlint.toml").write_text("target-grade = 15\n")
    result = run("check", "--format", "json", "--select", "RD001,RD002", "page.md")
    assert findings(result) == [("page.md", 1, 1, "RD001")]
    assert "target of 15" in result.output


def test_long_sentence_and_long_paragraph_at_their_own_lines(run):
    result = run("check", "--format", "json", "--select", "RD003,RD004", "readability/bad.md", cwd=FIXTURES)
    assert findings(result) == [("readability/bad.md", 9, 1, "RD004"), ("readability/bad.md", 15, 1, "RD003")]
    assert result.exit_code == 1


def test_sentence_length_is_configurable_in_the_config(run, tmp_path):
    (tmp_path / "medlint.toml").write_text("[rules.RD003]\nmax-words = 10\n")
    (tmp_path / "page.md").write_text("One two three four five six seven eight nine ten eleven.\n")
    result = run("check", "--format", "json", "--select", "RD003", "page.md")
    assert findings(result) == [("page.md", 1, 1, "RD003")]
    assert "Sentence of 11 words (over 10)" in result.output


def test_a_rule_parameter_in_config_is_checked_against_its_schema(run, tmp_path):
    (tmp_path / "medlint.toml").write_text("[rules.RD003]\nmax-words = 'ten'\n")
    (tmp_path / "page.md").write_text("Short.\n")
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert "medlint.toml: rules.RD003 params: max_words must be a whole number" in result.output


def test_our_formulas_match_textstat_given_the_same_sentences_and_syllables(monkeypatch):
    """textstat is the reference implementation: fed medlint's syllable counts through the one
    seam it has, its SMOG, Flesch-Kincaid and Coleman-Liau equal medlint's."""
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables as seam

    counter = SyllableCounter()

    class Table(dict):
        def __missing__(self, word):
            return [["A1"] * counter.count(word)]

    monkeypatch.setattr(seam, "get_cmudict", lambda lang: Table())
    monkeypatch.setattr(seam, "get_pyphen", lambda lang: None)
    seam.count_syllables.cache_clear()
    page = read_document(("# Flu\n\n" + (EASY + HARD + "Most people recover within a week. ") * 5).encode(), "p", "markdown")
    found = sentences(page)
    # One sentence per line, words only (textstat would split at "2.5" or "e.g.").
    text = "\n".join(" ".join(s.words) + "." for s in found)
    all_words = [w for s in found for w in s.words]
    syllables = [counter.count(w) for w in all_words]
    ours = grades(len(found), len(all_words), sum(syllables), sum(n >= 3 for n in syllables),
                  sum(ch.isalpha() for w in all_words for ch in w))
    assert ours["smog"] == pytest.approx(textstat.smog_index(text), abs=0.01)
    assert ours["flesch_kincaid"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.01)
    assert ours["coleman_liau"] == pytest.approx(textstat.coleman_liau_index(text), abs=0.05)
    seam.count_syllables.cache_clear()


def test_no_network_at_run_time(monkeypatch, run):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    result = lint("# Treatment\n\n" + HARD * 12)
    assert "RD002" in codes(result) and result.facts["reading_grade"] > 10
    result = run("check", "--select", "RD", "readability", cwd=FIXTURES)
    assert result.exit_code == 1 and "RD002" in result.output and "Traceback" not in result.output


def test_syllables_load_only_when_a_grade_is_computed():
    cmudict_counts.cache_clear()
    lint("# Flu\n\n" + EASY * 12, settings=build_settings(Config(select=("PH", "RD003", "ST"))))
    assert cmudict_counts.cache_info().currsize == 0
    lint("# Flu\n\n" + EASY * 12, settings=build_settings(Config()))  # fresh checkers
    assert cmudict_counts.cache_info().currsize == 1


def test_no_grade_for_a_page_in_another_language():
    spanish = "La tos es un reflejo que mantiene despejada la garganta. " * 12
    assert "reading_grade" not in lint("# Tos\n\n" + spanish).facts
    assert "reading_grade" not in lint("---\nlanguage: es\n---\n\n" + HARD * 12).facts
    assert "reading_grade" in lint("<html lang='en-GB'><body><p>" + HARD * 12 + "</p></body></html>", "html").facts


def test_reference_lines_are_not_prose():
    citation = ("PDQ Editorial Board. Flu Treatment. Bethesda, MD: National Cancer Institute. Updated 2024. "
                "Available at: https://example.org/flu. Accessed 2024. [PMID: 26389265]\n")
    assert "RD004" not in codes(lint("# Flu\n\n" + citation))


def test_raw_markdown_in_html_is_split_at_its_lines():
    page = ("<html><body><main>{% markdown %}\n#Diet\n\nEat well and keep active every day of the week\n"
            "- fruit and vegetables of all kinds and colours\n- starchy foods such as pasta, rice and bread\n"
            "- a little sugar, fat and salt\n{% endmarkdown %}</main></body></html>")
    assert "RD003" not in codes(lint(page, "html"))


def test_blank_lines_in_html_source_end_a_paragraph():
    short = "Flu is common. It spreads easily. Rest at home."
    long = "Flu is common. It spreads easily. Rest at home. Drink water. Take paracetamol. Call 111."
    page = f"<html><body><main><div>{{% markdown %}}\n{short}\n\n{short}\n\n{long}\n{{% endmarkdown %}}</div></main></body></html>"
    (diagnostic,) = [d for d in lint(page, "html").diagnostics if d.code == "RD004"]
    assert (diagnostic.line, diagnostic.column) == (6, 1) and "6 sentences" in diagnostic.message
