"""Bad input: each case is a diagnostic for that file, never a traceback, and the run goes on."""

import os

import pytest

from conftest import findings
from medlint.config import Config
from medlint.discovery import Target
from medlint.engine import build_settings, lint_target

GOOD = "# Flu\n\nFlu is a common infection.\n"


def check(run, *paths, **kw):
    result = run("check", "--format", "json", *paths, **kw)
    assert "Traceback" not in result.output
    return result, findings(result)


def test_binary_file_is_reported_and_others_still_checked(run, tmp_path):
    (tmp_path / "ebook.md").write_bytes(b"BOOKMOBI\x00\x00\x01binary")
    (tmp_path / "page.md").write_text("# Title 1\n")
    result, found = check(run, ".")
    assert found == [("ebook.md", 1, 1, "IO002"), ("page.md", 1, 3, "PH001")]
    assert result.exit_code == 1


def test_cp1252_file_is_read_with_a_warning(run, tmp_path):
    (tmp_path / "page.txt").write_bytes(b"Hay fever\n\nIt\x92s worse in summer. TBD\n")
    result, found = check(run, "page.txt")
    assert found == [("page.txt", 3, 1, "IO004"), ("page.txt", 3, 23, "PH002")]
    assert "1 byte on line 3 read as Windows-1252 (cp1252)" in result.output


def test_utf16_with_bom_is_read(run, tmp_path):
    (tmp_path / "page.txt").write_bytes("Flu\n\nTBD\n".encode("utf-16"))
    assert check(run, "page.txt")[1] == [("page.txt", 3, 1, "PH002")]


def test_crlf_line_endings_keep_positions(run, tmp_path):
    (tmp_path / "page.md").write_bytes(b"# Flu\r\n\r\nCall TBD\r\n")
    assert check(run, "page.md")[1] == [("page.md", 3, 6, "PH002")]


@pytest.mark.parametrize("name, data", [("empty.html", b""), ("empty.txt", b"\n"), ("blank.md", b"  \n\n\t\n")])
def test_empty_file_is_reported_once(run, tmp_path, name, data):
    # A text file is otherwise a whole page: an empty one must not also lack a review date.
    (tmp_path / name).write_bytes(data)
    result, found = check(run, name)
    assert found == [(name, 1, 1, "IO007")]


def test_file_over_the_size_limit(run, tmp_path):
    (tmp_path / "medlint.toml").write_text('max-file-size = "1kB"\n')
    (tmp_path / "huge.html").write_text("<p>" + "Flu is common. " * 100 + "</p>")
    result, found = check(run, "huge.html")
    assert found == [("huge.html", 1, 1, "IO003")]
    assert "over the 1,000-byte limit" in result.output


def test_broken_symlink(run, tmp_path):
    os.symlink(tmp_path / "gone.md", tmp_path / "link.md")
    result, found = check(run, ".")
    assert found == [("link.md", 1, 1, "IO001")]
    assert "Broken symbolic link" in result.output


