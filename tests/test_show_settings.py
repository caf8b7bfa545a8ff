"""`medlint check --show-settings`: which file, which values, with the command line applied."""

from medlint.config import SCHEMA, tomllib
from medlint.packs import load_rules

CONFIG = """\
exclude = ["content/archive/"]
fail-on = "error"
baseline = "medlint-baseline.json"
words = ["PICC"]

[rules.DU003]
min-words = 15

[severity]
PH002 = "warning"
"""


def show(run, *args, cwd):
    result = run("check", "--show-settings", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return result.output


def test_names_the_file_and_every_key_in_force(run, tmp_path):
    (tmp_path / "medlint.toml").write_text(CONFIG)
    (tmp_path / "content").mkdir()
    output = show(run, "--today", "2024-06-01", cwd=tmp_path / "content")
    lines = output.splitlines()
    assert lines[0] == f"Configuration file: {tmp_path / 'medlint.toml'}"
    assert lines[1] == f"Found by: walking up from the working folder {tmp_path / 'content'}"
    for key in SCHEMA["properties"]:  # every key, set or not
        assert any(line.startswith((f"{key} = ", f"# {key} ", f"# {key}:")) for line in lines), key
    # The key = value lines are valid TOML that reads back as the file's values.
    values = tomllib.loads("\n".join(line for line in lines if " = " in line and not line.startswith(("#", "today"))))
    assert values["exclude"] == ["content/archive/"] and values["fail-on"] == "error"
    assert values["severity"] == {"PH002": "warning"} and values["words"] == ["PICC"]
    assert values["rules"] == {"DU003": {"min-words": 15}}
    assert values["baseline"] == str(tmp_path / "medlint-baseline.json")
    assert values["target-grade"] == 8.0 and values["review-max-age"] == "3y"
    assert "today = 2024-06-01  # from --today" in lines


def test_shows_the_command_lines_overrides(run, tmp_path):
    (tmp_path / "medlint.toml").write_text(CONFIG)
    lines = show(run, "--fail-on", "warning", "--no-baseline", "--select", "PH,MK", "--ignore", "PH003",
                 "--min-score", "70", "--extend-exclude", "drafts/", cwd=tmp_path).splitlines()
    assert 'fail-on = "warning"' in lines and "min-score = 70" in lines
    assert "# baseline: none: --no-baseline" in lines
    assert 'select = ["PH", "MK"]' in lines and 'ignore = ["PH003"]' in lines
    assert f'# command line: also exclude ["drafts/"], relative to {tmp_path}' in lines
    rules = load_rules()
    running = sorted(code for code, rule in rules.items() if rule.always or code[:2] in ("PH", "MK") and code != "PH003")
    assert lines[-1] == f"# {len(running)} of {len(rules)} rules run: {', '.join(running)}"  # the IO rules always run


def test_without_a_file_it_says_the_defaults_are_used(run, tmp_path):
    lines = show(run, cwd=tmp_path).splitlines()
    assert lines[0] == "Configuration file: none (built-in defaults)"
    assert lines[1] == f"Looked in: {tmp_path} and the folders above it"
    assert 'fail-on = "warning"' in lines and "# select: every rule" in lines and "# baseline is not set" in lines


def test_says_how_the_file_was_found(run, tmp_path):
    (tmp_path / "other" / "content").mkdir(parents=True)
    (tmp_path / "other" / "medlint.toml").write_text(CONFIG)
    (tmp_path / "here").mkdir()
    lines = show(run, "../other/content", cwd=tmp_path / "here").splitlines()
    assert lines[:3] == [f"Configuration file: {tmp_path / 'other' / 'medlint.toml'}",
                         f"Found by: walking up from {tmp_path / 'other' / 'content'}, the folder the checked paths share",
                         f"Paths in it are relative to: {tmp_path / 'other'}"]
    lines = show(run, "--config", "../other/medlint.toml", cwd=tmp_path / "here").splitlines()
    assert lines[:2] == ["Configuration file: ../other/medlint.toml", "Found by: --config"]
    lines = show(run, ".", cwd=tmp_path / "here").splitlines()
    assert lines[1] == f"Looked in: {tmp_path / 'here'} and the folders above it"
