"""EN001 mojibake: damaged words are found and repaired when the repair is exact; correct text
in other scripts and letters used as symbols are never reported."""

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes

SETTINGS = build_settings(Config(), select=("EN",))
FORMATS = [
    ("markdown", "# Eye care\n\n{}\n"),
    ("html", "<!DOCTYPE html><html><body><main><h1>Eye care</h1>\n\n<p>{}</p></main></body></html>"),
    ("text", "Eye care\n\n{}\n"),
]


def lint(text: str, file_format: str, wrap: str) -> list[tuple]:
    diagnostics = lint_bytes(wrap.format(text).encode(), "page", file_format, SETTINGS).diagnostics
    return [(d.line, d.code, d.message, d.suggestion) for d in diagnostics]


@pytest.mark.parametrize("text", [
    "The Serbian for doctor's name Ђорђе is written in Cyrillic: ђак, Ђурђевдан.",
    "A Serbian page may say новЂорђе in a compound name.",
    "Our 𝐁𝐨𝐥𝐝 𝐡𝐞𝐚𝐝𝐢𝐧𝐠 and ℌ𝔢𝔞𝔩𝔱𝔥 letters are decorative, as is ℌ.",
    "The unit symbol СВ°С is a typo-free Cyrillic abbreviation.",
    "Greek μ and Σ, maths ≤ ≥ ± × ÷ √π, arrows → and №5 are symbols.",
])
@pytest.mark.parametrize("file_format,wrap", FORMATS)
def test_correct_text_in_other_scripts_is_not_mojibake(text, file_format, wrap):
    assert lint(text, file_format, wrap) == []


@pytest.mark.parametrize("word,repaired", [
    ("donâ€™t", "don’t"),
    ("38Â°C", "38°C"),
    ("SjÃ¶gren’s", "Sjögren’s"),
    ("ÃƒÂ©tude", "étude"),  # twice damaged
    ("Р±РѕР»СЊРЅРёС†Рµ", "больнице"),  # Cyrillic read as cp1251
])
@pytest.mark.parametrize("file_format,wrap", FORMATS)
def test_mojibake_with_an_exact_repair_is_suggested(word, repaired, file_format, wrap):
    assert lint(f"Read this: {word} now.", file_format, wrap) == [
        (3, "EN001", f"Mojibake '{word}': text decoded with the wrong encoding (probably '{repaired}')", repaired)]


@pytest.mark.parametrize("file_format,wrap", FORMATS)
def test_a_repair_that_guesses_is_not_suggested(file_format, wrap):
    """The Hebrew word lost its last byte: ftfy can only guess, so nothing is suggested."""
    assert lint("Ask for the ×©×œ×•× leaflet.", file_format, wrap) == [
        (3, "EN001", "Mojibake '×©×œ×•×': text decoded with the wrong encoding", None)]


@pytest.mark.parametrize("text", ["A lone Â\u00ad here.", "Closing quote â€\u009d here.", "Text\u009d here."])
def test_no_message_ever_suggests_a_question_mark(text):
    for file_format, wrap in FORMATS:
        for _, code, message, _ in lint(text, file_format, wrap):
            assert "probably '?'" not in message and "(probably '')" not in message


def test_no_match_of_the_detector_is_made_of_ascii_and_the_harmless_characters():
    """Each alternative of ftfy's detector has a part that no ASCII or HARMLESS character
    matches: a block of only those is never searched, and nothing is missed by it."""
    from re import _compiler, _parser

    from medlint.checks.mojibake import HARMLESS, badness_pattern

    badness = badness_pattern()
    parsed = _parser.parse(badness.pattern, badness.flags)
    [(_, (_, alternatives))] = parsed.data  # one alternation
    allowed = "".join(map(chr, range(128))) + HARMLESS
    for alternative in alternatives:
        parts = [_compiler.compile(_parser.SubPattern(parsed.state, [item]), badness.flags) for item in alternative]
        assert any(not part.search(allowed) for part in parts), alternative


@pytest.mark.parametrize("text", [
    "Don’t worry – it’s “normal”\u00a0… • Tylenol® © 2024, 38°C",
    "Use it twice a day — not more.",
])
@pytest.mark.parametrize("file_format,wrap", FORMATS)
def test_curly_quotes_dashes_and_signs_are_not_mojibake(text, file_format, wrap):
    assert lint(text, file_format, wrap) == []


@pytest.mark.parametrize("text,word", [
    ("Don’t worry – it’s “normal”: donâ€™t panic.", "donâ€™t"),
    ("Fever — over 38Â°C — needs a doctor.", "38Â°C"),
    ("It’s SjÃ¶gren’s syndrome.", "SjÃ¶gren’s"),
])
@pytest.mark.parametrize("file_format,wrap", FORMATS)
def test_mojibake_among_curly_quotes_and_dashes_is_found(text, word, file_format, wrap):
    assert [(line, code, message.split(":")[0]) for line, code, message, _ in lint(text, file_format, wrap)] == [
        (3, "EN001", f"Mojibake '{word}'")]
