"""The command line: check, rules, explain."""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import sys
from pathlib import Path

import click

from medlint import __version__, replay
from medlint.config import FAIL_ON, Config, load_config, locate_config
from medlint.errors import UsageError
from medlint.reporters import FORMATS, STREAMED, Streamed, build_report, plural, render, write_report
from medlint.today import resolve_today, today_source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def handle_errors(command):
    """Exit 2 with a one-line message for usage and internal errors; a traceback only with --debug."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UsageError as error:
            click.echo(f"medlint: error: {error}", err=True)
        except BrokenPipeError:  # the reader went away ("medlint check … | head")
            replay.output_closed()
        except Exception as error:  # a bug in medlint, not in the user's input
            if kwargs.get("debug"):
                raise
            click.echo(f"medlint: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)", err=True)
        sys.exit(EXIT_ERROR)

    return wrapper


def codes_option(name: str, help_text: str):
    return click.option(name, default="", metavar="CODES", help=help_text,
                        callback=lambda _ctx, _param, value: tuple(c.strip().upper() for c in value.split(",") if c.strip()))


@contextlib.contextmanager
def one_line_usage_errors():
    """Print click's usage errors (a bad option value, an unknown option or command, a missing
    argument) as medlint prints its own, one line on standard error, and exit 2."""
    try:
        yield
    except click.UsageError as error:
        command = " ".join(["medlint", *error.ctx.command_path.split()[1:]]) if error.ctx else "medlint"
        where = f" (see '{command} --help')"
        click.echo(f"medlint: error: {error.format_message()}{where}", err=True)
        sys.exit(EXIT_ERROR)


class MedlintGroup(click.Group):
    """The command group; usage errors of the group and of every command are one line."""

    def make_context(self, *args, **kwargs):
        with one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with one_line_usage_errors():
            return super().invoke(ctx)


@click.group(cls=MedlintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="medlint")
def main() -> None:
    """medlint: a content-quality linter for patient-education pages."""


def load_configuration(config_path: str | None) -> Config:
    """The --config file, else the one found from the working folder, else the defaults."""
    return locate_configuration(config_path, [])[0]


def locate_configuration(config_path: str | None, paths: list[str]) -> tuple[Config, str]:
    """The configuration for a run over ``paths`` (local paths), and how its file was found:
    --config, else the file closest to the paths (config.locate_config), else the defaults."""
    if config_path:
        return load_config(Path(config_path)), "--config"
    found, how = locate_config(paths, Path.cwd())
    return (load_config(found) if found else Config()), how


def patterns_of(values: tuple[str, ...]) -> tuple[str, ...]:
    """Patterns from repeated, comma-separated options."""
    return tuple(p.strip() for value in values for p in value.split(",") if p.strip())


PROGRESS_MIN_FILES = 20  # fewer files finish before a bar would help


def wants_progress(file_count: int, stream=None, environ=None) -> bool:
    """A progress bar only for a person watching a terminal, never in CI or into a pipe."""
    stream = stream or sys.stderr
    environ = os.environ if environ is None else environ
    return file_count >= PROGRESS_MIN_FILES and not environ.get("CI") and stream.isatty()


def progress_bar(results, count: int, label: str = "Checking"):
    if not wants_progress(count):
        return results
    return _with_bar(results, count, label)


def _with_bar(results, count: int, label: str):
    with click.progressbar(results, length=count, label=label, file=sys.stderr) as bar:
        yield from bar


def replayable(files):
    """``files`` (FileResults) as they come, each one's findings shown to medlint.replay, which
    records no run whose findings depend on the machine."""
    for file in files:
        replay.spoil(d.code for d in file.diagnostics)
        yield file


@functools.cache  # once a process: one running many checks (the tests) freezes what garbage there is at most once
def freeze_start() -> None:
    """What start-up made (modules, rules) lives as long as the process: moved out of the
    cycle collector's sight (gc.freeze), its full collections skip it (3% of a warm run;
    forked workers share its memory longer)."""
    gc.freeze()


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS),
              help="Report format (default: text; github inside GitHub Actions).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file.")
@codes_option("--select", "Only these rule codes or prefixes (comma-separated), instead of all.")
@codes_option("--ignore", "Skip these rule codes or prefixes.")
@codes_option("--extend-select", "Add these rule codes or prefixes to the selection.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity that fails the run (default: warning).")
@click.option("--min-score", type=click.IntRange(0, 100), help="Fail the run when any page scores lower than this.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings that this baseline file does not record.")
@click.option("--no-baseline", is_flag=True, help="Ignore the configured baseline: report every finding.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, writable=True),
              help="Record today's findings in this baseline file, and exit 0.")
@click.option("--compare", "compare_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Dashboard only: compare with this earlier JSON report (repeat it for a trend).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date that date rules count from (default: MEDLINT_TODAY or today).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Configuration file to use.")
@click.option("--exclude", "exclude", multiple=True, metavar="PATTERNS", callback=lambda _c, _p, v: patterns_of(v),
              help="Exclude these files or folders instead of the configured ones (gitignore-style, comma-separated, "
                   "relative to the working folder).")
@click.option("--extend-exclude", multiple=True, metavar="PATTERNS", callback=lambda _c, _p, v: patterns_of(v),
              help="Exclude these as well as the configured ones.")
@click.option("--force-exclude", is_flag=True, help="Apply exclusions to paths named on the command line too.")
@click.option("--show-settings", is_flag=True, help="Show the configuration file and the settings in force, then exit.")
@click.option("--statistics", is_flag=True, help="Show the number of findings per rule instead of the findings.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only, without excerpts or summary.")
@click.option("--stdin-filename", help="The file name to report, and to pick the format by, when reading '-'.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: only on a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Processes to check files with (default 0: one per CPU; 1: no worker processes).")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop checking a file after this long and report it (IO016; default 60).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="Check the pages this sitemap (or sitemap index) lists; may be repeated.")
@click.option("--urls", "url_file", type=click.Path(exists=True, dir_okay=False),
              help="Check the pages whose URLs this file lists, one a line.")
@click.option("--save-pages", type=click.Path(file_okay=False), metavar="DIR",
              help="Keep the fetched HTML in this folder (host/path.html), to look at a finding later.")
@click.option("--fetch-rate", type=click.FloatRange(min=0, min_open=True), metavar="PER_SECOND",
              help="Requests per second to one host (default 1; robots.txt's Crawl-delay can slow it).")
@click.option("--fetch-timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Seconds to wait for one page (default 10).")
@click.option("--max-pages", type=click.IntRange(min=1), help="Fetch at most this many pages (default 500).")
@click.option("--check-links", is_flag=True,
              help="Also fetch the pages' links to other sites and report dead ones (LK003); politely, like pages.")
@click.option("--site-chrome/--no-site-chrome", default=True,
              help="Find blocks repeated across a site's pages, report them once and leave them out of the other rules (default: on).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh: neither read nor write the result cache.")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
@handle_errors
def check(paths, output_format, output, select, ignore, extend_select, fail_on, min_score, baseline_path,
          no_baseline, write_baseline, compare_paths, exit_zero, today, config_path, exclude, extend_exclude,
          force_exclude, show_settings, statistics, quiet, stdin_filename, color, jobs, sitemaps, url_file, save_pages,
          fetch_rate, fetch_timeout, max_pages, check_links, site_chrome, no_cache, file_timeout, debug) -> None:
    """Check pages (files, folders or URLs; '-' reads standard input)."""
    from medlint.discovery import Excluder, is_url
    from medlint.engine import Baseline, RunResult, build_settings, lint_within_budget, run_files
    from medlint.readers import format_for

    output_format = output_format or default_format()
    if compare_paths and output_format != "html":
        raise UsageError("--compare is for the dashboard: add --format html")
    history = ()
    if compare_paths:
        from medlint.history import load_runs

        history = load_runs(compare_paths)
    stdin = list(paths) == ["-"]
    local = ([stdin_filename] if stdin_filename else []) if stdin else [p for p in paths if not is_url(p)]
    config, config_found = locate_configuration(config_path, local)
    # --exclude replaces the configured patterns, --extend-exclude adds to them.
    excluder = Excluder(() if exclude else config.exclude, config.root, more=((exclude + extend_exclude, os.getcwd()),))
    today_from = today_source(today)
    today = resolve_today(today)
    for option, path in (("--output", output), ("--write-baseline", write_baseline)):
        check_writable(option, path)
    settings = build_settings(config, select=select, ignore=ignore, extend_select=extend_select,
                              today=today, debug=debug, file_timeout=file_timeout)
    freeze_start()
    fail_on = fail_on or config.fail_on
    min_score = config.min_score if min_score is None else min_score
    baseline_path = None if no_baseline else baseline_path or config.baseline
    if show_settings:
        from medlint.showsettings import settings_text

        overrides = {"select": list(select) or None, "ignore": [*config.ignore, *ignore],
                     "extend-select": [*config.extend_select, *extend_select],
                     "fail-on": fail_on, "min-score": min_score, "file-timeout": file_timeout,
                     "baseline": baseline_path or ("(none: --no-baseline)" if no_baseline and config.baseline else None)}
        click.echo(settings_text(config, settings, excluder, overrides, today_from, config_found))
        return
    if stdin:
        name = stdin_filename or "-"
        skipped = stdin_filename and force_exclude and excluder.excluded(Path(name))
        files = iter([] if skipped else [lint_within_budget(sys.stdin.buffer.read(), name, format_for(name) or "text", settings)])
    else:
        urls = [p for p in paths if is_url(p)] + (read_url_file(url_file) if url_file else [])
        files = [p for p in paths if not is_url(p)]
        pages = []
        # Only a run that fetches imports the HTTP code.
        politeness = politeness_settings(config, fetch_rate, fetch_timeout, max_pages) if urls or sitemaps or check_links else None
        if urls or sitemaps:
            pages = fetch_pages(urls, list(sitemaps), politeness, save_pages)
        elif not files:
            # Shown as the user would type them from here, as paths named on the command line are.
            files = [os.path.relpath(Path(config.root, p)) if config.path else p for p in config.include] or ["."]
        from medlint.cache import ResultCache, foreign_folder

        foreign = not no_cache and foreign_folder(config.cache_path)  # the user's own folder: not written to
        if foreign:
            click.echo(f"medlint: warning: cache-dir {config.cache_path} holds files that are not medlint's; "
                       "the result cache is off (name a folder of its own)", err=True)
        cache = None if no_cache or foreign else ResultCache(config.cache_path, settings)
        files = run_files(files, config, settings, force_exclude=force_exclude, progress=progress_bar,
                          jobs=jobs or os.cpu_count() or 1, excluder=excluder, cache=cache, pages=pages,
                          site_chrome=site_chrome, check_links=politeness if check_links else None)
        # A run whose output is only what it writes to the standard streams, and depends only on
        # its inputs, may be replayed while none of them changes (medlint.replay). The dashboard
        # says when it was made.
        step_summary = output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY")
        if cache is not None and output_format != "html" and not (pages or check_links or output or write_baseline
                                                                  or step_summary):
            replay.allow(cache.tag_path)
            files = replayable(files)

    if write_baseline:
        from medlint.baseline import write_baseline as write_baseline_file

        count = write_baseline_file(write_baseline, (d for file in files for d in file.diagnostics))
        click.echo(f"medlint: recorded {plural(count, 'finding')} in baseline {write_baseline}", err=True)
        sys.exit(EXIT_CLEAN)
    baseline = Baseline(baseline_path) if baseline_path else None
    if baseline:
        files = baseline.apply(files)

    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = dict(color=color and output_format == "text", statistics=statistics, quiet=quiet, fail_on=fail_on,
                   min_score=min_score, today=today, today_source=today_from, history=history)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY") if output_format == "github" else None
    if output_format in STREAMED and not step_summary:  # each page's findings are written as they come
        stream = Streamed(files, settings.rules, baseline=baseline.outcome if baseline else lambda: None, **options)
        with report_output(output, options["color"]) as out:
            write_report(output_format, stream, out)
        report, failed = stream.report(), stream.failed
    else:
        report = build_report(RunResult(list(files), baseline.outcome() if baseline else None), settings.rules, **options)
        with report_output(output, report.color) as out:
            out.write(render(output_format, report))
        failed = any(report.fails(d) for d in report.diagnostics)
    if step_summary:
        write_step_summary(step_summary, report)

    # A gate must not pass quietly on a path that holds no page; a hook's staged pages that
    # are all excluded (--force-exclude) are no surprise.
    if not report.files and not force_exclude:
        click.echo("medlint: warning: no pages found to check (.md, .html or .txt files) in "
                   + (", ".join(map(str, paths)) or "the configured paths"), err=True)
    low = pages_below(report)
    sys.exit(EXIT_FINDINGS if (failed or low) and not exit_zero else EXIT_CLEAN)


class ReportOutput:
    """Where a report written piece by piece goes: the --output file, else standard output
    (through click.echo, which strips colour off a terminal)."""

    def __init__(self, output: str | None, color: bool) -> None:
        self.output, self.color, self.file = output, color, None

    def write(self, text: str) -> None:
        if self.file is None:
            # Without colour, click scans what it writes for colour codes to strip; a report
            # with no escape character has none, and is written as it is (a sixtieth of a warm run).
            click.echo(text, nl=False, color=self.color or "\x1b" not in text)
            return
        try:
            self.file.write(text)
        except OSError as error:
            raise self.error(error) from None

    def error(self, error: OSError) -> UsageError:
        return UsageError(f"--output {self.output}: cannot write the report ({error.strerror or error})")


@contextlib.contextmanager
def report_output(output: str | None, color: bool):
    """A ReportOutput, its file (UTF-8) open while the report is written. The report goes to
    a temporary file that takes --output's place only once it is whole: a run that fails
    midway (exit 2, Ctrl-C) leaves no partial report, and an earlier one as it was."""
    from medlint.atomicfile import replacing

    out = ReportOutput(output, color)
    if not output:
        yield out
        return
    target = os.path.realpath(output)  # a symbolic link is written through, not replaced
    special = os.path.exists(target) and not os.path.isfile(target)  # /dev/null, a FIFO: written as they are
    step = "opening"
    try:
        with open(target, "w", encoding="utf-8") if special else replacing(target) as out.file:
            step = "writing"
            yield out
            step = "replacing"
    except OSError as error:
        if step == "writing":  # not the output's: the run's own error
            raise
        raise out.error(error) from None


def check_writable(option: str, path: str | None) -> None:
    """Fail before any file is checked when ``path`` cannot be written: a missing folder is
    found in a second, not after a long run."""
    if not path:
        return
    folder = Path(path).parent
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: the folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option} {path}: the folder '{folder}' is not writable")


def read_url_file(path: str) -> list[str]:
    """URLs one a line; blank lines and lines starting with # are skipped."""
    from medlint.discovery import is_url

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read the URL file ({getattr(error, 'strerror', None) or error})") from None
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    wrong = next((url for url in urls if not is_url(url)), None)
    if wrong:
        raise UsageError(f"{path}: '{wrong}' is not an http:// or https:// URL")
    return urls


