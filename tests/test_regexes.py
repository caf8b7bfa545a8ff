"""Compiled patterns kept in the user's cache (medlint.regexes): a pattern built from the
cache is the one re.compile makes, a damaged or foreign file is a silent miss, and a run
stores what it compiled once, workers' patterns included."""

import functools
import json
import marshal
import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path
from re import _compiler

import pytest

from medlint import patterns, regexes
from medlint.analysis.anchors import _line_start_part, _lowered_part, _tail, tail_regex
from medlint.patterns import _phrase_trie, phrases_pattern

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAMED = r"(?P<dose>\d+)\s*(?:mg|ml)\b|(?i:take\s+(\w+))"  # named and numbered groups, inline and given flags


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A user cache of this test's own, and a process that has read nothing from it yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(regexes, "_STORE", regexes._Store())
    return regexes.stored_path()


def same_as_re(pattern: re.Pattern, source: str, flags: int) -> bool:
    fresh = re.compile(source, flags)
    # re.Pattern equality compares the source, the flags and the compiled code words
    return pattern == fresh and pattern.groups == fresh.groups and pattern.groupindex == fresh.groupindex


def same_tail(tail: re.Pattern | None, source: str, flags: int, part=_tail) -> bool:
    """Whether ``tail`` is the tail (or another ``part``) medlint.analysis.anchors reads off ``source`` afresh."""
    found = part(source, flags)
    if found is None or tail is None:
        return found is None and tail is None
    fresh = _compiler.compile(*found)
    return tail == fresh and tail.groups == fresh.groups and tail.pattern is None


def saved_then_read_again(source: str, flags: int) -> re.Pattern:
    """``source`` compiled, stored, and built from the file by a process that has not compiled it."""
    regexes.compiled(source, flags)
    regexes.save()
    regexes._STORE = regexes._Store()
    return regexes.compiled(source, flags)


def test_a_stored_pattern_is_built_from_the_file_and_equals_re_compiles(store):
    assert not store.exists()
    assert same_as_re(regexes.compiled(NAMED, re.MULTILINE), NAMED, re.MULTILINE)
    regexes.save()
    assert store.exists()
    regexes._STORE = regexes._Store()
    built = regexes.compiled(NAMED, re.MULTILINE)
    assert regexes._STORE.used == {(NAMED, re.MULTILINE)} and not regexes._STORE.added  # built, not compiled
    assert same_as_re(built, NAMED, re.MULTILINE)
    match = built.search("Take 2 tablets, 50 mg each")
    assert (match.group(), match.group(2), built.search("50 mg").group("dose")) == ("Take 2", "2", "50")


def test_runs_store_every_pattern_the_checks_compile_and_find_the_same(tmp_path):
    """Two runs over the fixtures with two workers: the first compiles and stores (the workers'
    patterns too), the second builds them from the file; both report the same."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "MEDLINT_TODAY": "2026-11-23"}
    runs = [subprocess.run([sys.executable, "-m", "medlint", "check", "-j", "2", "--no-cache", "--format", "json",
                            str(FIXTURES)], capture_output=True, text=True, env=env) for _ in range(2)]
    assert [run.returncode for run in runs] == [1, 1] and "Traceback" not in runs[0].stderr + runs[1].stderr
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
    folder = tmp_path / "xdg" / "medlint"
    [stored] = folder.glob("regex-*.marshal")
    assert not list(folder.glob("regex-*.new"))  # the workers' additions were merged
    header, entries = marshal.loads(stored.read_bytes())
    patterns = {key: arguments for key, arguments in entries.items() if len(key) == 2 and isinstance(key[1], int)}
    tails = {key[1:]: arguments for key, arguments in entries.items() if key[0].startswith("tail@")}
    assert len(patterns) > 50 and len(tails) > 50  # the packs' alternations, the anchors' regexes, the checks' own
    lowered = {key[1:]: arguments for key, arguments in entries.items() if key[0].startswith("lowered@")}  # anchors' filters
    starts = {key[1:]: arguments for key, arguments in entries.items() if key[0].startswith("line_start@")}  # standalone's
    phrases = {key[1]: source for key, source in entries.items() if key[0].startswith("phrases@")}  # the phrase lists' tries
    assert len(lowered) > 10 and starts and len(phrases) > 50
    assert len(entries) == len(patterns) + len(tails) + len(lowered) + len(starts) + len(phrases)
    for (source, flags), arguments in patterns.items():
        assert same_as_re(regexes._build(source, arguments), source, flags), source
    for (source, flags), arguments in tails.items():
        assert same_tail(regexes._build(None, arguments) if arguments else None, source, flags), source
    for (source, flags), arguments in lowered.items():
        assert same_tail(regexes._build(None, arguments) if arguments else None, source, flags, _lowered_part), source
    for (source, flags), arguments in starts.items():
        assert same_tail(regexes._build(None, arguments) if arguments else None, source, flags, _line_start_part), source
    for listed, source in phrases.items():
        assert source == _phrase_trie(listed), listed


def test_a_phrase_lists_pattern_is_stored_and_read_back_not_made_again(store, monkeypatch):
    """The source a phrase list makes (medlint.patterns.phrases_pattern) is kept like a
    pattern's code: a process that has not made it reads it, and it finds what it did."""
    listed = ("heart attack", "heart attack risk", "stroke", "(see")
    made = phrases_pattern(listed)
    regexes.save()
    regexes._STORE = regexes._Store()
    monkeypatch.setattr(patterns, "_phrases_pattern", functools.lru_cache(patterns._phrases_pattern.__wrapped__))
    assert phrases_pattern(listed) == made and not regexes._STORE.added  # read, not made
    assert regexes._STORE.used == {(f"phrases@{regexes._code_digest(patterns.__name__)}", listed)}
    found = re.compile(made, re.IGNORECASE).search("Lower your Heart  Attack risk")
    assert found.group() == "Heart  Attack risk"
    assert phrases_pattern(("fever", "cough")) != made  # another list: made, not read
    assert len(regexes._STORE.added) == 1


