"""Which files to lint: walk the given paths, skip excluded and git-ignored ones."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from medlint.document import FileProblem
from medlint.readers import format_for

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox",
                   "__pycache__", ".pytest_cache", ".mypy_cache", ".medlint_cache")
# Text files that are configuration, not pages, though they end in .txt: never checked when
# walking a folder, nor when named with --force-exclude (the pre-commit hook).
CONFIG_TEXT_FILES = ("requirements*.txt", "*[-_]requirements.txt", "constraints*.txt", "CMakeLists.txt",
                     "robots.txt", "ads.txt", "app-ads.txt", "security.txt", "humans.txt", "llms.txt")


@dataclass(frozen=True)
class Target:
    path: str  # as the user will see it: relative stays relative; a URL for a fetched page
    format: str
    missing: bool = False  # named on the command line but not there
    site: str = ""  # pages of one site share their chrome: the folder named, or the URL's host; "" none
    data: bytes | None = None  # a fetched page's content, already in hand
    problems: tuple[FileProblem, ...] = ()  # findings about fetching it (a redirect, an HTTP error)


class Excluder:
    """Exclude patterns (gitignore syntax, relative to the config folder) and .gitignore files.

    ``more`` holds further (patterns, folder) pairs: the command line's --exclude and
    --extend-exclude patterns are relative to the working folder, not the config's.
    """

    def __init__(self, patterns: tuple[str, ...], root: str, more: tuple[tuple[tuple[str, ...], str], ...] = ()) -> None:
        self.patterns = patterns
        self.root = Path(root).resolve()
        self.more = tuple((patterns, Path(folder).resolve()) for patterns, folder in more if patterns)
        self.gitignores: dict = {}  # folder -> its .gitignore's spec, or None
        self.chains: dict = {}  # folder -> _gitignores_above(folder), worked out once per folder

    @functools.cached_property
    def specs(self) -> list:
        """(spec, folder its patterns are relative to) pairs."""
        return [(gitignore_spec([*DEFAULT_EXCLUDE, *CONFIG_TEXT_FILES, *self.patterns]), self.root),
                *((gitignore_spec(patterns), folder) for patterns, folder in self.more)]

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        path = path.resolve()
        suffix = "/" if is_dir else ""
        if any(spec.match_file(_relative(path, folder) + suffix) for spec, folder in self.specs):
            return True
        return any(spec.match_file(_relative(path, folder) + suffix)
                   for folder, spec in self._gitignores_above(path.parent) if spec)

    def _gitignores_above(self, folder: Path):
        """(folder, spec) for each .gitignore from the repository root down to ``folder``."""
        if folder not in self.chains:
            self.chains[folder] = self._find_gitignores_above(folder)
        return self.chains[folder]

    def _find_gitignores_above(self, folder: Path):
        chain = []
        for current in (folder, *folder.parents):
            if current not in self.gitignores:
                file = current / ".gitignore"
                self.gitignores[current] = (
                    gitignore_spec(file.read_text(encoding="utf-8", errors="replace").splitlines())
                    if file.is_file() else None
                )
            chain.append((current, self.gitignores[current]))
            if (current / ".git").exists():
                break
        return chain


def gitignore_spec(lines):
    import pathspec  # 40 ms to import: only runs that walk folders or exclude files pay for it

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def is_url(text: str) -> bool:
    """A page to fetch rather than a file path."""
    return text.startswith(("http://", "https://"))


def discover(paths: list[str], excluder: Excluder, force_exclude: bool = False) -> list[Target]:
    targets: list[Target] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            targets += _walk(given, excluder)
        elif path.exists() or path.is_symlink():
            if not (force_exclude and excluder.excluded(path)):
                # Files named one by one (as pre-commit names a commit's files) form no site:
                # their results must not depend on which others are named with them.
                targets.append(Target(given, format_for(given) or "text"))
        else:
            targets.append(Target(given, format_for(given) or "text", missing=True))
    return targets


def _walk(top: str, excluder: Excluder) -> list[Target]:
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not excluder.excluded(Path(folder, d), is_dir=True))
        for name in sorted(files):
            file_format = format_for(name)
            path = os.path.join(folder, name)
            if file_format and not excluder.excluded(Path(path)):
                found.append(Target(os.path.normpath(path), file_format, site=top))
    return found