def politeness_settings(config: Config, rate, timeout, max_pages):
    """The configuration's fetch settings with the command line's on top."""
    from medlint.web import USER_AGENT, Politeness

    return Politeness(rate=rate or config.fetch_rate, timeout=timeout or config.fetch_timeout,
                      max_pages=max_pages or config.max_pages, user_agent=config.user_agent or USER_AGENT,
                      max_bytes=config.max_file_size)


def fetch_pages(urls: list[str], sitemaps: list[str], politeness, save_dir: str | None) -> list:
    """Targets for the fetched pages; notes (a page limit reached) on standard error."""
    from medlint.crawl import crawl
    from medlint.discovery import is_url

    wrong = next((url for url in sitemaps if not is_url(url)), None)
    if wrong:
        raise UsageError(f"--sitemap '{wrong}' is not an http:// or https:// URL")
    fetched = crawl(urls, sitemaps, politeness, save_dir,
                    progress=functools.partial(progress_bar, label="Fetching"))
    for note in fetched.notes:
        click.echo(f"medlint: {note}", err=True)
    return fetched.targets


def write_step_summary(path: str, report) -> None:
    """GitHub shows only the first annotations; the job summary gets the report, worst pages
    first, within what GitHub accepts for one step's summary (other writers' text included)."""
    from medlint.reporters.markdown import STEP_SUMMARY_LIMIT, render as render_markdown

    try:
        room = STEP_SUMMARY_LIMIT - (os.path.getsize(path) if os.path.exists(path) else 0)
        text = render_markdown(report, limit=room, why="GitHub accepts 1 MiB of job summary per step")
        if len(text.encode("utf-8")) > room:  # not even the totals fit after what earlier commands wrote
            click.echo(f"medlint: warning: the job summary {path} is full; medlint's report is not in it", err=True)
            return
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as error:
        click.echo(f"medlint: warning: cannot write the job summary {path} ({error.strerror or error})", err=True)


