import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the CLI in-process from a folder (default: an empty temporary one); returns the click Result."""
    monkeypatch.delenv("MEDLINT_TODAY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):  # the report format must not depend on where tests run
        monkeypatch.delenv(name, raising=False)

    def invoke(*args, cwd=None, input=None):
        monkeypatch.chdir(cwd or tmp_path)
        return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def findings(result) -> list[tuple]:
    """(path, line, column, code) of each diagnostic in a JSON report."""
    return [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(result.output)["diagnostics"]]
