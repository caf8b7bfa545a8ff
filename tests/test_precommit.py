"""The pre-commit hook, run for real, configured as the README says.

The hook repository is a snapshot of this working tree, tagged with the release tag the
README's `rev:` names, so the test also proves that the wheel carries the rule packs and
runs from another folder. The site beside it holds pages and the files a site repository
also holds (its pre-commit config, pyproject.toml, a rule pack, CSS, JavaScript): only the
pages may reach medlint.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import medlint
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                                reason="needs git and a git checkout")

README = (ROOT / "README.md").read_text()
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

# Files that are not pages, each with text medlint would flag if it were handed the file.
NOT_PAGES = {
    "pyproject.toml": '[project]\nname = "site"\n# TODO: Title 1\n',
    "rules/house.yaml": "rules: []  # TODO Title 1\n",
    "static/site.css": ".banner{color:#fff;}\n/* TODO */\n",
    "static/app.js": "var x = 1; // TODO {{ name }}\n",
    "content/theme.css": ".banner{color:#fff;}\n/* TODO */\n",
    "requirements.txt": "medlint-health  # TODO Title 1\n",
    "static/robots.txt": "User-agent: *\nDisallow: /drafts/  # TODO\n",
}
GOOD = "# Flu\n\nFlu is a common infection.\n\nPage last reviewed: 3 May 2024\n"
PAGE_HTML = "<html><head><title>Flu</title></head><body><h1>Flu</h1><p>Flu is a common infection.</p>\n<p>Page last reviewed: 3 May 2024</p></body></html>\n"
BAD = "# Title 1\n\nFlu is a common infection.\n\nPage last reviewed: 3 May 2024\n"


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**GIT_ENV, "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This working tree as a git repository tagged v<version>, as a release would be."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    repo = tmp_path_factory.mktemp("medlint-repo")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    git("tag", f"v{medlint.__version__}", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # shared: the hook's environment is built once


def readme_configs() -> list[str]:
    section = README.split("## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.+?)```", section, re.DOTALL)


def site_config(hook_repo: Path, narrowed: bool) -> str:
    """The README's configuration, pointing at the snapshot; narrowed with its `files:` example."""
    full, narrowing = readme_configs()
    config = yaml.safe_load(full)
    config["repos"][0]["repo"] = str(hook_repo)
    if narrowed:
        config["repos"][0]["hooks"] = yaml.safe_load(narrowing)["hooks"]
    return yaml.safe_dump(config)


def make_site(root: Path, hook_repo: Path, pages: dict, narrowed: bool = False) -> Path:
    for name, text in {**NOT_PAGES, **pages, ".pre-commit-config.yaml": site_config(hook_repo, narrowed)}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    return root


def pre_commit_run(site: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"],
        cwd=site, capture_output=True, text=True, timeout=600,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PRE_COMMIT_HOME": str(home),
             "HOME": str(home), "MEDLINT_TODAY": "2024-06-01", **GIT_ENV},
    )


def test_readme_recipe_pins_the_release_tag():
    config = yaml.safe_load(readme_configs()[0])
    assert config["repos"][0]["rev"] == f"v{medlint.__version__}"


def test_hook_checks_pages_and_nothing_else(tmp_path, hook_repo, pre_commit_home):
    site = make_site(tmp_path, hook_repo, {"content/flu.md": GOOD, "content/flu.html": PAGE_HTML,
                                           "notes.txt": GOOD.replace("# ", "")})
    good = pre_commit_run(site, pre_commit_home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    assert "No problems found in 3 files" in good.stdout  # the three pages, and only them

    (site / "content" / "bad.md").write_text(BAD)
    git("add", "content/bad.md", cwd=site)
    bad = pre_commit_run(site, pre_commit_home)
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "content/bad.md:1:3: PH001 [error] Placeholder text 'Title 1' left in the page" in bad.stdout
    for name in NOT_PAGES:
        assert name not in bad.stdout
    assert "in 4 files" in bad.stdout


def test_files_narrows_the_hook_to_the_content_folder(tmp_path, hook_repo, pre_commit_home):
    site = make_site(tmp_path, hook_repo, {"content/flu.md": GOOD, "drafts/bad.md": BAD}, narrowed=True)
    result = pre_commit_run(site, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found in 1 file" in result.stdout
    assert "drafts/bad.md" not in result.stdout and "theme.css" not in result.stdout
