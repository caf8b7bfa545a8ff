"""Literal anchors let a rule skip blocks its regex cannot match, and never change a finding."""

import re
import sys

import pytest

from conftest import FIXTURES, ROOT
from medlint.analysis import anchors as anchor_index
from medlint.analysis.anchors import (SPECIAL_FOLDS, Anchors, anchors_of, line_start_regex, lower_folds, mask_of,
                                     required_alternatives)
from medlint.checks import AnchoredAlternation
from medlint.packs import load_rules


@pytest.mark.parametrize("pattern, anchors", [
    (r"lorem\s+ipsum", {"lorem"}),
    (r"(?i)\bcures?\b|guaranteed", {"cure", "guaranteed"}),
    (r"(?i)Title\s+\d", {"title"}),
    (r"[Cc]lick here", {"click here"}),
    (r"\{\{\s*\w+\s*\}\}", {"{{"}),
    (r"(?:heart )?attack", {"attack"}),
    (r"[A-Z]{2,}", None),  # no literal: runs on every block
    (r"TODO|[A-Z]{2,}", None),  # one alternative without a literal is enough
    (r"(?i)ſugar", {"ugar"}),  # the long s matches "s" and "S": not an anchor
    (r"s(?:ign|hare)\s+in", {"sign", "share"}),  # a trie's shared first letter joins its branches
    (r"\b(?:back|return) to\b\s+top", {"back to", "return to"}),  # \b consumes nothing
    (r"(?i)^(?=.*\bpermalink\b)\w+:", {"permalink"}),  # what a lookahead needs is in the text too
    (r"[Cc][Oo]\d", {f"co{digit}" for digit in "0123456789"}),  # \d is an ASCII digit (see OTHER_DIGIT)
    (r"[\x00-\x08\x0e-\x1f]+", {chr(c) for c in [*range(0, 9), *range(14, 32)]}),  # a range of rare characters
    (r"[a-f]{2}|[ -/]+", None),  # a range of letters, or one with a space: not read as anchors
    # a set with a word most paragraphs hold comes after any other, however long its strings
    (r"(?i)\d+%\s+of\s+(?:the|your)\s+\w+", {f"{digit}%" for digit in "0123456789"}),
    (r"(?i)#\s*(?:in|on)\b", {"#"}),  # one or two letters are in most blocks: a sign is rarer
    (r"\b[A-Z]\w+\s+et\s+al\b", {"et"}),  # a common string still, when a match needs nothing rarer
])
def test_anchors_read_off_a_pattern(pattern, anchors):
    found = required_alternatives(pattern)  # the rarest set of each alternative, together
    assert ({a for sets in found for a in sets[0]} if found is not None else None) == anchors


class Page:
    def __init__(self, *texts):
        self.blocks = [Block(t) for t in texts]
        self.memo = {}


class Block:
    def __init__(self, text):
        self.text = text


def test_each_alternative_needs_all_its_words():
    """Every match of ``lorem\\s+ipsum`` holds both words: a block with one of them is skipped."""
    anchors = Anchors(re.compile(r"(?i)\blorem\s+ipsum\b|dolor\s+sit\s+amet"))
    assert anchors.needed == (({"lorem"}, {"ipsum"}), ({"dolor"}, {"amet"}, {"sit"}))
    page = Page("Lorem is a word.", "Ipsum lorem.", "Dolor sit, amet", "no", "amet dolor")
    assert anchors.candidates(page, page.blocks) == page.blocks[1:3]


def test_blocks_without_an_anchor_are_skipped():
    anchors = Anchors(re.compile(r"(?i)\bclinically\s+proven\b"))
    page = Page("It was Clinically  PROVEN.", "Nothing to see here.", "clinical trials")
    assert anchors.candidates(page, page.blocks) == page.blocks[:1]


@pytest.mark.parametrize("text", ["Kelvin sign: 5 \u212a", "ſtudies ſhow it", "DİET", "type \u0663 diabetes"])
def test_special_case_folds_are_never_skipped(text):
    """re's case-insensitive matching pairs these with ASCII letters; lower() does not; and
    ``\\d`` matches digits other than 0-9 (the Arabic-Indic three)."""
    for pattern in (r"(?i)5 k\b", r"(?i)studies show", r"(?i)diet", r"type \d diabetes"):
        regex = re.compile(pattern)
        page = Page(text)
        if regex.search(text):
            assert Anchors(regex).candidates(page, page.blocks) == page.blocks


