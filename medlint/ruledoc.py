"""A rule's documentation as `medlint explain` prints it; SARIF reuses it as the rule's help."""

from __future__ import annotations

import datetime
import textwrap

from medlint.examples import example_page
from medlint.today import resolve_today


def explain_text(rule, today: datetime.date | None = None) -> str:
    """What `medlint explain` prints; example dates count from ``today`` (default: MEDLINT_TODAY, else the system date)."""
    today = resolve_today(today)

    def para(text: str) -> str:
        return textwrap.fill(" ".join(text.split()), width=88)

    def sample(text: str) -> str:
        return textwrap.indent(text, "    ")

    parts = [f"{rule.code} {rule.name} ({rule.category}, default severity: {rule.severity})",
             "", "What it does", para(rule.summary), "", "Why it matters", para(rule.rationale)]
    for example in rule.examples:
        label = f" ({example['format']})" if example.get("format") else ""
        parts += ["", f"Example{label}", sample(example_page(example, "bad", today)),
                  "", "Use instead", sample(example_page(example, "good", today))]
    if rule.instead:
        parts += ["", "How to fix", para(rule.instead)]
    return "\n".join(parts)


def explain_markdown(rule, today: datetime.date | None = None) -> str:
    """The same documentation as Markdown (SARIF viewers show it in place of the text)."""
    today = resolve_today(today)
    parts = [f"**{rule.code} {rule.name}** ({rule.category}, default severity: {rule.severity})",
             "", "### What it does", " ".join(rule.summary.split()), "", "### Why it matters", " ".join(rule.rationale.split())]
    for example in rule.examples:
        parts += ["", "### Example", "```", example_page(example, "bad", today).rstrip("\n"), "```", "", "### Use instead",
                  "```", example_page(example, "good", today).rstrip("\n"), "```"]
    if rule.instead:
        parts += ["", "### How to fix", " ".join(rule.instead.split())]
    return "\n".join(parts)
