"""Correct patient-education text that a careless rule would flag. None of it may be reported."""

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes

# Rules that judge a sentence by its page (an abbreviation explained elsewhere, a statistic on a
# page with sources) cannot judge these one-line pages: tests/test_sources.py and
# tests/test_plain_language.py test them in context.
# RV001 asks every page for a review date, which these snippets do not have.
SETTINGS = build_settings(Config(), ignore=("SC001", "SC005", "PL003", "RV001"))

CORRECT_TEXT = [
    "People with type 2 diabetes may have a blood test 2 weeks after starting metformin.",
    "Tests you may have",
    "Stage 2 bowel cancer",
    "Grade 3",
    "Step 1",
    "Part 2",
    "Section 2 of the form asks about your medicines.",
    "Day 1",
    "Week 2",
    "Sample 1",
    "Image 2",
    "Phase 3 trials compare a new treatment with the standard one.",
    "Todo el mundo puede vacunarse contra la gripe.",
    "Our website uses CSS and JavaScript. If JavaScript is turned off, the map will not work.",
    "Ménière's disease causes vertigo. Sjögren’s syndrome causes dry eyes. Eat pâté only if pasteurised.",
    "Keep it below 25°C – and out of reach of children. The dose is 5 µg; costs £5 (≥ €6).",
    "Fewer than 5% (<5%) have side effects; under 1 in 100 (< 1%) have serious ones.",
    "Research shows the vaccine works [1]. Further reading [2].",
    "You will have a GA (general anaesthetic) before the operation.",
    "Let your doctor know if you feel worse. Try to rest; catch up on sleep.",
    "Read the document. Window cleaners should wear gloves.",
    "Immune checkpoint inhibitors target PD-1, PD-L1 or CTLA-4. HbA1c shows long-term blood sugar.",
    "COVID-19 and H1N1 flu are caused by viruses. Take vitamin B12 and omega-3.",
    "Call 111 or 0300 123 4567. Text 'FLU' to 81025.",
    "Use R&D-tested creams; A&E is for emergencies.",
    "Pronounced (an-tee-TRIP-sin), alpha-1 antitrypsin deficiency is inherited.",
    "Ask for a link worker, a test kit or a sample pot at reception.",
    "The placebo group had a similar number of headaches.",
    "Your test results will be sent to your GP.",
    "Insert the applicator gently, then remove it.",
    "Click here to read about side effects.",
    "Title and summary of the leaflet",
    "If you are aged 50 to 74, you'll be sent a home test kit every 2 years.",
]


@pytest.mark.parametrize("text", CORRECT_TEXT)
@pytest.mark.parametrize("file_format,wrap", [
    ("markdown", "{}\n"),
    ("html", "<!DOCTYPE html><html><body><main><p>{}</p></main></body></html>"),
    ("text", "{}\n"),
])
def test_correct_text_is_not_flagged(text, file_format, wrap):
    html_text = text.replace("&", "&amp;").replace("<", "&lt;") if file_format == "html" else text
    diagnostics = lint_bytes(wrap.format(html_text).encode(), "page", file_format, SETTINGS).diagnostics
    assert [(d.code, d.message) for d in diagnostics] == []