@pytest.mark.parametrize("pattern", [r"(?i)\u03b1\u03b3\u03c7\u03bf\u03c3", r"(?i)\u0391\u0393\u03a7\u039f\u03a3"])
def test_a_capital_sigma_at_a_words_end_is_never_skipped(pattern):
    """str.lower() makes a final capital sigma "\u03c2" (\u0391\u0393\u03a7\u039f\u03a3 -> \u03b1\u03b3\u03c7\u03bf\u03c2), in context; re
    folds it to "\u03c3" a character at a time. Neither the anchors nor the lowered filter may
    read the lower-cased text then."""
    text = "\u03a4\u039f \u0391\u0393\u03a7\u039f\u03a3."
    assert re.search(pattern, text) and not lower_folds(text)
    for anchors in (Anchors(pattern), AnchoredAlternation([pattern, "xyzzy"])):
        page = Page(text)
        assert anchors.candidates(page, page.blocks) == page.blocks and anchors.search(text)
    assert [block.text for block, _regex in AnchoredAlternation([pattern, "xyzzy"]).searches(page, page.blocks)] == [text]


@pytest.mark.parametrize("texts", [
    ("Lorem  ipsum dolor.", "ABC and dolor", "nothing here"),  # each pattern somewhere
    ("Sit amet.", "XYZ"),  # two patterns, one without anchors
    ("no match at all",),
    ("ſit amet dolor", "lorem ipsum"),  # a special fold: every pattern is asked on the page
])
def test_a_pack_finds_what_its_whole_regex_finds_with_only_the_patterns_a_page_holds(texts):
    """A pack's patterns whose anchors a page lacks are left out of its blocks' regexes, one
    without anchors never is: each block's matches are the whole regex's."""
    patterns = [r"(?i)lorem\s+ipsum", r"\bdolor\b", r"\b[A-Z]{3}\b", r"(?i)sit\s+amet"]
    pack = AnchoredAlternation(patterns)
    page = Page(*texts)
    found = [(block.text, [m.group() for m in regex.finditer(block.text)]) for block, regex in pack.searches(page, page.blocks)]
    whole = [(text, [m.group() for m in pack.regex.finditer(text)]) for text in texts]
    assert [item for item in found if item[1]] == [item for item in whole if item[1]]
    if texts[0] == "Sit amet.":  # the anchored patterns are not asked: the page holds no "lorem" or "dolor"
        assert [regex.pattern for _block, regex in pack.searches(page, page.blocks)] == [pack._regex((2, 3)).pattern,
                                                                                         pack._regex((2,)).pattern]


def test_a_packs_candidates_are_the_blocks_one_of_its_patterns_may_match():
    """A block holding a pattern's rarest word but not the pattern is no candidate; the
    blocks are those ``searches`` gives, in page order."""
    pack = AnchoredAlternation([r"(?i)\bin\s+the\s+event\s+that\b", r"(?i)\bdue\s+to\s+the\s+fact\s+that\b"])
    page = Page("The event was cancelled.", "In the  event that it rains, stay in.", "A fact.", "Due to the fact that")
    assert pack.candidates(page, page.blocks) == [page.blocks[1], page.blocks[3]]
    assert [block for block, _regex in pack.searches(page, page.blocks)] == pack.candidates(page, page.blocks)


def test_every_pack_example_that_matches_holds_an_anchor():
    for rule in load_rules().values():
        anchors = getattr(rule.checker, "anchors", None)
        if anchors is None:
            continue
        regex = anchors.regex
        for example in rule.examples:
            page = Page(example["bad"])
            if any(match.group() for match in regex.finditer(example["bad"])):
                assert Anchors(regex).candidates(page, page.blocks) == page.blocks, (rule.code, example["bad"])


def test_findings_on_every_fixture_are_the_same_with_and_without_anchors(run, monkeypatch):
    args = ("check", "--format", "json", "--no-cache", "--today", "2026-11-23", "fixtures")
    anchored = run(*args, cwd=ROOT).output
    monkeypatch.setattr(Anchors, "holding", lambda self, page: page.every)  # every block a candidate
    monkeypatch.setattr(AnchoredAlternation, "_parts_on", lambda self, page: range(len(self.parts)))  # of every pattern
    assert run(*args, cwd=ROOT).output == anchored
    assert FIXTURES.is_dir() and '"code": "PH001"' in anchored


