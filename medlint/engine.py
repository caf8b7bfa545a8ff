"""discover → read → run rules → suppressions and per-file ignores → diagnostics.

``lint_bytes`` is a pure function of (file bytes, path, settings), so files can later be
linted in parallel and their results cached.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from medlint.checks import Context, Finding
from medlint.config import Config
from medlint.diagnostics import Diagnostic
from medlint.discovery import Excluder, Target, discover, gitignore_spec
from medlint.document import Document, FileProblem
from medlint.errors import UsageError
from medlint.packs import Rule, build_checker, load_rules
from medlint.readers import UnreadableFile, read_document
from medlint.suppressions import parse_suppressions, unused_problems


@dataclass(frozen=True)
class Settings:
    """Everything the per-file work depends on besides the file itself."""

    rules: dict[str, Rule]  # every known rule, by code
    selected: tuple[str, ...]  # codes that run
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: tuple = ()  # (gitignore-style spec, codes) pairs
    root: str = "."
    max_file_size: int = 10_000_000
    context: Context = field(default_factory=Context)  # today's date and the options checks read
    debug: bool = False  # let a crash inside a rule raise instead of reporting it

    def severity_of(self, rule: Rule) -> str:
        return self.severity.get(rule.code, rule.severity)


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    facts: dict = field(default_factory=dict)  # page-level figures from the checks (grade, review date)


@dataclass(frozen=True)
class BaselineOutcome:
    path: str
    hidden: int  # findings the baseline hid
    unmatched: int  # baseline entries that matched nothing: problems fixed since it was written


@dataclass
class RunResult:
    files: list[FileResult]  # every file checked, including those that could not be read
    baseline: BaselineOutcome | None = None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted((d for f in self.files for d in f.diagnostics), key=Diagnostic.sort_key)


def matching_codes(selectors: tuple[str, ...], codes, where: str) -> set[str]:
    chosen = set()
    for selector in selectors:
        matched = {code for code in codes if code.startswith(selector)}
        if not matched:
            raise UsageError(f"{where}: '{selector}' matches no rule code")
        chosen |= matched
    return chosen


def build_settings(config: Config, select=None, ignore=(), extend_select=(), today=None, debug=False) -> Settings:
    """Settings from a config, with the command line's selection on top of the file's."""
    rules = with_rule_params(load_rules(config.rule_packs), config)
    where = "--select/--ignore" if select or ignore or extend_select else (config.path or "configuration")
    chosen = matching_codes(tuple(select or config.select or ()), rules, where) if (select or config.select) else set(rules)
    chosen |= matching_codes(tuple(config.extend_select) + tuple(extend_select), rules, where)
    chosen -= matching_codes(tuple(config.ignore) + tuple(ignore), rules, where)
    chosen |= {code for code, rule in rules.items() if rule.always}
    unknown = [code for code in config.severity if code not in rules]
    if unknown:
        raise UsageError(f"{config.path}: severity names unknown rule code '{unknown[0]}'")
    ignores = []
    for glob, codes in config.per_file_ignores.items():
        matching_codes(codes, rules, f"{config.path}: per-file-ignores")
        ignores.append((gitignore_spec([glob]), codes))
    return Settings(rules=rules, selected=tuple(sorted(chosen)), severity=config.severity,
                    per_file_ignores=tuple(ignores), root=config.root, max_file_size=config.max_file_size,
                    context=build_context(config, today or datetime.date.today()), debug=debug)


def with_rule_params(rules: dict[str, Rule], config: Config) -> dict[str, Rule]:
    """The rules with the parameters the config sets for them ([tool.medlint.rules.CODE])
    laid over their pack's; each rule's checker is built again and its params validated."""
    where = f"{config.path}: rules" if config.path else "configuration: rules"
    changed = {}
    for code, params in config.rule_params.items():
        rule = rules.get(code)
        if rule is None:
            raise UsageError(f"{where}.{code}: no rule has this code")
        if rule.checker is None:
            raise UsageError(f"{where}.{code}: {code} has no parameters (its findings come from the engine)")
        merged = {**rule.params, **params}
        checker = build_checker(rule.check, code, merged, f"{where}.{code}")
        changed[code] = dataclasses.replace(rule, params=merged, checker=checker)
    return {**rules, **changed}


def build_context(config: Config, today: datetime.date) -> Context:
    words = set(config.words)
    for path in config.word_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{path}: cannot read word file ({getattr(error, 'strerror', None) or error})") from None
        words.update(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    defaults = Context()
    return Context(
        today=today, target_grade=config.target_grade, review_max_age=config.review_max_age,
        date_order=config.date_order, review_date_keys=config.review_date_keys or defaults.review_date_keys,
        words=frozenset(words), spelling=config.spelling, abbreviations=frozenset(config.abbreviations),
        grade_skip_words=frozenset(config.grade_skip_words),
    )


PARALLEL_FROM = 16  # fewer files are done before worker processes would have started


def run(paths: list[str], config: Config, settings: Settings, force_exclude: bool = False,
        progress=None, jobs: int = 1) -> RunResult:
    """Lint every file under ``paths``, with ``jobs`` processes when there are many files.

    ``progress(results, count)`` may wrap the stream of results (a progress bar).
    """
    targets = discover(paths, Excluder(config.exclude, config.root), force_exclude)
    results = lint_targets(targets, settings, jobs)
    if progress:
        results = progress(results, len(targets))
    return RunResult(list(results))


def lint_targets(targets: list[Target], settings: Settings, jobs: int):
    """Results in the order of ``targets``. Files are independent (lint_bytes is pure), so
    worker processes can share them out; they are forked, inheriting the loaded rules."""
    import multiprocessing

    if jobs < 2 or len(targets) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        yield from (lint_target(target, settings) for target in targets)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(min(jobs, len(targets)), mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker, initargs=(settings,)) as pool:
        yield from pool.map(_lint_in_worker, targets, chunksize=8)


_worker_settings: Settings | None = None  # a worker process's settings, set once when it starts


def _start_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings


def _lint_in_worker(target: Target) -> FileResult:
    return lint_target(target, _worker_settings)


def apply_baseline(result: RunResult, baseline_path: str) -> RunResult:
    """The run without the findings the baseline file records (each entry hides as many as it counts)."""
    from medlint.baseline import finding_key, load_baseline

    allowance = load_baseline(baseline_path)
    root = os.path.dirname(os.path.abspath(baseline_path))
    hidden = 0
    files = []
    for file in result.files:
        kept = []
        for diagnostic in file.diagnostics:
            key = finding_key(diagnostic, root)
            if allowance[key] > 0:
                allowance[key] -= 1
                hidden += 1
            else:
                kept.append(diagnostic)
        files.append(FileResult(file.path, kept, file.facts))
    return RunResult(files, BaselineOutcome(baseline_path, hidden, sum(allowance.values())))


def lint_target(target: Target, settings: Settings) -> FileResult:
    try:
        data = read_bytes(target, settings.max_file_size)
    except UnreadableFile as error:
        return FileResult(target.path, [problem_diagnostic(settings, target.path, FileProblem(error.code, 1, error.message))])
    try:
        return lint_bytes(data, target.path, target.format, settings)
    except Exception as error:  # a bug in a rule must not lose the other files' results
        if settings.debug:
            raise
        message = f"medlint failed on this file ({type(error).__name__}: {error}); please report it"
        return FileResult(target.path, [problem_diagnostic(settings, target.path, FileProblem("IO010", 1, message))])


def read_bytes(target: Target, max_size: int) -> bytes:
    path = target.path
    if target.missing:
        raise UnreadableFile("IO001", "No such file or directory")
    try:
        size = os.stat(path).st_size
        if size > max_size:
            raise UnreadableFile("IO003", f"File is {size:,} bytes, over the {max_size:,}-byte limit (max-file-size); not checked")
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        reason = "Broken symbolic link" if os.path.islink(path) else "No such file or directory"
        raise UnreadableFile("IO001", f"Cannot read file: {reason}") from None
    except OSError as error:
        raise UnreadableFile("IO001", f"Cannot read file: {error.strerror or error}") from None


def lint_bytes(data: bytes, path: str, file_format: str, settings: Settings) -> FileResult:
    """All diagnostics and page facts for one file's content; never raises on bad content."""
    try:
        document = read_document(data, path, file_format)
    except UnreadableFile as error:
        return FileResult(path, [problem_diagnostic(settings, path, FileProblem(error.code, 1, error.message))])
    context = settings.context
    ran = [settings.rules[code] for code in settings.selected if settings.rules[code].checker]
    found = [finding_diagnostic(settings, rule, finding, document)
             for rule in ran for finding in rule.checker.findings(document, context)]
    facts: dict = {}
    for rule in ran:
        if hasattr(rule.checker, "facts"):
            facts.update(rule.checker.facts(document, context))
    found += [problem_diagnostic(settings, path, problem, document) for problem in document.problems]

    suppressions, problems = parse_suppressions(document)
    kept = []
    for diagnostic in found:
        covering = [s for s in suppressions if s.covers(diagnostic)]
        for suppression in covering:
            suppression.used = True
        if not covering:
            kept.append(diagnostic)
    problems += unused_problems(suppressions, set(settings.rules), {r.code for r in ran})
    kept += [problem_diagnostic(settings, path, problem, document) for problem in problems]

    ignored = _ignored_codes(path, settings)
    kept = [d for d in kept if d.code in settings.selected and not d.code.startswith(ignored)]
    return FileResult(path, sorted(kept, key=Diagnostic.sort_key), facts)


