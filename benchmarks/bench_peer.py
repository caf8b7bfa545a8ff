"""medlint against proselint on the same pages, in one run: cold, warm cache, one file, scaling.

    python benchmarks/bench_peer.py FOLDER [--files 300] [--proselint PATH] [--cold-runs 3]

FOLDER is a folder of real Markdown pages (the project's benchmark uses the cancer.gov pages of
the shared corpus). The first ``--files`` ``*.md`` files under it, sorted by path, are copied
into a scratch folder, so every run reads the same pages and medlint's cache lives in the
scratch folder, not in the repository.

proselint 0.16 is the peer: ``--proselint`` names its executable; without it the script makes
(once) a virtual environment for it in the system's temporary folder and installs it there,
outside this repository. proselint stops after 1,000 findings unless told otherwise, so it runs
with ``max_errors`` raised.

Every command runs with Python allowed to write bytecode (as after ``pip install``), after one
warm-up check that compiles medlint's modules and builds its spelling index in the user's cache
folder, as any earlier run would have: "cold" means an empty result cache.

proselint and the cold check run in turn ``--cold-runs`` times (the result cache emptied before
each check), and the median run of each is compared. Prints, for each run: wall and CPU
seconds, MB/s, the peak memory of the largest process and the ratio to proselint. "warm" re-runs the cold run's command, which medlint replays (its output
written again: medlint.replay); "not replayed" is the same in another environment, every page's
result read from the result cache. Then throughput and memory at 1×, 2× and 4× the pages (copies), which
should scale linearly with flat memory. Exits 1 when a target is missed. Run it with the medlint
you want to measure installed beside this Python. Not run by pytest: timings belong here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MEDLINT = str(Path(sys.executable).parent / "medlint")
PROSELINT_VERSION = "0.16.0"
# The targets of issue 11: a whole site at ten times proselint's throughput, an unchanged site
# re-checked from the cache in a twentieth of the time, a pre-commit run on one page that feels instant.
TARGET_COLD_VS_PROSELINT = 10.0  # times proselint's throughput (wall)
TARGET_WARM_SHARE = 0.05  # warm run / cold run (wall)
TARGET_ONE_FILE = 0.3  # seconds (wall), every rule, no cache


@dataclass
class Timing:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its workers
    peak_mb: float  # peak resident memory of the largest process, MB
    returncode: int


# An installed package has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE
# would compile medlint's modules on every start, which no user pays.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str], cwd: Path, environment: dict | None = None) -> Timing:
    """Run a command (output discarded) and measure it with wait4, which reports its own usage."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=environment or ENVIRONMENT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({process.returncode}): {stderr.strip()[-500:]}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def median_timing(args: list[str], cwd: Path, runs: int) -> Timing:
    return median_of([timed(args, cwd) for _ in range(runs)])


def median_of(timings: list[Timing]) -> Timing:
    """The timing whose wall time is the median's (the lower middle one of an even number)."""
    return min(timings, key=lambda t: abs(t.wall - statistics.median_low(x.wall for x in timings)))


def chosen_pages(folder: Path, count: int) -> list[Path]:
    pages = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if len(pages) < count:
        sys.exit(f"{folder} has {len(pages)} Markdown files; --files asks for {count}")
    return pages[:count]


def copy_site(pages: list[Path], base: Path, target: Path, copies: int) -> int:
    """The pages ``copies`` times over under ``target``; returns the bytes written."""
    size = 0
    for copy in range(copies):
        for page in pages:
            destination = target / f"copy{copy}" / page.relative_to(base)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, destination)
            size += page.stat().st_size
    return size


