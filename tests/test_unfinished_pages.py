"""Unfinished pages (PH) and leaked markup (MK): more examples of each kind the handed cases
showed, both ways, in the formats each rule reads."""

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes

SETTINGS = build_settings(Config(), select=("PH", "MK"))


def findings(text: str, file_format: str = "markdown") -> list[tuple[str, int, str]]:
    return [(d.code, d.line, d.message) for d in lint_bytes(text.encode(), "page", file_format, SETTINGS).diagnostics]


def codes(text: str, file_format: str = "markdown") -> list[tuple[str, int]]:
    return [(code, line) for code, line, _ in findings(text, file_format)]


@pytest.mark.parametrize("text,file_format,expected", [
    # JavaScript values where a value belongs
    ("# Clinics\n\nOpening hours: null\n", "markdown", [("PH004", 3)]),
    ("Your consultant is undefined. Ward: [object Object]\n", "text", [("PH004", 1), ("PH004", 1)]),
    ("<main><h1>Results</h1><p>Your BMI is NaN.</p></main>", "html", [("PH004", 1)]),
    # Drupal tokens
    ("Contact [site:name] on [site:phone].\n", "text", [("PH003", 1), ("PH003", 1)]),
    ("<p>Last updated [node:changed:long]</p>", "html", [("PH003", 1)]),
    # "Add content here" stand-ins
    ("# Flu\n\nContent to be added\n", "markdown", [("PH001", 3)]),
    ("<main><h2>Treatment</h2><p>Add your content here.</p></main>", "html", [("PH001", 1)]),
    # Error pages
    ("<html><head><title>403 Forbidden</title></head><body><p>nginx</p></body></html>", "html", [("PH007", 1)]),
    ("Page not found\n\nThe page you are looking for has moved.\n", "text", [("PH007", 1)]),
    # Markdown in an HTML page's text
    ("<p>Take it __with food__ and see [our leaflet](/leaflets/ibuprofen.pdf).</p>", "html", [("MK007", 1), ("MK007", 1)]),
    # HTML comments shown as text
    ("<p>&lt;!-- check the dose --&gt;Take one tablet.</p>", "html", [("MK008", 1)]),
    ("# Flu\n\n&lt;!-- /wp:heading --&gt; Rest at home.\n", "markdown", [("MK008", 3)]),
    # JSON shown as text
    ('<p>[{"name": "Ibuprofen", "dose": 200}]</p>', "html", [("MK009", 1)]),
    # Empty sections and stand-in links
    ("# Asthma\n\n## Causes\n\n## Symptoms\n\nWheezing.\n", "markdown", [("PH005", 3)]),
    ("<main><h1>Asthma</h1><p>A lung condition.</p><h2>Triggers</h2><h2>Help</h2><p>Call 111.</p></main>", "html", [("PH005", 1)]),
    ("Read [more information]() about inhalers.\n", "markdown", [("PH006", 1)]),
    ('<p><a href="">Visit our clinic page</a></p>', "html", [("PH006", 1)]),
])
def test_unfinished_page_is_reported(text, file_format, expected):
    assert codes(text, file_format) == expected


@pytest.mark.parametrize("text,file_format", [
    ("The cause is undefined in most people, so doctors call it idiopathic.", "text"),
    ("Researchers tested the null hypothesis. Ask your nan.", "text"),
    ("See note [1] and [Asthma UK](https://www.asthmaandlung.org.uk) for help.", "markdown"),
    ("**Do not** stop your inhaler. See [the NHS page](https://www.nhs.uk/).", "markdown"),
    ("Symptoms --> see a GP. Take 2*3 puffs. Use {a spacer} if you have one.", "text"),
    ("<p>If the page is not found, call 111. Error messages on the inhaler's counter mean it is empty.</p>", "html"),
    ("# What to do if your inhaler is not found\n\nKeep a spare one.", "markdown"),
    ("# Asthma\n\n## Symptoms\n\n### In children\n\nCoughing at night.\n", "markdown"),
    ("# Asthma\n\n## How inhalers work\n\n![An inhaler](inhaler.png)\n\n## Help\n\nCall 111.\n", "markdown"),
    ("# Asthma\n\n## The cause of most asthma is not known.\n\n## Symptoms\n\nWheezing.\n", "markdown"),
    ('<p><a href="#">Show all</a> <a href="#top">Back to the list</a></p>', "html"),
])
def test_correct_page_is_not_reported(text, file_format):
    assert findings(text, file_format) == []


def test_empty_section_message_names_what_follows():
    assert findings("# Asthma\n\n## Causes\n\n## Symptoms\n\nWheezing.\n\n## Help\n")[0][2] == (
        "Section 'Causes' is empty: the next thing on the page is the heading 'Symptoms'")
    assert findings("# Asthma\n\nWheezing.\n\n## Help\n")[0][2] == "Section 'Help' is empty: the page ends after it"


def test_markdown_in_a_template_that_renders_markdown_is_not_a_leak():
    template = "<main>{% markdown %}\n**Do not** stop your inhaler. See [help](/help).\n{% endmarkdown %}</main>"
    settings = build_settings(Config(), select=("MK",))
    assert lint_bytes(template.encode(), "page", "html", settings).diagnostics == []
