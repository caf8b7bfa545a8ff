"""Size, build time and load time of the HTML dashboard over a real site, in headless Chromium.

    python benchmarks/dashboard_load.py FOLDER [--today YYYY-MM-DD] [--screenshots DIR]

Checks FOLDER once, writes its JSON report and the dashboard compared with it (as
``--compare`` does), timing each, then opens the dashboard in Debian's headless Chromium at
1400 × 900 and times it from navigation start to the end of the load event (the script has
run and drawn the first page of the table). Prints the figures and exits 1 when a load takes
longer than the target or the page is wider than the window. With --screenshots DIR, saves
what a content lead sees at each step (see screenshots()) as PNG files. Not run by pytest:
timings belong here, not in unit tests."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dashboard_build import build

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import missing, start_chromium, stop_chromium  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

LOAD_TARGET = 2.0  # seconds: a content lead opens the report and starts working at once
WIDTH, HEIGHT = 1400, 900


def load_times(driver, url: str, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        driver.get("about:blank")
        driver.get(url)
        times.append(driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;") / 1000)
    return times


def screenshots(driver, folder: Path) -> None:
    """The top of the report; the headline tables; the table; a page's findings opened and a rule's
    explanation; the table filtered to one category and searched."""
    def shot(name: str, scroll_to: str | None = None) -> None:
        if scroll_to:
            driver.execute_script("document.querySelector(arguments[0]).scrollIntoView()", scroll_to)
        driver.save_screenshot(str(folder / name))

    shot("1-top.png")
    shot("2-headline.png", ".headline")
    shot("3-table.png", "#pages-section")
    driver.find_element("css selector", "#pages tbody tr button.link").click()
    shot("4-page-opened.png", "#pages tr.open")
    driver.find_element("css selector", "#pages tr.drill button.code").click()
    shot("5-explanation.png")
    driver.find_element("id", "explain-close").click()
    Select(driver.find_element("id", "f-category")).select_by_value("placeholder")
    driver.find_element("id", "f-search").send_keys("treatment")
    time.sleep(0.5)
    shot("6-filtered.png", "#pages-section")


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
        _, report, seconds = build([args.folder], Path(work), args.today, os.cpu_count() or 1)
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
    print(f"  check           {seconds['check'][0]:.1f} s  (linting the pages, shared by every format)")
    print(f"  json report     {seconds['json'][0]:.2f} s")
    print(f"  dashboard       {seconds['html'][0]:.2f} s  (compared with the JSON report; "
          f"{seconds['html'][1] / seconds['json'][1]:.2f}× the JSON report's CPU)")
    print(f"  load            {load:.2f} s median of {len(times)} (target < {LOAD_TARGET} s): "
          + ", ".join(f"{t:.2f}" for t in times))
    print(f"  page            {height:,} px tall; {width[0]} px wide in a {width[1]} px window")
    return 0 if load < LOAD_TARGET and width[0] <= width[1] else 1


if __name__ == "__main__":
    sys.exit(main())
