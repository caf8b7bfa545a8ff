"""A file's bytes as text, keeping every part that is right.

Pages are UTF-8. When a file is not, usually one paragraph pasted from a Windows program
carries a few Windows-1252 bytes ("\\x92" for a closing quote) into an otherwise UTF-8
file. Decoding the whole file as cp1252 would then turn its correct UTF-8 ("Sjögren’s",
"20°C") into mojibake, so only the bytes that are not UTF-8 are read as cp1252; the five
bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are read as latin-1 does, as
the C1 control characters they name, which EN003 then reports. A file wholly in cp1252
comes out exactly as a cp1252 decode would give it, except where its bytes happen to form
valid UTF-8, which real cp1252 prose almost never does.

UTF-16 and UTF-32 files are recognised by their byte-order mark, or without one by the NUL
byte every ASCII character carries in them.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from medlint.document import FileProblem
from medlint.regexes import compiled

# The byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
             (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
ESCAPED = compiled("[\udc80-\udcff]+")  # bytes "surrogateescape" could not decode
# Each byte as cp1252 reads it; latin-1's reading (the C1 control of that number) for the five it leaves undefined.
CP1252 = tuple(chr(b) if b in b"\x81\x8d\x8f\x90\x9d" else bytes((b,)).decode("cp1252") for b in range(256))
LINES_SHOWN = 5  # an IO004 message names at most this many lines


class BinaryData(ValueError):
    """The bytes are not text (NUL bytes outside any UTF-16/32 pattern)."""


class Decoded(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """Text with newlines normalised to "\\n", and the problem to report if it was not clean UTF-8."""

    text: str
    problem: FileProblem | None = None


def decode(data: bytes) -> Decoded:
    """Decode a page's bytes.

    Args:
        data: the file's content.
    Returns:
        a Decoded: the text ("\\r\\n" and "\\r" turned into "\\n") and an IO004 FileProblem
        at the first line holding bytes that are not UTF-8 (None when the file is clean).
    Raises:
        BinaryData: the bytes hold NUL bytes and are not UTF-16 or UTF-32.
    """
    for bom, encoding in WIDE_BOMS:
        if data.startswith(bom):
            return _wide(data[len(bom):], encoding)
    if b"\x00" in data:
        encoding = _bomless_utf16(data)
        if not encoding:
            raise BinaryData("Binary file (it contains NUL bytes): not a text page")
        return _wide(data, encoding)
    return _utf8(data.removeprefix(codecs.BOM_UTF8))


def _normalise(text: str) -> str:
    if "\r" not in text:  # most files: looking costs a fortieth of two replacing passes
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _wide(data: bytes, encoding: str) -> Decoded:
    """UTF-16 or UTF-32: an odd byte or a lone surrogate becomes U+FFFD (EN002 points at it)."""
    try:
        return Decoded(_normalise(data.decode(encoding)))
    except UnicodeDecodeError as error:
        text = _normalise(data.decode(encoding, "replace"))
        line = _normalise(data[: error.start].decode(encoding, "replace")).count("\n") + 1
        name = encoding.split("-")[0].upper() + "-" + encoding.split("-")[1]
        return Decoded(text, FileProblem("IO004", line, f"File is not valid {name} (first bad bytes on line {line}); "
                                                        "the characters it could not read are shown as \ufffd"))


def _bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the NUL bytes fall in the pattern ASCII text gives
    UTF-16 (a NUL in every other byte, on one side), else None."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    pairs = len(odd)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) * 2 > pairs and not other.count(0):
            return encoding
    return None


def _utf8(data: bytes) -> Decoded:
    """UTF-8, with each run of bytes that is not UTF-8 read as cp1252.

    Python's "surrogateescape" handler stands each bad byte in for a lone surrogate
    (U+DC80 + the byte), which valid UTF-8 can never produce; the runs of them are then
    found and read as cp1252. Both passes are linear in the file's size.
    """
    try:
        return Decoded(_normalise(data.decode("utf-8")))  # the usual case, and the fastest
    except UnicodeDecodeError:
        text = _normalise(data.decode("utf-8", "surrogateescape"))
    runs = list(ESCAPED.finditer(text))
    problem = _not_utf8(text, runs)
    return Decoded(ESCAPED.sub(lambda run: cp1252(run.group().encode("utf-8", "surrogateescape")), text), problem)


def cp1252(raw: bytes) -> str:
    """Bytes read as Windows-1252, the five bytes it leaves undefined as latin-1 reads them."""
    return "".join(CP1252[byte] for byte in raw)


def _not_utf8(text: str, runs: list[re.Match]) -> FileProblem:
    """IO004 at the first bad run's line, saying how many bytes on which lines."""
    lines, line, counted = [], 1, 0
    for run in runs:
        line += text.count("\n", counted, run.start())
        counted = run.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    count = sum(len(run.group()) for run in runs)
    shown = ", ".join(map(str, lines[:LINES_SHOWN])) + (f" and {len(lines) - LINES_SHOWN} more" if len(lines) > LINES_SHOWN else "")
    where = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
    bytes_ = "byte" if count == 1 else "bytes"
    return FileProblem("IO004", lines[0], f"File is not valid UTF-8: {count} {bytes_} on {where} read as Windows-1252 (cp1252)")
