"""Every rule's documented examples behave as documented, and broken packs fail clearly."""

import calendar
import datetime
import re

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.examples import example_page
from medlint.packs import builtin_pack_files, load_pack, load_rules

RULES = load_rules()
MONTHS = calendar.month_name
EXAMPLES = [(code, i, example) for code, rule in RULES.items() if rule.checker
            for i, example in enumerate(rule.examples)]


def codes_in(text: str, file_format: str, today: datetime.date) -> set[str]:
    settings = build_settings(Config(), today=today)
    return {d.code for d in lint_bytes(text.encode(), "example", file_format, settings).diagnostics}


# Examples are shown on any day: today, a leap day, a month's end, and years ahead.
DAYS = (datetime.date.today(), datetime.date(2024, 2, 29), datetime.date(2026, 3, 31), datetime.date(2041, 12, 31))


@pytest.mark.parametrize("code,index,example", EXAMPLES, ids=[f"{c}-{i}" for c, i, _ in EXAMPLES])
def test_rule_examples(code, index, example):
    file_format = example.get("format", "markdown")
    if example.get("today"):  # a pack may pin the day its example counts from
        days = (datetime.date.fromisoformat(example["today"]),)
    else:
        days = DAYS if "{today" in example["bad"] + example["good"] else DAYS[:1]
    for today in days:
        assert code in codes_in(example_page(example, "bad", today), file_format, today), today
        assert code not in codes_in(example_page(example, "good", today), file_format, today), today


def test_explain_examples_count_from_today(run):
    """`explain RV002`: the page to copy is current on the day it is shown, the bad one stale."""
    for today in ("2024-06-01", "2031-01-31"):
        output = run("explain", "RV002", "--today", today).output
        bad, good = re.findall(r"Page last reviewed: (.+)", output)
        year = int(today[:4])
        assert (bad, good) == (f"{int(today[8:])} {MONTHS[int(today[5:7])]} {year - 9}",
                               f"{int(today[8:])} {MONTHS[int(today[5:7])]} {year - 1}")
    assert f"© {datetime.date.today().year - 9}–{datetime.date.today().year - 6}" in run("explain", "RV005").output
    assert "{today" not in run("explain", "RV004").output


@pytest.mark.parametrize("pack", builtin_pack_files(), ids=lambda f: f.name)
def test_builtin_packs_pass_validation(pack):
    """medlint skips schema validation of its own packs at run time; this is where it happens."""
    # BP001's values come partly from the engine's region pass, not its check: placeholders are
    # checked for user packs (tests/test_config_errors.py) and by the case files for these.
    assert load_pack(pack.read_text(encoding="utf-8"), pack.name, validate=True, placeholders=False)


def test_every_rule_is_documented():
    for rule in RULES.values():
        assert rule.summary and rule.rationale and rule.examples, rule.code
        assert rule.code[:2] in {"RD", "RV", "SC", "PH", "MK", "EN", "BP", "DU", "SP", "PL", "ST", "IO", "LK"}


GOOD_RULE = """
rules:
  - code: PL901
    name: banned-phrase
    category: plain-language
    severity: warning
    check: existence
    message: "Avoid '{match}'"
    summary: Flags a phrase our editors banned.
    rationale: House style.
    params: {phrases: [suffering from]}
    examples:
      - {bad: "People suffering from asthma.", good: "People with asthma."}
"""


def write_pack(tmp_path, text):
    (tmp_path / "house.yaml").write_text(text)
    (tmp_path / "medlint.toml").write_text('rule-packs = ["house.yaml"]\n')


LONG_LINES_RULE = """
rules:
  - code: PL902
    name: call-line
    category: plain-language
    severity: warning
    check: standalone
    message: "A line about calling: '{match}'"
    summary: Flags lines that ask readers to call.
    rationale: House style.
    params: {phrases: [call us], max_words: 40, max_extra_words: 50}
    examples:
      - {bad: "Call us", good: "Write to us."}
"""


