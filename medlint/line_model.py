"""A small gradient-boosted tree ensemble, read from JSON and evaluated in pure Python.

Region inference (``medlint.regions``) asks it whether a line of a scraped text page is
site chrome. The ensemble is trained offline (benchmarks/train_line_model.py, with
scikit-learn's GradientBoostingClassifier: Friedman, "Greedy function approximation: a
gradient boosting machine", 2001) and shipped as a data file in ``rules/models/``; at run
time it is a few hundred comparisons per line, with no dependency.

File format: ``{"features": [names], "base": log-odds, "rate": learning rate,
"threshold": probability, "trees": [[node, ...], ...]}``; a node is ``[feature, cut, left,
right]`` (go left when the feature's value is at most ``cut``) or ``[value]`` for a leaf.
"""

from __future__ import annotations

import functools
import json
import math
from typing import NamedTuple


class TreeEnsemble(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A binary classifier: the sum of its trees' leaf values, on the log-odds scale."""

    features: tuple[str, ...]
    base: float
    rate: float
    threshold: float  # the probability above which a line is chrome, chosen when it was trained
    trees: tuple[tuple[tuple[float, ...], ...], ...]

    def probability(self, row: list[float]) -> float:
        """The probability (0–1) that the example with feature values ``row`` (in the order of
        ``features``) is in the positive class."""
        total = self.base
        for tree in self.trees:
            node = tree[0]
            while len(node) == 4:
                node = tree[node[2] if row[node[0]] <= node[1] else node[3]]
            total += self.rate * node[0]
        return 1.0 / (1.0 + math.exp(-total))


@functools.cache
def load_model(name: str) -> TreeEnsemble:
    """The ensemble stored as ``rules/models/<name>.json``. Raises FileNotFoundError when
    there is none and ValueError when the file is not an ensemble."""
    from medlint.rules import FOLDER

    data = json.loads((FOLDER / "models" / f"{name}.json").read_text(encoding="utf-8"))
    try:
        trees = tuple(tuple(tuple(node) for node in tree) for tree in data["trees"])
        return TreeEnsemble(tuple(data["features"]), float(data["base"]), float(data["rate"]),
                            float(data["threshold"]), trees)
    except (KeyError, TypeError) as error:
        raise ValueError(f"{name}.json is not a tree ensemble: {error}") from error
