"""Reporters: one module per output format, each with ``render(report) -> str``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from medlint.diagnostics import Diagnostic

FORMATS = ("text", "json")


@dataclass(frozen=True)
class Report:
    diagnostics: list[Diagnostic]
    files: int
    color: bool = False
    statistics: bool = False
    quiet: bool = False

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def render(output_format: str, report: Report) -> str:
    return importlib.import_module(f"medlint.reporters.{output_format}").render(report)
