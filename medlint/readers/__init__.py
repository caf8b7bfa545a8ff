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

    try:
        decoded = decode(data)
    except BinaryData as error:
        raise UnreadableFile("IO002", str(error)) from None
    text, problem = decoded.text, decoded.problem
    if not text.strip():  # no page at all: no rule has anything to say (a text file is otherwise a whole page)
        raise UnreadableFile("IO007", "File is empty: there is no page text to check")
    if file_format == "markdown":
        from medlint.readers.markdown import read_markdown as reader
    elif file_format == "html":
        from medlint.readers.html import read_html as reader
    else:
        from medlint.readers.text import read_text as reader
    document = reader(text, path)
    if problem:
        document.problems.insert(0, problem)
    return document
