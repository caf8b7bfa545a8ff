"""What a rule reports, in the shape every reporter reads."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


def span_window(length: int, start: int, end: int, context: int, flagged: int) -> tuple[int, int]:
    """[low, high) of a line of ``length`` characters to show for a span [start, end): up to
    ``flagged`` characters of the span and ``context`` on each side (0-based offsets)."""
    start = min(max(start, 0), length)
    low = max(0, start - context)
    return low, min(length, min(max(end, start + 1), start + flagged) + context)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Diagnostic:
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
