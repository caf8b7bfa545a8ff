"""The result cache: a warm run reports exactly what a cold one does, and anything that can
change a result (the file, the configuration, the date, a rule pack) makes it check again."""

import json
import marshal
import os
import subprocess
import sys

import pytest

import medlint.cache
import medlint.engine
from conftest import findings
from medlint.atomicfile import write_bytes
from medlint.cache import ContentHashes, Pack, ResultCache, StoredResult, content_hash, prune, settings_digest
from medlint.config import Config
from medlint.engine import build_settings

PAGE = "# Flu\n\nTBD: add the dose.\n\nLast reviewed: 1 March 2024\n\nWash your hands.\n"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/flu.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "content/cold.md").write_text("# Colds\n\nTitle 1\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def forbid_checking(monkeypatch):
    """Call it to make checking a file fail loudly: whatever is reported then came from the cache."""

    def fail(*_args, **_kwargs):
        raise AssertionError("a file was checked instead of read from the cache")

    return lambda: monkeypatch.setattr(medlint.engine, "lint_bytes", fail)


def entries(site):
    """The files holding one entry each (written by runs of few misses)."""
    return sorted(p for p in (site / ".medlint_cache/results").rglob("*") if p.is_file())


def packs(site, cache=".medlint_cache"):
    return sorted((site / cache / "packs").glob("*.pack"))


def stored_entries(site, cache=".medlint_cache"):
    """Every entry stored, in its own file or in a pack: key -> StoredResult."""
    found = {}
    for path in packs(site, cache):
        pack = Pack(str(path))
        found.update((key, StoredResult.decode(pack.read(key))) for key in pack.index)
        pack.close()
    found.update((path.name, StoredResult.decode(path.read_bytes())) for path in (site / cache / "results").iterdir())
    return found


def test_warm_run_reports_the_same_without_checking_again(run, site, forbid_checking):
    cold_json = run("check", "--format", "json", "content")
    cold_text = run("check", "content")
    assert cold_json.exit_code == 1 and len(entries(site)) == 2
    forbid_checking()
    warm_json = run("check", "--format", "json", "content")
    assert warm_json.output == cold_json.output
    assert warm_json.exit_code == 1
    assert run("check", "content").output == cold_text.output
    assert findings(warm_json) == [("content/cold.md", 3, 1, "PH001"), ("content/flu.md", 3, 1, "PH002")]


def test_cache_folder_is_ignored_by_git_and_not_checked(run, site):
    run("check", "content")
    assert (site / ".medlint_cache/.gitignore").read_text().splitlines()[-1] == "*"
    result = run("check", "--format", "json", ".")  # the whole project, cache folder included
    assert {f[0] for f in findings(result)} == {"content/cold.md", "content/flu.md"}


def test_changed_file_is_checked_again(run, site):
    run("check", "content")
    (site / "content/flu.md").write_text(PAGE.replace("TBD: add the dose.", "Take 2 tablets."), encoding="utf-8")
    result = run("check", "--format", "json", "content")
    assert findings(result) == [("content/cold.md", 3, 1, "PH001")]


def test_changed_configuration_is_applied(run, site):
    run("check", "content")
    (site / "medlint.toml").write_text('[severity]\nPH002 = "info"\n', encoding="utf-8")
    diagnostics = json.loads(run("check", "--format", "json", "content").output)["diagnostics"]
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("PH001", "error"), ("PH002", "info")]


def test_changed_date_is_applied(run, site):
    stale = run("check", "--format", "json", "--select", "RV002", "--today", "2030-01-01", "content/flu.md")
    fresh = run("check", "--format", "json", "--select", "RV002", "--today", "2025-01-01", "content/flu.md")
    assert [f[3] for f in findings(stale)] == ["RV002"]
    assert findings(fresh) == []


def test_changed_rule_pack_is_applied(run, site):
    pack = (site / "pack.yaml")
    rule = {"code": "PH901", "name": "flu-word", "category": "placeholder", "severity": "warning",
            "check": "existence", "message": "Said {match}", "summary": "s", "rationale": "r",
            "params": {"phrases": ["wash"]}, "examples": [{"bad": "Wash.", "good": "Rinse."}]}
    pack.write_text(json.dumps({"rules": [rule]}), encoding="utf-8")
    (site / "medlint.toml").write_text('rule-packs = ["pack.yaml"]\n', encoding="utf-8")
    first = json.loads(run("check", "--format", "json", "--select", "PH901", "content").output)["diagnostics"]
    rule["message"] = "Found {match}"
    pack.write_text(json.dumps({"rules": [rule]}), encoding="utf-8")
    second = json.loads(run("check", "--format", "json", "--select", "PH901", "content").output)["diagnostics"]
    assert [d["message"] for d in first] == ["Said Wash"]
    assert [d["message"] for d in second] == ["Found Wash"]


