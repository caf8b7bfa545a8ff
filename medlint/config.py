"""Configuration: found by walking up from the folder the checked paths share (else the
working directory), validated, then overridden by the command line."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import NamedTuple

from medlint.diagnostics import SEVERITIES
from medlint.errors import UsageError
from medlint.replay import note


FILE_NAMES = (".medlint.toml", "medlint.toml", "pyproject.toml")
FAIL_ON = (*SEVERITIES, "never")
CODE_LIST = {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{0,3}$"}}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "include": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "select": CODE_LIST,
        "ignore": CODE_LIST,
        "extend-select": CODE_LIST,
        "per-file-ignores": {"type": "object", "additionalProperties": CODE_LIST},
        "severity": {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Z]{2}[0-9]{3}$"},
            "additionalProperties": {"enum": list(SEVERITIES)},
        },
        "fail-on": {"enum": list(FAIL_ON)},
        "rule-packs": {"type": "array", "items": {"type": "string"}},
        "target-grade": {"type": "number", "minimum": 1, "maximum": 20,
                         "description": "the school grade (US) a page's prose should read at; a SMOG grade above it is reported"},
        "review-max-age": {"type": "string", "pattern": r"^\s*\d+\s*[ymYM]\s*$",
                           "description": "how long ago a page may have been reviewed (y: years, m: months)",
                           "expected": 'an age such as "3y" or "18m"'},
        "date-order": {"enum": ["day-first", "month-first"],
                       "description": "how to read a date such as 12/03/2019: day-first (12 March) or month-first"},
        "review-date-keys": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                             "description": "front-matter keys that hold the last-reviewed date"},
        "words": {"type": "array", "items": {"type": "string"},
                  "description": "words spelled as you write them, never reported as misspelled"},
        "word-files": {"type": "array", "items": {"type": "string"},
                       "description": "files of such words, one a line (relative to the configuration file)"},
        "spelling": {"enum": ["any", "en-GB", "en-US"],
                     "description": "the spelling pages use (a page's own language tag wins); any: both"},
        "abbreviations": {"type": "array", "items": {"type": "string"},
                          "description": "abbreviations your readers know, which need no explanation"},
        "grade-skip-words": {"type": "array", "items": {"type": "string"},
                             "description": "medicine and condition names left out of the reading grade's long words"},
        "baseline": {"type": "string", "minLength": 1},
        "min-score": {"type": "integer", "minimum": 0, "maximum": 100},
        "fetch-rate": {"type": "number", "exclusiveMinimum": 0, "description": "requests per second to one host",
                       "expected": "a number of requests per second above 0"},
        "fetch-timeout": {"type": "number", "exclusiveMinimum": 0, "description": "seconds to wait for one page",
                          "expected": "a number of seconds above 0"},
        "max-pages": {"type": "integer", "minimum": 1},
        "user-agent": {"type": "string", "minLength": 1},
        # Parameters of built-in or pack rules, by code: [tool.medlint.rules.DU003] min-words = 15
        "rules": {"type": "object", "propertyNames": {"pattern": "^[A-Z]{2}[0-9]{3}$"},
                  "additionalProperties": {"type": "object"}},
        "max-file-size": {"expected": 'a number of bytes or a size such as "10MB"', "anyOf": [{"type": "integer", "minimum": 1},
                                    {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*([kKmMgG]i?[bB]?|[bB])?\s*$"}]},
        "cache-dir": {"type": "string", "minLength": 1},
        "file-timeout": {"type": "number", "exclusiveMinimum": 0, "expected": "a number of seconds above 0",
                         "description": "seconds a file's check may take before it is stopped (IO016)"},
        "max-findings-per-rule": {"type": "integer", "minimum": 0,
                                  "description": "findings of one rule reported per file; the rest are counted (0: no limit)"},
    },
}


class Config(NamedTuple):  # (not a frozen dataclass: made at every run's start in a tenth of the time)
    """The settings a configuration file gives (the defaults where it gives none). Read-only:
    its dicts are never changed (the defaults' empty dicts are shared by every Config made without)."""

    path: str | None = None  # the file it came from
    root: str = "."  # paths in the file are relative to this folder
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = {}
    severity: dict[str, str] = {}
    fail_on: str = "warning"
    rule_packs: tuple[str, ...] = ()
    max_file_size: int = 10_000_000
    file_timeout: float = 60.0  # seconds one file may take before it is stopped (IO016)
    max_findings_per_rule: int = 50  # per file; more are summed up in one finding (0: no limit)
    target_grade: float = 8.0
    review_max_age: str = "3y"
    date_order: str = "day-first"
    review_date_keys: tuple[str, ...] | None = None  # None: the built-in list
    words: tuple[str, ...] = ()
    word_files: tuple[str, ...] = ()
    spelling: str = "any"
    abbreviations: tuple[str, ...] = ()
    grade_skip_words: tuple[str, ...] = ()  # medicine and condition names the reading grade leaves out
    baseline: str | None = None  # baseline file (path)
    min_score: int | None = None  # fail when a page scores lower
    fetch_rate: float = 1.0  # requests per second to one host, when checking a live site
    fetch_timeout: float = 10.0  # seconds per request
    max_pages: int = 500  # pages one run fetches
    user_agent: str | None = None  # None: medlint/VERSION (medlint.web.USER_AGENT)
    rule_params: dict[str, dict] = {}  # code -> params (names as in packs: min_words)
    cache_dir: str = ".medlint_cache"  # the result cache's folder, relative to root

    @property
    def cache_path(self) -> Path:
        return Path(self.root, self.cache_dir)


def shared_folder(paths: list[str]) -> Path | None:
    """The deepest folder holding every path in ``paths`` (a file counts as its folder), made
    absolute; None for no paths, or paths with no folder in common (two Windows drives).
    One file-system look, however many paths (a pre-commit hook passes hundreds)."""
    if not paths:
        return None
    absolute = {os.path.abspath(p) for p in paths}
    try:
        common = os.path.commonpath(absolute)
    except ValueError:
        return None
    # The common part of two different paths is a folder; one path may be a file's.
    return Path(common if len(absolute) > 1 or os.path.isdir(common) else os.path.dirname(common))


def locate_config(paths: list[str], cwd: Path) -> tuple[Path | None, str]:
    """The configuration file for a run over ``paths`` (local files and folders), and in
    words for ``--show-settings`` how it was found (or, when there is none, where it was
    looked for).

    As ruff takes the configuration closest to the files it checks, the search walks up from
    the folder the paths share (``medlint check other/project/content`` reads
    other/project's file, wherever it runs from), then, when that finds none, from the
    working folder ``cwd``. One file serves the whole run (ruff would use the closest one
    per file); ``--config`` is not looked up here: it wins over both.
    """
    start = shared_folder(paths)
    if start is not None:
        found = find_config(start)
        if found:
            return found, f"walking up from {start}, the folder the checked paths share"
        if start == cwd or cwd in start.parents:  # the walk from the working folder is part of this one
            return None, f"{start} and the folders above it"
    found = find_config(cwd)
    if found:
        return found, f"walking up from the working folder {cwd}"
    return None, f"{start}, {cwd} and the folders above them" if start else f"{cwd} and the folders above it"


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in FILE_NAMES:
            candidate = folder / name
            note(str(candidate))
            if candidate.is_file() and (name != "pyproject.toml" or _has_medlint_table(candidate)):
                return candidate
    return None


def _has_medlint_table(path: Path) -> bool:
    """Whether a pyproject.toml holds [tool.medlint]. A broken one that mentions medlint may
    hold it: its settings would be dropped without a word, so that is an error."""
    try:
        return "medlint" in _read_toml(path).get("tool", {})
    except UsageError:
        try:
            mentions = "medlint" in path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            mentions = False
        if mentions:
            raise
        return False


def _read_toml(path: Path) -> dict:
    import tomllib  # only a run with a configuration file reads one

    note(str(path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read configuration ({getattr(error, 'strerror', None) or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: configuration is not valid TOML ({error})") from None


@functools.cache
def _validator():
    import fastjsonschema

    return fastjsonschema.compile(SCHEMA)


def load_config(path: Path) -> Config:
    import fastjsonschema

    from medlint.packs import schema_error

    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("medlint", {})
    where = f"{path} [tool.medlint]" if path.name == "pyproject.toml" else str(path)
    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        raise schema_error(error, where) from None
    root = path.parent
    return Config(
        path=str(path),
        root=str(root),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        select=tuple(data["select"]) if "select" in data else None,
        ignore=tuple(data.get("ignore", ())),
        extend_select=tuple(data.get("extend-select", ())),
        per_file_ignores={glob: tuple(codes) for glob, codes in data.get("per-file-ignores", {}).items()},
        severity=dict(data.get("severity", {})),
        fail_on=data.get("fail-on", "warning"),
        rule_packs=tuple(str(root / pack) for pack in data.get("rule-packs", ())),
        max_file_size=parse_size(data.get("max-file-size", 10_000_000)),
        file_timeout=float(data.get("file-timeout", 60.0)),
        max_findings_per_rule=data.get("max-findings-per-rule", 50),
        target_grade=float(data.get("target-grade", 8.0)),
        review_max_age=data.get("review-max-age", "3y").strip().lower(),
        date_order=data.get("date-order", "day-first"),
        review_date_keys=tuple(data["review-date-keys"]) if "review-date-keys" in data else None,
        words=tuple(data.get("words", ())),
        word_files=tuple(str(root / f) for f in data.get("word-files", ())),
        spelling=data.get("spelling", "any"),
        abbreviations=tuple(data.get("abbreviations", ())),
        grade_skip_words=tuple(data.get("grade-skip-words", ())),
        baseline=str(root / data["baseline"]) if "baseline" in data else None,
        min_score=data.get("min-score"),
        fetch_rate=float(data.get("fetch-rate", 1.0)),
        fetch_timeout=float(data.get("fetch-timeout", 10.0)),
        max_pages=data.get("max-pages", 500),
        user_agent=data.get("user-agent"),
        cache_dir=data.get("cache-dir", Config._field_defaults["cache_dir"]),
        rule_params={code: {name.replace("-", "_"): value for name, value in params.items()}
                     for code, params in data.get("rules", {}).items()},
    )


def parse_size(value: int | str) -> int:
    """Bytes from 10485760, "10MB", "500 kB" or "2MiB"."""
    if isinstance(value, int):
        return value
    number, unit = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value).groups()
    unit = unit.lower().removesuffix("b")  # "mib" -> "mi", "mb" -> "m", "b" -> ""
    if not unit:
        return int(float(number))
    base = 1024 if unit.endswith("i") else 1000
    return int(float(number) * base ** ("kmg".index(unit[0]) + 1))
