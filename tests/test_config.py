"""Configuration files: where they are found, what they may say, and what a bad one does."""

import pytest

from conftest import findings

PAGE = "# Title 1\n\nTBD\n"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "flu.md").write_text(PAGE)
    return tmp_path


def codes(run, *args, cwd=None):
    return sorted({f[3] for f in findings(run("check", "--format", "json", *args, cwd=cwd))})


@pytest.mark.parametrize("name,body", [
    ("medlint.toml", 'ignore = ["PH001"]\n'),
    (".medlint.toml", 'ignore = ["PH001"]\n'),
    ("pyproject.toml", '[project]\nname = "site"\n\n[tool.medlint]\nignore = ["PH001"]\n'),
])
def test_config_is_found_walking_up(run, site, name, body):
    (site / name).write_text(body)
    assert codes(run, "flu.md", cwd=site / "content") == ["PH002"]


def test_pyproject_without_medlint_table_is_skipped(run, site):
    (site / "content" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (site / "medlint.toml").write_text('select = ["PH002"]\n')
    assert codes(run, "flu.md", cwd=site / "content") == ["PH002"]


def test_command_line_overrides_file(run, site):
    (site / "medlint.toml").write_text('select = ["PH002"]\n')
    assert codes(run, "--select", "PH001", "content", cwd=site) == ["PH001"]


def test_explicit_config_file(run, site):
    (site / "strict.toml").write_text('severity = {PH002 = "info"}\n')
    result = run("check", "--config", "strict.toml", "--fail-on", "warning", "--select", "PH002", "content", cwd=site)
    assert result.exit_code == 0 and "PH002 [info]" in result.output


def test_per_file_ignores(run, site):
    (site / "content" / "drafts").mkdir()
    (site / "content" / "drafts" / "new.md").write_text(PAGE)
    (site / "medlint.toml").write_text('[per-file-ignores]\n"content/drafts/**" = ["PH"]\n"*.md" = ["PH002"]\n')
    assert findings(run("check", "--format", "json", "content", cwd=site)) == [("content/flu.md", 1, 3, "PH001")]


@pytest.mark.parametrize("body,message", [
    ('colour = "red"\n', "medlint.toml: unknown key 'colour'"),
    ('fail-on = "sometimes"\n', "medlint.toml: fail-on must be one of"),
    ('select = ["placeholder"]\n', "medlint.toml: select[0] must match pattern"),
    ('select = ["QQ"]\n', "'QQ' matches no rule code"),
    ('severity = {PH999 = "info"}\n', "severity names unknown rule code 'PH999'"),
    ('max-file-size = "big"\n', "medlint.toml: max-file-size must be a number of bytes or a size such as \"10MB\""),
    ("ignore = [\n", "medlint.toml: configuration is not valid TOML"),
])
def test_bad_config_is_a_clear_error(run, site, body, message):
    (site / "medlint.toml").write_text(body)
    result = run("check", "content", cwd=site)
    assert result.exit_code == 2
    assert message in result.output, result.output
    assert "Traceback" not in result.output


def test_unknown_key_in_pyproject_names_the_table(run, site):
    (site / "pyproject.toml").write_text("[tool.medlint]\nexlude = []\n")
    result = run("check", "content", cwd=site)
    assert result.exit_code == 2 and "pyproject.toml [tool.medlint]: unknown key 'exlude' (did you mean 'exclude'?)" in result.output


def test_configured_include_paths_are_reported_relative_to_the_working_folder(run, site):
    (site / "medlint.toml").write_text('include = ["content"]\n')
    (site / "sub").mkdir()
    assert {f[0] for f in findings(run("check", "--format", "json", cwd=site))} == {"content/flu.md"}
    assert {f[0] for f in findings(run("check", "--format", "json", cwd=site / "sub"))} == {"../content/flu.md"}
