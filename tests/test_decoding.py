"""Decoding: only the bytes that are not UTF-8 are read as Windows-1252, IO004 says where, and
correct UTF-8 around them is never reported as mojibake."""

import json
from pathlib import Path

import pytest

from medlint.readers.decoding import BinaryData, decode

CASES = Path(__file__).parent / "cases" / "analysis"


def check(run, tmp_path, name, data: bytes):
    (tmp_path / name).write_bytes(data)
    result = run("check", "--format", "json", name)
    assert "Traceback" not in result.output
    return [(d["line"], d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"]]


@pytest.mark.parametrize("name", ["c07-mixed-encoding.md", "c07-mixed-encoding.html", "c07-mixed-encoding.txt"])
def test_handed_case_one_cp1252_byte_in_a_utf8_file(run, tmp_path, name):
    found = check(run, tmp_path, name, (CASES / name).read_bytes())
    assert found == [(9, "IO004", "File is not valid UTF-8: 1 byte on line 9 read as Windows-1252 (cp1252)")]


@pytest.mark.parametrize("name,wrap", [
    ("page.md", b"# Gout\n\n%s\n"),
    ("page.html", b"<!DOCTYPE html><html><body><main><h1>Gout</h1>\n\n<p>%s</p></main></body></html>"),
    ("page.txt", b"Gout\n\n%s\n"),
])
def test_correct_utf8_beside_bad_bytes_is_kept(run, tmp_path, name, wrap):
    body = "Ménière’s disease and Sjögren’s syndrome.\n\nStore below 25°C – not in sunlight.\n\n".encode()
    body += b"It\x92s worse \x93in summer\x94.\n\nA dose of 5 \xb5g."
    found = check(run, tmp_path, name, wrap % body)
    assert found == [(7, "IO004", "File is not valid UTF-8: 4 bytes on lines 7, 9 read as Windows-1252 (cp1252)")]


def test_the_bad_bytes_are_read_as_cp1252_and_the_rest_as_utf8():
    decoded = decode("Sjögren’s – 20°C\r\n".encode() + b"It\x92s \x93hot\x94\r\n")
    assert decoded.text == "Sjögren’s – 20°C\nIt’s “hot”\n"
    assert decoded.problem.line == 2


def test_bytes_cp1252_leaves_undefined_are_kept_as_control_characters(run, tmp_path):
    """0x81, 0x8D, 0x8F, 0x90, 0x9D have no cp1252 meaning: read as latin-1, they are C1
    controls, which EN003 shows where they stand."""
    assert decode(b"a\x81b\x8dc\x8fd\x90e\x9df").text == "a\x81b\x8dc\x8fd\x90e\x9df"
    found = check(run, tmp_path, "page.txt", b"Flu\n\nFlu is\x9d common.\n")
    assert [code for _, code, _ in found] == ["IO004", "EN003"] and found[0][0] == found[1][0] == 3


def test_a_file_wholly_in_cp1252_reads_as_cp1252_and_is_not_mojibake(run, tmp_path):
    text = "Ménière’s disease – a guide\n\nKeep it below 25°C. It’s “common”. A dose of 5 µg costs £5.\n"
    data = text.encode("cp1252")
    assert decode(data).text == data.decode("cp1252")
    found = check(run, tmp_path, "page.txt", data)
    assert found == [(1, "IO004", "File is not valid UTF-8: 10 bytes on lines 1, 3 read as Windows-1252 (cp1252)")]


def test_many_bad_lines_are_counted_not_all_listed():
    problem = decode(b"caf\xe9\n" * 8).problem
    assert problem.message == "File is not valid UTF-8: 8 bytes on lines 1, 2, 3, 4, 5 and 3 more read as Windows-1252 (cp1252)"


def test_utf8_byte_order_mark_is_dropped():
    assert decode(b"\xef\xbb\xbfFlu\n") == decode(b"Flu\n")
    assert decode(b"\xef\xbb\xbfFlu \x96 cold\n").text == "Flu – cold\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_or_without_a_byte_order_mark(run, tmp_path, encoding):
    data = "Ménière’s disease\r\n\r\nIt is TBD.\r\n".encode(encoding)
    assert decode(data).text == "Ménière’s disease\n\nIt is TBD.\n" and decode(data).problem is None
    assert check(run, tmp_path, "page.txt", data) == [(3, "PH002", "Editing marker 'TBD' left in the page")]


def test_broken_utf16_is_reported_not_a_traceback():
    decoded = decode(b"\xff\xfeF\x00l\x00\n\x00u")  # an odd byte at the end
    assert decoded.text.startswith("Fl\n") and decoded.problem.line == 2
    assert "not valid UTF-16" in decoded.problem.message


def test_nul_bytes_that_are_not_utf16_are_binary():
    with pytest.raises(BinaryData):
        decode(b"BOOKMOBI\x00\x00\x01binary")
