"""The fixture pages: every family has bad and good pages in each format, good pages are
clean under every rule, and the findings that need the whole run (unreadable files,
suppressions, links between pages) are pinned here by each family's expected.yaml.

Per-page rules pin their fixture pages in their case files (tests/rules/CODE.yaml)."""

import json
from pathlib import Path

import pytest
import yaml

from conftest import DEMO_TODAY, FIXTURES, ROOT

FAMILIES = sorted(p.parent.name for p in FIXTURES.glob("*/expected.yaml"))


def load_expected(family: str) -> dict:
    return yaml.safe_load((FIXTURES / family / "expected.yaml").read_text())


def expected_findings(family: str) -> dict[str, set[tuple[int, int, str]]]:
    data = load_expected(family)
    expected = {}
    for name, entries in data.items():
        if name in ("select", "today"):
            continue
        expected[name] = {(int(pos.split(":")[0]), int(pos.split(":")[1]), code)
                          for pos, code in (entry.split() for entry in entries)}
    return expected


def today_args(family: str) -> list[str]:
    """Date rules' fixtures pin the day their ages count from."""
    today = load_expected(family).get("today")
    return ["--today", today] if today else []


def pages(family: str) -> list[str]:
    return sorted(p.name for p in (FIXTURES / family).iterdir() if p.suffix in (".md", ".html", ".txt"))


@pytest.mark.parametrize("family", FAMILIES)
def test_fixture_findings(run, family):
    select = ",".join(load_expected(family)["select"])
    result = run("check", "--format", "json", "--select", select, *today_args(family), family, cwd=FIXTURES)
    found: dict[str, set] = {name: set() for name in pages(family)}
    for d in json.loads(result.output)["diagnostics"]:
        found[Path(d["path"]).name].add((d["line"], d["column"], d["code"]))
    expected = expected_findings(family)
    for name in pages(family):
        assert found[name] == expected.get(name, set()), name


@pytest.mark.parametrize("family", ["placeholder", "markup", "encoding", "review-date", "boilerplate", "duplication", "spelling"])
def test_every_format_has_a_bad_and_a_good_page(family):
    names = pages(family)
    for kind in ("bad", "good"):
        for ext in ("md", "html", "txt"):
            assert f"{kind}.{ext}" in names


def test_every_good_page_is_clean_under_every_rule(run):
    """What fixtures/README.md promises and the README's demo shows: good pages give nothing,
    with every rule on (run from the repository, as the demo is), on the demo's day."""
    good = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*/good*.*"))
    assert len(good) >= 30
    result = run("check", "--today", DEMO_TODAY, "--format", "json", *good, cwd=ROOT)
    assert [(d["path"], d["line"], d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"]] == []
