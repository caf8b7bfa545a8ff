"""discover → read → run rules → suppressions and per-file ignores → diagnostics.

``lint_bytes`` is a pure function of (file bytes, path, settings), so files can later be
linted in parallel and their results cached.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import gc
import operator
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from medlint.cache import StoredResult, content_hash
from medlint.config import Config
from medlint.context import Context
from medlint.diagnostics import (EXCERPT_FIELDS, Diagnostic, excerpt, from_row, line_excerpt, normalised, pack_rows,
                                 unpack_rows)
from medlint.discovery import Excluder, Target, discover, gitignore_spec, is_url
from medlint.errors import UsageError
from medlint.links import PageLinks
from medlint.packs import Rule, build_checker, load_rules
from medlint.readers import UnreadableFile, read_document
from medlint.replay import note

if TYPE_CHECKING:  # the page model and the checks load only when a page is checked: a warm run needs neither
    from medlint.checks import Finding
    from medlint.document import Document, FileProblem


@dataclass(frozen=True)
class Settings:
    """Everything the per-file work depends on besides the file itself."""

    rules: dict[str, Rule]  # every known rule, by code
    selected: tuple[str, ...]  # codes that run
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: tuple = ()  # (gitignore-style spec, codes) pairs
    root: str = "."
    max_file_size: int = 10_000_000
    file_timeout: float = 60.0  # seconds one file may take (IO016)
    max_findings_per_rule: int = 50  # per file; 0: no limit
    context: Context = field(default_factory=Context)  # today's date and the options checks read
    debug: bool = False  # let a crash inside a rule raise instead of reporting it

    def severity_of(self, rule: Rule) -> str:
        return self.severity.get(rule.code, rule.severity)

    @functools.cached_property
    def plan(self) -> RulePlan:
        """What every page's check reads of these settings, worked out at the first page
        (building the selected rules' checkers) rather than again for each page."""
        ran = tuple(self.rules[code] for code in self.selected if self.rules[code].checker)
        return RulePlan(ran=ran, with_facts=tuple(rule for rule in ran if hasattr(rule.checker, "facts")),
                        evidence=chrome_evidence(self), selected=frozenset(self.selected),
                        known=frozenset(self.rules), ran_codes=frozenset(rule.code for rule in ran),
                        links=any(code in self.selected for code in LINK_CODES))


class RulePlan(NamedTuple):  # (not a frozen dataclass: made in a tenth of the time, at every run's start)
    """The rules a page's check runs and what it filters findings by (Settings.plan)."""

    ran: tuple[Rule, ...]  # the selected rules that have a checker, by code
    with_facts: tuple[Rule, ...]  # those of them whose checker gives page facts
    evidence: list  # chrome_evidence: what region inference reads
    selected: frozenset[str]  # the selected codes
    known: frozenset[str]  # every rule's code
    ran_codes: frozenset[str]  # the codes of ``ran``
    links: bool  # whether a link rule is selected: the page's links are noted


class FileResult:
    """One page's findings and what the run's cross-page passes read of it. (A plain class:
    a dataclass compiles each method it writes, ~0.3 ms of every run's start.)"""

    def __init__(self, path: str, diagnostics: list[Diagnostic], facts: dict | None = None,
                 baselined: list[Diagnostic] | None = None, links: PageLinks | None = None,
                 chrome_candidates: bytes | None = None, chrome_places: dict | None = None) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.facts = {} if facts is None else facts  # page-level figures from the checks (grade, review date)
        self.baselined = [] if baselined is None else baselined  # found, but recorded in the baseline: not reported
        self.links = links  # its internal links and anchors, for the run to check (medlint.links)
        self.chrome_candidates = chrome_candidates  # fingerprints of its blocks that could be site chrome (medlint.site.PagePrint.packed)
        self.chrome_places = chrome_places  # where its site-chrome blocks sit, when checked with them (medlint.site.chrome_places)


class BaselineOutcome(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """What a baseline did to the run."""

    path: str
    hidden: int  # findings the baseline hid
    unmatched: int  # baseline entries that matched nothing: problems fixed since it was written


class RunResult(NamedTuple):  # (not a dataclass: made at every start in a fifth of the time)
    """Every page's result, and the baseline's outcome."""

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


def build_settings(config: Config, select=None, ignore=(), extend_select=(), today=None, debug=False,
                   file_timeout: float | None = None) -> Settings:
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
                    file_timeout=file_timeout or config.file_timeout, max_findings_per_rule=config.max_findings_per_rule,
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
            changed[code] = dataclasses.replace(rule, params=engine_rule_params(rule, params, f"{where}.{code}"))
            continue
        merged = {**rule.params, **params}
        changed[code] = dataclasses.replace(rule, params=merged,
                                            build=functools.partial(build_checker, rule.check, code, merged, f"{where}.{code}"))
        changed[code].checker  # noqa: B018 - built now: the config's params are checked before any file
    return {**rules, **changed}


def engine_rule_params(rule: Rule, params: dict, where: str) -> dict:
    """An engine rule's params (BP008's thresholds) with the config's laid over: only the
    names its pack defines, each a value of the same type (a whole number may stand for a real)."""
    for name, value in params.items():
        if name not in rule.params:
            known = ", ".join(sorted(rule.params)) or "none"
            raise UsageError(f"{where}: {rule.code} has no parameter '{name}' (it has: {known})")
        default = rule.params[name]
        expected = (int, float) if isinstance(default, float) else type(default)
        if not isinstance(value, expected) or isinstance(value, bool) != isinstance(default, bool):
            raise UsageError(f"{where}: {name} must be a {type(default).__name__}, like {default!r}")
    return {**rule.params, **params}


def build_context(config: Config, today: datetime.date) -> Context:
    words = set(config.words)
    for path in config.word_files:
        note(path)
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
CHUNK = 8  # files sent to a worker at a time
SITE_CHROME_CODE = "BP008"
LINK_CODES = ("LK001", "LK002", "LK003")


def run(paths: list[str], config: Config, settings: Settings, force_exclude: bool = False,
        progress=None, jobs: int = 1, excluder: Excluder | None = None, cache=None, pages: list[Target] = (),
        site_chrome: bool = True, check_links=None) -> RunResult:
    """Lint every file under ``paths`` and the fetched ``pages`` (see run_files, which takes
    the same arguments); the results in path order."""
    return RunResult(list(run_files(paths, config, settings, force_exclude, progress, jobs, excluder, cache, pages,
                                    site_chrome, check_links)))


def run_files(paths: list[str], config: Config, settings: Settings, force_exclude: bool = False,
              progress=None, jobs: int = 1, excluder: Excluder | None = None, cache=None, pages: list[Target] = (),
              site_chrome: bool = True, check_links=None):
    """Each file's final FileResult (its cross-page findings included) in report order (by
    path; a file named twice is checked once, under the name given first), for every file under ``paths`` and the fetched
    ``pages``, with ``jobs`` processes when there are many. With ``site_chrome``, blocks that
    repeat across many pages of a site are found (medlint.site), reported once per site and
    left out of the other rules.

    ``progress(results, count)`` may wrap the stream of results (a progress bar);
    ``excluder`` replaces the configuration's exclusions (the command line adds to them). With
    a ``cache`` (a medlint.cache.ResultCache), files whose results it holds are not checked
    again. ``check_links``: a medlint.web.Politeness to fetch external links with (LK003).

    Cross-page findings (links, site chrome) need every page, so results come once all are
    checked; meanwhile each page's own findings wait in a Spool (on disk past the first few
    pages) and only what the cross-page passes read (links, anchors, chrome candidates'
    fingerprints; external links only for ``check_links``) is held in memory: about 3 KB a
    page, most of it its anchors and links.
    """
    excluder = excluder or Excluder(config.exclude, config.root)
    found = (discover(paths, excluder, force_exclude) if paths else []) + list(pages)
    same_file = lambda t: t.path if is_url(t.path) else os.path.normpath(t.path)  # noqa: E731 - "./a.md" is "a.md"
    targets = sorted({same_file(t): t for t in reversed(found)}.values(), key=lambda t: t.path)
    # One pass lints every page and notes its chrome candidates; only the pages that turn out
    # to carry site chrome are linted again, with it.
    lint = functools.partial(lint_target, survey=True) if site_chrome else lint_target
    results = lint_with_cache(lint, {t.path: frozenset() for t in targets}, targets, settings, jobs, cache,
                              survey=site_chrome)
    if progress:
        results = progress(results, len(targets))
    spool = Spool(external_links=bool(check_links and "LK003" in settings.selected))
    files = [spool.keep(index, result) for index, result in enumerate(results)]
    site_results = relint_site_chrome(targets, files, settings, jobs, cache, spool) if site_chrome else {}
    cross_file = link_findings(files, settings, fetched={t.path for t in targets if t.data is not None})
    if check_links and "LK003" in settings.selected:
        for path, found_dead in dead_link_findings(files, settings, check_links).items():
            cross_file.setdefault(path, []).extend(found_dead)
    for index, light in enumerate(files):
        files[index] = None  # let go of its links and chrome candidates
        result = spool.take(index, light)
        extra = site_results.pop(result.path, []) + cross_file.pop(result.path, [])
        if extra:
            result.diagnostics = sorted(result.diagnostics + extra, key=Diagnostic.sort_key)
        yield result


class Spool:
    """Pages' findings set aside until the run's cross-page findings are known. The findings
    of the first ``IN_MEMORY`` pages wait as they came; past those, encoded
    (medlint.diagnostics.pack_rows) in memory up to ``MEMORY_BYTES``, and the rest in an
    unnamed temporary file (private to this process, gone when it ends). A result read from the
    cache or sent by a worker (medlint.cache.StoredResult) gives its findings still encoded:
    they are decoded once, when taken. ``external_links``: whether the pages' links to other
    sites are kept for the run (only --check-links reads them)."""

    IN_MEMORY = 64  # pages: a small run never encodes
    MEMORY_BYTES = 8_000_000  # of encoded findings (a warm run of 300 pages holds 3 MB): a site never touches the disk

    def __init__(self, external_links: bool = True) -> None:
        self.external_links = external_links
        self.held: dict[int, list[Diagnostic] | bytes] = {}
        self.held_bytes = 0
        self.places: dict[int, tuple[int, int]] = {}  # index -> (offset, length) in the file
        self.file = None

    def keep(self, index: int, result: FileResult | StoredResult) -> FileResult:
        """``result`` without its findings, which wait here under ``index`` (replacing any
        kept before) until take(), and without its chrome places (and external links, unless
        kept): what the run holds of every page until the end."""
        self._drop(index)
        findings = result.packed if isinstance(result, StoredResult) else result.diagnostics
        if len(self.held) < self.IN_MEMORY:
            self._hold(index, findings)
        else:
            packed = findings if isinstance(findings, bytes) else pack_rows(findings)
            if self.held_bytes + len(packed) <= self.MEMORY_BYTES:
                self._hold(index, packed)
            else:
                if self.file is None:
                    import tempfile

                    self.file = tempfile.TemporaryFile()
                self.places[index] = (self.file.seek(0, os.SEEK_END), len(packed))
                self.file.write(packed)
        links = result.links
        if links is not None and not self.external_links:
            # Not asked whether it has any: a cached page's would be decoded. Made directly:
            # dataclasses.replace() looks through the fields on every call.
            links = PageLinks(links.links, links.anchors)
        return FileResult(result.path, [], result.facts, links=links, chrome_candidates=result.chrome_candidates)

    def take(self, index: int, light: FileResult) -> FileResult:
        """The result kept under ``index``, findings back in, links and candidates left out."""
        if index in self.held:
            findings = self._drop(index)
        else:
            offset, length = self.places.pop(index)
            self.file.seek(offset)
            findings = self.file.read(length)
        diagnostics = unpack_rows(findings) if isinstance(findings, bytes) else findings
        return FileResult(light.path, diagnostics, light.facts, light.baselined)

    def _hold(self, index: int, findings: list[Diagnostic] | bytes) -> None:
        self.held[index] = findings
        if isinstance(findings, bytes):
            self.held_bytes += len(findings)

    def _drop(self, index: int) -> list[Diagnostic] | bytes | None:
        findings = self.held.pop(index, None)
        if isinstance(findings, bytes):
            self.held_bytes -= len(findings)
        return findings


def dead_link_findings(files: list[FileResult], settings: Settings, politeness) -> dict[str, list[Diagnostic]]:
    """LK003 per page: external links that do not answer (medlint.crawl.dead_links)."""
    from medlint.crawl import dead_links

    checked = [f for f in files if f.links and f.links.external and not "LK003".startswith(_ignored_codes(f.path, settings))]
    dead = dead_links([url for f in checked for url, _ in f.links.external], politeness)
    rule = settings.rules["LK003"]
    found: dict[str, list[Diagnostic]] = {}
    for file in checked:
        for url, where in file.links.external:
            if url in dead:
                found.setdefault(file.path, []).append(replace(
                    where, code=rule.code, rule=rule.name, category=rule.category, severity=settings.severity_of(rule),
                    message=rule.format_message({"url": url, "reason": dead[url]})))
    return found


def link_findings(files: list[FileResult], settings: Settings, fetched: set[str]) -> dict[str, list[Diagnostic]]:
    """LK findings per page: links to pages or anchors that are not there (medlint.links).
    Files and fetched pages are resolved apart: a URL and a file path never link to each other."""
    from medlint.links import resolve

    found: dict[str, list[Diagnostic]] = {}
    for web in (False, True):
        pages = {f.path: f.links for f in files if f.links is not None and (f.path in fetched) == web}
        for path, problems in resolve(pages, fetched=web).items():
            ignored = _ignored_codes(path, settings)
            for code, message, where in problems:
                if code in settings.selected and not code.startswith(ignored):
                    rule = settings.rules[code]
                    found.setdefault(path, []).append(replace(
                        where, code=code, rule=rule.name, category=rule.category,
                        severity=settings.severity_of(rule), message=message))
    return found


def relint_site_chrome(targets: list[Target], files: list[FileResult], settings: Settings,
                       jobs: int, cache=None, spool: Spool | None = None) -> dict[str, list[Diagnostic]]:
    """Find each site's chrome from the pages' candidates (medlint.site), lint the pages that
    carry some again with it (replacing their results in ``files``, their findings kept in
    ``spool``), and return the site-chrome findings by page path."""
    from medlint.site import PagePrint, chrome_runs, site_chrome, unpack_fingerprints

    rule = settings.rules[SITE_CHROME_CODE]
    params = rule.params
    prints = [PagePrint(f.path, t.site, f.chrome_candidates) for t, f in zip(targets, files)
              if t.site and f.chrome_candidates is not None]
    chrome = site_chrome(prints, params["min_pages"], params["min_share"], params["min_site"])
    # A page's chrome: those of its candidates that repeat across its site (as SiteChrome.for_page
    # gives it, without looking through each repeated block's pages: linear in the pages). A
    # site where no block repeats enough has none on any page: its pages are not unpacked again.
    repeated = {site: found.pages for site, found in chrome.items() if found.pages}
    again = [(index, frozenset(key for key in unpack_fingerprints(f.chrome_candidates) if key in repeated[t.site]))
             for index, (t, f) in enumerate(zip(targets, files)) if t.site in repeated and f.chrome_candidates]
    again = [(index, fingerprints) for index, fingerprints in again if fingerprints]
    relinted = lint_with_cache(lint_target, dict((targets[i].path, c) for i, c in again), [targets[i] for i, _ in again],
                               settings, jobs, cache)
    # Where chrome blocks sit is kept only for the page each is reported on (its first).
    first_pages = {paths[0] for site in chrome.values() for paths in site.pages.values()}
    places: dict[str, dict] = {}
    for (index, _), result in zip(again, relinted):
        if result.path in first_pages and (found := result.chrome_places):  # decoded once
            places[result.path] = dict(found)
        files[index] = spool.keep(index, result) if spool else result
    findings: dict[str, list[Diagnostic]] = {}
    if SITE_CHROME_CODE in settings.selected:
        for site in chrome.values():
            for found in chrome_runs(site, places):
                findings.setdefault(found.path, []).append(site_chrome_diagnostic(settings, rule, site.page_count, found))
    return findings


def site_chrome_diagnostic(settings: Settings, rule: Rule, page_count: int, found) -> Diagnostic:
    shown = ", ".join(os.path.basename(p.rstrip("/")) or p for p in found.pages[:3])
    more = f" and {len(found.pages) - 3} more" if len(found.pages) > 3 else ""
    what = "a block" if found.blocks == 1 else f"{found.blocks} blocks"
    message = rule.format_message({"what": what, "count": len(found.pages), "total": page_count,
                                   "pages": shown + more})
    return Diagnostic(path=found.path, line=found.start[0], column=found.start[1], end_line=found.end[0], end_column=found.end[1],
                      code=rule.code, rule=rule.name, category=rule.category, severity=settings.severity_of(rule),
                      message=message, text=f"site chrome on {len(found.pages)} pages",
                      **dict(zip(EXCERPT_FIELDS, found.source_line)))


def map_targets(function, items: list[tuple[Target, frozenset]], settings: Settings, jobs: int, cache=None):
    """``function(target, settings, chrome, cache=cache)`` for each item, in order. Files are
    independent (the per-file work is pure), so worker processes can share them out.

    The workers are forked (medlint.workers) once this process has built the rules pages use
    (Settings.plan) and checked one page itself (warm_up_index): what rules load on first use
    (word lists, readers, compiled patterns, a tenth of a second) is then loaded once and
    inherited, not loaded again by each worker.
    They send each result back encoded as the cache stores it (medlint.cache.StoredResult):
    pickling FileResults cost more than checking a small page, and most of it in this process.
    This process writes the workers' cache entries (DeferredStore).
    """
    if items:
        from medlint.analysis.anchors import expect_pages

        expect_pages(len(items))
    if jobs < 2 or len(items) < PARALLEL_FROM or not hasattr(os, "fork"):
        yield from (function(target, settings, chrome, cache=cache) for target, chrome in items)
        return
    from medlint.workers import forked_map

    # What is made until the workers are forked (the checkers, what the first page loads) lives
    # as long as they do: the cycle collector is off meanwhile (it would scan it all, 3 ms),
    # then it is frozen (gc.freeze), out of the collector's sight in this process and in the
    # workers, which inherit it: this process's collections while it gathers their results
    # would scan it again (7 ms), and theirs would copy the memory they share with it. The
    # few reference cycles the first page leaves (~40 objects) stay.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        settings.plan  # noqa: B018 - the checkers pages use, built once here, not once in every worker
        first = warm_up_index(items)
        first_result = function(items[first][0], settings, items[first][1], cache=cache)
        rest = [item for index, item in enumerate(items) if index != first]

        def work(number: int):
            target, chrome = rest[number]
            return _in_worker(function, target, chrome, settings, cache)

        # Items go to the workers CHUNK at a time (fewer round trips), the last few one by one: a
        # worker left with a whole chunk at the end would keep the others waiting (4% of a cold run).
        tail = len(rest) - min(len(rest), jobs * CHUNK * 2)
        batches = [range(start, min(start + CHUNK, tail)) for start in range(0, tail, CHUNK)]
        batches += [range(number, number + 1) for number in range(tail, len(rest))]
        gc.freeze()
        received = forked_map(work, batches, jobs)
    finally:
        if was_enabled:
            gc.enable()
    try:
        for index in range(len(items)):
            if index == first:
                yield first_result
            else:
                result = next(received)
                # A worker's cache entry, written here (DeferredStore): a plain tuple, told by its
                # type, so that a result class made a named tuple is never taken for one.
                if type(result) is tuple:
                    key, result, content = result
                    cache.received(items[index][0].path, key, result, content)
                yield StoredResult.decode(result) if isinstance(result, bytes) else result
    finally:
        received.close()  # the workers end with the run, however it ends


def warm_up_index(items: list[tuple[Target, frozenset]]) -> int:
    """The item to check before forking workers: the median-sized of the first few (a typical
    page uses what rules load on first use; a huge one would hold every worker back)."""
    sizes = []
    for index, (target, _) in enumerate(items[:PARALLEL_FROM]):
        try:
            size = len(target.data) if target.data is not None else os.stat(target.path).st_size
        except OSError:
            size = 0
        sizes.append((size, index))
    return sorted(sizes)[len(sizes) // 2][1]


def lint_with_cache(function, chrome: dict[str, frozenset], targets: list[Target], settings: Settings, jobs: int,
                    cache=None, survey: bool = False):
    """Results for ``targets`` in order: from ``cache`` when it holds them, else from
    ``function`` (lint_target) run by map_targets; ``chrome`` maps a path to its chrome
    fingerprints, and they and ``survey`` are part of the cache key."""
    items = lambda chosen: [(t, chrome[t.path]) for t in chosen]  # noqa: E731
    if cache is None:
        return map_targets(function, items(targets), settings, jobs)
    return cache.results(targets, lambda misses: map_targets(function, items(misses), settings, jobs, cache),
                         inputs=lambda t: cache_inputs(chrome[t.path], survey and bool(t.site)))


def cache_inputs(chrome: frozenset[str], survey: bool) -> str:
    """What a file's result depends on besides its bytes and the settings: its site's chrome
    fingerprints, and whether its chrome candidates were noted."""
    return ("survey:" if survey else "") + ",".join(sorted(chrome))


def _in_worker(function, target: Target, chrome: frozenset[str], settings: Settings,
               cache) -> bytes | tuple[str, bytes, bytes] | FileResult:
    """One item's result in a worker process, encoded for the trip back (a result marshal
    cannot hold goes as it is); with the cache entry to write, as (key, entry, content hash:
    DeferredStore.kept), when there is one: the entry is the result's encoding
    (ResultCache.entry), made once for both."""
    deferred = DeferredStore(cache) if cache is not None else None
    result = function(target, settings, chrome, cache=deferred)
    if deferred is not None and deferred.kept is not None:
        return deferred.kept
    try:
        return StoredResult.encode(result)
    except ValueError:
        return result


class DeferredStore:
    """The result cache as a worker process's check sees it: what it would store is kept
    (``kept``: key, entry and the file's content hash) for the worker to send back, and the
    main process, which only waits for results meanwhile, writes it and records the hash
    (ResultCache.received). A cold run's workers then spend their time on pages rather than
    writing the cache, which on a busy disk also means waiting for it."""

    def __init__(self, cache) -> None:
        self.cache = cache
        self.content: bytes | None = None
        self.kept: tuple[str, bytes, bytes] | None = None

    def key(self, data: bytes, path: str, file_format: str, inputs: str = "") -> str:
        """ResultCache.key, its content hash kept for store."""
        self.content = content_hash(data)
        return self.cache.content_key(self.content, path, file_format, inputs)

    def store(self, key: str, result: FileResult) -> None:
        """Keep ``result``'s cache entry under ``key`` rather than write it (once per page:
        lint_target stores the result it returns, complete)."""
        entry = self.cache.entry(result)
        self.kept = None if entry is None else (key, entry, self.content)


def apply_baseline(result: RunResult, baseline_path: str) -> RunResult:
    """The run without the findings the baseline file records (see Baseline)."""
    baseline = Baseline(baseline_path)
    files = list(baseline.apply(result.files))
    return RunResult(files, baseline.outcome())


class Baseline:
    """A baseline file, applied to the files' results as they come: each entry hides as many
    findings as it counts.

    The hidden findings are kept aside on each file (``FileResult.baselined``): reports leave
    them out, the dashboard shows them marked as baselined. Raises UsageError when the file
    cannot be read or is not a baseline.
    """

    def __init__(self, path: str) -> None:
        from medlint.baseline import load_baseline

        self.path = path
        self.allowance = load_baseline(path)
        self.root = os.path.dirname(os.path.abspath(path))
        self.hidden = 0

    def apply(self, files):
        """Each FileResult of ``files`` without the findings the baseline hides."""
        from medlint.baseline import finding_key

        for file in files:
            kept, baselined = [], []
            for diagnostic in file.diagnostics:
                key = finding_key(diagnostic, self.root)
                if self.allowance[key] > 0:
                    self.allowance[key] -= 1
                    baselined.append(diagnostic)
                else:
                    kept.append(diagnostic)
            self.hidden += len(baselined)
            yield FileResult(file.path, kept, file.facts, baselined)

    def outcome(self) -> BaselineOutcome:
        """What it hid, and its entries that matched nothing, once every file has come."""
        return BaselineOutcome(self.path, self.hidden, sum(self.allowance.values()))


def lint_target(target: Target, settings: Settings, chrome: frozenset[str] = frozenset(),
                survey: bool = False, cache=None) -> FileResult:
    """The file's (or fetched page's) findings; ``chrome``: its site's chrome fingerprints;
    ``survey``: also note the page's site-chrome candidates (if it belongs to a site). The
    result of a file is stored in ``cache`` (a medlint.cache.ResultCache) when given."""
    from medlint.document import FileProblem

    fetch_problems = [problem_diagnostic(settings, target.path, problem) for problem in target.problems]
    try:
        data = read_bytes(target, settings.max_file_size)
    except UnreadableFile as error:
        return FileResult(target.path, [problem_diagnostic(settings, target.path, FileProblem(error.code, 1, error.message))])
    if data is None:  # a URL that could not be fetched: its fetch problems say why
        return FileResult(target.path, fetch_problems)
    try:
        survey = survey and bool(target.site)
        result = lint_within_budget(data, target.path, target.format, settings, chrome, survey)
        if fetch_problems:
            result.diagnostics = sorted(result.diagnostics + fetch_problems, key=Diagnostic.sort_key)
        # The result is complete before it is stored: a worker sends back what was stored (DeferredStore).
        if cache is not None and target.data is None and not timed_out(result):  # a fetched page is not looked up again
            cache.store(cache.key(data, target.path, target.format, cache_inputs(chrome, survey)), result)
    except Exception as error:  # a bug in a rule must not lose the other files' results
        if settings.debug:
            raise
        message = f"medlint failed on this file ({type(error).__name__}: {error}); please report it"
        return FileResult(target.path, [problem_diagnostic(settings, target.path, FileProblem("IO010", 1, message))])
    return result


class FileTimeout(BaseException):
    """Raised inside a file's check when its time budget runs out. A BaseException, so the
    broad handlers in readers and rules (which turn a parser's failure into a finding) let it through."""


def lint_within_budget(data: bytes, path: str, file_format: str, settings: Settings,
                       chrome: frozenset[str] = frozenset(), survey: bool = False) -> FileResult:
    """lint_bytes, stopped after ``settings.file_timeout`` seconds and reported as IO016.

    The budget is a SIGALRM timer in the process doing the check (the main process with -j 1,
    each worker process otherwise): the regex engine and Python code both stop at it. Where
    there is no such timer (Windows) or outside the main thread, the file runs unbounded.
    """
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return lint_bytes(data, path, file_format, settings, chrome, survey)

    def stop(_signum, _frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        signal.setitimer(signal.ITIMER_REAL, settings.file_timeout)
        try:
            return lint_bytes(data, path, file_format, settings, chrome, survey)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:  # also when the timer fires just as the check ends: it was at the limit
        from medlint.document import FileProblem

        message = (f"Checking stopped after {settings.file_timeout:g} s (file-timeout): this file takes far longer "
                   "than a normal page; the other files were still checked")
        return FileResult(path, [problem_diagnostic(settings, path, FileProblem("IO016", 1, message))])
    finally:
        signal.signal(signal.SIGALRM, previous)


def timed_out(result: FileResult) -> bool:
    """Whether the file's check was stopped by its time budget (a result not to cache)."""
    return any(d.code == "IO016" for d in result.diagnostics)


def cap_per_rule(diagnostics: list[Diagnostic | PlacedFinding], limit: int) -> list[Diagnostic]:
    """The first ``limit`` findings of each rule (in report order), and for a rule with more, one
    finding where the next would be that counts the rest: one broken file cannot flood a report.
    ``diagnostics``: Diagnostics, or findings only placed (PlacedFinding), built here when kept."""
    if not limit:
        return [_built(diagnostic) for diagnostic in diagnostics]
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
    if max(counts.values(), default=0) <= limit:
        return [_built(diagnostic) for diagnostic in diagnostics]
    kept, seen = [], dict.fromkeys(counts, 0)
    for diagnostic in diagnostics:
        seen[diagnostic.code] += 1
        if seen[diagnostic.code] <= limit:
            kept.append(_built(diagnostic))
        elif seen[diagnostic.code] == limit + 1:
            more = counts[diagnostic.code] - limit
            message = (f"and {more:,} more {diagnostic.code} finding{'s' if more > 1 else ''} in this file, not listed "
                       f"(max-findings-per-rule = {limit})")
            kept.append(dataclasses.replace(_built(diagnostic), message=message, suggestion=None, text=message))
    return kept


class PlacedFinding(NamedTuple):  # (not a dataclass: made at every run's start in a fifth of the time; one is made per finding)
    """A rule's finding with what suppressions, per-file ignores, the report order and the
    per-rule cap read (where it starts, its code), made a Diagnostic only when it is kept: a
    page with 10,000 findings of one rule builds the 51 it reports, not an excerpt and a
    message for each. Only the findings of a rule with more than the cap on the page are
    placed: the others are all kept (unless suppressed), and are built at once (a fifth of
    the engine's own work per finding was placing them)."""

    path: str
    line: int
    column: int
    code: str
    settings: Settings
    rule: Rule
    finding: Finding
    document: Document

    def diagnostic(self) -> Diagnostic:
        return finding_diagnostic(self.settings, self.rule, self.finding, self.document, (self.line, self.column))


def _built(diagnostic: Diagnostic | PlacedFinding) -> Diagnostic:
    return diagnostic.diagnostic() if isinstance(diagnostic, PlacedFinding) else diagnostic


def read_bytes(target: Target, max_size: int) -> bytes | None:
    """The content to check; None for a URL that was not fetched."""
    if target.data is not None or target.problems:
        return target.data
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


def lint_bytes(data: bytes, path: str, file_format: str, settings: Settings,
               chrome: frozenset[str] = frozenset(), survey: bool = False) -> FileResult:
    """All diagnostics and page facts for one file's content; never raises on bad content.

    ``chrome``: fingerprints (medlint.site.fingerprint) of the blocks that repeat across the
    page's site; those blocks are moved out of the main region before the rules run.
    ``survey``: also return the page's site-chrome candidates (FileResult.chrome_candidates).
    With ``chrome``, where its chrome blocks sit is returned too (FileResult.chrome_places).
    """
    # Python's cycle collector is off for the page and back as it was after it. A page's
    # check holds one object per block, line, sentence and finding until it ends, and
    # allocates few reference cycles: each collection the allocations trigger rescans all of
    # them, a cost that grows with the page (a fifth of a big page's time: 1 MB of one-word
    # list items, 4.99 s per MB with it, 3.84 without). The few cycles a page leaves are
    # collected after it, by the next collection.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint_bytes(data, path, file_format, settings, chrome, survey)
    finally:
        if was_enabled:
            gc.enable()


def _lint_bytes(data: bytes, path: str, file_format: str, settings: Settings,
                chrome: frozenset[str], survey: bool) -> FileResult:
    from medlint.document import FileProblem
    from medlint.suppressions import parse_suppressions, unused_problems

    try:
        document = read_document(data, path, file_format)
    except UnreadableFile as error:
        return FileResult(path, [problem_diagnostic(settings, path, FileProblem(error.code, 1, error.message))])
    candidates = places = None
    if survey:
        from medlint.site import page_fingerprints

        candidates = page_fingerprints(document, "").packed
    if chrome:
        from medlint.site import chrome_places, set_chrome_regions

        places = chrome_places(document, chrome)
        set_chrome_regions(document, chrome)
    context, plan = settings.context, settings.plan
    from medlint.regions import infer_regions  # here: a run served from the cache never needs it (27 ms)

    document.memo["chrome"] = infer_regions(document, plan.evidence, context)
    found: list[Diagnostic | PlacedFinding] = []
    limit = settings.max_findings_per_rule
    for rule in plan.ran:
        findings = list(rule_findings(rule, document, context))
        if not findings:  # (most rules, on most pages)
            continue
        if not limit or len(findings) <= limit:  # all of them reported (unless suppressed): built now
            found += [finding_diagnostic(settings, rule, finding, document) for finding in findings]
        else:
            found += [PlacedFinding(path, *finding_start(finding, document), rule.code, settings, rule, finding, document)
                      for finding in findings]
    facts: dict = {}
    for rule in plan.with_facts:
        facts.update(rule.checker.facts(document, context))
    found += [problem_diagnostic(settings, path, problem, document) for problem in document.problems]

    suppressions, problems = parse_suppressions(document)
    kept = [diagnostic for diagnostic in found if not suppressed(diagnostic, suppressions)] if suppressions else found
    links = None
    if plan.links:
        from medlint.links import page_links

        def link_suppressed(where: Diagnostic) -> bool:
            return any([suppressed(replace(where, code=code), suppressions) for code in LINK_CODES])

        links = page_links(document, link_suppressed if suppressions else None)
    problems += unused_problems(suppressions, plan.known, plan.ran_codes)
    kept += [problem_diagnostic(settings, path, problem, document) for problem in problems]

    ignored = _ignored_codes(path, settings)
    kept = [d for d in kept if d.code in plan.selected and not d.code.startswith(ignored)]
    kept.sort(key=SORT_KEY)
    return FileResult(path, cap_per_rule(kept, settings.max_findings_per_rule), facts, links=links,
                      chrome_candidates=candidates, chrome_places=places)


# Diagnostic.sort_key's tuple, made in C (a PlacedFinding has the same fields): a page sorts
# every finding its rules make, kept or capped.
SORT_KEY = operator.attrgetter("path", "line", "column", "code")


def suppressed(diagnostic: Diagnostic | PlacedFinding, suppressions: list) -> bool:
    """Whether a suppression comment covers ``diagnostic``; every one that does is marked used."""
    covering = [s for s in suppressions if s.covers(diagnostic)]
    for suppression in covering:
        suppression.used = True
    return bool(covering)


def chrome_evidence(settings: Settings) -> list[tuple[str, object]]:
    """(rule name, checker) of every boilerplate rule, selected or not: their phrases are the
    evidence regions are inferred from, which must not change with --select."""
    return [(rule.name, rule.checker) for rule in settings.rules.values()
            if rule.category == "boilerplate" and rule.checker]


def rule_findings(rule: Rule, document: Document, context):
    """A rule's findings. Boilerplate rules report the chrome spans region inference found
    with their evidence, one finding per span, rather than their matches line by line."""
    if rule.category == "boilerplate":
        from medlint.regions import chrome_findings

        return chrome_findings(document, rule.name)
    return rule.checker.findings(document, context)


def _ignored_codes(path: str, settings: Settings) -> tuple[str, ...]:
    if not settings.per_file_ignores or is_url(path):  # per-file-ignores name files
        return ()
    relative = os.path.relpath(Path(path).resolve(), Path(settings.root).resolve()).replace(os.sep, "/")
    return tuple(code for spec, codes in settings.per_file_ignores if spec.match_file(relative) for code in codes)


def finding_start(finding: Finding, document: Document) -> tuple[int, int]:
    """1-based (line, column) where a finding starts; a page-level finding (no block) sits on
    the page's title or first heading, else on line 1."""
    if finding.block is not None:
        return document.position(finding.block.source_offset(finding.start))
    title = next((b for b in document.blocks if b.kind in ("title", "heading")), None)
    return (document.position(title.source_offset(0))[0] if title else 1), 1


def flagged_text(finding: Finding, document: Document) -> str:
    """The text a finding flags: its block's text from ``start`` to ``end``, or, for a span
    that ends in a later block (``end_block``), the first block from ``start``, the blocks
    between and the last block up to ``end``, one per line."""
    block, last = finding.block, finding.end_block
    if last is None or last is block:
        return block.text[finding.start:finding.end]
    # By source offset, not identity: region inference hands out copies of blocks it moves.
    after, before = block.source_offset(0), last.source_offset(0)
    between = (b.text for b in document.blocks if after < b.source_offset(0) < before)
    return "\n".join([block.text[finding.start:], *between, last.text[:finding.end]])


def finding_diagnostic(settings: Settings, rule: Rule, finding: Finding, document: Document,
                       start: tuple[int, int] | None = None) -> Diagnostic:
    """The Diagnostic of a rule's finding; ``start``: finding_start's answer, when known."""
    block = finding.block
    line, column = start or finding_start(finding, document)
    message = rule.format_message(finding.values)
    if block is None:
        end_line, end_column, text = line, document.line_length(line) + 1, ""
    else:
        end_line, end_column = document.position((finding.end_block or block).source_offset(finding.end, end=True))
        text = normalised(flagged_text(finding, document))
    source_line, excerpt_start, excerpt_more = line_excerpt(document, (line, column), (end_line, end_column))
    # Made from its row (the fields in order, as the result cache stores them): the frozen
    # class's keyword form sets each field through object.__setattr__, seven times as long.
    return from_row((
        document.path, line, column, end_line, end_column,
        rule.code, rule.name, rule.category, settings.severity.get(rule.code, finding.severity or rule.severity),
        message, finding.suggestion, text or message,
        source_line, excerpt_start, excerpt_more,
    ))


def problem_diagnostic(settings: Settings, path: str, problem: FileProblem, document: Document | None = None) -> Diagnostic:
    rule = settings.rules[problem.code]
    width = document.line_length(problem.line) if document and problem.line <= document.line_count else 0
    return Diagnostic(
        path=path, line=problem.line, column=1, end_line=problem.line, end_column=width + 1,
        code=rule.code, rule=rule.name, category=rule.category, severity=settings.severity_of(rule),
        message=problem.message, text=problem.message,
        **(excerpt(document, (problem.line, 1), (problem.line, width + 1)) if width else {}),
    )
