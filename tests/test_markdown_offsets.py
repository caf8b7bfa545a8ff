"""The Markdown reader's two byte-level helpers: where a page's non-ASCII characters stand in
its UTF-8 (pulldown-cmark's byte offsets become character offsets through them), and which
link targets need percent-encoding. Each is compared with a plain reading of what it means,
over random text and targets that hold every kind of character."""

import random
import re
import urllib.parse
from bisect import bisect_left

import pytest

from medlint.readers.markdown import ASCII_PROBE, URL_SAFE, non_ascii_bytes, normalize_link, read_markdown

# One character of each UTF-8 length, a lone high byte's neighbours in Latin-1, and ASCII.
ALPHABET = "ab \n#*[]()-.é®–’😀\u00a0\u07ff\u0800\uffff"


def character_offsets(text: str) -> dict[int, int]:
    """Each character's byte offset in ``text``'s UTF-8, mapped to its character offset."""
    offsets, byte = {}, 0
    for index, char in enumerate(text):
        offsets[byte] = index
        byte += len(char.encode())
    offsets[byte] = len(text)
    return offsets


@pytest.mark.parametrize("seed", range(40))
def test_byte_offsets_become_character_offsets(seed):
    rng = random.Random(seed)
    # Runs of ASCII longer than a probe between the non-ASCII characters, and pages of them side by side.
    pieces = [rng.choice(["x" * rng.randrange(3 * ASCII_PROBE), rng.choice(ALPHABET)]) for _ in range(rng.randrange(1, 30))]
    text = "".join(pieces)
    starts, extra = non_ascii_bytes(text)
    for byte, char in character_offsets(text).items():
        assert byte - extra[bisect_left(starts, byte)] == char


def test_an_ascii_page_needs_no_table():
    assert non_ascii_bytes("# Flu\n\nRest and drink fluids.\n") == ([], [0])


def test_a_character_at_each_edge_of_a_probe():
    text = "a" * (ASCII_PROBE - 1) + "–" + "b" * (ASCII_PROBE - 2) + "😀é"
    starts, extra = non_ascii_bytes(text)
    assert starts == [ASCII_PROBE - 1, 2 * ASCII_PROBE, 2 * ASCII_PROBE + 4]
    assert extra == [0, 2, 5, 6]


def reference_encoding(url: str) -> str:
    """markdown-it's encoding of a link target: an escape stays, every other unsafe character is
    percent-encoded byte by byte."""
    unsafe = re.compile(r"%[0-9a-fA-F]{2}|[^" + re.escape(URL_SAFE.decode()) + "]")
    return unsafe.sub(lambda m: m[0] if len(m[0]) == 3 else urllib.parse.quote(m[0], safe=""), url)


@pytest.mark.parametrize("url,encoded", [
    ("/flu/symptoms#fever", "/flu/symptoms#fever"),
    ("flu page.md", "flu%20page.md"),
    ("ménière.md", "m%C3%A9ni%C3%A8re.md"),
    ("a%20b", "a%20b"),
    ("100%", "100%25"),
    ("x\x00y", "x%00y"),  # a NUL is unsafe, though the table turns unsafe bytes into a safe one
    ("A{b}", "A%7Bb%7D"),
])
def test_link_targets_are_encoded_as_markdown_it_encoded_them(url, encoded):
    assert normalize_link(url) == encoded


def test_every_byte_and_random_targets_are_encoded_as_the_reference():
    targets = [chr(code) for code in range(0x250)] + [f"a{chr(code)}b" for code in range(0x250)]
    rng = random.Random(7)
    characters = URL_SAFE.decode() + "% \"<>\\^`{|}é–\x00\x7f"
    targets += ["".join(rng.choice(characters) for _ in range(rng.randrange(12))) for _ in range(3000)]
    for url in targets:
        assert normalize_link(url) == reference_encoding(url), url


def test_a_page_with_non_ascii_text_maps_each_block_to_its_source():
    source = "---\ntitle: Ménière’s\n---\n\n# Ménière’s disease\n\nVertigo – and [tinnitus](t.md) 😀 too.\n"
    document = read_markdown(source, "page.md")
    assert [block.text for block in document.blocks] == ["Ménière’s", "Ménière’s disease", "Vertigo – and tinnitus 😀 too."]
    for block in document.blocks:
        for vis_start, vis_end, src_start, src_end in block.segments:
            assert source[src_start:src_end] == block.text[vis_start:vis_end]
    assert [link.url for link in document.links] == ["t.md"]
