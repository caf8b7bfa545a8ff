"""A finding's line and column point at the flagged word in the source, in every format."""

import json

import pytest

from medlint.document import Block, BlockBuilder, Document
from medlint.readers import read_document

CASES = {
    "markdown": (
        "---\ntitle: Flu\n---\n# Flu &amp; *colds*\n\nSome **bold** text, `code`, an &amp; entity,\n"
        "a [link](https://example.org) and <b>inline</b> HTML, then TBD here.\n\n"
        "| Symptom | What to do |\n|---|---|\n| Fever &lt;38 | Rest, then TBD |\n\n"
        "<div>\n<p>Call &amp; ask TBD</p>\n</div>\n",
        [(7, 60), (11, 29), (14, 19)],
    ),
    "html": (
        "<html><head><title>Flu</title></head>\n<body>\n<p>Fever &amp; <b>aches</b> &#8211;\n"
        "    rest &nbsp; TBD now</p>\n<ul><li>Drink &quot;water&quot; TBD</li></ul>\n</body></html>\n",
        [(4, 17), (5, 33)],
    ),
    "text": ("Flu\n\nRest and drink fluids.\n  Indented line TBD here\n", [(4, 17)]),
}


@pytest.mark.parametrize("file_format", CASES)
def test_marker_positions(run, tmp_path, file_format):
    text, expected = CASES[file_format]
    ext = {"markdown": "md", "html": "html", "text": "txt"}[file_format]
    (tmp_path / f"page.{ext}").write_text(text)
    result = run("check", "--select", "PH002", "--format", "json", f"page.{ext}")
    diagnostics = json.loads(result.output)["diagnostics"]
    assert [(d["line"], d["column"]) for d in diagnostics] == expected
    lines = text.split("\n")
    for d in diagnostics:
        assert lines[d["line"] - 1][d["column"] - 1:d["end_column"] - 1] == "TBD"


@pytest.mark.parametrize("file_format", CASES)
def test_every_word_maps_back_to_its_source(file_format):
    """Each word of visible text is found in the source at the offset its block maps it to."""
    text, _ = CASES[file_format]
    assert _words_mapped_back(text, read_document(text.encode(), "page", file_format)) > 5


def _words_mapped_back(text, document):
    """How many words of the document's blocks there are, asserting that each is found in the
    source ``text`` at the offset its block maps it to."""
    import re

    checked = 0
    for block in document.blocks:
        for word in re.finditer(r"[A-Za-z]{2,}", block.text):
            offset = block.source_offset(word.start())
            assert text[offset:offset + len(word[0])] == word[0], (word[0], text[offset:offset + 20])
            checked += 1
    return checked


def test_words_after_characters_of_every_utf8_width_map_back_in_a_long_markdown_page():
    """The Markdown parser counts UTF-8 bytes: after characters of two, three and four bytes,
    on both sides of where the reader starts testing a new slice of the page for them (every
    2,048 characters) and right at it, each word still maps to its own place in the source."""
    head = "# Café – “quoted” 😀 heading\n\nSome plain words, then more words. "
    filler = "Plain words fill the page here. " * 70
    text = head + filler
    text = text[:2047] + "é😀 after the cut, “quoted” [a link é](page.md) and words.\n\n- an item – ü 😀 tail\n"
    document = read_document(text.encode(), "page.md", "markdown")
    assert _words_mapped_back(text, document) > 300
    link = document.links[0]
    assert link.block.text[link.start:link.end] == "a link é"


def test_entity_span_covers_the_entity_in_the_source():
    text = "<p>Use &amp;nbsp; carefully</p>\n"
    document = read_document(text.encode(), "p.html", "html")
    block = document.blocks[0]
    start = block.text.index("&nbsp;")
    assert text[block.source_offset(start):block.source_offset(start + 6, end=True)] == "&amp;nbsp;"


