"""The README's promises: its test command is what CI runs, its sample output is real, its rule table complete."""

import re

from conftest import DEMO_TODAY, ROOT

README = (ROOT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    install_and_run, test = quick_start_commands()
    assert install_and_run.endswith("medlint check fixtures/")
    assert "'.[test]'" in test and "pytest" in test
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert test in ci_lines


def test_sample_output_is_what_medlint_prints(run):
    sample = README.split("## What it reports", 1)[1].split("```", 2)[1].strip("\n").splitlines()
    # The date the sample was taken: the fixtures' review dates age, the sample must not.
    output = run("check", "--today", DEMO_TODAY, "fixtures/", cwd=ROOT).output.splitlines()
    for line in sample:
        assert line in output, line


def test_rule_table_lists_every_rule(run):
    table_codes = set(re.findall(r"^\| ([A-Z]{2}\d{3}) \|", README, re.MULTILINE))
    rule_codes = {line.split()[0] for line in run("rules").output.splitlines()}
    assert table_codes == rule_codes


def test_every_install_line_names_our_distribution_at_this_version():
    """`pip install medlint` installs an unrelated PyPI project: every recipe names medlint-health."""
    import medlint
    import tomllib

    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    installs = [line for line in re.findall(r"pip install (.+)", README)
                if line.split(" &&")[0] not in (".", "-e '.[test]'")]  # those install the clone itself
    assert len(installs) == 3  # the install note, GitHub Actions and GitLab CI
    for line in installs:
        assert line.startswith(f'"{name} @ git+https://github.com/OWNER/medlint@v{medlint.__version__}"'), line


def test_version_is_kept_in_one_place(run):
    import importlib.metadata

    import medlint

    assert run("--version").output == f"medlint, version {medlint.__version__}\n"
    assert importlib.metadata.version("medlint-health") == medlint.__version__


def test_contributors_install_editable_as_ci_does():
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    install = quick_start_commands()[1].split(" && .venv/bin/pytest")[0]
    assert install == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'"
    assert f"```sh\n{install}\n```" in contributing
