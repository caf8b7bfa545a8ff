"""Per-code finding counts over a corpus of real pages, and what changed since a saved run.

    python benchmarks/corpus_counts.py CORPUS_DIR [--save counts.json] [--compare before.json]
                                       [--sample CODE --n 25 --seed 1]

CORPUS_DIR is a folder of real pages (the project's shared corpus: nci_cancergov_md,
nhs_betahealth_md, nhs_alpha_html and medlineplus_gsa_fixtures/medline_topic_summaries_split
are read as they are). Uses the medlint installed beside this Python, with every rule on and
``MEDLINT_TODAY=2026-11-23`` so runs on different days compare. ``--save`` writes the findings
(JSON) for a later ``--compare``; ``--sample CODE`` prints a random sample of that code's
findings with their source lines, for reading by eye. Not run by pytest.
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


def findings(corpus: Path) -> list[dict]:
    """Every diagnostic medlint reports over the readable folders of ``corpus``."""
    paths = [str(corpus / f) for f in FOLDERS if (corpus / f).exists()] or [str(corpus)]
    env = dict(os.environ, MEDLINT_TODAY="2026-11-23")
    done = subprocess.run([MEDLINT, "check", *paths, "--format", "json", "--exit-zero", "--no-cache"],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0 and "--no-cache" in done.stderr:  # medlint before the cache
        done = subprocess.run([MEDLINT, "check", *paths, "--format", "json", "--exit-zero"],
                              capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"medlint failed: {done.stderr.strip()}")
    return json.loads(done.stdout)["diagnostics"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--sample")
    parser.add_argument("--n", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    found = findings(args.corpus)
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