def _ignored_codes(path: str, settings: Settings) -> tuple[str, ...]:
    if not settings.per_file_ignores:
        return ()
    relative = os.path.relpath(Path(path).resolve(), Path(settings.root).resolve()).replace(os.sep, "/")
    return tuple(code for spec, codes in settings.per_file_ignores if spec.match_file(relative) for code in codes)


def finding_diagnostic(settings: Settings, rule: Rule, finding: Finding, document: Document) -> Diagnostic:
    block = finding.block
    if block is None:  # a page-level finding sits on the title, else on line 1
        title = next((b for b in document.blocks if b.kind in ("title", "heading")), None)
        line = document.position(title.source_offset(0))[0] if title else 1
        start, end, text = (line, 1), (line, len(document.line_text(line)) + 1), ""
    else:
        start = document.position(block.source_offset(finding.start))
        end = document.position((finding.end_block or block).source_offset(finding.end, end=True))
        text = " ".join(block.text[finding.start:finding.end].lower().split())
    return Diagnostic(
        path=document.path, line=start[0], column=start[1], end_line=end[0], end_column=end[1],
        code=rule.code, rule=rule.name, category=rule.category, severity=settings.severity_of(rule),
        message=rule.format_message(finding.values), suggestion=finding.suggestion,
        text=text or rule.format_message(finding.values), source_line=document.line_text(start[0]),
    )


def problem_diagnostic(settings: Settings, path: str, problem: FileProblem, document: Document | None = None) -> Diagnostic:
    rule = settings.rules[problem.code]
    width = len(document.line_text(problem.line)) if document and problem.line <= document.line_count else 0
    return Diagnostic(
        path=path, line=problem.line, column=1, end_line=problem.line, end_column=width + 1,
        code=rule.code, rule=rule.name, category=rule.category, severity=settings.severity_of(rule),
        message=problem.message, text=problem.message,
        source_line=document.line_text(problem.line) if width else "",
    )
