"""Readers turn a file's bytes into a Document, one module per format."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # format_for (file discovery) needs neither the page model nor the decoder
    from medlint.document import Document

EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text",
}


class UnreadableFile(Exception):
    """The file cannot be linted at all; ``code`` is the IO rule that reports it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def format_for(path: str) -> str | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def read_document(data: bytes, path: str, file_format: str) -> Document:
    """Parse bytes into a Document; raises UnreadableFile when there is nothing to lint."""
    from medlint.readers.decoding import BinaryData, decode
    from medlint.regexes import stored_import

    try:
        decoded = decode(data)
    except BinaryData as error:
        raise UnreadableFile("IO002", str(error)) from None
    text, problem = decoded.text, decoded.problem
    if not text.strip():  # no page at all: no rule has anything to say (a text file is otherwise a whole page)
        raise UnreadableFile("IO007", "File is empty: there is no page text to check")
    # The reader's module is loaded by the first page of its format; the libraries it loads
    # (html.parser) compile their patterns as they load: built from the store.
    if file_format == "markdown":
        reader = stored_import("medlint.readers.markdown").read_markdown
    elif file_format == "html":
        reader = stored_import("medlint.readers.html").read_html
    else:
        reader = stored_import("medlint.readers.text").read_text
    document = reader(text, path)
    if problem:
        document.problems.insert(0, problem)
    return document