def test_anchors_are_read_back_from_the_users_cache(tmp_path, monkeypatch):
    from medlint.analysis import anchors

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    patterns = [(r"(?i)\bclinically\s+proven\b", 0), (r"[A-Z]{2,}", re.MULTILINE), (r"cures?|guaranteed", re.I)]
    first = anchors._AnchorIndex()
    expected = [required_alternatives(p, f) for p, f in patterns]
    assert [first.alternatives(p, f) for p, f in patterns] == expected == [
        ((frozenset({"clinically"}), frozenset({"proven"})),), None, ((frozenset({"cure"}),), (frozenset({"guaranteed"}),))]
    first.add(frozenset({"clinically"}))
    first.page(Page("nothing"))  # writes what this run worked out
    assert len(list((tmp_path / "medlint").glob("anchors-*.marshal"))) == 1

    monkeypatch.setattr(anchors, "required_alternatives", lambda *_: pytest.fail("worked out again"))
    assert [anchors._AnchorIndex().alternatives(p, f) for p, f in patterns] == expected


def test_candidates_on_a_page_of_many_blocks_keep_their_order():
    """A page's blocks are bits of an int: past 64 of them nothing is lost or reordered."""
    texts = ["nothing here"] * 150
    for index in (0, 63, 64, 70, 149):
        texts[index] = f"Lorem ipsum {index}"
    page = Page(*texts)
    anchors = Anchors(re.compile(r"(?i)\blorem\s+ipsum\b"))
    assert anchors.candidates(page, page.blocks) == [page.blocks[i] for i in (0, 63, 64, 70, 149)]
    scope = page.blocks[60:80]  # a rule's scope: some of the page's blocks
    assert anchors.candidates(page, scope) == [page.blocks[i] for i in (63, 64, 70)]


def test_blocks_split_after_a_scan_are_scanned_again():
    """Region inference may split a block once the page was scanned: the new blocks are read."""
    anchors = Anchors(re.compile(r"(?i)\bclinically\s+proven\b"))
    page = Page("Clinically proven.", "Nothing to see here.")
    assert anchors.candidates(page, page.blocks) == page.blocks[:1]
    kept = page.blocks[0]
    page.blocks = [kept, Block("Nothing"), Block("clinically proven, too")]
    page.memo.clear()
    assert anchors.candidates(page, page.blocks) == [kept, page.blocks[2]]


def test_blocks_split_after_a_scan_keep_their_lower_cased_texts_in_order():
    """The page's lower-cased texts, which the patterns' filters read, follow its blocks when
    some are split after the scan (the page's scan kept): old blocks keep theirs, new ones are read."""
    pack = AnchoredAlternation([r"(?i)\bclinically\s+proven\b", r"(?i)\bmiracle\s+cure\b"])
    assert all(part.lowered is not None for part in pack.parts)  # the filters are what is tested
    page = Page("Clinically proven.", "Nothing to see here.", "A MIRACLE CURE")
    assert pack.candidates(page, page.blocks) == [page.blocks[0], page.blocks[2]]
    first, last = page.blocks[0], page.blocks[2]
    page.blocks = [Block("Miracle cure"), first, Block("Nothing"), last, Block("clinically PROVEN, too")]
    assert pack.candidates(page, page.blocks) == [page.blocks[0], first, last, page.blocks[4]]
    assert anchors_of(page).lowered == [block.text.lower() for block in page.blocks]


@pytest.mark.parametrize("pattern, tail", [
    (r"\b[A-Z][\w'’-]+\s+et\s+al\b", "et  al."),  # searched from its first literal on
    (r"(?i)\d+\s*mg\b", "5 MG"),
    (r"(?i:(?<![\w-])(?:\d+|one|two)\s+(?:in|out\s+of)\s+\d+)", "IN 4"),  # a flag group around it all
])
def test_a_pattern_starting_without_a_literal_is_prefiltered_by_its_tail(pattern, tail):
    anchors = Anchors(pattern)
    assert anchors.tail.search(tail)
    texts = ["Smith et al. reported", "smith et al", "Smith et alia", "Smith etal", "beta al", "Jones\tet\nal",
             "take 5 mg", "5mgs", "5 Mg daily", "no dose", "et al", "", "One in 3", "x1 in 3", "two OUT of 5"]
    assert [bool(anchors.search(t)) for t in texts] == [bool(re.search(pattern, t)) for t in texts]
    assert any(anchors.search(t) for t in texts) and not all(anchors.search(t) for t in texts)


