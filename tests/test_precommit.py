"""The pre-commit hook, run for real: `pre-commit try-repo` against a throwaway git repository.

This installs medlint from this repository into pre-commit's own environment, so it also
proves that the wheel carries the rule packs and runs from another folder.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "medlint"],
        cwd=repo, capture_output=True, text=True, timeout=600,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "PRE_COMMIT_HOME": str(home),
             "HOME": str(home), "MEDLINT_TODAY": "2024-06-01", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"},
    )


def test_hook_blocks_a_bad_page_and_passes_a_good_one(tmp_path):
    repo = tmp_path / "site"
    (repo / "content").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    (repo / "content" / "good.md").write_text("# Flu\n\nFlu is a common infection.\n\nPage last reviewed: 3 May 2024\n")
    git("add", "content/good.md", cwd=repo)
    good = try_repo(repo, tmp_path / "cache")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    (repo / "content" / "bad.md").write_text("# Title 1\n\nFlu is a common infection.\n\nPage last reviewed: 3 May 2024\n")
    git("add", "content/bad.md", cwd=repo)
    bad = try_repo(repo, tmp_path / "cache")
    assert bad.returncode == 1
    assert "Failed" in bad.stdout
    assert "content/bad.md:1:3: PH001 [error] Placeholder text 'Title 1' left in the page" in bad.stdout