def test_regions_and_metadata_from_html():
    text = ("<html lang='en'><head><title>Flu</title><meta name='description' content='About flu'>"
            "<style>p{}</style><script>var a=1;</script></head><body><header>Site</header>"
            "<nav>Home</nav><main><article><header>Byline</header><p>Body</p><footer>Reviewed</footer>"
            "</article><aside>Related</aside><form><label>Email</label></form></main>"
            "<footer>Privacy</footer><noscript>Enable JS</noscript><template>Hidden</template></body></html>")
    document = read_document(text.encode(), "p.html", "html")
    assert [(b.text, b.region) for b in document.blocks] == [
        ("Flu", "main"), ("Site", "header"), ("Home", "nav"), ("Byline", "main"), ("Body", "main"),
        ("Reviewed", "main"), ("Related", "aside"), ("Email", "form"), ("Privacy", "footer"),
    ]
    assert document.metadata == {"title": "Flu", "description": "About flu", "lang": "en"}


def test_markdown_block_kinds_and_front_matter():
    text = "---\ntitle: Asthma\nreviewed: 2024-05-01\n---\n# Asthma\n\n## Symptoms\n\n- wheezing\n\n| a |\n|---|\n| cell |\n\n```\ncode\n```\n"
    document = read_document(text.encode(), "p.md", "markdown")
    assert [(b.kind, b.level, b.text) for b in document.blocks] == [
        ("title", 0, "Asthma"), ("heading", 1, "Asthma"), ("heading", 2, "Symptoms"),
        ("list_item", 0, "wheezing"), ("table_cell", 0, "a"), ("table_cell", 0, "cell"),
    ]
    assert str(document.metadata["reviewed"]) == "2024-05-01"


def test_markdown_block_kinds_inside_list_items_and_after_them():
    """A block's kind comes from the innermost container, and any list item around it: a heading
    in an item stays a heading, the text after it is the item's, a table cell in an item is a cell,
    and text after the list ends is a paragraph again."""
    text = ("- # Heading in an item\n\n  Text after it, [a link](a.md)\n\n  | h |\n  |---|\n  | cell |\n"
            "- tight item\n  - nested [b](b.md)\n\n> Quoted text\n\nAfter the list, [c](c.md) ends\n")
    document = read_document(text.encode(), "p.md", "markdown")
    assert [(b.kind, b.level, b.text) for b in document.blocks] == [
        ("heading", 1, "Heading in an item"), ("list_item", 0, "Text after it, a link"),
        ("table_cell", 0, "h"), ("table_cell", 0, "cell"), ("list_item", 0, "tight item"),
        ("list_item", 0, "nested b"), ("paragraph", 0, "Quoted text"), ("paragraph", 0, "After the list, c ends"),
    ]
    assert [(link.url, link.block.text[link.start:link.end]) for link in document.links] == [
        ("a.md", "a link"), ("b.md", "b"), ("c.md", "c")]
    for block in document.blocks:
        first, shown = block.source_offset(0), block.text[:4]
        assert text[first:first + len(shown)] == shown


def test_a_block_builder_is_empty_again_after_each_block():
    document = Document("p.md", "markdown", "")
    builder = BlockBuilder(document)
    builder.open_link("a.md")
    builder.add("first block", 10)
    first = builder.flush("paragraph")
    assert builder.empty and len(builder) == 0
    assert [(link.url, link.block, link.start, link.end) for link in document.links] == [("a.md", first, 0, 11)]
    builder.add("second", 40)
    second = builder.flush("heading", level=2)
    assert (first.text, first.segments) == ("first block", ((0, 11, 10, 21),))
    assert (second.kind, second.level, second.text, second.segments) == ("heading", 2, "second", ((0, 6, 40, 46),))
    assert document.blocks == [first, second] and len(document.links) == 1
    builder.add("  ", 60)
    assert builder.flush("paragraph") is None and document.blocks == [first, second]