@pytest.mark.parametrize("pattern", [r"lorem\s+ipsum", r"(\w+ et al)", r"(?-i:\w+ et al)", r"(\w)x\1", r"[A-Z]+",
                                     r"(?m)^\s*title", r"\b(?=\w)(?:cures|heals)"])
def test_no_tail_where_the_regex_starts_with_a_literal_or_refers_to_a_group(pattern):
    """A literal start is found fast by re already, a line start is tried only there, and a
    zero-width start leaves the tail starting as often; a group reference needs the whole
    pattern, and a group (a capturing one, one that turns a flag off) is not looked into."""
    assert Anchors(pattern).tail is None


@pytest.mark.parametrize("pattern", [r"(?:(?i:^\W*back to)|(?:^search\s+\w+))", r"(?im:^\s*x*)|\Ay", r"(^a)", r"(?:^a)b",
                                     r"(?i)^[\w ]{0,40}\bnewsletter\W*$", r"^(?=.*\bsaid\b)\w+"])
def test_a_regex_of_line_starts_matches_a_line_where_its_finditer_would(pattern):
    """Every alternative starts with ^ or \\A: in a line (no "\\n") the regex matches at its
    start or nowhere, so ``match`` finds ``finditer``'s first match, and its only one unless
    that is empty (then finditer tries the start again: "yx" below)."""
    regex = line_start_regex(pattern)
    assert regex is not None
    lines = ["Back to top", "  back TO all", "Search this site", "xxx", "", "y", "ab", "a", "b a", "Our newsletter!",
             "Jo said it", "x back to", "\tsearch  all", "Y", "yx"]
    for line in lines:
        match, found = regex.match(line), [m.span() for m in re.finditer(pattern, line)]
        if match is None or match.end():
            assert found == ([match.span()] if match else [])
        else:
            assert found[0] == match.span()


@pytest.mark.parametrize("pattern", [r"^a|b", r"a", r"(?m)x^", r"\b^a", r"(", r"(a)|^\1"])
def test_no_line_start_regex_where_an_alternative_may_match_elsewhere(pattern):
    assert line_start_regex(pattern) is None


@pytest.mark.parametrize("indexes", [[], [0], [7, 8], [3, 64, 65, 200], list(range(0, 1000, 3))])
def test_mask_of_sets_the_bits_of_its_indexes(indexes):
    assert mask_of(indexes) == sum(1 << index for index in set(indexes))
    assert mask_of(indexes + indexes[:2]) == mask_of(indexes)  # an index given twice is one bit


def test_lower_casing_stands_for_case_insensitive_matching_where_it_folds():
    """What lower_folds promises, for every character it passes: one character lower-cased,
    re's own folding gives that character (lower-cased again, itself), and it is a word character or a space exactly when
    the character is (so \\b, \\w and \\s read the lower-cased text as they read the text). It
    passes every character but those re folds otherwise and the digits ``\\d`` matches but 0-9."""
    import _sre
    word, space = re.compile(r"\w"), re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folds = lower_folds(char)
        assert folds is not (char in SPECIAL_FOLDS or char.isdecimal() and code > 127), char
        if 0xD800 <= code <= 0xDFFF or not folds:
            continue
        lower = char.lower()
        assert len(lower) == 1 and _sre.unicode_tolower(code) == ord(lower) and lower.lower() == lower, char
        if lower != char:
            assert bool(word.match(lower)) == bool(word.match(char)), char
            assert bool(space.match(lower)) == bool(space.match(char)), char


LOWERED_TEXTS = ["Studies SHOW it works", "studies\tshow", "STUDIES  Showed", "Cures Everything", "IT CURES.",
                 "it cures-all", "Ärzte say it cures", "3 IN 10 adults", "one Out Of  five", "x3 in 10", "",
                 "Survival rates: 40%", "no survival rate here", "Lorem Ipsum dolor", "LOREM-IPSUM", "Dr. Lee cures",
                 "It cures LUPUS", "it cures acne"]


