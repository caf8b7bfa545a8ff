"""Run replay (medlint.replay): the same check over unchanged inputs writes the first run's output
again without checking; any change to what the run read is seen.

Every run here is `python -X importtime -m medlint`, as a user starts it, with its own user cache
folder. Python's import log (standard error, written outside sys.stderr, so never part of a
record) tells a replay (click never imported) from a run of the command line. A run records
itself only when what it read was last changed two seconds or more before it began, so the
projects are made once per module and left to settle.
"""

import glob
import json
import marshal
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from medlint.replay import TRUSTED_AGE, code_inputs
from test_packs import GOOD_RULE

IMPORT_LINE = re.compile(r"^import time:.*\n", re.MULTILINE)
PROJECTS = ("replayed", "edited", "added", "removed", "ignored", "configured", "words", "linked", "dated",
            "cleaned", "opened", "piped", "young")


class Run:
    def __init__(self, done: subprocess.CompletedProcess) -> None:
        self.code = done.returncode
        self.stdout = done.stdout
        self.stderr = IMPORT_LINE.sub("", done.stderr)
        self.replayed = re.search(r"\|\s+click$", done.stderr, re.MULTILINE) is None


def make_project(folder: Path) -> None:
    """Pages with findings, a configuration with a word file, a .gitignore, a nested folder, a
    link to a file outside the folder checked."""
    (folder / "content" / "guides").mkdir(parents=True)
    (folder / "files").mkdir()
    (folder / "files" / "leaflet.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "content" / "flu.md").write_text("# Flu\n\nTitle 1\n\nFlu is a common ilness caused by a virus.\n\n"
                                               "Read [the leaflet](../files/leaflet.pdf).\n")
    (folder / "content" / "guides" / "rest.md").write_text("# Rest\n\nLorem ipsum dolor sit amet.\n")
    (folder / "content" / "guides" / "cough.md").write_text("# Cough\n\nA cough can last three weeks.\n")
    (folder / "content" / "draft.md").write_text("# Draft\n\nTitle 2\n")
    (folder / ".gitignore").write_text("content/draft.md\n")
    (folder / "words.txt").write_text("virus\n")
    (folder / "medlint.toml").write_text('word-files = ["words.txt"]\nignore = ["RV001"]\n')


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """One settled project per test (a test changes its own), and the environment runs get."""
    base = tmp_path_factory.mktemp("replay")
    for name in PROJECTS:
        make_project(base / name)
    # PYTEST_CURRENT_TEST changes from test to test, and the environment is part of a run's key.
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith(("PYTEST_", "MEDLINT_", "GITHUB_", "NO_COLOR"))}
    environment["XDG_CACHE_HOME"] = str(base / "user-cache")
    time.sleep(TRUSTED_AGE / 1e9 + 0.2)
    return base, environment


def medlint(folder: Path, environment: dict, *args: str, stdout=subprocess.PIPE) -> Run:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "medlint", "check", *args],
                          cwd=folder, env=environment, stdout=stdout, stderr=subprocess.PIPE, text=True)
    return Run(done)


def afresh(folder: Path, environment: dict, *args: str) -> Run:
    """What the run gives without the result cache, which is never replayed."""
    return medlint(folder, environment, "--no-cache", *args)


def recorded_runs(environment: dict) -> list[str]:
    return glob.glob(os.path.join(environment["XDG_CACHE_HOME"], "medlint", "runs-*"))


def test_an_unchanged_run_is_replayed_with_its_output_and_exit_code(projects):
    base, environment = projects
    folder = base / "replayed"
    first = medlint(folder, environment, "content")
    again = medlint(folder, environment, "content")
    assert not first.replayed and again.replayed
    assert "content/flu.md:3:1: PH001" in first.stdout
    assert "content/draft.md" not in first.stdout  # git-ignored
    assert (again.stdout, again.stderr, again.code) == (first.stdout, first.stderr, first.code) == (
        afresh(folder, environment, "content").stdout, "", 1)
    # Other arguments are another run.
    assert not medlint(folder, environment, "content", "-q").replayed


@pytest.mark.parametrize("project, change", [
    ("edited", lambda f: (f / "content" / "guides" / "cough.md").write_text("# Cough\n\nTitle 3\n")),
    ("added", lambda f: (f / "content" / "guides" / "cold.md").write_text("# Cold\n\nTitle 4\n")),
    ("removed", lambda f: (f / "content" / "flu.md").unlink()),
    ("ignored", lambda f: (f / ".gitignore").write_text("content/draft.md\ncontent/guides/\n")),
    ("configured", lambda f: (f / "content" / "medlint.toml").write_text('select = ["PH"]\n')),
    ("words", lambda f: (f / "words.txt").write_text("virus\nilness\n")),
    ("linked", lambda f: (f / "files" / "leaflet.pdf").unlink()),
], ids=["page edited", "page added", "page removed", ".gitignore changed", "closer configuration made",
        "word file changed", "linked file removed"])
def test_a_changed_input_is_checked_again(projects, project, change):
    base, environment = projects
    folder = base / project
    before = medlint(folder, environment, "content")
    assert medlint(folder, environment, "content").replayed
    change(folder)
    after = medlint(folder, environment, "content")
    assert not after.replayed
    assert after.stdout == afresh(folder, environment, "content").stdout != before.stdout


