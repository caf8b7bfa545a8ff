"""How much of a scraped page's boilerplate medlint finds, against gold standards, beside
text-only jusText and boilerpy3 on the same lines in the same run.

Data: CleanEval (development and final sets; Baroni et al., "CleanEval: a competition for
cleaning web pages", LREC 2008) and CleanPortalEval (news portals; github.com/ppke-nlpg/
CleanPortalEval), as merged into one folder layout by github.com/j-szulc/
html-cleaning-dataset-merged. Each set has ``input/<name>.html`` (the page) and
``GoldStandard/<name>.txt`` (its text with the boilerplate removed by hand). Get them with

    git clone https://github.com/j-szulc/html-cleaning-dataset-merged DATA

and pass DATA (or any folder holding set folders with ``input/`` and ``GoldStandard/``).
The pages are copies of public web pages kept for research; the merged repository states
no licence of its own and refers to the original sets for their terms, so the data stays
out of this repository.

Method. Each page is converted to text as a scraper would, with inscriptis (which lays
out block elements on their own lines, as a browser's copy and paste does). A line is
**content** when at least half of its words align, in order, with the gold standard's
words (difflib's longest matching blocks over the page), else **boilerplate**; lines with
no words are not scored. Every tool sees the same lines as plain text (no HTML, no links):

- medlint: a line is flagged when region inference puts it outside the ``main`` region,
  which is what every BP finding spans;
- jusText (Pomikálek 2011), English stoplist, default settings, each line a paragraph;
- boilerpy3 (a port of boilerpipe, Kohlschütter et al. 2010) ArticleExtractor, each line
  a paragraph.

Recall is the share of boilerplate lines flagged; precision the share of flagged lines that
are boilerplate (micro-averaged over lines). Pages are split in two halves by a hash of
their name: ``--half tune`` for adjusting medlint, ``--half test`` (the default) to report.

Needs the benchmark extras: ``pip install -e '.[bench]'``.

``--patient CORPUS`` also counts the lines each tool flags on patient pages converted to text
the same way (``patient_pages``), of the same half: false positives, nearly all.

Usage: python benchmarks/boilerplate_eval.py DATA [--half test|tune|all] [--limit N] [--patient CORPUS]
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import sys
import time
import zlib
from pathlib import Path

from medlint.context import Context
from medlint.config import Config
from medlint.engine import build_settings, chrome_evidence
from medlint.readers import read_document
from medlint.regions import infer_regions

SETS = ("cleaneval-dev", "cleaneval-final", "CleanPortalEval-master")
WORD = re.compile(r"\w+")
GOLD_MARK = re.compile(r"^\s*<(?:p|h|l)>", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def pages(root: Path, half: str, limit: int | None):
    """(set name, page name, html text, gold text) for the pages of each set in ``root``."""
    for name in SETS:
        folder = root / name
        if not (folder / "input").is_dir():
            continue
        count = 0
        for source in sorted((folder / "input").glob("*.htm*")):
            gold = folder / "GoldStandard" / (source.stem + ".txt")
            if not gold.exists():
                continue
            if half != "all" and half_of(source.stem) != half:
                continue
            count += 1
            if limit and count > limit:
                break
            yield name, source.stem, source.read_bytes().decode("utf-8", "replace"), \
                gold.read_bytes().decode("utf-8", "replace")


def half_of(name: str) -> str:
    """The half a page belongs to, by a hash of its name: "tune" or "test"."""
    return "tune" if zlib.crc32(name.encode()) % 2 == 0 else "test"


def patient_pages(corpus: Path, half: str):
    """(name, html) of patient pages whose text is all article: the Markdown pages of a
    patient-page corpus rendered to HTML (front matter dropped), the HTML fragments of NHS
    content-API JSON files, and bare HTML fragments. None has a menu or a footer, so a line
    of theirs flagged as chrome is almost always a false positive. Full HTML pages are left
    out: their chrome is real."""
    import pyromark

    for path in sorted(corpus.rglob("*")):
        name = path.relative_to(corpus).as_posix()
        if not path.is_file() or half != "all" and half_of(name) != half:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".md":
            yield name, pyromark.html(FRONT_MATTER.sub("", text))
        elif path.suffix == ".json" and '"mainEntityOfPage"' in text:
            yield name, "".join(_html_parts(json.loads(text).get("mainEntityOfPage", [])))
        elif path.suffix == ".html" and not re.search(r"<(?:html|body|nav|header|footer)\b|\{%", text, re.IGNORECASE):
            yield name, text


def _html_parts(value) -> list[str]:
    """The ``text`` fields (HTML) inside a schema.org JSON value, in order."""
    if isinstance(value, dict):
        return [part for key, item in value.items()
                for part in ([item] if key == "text" and isinstance(item, str) else _html_parts(item))]
    if isinstance(value, list):
        return [part for item in value for part in _html_parts(item)]
    return []


def scraped_lines(page_html: str) -> list[str]:
    """The page's text as a scraper gets it: inscriptis, one line per rendered line."""
    from inscriptis import get_text

    page_html = re.sub(r"^\s*<text\b[^>]*>", "", page_html)  # CleanEval's wrapper line
    return [line.strip() for line in get_text(page_html).split("\n")]