@pytest.mark.parametrize("content", [b"", b"not marshal data", "truncated",
                                     marshal.dumps(("Python 2.7.18|cpython-27|20171005|4|1114111", {})),
                                     marshal.dumps([1, 2, 3]), "damaged entry", "empty entry"])
def test_a_damaged_or_foreign_file_is_a_silent_miss(store, content):
    if content in ("truncated", "damaged entry", "empty entry"):  # this Python's file, damaged
        saved_then_read_again(NAMED, 0)
        header, entries = marshal.loads(store.read_bytes())
        if content == "damaged entry":  # code words _sre rejects
            entries[(NAMED, 0)] = (32, b"\xff\xff\xff\xff", 2, {}, (None,))
        if content == "empty entry":  # what stands for a part's absence, under a pattern's key
            entries[(NAMED, 0)] = ()
        whole = marshal.dumps((header, entries))
        content = whole[: len(whole) // 2] if content == "truncated" else whole
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(content)
    regexes._STORE = regexes._Store()
    assert same_as_re(regexes.compiled(NAMED), NAMED, 0)
    assert set(regexes._STORE.added) == {(NAMED, 0)}  # compiled by re, and stored again:
    regexes.save()
    assert marshal.loads(store.read_bytes())[1][(NAMED, 0)][1] != b"\xff\xff\xff\xff"
    regexes._STORE = regexes._Store()
    assert same_as_re(regexes.compiled(NAMED), NAMED, 0) and regexes._STORE.used == {(NAMED, 0)}


@pytest.mark.parametrize("source", [r"\b[A-Z][\w'-]+\s+et\s+al\b", r"(?i:\d+\s+(?:in|out\s+of)\s+\d+)", r"fever\s+\w+"])
def test_a_tail_or_its_absence_is_stored_and_read_back(store, source):
    """The anchors' tails (medlint.analysis.anchors.tail_regex): parts of a parse tree, stored
    as patterns are; a pattern without one ("fever…" starts with a literal) is stored as such."""
    assert same_tail(tail_regex(source), source, 0)
    regexes.save()
    regexes._STORE = regexes._Store()
    tail = tail_regex(source)
    assert regexes._STORE.used == {(f"tail@{regexes._code_digest(_tail.__module__)}", source, 0)} and not regexes._STORE.added
    assert same_tail(tail, source, 0)
    assert (tail is None) == source.startswith("fever")


def test_a_part_another_medlints_code_stored_is_not_read(store):
    """The file is named by Python alone: a part stored by a medlint whose function read the
    pattern otherwise (an earlier version, another installation sharing the folder) is not
    served to this one."""
    source = r"(?i)\bstudies\s+show\b"
    foreign = regexes._arguments(("lowered", source, 0), lambda pattern, flags: _lowered_part(r"(?i)zzz", 0))
    store.parent.mkdir(parents=True, exist_ok=True)
    regexes._dump(store, {("lowered", source, 0): foreign, (f"lowered@{'0' * 16}", source, 0): foreign})
    regexes._STORE = regexes._Store()
    from medlint.analysis.anchors import lowered_filter

    assert same_tail(lowered_filter(source), source, 0, _lowered_part)
    assert lowered_filter(source).search("studies show")


def test_a_bad_pattern_raises_as_re_does_and_is_never_stored(store):
    with pytest.raises(re.error, match="missing \\), unterminated subpattern"):
        regexes.compiled("(dose")
    regexes.save()
    assert not store.exists()


def test_a_file_that_would_grow_too_big_starts_again_from_this_runs_patterns(store, monkeypatch):
    for word in ("fever", "cough", "rash"):
        regexes.compiled(rf"\b{word}\b")
    regexes.save()
    monkeypatch.setattr(regexes, "MAX_BYTES", 1)
    regexes._STORE = regexes._Store()
    regexes.compiled(r"\bfever\b")  # built from the file
    regexes.compiled(r"\bnausea\b")  # new
    regexes.save()
    assert set(marshal.loads(store.read_bytes())[1]) == {(r"\bfever\b", 0), (r"\bnausea\b", 0)}


def _compile_in_worker(source):
    regexes.compiled(source)


def test_a_forked_worker_leaves_its_patterns_to_the_process_that_read_the_file(store):
    regexes.compiled(NAMED)  # the parent reads the file (none yet) before forking
    worker = multiprocessing.get_context("fork").Process(target=_compile_in_worker, args=(r"\bvomiting\b",))
    worker.start()
    worker.join()
    assert worker.exitcode == 0
    assert not store.exists() and len(list(store.parent.glob("regex-*.new"))) == 1  # the worker wrote only its own
    regexes.save()
    assert set(marshal.loads(store.read_bytes())[1]) == {(NAMED, 0), (r"\bvomiting\b", 0)}
    assert not list(store.parent.glob("regex-*.new"))


FORKING_RUN = """
import multiprocessing, sys
from medlint.regexes import compiled
compiled(sys.argv[1])  # read from the file by this process
worker = multiprocessing.get_context("fork").Process(target=compiled, args=(sys.argv[2],))
worker.start()
worker.join()
"""


def test_a_run_merges_its_workers_patterns_at_exit_even_when_it_compiled_none_itself(store, tmp_path):
    regexes.compiled(NAMED)
    regexes.save()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    done = subprocess.run([sys.executable, "-c", FORKING_RUN, NAMED, r"\bnausea\b"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and not done.stderr
    assert set(marshal.loads(store.read_bytes())[1]) == {(NAMED, 0), (r"\bnausea\b", 0)}
    assert not list(store.parent.glob("regex-*.new"))


LIBRARY = """
import re

PRINTABLE = re.compile(r"[^\\x09\\x0a\\x20-\\x7e]")
DOSE = re.compile(r"(\\d+)\\s*mg", re.IGNORECASE)
"""


def test_a_library_imported_through_the_store_has_its_patterns_built_from_it(store, tmp_path, monkeypatch):
    """A module that compiles its patterns as it loads (as yaml does), imported with
    stored_import: the second process builds them from the file, and they are re's."""
    (tmp_path / "patterned_library.py").write_text(LIBRARY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    keys = {(r"[^\x09\x0a\x20-\x7e]", 0), (r"(\d+)\s*mg", re.IGNORECASE)}
    for process in ("first", "second"):
        monkeypatch.delitem(sys.modules, "patterned_library", raising=False)
        library = regexes.stored_import("patterned_library")
        assert re.compile is regexes._RE_COMPILE  # re's own once the module is loaded
        assert regexes.stored_import("patterned_library") is library
        assert same_as_re(library.PRINTABLE, r"[^\x09\x0a\x20-\x7e]", 0)
        assert library.DOSE.search("Take 50 MG twice")[1] == "50"
        if process == "first":
            assert set(regexes._STORE.added) == keys
            regexes.save()
            regexes._STORE = regexes._Store()
    assert regexes._STORE.used == keys and not regexes._STORE.added


def test_a_library_that_fails_to_import_leaves_re_compile_as_it_was(store, tmp_path, monkeypatch):
    (tmp_path / "broken_library.py").write_text("import re\nre.compile('x')\nraise ImportError('no')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match="no"):
        regexes.stored_import("broken_library")
    assert re.compile is regexes._RE_COMPILE