def test_a_standalone_rule_may_allow_longer_lines_than_most(run, tmp_path):
    # Lines of 38 and 45 words: the first is within max_words (40), the second is a sentence.
    write_pack(tmp_path, LONG_LINES_RULE)
    words = " ".join(f"word{number}" for number in range(43))
    (tmp_path / "page.md").write_text(f"# Help\n\nCall us {words[:words.index(' word36')]}\n\nCall us {words}\n")
    result = run("check", "--select", "PL902", "page.md")
    assert [line.split(": PL902")[0] for line in result.output.splitlines() if "PL902" in line] == ["page.md:3:1"]


PHRASE_LINES_RULE = """
rules:
  - code: PL903
    name: contact-line
    category: plain-language
    severity: warning
    check: standalone
    message: "A contact line: '{match}'"
    summary: Flags lines that only give a way to get in touch.
    rationale: House style.
    params: {phrases: [call us, e-mail us, 24/7 helpline, PHRASES], patterns: ["(?i)^ring [0-9]{3}$"], max_words: 6}
    examples:
      - {bad: "Call us", good: "Write to us about your care."}
"""


@pytest.mark.parametrize("extra,line,flagged", [
    # A line is searched for the phrases only when one of its words starts one: as a word
    # after punctuation, in any case, before a hyphen or a slash.
    ("help desk", "(Call us)", True),
    ("help desk", "E-MAIL US!", True),
    ("help desk", "24/7 Helpline", True),
    ("help desk", "Recall us", False),
    ("help desk", "Callus", False),
    # A line that may hold a pattern is searched for the patterns, with the phrases if a word starts one.
    ("help desk", "Ring 111", True),
    ("help desk", "Ring 111 call us", False),
    ("ring 111 today", "Ring 111 today", True),
    # A phrase that starts with a mark, not a word: every line is searched.
    ("'<< previous page'", "<< Previous page", True),
    ("'<< previous page'", "Call us", True),
])
def test_a_standalone_rule_finds_its_phrases_by_their_first_words(run, tmp_path, extra, line, flagged):
    write_pack(tmp_path, PHRASE_LINES_RULE.replace("PHRASES", extra))
    (tmp_path / "page.md").write_text(f"# Help\n\nFlu is a common infection.\n\n{line}\n\nIt spreads easily.\n")
    result = run("check", "--select", "PL903", "page.md")
    found = [out.split(": PL903")[0] for out in result.output.splitlines() if "PL903" in out]
    assert found == (["page.md:5:1"] if flagged else [])


def test_user_pack_adds_a_rule(run, tmp_path):
    write_pack(tmp_path, GOOD_RULE)
    (tmp_path / "page.md").write_text("# Asthma\n\nPeople suffering from asthma can exercise.\n")
    result = run("check", "page.md")
    assert result.exit_code == 1
    assert "page.md:3:8: PL901 [warning] Avoid 'suffering from'" in result.output
    assert "PL901" in run("rules").output


@pytest.mark.parametrize("change,message", [
    (("check: existence", "check: existance"), "house.yaml: rules[0].check must be one of"),
    (("    name: banned-phrase", "    name: banned-phrase\n    colour: red"), "house.yaml: unknown key 'colour' in rules[0]"),
    (("phrases: [suffering from]", "patterns: ['(unclosed']"), "house.yaml: PL901 has a bad pattern"),
    (("phrases: [suffering from]", "phrase: [x]"), "house.yaml: PL901 params: unknown key 'phrase'"),
    (("category: plain-language", "category: spelling"), "PL901 has category 'spelling' but its prefix PL"),
    (("code: PL901\n    name: banned-phrase\n    category: plain-language",
      "code: PH001\n    name: banned-phrase\n    category: placeholder"),
     "rule code PH001 is already used by rules/placeholder.yaml"),
    (("severity: warning", "severity: fatal"), "house.yaml: rules[0].severity must be one of"),
    (("rules:", "rules: ["), "house.yaml: line"),
])
def test_broken_pack_is_a_clear_error(run, tmp_path, change, message):
    write_pack(tmp_path, GOOD_RULE.replace(*change))
    (tmp_path / "page.md").write_text("# Page\n")
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_pack_file(run, tmp_path):
    (tmp_path / "medlint.toml").write_text('rule-packs = ["nowhere.yaml"]\n')
    result = run("check", ".")
    assert result.exit_code == 2
    assert "nowhere.yaml: cannot read rule pack" in result.output