# A '<' that opens no markup ("1 << 2", "<3") reaches the parser as another character so that
# a run of them is read as one piece of text: what the page says, and where, must not change.
def test_stray_angle_brackets_in_html_keep_text_positions_and_markup():
    text = ('<html><head><title>A << B</title><script type="application/ld+json">{"lastReviewed": "2024-01-02",'
            ' "x": "<<"}</script></head><body>\n<p id="a<<b" title="1 < 2">1 << 2 and <3 b</p>\n'
            '<!-- note << here --><p>' + "<" * 3000 + ' TBD</p><p>a<b>bold</b> <</p></body></html>')
    document = read_document(text.encode(), "p.html", "html")
    assert [b.text for b in document.blocks] == ["A << B", "1 << 2 and <3 b", "<" * 3000 + " TBD", "abold <"]
    assert document.metadata["title"] == "A << B" and document.metadata["lastReviewed"] == "2024-01-02"
    assert "a<<b" in document.anchors
    assert [c.text for c in document.comments] == [" note << here "]
    block = document.blocks[2]
    start = block.text.index("TBD")
    assert text[block.source_offset(start):block.source_offset(start + 3, end=True)] == "TBD"
    assert len(block.segments) == 1  # one run of text, one piece of the source map


def test_a_page_holding_the_stand_in_character_is_read_as_it_is():
    document = read_document("<p>a \ufdd0 << b</p>".encode(), "p.html", "html")
    assert [b.text for b in document.blocks] == ["a \ufdd0 << b"]


@pytest.mark.parametrize("lead", ["", "  "])
def test_every_piece_of_a_trimmed_block_maps_back_to_its_source(lead):
    # Many pieces (an entity, then text) in one block, trimmed at the end (and at the start).
    text = f"<p>{lead}" + "&amp;x " * 50 + "</p>"
    (block,) = read_document(text.encode(), "p.html", "html").blocks
    assert block.text == " ".join(["&x"] * 50)
    for index in range(0, len(block.text), 3):
        assert text[block.source_offset(index):block.source_offset(index + 1, end=True)] == "&amp;"
        assert text[block.source_offset(index + 1)] == "x"


@pytest.mark.parametrize("text, shown", [
    # Markup left open at the end is no page text (browsers drop an unfinished tag and hide an
    # open comment's rest): it is reported (IO006), and the text before it maps back as ever.
    ("<p>1 < 2 <a id=<&amp;amp;<<", "1 < 2"),
    ('<p>x <b title="<3" <&amp;', "x"),
    ("<p>a <!-- open << &amp;", "a"),
])
def test_markup_left_open_at_the_end_with_stray_angle_brackets(text, shown):
    document = read_document(text.encode(), "p.html", "html")
    (block,) = document.blocks
    assert block.text == shown
    assert block.source_offset(len(shown), end=True) == len("<p>" + shown)
    assert [(p.code, p.line) for p in document.problems] == [("IO006", 1)]


@pytest.mark.parametrize("segments", [
    ((0, 5, 10, 15),),  # one segment: "hello" at 10
    ((0, 2, 10, 12), (2, 3, 20, 25), (3, 5, 30, 32)),  # "he", "&amp;" shown as one char, "lo"
])
def test_source_offsets_are_clamped_to_the_block_with_one_segment_or_many(segments):
    block = Block("paragraph", "hello", "main", segments)
    first_start, last_end = segments[0][2], segments[-1][3]
    assert block.source_offset(-3) == block.source_offset(0) == first_start
    assert block.source_offset(99) == last_end - 1  # past the end: the last character
    assert block.source_offset(99, end=True) == block.source_offset(5, end=True) == last_end
    assert block.source_offset(0, end=True) == first_start + 1  # (the end of the character at 0)
    if len(segments) > 1:  # the entity: every visible offset in it maps to the whole source run
        assert (block.source_offset(2), block.source_offset(3, end=True)) == (20, 25)
        assert block.source_offset(3) == 30
    assert Block("title", "", "main", ()).source_offset(4) == 0  # no source map: the page's start
