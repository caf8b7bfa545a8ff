"""The word layer: words found once per sentence and read by every rule that counts or
compares words must be the words each rule would find in the text itself."""

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medlint.analysis import sentences as sentence_layer
from medlint.analysis.sentences import block_words, prose_words, sentences, sentences_by_block
from medlint.analysis.words import (ASCII_WORD, LETTER_WORD, WORD, lowers_char_by_char, normalised_words, span_words,
                                    words)
from medlint.readers import read_document

# The patterns as first written, without possessive runs: the shipped ones must match alike.
PLAIN_WORD = re.compile(r"[^\W_][\w'’]*(?:[-.](?=[^\W_])[\w'’]*)*")
PLAIN_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# What a word is made of, and what stops one.
PIECES = st.text(alphabet="aZé9_'’-. \n(İΣσ–", max_size=60)

# Each kind of character WORD tells apart, by a pattern that matches that kind alone.
KINDS = [re.compile(p) for p in (r"[^\W_]", r"[\w'’]", r"[-.]", r"[^\W\d_]")]


@settings(max_examples=400, deadline=None)
@given(PIECES)
def test_possessive_word_patterns_match_as_the_plain_ones_do(text):
    assert WORD.findall(text) == PLAIN_WORD.findall(text)
    assert LETTER_WORD.findall(text) == PLAIN_LETTER_WORD.findall(text)


# ASCII_WORD's classes, by the kind of WORD's (KINDS) each stands for in ASCII text.
ASCII_KINDS = [re.compile(p) for p in (r"[a-zA-Z0-9]", r"[a-zA-Z0-9_']", r"[-.]")]


def test_ascii_word_classes_are_the_word_classes_in_ascii():
    """Every ASCII character is of the same kinds for ASCII_WORD as for WORD."""
    for char in map(chr, range(128)):
        assert [bool(kind.match(char)) for kind in ASCII_KINDS] == [bool(kind.match(char)) for kind in KINDS[:3]], char


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60) | st.text(alphabet="aZ9_'-. \n\x1c(", max_size=60))
def test_ascii_word_finds_the_words_word_finds_in_ascii_text(text):
    assert ASCII_WORD.findall(text) == WORD.findall(text)
    assert ASCII_WORD.findall(text, 2, 20) == WORD.findall(text, 2, 20)


# Text made of what decides where an ASCII word starts and ends, and some of everything else.
SPLIT_PIECES = st.text(alphabet="aZ9_'-. \n\t\x1c(,", max_size=60) | st.text(alphabet=st.characters(max_codepoint=127), max_size=60)


@settings(max_examples=1000, deadline=None)
@given(SPLIT_PIECES, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=3))
def test_span_words_are_the_words_the_pattern_finds_in_each_span(text, ends):
    """``span_words`` splits most spans of ASCII text at white space: the words must be the
    pattern's, whatever the span and the characters around it."""
    spans = [(0, len(text))] + [(min(ends), max(ends)) for ends in ends]
    assert span_words(text, spans) == [tuple(WORD.findall(text, start, end)) for start, end in spans]


def test_span_words_reads_by_pattern_a_run_that_is_not_one_word():
    text = "Use e.g. this-and-that, the 'quoted' word, a dash - here, 2.5 mg, follow-up. Done."
    spans = [(0, len(text)), (0, 8), (9, 40), (41, 70)]
    assert span_words(text, spans) == [tuple(WORD.findall(text, start, end)) for start, end in spans]
    assert span_words(text, [(0, 8)]) == [("Use", "e.g")]
    assert span_words("Crohn’s disease. Flare-ups.", [(0, 16), (17, 27)]) == [("Crohn’s", "disease"), ("Flare-ups",)]


def test_lower_case_keeps_every_character_of_the_kind_it_was():
    """What ``lowers_char_by_char`` rests on, for every code point whose lower case differs:
    one character, of the same kind for WORD and for the letter count, its own lower case."""
    changed = [c for c in map(chr, range(sys.maxunicode + 1)) if not 0xD800 <= ord(c) <= 0xDFFF and c.lower() != c]
    assert len(changed) > 1000
    for char in changed:
        lower = char.lower()
        if not lowers_char_by_char(char):
            assert char in "\u0130\u03a3"
            continue
        assert len(lower) == 1, char
        assert lower.lower() == lower, char
        assert lower.isalpha() == char.isalpha(), char
        assert [bool(kind.match(lower)) for kind in KINDS] == [bool(kind.match(char)) for kind in KINDS], char


