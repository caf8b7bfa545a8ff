"""Which files to lint: walk the given paths, skip excluded and git-ignored ones."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from medlint.readers import format_for
from medlint.replay import note

if TYPE_CHECKING:  # a warm run finds its files without loading the page model
    from medlint.document import FileProblem

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox",
                   "__pycache__", ".pytest_cache", ".mypy_cache", ".medlint_cache")
# Text files that are configuration, not pages, though they end in .txt: never checked when
# walking a folder, nor when named with --force-exclude (the pre-commit hook).
CONFIG_TEXT_FILES = ("requirements*.txt", "*[-_]requirements.txt", "constraints*.txt", "CMakeLists.txt",
                     "robots.txt", "ads.txt", "app-ads.txt", "security.txt", "humans.txt", "llms.txt")


class Target(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A page to check: a file found on disk or named, or a fetched page."""

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

    A path is matched where it lies, not where a symbolic link points, as git matches it.
    The built-in patterns (DEFAULT_EXCLUDE, CONFIG_TEXT_FILES) name files and folders at any
    depth, so they are matched name by name without pathspec (importing it and compiling them
    took a tenth of a warm run); pathspec compiles only the user's patterns and .gitignore files.
    """

    def __init__(self, patterns: tuple[str, ...], root: str, more: tuple[tuple[tuple[str, ...], str], ...] = ()) -> None:
        self.patterns = patterns
        self.root = os.path.realpath(root)
        self.more = tuple((patterns, os.path.realpath(folder)) for patterns, folder in more if patterns)
        # A user's "!pattern" may take back what a built-in pattern excludes: then they are
        # all one gitignore list, as in a .gitignore file.
        self.built_in_apart = not any(p.startswith("!") for p in patterns)
        self.gitignores: dict = {}  # folder -> its .gitignore's spec, or None
        self.chains: dict = {}  # folder -> _gitignores_above(folder), worked out once per folder

    @functools.cached_property
    def specs(self) -> list:
        """(spec, folder its patterns are relative to) pairs."""
        own = self.patterns if self.built_in_apart else (*DEFAULT_EXCLUDE, *CONFIG_TEXT_FILES, *self.patterns)
        return [(gitignore_spec(patterns), folder) for patterns, folder in ((own, self.root), *self.more) if patterns]

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Whether ``path`` (a file, or a folder with ``is_dir``) is excluded."""
        return self.excluded_real(os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path)), is_dir)

    def excluded_real(self, path: str, is_dir: bool = False) -> bool:
        """excluded() for a ``path`` whose folder is already a real path (no symbolic link in it)."""
        if self.built_in_apart and built_in_excluded(_relative(path, self.root)):
            return True
        suffix = "/" if is_dir else ""
        if any(spec.match_file(_relative(path, folder) + suffix) for spec, folder in self.specs):
            return True
        return any(spec.match_file(_relative(path, folder) + suffix)
                   for folder, spec in self._gitignores_above(os.path.dirname(path)) if spec)

    def files_excluded(self, folder: str):
        """A function of a file's name telling whether that file of ``folder`` (a real path) is
        excluded: excluded_real's answer, with what the folder's files share (its own parts'
        built-in patterns) worked out once. Without exclude patterns or .gitignore files, as
        most runs go, only the name is left to look at (a folder's walk asks for each file)."""
        if self.specs or any(spec for _, spec in self._gitignores_above(folder)):
            return lambda name: self.excluded_real(os.path.join(folder, name))
        # (Here the built-in patterns are apart: merged with the user's, they are among the specs.)
        if built_in_excluded(_relative(folder, self.root)):
            return lambda name: True
        return built_in_excluded

    def _gitignores_above(self, folder: str):
        """(folder, spec) for each .gitignore from the repository root down to ``folder``."""
        if folder not in self.chains:
            self.chains[folder] = self._find_gitignores_above(folder)
        return self.chains[folder]

    def _find_gitignores_above(self, folder: str):
        chain = []
        current = folder
        while True:
            if current not in self.gitignores:
                file = os.path.join(current, ".gitignore")
                note(file)
                self.gitignores[current] = (
                    gitignore_spec(Path(file).read_text(encoding="utf-8", errors="replace").splitlines())
                    if os.path.isfile(file) else None
                )
            chain.append((current, self.gitignores[current]))
            parent = os.path.dirname(current)
            note(os.path.join(current, ".git"))
            if parent == current or os.path.exists(os.path.join(current, ".git")):
                break
            current = parent
        return chain


def gitignore_spec(lines):
    import pathspec  # 40 ms to import: only runs with exclude patterns or .gitignore files pay for it

    return pathspec.GitIgnoreSpec.from_lines(lines)


@functools.cache
def _config_text_pattern() -> re.Pattern:
    return re.compile("|".join(fnmatch.translate(glob) for glob in CONFIG_TEXT_FILES))


def built_in_excluded(relative: str) -> bool:
    """Whether a path (relative to the config folder, with '/') has a part the built-in
    patterns exclude. Each is a gitignore pattern without a slash, which matches a file or
    folder of that name at any depth, and so everything under such a folder. DEFAULT_EXCLUDE
    are plain names, looked up as they are; CONFIG_TEXT_FILES all end in ".txt", so their
    regex is compiled only for a run that meets a .txt file (compiling it was 1% of a warm run)."""
    return any(part in DEFAULT_EXCLUDE or (part.endswith(".txt") and _config_text_pattern().fullmatch(part))
               for part in relative.split("/") if part)


def _relative(path: str, base: str) -> str:
    """``path`` relative to the folder ``base`` (both real paths) with '/'; the whole path
    with '/' when it is not under ``base``."""
    prefix = base if base.endswith(os.sep) else base + os.sep
    if path.startswith(prefix):
        path = path[len(prefix):]
    elif path == base:
        path = "."
    return path.replace(os.sep, "/") if os.sep != "/" else path


def is_url(text: str) -> bool:
    """A page to fetch rather than a file path."""
    return text.startswith(("http://", "https://"))


def discover(paths: list[str], excluder: Excluder, force_exclude: bool = False) -> list[Target]:
    targets: list[Target] = []
    for given in paths:
        note(given)
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
        note(folder)  # its list of files and folders
        real = os.path.realpath(folder)  # once a folder, not once a file
        dirs[:] = sorted(d for d in dirs if not excluder.excluded_real(os.path.join(real, d), is_dir=True))
        excluded = excluder.files_excluded(real)
        # A file's path is os.path.normpath(os.path.join(folder, name)): a name holds no
        # separator and is never "." or "..", so the folder's part is normalised once.
        shown = os.path.normpath(folder)
        prefix = "" if shown == "." else os.path.join(shown, "")
        for name in sorted(files):
            file_format = format_for(name)
            if file_format and not excluded(name):
                note(prefix + name)
                found.append(Target(prefix + name, file_format, site=top))
    return found
