"""A one-page run loads only what the page needs: a rule's regex is compiled when the page holds
one of its anchors, the shipped YAML is read from a JSON copy, ftfy is imported only to repair
a word; and a warm run decodes a page's chrome candidates only when the site pass reads them.
Each shortcut gives exactly the findings of the long way."""

import json
import subprocess
import sys

import pytest

import medlint.engine
from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.usercache import cache_home, shipped_yaml

PLACEHOLDER_PAGE = b"# Flu\n\nLorem ipsum dolor sit amet.\n\nWash your hands.\n"
CLEAN_PAGE = b"# Flu\n\nRest and drink water.\n"


def test_a_rule_compiles_its_regex_only_on_a_page_that_holds_its_anchors():
    settings = build_settings(Config(), select=("PH001",))
    anchors = settings.rules["PH001"].checker.anchors

    def compiled() -> list[str]:  # the whole regex, or the regex of the patterns a block may match
        return [regex.pattern for regex in [vars(anchors).get("regex"), *anchors._regexes.values()] if regex]

    assert lint_bytes(CLEAN_PAGE, "clean.md", "markdown", settings).diagnostics == []
    assert compiled() == []  # not compiled: no anchor of it on the page
    found = lint_bytes(PLACEHOLDER_PAGE, "lorem.md", "markdown", settings).diagnostics
    assert [(d.line, d.code) for d in found] == [(3, "PH001")]
    assert any("lorem" in pattern for pattern in compiled())


def test_a_users_bad_pattern_is_still_refused_when_the_pack_loads(run, tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "rules:\n  - code: PH901\n    name: our-todo\n    category: placeholder\n    severity: error\n"
        "    check: existence\n    message: Placeholder\n    summary: s\n    rationale: r\n"
        "    params: {patterns: ['TODO(']}\n    examples: [{bad: 'TODO(x)', good: 'Done.'}]\n", encoding="utf-8")
    (tmp_path / "medlint.toml").write_text('rule-packs = ["house.yaml"]\n', encoding="utf-8")
    (tmp_path / "page.md").write_text("# Flu\n\nNothing to do here.\n", encoding="utf-8")
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert "house.yaml: PH901 has a bad pattern" in result.output


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "medlint"


def test_shipped_yaml_is_read_back_from_its_json_copy(fresh_cache):
    text = "rules:\n  - code: PH001\n    phrases: [lorem ipsum, 'TBD']\n    per_page: true\n"
    assert shipped_yaml(text) == {"rules": [{"code": "PH001", "phrases": ["lorem ipsum", "TBD"], "per_page": True}]}
    [copy] = fresh_cache.glob("yaml-*.json")
    assert cache_home() == fresh_cache
    copy.write_text('{"rules": "from the copy"}', encoding="utf-8")
    assert shipped_yaml(text) == {"rules": "from the copy"}  # the copy, not the YAML, was read
    copy.write_text("{damaged", encoding="utf-8")
    assert shipped_yaml(text)["rules"][0]["code"] == "PH001"  # a damaged copy is parsed again


def test_yaml_that_json_cannot_say_is_never_stored(fresh_cache):
    import datetime

    assert shipped_yaml("today: 2026-11-23\n") == {"today": datetime.date(2026, 11, 23)}
    assert shipped_yaml("{1: one}\n") == {1: "one"}
    assert not list(fresh_cache.glob("yaml-*.json"))


def test_an_unwritable_cache_folder_still_gives_the_data(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert shipped_yaml("words: [flu, cold]\n") == {"words": ["flu", "cold"]}


def modules_loaded(tmp_path, text: str) -> list[str]:
    """Run EN001 on a page in a fresh process; whether ftfy was imported, and the findings."""
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    code = ("import json, sys; from medlint.cli import main\n"
            f"try:\n    main(['check', '--no-cache', '--format', 'json', '--select', 'EN001', {str(page)!r}])\n"
            "except SystemExit:\n    pass\n"
            "print(); print(json.dumps(['ftfy' in sys.modules]))\n")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path).stdout
    report, loaded = output.rsplit("\n\n", 1)
    return json.loads(loaded)[0], [(d["line"], d["message"]) for d in json.loads(report)["diagnostics"]]


def test_ftfy_is_imported_only_to_repair_a_word(tmp_path):
    assert modules_loaded(tmp_path, "# Café\n\nThe doctor’s advice – rest, fluids and 37 °C.\n") == (False, [])
    loaded, found = modules_loaded(tmp_path, "# Flu\n\nDon’t forget your jab.\n".encode("utf-8").decode("cp1252"))
    assert loaded and found == [(3, "Mojibake 'Donâ€™t': text decoded with the wrong encoding (probably 'Don’t')")]


def test_a_warm_run_reports_the_site_chrome_of_a_cold_one(run, tmp_path, monkeypatch):
    promo = "Our hospital is proud to offer patients a wide range of specialist services in modern buildings."
    for topic in ("flu", "measles", "mumps", "rubella", "shingles", "warts"):
        (tmp_path / f"{topic}.md").write_text(f"# {topic.title()}\n\n{topic.title()} is an illness.\n\n{promo}\n",
                                              encoding="utf-8")
    cold = run("check", "--format", "json", "--select", "BP,ST", ".").output
    assert '"code": "BP008"' in cold

    def fail(*_args, **_kwargs):
        raise AssertionError("a file was checked instead of read from the cache")

    monkeypatch.setattr(medlint.engine, "lint_bytes", fail)
    assert run("check", "--format", "json", "--select", "BP,ST", ".").output == cold