def pages_below(report) -> list:
    """Pages scoring below --min-score, named on standard error."""
    low = sorted((p for p in report.pages if report.scores_too_low(p)), key=lambda p: (p.score, p.path))
    if low:
        named = ", ".join(f"{p.score} {p.path}" for p in low[:3]) + (", …" if len(low) > 3 else "")
        click.echo(f"medlint: {plural(len(low), 'page')} scored below --min-score {report.min_score}: {named}", err=True)
    return low


@main.command()
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Configuration file to use.")
@handle_errors
def clean(config_path) -> None:
    """Delete the result cache of this project (its .medlint_cache folder, or cache-dir), the run
    records (replays), and what this medlint does not use in the user's cache (other versions'
    pattern anchors, spelling index …)."""
    from medlint.cache import clear
    from medlint.usercache import KINDS, cache_home, remove_unused, what_it_held

    folder = load_configuration(config_path).cache_path
    try:
        held = clear(folder)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if held and held[2]:
        raise UsageError(f"could not remove the cache {folder}: {plural(held[2], 'file')} of {held[0]} left "
                         "(is the folder read-only?)")
    click.echo(f"medlint: removed the cache {folder} ({amount(*held[:2])})" if held else f"medlint: no cache at {folder}",
               err=True)
    removed = remove_unused()
    if not removed:
        click.echo(f"medlint: nothing to remove from the user cache {cache_home()}", err=True)
        return
    labels = [what_it_held(name) for name, _ in removed]
    unused = [label for label in labels if label != KINDS["runs"]]  # run records are this medlint's, but forgotten
    what = ([f"the run records ({plural(len(labels) - len(unused), 'file')})"] if len(unused) < len(labels) else []) + (
        ["what this medlint does not use: " + ", ".join(f"{label} ({plural(unused.count(label), 'file')})"
                                                         for label in sorted(set(unused)))] if unused else [])
    click.echo(f"medlint: removed from the user cache {cache_home()} {' and '.join(what)}; "
               f"{amount(len(removed), sum(size for _, size in removed))}", err=True)


