"""A pack's patterns search each block with only those of them that can match there
(AnchoredAlternation): the matches are always the whole regex's."""

import re

import pytest

from medlint.checks import AnchoredAlternation
from medlint.packs import load_rules
from test_anchors import Page  # a page of text blocks, as the anchors read one

CURES = [r"(?i)\bcure-all\b", r"(?i)\bmiracle\s+cure\b", r"(?i)\bcures?\b", r"\b100\s?%\s+safe\b"]


def matches(regex, text):
    return [(m.span(), m.group()) for m in regex.finditer(text)]


def test_a_block_is_searched_with_the_patterns_whose_anchors_it_holds():
    alternation = AnchoredAlternation(CURES)
    page = Page("A miracle cure, they say.", "It is 100% safe.", "Nothing here.", "A cure-all and a cure.")
    searched = {block.text: regex for block, regex in alternation.searches(page, page.blocks)}
    assert list(searched) == ["A miracle cure, they say.", "It is 100% safe.", "A cure-all and a cure."]
    # "miracle cure" and "cures?" may match the first block; "cure-all" and "100% safe" cannot.
    assert searched["A miracle cure, they say."].pattern == "(?i:\\bmiracle\\s+cure\\b)|(?i:\\bcures?\\b)"
    assert searched["It is 100% safe."].pattern == "(?:\\b100\\s?%\\s+safe\\b)"
    for text, regex in searched.items():
        assert matches(regex, text) == matches(alternation.regex, text)
    # The earlier pattern still wins where two match at one place: "miracle cure", not "cure".
    assert matches(searched["A miracle cure, they say."], "A miracle cure, they say.") == [((2, 14), "miracle cure")]


@pytest.mark.parametrize("patterns", [[r"(\w+) \1", r"lorem"], [r"(?P<word>\w+) (?P=word)", r"lorem"]])
def test_patterns_with_group_references_are_searched_whole(patterns):
    """``\\1`` counts the groups of the whole regex: split up, it would name another group."""
    alternation = AnchoredAlternation(patterns)
    page = Page("the the", "lorem lorem")
    assert [regex for _, regex in alternation.searches(page, page.blocks)] == [alternation.regex] * 2


def test_every_pack_example_gives_the_whole_regexs_matches():
    for rule in load_rules().values():
        for alternation in getattr(rule.checker, "__dict__", {}).values():
            if not isinstance(alternation, AnchoredAlternation):
                continue
            for example in rule.examples:
                page = Page(*(example[side] for side in ("bad", "good") if side in example))
                searched = {id(block): regex for block, regex in alternation.searches(page, page.blocks)}
                for block in page.blocks:
                    regex = searched.get(id(block), re.compile(r"(?!x)x"))
                    assert matches(regex, block.text) == matches(alternation.regex, block.text), (rule.code, block.text)