def test_missing_path_is_reported(run):
    result, found = check(run, "nowhere.md")
    assert found == [("nowhere.md", 1, 1, "IO001")] and result.exit_code == 1


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "page.md"
    path.write_text(GOOD)

    def refuse(*_args, **_kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    [diagnostic] = lint_target(Target(str(path), "markdown"), build_settings(Config())).diagnostics
    assert (diagnostic.code, diagnostic.message) == ("IO001", "Cannot read file: Permission denied")


def test_broken_front_matter_reported_at_its_line_and_rest_checked(run, tmp_path):
    (tmp_path / "page.md").write_text("---\ntitle: ok\nreviewed: [2020\n---\n# Title 1\n")
    result, found = check(run, "page.md")
    assert found == [("page.md", 4, 1, "IO005"), ("page.md", 5, 3, "PH001")]


def test_front_matter_that_is_not_a_mapping(run, tmp_path):
    (tmp_path / "page.md").write_text("---\n- a\n- b\n---\n# Flu\n")
    assert check(run, "page.md")[1] == [("page.md", 2, 1, "IO005")]


@pytest.mark.parametrize("html", [
    "<html><body><p>Unclosed <b><i>tags</b></i><div><p>TBD",
    "<p>Broken <a href='x>link</a> then TBD</p>",
    "<<<>>><p>TBD</p></table></tr><!-- never closed",
    "<![if !supportLists]><p>TBD</p><![endif]><!DOCTYPE",
])
def test_badly_broken_html_is_still_checked(run, tmp_path, html):
    (tmp_path / "page.html").write_text(html)
    result, found = check(run, "page.html")
    assert result.exit_code in (0, 1)


UNCLOSED_COMMENT = "a comment ('<!--') opened here is never closed, so browsers hide the rest"


@pytest.mark.parametrize("name,page,line,what", [
    ("page.html", "<h1>Flu</h1>\n<p>Flu is common.</p>\n<!-- old intro\n<p>Title 1</p>\n", 3, UNCLOSED_COMMENT),
    ("page.html", "<h1>Flu</h1>\n<p>Flu is common.</p>\n<script>\nvar x = 1;\n<p>Title 1</p>\n", 3,
     "<script> opened here is never closed, so the rest is read as script"),
    ("page.html", "<h1>Flu</h1>\n<p>Flu is common.</p>\n<style>p { color: red }\n<p>Title 1</p>\n", 3,
     "<style> opened here is never closed, so the rest is read as style"),
    ("page.html", "<h1>Flu</h1>\n<p>Flu is common.</p>\n<p>See <a href=\"/title-1\n", 3,
     "the tag '<a href=\"/title-1' is not finished when the text ends"),
    ("page.md", "# Flu\n\nFlu is common.\n\n<!-- draft\n\nTitle 1\n", 5, UNCLOSED_COMMENT),
])
def test_markup_left_open_to_the_end_is_reported_and_what_it_hides_not_checked(run, tmp_path, name, page, line, what):
    (tmp_path / name).write_text(page)
    result = run("check", "--select", "IO,PH", name)
    assert result.output.splitlines()[0] == (f"{name}:{line}:1: IO006 [error] HTML could not be fully parsed: {what}; "
                                             "checked the part before it")
    assert "PH001" not in result.output and result.exit_code == 1  # "Title 1" is hidden: no browser shows it


@pytest.mark.parametrize("name,page", [
    ("page.html", "<h1>Flu</h1>\n<!-- old intro -->\n<p>Title 1</p>\n<script>var x = 1;</script>\n"),
    ("page.md", "# Flu\n\n<!-- a note\n\nthat spans a blank line -->\n\nTitle 1\n"),  # one HTML block to -->
    ("page.html", "<h1>Flu</h1>\n<p>Title 1</p>\n<p>It costs &lt; 5 <"),  # a '<' that opens nothing
])
def test_markup_closed_before_the_end_is_no_parse_error(run, tmp_path, name, page):
    (tmp_path / name).write_text(page)
    result = run("check", "--select", "IO,PH", "--format", "json", name)
    assert [f[3] for f in findings(result)] == ["PH001"]


def test_parser_failure_is_reported_and_the_part_before_kept(monkeypatch):
    from medlint.readers import read_document
    from medlint.readers import html as html_reader

    original = html_reader._VisibleTextParser.handle_comment

    def explode(self, data):
        raise AssertionError("unexpected markup")

    monkeypatch.setattr(html_reader._VisibleTextParser, "handle_comment", explode)
    document = read_document(b"<p>Before</p>\n<!-- x -->\n<p>After</p>", "p.html", "html")
    assert [b.text for b in document.blocks] == ["Before"]
    assert [(p.code, p.line) for p in document.problems] == [("IO006", 2)]
    assert original


def test_a_crash_inside_a_rule_is_reported_for_that_file_only(run, tmp_path, monkeypatch):
    from medlint.checks import existence

    def crash(self, document, context):
        raise RuntimeError("boom")
        yield

    monkeypatch.setattr(existence.Checker, "findings", crash)
    (tmp_path / "page.md").write_text(GOOD)
    result, found = check(run, "page.md")
    assert found == [("page.md", 1, 1, "IO010")]
    assert "RuntimeError: boom" in result.output


def test_content_files_are_never_changed(run):
    from conftest import FIXTURES

    def contents():  # the result cache is medlint's own folder, ignored by git
        return {p: p.read_bytes() for p in FIXTURES.rglob("*") if p.is_file() and ".medlint_cache" not in p.parts}

    before = contents()
    run("check", ".", cwd=FIXTURES)
    assert before == contents()
