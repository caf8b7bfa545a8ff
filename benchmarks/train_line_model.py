"""Train the line model that region inference asks about the lines of scraped text pages
(``rules/models/chrome-lines.json``; see ``medlint.regions.line_features``).

Data, tune halves only (the test halves are what ``boilerplate_eval.py --half test
--patient CORPUS`` reports on):

- the boilerplate benchmark's pages (``boilerplate_eval.py``: CleanEval and CleanPortalEval
  converted to text with inscriptis, each line labelled boilerplate or content by aligning
  it with the gold standard);
- patient pages converted to text the same way (``boilerplate_eval.patient_pages``): their
  lines are all labelled content, with a smaller weight (``--patient-weight``). They teach
  the model what the benchmark's pages lack: that a list of symptoms, foods or drugs is an
  article's, not a menu.

A line is an example when region inference leaves it to the model (``Page.pending``: no
phrase evidence, context or article-list rule decided it). Model: scikit-learn's
GradientBoostingClassifier (log loss), ``--trees`` trees of depth ``--depth``. Its
threshold is the lowest probability at which the tune half's flagged lines (those the
earlier steps flag, and the pending lines whose 4-fold cross-validated probability, pages
kept together, is above it) are at least ``--precision`` precise.

Needs the benchmark extras and scikit-learn (``pip install -e '.[bench]' scikit-learn``);
medlint never imports scikit-learn: it reads the trees from the JSON file.

Usage: python benchmarks/train_line_model.py DATA CORPUS [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from boilerplate_eval import gold_words, labels, pages, patient_pages, scraped_lines

from medlint.context import Context
from medlint.config import Config
from medlint.engine import build_settings, chrome_evidence
from medlint.readers import read_document
from medlint.regions import LINE_FEATURES, classify_lines, line_features

OUT = Path(__file__).resolve().parent.parent / "rules" / "models" / "chrome-lines.json"


def page_examples(lines: list[str], truth: list[bool | None], evidence):
    """(rows, labels) of the lines the model decides, and (true, false) positives among the
    lines the earlier steps flag."""
    document = read_document("\n".join(lines).encode("utf-8"), "page.txt", "text")
    page = classify_lines(document, evidence, Context())
    if page is None:
        return [], [], 0, 0
    number = [document.position(line.block.source_offset(line.start))[0] - 1 for line in page.lines]
    rows, found = [], []
    for index, row in zip(page.pending, line_features(page, page.pending)):
        if truth[number[index]] is not None:
            rows.append(row)
            found.append(bool(truth[number[index]]))
    flagged = [truth[number[i]] for i, line in enumerate(page.lines) if line.rule and truth[number[i]] is not None]
    return rows, found, sum(flagged), len(flagged) - sum(flagged)


def export(model, threshold: float) -> dict:
    """The fitted classifier as line_model's JSON: leaves hold the trees' raw values."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        nodes = []
        for node in range(tree.node_count):
            if tree.children_left[node] == -1:
                nodes.append([float(tree.value[node][0][0])])
            else:
                nodes.append([int(tree.feature[node]), float(tree.threshold[node]),
                              int(tree.children_left[node]), int(tree.children_right[node])])
        trees.append(nodes)
    import numpy as np

    base = float(model._raw_predict_init(np.zeros((1, len(LINE_FEATURES))))[0, 0])
    return {"features": list(LINE_FEATURES), "base": base, "rate": model.learning_rate,
            "threshold": round(threshold, 6), "trees": trees}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the boilerplate benchmark's folder (see boilerplate_eval.py)")
    parser.add_argument("corpus", type=Path, help="a folder of patient pages (Markdown, NHS content-API JSON, HTML fragments)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--trees", type=int, default=40)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--patient-weight", type=float, default=0.25)
    parser.add_argument("--precision", type=float, default=0.9)
    args = parser.parse_args(argv)
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold, cross_val_predict

    evidence = chrome_evidence(build_settings(Config()))
    rows, found, groups = [], [], []
    true_flags = false_flags = boilerplate = 0
    for number, (_, _, page_html, gold) in enumerate(pages(args.data, "tune", None)):
        lines = scraped_lines(page_html)
        truth = labels(lines, gold_words(gold))
        boilerplate += sum(bool(label) for label in truth)
        page_rows, page_found, right, wrong = page_examples(lines, truth, evidence)
        rows += page_rows
        found += page_found
        groups += [number] * len(page_rows)
        true_flags, false_flags = true_flags + right, false_flags + wrong
    benchmark_rows = len(rows)
    for number, (_, page_html) in enumerate(patient_pages(args.corpus, "tune"), start=len(groups) + 1):
        lines = scraped_lines(page_html)
        if any(lines):
            page_rows = page_examples(lines, [False if line else None for line in lines], evidence)[0]
            rows += page_rows
            found += [False] * len(page_rows)
            groups += [number] * len(page_rows)
    x, y = np.array(rows), np.array(found)
    weight = np.where(np.arange(len(y)) < benchmark_rows, 1.0, args.patient_weight)

    def classifier():
        return GradientBoostingClassifier(n_estimators=args.trees, max_depth=args.depth, random_state=0)

    held_out = cross_val_predict(classifier(), x, y, groups=groups, cv=GroupKFold(4), method="predict_proba",
                                 params={"sample_weight": weight})[:benchmark_rows, 1]
    order = np.argsort(-held_out)
    right = true_flags + np.cumsum(y[:benchmark_rows][order])
    precision = right / (true_flags + false_flags + np.arange(1, benchmark_rows + 1))
    good = np.nonzero(precision >= args.precision)[0]
    if not len(good):
        print(f"no threshold reaches precision {args.precision}", file=sys.stderr)
        return 1
    at = good.max()
    threshold = float(held_out[order][at])
    model = classifier().fit(x, y, sample_weight=weight)
    exported = export(model, threshold)
    from medlint.line_model import TreeEnsemble

    check = TreeEnsemble(tuple(exported["features"]), exported["base"], exported["rate"], threshold,
                         tuple(tuple(tuple(node) for node in tree) for tree in exported["trees"]))
    sample = x[:: max(1, len(x) // 500)]
    drift = max(abs(check.probability(list(row)) - p) for row, p in zip(sample, model.predict_proba(sample)[:, 1]))
    if drift > 1e-9:
        print(f"the exported trees disagree with scikit-learn's by {drift}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{benchmark_rows} benchmark lines and {len(y) - benchmark_rows} patient-page lines to decide; "
          f"threshold {threshold:.3f}: tune (cross-validated) recall {right[at] / boilerplate:.3f} "
          f"at precision {precision[at]:.3f}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