def test_no_cache_neither_reads_nor_writes(run, site, monkeypatch):
    run("check", "--no-cache", "content")
    assert not (site / ".medlint_cache").exists()
    run("check", "content")
    calls = []
    real = medlint.engine.lint_bytes
    monkeypatch.setattr(medlint.engine, "lint_bytes", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    run("check", "--no-cache", "content")
    assert sorted(calls) == ["content/cold.md", "content/flu.md"]


def stored(entry):
    return StoredResult.decode(entry.read_bytes())


def test_damaged_entries_are_ignored_and_replaced(run, site):
    cold = run("check", "--format", "json", "content").output
    whole = [entry.read_bytes() for entry in entries(site)]
    for entry, data in zip(entries(site), whole):
        entry.write_bytes(data[:len(data) // 2])
    (site / ".medlint_cache/files").write_bytes(b"\x00damaged")
    assert run("check", "--format", "json", "content").output == cold
    assert all(stored(entry).diagnostics for entry in entries(site))
    assert [entry.read_bytes() for entry in entries(site)] == whole


def test_an_entry_of_another_layout_is_a_miss(run, site):
    cold = run("check", "--format", "json", "content").output
    for entry in entries(site):
        entry.write_bytes(marshal.dumps((medlint.cache.FORMAT - 1, "content/flu.md", b"", {}, None, None)))
    assert run("check", "--format", "json", "content").output == cold


def test_suppressions_and_baseline_apply_to_cached_results(run, site, forbid_checking):
    suppressed = PAGE.replace("TBD", "<!-- medlint-disable-next-line PH002 -- known -->\nTBD")
    (site / "content/flu.md").write_text(suppressed, encoding="utf-8")
    run("check", "--write-baseline", "baseline.json", "content")
    forbid_checking()
    result = run("check", "--format", "json", "--baseline", "baseline.json", "content")
    assert findings(result) == []
    assert json.loads(result.output)["summary"]["baseline"]["hidden"] == 1  # cold.md's PH001
    assert findings(run("check", "--format", "json", "content")) == [("content/cold.md", 3, 1, "PH001")]


def test_worker_processes_fill_the_cache(run, site):
    for number in range(20):
        (site / f"content/page{number}.md").write_text(f"# Page {number}\n\nTBD {number}.\n", encoding="utf-8")
    cold = run("check", "--format", "json", "--jobs", "2", "content").output
    assert len(stored_entries(site)) == 22 and len(packs(site)) == 1 and entries(site) == []
    assert run("check", "--format", "json", "--jobs", "2", "content").output == cold


def test_worker_processes_store_what_one_process_stores(run, site):
    """Workers send their entries to the main process to write: the same files, holding the
    same results, as a run without workers writes."""
    for number in range(20):
        (site / f"content/page{number}.md").write_text(f"# Page {number}\n\nTBD {number}.\n", encoding="utf-8")
    stored = {}
    for jobs in ("1", "2"):
        (site / "medlint.toml").write_text(f'cache-dir = "cache{jobs}"\n', encoding="utf-8")
        run("check", "--format", "json", "--jobs", jobs, "content")
        stored[jobs] = stored_entries(site, f"cache{jobs}")
    assert len(stored["2"]) == 22 and stored["2"].keys() == stored["1"].keys()
    for key, result in stored["2"].items():
        assert (result.path, result.diagnostics, result.facts) == (stored["1"][key].path, stored["1"][key].diagnostics,
                                                                   stored["1"][key].facts)


@pytest.fixture
def many_pages(site):
    for number in range(medlint.cache.PACK_FROM):
        (site / f"content/page{number}.md").write_text(f"# Page {number}\n\nTBD {number}.\n", encoding="utf-8")
    return site


def test_a_run_of_many_misses_writes_one_pack_and_a_small_run_a_file_per_entry(run, many_pages, forbid_checking):
    cold = run("check", "--format", "json", "content").output
    assert len(packs(many_pages)) == 1 and entries(many_pages) == []
    (many_pages / "content/flu.md").write_text(PAGE + "\nTBD: more.\n", encoding="utf-8")
    edited = run("check", "--format", "json", "content").output
    assert len(packs(many_pages)) == 1 and len(entries(many_pages)) == 1  # only the edited page was checked
    assert '"line": 9' in edited and '"line": 9' not in cold
    forbid_checking()
    assert run("check", "--format", "json", "content").output == edited
    assert len(stored_entries(many_pages)) == medlint.cache.PACK_FROM + 3


def test_a_run_stopped_midway_leaves_no_pack_behind(run, many_pages, monkeypatch):
    checked = []
    lint_bytes = medlint.engine.lint_bytes

    def stop_at_the_tenth(*args, **kwargs):
        checked.append(args[1])
        if len(checked) == 10:
            raise KeyboardInterrupt
        return lint_bytes(*args, **kwargs)

    monkeypatch.setattr(medlint.engine, "lint_bytes", stop_at_the_tenth)
    assert run("check", "--jobs", "1", "content").exit_code != 0
    assert len(checked) == 10
    assert list((many_pages / ".medlint_cache/packs").iterdir()) == [] and entries(many_pages) == []


@pytest.mark.parametrize("damage", [lambda data: data[:len(data) // 2], lambda data: data[:8] + b"\xff" * (len(data) - 8),
                                    lambda data: b""])
def test_a_damaged_pack_is_a_miss(run, many_pages, damage):
    cold = run("check", "--format", "json", "content").output
    [pack] = packs(many_pages)
    pack.write_bytes(damage(pack.read_bytes()))
    assert run("check", "--format", "json", "content").output == cold


def test_a_pack_of_another_layout_is_a_miss(run, many_pages):
    cold = run("check", "--format", "json", "content").output
    [pack] = packs(many_pages)
    data = pack.read_bytes()
    index_size = int.from_bytes(data[-8:], "little")
    stored_format, index = marshal.loads(data[-8 - index_size:-8])
    older = marshal.dumps((stored_format - 1, index))
    pack.write_bytes(data[:-8 - index_size] + older + len(older).to_bytes(8, "little"))
    assert Pack.open_all(str(pack.parent)) == []
    assert run("check", "--format", "json", "content").output == cold


def test_prune_keeps_the_most_recently_used_packs(run, many_pages, monkeypatch):
    monkeypatch.setattr(medlint.cache, "MAX_PACKS", 2)
    monkeypatch.setattr(medlint.cache, "PRUNE_EVERY", 10 ** 9)  # the runs do not prune: the test does
    for today in ("2026-01-01", "2026-01-02", "2026-01-03"):  # another date: every page is checked again
        run("check", "--today", today, "content")
    written = packs(many_pages)
    for age, pack in enumerate(written):  # by name: the same process id, then the time written
        os.utime(pack, (1_000_000 + age, 1_000_000 + age))
    prune(many_pages / ".medlint_cache")
    assert packs(many_pages) == written[1:]


def test_cache_dir_setting_and_clean(run, site, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(site / "xdg"))  # clean tidies the user's cache too: not the real one
    (site / "medlint.toml").write_text('cache-dir = "build/lint-cache"\n', encoding="utf-8")
    run("check", "content")
    assert (site / "build/lint-cache/results").is_dir() and not (site / ".medlint_cache").exists()
    result = run("clean")
    assert result.exit_code == 0
    assert "removed the cache" in result.output and "lint-cache" in result.output
    assert not (site / "build/lint-cache").exists()
    assert "no cache at" in run("clean").output


@pytest.mark.parametrize("cache_dir", [".", "notes"])
def test_a_cache_dir_of_the_users_own_files_is_neither_written_nor_removed(run, site, monkeypatch, cache_dir):
    monkeypatch.setenv("XDG_CACHE_HOME", str(site / "xdg"))
    (site / "notes").mkdir()
    (site / "notes/keep.txt").write_text("mine", encoding="utf-8")
    (site / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    (site / "medlint.toml").write_text(f'cache-dir = "{cache_dir}"\n', encoding="utf-8")
    folder = site / cache_dir
    project = lambda: sorted(p.relative_to(site) for p in site.rglob("*") if "xdg" not in p.parts)  # noqa: E731
    before = project()
    result = run("check", "content")
    assert result.exit_code == 1 and "content/cold.md:3:1: PH001" in result.output
    assert f"cache-dir {folder} holds files that are not medlint's; the result cache is off" in result.output
    assert project() == before  # nothing written: no .gitignore, no entries
    assert (site / ".gitignore").read_text(encoding="utf-8") == "node_modules/\n"
    cleaned = run("clean")
    assert cleaned.exit_code == 2
    assert f"medlint: error: {folder} is not a medlint cache folder (it has no medlint CACHEDIR.TAG): not removed" in cleaned.output
    assert (site / "notes/keep.txt").read_text(encoding="utf-8") == "mine" and (site / "content/flu.md").exists()


def test_an_empty_folder_named_by_cache_dir_becomes_the_cache(run, site):
    (site / "lint-cache").mkdir()
    (site / "medlint.toml").write_text('cache-dir = "lint-cache"\n', encoding="utf-8")
    assert "not medlint's" not in run("check", "content").output
    assert (site / "lint-cache/CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert run("check", "content").exit_code == 1 and stored_entries(site, "lint-cache")


def test_clean_says_when_the_cache_could_not_be_removed(run, site, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(site / "xdg"))
    run("check", "content")
    monkeypatch.setattr("shutil.rmtree", lambda *args, **kwargs: None)  # as a read-only folder leaves it
    result = run("clean")
    assert result.exit_code == 2 and "could not remove the cache" in result.output and "(is the folder read-only?)" in result.output
    assert "removed the cache" not in result.output


def test_same_settings_give_the_same_digest_and_run_inputs_change_it(tmp_path):
    config = Config(words=("zoster",), per_file_ignores={"old/*.md": ("PH",)})
    first, second = build_settings(config), build_settings(config)
    assert settings_digest(first) == settings_digest(second)
    assert settings_digest(first) != settings_digest(build_settings(Config(words=("varicella",))))
    assert settings_digest(first, "site chrome: abc") != settings_digest(first)
    cache = ResultCache(tmp_path, first)
    assert cache.key(b"x", "a.md", "markdown") != cache.key(b"y", "a.md", "markdown")
    assert cache.key(b"x", "a.md", "markdown") != cache.key(b"x", "b.md", "markdown")


def test_prune_removes_least_recently_used_entries(run, site):
    for number in range(10):
        (site / f"content/page{number}.md").write_text(f"# Page {number}\n\nTBD {number}.\n", encoding="utf-8")
    run("check", "content")
    stored = entries(site)
    for age, entry in enumerate(stored):  # the first entry is the oldest
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    sizes = sum(entry.stat().st_size for entry in stored)
    prune(site / ".medlint_cache", max_bytes=sizes - 1)
    kept = entries(site)
    assert kept == stored[len(stored) - len(kept):]  # the newest ones
    assert 0 < len(kept) < len(stored)


def test_prune_removes_an_earlier_layouts_folders_and_abandoned_temporary_files(run, site):
    run("check", "content")
    results = site / ".medlint_cache/results"
    stored = sorted(p.name for p in results.iterdir())
    assert len(stored) == 2 and all(p.is_file() for p in results.iterdir())  # side by side, no fan-out folders
    (results / "ab").mkdir()  # an earlier medlint's fan-out folder: no key of this one names its entries
    (results / "ab/ab12").write_bytes(b"an old entry")
    abandoned, fresh = results / "cd34.123.tmp", results / "cd34.456.tmp"
    for file in (abandoned, fresh):
        file.write_bytes(b"half an entry")
    os.utime(abandoned, (1_000_000, 1_000_000))
    prune(site / ".medlint_cache")
    # The pages' entries stay, and the temporary file another run may still be writing.
    assert sorted(p.name for p in results.iterdir()) == sorted(stored + [fresh.name])


def test_prune_leaves_folders_medlint_never_made(run, site):
    """cache-dir is the user's to choose: a folder in it that is no earlier layout's fan-out
    folder (two hex digits) is not removed, nor anything in it."""
    run("check", "content")
    cache = site / ".medlint_cache"
    for folder in ("results/2024", "results/ab/keep", "packs/notes"):
        (cache / folder).mkdir(parents=True, exist_ok=True)
    (cache / "results/2024/report.csv").write_text("keep")
    (cache / "packs/notes/todo.txt").write_text("keep")
    prune(cache)
    assert (cache / "results/2024/report.csv").read_text() == "keep"
    assert (cache / "packs/notes/todo.txt").read_text() == "keep"
    assert not (cache / "results/ab").exists()  # an earlier layout's


def test_a_pack_whose_index_places_an_entry_outside_it_is_a_miss(tmp_path):
    from medlint.cache import FORMAT, Pack

    path = tmp_path / "1-1.pack"
    index = marshal.dumps((FORMAT, {"huge": (0, 2**60), "negative": (-5, 3), "past": (6, 5), "ok": (0, 4)}))
    path.write_bytes(b"datadata" + index + len(index).to_bytes(8, "little"))
    pack = Pack(str(path))
    try:
        for key in ("huge", "negative", "past"):
            with pytest.raises(ValueError):
                pack.read(key)
        assert pack.read("ok") == b"data"
    finally:
        pack.close()


def test_an_entry_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "entry"
    write_bytes(target, b"old")
    write_bytes(target, b"new" * 100_000)
    assert target.read_bytes() == b"new" * 100_000 and os.listdir(tmp_path) == ["entry"]

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", fail)
    with pytest.raises(OSError):
        write_bytes(target, b"newer")
    assert target.read_bytes() == b"new" * 100_000 and os.listdir(tmp_path) == ["entry"]


def test_a_run_keeps_the_cache_under_its_size_limit(run, site, monkeypatch):
    monkeypatch.setattr(medlint.cache, "PRUNE_EVERY", 1)  # measure after every run
    run("check", "content")
    assert len(entries(site)) == 2
    monkeypatch.setattr(medlint.cache, "MAX_BYTES", 1)
    (site / "content/flu.md").write_text(PAGE + "\nMore text.\n", encoding="utf-8")
    run("check", "content")
    assert entries(site) == []


def test_a_cache_folder_that_cannot_be_written_is_skipped(run, site):
    cold = run("check", "--no-cache", "--format", "json", "content").output
    (site / "blocked").write_text("a file where the cache folder would be", encoding="utf-8")
    (site / "medlint.toml").write_text('cache-dir = "blocked/cache"\n', encoding="utf-8")
    for _ in range(2):
        result = run("check", "--format", "json", "content")
        assert result.exit_code == 1 and result.output == cold


def test_concurrent_runs_share_the_cache(site):
    for number in range(18):
        (site / f"content/page{number}.md").write_text(f"# Page {number}\n\nTBD {number}.\n", encoding="utf-8")
    command = [sys.executable, "-m", "medlint", "check", "--format", "json", "-j", "1", "--ignore", "RV001", "content"]
    runs = [subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate()[0] for process in runs]
    assert len(set(outputs)) == 1 and len(findings_of(outputs[0])) == 20
    written = stored_entries(site)
    assert len(written) == 20 and all(result.path.startswith("content/") for result in written.values())
    assert not [p for p in (site / ".medlint_cache").rglob("*.tmp")]
    warm = subprocess.run(command, cwd=site, capture_output=True, text=True).stdout
    assert warm == outputs[0]


def findings_of(output: str) -> list:
    return json.loads(output)["diagnostics"]


def test_every_fixture_result_is_stored_and_read_back_the_same(run, tmp_path):
    """Every page's findings and figures survive the trip through the cache."""
    import shutil

    from conftest import FIXTURES

    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    args = ("check", "--format", "json", "--today", "2026-11-23", "fixtures")
    cold = run(*args).output
    assert len(stored_entries(tmp_path)) == json.loads(cold)["summary"]["files"]
    assert run(*args).output == cold


@pytest.fixture
def trust_every_stat(monkeypatch):
    """Record every file's stat with its hash, as for files written long before the run (in a
    test every file is seconds old, and so read again each run)."""
    monkeypatch.setattr(ContentHashes, "TRUSTED_AGE", -60_000_000_000)


@pytest.fixture
def count_reads(monkeypatch):
    """The contents hashed from here on (each file read to find its key, or to store its result)."""
    hashed = []
    real = medlint.cache.content_hash
    monkeypatch.setattr(medlint.cache, "content_hash", lambda data: hashed.append(data) or real(data))
    return hashed


def same_size_edit(page, old: str, new: str) -> None:
    """Rewrite ``page`` with ``old`` replaced by ``new`` (as long), its modification time put back."""
    assert len(old) == len(new)
    before = page.stat()
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns


def test_a_warm_run_knows_unchanged_files_by_their_stat(run, site, trust_every_stat, forbid_checking, count_reads):
    cold = run("check", "--format", "json", "content").output
    count_reads.clear()
    forbid_checking()
    assert run("check", "--format", "json", "content").output == cold
    assert count_reads == []  # neither page was read: their stat matched


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cold_run_reads_each_file_once_and_records_its_hash(run, many_pages, trust_every_stat, forbid_checking,
                                                              count_reads, jobs):
    """An empty cache holds no file's entry: a file is not read to find its key, only by its
    check, whose read gives the hash recorded for the next run (worker processes send it back)."""
    cold = run("check", "--format", "json", "--jobs", jobs, "content").output
    if jobs == "1":  # worker processes hash in their own memory
        assert len(count_reads) == medlint.cache.PACK_FROM + 2
    count_reads.clear()
    forbid_checking()
    assert run("check", "--format", "json", "--jobs", jobs, "content").output == cold
    assert count_reads == []  # no page was read: their stat matched


def test_an_edit_that_keeps_size_and_modification_time_is_seen(run, site, trust_every_stat, count_reads):
    run("check", "content")
    same_size_edit(site / "content/flu.md", "TBD: add the dose.", "Dose: two tablets.")
    count_reads.clear()
    assert findings(run("check", "--format", "json", "content")) == [("content/cold.md", 3, 1, "PH001")]
    assert set(count_reads) == {(site / "content/flu.md").read_bytes()}  # its change time moved; cold.md's did not


def test_a_file_written_just_before_the_run_is_read_every_time(tmp_path):
    """Racily clean, as git says: a file written in the same tick of the file system's clock as
    it was read could change again without its stat changing, so its stat is not recorded."""
    page = tmp_path / "a.md"
    page.write_bytes(b"first")
    hashes = ContentHashes(tmp_path / "files")
    assert hashes.of(str(page), 100) == content_hash(b"first")
    assert hashes.known == {} and not hashes.changed
    same_size_edit(page, "first", "again")
    assert hashes.of(str(page), 100) == content_hash(b"again")


def test_recorded_hashes_outlive_the_run_and_a_missing_or_oversized_file_has_none(tmp_path, trust_every_stat, count_reads):
    pages = [tmp_path / f"{name}.md" for name in ("a", "b")]
    for page in pages:
        page.write_text(f"# {page.stem}\n", encoding="utf-8")
    first = ContentHashes(tmp_path / "files")
    assert [first.of(str(p), 100) for p in pages] == [content_hash(p.read_bytes()) for p in pages]
    first.save()
    count_reads.clear()
    second = ContentHashes(tmp_path / "files")
    assert [second.of(str(p), 100) for p in pages] == [content_hash(p.read_bytes()) for p in pages]
    assert count_reads == []
    pages[0].unlink()
    assert second.of(str(pages[0]), 100) is None
    assert second.of(str(pages[1]), 1) is None  # over the size limit: not checked, nor looked up


def test_a_finding_read_back_from_its_row_is_the_same_finding():
    from medlint.diagnostics import Diagnostic, as_row, from_row, pack_rows, unpack_rows

    found = Diagnostic("a.md", 3, 5, 4, 1, "PH001", "placeholder-text", "placeholder", "error", "Placeholder",
                       suggestion="Flu", text="title 1", source_line="# Title 1", excerpt_start=2, excerpt_more=True)
    again = from_row(as_row(found))
    assert type(again) is Diagnostic and again == found and hash(again) == hash(found)
    assert unpack_rows(pack_rows([found, found])) == [found, found]
    with pytest.raises(AttributeError):
        again.line = 4  # still frozen


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_read_once_by_the_check(tmp_path):
    """A FIFO gives its content once: the cache must not read it to find its hash (the
    check then found it empty, or waited for a writer that never came)."""
    fifo = tmp_path / "page.md"
    os.mkfifo(fifo)
    for number in (1, 2):  # the second time with another content, and the first one's result stored
        writer = subprocess.Popen(["sh", "-c", f"printf '# Flu\\n\\nTitle {number}\\n' > '{fifo}'"])
        done = subprocess.run([sys.executable, "-m", "medlint", "check", "-q", "--select", "PH,IO", "page.md"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
        writer.wait(timeout=10)
        assert done.stdout == f"page.md:3:1: PH001 [error] Placeholder text 'Title {number}' left in the page\n"
        assert (tmp_path / ".medlint_cache").is_dir()
