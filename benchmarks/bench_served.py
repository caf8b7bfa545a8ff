"""Time to check the bundled HTML fixtures served from 127.0.0.1, by sitemap, against the
same files checked from disk.

    python benchmarks/bench_served.py [--rate N]

The pages are served by the standard library's HTTP server in a thread of this process; the
sitemap lists every fixtures/*/*.html. ``--rate`` is medlint's --fetch-rate (default 1000, so
the figure is medlint's own cost; at the default of 1 request a second the run takes one
second a page by design). Not run by pytest: timings belong here, not in unit tests.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MEDLINT = str(Path(sys.executable).parent / "medlint")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def median_time(args: list[str], runs: int = 3) -> tuple[float, str]:
    times, output = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        output = subprocess.run([MEDLINT, *args], cwd=ROOT, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), output.strip().splitlines()[-2] if output.strip() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", default="1000")
    options = parser.parse_args()
    pages = sorted(FIXTURES.glob("*/*.html"))
    served_folder = Path(tempfile.mkdtemp())
    shutil.copytree(FIXTURES, served_folder, dirs_exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(served_folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sitemap = served_folder / "sitemap.xml"
    sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       + "".join(f"<url><loc>{base}/{p.relative_to(FIXTURES).as_posix()}</loc></url>" for p in pages)
                       + "</urlset>", encoding="utf-8")
    try:
        served, served_summary = median_time(["check", "--no-cache", "--sitemap", f"{base}/sitemap.xml", "--fetch-rate", options.rate])
        disk, disk_summary = median_time(["check", "--no-cache", *map(str, pages)])
    finally:
        server.shutdown()
        shutil.rmtree(served_folder)
    print(f"{len(pages)} HTML fixture pages")
    print(f"served by sitemap: {served:.2f} s  ({served_summary})")
    print(f"from disk:         {disk:.2f} s  ({disk_summary})")


if __name__ == "__main__":
    main()