def amount(files: int, size: int) -> str:
    """"3 files, 1.2 MB" ("…, 12 kB" below a tenth of a megabyte)."""
    return f"{plural(files, 'file')}, " + (f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB")


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False))
@handle_errors
def list_rules(output_format, config_path) -> None:
    """List every rule: code, name, category, severity."""
    from medlint.packs import load_rules

    rules = load_rules(load_configuration(config_path).rule_packs)
    if output_format == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                                "summary": r.summary, "pack": r.pack} for r in rules.values()], indent=2))
        return
    for rule in sorted(rules.values(), key=lambda r: r.code):
        click.echo(f"{rule.code}  {rule.name:<28} {rule.category:<15} {rule.severity:<8} {rule.pack}")


@main.command()
@click.argument("code")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--today", metavar="YYYY-MM-DD", help="Date the examples' dates count from (default: MEDLINT_TODAY or today).")
@handle_errors
def explain(code, config_path, today) -> None:
    """Explain a rule: what it does, why it matters, an example, what to write instead."""
    from medlint.engine import with_rule_params
    from medlint.packs import load_rules
    from medlint.ruledoc import explain_text

    config = load_configuration(config_path)
    shipped = load_rules(config.rule_packs)
    rules = with_rule_params(shipped, config)  # the parameters in effect here
    rule = rules.get(code.upper())
    if rule is None:
        raise UsageError(f"no rule has the code '{code}' (see `medlint rules`)")
    click.echo(explain_text(rule, resolve_today(today), config, shipped[rule.code]))
