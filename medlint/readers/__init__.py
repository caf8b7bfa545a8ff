"""Readers turn a file's bytes into a Document, one module per format."""

from __future__ import annotations

import codecs
import os

from medlint.document import Document, FileProblem

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


def decode(data: bytes) -> tuple[str, FileProblem | None]:
    """Text of the file with newlines normalised, and a problem if it was not valid UTF-8."""
    problem = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif b"\x00" in data:
        raise UnreadableFile("IO002", "Binary file (it contains NUL bytes): not a text page")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            # cp1252 is what mislabelled Western web text almost always is; latin-1 keeps
            # the five bytes cp1252 leaves undefined rather than losing the file.
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
            problem = FileProblem(
                "IO004", line, f"File is not valid UTF-8 (first bad byte on line {line}); read it as {encoding}"
            )
    return text.replace("\r\n", "\n").replace("\r", "\n"), problem


def read_document(data: bytes, path: str, file_format: str) -> Document:
    """Parse bytes into a Document; raises UnreadableFile when there is nothing to lint."""
    text, problem = decode(data)
    if file_format == "markdown":
        from medlint.readers.markdown import read_markdown as reader
    elif file_format == "html":
        from medlint.readers.html import read_html as reader
    else:
        from medlint.readers.text import read_text as reader
    document = reader(text, path)
    if problem:
        document.problems.insert(0, problem)
    if not text.strip():
        document.problems.append(FileProblem("IO007", 1, "File is empty: there is no page text to check"))
    return document
