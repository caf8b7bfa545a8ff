"""A rule's documentation as `medlint explain` prints it; SARIF reuses it as the rule's help."""

from __future__ import annotations

import textwrap


def explain_text(rule) -> str:
    def para(text: str) -> str:
        return textwrap.fill(" ".join(text.split()), width=88)

    def sample(text: str) -> str:
        return textwrap.indent(text, "    ")

    parts = [f"{rule.code} {rule.name} ({rule.category}, default severity: {rule.severity})",
             "", "What it does", para(rule.summary), "", "Why it matters", para(rule.rationale)]
    for example in rule.examples:
        label = f" ({example['format']})" if example.get("format") else ""
        parts += ["", f"Example{label}", sample(example["bad"]), "", "Use instead", sample(example["good"])]
    if rule.instead:
        parts += ["", "How to fix", para(rule.instead)]
    return "\n".join(parts)


def explain_markdown(rule) -> str:
    """The same documentation as Markdown (SARIF viewers show it in place of the text)."""
    parts = [f"**{rule.code} {rule.name}** ({rule.category}, default severity: {rule.severity})",
             "", "### What it does", " ".join(rule.summary.split()), "", "### Why it matters", " ".join(rule.rationale.split())]
    for example in rule.examples:
        parts += ["", "### Example", "```", example["bad"].rstrip("\n"), "```", "", "### Use instead",
                  "```", example["good"].rstrip("\n"), "```"]
    if rule.instead:
        parts += ["", "### How to fix", " ".join(rule.instead.split())]
    return "\n".join(parts)
