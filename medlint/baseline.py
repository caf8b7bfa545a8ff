"""Baselines: record today's findings in a file, then report only the ones not in it.

A finding's fingerprint is its code, its path (relative to the baseline's folder) and the
text it flagged, lower-cased with spaces and digits normalised: no line number, so it
survives edits elsewhere in the page. Equal fingerprints are counted, not merged: a
baseline that holds two "TODO"s in a page hides two, and a third is reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

from medlint.errors import UsageError
from medlint.replay import note

VERSION = 1


def relative_path(path: str, root: str) -> str:
    """``path`` relative to ``root``, with forward slashes, whatever folder medlint ran from."""
    from medlint.discovery import is_url

    if path == "-" or is_url(path):  # standard input, or a fetched page: not a file
        return path
    try:
        return os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")


def normalised_text(diagnostic) -> str:
    """The flagged text lower-cased, spaces collapsed and digits as 0: what stays when a page is edited elsewhere."""
    return re.sub(r"\d+", "0", " ".join(diagnostic.text.lower().split()))


def finding_key(diagnostic, root: str) -> str:
    key = f"{diagnostic.code}\0{relative_path(diagnostic.path, root)}\0{normalised_text(diagnostic)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def page_fingerprint(diagnostic) -> str:
    """A finding's identity within its page: code and flagged text, no path and no line.

    The JSON report writes it, and the dashboard's comparison with an earlier run matches
    findings of the same page by it, whichever folder each run was made from.
    """
    key = f"{diagnostic.code}\0{normalised_text(diagnostic)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def unique_fingerprints(diagnostics, root: str) -> list[str]:
    """One fingerprint per finding, unique within the run: equal keys get their occurrence index."""
    seen: Counter = Counter()
    fingerprints = []
    for diagnostic in diagnostics:
        key = finding_key(diagnostic, root)
        fingerprints.append(hashlib.md5(f"{key}:{seen[key]}".encode()).hexdigest())
        seen[key] += 1
    return fingerprints


def write_baseline(path: str, diagnostics) -> int:
    """Record ``diagnostics`` (any iterable) in the baseline file ``path``; returns how many."""
    root = os.path.dirname(os.path.abspath(path))
    entries: dict[str, dict] = {}
    count = 0
    for d in diagnostics:
        count += 1
        key = finding_key(d, root)
        entry = entries.setdefault(key, {"code": d.code, "path": relative_path(d.path, root),
                                         "fingerprint": key, "count": 0, "message": d.message})
        entry["count"] += 1
    data = {"version": VERSION, "tool": "medlint",
            "findings": sorted(entries.values(), key=lambda e: (e["path"], e["code"], e["fingerprint"]))}
    try:
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{path}: cannot write baseline ({error.strerror or error})") from None
    return count


def load_baseline(path: str) -> Counter:
    """How many findings each fingerprint may hide."""
    note(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
        return Counter({entry["fingerprint"]: int(entry["count"]) for entry in data["findings"]})
    except OSError as error:
        raise UsageError(f"{path}: cannot read baseline ({error.strerror or error})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(f"{path}: not a medlint baseline ({error}); write one with --write-baseline") from None