def gold_words(gold: str) -> list[str]:
    body = gold.split("\n", 1)[1] if gold.startswith("URL:") else gold
    return WORD.findall(html.unescape(GOLD_MARK.sub(" ", body)).lower())


def labels(lines: list[str], gold: list[str]) -> list[bool | None]:
    """Per line: True for boilerplate, False for content, None for a line with no words."""
    words, owner = [], []
    for index, line in enumerate(lines):
        for word in WORD.findall(line.lower()):
            words.append(word)
            owner.append(index)
    matched = [0] * len(lines)
    matcher = difflib.SequenceMatcher(None, words, gold, autojunk=False)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            matched[owner[i]] += 1
    result = []
    for index, line in enumerate(lines):
        count = len(WORD.findall(line))
        result.append(None if count == 0 else matched[index] * 2 < count)
    return result


def medlint_flags(lines: list[str], evidence) -> list[bool]:
    """Per line: whether medlint puts it outside the main region (a BP finding spans it)."""
    text = "\n".join(lines)
    document = read_document(text.encode("utf-8"), "page.txt", "text")
    infer_regions(document, evidence, Context())
    flags = [False] * len(lines)
    for block in document.blocks:
        if block.region == "main":
            continue
        first = document.position(block.source_offset(0))[0]
        last = document.position(block.source_offset(len(block.text), end=True))[0]
        for number in range(first, last + 1):
            flags[number - 1] = True
    return flags


def paragraphs_html(lines: list[str]) -> tuple[str, list[int]]:
    """An HTML page with one <p> per non-empty line, and the line index of each <p>."""
    kept = [i for i, line in enumerate(lines) if line]
    body = "".join(f"<p>{html.escape(lines[i])}</p>\n" for i in kept)
    return f"<html><body>\n{body}</body></html>", kept


def justext_flags(lines: list[str]) -> list[bool]:
    import justext

    page, kept = paragraphs_html(lines)
    flags = [False] * len(lines)
    if not kept:
        return flags
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    texts = {i: " ".join(lines[i].split()) for i in kept}
    position = 0
    for paragraph in paragraphs:  # jusText keeps the <p>s in order; match each to its line
        text = " ".join(paragraph.text.split())
        while position < len(kept) and texts[kept[position]] != text:
            position += 1
        if position < len(kept):
            flags[kept[position]] = paragraph.is_boilerplate
            position += 1
    return flags


def boilerpy3_flags(lines: list[str]) -> list[bool]:
    from boilerpy3 import extractors

    page, kept = paragraphs_html(lines)
    flags = [bool(line) for line in lines]  # what the extractor does not keep as content is boilerplate
    if not kept:
        return flags
    try:
        document = extractors.ArticleExtractor(raise_on_failure=False).get_doc(page)
    except Exception:  # boilerpy3 fails on some pages; then it kept nothing
        return flags
    for block in document.text_blocks:
        if block.is_content:
            for offset in range(block.offset_blocks_start, block.offset_blocks_end + 1):
                if 0 <= offset < len(kept):
                    flags[kept[offset]] = False
    return flags


