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


@pytest.fixture
def two_projects(tmp_path):
    """here/ (a project that ignores PH002) and other/project/ (one that ignores PH001 and
    excludes its drafts), each with a page holding PH001 and PH002."""
    for project, body in (("here", 'ignore = ["PH002"]\n'),
                          ("other/project", 'ignore = ["PH001"]\nexclude = ["content/drafts/"]\n')):
        (tmp_path / project / "content" / "drafts").mkdir(parents=True)
        (tmp_path / project / ".medlint.toml").write_text(body)
        (tmp_path / project / "content" / "flu.md").write_text(PAGE)
        (tmp_path / project / "content" / "drafts" / "new.md").write_text(PAGE)
    return tmp_path


def test_the_checked_paths_configuration_is_used_wherever_medlint_runs(run, two_projects):
    result = run("check", "--format", "json", "../other/project/content", cwd=two_projects / "here")
    # other/project's file: PH001 ignored, its drafts excluded (relative to that file), its cache beside it.
    assert findings(result) == [("../other/project/content/flu.md", 3, 1, "PH002")]
    assert (two_projects / "other/project/.medlint_cache").is_dir()
    assert not (two_projects / "here/.medlint_cache").exists()


def test_the_configuration_closest_to_the_checked_paths_wins(run, two_projects):
    (two_projects / "here/content/.medlint.toml").write_text('select = ["PH002"]\n')
    assert codes(run, "content", cwd=two_projects / "here") == ["PH002"]  # here's own would ignore PH002
    assert codes(run, "content/flu.md", "content/drafts", cwd=two_projects / "here") == ["PH002"]
    assert codes(run, "content", ".", cwd=two_projects / "here") == ["PH001"]  # they share here/


def test_paths_with_no_configuration_of_their_own_use_the_working_folders(run, two_projects):
    (two_projects / "loose").mkdir()
    (two_projects / "loose" / "page.md").write_text(PAGE)
    assert codes(run, "../loose/page.md", cwd=two_projects / "here") == ["PH001"]  # here's: PH002 ignored


def test_an_explicit_config_wins_over_the_one_beside_the_paths(run, two_projects):
    (two_projects / "strict.toml").write_text('select = ["PH002"]\n')
    assert codes(run, "--config", "../strict.toml", "../other/project/content",
                 cwd=two_projects / "here") == ["PH002"]


def test_standard_input_uses_the_configuration_of_its_file_name(run, two_projects):
    result = run("check", "-", "--stdin-filename", "../other/project/content/new.md", "--format", "json",
                 cwd=two_projects / "here", input=PAGE.encode())
    assert findings(result) == [("../other/project/content/new.md", 3, 1, "PH002")]


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


def test_the_folder_the_paths_share(tmp_path, monkeypatch):
    from medlint.config import shared_folder

    (tmp_path / "site" / "content").mkdir(parents=True)
    (tmp_path / "site" / "content" / "flu.md").write_text(PAGE)
    monkeypatch.chdir(tmp_path / "site")
    site = tmp_path / "site"
    assert shared_folder(["content/flu.md"]) == site / "content"  # a file: its folder
    assert shared_folder(["content"]) == shared_folder(["content", "content/flu.md"]) == site / "content"
    assert shared_folder(["content/flu.md", "README.md"]) == site
    assert shared_folder(["drafts/new.md", "drafts/old.md"]) == site / "drafts"  # named, not there (yet)
    assert shared_folder(["../site/content/flu.md", "/"]) == type(tmp_path)(tmp_path.anchor) and shared_folder([]) is None
