"""docs/DESIGN.md names what the code has: every configuration key, category, kind and format."""

import re

from conftest import ROOT
from medlint.checks import KINDS
from medlint.config import SCHEMA
from medlint.packs import CATEGORIES
from medlint.reporters import FORMATS

DESIGN = (ROOT / "docs" / "DESIGN.md").read_text()


def section(title: str) -> str:
    return DESIGN.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_every_configuration_key_is_documented_and_no_other():
    documented = re.findall(r"^\| `([a-z-]+)` \|", section("Configuration"), re.MULTILINE)
    assert documented == list(SCHEMA["properties"])


def test_every_category_and_prefix_is_documented():
    rows = dict(re.findall(r"^\| ([A-Z]{2}) \| `([a-z-]+)` \|", section("Rules, categories and codes"), re.MULTILINE))
    assert rows == CATEGORIES


def test_every_kind_and_format_is_named():
    kinds = section("Rules, categories and codes")
    assert all(f"`{kind}`" in kinds for kind in KINDS)
    formats = section("Diagnostics and JSON output (`--format json`)")
    assert all(f"`{name}`" in formats or name == "json" for name in FORMATS)


def test_the_layout_lists_every_module():
    layout = section("Layout")
    for path in sorted((ROOT / "medlint").glob("*.py")):
        if path.name not in ("__main__.py",):
            assert path.name in layout, path.name