PAGES = [
    "# Flu\n\nDon’t stop your tablets. Ask us FIRST!\n\n- Rest at home.\n- Drink water (lots of it).\n",
    "# Clinics\n\nClinics in İzmir open at nine. Call first.\n\nThe ΟΔΟΣ:Α desk is open. ΟΔΟΣ Α is shut.\n",
    "# Drugs\n\nBleomycin (BLEE-oh-MY-sin) can cause a cough. See https://www.nhs.uk/cough for more.\n",
    "# Lists\n\n1. First step.\n2. Second step — then rest.\n\nA line\n## Not a heading in a paragraph\nand more.\n",
    "# Odd\n\n— • —\n\nA sentence. • Then a bullet. …\n",
]


# A heading line a template left in a paragraph is none of its sentences, but its words are
# the paragraph's words.
HTML = "<html><body><main><h1>Flu</h1><p>Rest at home.\n## Side effects\nDrink water.</p></main></body></html>"


@pytest.mark.parametrize("page, file_format", [
    *((page, file_format) for page in PAGES for file_format in ("markdown", "text")), (HTML, "html")])
def test_block_words_are_the_words_of_the_text_of_every_block(page, file_format):
    """Read off the sentences or found again, a block's words are ``normalised_words`` of it."""
    document = read_document(page.encode(), "page", file_format)
    for block in document.blocks:
        assert block_words(document, block) == tuple(normalised_words(block.text)), block.text
    for block_id in prose_words(document):  # (DU004 reads these blocks' sentences' words)
        for sentence in sentences_by_block(document)[block_id]:
            piece = sentence.block.text[sentence.start:sentence.end]
            assert [w.replace("’", "'") for w in sentence.words] == normalised_words(piece)


@pytest.mark.parametrize("page", PAGES)
def test_a_sentences_words_are_its_words_in_lower_case(page):
    document = read_document(page.encode(), "page", "markdown")
    found = sentences(document)
    assert found
    for sentence in found:
        assert sentence.words == tuple(w.lower() for w in words(sentence.block.text[sentence.start:sentence.end]))
    assert [s for said in sentences_by_block(document).values() for s in said] == found


# A paragraph a site repeats from page to page, and the same lines as scraped text, where
# its short lines end sentences.
REPEATED = "Call us if you feel worse.\nWe are open daily. Ask at the desk\nfor a leaflet.\n"


def test_a_block_repeated_across_pages_has_its_own_page_s_sentences():
    """Sentences worked out once per text are the same as found afresh, on each page's own blocks."""
    pages = [read_document(f"# Page {n}\n\n{REPEATED}".encode(), f"page{n}.md", "markdown") for n in range(3)]
    scraped = read_document(f"Page\n\n{REPEATED}".encode(), "page.txt", "text")
    for document in [*pages, scraped]:
        said = sentences(document)
        assert {id(s.block) for s in said} <= {id(b) for b in document.blocks}
        for sentence in said:
            piece = sentence.block.text[sentence.start:sentence.end]
            assert sentence.words == tuple(w.lower() for w in words(piece))
    as_markdown = [sentence.block.text[sentence.start:sentence.end] for sentence in sentences(pages[2])]
    assert as_markdown == ["Call us if you feel worse.", "We are open daily.", "Ask at the desk\nfor a leaflet."]
    # (In scraped text a block of short lines is split at each line, whatever Markdown made of it.)
    assert [sentence.block.text[sentence.start:sentence.end] for sentence in sentences(scraped)] == [
        "Call us if you feel worse.", "We are open daily.", "Ask at the desk", "for a leaflet."]


# A sentence end as one pattern opening with the set of marks: the shipped patterns, one per mark, must find its ends.
ONE_END_PATTERN = re.compile("[.!?]" + sentence_layer._AFTER_MARK)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=".!?.. \n\"'”’)][^1,–-aAZ9¹²", max_size=40))
def test_the_patterns_for_each_mark_find_the_ends_one_pattern_for_all_finds(text):
    by_mark = [m.span() for pattern in (sentence_layer.FULL_STOP, sentence_layer.QUESTION_MARK,
                                        sentence_layer.EXCLAMATION_MARK) for m in pattern.finditer(text)]
    assert sorted(by_mark) == [m.span() for m in ONE_END_PATTERN.finditer(text)]


# Text to split: marks that end sentences, list lines, abbreviations, quotes, citations, and
# what has no words ("—", "•").
SPLIT_PIECES = st.text(alphabet="..!? \n\n\t•–-*1Aa’'\")][^¹Dr(@—", max_size=80)


@settings(max_examples=600, deadline=None)
@given(SPLIT_PIECES, st.booleans())
def test_every_span_of_a_split_holds_every_word_when_each_has_words(text, scraped):
    """The shortcut ``_sentences_with_words`` takes for every span ``split_sentences`` found
    (none left out) gives what looking at each gap between them gives."""
    spans = sentence_layer.split_sentences(text, sentence_layer.short_line_ends(text) if scraped else ())
    assert sentence_layer._sentences_with_words(text, spans, every_span=True) == \
        sentence_layer._sentences_with_words(text, spans)
