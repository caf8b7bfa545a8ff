"""Markdown (CommonMark and tables) with YAML or TOML front matter, through pulldown-cmark.

pulldown-cmark (a Rust CommonMark parser, bound to Python by pyromark) hands over a flat
stream of events, each with the byte range of the source it came from, so every piece of
visible text maps straight to its source span: nothing is searched for again. It parses in
linear time on any input (it was fuzzed for super-linear shapes), holds no tree that a deep
nesting could overflow, and is about ten times faster than markdown-it-py, which this reader
used before; the blocks it builds are the same. Code, raw HTML tags, comments and image alt
text are not visible text; HTML blocks go through the HTML reader.
"""

from __future__ import annotations

import re
import urllib.parse
from bisect import bisect_left

import pyromark

from medlint.document import BlockBuilder, Comment, Document, FileProblem
from medlint.readers.front_matter import TOML_FRONT_MATTER, front_matter_key
from medlint.readers.html import parse_html
from medlint.regexes import compiled, stored_import

OPTIONS = pyromark.Options.ENABLE_TABLES
TOML_AT = compiled(r"(?<!\s)\s*\(at line (\d+), column \d+\)")  # where tomllib says the error is
ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Block events that end the inline text before them (a tight list item's text ends at a nested list).
BLOCK_TAGS = frozenset({"Paragraph", "Heading", "Item", "List", "BlockQuote", "TableCell", "TableHead",
                        "TableRow", "Table", "CodeBlock", "HtmlBlock", "FootnoteDefinition"})
HEADING_LEVELS = {f"H{level}": level for level in range(1, 7)}  # a Heading event's level, as pulldown-cmark names it
# BlockBuilder.flush's (kind, region, level) for the text of a paragraph, a list item, a table cell
PARAGRAPH, LIST_ITEM, TABLE_CELL = ("paragraph", "main", 0), ("list_item", "main", 0), ("table_cell", "main", 0)
# A table for bytes.translate that marks with 1 the first byte of a non-ASCII character's UTF-8
# (0xc0-0xff; the bytes after it are 0x80-0xbf), every other byte with 0.
UTF8_LEAD_MARKS = bytes(1 if byte >= 0xC0 else 0 for byte in range(256))
ASCII_PROBE = 512  # bytes tested at a time for a non-ASCII one
# The characters a link target may hold as they are, as bytes (no '%', so no escape to check either).
URL_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789;/?:@&=+$,-_.!~*'()#"
URL_UNSAFE = compiled(r"%[0-9a-fA-F]{2}|[^" + re.escape(URL_SAFE.decode("ascii")) + "]")  # an escape, or what gets one
# A table for bytes.translate that keeps each safe byte and turns every other into a safe one
# ("A"): a target is all safe bytes when translating it leaves it as it was.
ONLY_URL_SAFE = bytes(byte if byte in URL_SAFE else URL_SAFE[0] for byte in range(256))


def read_markdown(source: str, path: str) -> Document:
    document = Document(path, "markdown", source)
    reader = _Reader(document)
    markdown = source
    front = TOML_FRONT_MATTER.match(source)
    if front:
        reader.toml_front_matter(front)
    else:
        front = _yaml_front_matter(source)
        if front:
            reader.yaml_front_matter(front[0], front[1])
    if front:
        # The page is parsed with the front matter blanked out: the same offsets, no text.
        end = front.end() if isinstance(front, re.Match) else front[2]
        blank = "\n".join(" " * len(line) for line in source[:end].split("\n"))  # (a sub per char: ten times as long)
        markdown = blank + source[end:]
    reader.read(markdown)
    return document


def _yaml_front_matter(source: str) -> tuple[str, int, int] | None:
    """(YAML text, where its closing line starts, where the front matter ends), or None.

    Read as markdown-it's front-matter plugin read it, which set what pages expect: a first
    line opening with three or more dashes, closed by a line of at least as many dashes
    (indented less than a code block would be) or by "...", spaces after either.
    """
    body = source.find("\n") + 1
    dashes = body - len(source[:body].lstrip("-"))
    if dashes < 3 or not body or dashes >= body:
        return None
    # The closing line with the newline before it: a pattern that opens with a character is looked
    # for by scanning for that character, one opening with ^ is tried at every character.
    closing = compiled(rf"\n(?: {{0,3}}-{{{dashes},}}|\.\.\.) *(?:\n|\Z)")
    close = closing.search(source, body - 1)
    if not close:
        return None
    start = close.start() + 1
    return source[body:max(body, start - 1)], start, close.end()


def normalize_link(url: str) -> str:
    """A link target percent-encoded as markdown-it wrote it (mdurl's encode): a UTF-8 byte
    outside the characters a URL may hold becomes %XX; escapes already there stay."""
    # Most links: nothing to encode. bytes.translate looks each byte up in a table, in half the
    # time a pattern's character class takes; given a table and nothing to delete it builds no
    # table of its own first (deleting the safe bytes did, for every link).
    if url.isascii():
        data = url.encode()
        if data.translate(ONLY_URL_SAFE) == data:
            return url
    return URL_UNSAFE.sub(lambda m: m[0] if len(m[0]) == 3 else urllib.parse.quote(m[0], safe=""), url)


def non_ascii_bytes(text: str) -> tuple[list[int], list[int]]:
    """Where each non-ASCII character of ``text`` starts in its UTF-8 bytes, and the extra
    bytes (beyond one a character) before each: the k-th starts at byte ``starts[k]`` with
    ``extra[k]`` before it (``extra[-1]``: after the last). pulldown-cmark's byte offset b is
    then character offset ``b - extra[bisect_left(starts, b)]``; for an ASCII page, b itself
    (both lists stay as they begin, ``[]`` and ``[0]``).
    """
    starts: list[int] = []
    extra = [0]
    if text.isascii():
        return starts, extra
    # The bytes are those pyromark parses: once it has been handed ``text``, CPython keeps its
    # UTF-8 and encode() copies it. A page's few non-ASCII characters (curly quotes, a no-break
    # space) are found by testing slices of it with isascii, which runs at memory speed, and
    # marking the first bytes in a slice that holds one with bytes.translate (a table look-up a
    # byte), whose marks bytes.find skips to: a pattern's character class took twice as long,
    # testing each byte in a call of its own (8.4M -> 5.1M instructions over 40 pages).
    data = text.encode()
    added = 0
    for low in range(0, len(data), ASCII_PROBE):
        probe = data[low:low + ASCII_PROBE]
        if probe.isascii():
            continue
        marks = probe.translate(UTF8_LEAD_MARKS)
        at = marks.find(1)
        while at != -1:
            starts.append(low + at)
            lead = probe[at]
            added += 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3
            extra.append(added)
            at = marks.find(1, at + 1)
    return starts, extra


class _Reader:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.source = document.source

    # --- front matter ---------------------------------------------------------------------

    def yaml_front_matter(self, text: str, end: int) -> None:
        # imported by the first page with YAML front matter (~7 ms; its patterns built from the
        # store: medlint.regexes.stored_import): many pages have none
        yaml = stored_import("yaml")

        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = getattr(error, "problem", None) or str(error).splitlines()[0]
            self._bad_front_matter(2 + (mark.line if mark else 0), f"is not valid YAML ({reason})")
            return
        except ValueError as error:  # a timestamp that is no date ("2025-02-30"): datetime refuses what yaml read
            self._bad_front_matter(2, f"holds a date that does not exist ({error})")
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self._bad_front_matter(2, "is not a set of 'key: value' pairs")
            return
        self._front_matter_data(data, end)

    def toml_front_matter(self, match: re.Match) -> None:
        tomllib = stored_import("tomllib")  # imported by the first page with TOML front matter: few have any

        try:
            data = tomllib.loads(match["body"] or "")
        except tomllib.TOMLDecodeError as error:
            at = TOML_AT.search(str(error))
            self._bad_front_matter(1 + int(at[1]) if at else 2, f"is not valid TOML ({TOML_AT.sub('', str(error))})")
            return
        self._front_matter_data(data, match.end())

    def _bad_front_matter(self, line: int, problem: str) -> None:
        self.document.problems.append(FileProblem("IO005", line, f"Front matter {problem}; checked the page without it"))

    def _front_matter_data(self, data: dict, end: int) -> None:
        """Keep the front matter's keys as metadata, and its title as a title block over its value."""
        self.document.metadata.update({str(key): value for key, value in data.items()})
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            self._front_matter_title(title.strip(), end)

    def _front_matter_title(self, title: str, end: int) -> None:
        key = front_matter_key(self.source, "title")
        if not key or key.start() >= end:
            return
        builder = BlockBuilder(self.document)
        found = self.source.find(title, key.start(1), end)
        if found != -1:
            builder.add(title, found)
        else:  # folded or escaped: point at the key
            builder.add_mapped(title, key.start(), key.start(1))
        builder.flush("title")

    # --- the page -------------------------------------------------------------------------

    def read(self, markdown: str) -> None:
        """Turn the event stream into blocks: each run of inline text between block events is one block.

        The loop runs once per event (a page has thousands), so it does only what each event
        needs: an offset becomes a character offset only where it is used, the branches go
        from the commonest event to the rarest, and ``last_end`` stays a byte offset (bytes
        and characters are in the same order, and it is only compared with another byte offset).
        One builder serves every block (flush() empties it), its ``add`` and ``flush`` looked
        up once; what kind of block a flush makes is worked out when its container opens, not
        at each flush.
        """
        events = pyromark.events_with_range(markdown, options=OPTIONS)
        byte_starts, extra = non_ascii_bytes(markdown)  # (after pyromark has the UTF-8 made: see there)

        def char(byte: int) -> int:
            """The character offset of a byte offset."""
            return byte - extra[bisect_left(byte_starts, byte)]

        source, document = self.source, self.document
        escapes = "\\" in markdown  # (without a backslash no text can follow an escape)
        builder = BlockBuilder(document)
        add, flush = builder.add, builder.flush
        # (kind, region, level) of the block a flush makes, one per open container (the first: none open)
        kinds: list[tuple[str, str, int]] = [PARAGRAPH]
        items = 0  # list items open: text in one, or in a paragraph in one, is a list item's
        hidden = 0  # depth inside an image or a code block: text there is not shown
        last_end = -1  # (bytes) where the last piece of inline source ended (an escape's backslash lies between)
        # Each event is a dict of one key, or a name (SoftBreak, HardBreak, Rule): asking for
        # each key in turn, commonest first, is twice as fast as unpacking its items, and a
        # name holds none of the keys asked for, so it falls through to the last branch.
        for event, span in events:
            if "Text" in event:
                value = event["Text"]
                if hidden or not value:
                    continue
                start = span["start"]
                at = start - extra[bisect_left(byte_starts, start)]  # char(start), without a call: the commonest event
                if not source.startswith(value, at):  # an entity: the char it stands for maps to the whole entity
                    builder.add_mapped(value, at, char(span["end"]))
                elif escapes and at and source[at - 1] == "\\" and start > last_end and value[0] in ASCII_PUNCTUATION:
                    builder.add_mapped(value[0], at - 1, at + 1)  # a backslash escape: the char stands for both
                    add(value[1:], at + 1)
                else:
                    add(value, at)
                last_end = span["end"]
            elif "Start" in event:
                value = event["Start"]
                if type(value) is str:
                    tag, detail = value, None
                elif "Link" in value:  # (the commonest tag that opens)
                    if not hidden:
                        detail = value["Link"]
                        url = detail["dest_url"]
                        builder.open_link(normalize_link("mailto:" + url if detail["link_type"] == "Email" else url))
                    continue
                else:
                    (tag, detail), = value.items()
                if tag in BLOCK_TAGS:
                    if not builder.empty:
                        flush(*kinds[-1])
                    if tag == "Item":
                        items += 1
                    if tag == "Heading":
                        kinds.append(("heading", "main", HEADING_LEVELS[detail["level"]]))
                    elif tag == "TableCell":
                        kinds.append(TABLE_CELL)
                    else:
                        kinds.append(LIST_ITEM if items else PARAGRAPH)
                    last_end = -1
                    if tag == "CodeBlock":
                        hidden += 1
                    elif tag == "HtmlBlock":
                        self._html_block(char(span["start"]), char(span["end"]))
                elif tag == "Image":
                    hidden += 1
            elif "End" in event:
                tag = event["End"]
                if tag == "Link":  # (the commonest tag that closes)
                    if not hidden:
                        builder.close_link()
                    continue
                if type(tag) is not str:
                    tag = next(iter(tag))
                if tag in BLOCK_TAGS:
                    if not builder.empty:
                        flush(*kinds[-1])
                    kinds.pop()
                    last_end = -1
                    if tag == "Item":
                        items -= 1
                    elif tag == "CodeBlock":
                        hidden -= 1
                elif tag == "Image":
                    hidden -= 1
            elif "Code" in event:
                value = event["Code"]
                if not builder.empty and not hidden and value:
                    at = source.find(value, char(span["start"]), char(span["end"]))
                    if at != -1:
                        builder.add_mapped(" ", at, at + len(value))  # keeps the words around it apart
                last_end = span["end"]
            elif "InlineHtml" in event:
                value = event["InlineHtml"]
                if value.startswith("<!--") and not hidden:
                    line = document.position(char(span["start"]))[0]
                    document.comments.append(Comment(line, line + value.count("\n"), value[4:].removesuffix("-->")))
                last_end = span["end"]
            elif type(event) is str and event.endswith("Break") and not builder.empty and not hidden:
                last_end = span["end"]
                add("\n", char(last_end) - 1)
        if not builder.empty:
            flush(*kinds[-1])

    def _html_block(self, start: int, end: int) -> None:
        """Read an HTML block's whole lines (container markers and all) with the HTML reader."""
        document = self.document
        first = document.line_offset(document.position(start)[0])
        last_line = document.position(max(start, end - 1))[0]
        stop = document.line_offset(last_line + 1) if last_line < document.line_count else len(self.source)
        parse_html(self.source[first:stop], first, document)
