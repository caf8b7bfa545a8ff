"""What the HTML dashboard costs beside the JSON report, in one run on the same pages.

    python benchmarks/dashboard_build.py FOLDER... [--runs 1] [--today YYYY-MM-DD] [--jobs 0]

First as a user runs it: ``medlint check FOLDER... --no-cache`` once per report, in turn (text on
standard output, ``--format json -o``, ``--format html -o``, and ``--format html --compare`` with
the JSON report just written), each timed with wait4 (CPU of the process and its workers, and
wall). With ``--runs N`` the formats take turns N times and the median is kept, so a machine
that gets busier part-way through slows every format alike. Then in this process: the folders
checked once and both reports rendered from the same result, which shows the reporters' own
cost apart from checking. The folders are checked together, as one run.

Prints seconds, file sizes and the dashboard's ratios to the JSON report. Exits 1 when a
dashboard run costs more than TARGET_RATIO times the JSON run's CPU, or the dashboard file is
larger than TARGET_SIZE times the JSON report. Run it with the medlint you want to measure
installed beside this Python. Not run by pytest: timings belong here, not in unit tests.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_peer import MEDLINT, Timing, timed

# The dashboard is the JSON report's findings drawn by a script: building it should cost about
# what writing the JSON costs, within a tenth of the check, and its file should hold the
# findings more compactly than the JSON does (each string once, no markup per finding).
TARGET_RATIO = 1.10  # dashboard run CPU / JSON run CPU
TARGET_SIZE = 0.5  # dashboard file size / JSON report size


def build(folders: list[str], work: Path, today: str, jobs: int) -> tuple[Path, Path, dict[str, tuple[float, float]]]:
    """Check ``folders`` once in this process, then write its JSON report and the dashboard
    compared with it (as ``--compare`` does). Returns the two files' paths and, per step
    ("check", "json", "html"), its (wall, CPU) seconds; CPU is this process's only, so with
    ``jobs`` > 1 the check's CPU leaves out its workers."""
    from medlint.config import Config
    from medlint.engine import build_settings, run
    from medlint.history import load_runs
    from medlint.reporters import build_report, render

    config = Config()
    settings = build_settings(config, today=datetime.date.fromisoformat(today))
    seconds = {}
    wall, cpu = time.perf_counter(), time.process_time()
    result = run(folders, config, settings, jobs=jobs)
    seconds["check"] = (time.perf_counter() - wall, time.process_time() - cpu)
    json_path, html_path = work / "previous.json", work / "report.html"
    for output_format, path, history in (("json", json_path, ()), ("html", html_path, (str(json_path),))):
        wall, cpu = time.perf_counter(), time.process_time()
        text = render(output_format, build_report(result, settings.rules, today=settings.context.today,
                                                  today_source="--today", history=load_runs(history)))
        path.write_text(text, encoding="utf-8")
        seconds[output_format] = (time.perf_counter() - wall, time.process_time() - cpu)
    return json_path, html_path, seconds


def command_runs(folders: list[str], work: Path, today: str, jobs: int, runs: int) -> tuple[dict[str, Timing], dict[str, int]]:
    """Each report as the command line writes it, formats taking turns ``runs`` times: the run
    with the median CPU per format, and each written file's size in bytes."""
    common = ["check", *folders, "--no-cache", "--today", today, "--jobs", str(jobs), "--no-color"]
    commands = {
        "text": [*common, "--format", "text"],
        "json": [*common, "--format", "json", "-o", str(work / "report.json")],
        "html": [*common, "--format", "html", "-o", str(work / "report.html")],
        "html --compare": [*common, "--format", "html", "-o", str(work / "compared.html"),
                           "--compare", str(work / "report.json")],
    }
    timings: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, args in commands.items():
            timings[name].append(timed([MEDLINT, *args], work))
    sizes = {name: (work / args[args.index("-o") + 1]).stat().st_size for name, args in commands.items() if "-o" in args}
    return {name: _median(found) for name, found in timings.items()}, sizes


def _median(timings: list[Timing]) -> Timing:
    middle = statistics.median(t.cpu for t in timings)
    return min(timings, key=lambda t: abs(t.cpu - middle))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--today", default="2026-11-29")
    parser.add_argument("--jobs", type=int, default=0, help="--jobs of every check (0: medlint's default)")
    parser.add_argument("--runs", type=int, default=1, help="turns of the four command-line runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        timings, sizes = command_runs(args.folders, work, args.today, args.jobs, args.runs)
        json_path, html_path, seconds = build(args.folders, work, args.today, args.jobs or 1)
        rendered = {"json": json_path.stat().st_size, "html": html_path.stat().st_size}
    base = timings["json"]
    print(f"dashboard beside the JSON report, {' '.join(args.folders)}")
    print(f"  command line, --no-cache, median of {args.runs} by CPU:")
    print(f"    {'report':16} {'CPU s':>8} {'wall s':>8} {'CPU / json':>11} {'file MB':>8} {'size / json':>12}")
    missed = []
    for name, timing in timings.items():
        size = sizes.get(name)
        print(f"    {name:16} {timing.cpu:8.2f} {timing.wall:8.2f} {timing.cpu / base.cpu:11.3f} "
              + (f"{size / 1e6:8.2f} {size / sizes['json']:12.3f}" if size else ""))
        if name.startswith("html") and timing.cpu / base.cpu > TARGET_RATIO:
            missed.append(f"{name} costs {timing.cpu / base.cpu:.2f}× the JSON run (target ≤ {TARGET_RATIO})")
        if name.startswith("html") and size / sizes["json"] > TARGET_SIZE:
            missed.append(f"{name} is {size / sizes['json']:.2f}× the JSON report's size (target ≤ {TARGET_SIZE})")
    check_wall, check_cpu = seconds["check"]
    print(f"  in one process, one check ({check_wall:.1f} s wall, {check_cpu:.1f} s CPU), then each report:")
    for name in ("json", "html"):
        wall, cpu = seconds[name]
        print(f"    {name:16} {cpu:8.2f} {wall:8.2f}  {cpu / check_cpu:7.1%} of the check's CPU"
              f"  {rendered[name] / 1e6:6.2f} MB" + ("  (compared with the JSON report)" if name == "html" else ""))
    print(f"    dashboard / JSON report: {seconds['html'][1] / seconds['json'][1]:.2f}× CPU")
    for line in missed:
        print(f"  MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
