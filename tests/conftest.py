import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# The day the README's demo output was taken; the fixtures' review dates are current on it.
DEMO_TODAY = "2026-11-23"


# The engine's tests write short pages with no review date, which RV001 would flag on every one;
# tests of the page-level rules select them explicitly (--select). Runs in the repository
# (the README demo) see every rule.
PAGE_RULES_OFF = "RV001"


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the CLI in-process from a folder (default: an empty temporary one); returns the click Result."""
    monkeypatch.delenv("MEDLINT_TODAY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):  # the report format must not depend on where tests run
        monkeypatch.delenv(name, raising=False)

    def invoke(*args, cwd=None, input=None):
        monkeypatch.chdir(cwd or tmp_path)
        args = [str(a) for a in args]
        if cwd != ROOT and args[:1] == ["check"] and not any(a.startswith("--select") for a in args):
            if "--ignore" in args:
                args[args.index("--ignore") + 1] += "," + PAGE_RULES_OFF
            else:
                args += ["--ignore", PAGE_RULES_OFF]
        return CliRunner().invoke(main, args, input=input, catch_exceptions=False)

    return invoke


def findings(result) -> list[tuple]:
    """(path, line, column, code) of each diagnostic in a JSON report."""
    return [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(result.output)["diagnostics"]]
