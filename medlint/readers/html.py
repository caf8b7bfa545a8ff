"""HTML: the visible text of a page, block by block, tagged with the page region it sits in.

The standard library's parser is used because it is the one HTML parser that reports the
source position of every text run (lexbor and lxml do not), and it never gives up on
broken markup. Entities are decoded here, one at a time, so each keeps its source span.
"""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from typing import NamedTuple

from medlint.document import BlockBuilder, Comment, Document, FileProblem, line_starts
from medlint.regexes import compiled

BLOCK_KINDS = {
    **{f"h{n}": "heading" for n in range(1, 7)},
    "li": "list_item", "td": "table_cell", "th": "table_cell", "title": "title",
    **dict.fromkeys(
        "p div blockquote dd dt figcaption caption summary details label button option legend "
        "address fieldset figure table tr tbody thead tfoot ul ol dl hr center body html".split(),
        "paragraph",
    ),
}
REGION_TAGS = {"nav", "header", "footer", "aside", "form", "main", "article", "section"}
# Never shown as page text: code, scripts and styles, embedded media, inert templates.
HIDDEN_TAGS = {"script", "style", "noscript", "template", "svg", "math", "pre", "code",
               "iframe", "object", "textarea", "select"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "param", "source", "track", "wbr"}
# schema.org properties read from JSON-LD (<script type="application/ld+json">): the date a
# health page was last medically reviewed (MedicalWebPage.lastReviewed, as large health sites
# publish it). dateModified is left out: an edit is not a review.
JSON_LD_KEYS = ("lastReviewed",)
CHAR_REFERENCE = compiled(r"&#?[0-9A-Za-z]+;?")
WHITESPACE = str.maketrans("\n\t\r\f", "    ")
# Digits in <sup> are shown raised: "low.<sup>4</sup> Most" reads as "low.⁴ Most" (a citation
# after a full stop, not the number 4), "m<sup>2</sup>" as "m²".
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A '<' that opens no markup (one followed by a character other than a letter, '/', '!' or
# '?'), and the character it is fed to the parser as. The standard parser hands each such '<'
# over as text of its own, one turn of its loop per character (1 MB of '<' took 3 s); fed as
# STRAY_BRACKET it is read with the text around it. Nothing else changes: the two characters
# fall in the same classes of every pattern the parser reads markup with, and one character
# stands for one, so offsets stay true. STRAY_BRACKET is a noncharacter, which no character
# reference decodes to (html.unescape drops it), so each one the parser hands back was a '<'
# (and a page that holds one itself is fed as it is).
STRAY, STRAY_BRACKET = compiled(r"<(?=[^A-Za-z/!?])"), "\ufdd0"
UNHIDE = str.maketrans(STRAY_BRACKET, "<")


def read_html(source: str, path: str) -> Document:
    document = Document(path, "html", source)
    parse_html(source, 0, document)
    return document


def parse_html(fragment: str, base: int, document: Document) -> None:
    """Add the blocks, comments and metadata of an HTML fragment starting at source offset
    ``base``. Markup left open at the end (IO006, see ``unfinished``) and markup the parser
    trips on are reported; the text before them is kept."""
    parser = _VisibleTextParser(fragment, base, document)
    first_line = document.position(base)[0]
    try:
        parser.feed(STRAY.sub(STRAY_BRACKET, fragment) if parser.unhide else fragment)
        # What the parser holds back for close() (markup left open at the end) goes back to
        # '<': closing, it looks for the next '<' to recover at.
        parser.rawdata = parser.rawdata.translate(parser.unhide)
        left_open = unfinished(parser)
        if left_open:
            what, held_back = left_open
            document.problems.append(FileProblem(
                "IO006", first_line + parser.getpos()[0] - 1,
                f"HTML could not be fully parsed: {what}; checked the part before it"))
            if held_back:  # not text: browsers drop an unfinished tag and hide an open comment's rest
                parser.rawdata = ""
        parser.close()
    except Exception as error:  # the stdlib parser can still trip on some malformed declarations
        document.problems.append(FileProblem(
            "IO006", first_line + parser.getpos()[0] - 1, f"HTML could not be fully parsed ({error}); checked the part before it"))
    parser.flush()


UNFINISHED = compiled(r"<(?:(!--)|([!?])|/?[A-Za-z])")  # a comment, a declaration, a tag


def unfinished(parser: HTMLParser) -> tuple[str, bool] | None:
    """What ``parser`` (fed the whole fragment, not yet closed) was left inside when the
    text ended, in words, and whether that is markup it holds back (True) rather than the
    body of a <script> or <style> (False); None when every construct was finished.

    The standard parser hands held-back markup over as text when it closes (Python 3.11;
    later versions hide an open comment's rest), and reads all that follows an unclosed
    <script> as script: the rest of the page would go unchecked, or be checked as text no
    browser shows, without a word.
    """
    if parser.cdata_elem:
        return f"<{parser.cdata_elem}> opened here is never closed, so the rest is read as {parser.cdata_elem}", False
    markup = UNFINISHED.match(parser.rawdata)
    if not markup:
        return None
    if markup.group(1):
        return "a comment ('<!--') opened here is never closed, so browsers hide the rest", True
    from medlint.checks import shorten  # (a text helper; only a broken page gets here)

    kind = "declaration" if markup.group(2) else "tag"
    return f"the {kind} '{shorten(parser.rawdata, 40)}' is not finished when the text ends", True


class _VisibleTextParser(HTMLParser):
    def __init__(self, fragment: str, base: int, document: Document) -> None:
        super().__init__(convert_charrefs=False)
        self.fragment = fragment
        self.base = base
        self.document = document
        self.starts = line_starts(fragment)
        # One entry per open element, each knowing what its position means (its region, its
        # block element), so a flush or an end tag costs the same at any depth: 50,000 nested
        # <div>s were quadratic when each flush re-read the whole stack.
        self.open: list[_Open] = []
        self.open_names: dict[str, int] = {}  # how many elements of each name are open
        self.hidden_depth = 0
        self.sup_depth = 0
        self.builder = BlockBuilder(document)
        self.unhide = UNHIDE if STRAY_BRACKET not in fragment else {}  # (what the callbacks translate back)
        self.json_ld: list[str] | None = None  # the text of the JSON-LD script being read

    def _unhidden(self, text: str) -> str:
        """``text`` as the page has it: each STRAY_BRACKET back to '<' (most text has none,
        and looking costs less than translating)."""
        return text.translate(self.unhide) if STRAY_BRACKET in text else text

    # -- positions -------------------------------------------------------------------
    def here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    # -- element stack ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if STRAY_BRACKET in self.get_starttag_text():  # ("<a title='1 < 2'>")
            tag = tag.translate(self.unhide)
            attrs = [(name.translate(self.unhide), value and value.translate(self.unhide)) for name, value in attrs]
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.document.anchors.add(value)
        if tag == "meta":
            self._meta(dict(attrs))
        elif tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
            self.json_ld = []
        elif tag == "html":
            lang = dict(attrs).get("lang")
            if lang:
                self.document.metadata.setdefault("lang", lang)
        if tag == "sup":
            self.sup_depth += 1
            return
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None and not self.hidden_depth:  # href="" is a link too: one to nowhere
                self.builder.open_link(href)
            return
        if tag == "br":  # a line break: the next line may be a list item ("<br>• …")
            self.builder.add("\n", self.base + self.here())
            return
        if tag in VOID_TAGS:
            if tag == "hr":
                self.flush()
            return
        hides = tag in HIDDEN_TAGS or bool(attrs) and any(name == "hidden" for name, _ in attrs)
        if tag in BLOCK_KINDS or tag in REGION_TAGS or hides:
            self.flush()
            self.open.append(_Open.inside(self.open[-1] if self.open else None, tag, hides))
            self.open_names[tag] = self.open_names.get(tag, 0) + 1
            self.hidden_depth += hides

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        tag = self._unhidden(tag)
        if tag == "script" and self.json_ld is not None:
            self._json_ld("".join(self.json_ld))
            self.json_ld = None
        if tag == "a":
            self.builder.close_link()
            return
        if tag == "sup":
            self.sup_depth = max(0, self.sup_depth - 1)
            return
        if not self.open_names.get(tag):
            return  # a stray end tag: browsers ignore it too
        self.flush()
        while self.open:
            element = self.open.pop()
            self.open_names[element.tag] -= 1
            self.hidden_depth -= element.hides
            if element.tag == tag:
                break

    # -- content ---------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        data = self._unhidden(data)
        if self.json_ld is not None:
            self.json_ld.append(data)
        if not self.hidden_depth:
            # A printable run holds none of what WHITESPACE translates (most runs), and asking costs
            # a third of a pattern search; a no-break space is not printable, and translates to itself.
            text = data if data.isprintable() else data.translate(WHITESPACE)
            self.builder.add(text.translate(SUPERSCRIPT) if self.sup_depth else text, self.base + self.here())

    def _reference(self) -> None:
        if self.hidden_depth:
            return
        start = self.here()
        raw = CHAR_REFERENCE.match(self.fragment, start)
        text = raw.group() if raw else "&"
        self.builder.add_mapped(html.unescape(text), self.base + start, self.base + start + len(text))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def handle_comment(self, data: str) -> None:
        data = self._unhidden(data)
        line = self.document.position(self.base + self.here())[0]
        self.document.comments.append(Comment(line, line + data.count("\n"), data))

    def _meta(self, attrs: dict[str, str | None]) -> None:
        name = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        if name and attrs.get("content") is not None:
            self.document.metadata.setdefault(name.lower(), attrs["content"])

    def _json_ld(self, text: str) -> None:
        """Metadata from a JSON-LD script; a script that is not valid JSON is the site's
        problem, not the page text's, and is passed over."""
        try:
            data = json.loads(text)
        except ValueError:
            return
        for key in JSON_LD_KEYS:
            value = _find_key(data, key)
            if value is not None:
                self.document.metadata.setdefault(key, value)

    # -- blocks ----------------------------------------------------------------------
    def flush(self) -> None:
        if self.builder.empty:  # (each tag of a table or a list flushes: most hold nothing yet)
            return
        kind, level = "paragraph", 0
        name = self.open[-1].block_tag if self.open else None
        if name:
            kind = BLOCK_KINDS[name]
            level = int(name[1]) if kind == "heading" else 0
        block = self.builder.flush(kind, self.open[-1].region if self.open else "main", level)
        if block and kind == "title":
            self.document.metadata.setdefault("title", block.text)


class _Open(NamedTuple):  # (never changed once made; not a dataclass, which is made at every run's start in five times the time)
    """An open element and what it means for the text inside it."""

    tag: str
    hides: bool
    region: str  # the page region of text inside it
    in_content: bool  # inside main, article or section
    block_tag: str | None  # the innermost block element (p, li, h2 …), None when there is none

    @staticmethod
    def inside(parent: _Open | None, tag: str, hides: bool) -> _Open:
        """The element ``tag`` opened inside ``parent``.

        A <header> or <footer> inside an article or section belongs to that content (an
        article's byline or its "last reviewed" footer); only the page's own is chrome.
        """
        region, in_content = (parent.region, parent.in_content) if parent else ("main", False)
        if tag in ("nav", "aside", "form"):
            region = tag
        elif tag in ("header", "footer"):
            region = "main" if in_content else tag
        elif tag in ("main", "article", "section"):
            region, in_content = "main", True
        block_tag = tag if tag in BLOCK_KINDS else parent.block_tag if parent else None
        return _Open(tag, hides, region, in_content, block_tag)


def _find_key(data, key: str, depth: int = 0):
    """The first value of ``key`` in nested JSON (objects, lists, an @graph), or None."""
    if depth > 20:  # JSON-LD is shallow; a deeper document is not worth walking
        return None
    if isinstance(data, dict):
        if key in data:
            return data[key]
        children = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in children:
        found = _find_key(child, key, depth + 1)
        if found is not None:
            return found
    return None
