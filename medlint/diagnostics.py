"""What a rule reports, in the shape every reporter reads."""

from __future__ import annotations

import marshal
import operator
from dataclasses import dataclass, fields

SEVERITIES = ("error", "warning", "info")


def span_window(length: int, start: int, end: int, context: int, flagged: int) -> tuple[int, int]:
    """[low, high) of a line of ``length`` characters to show for a span [start, end): up to
    ``flagged`` characters of the span and ``context`` on each side (0-based offsets)."""
    # Comparisons, not min() and max(): the text report asks this for most of its findings,
    # and the builtins' calls were four fifths of its cost.
    start = 0 if start < 0 else length if start > length else start
    low = start - context if start > context else 0
    high = end if end > start else start + 1  # at least one character flagged
    if high > start + flagged:
        high = start + flagged
    high += context
    return low, high if high < length else length
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def normalised(text: str) -> str:
    """``text`` lower-cased, each run of spaces one space, none at its ends: as a finding's
    flagged text is kept (Diagnostic.text) and as pages are compared (medlint.site)."""
    lowered = text.lower()
    # Most texts are a line of printable text with single spaces, normal already. Two scans
    # in C tell (str.isprintable: no character str.isspace knows but ' ' is printable, as a
    # test checks over every code point) and spare them the split into words and the join:
    # the words of every block were half the site survey's cost, and the words of the long
    # spans some rules flag (a whole paragraph) a third of building the page's findings.
    if lowered.isprintable() and "  " not in lowered and lowered[:1] != " " and lowered[-1:] != " ":
        return lowered
    return " ".join(lowered.split())


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding as reports show it: where it is (1-based lines and columns), which rule, what it says."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int  # exclusive: the column just after the flagged text
    code: str
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None = None
    text: str = ""  # the flagged text, normalised; what a baseline fingerprint is made of
    source_line: str = ""  # the source line it starts on (a window of it, when long), for reports that show it
    excerpt_start: int = 0  # the column (0-based) in the line where source_line starts
    excerpt_more: bool = False  # the line goes on after source_line

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code)

    def as_json(self) -> dict:
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "code": self.code, "rule": self.rule, "category": self.category,
            "severity": self.severity, "message": self.message, "suggestion": self.suggestion,
        }


# A Diagnostic as the tuple of its fields in order (from_row makes it again): how
# findings are stored and set aside; many times faster than dataclasses.astuple.
as_row = operator.attrgetter(*(f.name for f in fields(Diagnostic)))


def pack_rows(diagnostics) -> bytes:
    """Diagnostics as bytes (marshal data of their rows): how the result cache stores findings
    and a run sets them aside. Raises ValueError for a field marshal cannot hold."""
    return marshal.dumps(tuple(map(as_row, diagnostics)))


def _row_reader():
    """from_row: a function that makes a Diagnostic from its row, written out from the fields
    (as dataclasses writes __init__).

    Diagnostic(*row) sets every field through the frozen class's object.__setattr__, and
    setting each slot through its descriptor's __set__ still cost 12,000 instructions a
    finding, a ninth of a warm run. So the row is stored into an instance of a plain class
    with the same slots, by ordinary attribute stores (the interpreter's fastest), which is
    then made a Diagnostic by assigning its class: Python allows that between classes whose
    instances are laid out alike, and the result is a Diagnostic in every way (frozen too).
    """
    names = [f.name for f in fields(Diagnostic)]
    filling = type("DiagnosticFilling", (), {"__slots__": Diagnostic.__slots__})
    body = "".join(f"    diagnostic.{name} = row[{index}]\n" for index, name in enumerate(names))
    source = (f"def from_row(row, new=object.__new__):\n"
              f"    \"\"\"Diagnostic(*row), faster: ``row`` holds every field in order (as_row).\"\"\"\n"
              f"    diagnostic = new(Filling)\n{body}    diagnostic.__class__ = Diagnostic\n    return diagnostic\n")
    namespace = {"Diagnostic": Diagnostic, "Filling": filling}
    exec(source, namespace)  # noqa: S102 - the source is made of the class's own field names
    return namespace["from_row"]


from_row = _row_reader()


def unpack_rows(data: bytes) -> list[Diagnostic]:
    """The Diagnostics pack_rows wrote."""
    return list(map(from_row, marshal.loads(data)))


EXCERPT_FIELDS = ("source_line", "excerpt_start", "excerpt_more")  # the Diagnostic fields line_excerpt fills


def line_excerpt(document, start: tuple[int, int], end: tuple[int, int]) -> tuple[str, int, bool]:
    """What a report shows of the source around a span from (line, column) to (line, column)
    of a medlint.document.Document: the text of its first line, or of a window of a long one
    (Document.line_window), the window's first column (0-based) and whether the line goes on."""
    line, column = start
    end_column = end[1] if end[0] == line else document.line_length(line) + 1
    return document.line_window(line, column - 1, end_column - 1)


def excerpt(document, start: tuple[int, int], end: tuple[int, int]) -> dict:
    """line_excerpt as Diagnostic fields (EXCERPT_FIELDS)."""
    return dict(zip(EXCERPT_FIELDS, line_excerpt(document, start, end)))
