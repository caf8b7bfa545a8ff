"""Markdown (CommonMark and tables) with YAML or TOML front matter, through markdown-it-py.

markdown-it gives each block its source lines but no columns, so the inline pieces are
found again in the source, walking forward from the block's first line. Code, raw HTML
tags and comments are not visible text; HTML blocks go through the HTML reader.
"""

from __future__ import annotations

import functools
import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from medlint.config import tomllib
from medlint.document import BlockBuilder, Comment, Document, FileProblem
from medlint.readers.front_matter import TOML_FRONT_MATTER, front_matter_key
from medlint.readers.html import parse_html

CONTAINERS = {"heading_open", "paragraph_open", "list_item_open", "th_open", "td_open"}
TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")  # where tomllib says the error is


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    # Keep entities and escapes as their own tokens so each maps to its source span.
    parser.disable("text_join")
    return parser


def read_markdown(source: str, path: str) -> Document:
    document = Document(path, "markdown", source)
    walker = _Walker(document)
    toml = TOML_FRONT_MATTER.match(source)
    if toml:
        walker.toml_front_matter(toml)
        # markdown-it reads the page with the front matter's lines left blank: the same lines, no text.
        source = "\n" * toml.group().count("\n") + source[toml.end():]
    walker.walk(_parser().parse(source))
    return document


class _Walker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.source = document.source
        self.cursor = 0
        self.limit = len(self.source)  # the end of the block being read

    def walk(self, tokens: list[Token]) -> None:
        containers: list[Token] = []
        for token in tokens:
            if token.type == "front_matter":
                self.front_matter(token)
            elif token.type in CONTAINERS:
                containers.append(token)
            elif token.type.endswith("_close") and token.type.replace("_close", "_open") in CONTAINERS:
                containers.pop()
            elif token.type == "html_block" and token.map:
                start = self.document.line_offset(token.map[0] + 1)
                end = self.document.line_offset(token.map[1] + 1) if token.map[1] < self.document.line_count else len(self.source)
                parse_html(self.source[start:end], start, self.document)
                self.cursor = max(self.cursor, end)
            elif token.type == "inline":
                self.inline(token, containers)

    def front_matter(self, token: Token) -> None:
        try:
            data = yaml.load(token.content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = getattr(error, "problem", None) or str(error).splitlines()[0]
            self._bad_front_matter(2 + (mark.line if mark else 0), f"is not valid YAML ({reason})")
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self._bad_front_matter(2, "is not a set of 'key: value' pairs")
            return
        end = self.document.line_offset(token.map[1]) if token.map else len(self.source)
        self._front_matter_data(data, end)

    def toml_front_matter(self, match: re.Match) -> None:
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
        builder = BlockBuilder()
        found = self.source.find(title, key.start(1), end)
        if found != -1:
            builder.add(title, found)
        else:  # folded or escaped: point at the key
            builder.add(title, key.start(), key.start(1))
        block = builder.build("title")
        if block:
            self.document.blocks.append(block)

    def inline(self, token: Token, containers: list[Token]) -> None:
        kind, level = "paragraph", 0
        if containers:
            inner = containers[-1]
            if inner.type == "heading_open":
                kind, level = "heading", int(inner.tag[1])
            elif inner.type in ("th_open", "td_open"):
                kind = "table_cell"
            elif any(c.type == "list_item_open" for c in containers):
                kind = "list_item"
        if token.map:
            self.cursor = max(self.cursor, self.document.line_offset(token.map[0] + 1))
            end_line = token.map[1]
            self.limit = self.document.line_offset(end_line + 1) if end_line < self.document.line_count else len(self.source)
        builder = BlockBuilder()
        for child in token.children or []:
            self.child(child, builder)
        block = builder.build(kind, "main", level)
        if block:
            self.document.blocks.append(block)
        self.document.links.extend(builder.links)

    def find(self, needle: str) -> int:
        """Where ``needle`` next stands in the source, within the current block (-1 if not)."""
        if not needle:
            return -1
        return self.source.find(needle, self.cursor, max(self.limit, self.cursor))

    def child(self, child: Token, builder: BlockBuilder) -> None:
        kind = child.type
        if kind == "text":
            at = self.find(child.content)
            if at == -1:
                builder.add(child.content, self.cursor, self.cursor)
                return
            builder.add(child.content, at)
            self.cursor = at + len(child.content)
        elif kind == "text_special":  # an entity or a backslash escape
            at = self.find(child.markup)
            if at == -1:
                at = self.cursor
            builder.add(child.content, at, at + len(child.markup))
            self.cursor = at + len(child.markup)
        elif kind in ("softbreak", "hardbreak"):
            at = self.find("\n")
            if at != -1:
                builder.add("\n", at)
                self.cursor = at + 1
        elif kind == "code_inline":
            at = self.find(child.content)
            if at != -1:
                builder.add(" ", at, at + len(child.content))  # keeps the words around it apart
                self.cursor = at + len(child.content)
        elif kind == "html_inline":
            at = self.find(child.content)
            if at == -1:
                return
            if child.content.startswith("<!--"):
                line = self.document.position(at)[0]
                text = child.content[4:].removesuffix("-->")
                self.document.comments.append(Comment(line, line + child.content.count("\n"), text))
            self.cursor = at + len(child.content)
        elif kind == "link_open":
            builder.open_link(str(child.attrs.get("href", "")))
        elif kind == "link_close":
            builder.close_link()
        elif kind == "image":
            at = self.find(str(child.attrs.get("src", "")))
            if at != -1:
                self.cursor = at + len(str(child.attrs.get("src", "")))
