"""The user's cache folder ($XDG_CACHE_HOME/medlint): old versions of its entries go when a
new one is written, never on a run that only reads, and `medlint clean` says what it removed."""

import os
import re
import subprocess
import sys
import time

import pytest

DAY = 24 * 3600
PAGE = "# Flu\n\nFlu is a common infection. Title 1 TBD.\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    folder = tmp_path / "xdg" / "medlint"
    folder.mkdir(parents=True)
    return folder


def medlint(tmp_path, *args):
    """medlint in a process of its own (what it keeps in memory is read from the cache again)."""
    return subprocess.run([sys.executable, "-m", "medlint", *args], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")})


def plant(folder, name, days_unread):
    """A file of another medlint version, last read (and written) ``days_unread`` days ago."""
    path = folder / name
    path.write_bytes(b"x" * 1000)
    then = time.time() - days_unread * DAY
    os.utime(path, (then, then))
    return name


def names(folder):
    return {p.name for p in folder.iterdir()}


def test_writing_an_entry_removes_older_ones_of_its_kind_unread_for_a_week(cache, tmp_path):
    stale = {plant(cache, name, 8) for name in ("anchors-0ld.json", "yaml-0ld.json", "lexicon-0ld.counts",
                                                "lexicon-0ld.marisa", "yaml-0ld.json.123.tmp", "regex-0ld.marshal")}
    kept = {plant(cache, "anchors-read-yesterday.json", 1), plant(cache, "lexicon-read-yesterday.counts", 1),
            plant(cache, "yaml-1.json.456.tmp", 0)}  # a temporary file another run is writing now
    done = medlint(tmp_path, "check", "--select", "PH,SP", "--no-cache", "page.md")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    after = names(cache)
    assert stale.isdisjoint(after) and kept <= after
    written = after - kept
    assert {name.partition("-")[0] for name in written} == {"anchors", "yaml", "lexicon", "regex"}  # this medlint's own


def test_a_run_that_writes_nothing_removes_nothing(cache, tmp_path):
    assert medlint(tmp_path, "check", "--select", "PH,SP", "--no-cache", "page.md").returncode == 1
    stale = plant(cache, "anchors-0ld.json", 30)
    assert medlint(tmp_path, "check", "--select", "PH,SP", "--no-cache", "page.md").returncode == 1
    assert stale in names(cache)  # the warm run only read the cache


def test_clean_removes_what_this_medlint_does_not_use_and_says_so(cache, tmp_path, run):
    assert medlint(tmp_path, "check", "--select", "PH,SP", "page.md").returncode == 1
    in_use = names(cache)
    for name in ("anchors-0ld.json", "lexicon-0ld.counts", "lexicon-0ld.marisa", "lexicon-0ld.varieties"):
        plant(cache, name, 0)  # another version's, however recent
    plant(cache, "yaml-1.json.456.tmp", 2 / 24)  # left by a run killed two hours ago
    result = run("clean")
    assert result.exit_code == 0
    project, user = result.output.splitlines()
    assert re.fullmatch(r"medlint: removed the cache \.medlint_cache \(\d files, \d kB\)", project)
    assert user == (
        f"medlint: removed from the user cache {cache} what this medlint does not use: files left by killed runs "
        "(1 file), pattern anchors (1 file), spelling index (3 files); 5 files, 5 kB")
    assert names(cache) == in_use
    assert run("clean").output.splitlines() == ["medlint: no cache at .medlint_cache",
                                                f"medlint: nothing to remove from the user cache {cache}"]
