"""A rule's documentation as `medlint explain` prints it; SARIF reuses it as the rule's help."""

from __future__ import annotations

import datetime
import json
import textwrap

from medlint.checks import KINDS, FunctionChecker, kind_module
from medlint.examples import example_page
from medlint.today import resolve_today


def rule_location(rule) -> list[str]:
    """Where a rule is defined: its pack entry and the code that checks pages for it."""
    if rule.checker is None:
        code = "the engine (medlint/engine.py): files it cannot read, suppressions"
    elif isinstance(rule.checker, FunctionChecker):
        code = f"function {rule.checker.rule.where} (registered with @rule_function(\"{rule.code}\"))"
    else:
        code = f"check kind '{rule.check}', {KINDS[rule.check]}.Checker"
    where = [f"Pack entry: {rule.pack} (code {rule.code})", f"Checked by: {code}"]
    if rule.pack.startswith("rules/"):  # a built-in rule: its behaviour is pinned in the repository
        where.append(f"Cases: tests/rules/{rule.code}.yaml in medlint's repository (pages it must report and must pass)")
    return where


def rule_parameters(rule) -> list[tuple[str, object, object, str]]:
    """(name, value in effect, default or None, description) of each parameter of a rule, in
    schema order; a kind's parameters have no defaults of their own (the pack sets them)."""
    if rule.checker is None:
        return []
    if isinstance(rule.checker, FunctionChecker):
        schema, values = rule.checker.rule.params, rule.checker.params
    else:
        schema, values = kind_module(rule.check).PARAMS_SCHEMA.get("properties", {}), rule.params
    return [(name, values[name], spec.get("default"), spec.get("description", ""))
            for name, spec in schema.items() if name in values]


def _value(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."


def explain_text(rule, today: datetime.date | None = None) -> str:
    """What `medlint explain` prints; example dates count from ``today`` (default: MEDLINT_TODAY, else the system date)."""
    today = resolve_today(today)

    def para(text: str) -> str:
        return textwrap.fill(" ".join(text.split()), width=88)

    def sample(text: str) -> str:
        return textwrap.indent(text.rstrip("\n"), "    ")  # a folded YAML example ends in a line break

    parts = [f"{rule.code} {rule.name} ({rule.category}, default severity: {rule.severity})",
             "", "What it does", para(rule.summary), "", "Why it matters", para(rule.rationale)]
    for example in rule.examples:
        label = f" ({example['format']})" if example.get("format") else ""
        parts += ["", f"Example{label}", sample(example_page(example, "bad", today)),
                  "", "Use instead", sample(example_page(example, "good", today))]
    if rule.instead:
        parts += ["", "How to fix", para(rule.instead)]
    parts += ["", "Where it lives", *rule_location(rule)]
    parameters = rule_parameters(rule)
    if parameters:
        parts += ["", "Parameters (set them in configuration: [tool.medlint.rules." + rule.code + "] in pyproject.toml,",
                  "[rules." + rule.code + "] in medlint.toml; write names with - or _)"]
        for name, value, default, description in parameters:
            note = f" (default {_value(default)})" if default is not None and default != value else ""
            parts.append(f"  {name} = {_value(value)}{note}" + (f": {description}" if description else ""))
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
