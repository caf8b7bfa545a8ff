"""A rule's documentation as `medlint explain` prints it; SARIF reuses it as the rule's help."""

from __future__ import annotations

import datetime
import json
import textwrap

from medlint.checks import KINDS, FunctionChecker, kind_module
from medlint.config import SCHEMA
from medlint.context import Context
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


NOT_SET = object()  # a kind's parameter that the pack entry leaves out: the kind's own behaviour


def rule_parameters(rule, shipped=None) -> list[tuple[str, object, object, str]]:
    """(name, value in effect or NOT_SET, default or None, description) of each parameter the
    rule's check accepts, in schema order; the descriptions are the schema's. The default is
    the value without the configuration's: ``shipped``'s (the same rule as its pack defines
    it), else the check's own. A kind's parameters have no defaults of their own (the pack
    sets them)."""
    if rule.checker is None:
        return []
    if isinstance(rule.checker, FunctionChecker):
        schema, values = rule.checker.rule.params, rule.checker.params
    else:
        schema, values = kind_module(rule.check).PARAMS_SCHEMA.get("properties", {}), rule.params
    packed = {} if shipped is None else shipped.params
    return [(name, values.get(name, NOT_SET), packed.get(name, spec.get("default")), spec.get("description", ""))
            for name, spec in schema.items()]


def rule_settings(rule, config=None) -> list[tuple[str, object, str]]:
    """(key, value in ``config``, description) of each top-level configuration key the
    rule's check reads (``target-grade`` for RD001): the kind module's SETTINGS, or the rule
    function's ``settings``; descriptions from the configuration schema. Without a ``config``
    (a report's rule help) each value is None."""
    if rule.checker is None:
        return []
    if isinstance(rule.checker, FunctionChecker):
        keys = rule.checker.rule.settings
    else:
        keys = getattr(kind_module(rule.check), "SETTINGS", ())
    properties = SCHEMA["properties"]
    return [(key, None if config is None else _setting(config, key), properties[key].get("description", ""))
            for key in keys]


def _setting(config, key: str):
    """The key's value in ``config``; one it leaves unset (None), as the Context has it."""
    name = key.replace("-", "_")
    value = getattr(config, name)
    value = getattr(Context(), name) if value is None else value
    return list(value) if isinstance(value, tuple) else value


def _value(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."


def _described(name: str, value, default, description: str) -> str:
    """One parameter or setting: ``  name = value (default …): description``."""
    if value is NOT_SET:
        shown = f"  {name} (not set)"
    else:
        note = f" (default {_value(default)})" if default is not None and default != value else ""
        shown = f"  {name} = {_value(value)}{note}"
    return shown + (f": {description}" if description else "")


def explain_text(rule, today: datetime.date | None = None, config=None, shipped=None) -> str:
    """What `medlint explain` prints; example dates count from ``today`` (default:
    MEDLINT_TODAY, else the system date). ``config`` (a medlint.config.Config) gives the
    values of the settings the rule reads; without it they are named, not valued.
    ``shipped``: the rule as its pack defines it, when ``rule`` has the configuration's
    parameters laid over (a parameter's default is then the pack's value)."""
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
    settings = rule_settings(rule, config)
    if settings:
        parts += ["", "Settings it reads (top-level keys of the configuration)"]
        parts += [_described(key, value, None, description) if config else f"  {key}: {description}"
                  for key, value, description in settings]
    parameters = rule_parameters(rule, shipped)
    if parameters:
        parts += ["", "Parameters (set them in configuration: [tool.medlint.rules." + rule.code + "] in pyproject.toml,",
                  "[rules." + rule.code + "] in medlint.toml; write names with - or _)"]
        parts += [_described(*parameter) for parameter in parameters]
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
