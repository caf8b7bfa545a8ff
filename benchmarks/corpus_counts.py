"""Per-code finding counts over a corpus of real pages, and what changed since a saved run.

    python benchmarks/corpus_counts.py CORPUS_DIR [--save counts.json] [--compare before.json]
                                       [--sample CODE --n 25 --seed 1]
                                       [--save-report report.json] [--identical report.json]

CORPUS_DIR is a folder of real pages (the project's shared corpus: nci_cancergov_md,
nhs_betahealth_md, nhs_alpha_html and medlineplus_gsa_fixtures/medline_topic_summaries_split
are read as they are). Uses the medlint installed beside this Python, with every rule on and
``MEDLINT_TODAY=2026-11-23`` so runs on different days compare. ``--save`` writes the findings
(JSON) for a later ``--compare``; ``--sample CODE`` prints a random sample of that code's
findings with their source lines, for reading by eye. ``--save-report`` writes the whole JSON
report (every finding and every page's score, grade and review date) and ``--identical`` exits 1
unless this run's report is the same as a saved one: how a change meant only to make medlint
faster proves it changed no result. Not run by pytest.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import subprocess
import sys
from pathlib import Path

MEDLINT = str(Path(sys.executable).parent / "medlint")
FOLDERS = ("nci_cancergov_md", "nhs_betahealth_md", "nhs_alpha_html", "medlineplus_gsa_fixtures/medline_topic_summaries_split")


def full_report(corpus: Path) -> dict:
    """medlint's JSON report over the readable folders of ``corpus``."""
    paths = [str(corpus / f) for f in FOLDERS if (corpus / f).exists()] or [str(corpus)]
    env = dict(os.environ, MEDLINT_TODAY="2026-11-23")
    done = subprocess.run([MEDLINT, "check", *paths, "--format", "json", "--exit-zero", "--no-cache"],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0 and "--no-cache" in done.stderr:  # medlint before the cache
        done = subprocess.run([MEDLINT, "check", *paths, "--format", "json", "--exit-zero"],
                              capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"medlint failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def differences(before: dict, after: dict, limit: int = 10) -> list[str]:
    """Up to ``limit`` lines naming findings or page figures in one report and not the other."""
    lines = []
    for part in ("diagnostics", "pages"):
        old = before["diagnostics"] if part == "diagnostics" else before["summary"]["pages"]
        new = after["diagnostics"] if part == "diagnostics" else after["summary"]["pages"]
        old_set = collections.Counter(json.dumps(d, sort_keys=True) for d in old)
        new_set = collections.Counter(json.dumps(d, sort_keys=True) for d in new)
        lines += [f"only before: {d}" for d in (old_set - new_set)] + [f"only after:  {d}" for d in (new_set - old_set)]
    return lines[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--sample")
    parser.add_argument("--n", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save-report", type=Path)
    parser.add_argument("--identical", type=Path)
    args = parser.parse_args()
    report = full_report(args.corpus)
    found = report["diagnostics"]
    if args.save_report:
        args.save_report.write_text(json.dumps(report))
    if args.identical:
        changed = differences(json.loads(args.identical.read_text()), report)
        print("\n".join(changed) or f"identical to {args.identical}: {len(found)} findings, "
                                    f"{len(report['summary']['pages'])} pages")
        return 1 if changed else 0
    if args.save:
        args.save.write_text(json.dumps(found))
    counts = collections.Counter(d["code"] for d in found)
    before = collections.Counter(d["code"] for d in json.loads(args.compare.read_text())) if args.compare else None
    print(f"{'code':6} {'before':>7} {'after':>7}" if before is not None else f"{'code':6} {'count':>7}")
    for code in sorted(set(counts) | set(before or ())):
        print(f"{code:6} {before[code]:7} {counts[code]:7}" if before is not None else f"{code:6} {counts[code]:7}")
    print(f"{'total':6} {sum(before.values()):7} {len(found):7}" if before is not None else f"{'total':6} {len(found):7}")
    if args.sample:
        chosen = [d for d in found if d["code"].startswith(args.sample)]
        random.Random(args.seed).shuffle(chosen)
        for d in chosen[: args.n]:
            print(f"\n{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['message']}\n    {d.get('source_line', '')[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
