"""The progress bar: on a terminal's standard error for long runs; never in CI or into a pipe."""

import os
import pty
import subprocess
import sys

from medlint.cli import PROGRESS_MIN_FILES, wants_progress


class Stream:
    def __init__(self, tty):
        self.tty = tty

    def isatty(self):
        return self.tty


def test_only_on_a_terminal_outside_ci_with_many_files():
    many = PROGRESS_MIN_FILES
    assert wants_progress(many, Stream(True), {})
    assert not wants_progress(many, Stream(False), {})
    assert not wants_progress(many, Stream(True), {"CI": "true"})
    assert not wants_progress(many - 1, Stream(True), {})


def make_pages(folder, count):
    (folder / "medlint.toml").write_text('ignore = ["RV001"]\n')  # short pages with no review date
    for i in range(count):
        (folder / f"page{i}.md").write_text(f"# Page {i}\n\nFlu is common.\n", encoding="utf-8")


def run_with_stderr_on_a_terminal(folder, environ, args=("check", ".")):
    controller, terminal = pty.openpty()
    try:
        # from the pages' folder: the installed medlint, not the source tree beside the tests
        result = subprocess.run([sys.executable, "-m", "medlint", *args], stdout=subprocess.PIPE,
                                stderr=terminal, env=environ, cwd=folder, timeout=120)
        os.close(terminal)
        terminal = None
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: everything has been read
                break
            if not chunk:
                break
            shown += chunk
        return result, shown.decode("utf-8", "replace")
    finally:
        os.close(controller)
        if terminal is not None:
            os.close(terminal)


def test_bar_on_a_terminal_and_not_in_ci(tmp_path):
    make_pages(tmp_path, PROGRESS_MIN_FILES)
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    result, shown = run_with_stderr_on_a_terminal(tmp_path, environ)
    assert result.returncode == 0 and "Checking" in shown, shown
    assert b"Checking" not in result.stdout
    result, shown = run_with_stderr_on_a_terminal(tmp_path, {**environ, "CI": "true"})
    assert result.returncode == 0 and "Checking" not in shown