def proselint_command(given: str | None, scratch: Path) -> list[str]:
    """proselint with its 1,000-finding cap lifted; installed in its own venv if not given."""
    if given:
        executable = given
    else:
        venv = Path(tempfile.gettempdir()) / f"medlint-bench-proselint-{PROSELINT_VERSION}"
        executable = str(venv / "bin" / "proselint")
        if not Path(executable).exists():
            print(f"installing proselint {PROSELINT_VERSION} into {venv} …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"proselint=={PROSELINT_VERSION}"], check=True)
    dumped = subprocess.run([executable, "dump-config"], capture_output=True, text=True, check=True, cwd=scratch)
    config = json.loads(dumped.stdout)
    config["max_errors"] = 10**9
    rc = scratch / "proselintrc.json"
    rc.write_text(json.dumps(config))
    return [executable, "check", "--config", str(rc)]


def has_cache() -> bool:
    help_text = subprocess.run([MEDLINT, "check", "--help"], capture_output=True, text=True).stdout
    return "--no-cache" in help_text


def row(name: str, timing: Timing, megabytes: float | None, peer: Timing | None) -> str:
    speed = f"{megabytes / timing.wall:8.2f}" if megabytes else " " * 8
    ratio = f"{peer.wall / timing.wall:7.1f}×" if peer else " " * 8
    cpu_ratio = f"{peer.cpu / timing.cpu:7.1f}×" if peer else " " * 8
    return f"{name:34} {timing.wall:8.2f} {timing.cpu:8.2f} {speed} {timing.peak_mb:8.0f} {ratio} {cpu_ratio}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=300, help="how many pages (the first, sorted by path)")
    parser.add_argument("--proselint", help="proselint executable (default: its own venv in the temporary folder)")
    parser.add_argument("--runs", type=int, default=5, help="runs of the one-file timings (median)")
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="runs of proselint and of medlint cold, taken in turn (median)")
    args = parser.parse_args()

    base = args.folder.resolve()
    pages = chosen_pages(base, args.files)
    cached = has_cache()
    results: dict[str, bool] = {}
    with tempfile.TemporaryDirectory(prefix="medlint-bench-") as scratch:
        scratch = Path(scratch)
        sizes = {copies: copy_site(pages, base, scratch / f"site{copies}x", copies) for copies in (1, 2, 4)}
        site, megabytes = scratch / "site1x", sizes[1] / 1e6
        one_page = sorted(pages, key=lambda p: p.stat().st_size)[len(pages) // 2]  # the median-sized page
        one = scratch / "one" / one_page.name
        one.parent.mkdir()
        shutil.copyfile(one_page, one)
        no_cache = ["--no-cache"] if cached else []
        check = [MEDLINT, "check", "--exit-zero", "-q", "--no-color"]

        timed([*check, *no_cache, str(one)], scratch)  # warm-up: bytecode and the spelling index
        # A shared machine's speed drifts by a fifth within minutes: proselint and medlint are
        # run in turn, several times, and their medians compared, not one run of each.
        proselint, peers, colds = proselint_command(args.proselint, scratch), [], []
        for _ in range(args.cold_runs):
            peers.append(timed([*proselint, str(site)], scratch))
            shutil.rmtree(scratch / ".medlint_cache", ignore_errors=True)  # cold: no result cache
            colds.append(timed([*check, str(site)], scratch))
        peer, cold = median_of(peers), median_of(colds)
        warm = timed([*check, str(site)], scratch) if cached else None
        # The same command in another environment is another run to medlint's run replay (the
        # environment is part of a record's key): every result comes from the result cache.
        not_replayed = timed([*check, str(site)], scratch, dict(ENVIRONMENT, MEDLINT_BENCH_RUN="warm")) if cached else None
        one_cold = median_timing([*check, *no_cache, str(one)], scratch, args.runs)
        one_warm = median_timing([*check, str(one)], scratch, args.runs) if cached else None
        version = median_timing([MEDLINT, "--version"], scratch, args.runs)
        scaling = {copies: timed([*check, *no_cache, str(scratch / f"site{copies}x")], scratch) for copies in (1, 2, 4)}

    print(f"pages: the first {len(pages)} *.md files under {args.folder}, sorted by path: {megabytes:.1f} MB; "
          f"one file: {one_page.name} ({one_page.stat().st_size / 1e3:.0f} kB); {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"{'run':34} {'wall s':>8} {'CPU s':>8} {'MB/s':>8} {'peak MB':>8} {'vs peer':>8} {'CPU vs':>8}")
    print(row(f"proselint {PROSELINT_VERSION}", peer, megabytes, None))
    print(row("medlint cold" + ("" if cached else " (no cache yet)"), cold, megabytes, peer))
    if warm:
        print(row("medlint warm (cache)", warm, megabytes, peer) + f"   {warm.wall / cold.wall:.1%} of cold")
        print(row("  the same, not replayed", not_replayed, megabytes, peer) + f"   {not_replayed.wall / cold.wall:.1%} of cold")
    print(row("medlint one file, no cache", one_cold, None, None))
    if one_warm:
        print(row("medlint one file, warm", one_warm, None, None))
    print(row("medlint --version", version, None, None))
    print("\nscaling (no cache):")
    for copies, timing in scaling.items():
        print(row(f"medlint {copies}× ({sizes[copies] / 1e6:.0f} MB, {copies * len(pages)} files)", timing,
                  sizes[copies] / 1e6, None))

    results[f"cold ≥ {TARGET_COLD_VS_PROSELINT:g}× proselint (wall)"] = peer.wall / cold.wall >= TARGET_COLD_VS_PROSELINT
    if warm:
        results[f"warm ≤ {TARGET_WARM_SHARE:.0%} of cold"] = warm.wall <= TARGET_WARM_SHARE * cold.wall
    results[f"one file ≤ {TARGET_ONE_FILE} s"] = one_cold.wall <= TARGET_ONE_FILE
    print()
    for name, ok in results.items():
        print(f"target {name:36} {'ok' if ok else 'MISSED'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
