"""Size, build time and load time of the HTML dashboard over a real site, in headless Chromium.

    python benchmarks/dashboard_load.py FOLDER [--today YYYY-MM-DD] [--screenshots DIR]

Builds the dashboard of FOLDER twice, once as a JSON report that the second run compares
with (``--compare``), then opens it in Debian's headless Chromium at 1400 × 900 and times
it from navigation start to the end of the load event (the script has run and drawn the
first page of the table). Prints the figures and exits 1 when a load takes longer than the
target. With --screenshots, saves the top of the report, the table filtered and a page's
findings opened, as PNG files. Not run by pytest: timings belong here, not in unit tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import missing, start_chromium, stop_chromium  # noqa: E402

MEDLINT = str(Path(sys.executable).parent / "medlint")
LOAD_TARGET = 2.0  # seconds: a content lead opens the report and starts working at once
WIDTH, HEIGHT = 1400, 900


def build(folder: str, out: Path, today: str, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run([MEDLINT, "check", folder, "--today", today, "--exit-zero", "-o", str(out), *extra], check=True)
    return time.perf_counter() - start


def load_times(driver, url: str, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        driver.get("about:blank")
        driver.get(url)
        times.append(driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;") / 1000)
    return times


def screenshots(driver, folder: Path) -> None:
    driver.save_screenshot(str(folder / "1-top.png"))
    driver.execute_script("document.getElementById('pages-section').scrollIntoView()")
    driver.save_screenshot(str(folder / "2-table.png"))
    first = driver.find_element("css selector", "#pages tbody tr button.link")
    first.click()
    driver.execute_script("arguments[0].scrollIntoView()", first)
    driver.save_screenshot(str(folder / "3-page-opened.png"))
    search = driver.find_element("id", "f-search")
    search.send_keys("lorem")
    time.sleep(0.5)
    driver.execute_script("document.getElementById('pages-section').scrollIntoView()")
    driver.save_screenshot(str(folder / "4-search.png"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--today", default="2026-11-29")
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    if missing():
        print(f"cannot measure: {missing()}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        previous, report = Path(work, "previous.json"), Path(work, "report.html")
        json_time = build(args.folder, previous, args.today, "--format", "json")
        html_time = build(args.folder, report, args.today, "--format", "html", "--compare", str(previous))
        driver = start_chromium(WIDTH, HEIGHT)
        try:
            times = load_times(driver, report.as_uri())
            width = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                screenshots(driver, args.screenshots)
        finally:
            stop_chromium(driver)
        size = report.stat().st_size
    load = statistics.median(times)
    print(f"dashboard of {args.folder}")
    print(f"  size            {size / 1e6:.2f} MB")
    print(f"  build (json)    {json_time:.1f} s  (medlint check --format json)")
    print(f"  build (html)    {html_time:.1f} s  (medlint check --format html --compare previous.json)")
    print(f"  load            {load:.2f} s median of {len(times)} (target < {LOAD_TARGET} s): "
          + ", ".join(f"{t:.2f}" for t in times))
    print(f"  page            {height:,} px tall; {width[0]} px wide in a {width[1]} px window")
    return 0 if load < LOAD_TARGET and width[0] <= width[1] else 1


if __name__ == "__main__":
    sys.exit(main())