@pytest.mark.parametrize("pattern", [
    r"(?i)\b(?:studies|research)\s+(?:show|showed)\b",  # a phrase trie's start: \b then words
    r"(?i:\bcures?\b(?!-))",  # a lookahead after it, all in a flag group
    r"(?i:(?<![\w-])(?:\d+|one|two|three)\s+(?:in|out\s+of)\s+(?:\d+|five|ten)\b)",  # from its first literal on
    r"(?i)\b(?:survival|cure)\s+rates?\b(?=[^.\n]*\d)",
    r"(?i)lorem[\s-]ipsum",
    r"(?i)\bcures\s+[K-M][a-z]+",  # a class of cased letters
])
def test_a_case_insensitive_pattern_is_filtered_in_lower_cased_text(pattern):
    """Where the pattern matches a text, its filter finds a place in the lower-cased text (it
    may find more: what comes before its first literal is dropped), and searches find the
    pattern's matches, in any case."""
    anchors = Anchors(pattern)
    assert anchors.lowered is not None and not anchors.lowered.flags & re.IGNORECASE
    regex = re.compile(pattern)
    filtered = [bool(anchors.lowered.search(t.lower())) for t in LOWERED_TEXTS]
    matched = [bool(regex.search(t)) for t in LOWERED_TEXTS]
    assert all(f for f, m in zip(filtered, matched) if m) and any(matched) and not all(filtered)
    assert [bool(anchors.search(t)) for t in LOWERED_TEXTS] == matched


@pytest.mark.parametrize("pattern", [
    r"\bstudies\s+show\b",  # case-sensitive: re scans for it fast already
    r"(?i)\[\s*insert\b",  # a start no case changes: the same
    r"(?im)^\s*title\b",  # tried at line starts only
    r"(?i)studies (?-i:SHOW)",  # a part that keeps its case
    r"(?ai)studies",  # ASCII folding
    r"(?i)(\w+) and \1",  # a group reference
    r"(?i)\u017ftudies",  # a character re folds otherwise (the long s)
    r"(?i)x[\u0100-\u0300]+",  # a wide range of cased letters
])
def test_no_lowered_filter_where_it_would_not_help_or_not_hold(pattern):
    assert Anchors(pattern).lowered is None


def test_every_pack_example_that_matches_passes_its_lowered_filter():
    for rule in load_rules().values():
        anchors = getattr(rule.checker, "anchors", None)
        for part in [anchors, *getattr(anchors, "parts", [])] if anchors is not None else []:
            for example in rule.examples:
                if part.regex.search(example["bad"]) and lower_folds(example["bad"]):
                    assert part.may_match(example["bad"]), (rule.code, part.pattern, example["bad"])


@pytest.mark.parametrize("size", [5, 5000])
def test_the_blocks_holding_an_anchor_on_small_and_large_pages(size):
    """A page of many blocks has its masks made another way (``_masks_by_anchor``): the same blocks."""
    anchors = Anchors(re.compile(r"(?i)\blorem\s+ipsum\b"))
    texts = ["Lorem ipsum." if index % 3 == 0 else "Dolor sit amet." for index in range(size)]
    page = Page(*texts, "ſ lorem ipsum")  # the long s: a block every rule reads
    assert anchors.candidates(page, page.blocks) == [b for b in page.blocks if "ipsum" in b.text]


def test_a_run_of_a_few_pages_scans_with_an_nfa_and_a_larger_run_with_a_dfa_that_finds_the_same():
    index = anchor_index._AnchorIndex()
    index.add(frozenset({"fever", "heart attack", "attack"}))
    index.expect_pages(1)
    nfa = index._automaton()
    index.expect_pages(anchor_index.DFA_FROM)  # a larger run: made again, as a DFA
    dfa = index._automaton()
    assert dfa is not nfa and index._automaton() is dfa
    index.expect_pages(1)  # a DFA made stays
    assert index._automaton() is dfa
    text = "a fever, then a heart attack"
    assert nfa.find_matches_as_strings(text, True) == dfa.find_matches_as_strings(text, True) == [
        "fever", "heart attack", "attack"]
