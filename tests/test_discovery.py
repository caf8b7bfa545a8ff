"""Which files a run checks: extensions, exclusions and .gitignore."""

from conftest import findings

PAGE = "Title 1\n"


def tree(tmp_path, *names):
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE)


def paths(run, *args, cwd=None):
    # Five or more copies of one line would also be site chrome (BP008): one finding per file here.
    return [f[0] for f in findings(run("check", "--format", "json", "--no-site-chrome", *args, cwd=cwd))]


def test_walk_picks_page_formats_only(run, tmp_path):
    tree(tmp_path, "a.md", "b.html", "c.txt", "d.htm", "e.markdown", "notes.rst", "data.json", "node_modules/x.md")
    assert paths(run, ".") == ["a.md", "b.html", "c.txt", "d.htm", "e.markdown"]


def test_configuration_text_files_are_not_pages(run, tmp_path):
    tree(tmp_path, "requirements.txt", "requirements-dev.txt", "dev_requirements.txt", "static/robots.txt",
         "CMakeLists.txt", "notes.txt", "content/page.txt")
    assert paths(run, ".") == ["content/page.txt", "notes.txt"]
    assert paths(run, "--force-exclude", "requirements.txt", "notes.txt") == ["notes.txt"]


def test_gitignore_is_respected_when_walking(run, tmp_path):
    tree(tmp_path, "content/a.md", "content/build/out.html", "content/drafts/b.md", "content/keep.md")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "content" / ".gitignore").write_text("drafts/\n")
    assert paths(run, "content") == ["content/a.md", "content/keep.md"]


def test_exclude_and_force_exclude(run, tmp_path):
    tree(tmp_path, "content/a.md", "content/legacy/old.md")
    (tmp_path / "medlint.toml").write_text('exclude = ["content/legacy/"]\n')
    assert paths(run, "content") == ["content/a.md"]
    # Named on the command line: checked anyway, unless --force-exclude (what pre-commit uses).
    assert paths(run, "content/legacy/old.md") == ["content/legacy/old.md"]
    assert paths(run, "--force-exclude", "content/legacy/old.md") == []


def test_exclude_on_the_command_line_replaces_the_configured_patterns(run, tmp_path):
    tree(tmp_path, "site/content/a.md", "site/content/legacy/old.md", "site/content/drafts/b.md", "site/notes.txt")
    (tmp_path / "site" / "medlint.toml").write_text('exclude = ["content/legacy/"]\n')
    site = tmp_path / "site"
    assert paths(run, "--exclude", "drafts/", ".", cwd=site) == ["content/a.md", "content/legacy/old.md", "notes.txt"]
    assert paths(run, "--exclude", "drafts/,*.txt", "--exclude", "a.md", ".", cwd=site) == ["content/legacy/old.md"]


def test_extend_exclude_adds_to_them_relative_to_the_working_folder(run, tmp_path):
    tree(tmp_path, "site/content/a.md", "site/content/legacy/old.md", "site/content/drafts/b.md")
    (tmp_path / "site" / "medlint.toml").write_text('exclude = ["content/legacy/"]\n')
    content = tmp_path / "site" / "content"
    # Run from a subfolder: "drafts/b.md" is anchored at the working folder, not at medlint.toml's.
    assert paths(run, "--extend-exclude", "drafts/b.md", ".", cwd=content) == ["a.md"]
    assert paths(run, "--extend-exclude", "drafts/b.md", "drafts/b.md", cwd=content) == ["drafts/b.md"]
    assert paths(run, "--extend-exclude", "drafts/b.md", "--force-exclude", "drafts/b.md", cwd=content) == []


def test_explicit_file_with_unknown_extension_is_read_as_text(run, tmp_path):
    tree(tmp_path, "page.njk")
    assert findings(run("check", "--format", "json", "page.njk")) == [("page.njk", 1, 1, "PH001")]


def test_built_in_exclusions_apply_at_any_depth_and_a_user_pattern_can_take_one_back(run, tmp_path):
    tree(tmp_path, "a.md", "docs/node_modules/pkg/readme.md", "docs/.venv/x.md", "docs/api/requirements-docs.txt",
         "vendor/node_modules/keep.md")
    assert paths(run, ".") == ["a.md"]
    (tmp_path / "medlint.toml").write_text('exclude = ["!vendor/node_modules/"]\n')
    assert paths(run, ".") == ["a.md", "vendor/node_modules/keep.md"]


def test_a_symbolic_link_is_excluded_by_where_it_lies_not_where_it_points(run, tmp_path):
    tree(tmp_path, "content/a.md", "drafts/b.md")
    (tmp_path / "content/b.md").symlink_to(tmp_path / "drafts/b.md")
    (tmp_path / "drafts/a.md").symlink_to(tmp_path / "content/a.md")
    (tmp_path / "medlint.toml").write_text('exclude = ["drafts/"]\n')
    assert paths(run, ".") == ["content/a.md", "content/b.md"]


def test_a_walked_folder_is_reported_by_its_normal_path_however_it_is_named(run, tmp_path):
    tree(tmp_path, "content/a.md", "content/deep/er/b.md")
    expected = ["content/a.md", "content/deep/er/b.md"]
    for spelled in ("content", "content/", "./content", "./content/", "content/../content"):
        assert paths(run, spelled) == expected, spelled
    assert paths(run, ".", cwd=tmp_path / "content") == ["a.md", "deep/er/b.md"]


def test_a_built_in_excluded_folder_named_on_the_command_line_is_still_excluded(run, tmp_path):
    tree(tmp_path, "node_modules/pkg/readme.md", "node_modules/a.md", "docs/requirements.txt", "docs/b.md")
    for folder in ("node_modules", "node_modules/pkg"):
        result = run("check", folder)
        assert result.exit_code == 0
        assert f"no pages found to check (.md, .html or .txt files) in {folder}" in result.output
    assert paths(run, "docs") == ["docs/b.md"]
