"""Speed of medlint as a pre-commit hook and a CI step: start-up, one file, a whole site.

    python benchmarks/bench_check.py [FOLDER]

FOLDER defaults to a generated site of 300 pages built from the bundled good fixtures (a real
site is mostly clean pages). Prints the
figures and exits 1 if one misses its target. Run it with the medlint you want to measure
installed in the same environment. Not run by pytest: timings belong here, not in unit tests.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDLINT = str(Path(sys.executable).parent / "medlint")
# Seconds, or MB/s for throughput. From what users wait for: a pre-commit hook on one page
# should feel instant (0.3 s, all rules including the spelling dictionary), and a CI run over
# a 3,000-page site (about 30 MB) should take about a minute on a 2-core machine. Both are
# timed without the result cache: they measure checking, not reading results back
# (benchmarks/bench_peer.py times the cache).
TARGETS = {
    "medlint --version": 0.25,
    "medlint check (one small file)": 0.3,
    "throughput (MB/s)": 0.5,
}


def wall_time(args: list[str], cwd: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([MEDLINT, *args], cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated_site(folder: Path, pages: int = 300) -> Path:
    folder.mkdir()
    sources = [(p.suffix, p.read_bytes()) for p in sorted((ROOT / "fixtures").glob("*/good.*"))]
    for i in range(pages):
        suffix, text = sources[i % len(sources)]
        (folder / f"page-{i:04}{suffix}").write_bytes(text * 20)
    return folder


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        one = scratch / "one.md"
        shutil.copy(ROOT / "fixtures" / "placeholder" / "good.md", one)
        site = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else generated_site(scratch / "site")
        size = sum(p.stat().st_size for p in site.rglob("*") if p.suffix in (".md", ".html", ".htm", ".txt"))
        files = sum(1 for p in site.rglob("*") if p.suffix in (".md", ".html", ".htm", ".txt"))

        results = {
            "medlint --version": wall_time(["--version"], scratch),
            "medlint check (one small file)": wall_time(["check", "--exit-zero", "--no-cache", str(one)], scratch),
        }
        site_time = wall_time(["check", "--exit-zero", "--no-cache", "-q", "--no-color", str(site)], scratch, runs=1)
        results["throughput (MB/s)"] = size / 1e6 / site_time

    print(f"site: {files} files, {size / 1e6:.1f} MB, checked in {site_time:.2f} s")
    missed = 0
    for name, value in results.items():
        target = TARGETS[name]
        ok = value >= target if "MB/s" in name else value <= target
        missed += not ok
        unit = "" if "MB/s" in name else " s"
        print(f"{name:34} {value:8.3f}{unit}   target {'>=' if 'MB/s' in name else '<='} {target}{unit}   {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