def test_medlint_itself_is_an_input():
    """A rule pack added to the installed medlint's folder (or any file of its code) changes
    a folder the record lists."""
    import medlint
    import medlint.rules

    inputs = code_inputs()
    assert os.path.dirname(medlint.rules.__file__) in inputs and os.path.dirname(medlint.__file__) in inputs
    assert medlint.rules.__file__ in inputs


def test_another_day_or_environment_is_another_run(projects):
    base, environment = projects
    folder = base / "dated"
    (folder / "content" / "dated.md").write_text("# Dated\n\nLast reviewed: 1 March 2024.\n")
    time.sleep(TRUSTED_AGE / 1e9 + 0.2)
    today = dict(environment, MEDLINT_TODAY="2024-06-01")
    assert "RV" not in medlint(folder, today, "content", "--select", "RV").stdout
    assert medlint(folder, today, "content", "--select", "RV").replayed
    later = medlint(folder, dict(environment, MEDLINT_TODAY="2031-06-01"), "content", "--select", "RV")
    assert not later.replayed and "dated.md:3:16: RV002" in later.stdout


def test_deleting_the_result_cache_or_cleaning_ends_replaying(projects):
    base, environment = projects
    folder = base / "cleaned"
    medlint(folder, environment, "content")
    assert medlint(folder, environment, "content").replayed
    shutil.rmtree(folder / ".medlint_cache")
    assert not medlint(folder, environment, "content").replayed  # a cold run is cold
    assert medlint(folder, environment, "content").replayed
    cleaned = subprocess.run([sys.executable, "-m", "medlint", "clean"], cwd=folder, env=environment,
                             capture_output=True, text=True, check=True)
    assert re.search(r"removed from the user cache \S+ the run records \(\d+ files?\)", cleaned.stderr)
    assert not recorded_runs(environment)
    assert not medlint(folder, environment, "content").replayed


def test_runs_writing_elsewhere_or_without_the_cache_are_not_recorded(projects):
    base, environment = projects
    folder = base / "young"
    shutil.copytree(base / "replayed" / "content", folder / "fresh")
    for page in (folder / "fresh").rglob("*.md"):  # written just now, as far as a run can tell, however slow it starts
        os.utime(page, (time.time() + 3600, time.time() + 3600))
    count = len(recorded_runs(environment))
    medlint(folder, environment, "fresh")
    assert not medlint(folder, environment, "fresh").replayed
    for args in (["--no-cache"], ["--output", "report.txt"], ["--write-baseline", "baseline.json"]):
        medlint(folder, environment, "content", *args)
        assert not medlint(folder, environment, "content", *args).replayed, args
    assert (folder / "report.txt").exists()
    assert len(recorded_runs(environment)) == count


def test_a_replay_into_a_closed_pipe_says_so(projects):
    base, environment = projects
    folder = base / "piped"
    medlint(folder, environment, "content")
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed = medlint(folder, environment, "content", stdout=write_end)
    os.close(write_end)
    assert closed.replayed
    assert (closed.code, closed.stderr) == (2, "medlint: error: the output was closed before the whole report was written\n")


def test_a_run_opens_no_file_it_did_not_note(projects):
    """Every file and folder the run reads or lists, other than Python's and medlint's own
    files and caches, is among its record's inputs: else a change to it would go unseen.
    In one process (-j 1), so the pages' reads are watched too."""
    base, environment = projects
    folder = base / "opened"
    (folder / "pack.yaml").write_text(GOOD_RULE)
    with open(folder / "medlint.toml", "a") as config:
        config.write('rule-packs = ["pack.yaml"]\n')
    subprocess.run([sys.executable, "-m", "medlint", "check", "content", "--write-baseline", "baseline.json"],
                   cwd=folder, env=environment, capture_output=True)
    time.sleep(TRUSTED_AGE / 1e9 + 0.2)
    watcher = textwrap.dedent("""\
        import atexit, json, os, sys
        seen, written_to = set(), sys.argv.pop(1)
        def watch(event, args):
            if event == "open" and isinstance(args[0], str) and (args[1] is None or "r" in args[1]) and not (
                    (args[2] or 0) & (os.O_WRONLY | os.O_RDWR)):
                seen.add(os.path.abspath(args[0]))
            elif event in ("os.listdir", "os.scandir") and isinstance(args[0], str):
                seen.add(os.path.abspath(args[0]))
        sys.addaudithook(watch)
        atexit.register(lambda: open(written_to, "w").write(json.dumps(sorted(seen))))
        from medlint.replay import main
        main()
        """)
    before = set(recorded_runs(environment))
    done = subprocess.run([sys.executable, "-c", watcher, str(base / "opened.json"), "check", "-j", "1",
                           "--baseline", "baseline.json", "content"], cwd=folder, env=environment, capture_output=True, text=True)
    assert "Baseline baseline.json: hid 3 known findings" in done.stdout
    (record,) = set(recorded_runs(environment)) - before
    with open(record, "rb") as file:
        inputs = {path for path, _ in marshal.loads(file.read())[2]}
    assert {str(folder / "medlint.toml"), str(folder / "pack.yaml"), str(folder / "words.txt"),
            str(folder / "baseline.json"), str(folder / ".gitignore"), str(folder / "content" / "guides" / "rest.md")} <= inputs
    own = (sys.prefix, sys.base_prefix, environment["XDG_CACHE_HOME"], str(folder / ".medlint_cache"), "/dev/",
           "/proc/", os.path.dirname(os.path.dirname(__file__)))
    opened = {path for path in json.loads((base / "opened.json").read_text()) if not path.startswith(own)}
    assert opened - inputs == set()
