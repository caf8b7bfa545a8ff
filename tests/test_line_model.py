"""The tree ensemble region inference reads: its traversal, and that the shipped model fits
the features regions computes."""

import math

import pytest

from medlint.line_model import TreeEnsemble, load_model
from medlint.regions import LINE_FEATURES, LINE_MODEL


def test_trees_are_walked_left_at_or_below_the_cut_and_summed_as_log_odds():
    stump = ((0, 0.5, 1, 2), (-1.0,), (2.0,))
    model = TreeEnsemble(("a",), base=0.5, rate=0.1, threshold=0.5, trees=(stump, stump))
    assert model.probability([0.5]) == pytest.approx(1 / (1 + math.exp(-(0.5 - 0.2))))
    assert model.probability([0.6]) == pytest.approx(1 / (1 + math.exp(-(0.5 + 0.4))))


def test_the_shipped_model_reads_the_features_regions_computes():
    model = load_model(LINE_MODEL)
    assert model.features == LINE_FEATURES
    assert 0 < model.threshold < 1 and model.trees
    assert all(node[0] < len(LINE_FEATURES) for tree in model.trees for node in tree if len(node) == 4)


def test_a_missing_model_is_an_error():
    with pytest.raises(FileNotFoundError):
        load_model("no-such-model")
