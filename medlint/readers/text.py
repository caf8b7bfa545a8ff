"""Plain text, as scraped from a live site: each run of non-empty lines is a block."""

from __future__ import annotations

from medlint.document import BlockBuilder, Comment, Document, line_starts
from medlint.regexes import compiled

# "medlint: disable-file" and friends, on a line of their own.
DIRECTIVE = compiled(r"^\s*medlint:\s*(disable-file|disable-next-line|disable|enable)\b(.*)$")


def read_text(source: str, path: str) -> Document:
    document = Document(path, "text", source)
    lines = source.split("\n")
    starts = line_starts(source)
    builder = BlockBuilder(document)
    for number, line in enumerate(lines, start=1):
        directive = DIRECTIVE.match(line)
        if directive:
            document.comments.append(Comment(number, number, f"medlint-{directive[1]}{directive[2]}"))
        if not line.strip() or directive:
            builder.flush("paragraph")
            continue
        if len(builder):
            builder.add("\n", starts[number - 1] - 1)
        builder.add(line, starts[number - 1])
    builder.flush("paragraph")
    return document