class Score:
    def __init__(self) -> None:
        self.true_positive = self.flagged = self.boilerplate = 0
        self.seconds = 0.0

    def add(self, truth: list[bool | None], flags: list[bool]) -> None:
        for label, flag in zip(truth, flags):
            if label is None:
                continue
            self.boilerplate += label
            self.flagged += flag
            self.true_positive += label and flag

    def row(self, name: str, timed: bool = True) -> str:
        recall = self.true_positive / self.boilerplate if self.boilerplate else 0.0
        precision = self.true_positive / self.flagged if self.flagged else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        seconds = f" {self.seconds:.1f} |" if timed else ""
        return f"| {name} | {recall:.3f} | {precision:.3f} | {f1:.3f} |{seconds}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder holding cleaneval-dev, cleaneval-final, CleanPortalEval-master")
    parser.add_argument("--half", choices=("test", "tune", "all"), default="test")
    parser.add_argument("--limit", type=int, help="at most this many pages per set")
    parser.add_argument("--medlint-only", action="store_true", help="skip the peers (while tuning)")
    parser.add_argument("--patient", type=Path, metavar="CORPUS",
                        help="also count the lines each tool flags on the patient pages of CORPUS (same half)")
    args = parser.parse_args(argv)
    evidence = chrome_evidence(build_settings(Config()))
    tools = {"medlint": lambda lines: medlint_flags(lines, evidence), "jusText (text only)": justext_flags,
             "boilerpy3 ArticleExtractor (text only)": boilerpy3_flags}
    if args.medlint_only:
        tools = {"medlint": tools["medlint"]}
    scores = {name: Score() for name in tools}
    per_set: dict[str, Score] = {}
    counted = lines_total = boilerplate = 0
    for set_name, _, page_html, gold in pages(args.data, args.half, args.limit):
        lines = scraped_lines(page_html)
        truth = labels(lines, gold_words(gold))
        counted += 1
        lines_total += sum(label is not None for label in truth)
        boilerplate += sum(bool(label) for label in truth)
        for name, tool in tools.items():
            started = time.perf_counter()
            flags = tool(lines)
            scores[name].seconds += time.perf_counter() - started
            scores[name].add(truth, flags)
            if name == "medlint":
                per_set.setdefault(set_name, Score()).add(truth, flags)
    if not counted:
        print(f"no pages found under {args.data} (expected {', '.join(SETS)} with input/ and GoldStandard/)", file=sys.stderr)
        return 2
    print(f"{counted} pages ({args.half} half), {lines_total} scored lines, {boilerplate} boilerplate "
          f"({boilerplate / lines_total:.0%}); text converted with inscriptis\n")
    print("| tool | recall | precision | F1 | seconds |\n|---|---:|---:|---:|---:|")
    for name, score in scores.items():
        print(score.row(name))
    print("\nmedlint by set:\n\n| set | recall | precision | F1 |\n|---|---:|---:|---:|")
    for name, score in per_set.items():
        print(score.row(name, timed=False))
    if args.patient:
        print_patient_flags(args.patient, args.half, tools)
    return 0


def print_patient_flags(corpus: Path, half: str, tools) -> None:
    """How many lines of patient pages converted to text (patient_pages) each tool flags:
    false positives, nearly all."""
    flagged = dict.fromkeys(tools, 0)
    total = pages_seen = 0
    for _, page_html in patient_pages(corpus, half):
        lines = scraped_lines(page_html)
        if not any(lines):
            continue
        pages_seen += 1
        total += sum(bool(line) for line in lines)
        for name, tool in tools.items():
            flagged[name] += sum(flag and bool(line) for flag, line in zip(tool(lines), lines))
    print(f"\npatient pages converted to text ({pages_seen} pages, {total} lines; {half} half): lines flagged\n")
    print("| tool | lines flagged | share |\n|---|---:|---:|")
    for name, count in flagged.items():
        print(f"| {name} | {count} | {count / max(total, 1):.1%} |")


if __name__ == "__main__":
    sys.exit(main())
