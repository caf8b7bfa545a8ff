"""medlint's Python API: check a page's text, or files and folders, as `medlint check` does.

    >>> import medlint
    >>> [(d.line, d.column, d.code) for d in medlint.lint_text("# Title 1\\n", "page.md", ignore=["RV001"])]
    [(1, 3, 'PH001')]

Both functions take the same settings as the command line, as keyword arguments:

- ``config``: a configuration file (``medlint.toml``, ``.medlint.toml`` or a ``pyproject.toml``
  with ``[tool.medlint]``) as a path; ``None`` (the default) uses the built-in defaults. The
  API never searches the working folder for one, so a call means the same wherever it runs.
- ``select``, ``ignore``, ``extend_select``: rule codes or prefixes (``["PH", "MK004"]``),
  on top of the configuration's, as ``--select``, ``--ignore`` and ``--extend-select``.
- ``today``: the date that date rules count from, a ``datetime.date`` or ``"YYYY-MM-DD"``;
  ``None`` means ``MEDLINT_TODAY`` if set, else the system date.

Errors: ``medlint.errors.UsageError`` (also ``medlint.api.UsageError``) for a configuration
file that cannot be read or is invalid, a rule pack that does not validate, a code that
matches no rule, or a date that is not YYYY-MM-DD; its message names what and where. Problems
with the pages themselves are never raised: they are diagnostics (IO001–IO010).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

from medlint.config import Config, load_config
from medlint.diagnostics import Diagnostic
from medlint.engine import FileResult, RunResult, Settings, apply_baseline, build_settings, lint_bytes, run
from medlint.errors import UsageError
from medlint.readers import format_for
from medlint.today import resolve_today

__all__ = ["lint_text", "lint_paths", "Diagnostic", "FileResult", "RunResult", "UsageError"]


def lint_text(text: str, path: str = "page.md", *, file_format: str | None = None,
              config: str | os.PathLike | None = None, select: Iterable[str] | None = None,
              ignore: Iterable[str] = (), extend_select: Iterable[str] = (),
              today: datetime.date | str | None = None) -> list[Diagnostic]:
    """The findings on one page given as text.

    Args:
        text: the page's content (str).
        path: the name to report it under (str); its extension picks the format (``.md``,
            ``.html``, ``.txt`` …) unless ``file_format`` is given. Nothing is read from it.
        file_format: ``"markdown"``, ``"html"`` or ``"text"``; default: from ``path``, else text.
        config, select, ignore, extend_select, today: see the module documentation.

    Returns:
        list[Diagnostic], ordered by line, column and code. Each Diagnostic has ``path``,
        ``line``, ``column``, ``end_line``, ``end_column`` (1-based; the end column is the one
        just after the flagged text), ``code``, ``rule``, ``category``, ``severity``
        (``"error"``, ``"warning"`` or ``"info"``), ``message`` and ``suggestion`` (str or None);
        ``as_json()`` gives the dict the JSON report holds.

    Raises:
        UsageError: bad settings (see the module documentation), or an unknown ``file_format``.
    """
    if file_format not in (None, "markdown", "html", "text"):
        raise UsageError(f"file_format must be 'markdown', 'html' or 'text', not {file_format!r}")
    _config, settings = _configure(config, select, ignore, extend_select, today)
    return lint_bytes(text.encode("utf-8"), path, file_format or format_for(path) or "text", settings).diagnostics


def lint_paths(paths: Iterable[str | os.PathLike], *, config: str | os.PathLike | None = None,
               select: Iterable[str] | None = None, ignore: Iterable[str] = (), extend_select: Iterable[str] = (),
               today: datetime.date | str | None = None, force_exclude: bool = False,
               baseline: str | os.PathLike | None = None, jobs: int = 1) -> RunResult:
    """Check files and folders as `medlint check PATHS` does.

    Folders are walked for pages (``.md``, ``.markdown``, ``.html``, ``.htm``, ``.xhtml``,
    ``.txt`` …) with the configuration's ``exclude`` patterns and ``.gitignore`` files applied;
    a file named in ``paths`` is checked whatever its extension, and even if excluded unless
    ``force_exclude``.

    Args:
        paths: files and folders (str or path-like); reported as given.
        config, select, ignore, extend_select, today: see the module documentation.
        force_exclude: apply the exclusions to files named in ``paths`` too (bool).
        baseline: a baseline file (written by ``--write-baseline``) whose findings to leave
            out; default: the configuration's ``baseline``, if any. Pass ``""`` for none.
        jobs: worker processes (int); 1 checks in this process.

    Returns:
        RunResult: ``files``, a list of FileResult (``path``, ``diagnostics``: list of
        Diagnostic, ``facts``: dict with ``reading_grade`` and ``review_date`` when measured),
        one per file checked, unreadable ones included; ``diagnostics``, all of them in report
        order; ``baseline``: what the baseline hid (``path``, ``hidden``, ``unmatched``), or None.
        ``medlint.score.page_score(file.diagnostics)`` gives a page's 0–100 score.

    Raises:
        UsageError: bad settings (see the module documentation), or a baseline file that cannot
            be read.
    """
    config_, settings = _configure(config, select, ignore, extend_select, today)
    result = run([os.fspath(p) for p in paths], config_, settings, force_exclude=force_exclude, jobs=jobs)
    baseline = config_.baseline if baseline is None else os.fspath(baseline)
    return apply_baseline(result, baseline) if baseline else result


def _configure(config, select, ignore, extend_select, today) -> tuple[Config, Settings]:
    loaded = load_config(Path(config)) if config is not None else Config()
    settings = build_settings(loaded, select=tuple(select or ()), ignore=tuple(ignore),
                              extend_select=tuple(extend_select), today=resolve_today(today, option="today"))
    return loaded, settings
