"""Rule packs: YAML files that declare rules. Loaded, validated and turned into Rules here."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medlint.diagnostics import SEVERITIES
from medlint.errors import UsageError
from medlint.replay import note
from medlint.rules import FOLDER
from medlint.usercache import shipped_yaml

CATEGORIES = {
    "RD": "readability", "RV": "review-date", "SC": "sources", "PH": "placeholder",
    "MK": "markup", "EN": "encoding", "BP": "boilerplate", "DU": "duplication",
    "SP": "spelling", "PL": "plain-language", "ST": "structure", "IO": "io", "LK": "links",
}
# Rules whose findings the engine makes itself (unreadable files, suppressions): no check kind.
ENGINE_KIND = "engine"


@functools.cache
def pack_schema() -> dict:
    """The JSON schema of a rule pack (a user's pack is checked against it as it loads). Made
    when first asked for: it names the check kinds, and importing medlint.checks loads the
    document model and the pattern machinery, which a run served from the cache never needs."""
    from medlint.checks import FORMATS, FUNCTION_KIND, KINDS

    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["rules"],
        "properties": {
            "pack": {"type": "string"},
            "description": {"type": "string"},
            "rules": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "name", "category", "severity", "check", "message",
                                 "summary", "rationale", "examples"],
                    "properties": {
                        "code": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
                        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                        "category": {"enum": list(CATEGORIES.values())},
                        "severity": {"enum": list(SEVERITIES)},
                        "check": {"enum": [*KINDS, FUNCTION_KIND, ENGINE_KIND]},
                        "message": {"type": "string", "minLength": 1},
                        "summary": {"type": "string", "minLength": 1},
                        "rationale": {"type": "string", "minLength": 1},
                        "instead": {"type": "string"},
                        "always": {"type": "boolean"},
                        "params": {"type": "object"},
                        "examples": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["bad", "good"],
                                "properties": {
                                    "bad": {"type": "string"},
                                    "good": {"type": "string"},
                                    "format": {"enum": list(FORMATS)},
                                    "today": {"type": "string", "format": "date"},  # for date rules
                                },
                            },
                        },
                    },
                },
            },
        },
    }


@dataclass(frozen=True)
class Rule:
    """One rule of a pack: its code, name, category, severity, message, params and the check that runs it."""

    code: str
    name: str
    category: str
    severity: str
    check: str
    message: str
    summary: str
    rationale: str
    instead: str
    examples: tuple[dict, ...]
    params: dict = field(default_factory=dict, hash=False, compare=False)
    build: Any = field(default=None, hash=False, compare=False, repr=False)  # () -> its checker; None: an engine rule
    pack: str = ""
    always: bool = False  # reported whatever --select says (files that could not be read)

    @functools.cached_property
    def checker(self):
        """The rule's checker (a kind's Checker or a FunctionChecker), built on first use;
        None for a rule whose findings the engine makes. Built-in rules compile their
        patterns only here: a run whose every result comes from the cache never needs them."""
        return self.build() if self.build else None

    def format_message(self, values: dict) -> str:
        return self.message.format_map(_Keep(values))


class _Keep(dict):
    """Leaves an unknown {placeholder} in a message as it is rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@functools.cache
def _validator(schema_id: str):
    import fastjsonschema

    from medlint.checks import KINDS, kind_module

    schemas = {"pack": pack_schema(), **{kind: kind_module(kind).PARAMS_SCHEMA for kind in KINDS}}
    return fastjsonschema.compile(schemas[schema_id], use_default=False)  # never write defaults into a pack


def schema_error(error, where: str) -> UsageError:
    """A fastjsonschema error as one line that names the file and the key."""
    path = error.path[1:] if error.path and error.path[0] == "data" else error.path
    key = "".join(f"[{p}]" if str(p).isdigit() else f".{p}" for p in path).lstrip(".") or "(top level)"
    message = error.message.replace(error.name, "").strip()
    if error.rule == "additionalProperties":
        unknown = re.findall(r"'([^']+)'", error.message)
        known = list(error.definition.get("properties", {})) if isinstance(error.definition, dict) else []
        import difflib

        close = difflib.get_close_matches(unknown[0], known, n=1) if unknown else []
        return UsageError(f"{where}: unknown key {', '.join(repr(u) for u in unknown)}" + (f" in {key}" if path else "")
                          + (f" (did you mean '{close[0]}'?)" if close else ""))
    # A value of a shape (a pattern, one of several forms) is best told in words: the
    # schema's "expected" (its "description" says what the setting does).
    shaped = (error.rule in ("pattern", "anyOf", "oneOf", "minItems", "exclusiveMinimum")
              and isinstance(error.definition, dict))
    expected = error.definition.get("expected") if shaped else None
    if error.rule == "type" and isinstance(error.definition, dict):
        types = error.definition.get("type")
        expected = " or ".join(TYPE_WORDS.get(t, t) for t in (types if isinstance(types, list) else [types]))
    return UsageError(f"{where}: {key} must be {expected}" if expected else f"{where}: {key} {message}")


# A JSON schema type in the words of the TOML or YAML the user wrote.
TYPE_WORDS = {"number": "a number", "integer": "a whole number", "string": "a string", "boolean": "true or false",
              "array": "a list", "object": "a table of keys", "null": "empty"}


def load_pack(text: str, where: str, validate: bool = True, placeholders: bool = True) -> list[Rule]:
    """Rules declared by one pack; ``where`` names the pack in error messages.

    ``validate=False`` skips the JSON-schema checks (compiling the schemas costs ~0.13 s a
    run): only for the built-in packs, which tests/test_packs.py validates on every build.
    ``placeholders=False`` skips learning the message's placeholders from the examples: for
    built-in rules whose values the engine fills beyond the check's own (BP001's region pass).
    """
    data = user_pack_data(text, where) if validate else shipped_yaml(text)
    rules = []
    for entry in data["rules"]:
        code = entry["code"]
        if code[:2] in CATEGORIES and CATEGORIES[code[:2]] != entry["category"]:
            raise UsageError(f"{where}: {code} has category '{entry['category']}' but its prefix {code[:2]} "
                             f"means '{CATEGORIES[code[:2]]}'")
        build = None
        if entry["check"] != ENGINE_KIND:
            build = functools.partial(build_checker, entry["check"], code, entry.get("params", {}), f"{where}: {code}", validate)
        rule = Rule(
            code=code, name=entry["name"], category=entry["category"], severity=entry["severity"],
            check=entry["check"], message=entry["message"], summary=entry["summary"].strip(),
            rationale=entry["rationale"].strip(), instead=entry.get("instead", "").strip(),
            examples=tuple(entry["examples"]), params=entry.get("params", {}), build=build,
            pack=where, always=entry.get("always", False),
        )
        if validate:  # a user's pack: its params and patterns are checked as it loads
            checker = rule.checker
            if placeholders:
                check_message(entry, checker, where)
        rules.append(rule)
    return rules


def user_pack_data(text: str, where: str) -> dict:
    """The data of a user's pack, checked against pack_schema(); UsageError naming ``where``
    (and the line, or the key) when it is not YAML or not a pack."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise UsageError(f"{where}:{line} rule pack is not valid YAML ({getattr(error, 'problem', error)})") from None
    except ValueError as error:  # a timestamp that is no date ("2025-02-30"): datetime refuses what yaml read
        raise UsageError(f"{where}: rule pack holds a date that does not exist ({error})") from None
    checked(_validator("pack"), data, where)
    return data


def checked(validator, data, where: str) -> None:
    """Run a fastjsonschema ``validator`` on ``data``; its error as a UsageError naming ``where``."""
    import fastjsonschema

    try:
        validator(data)
    except fastjsonschema.JsonSchemaValueException as error:
        raise schema_error(error, where) from None


def check_linear(checker, where: str) -> None:
    """Raise UsageError when one of a user rule's patterns backtracks catastrophically.

    Python's regex engine backtracks, and a pack's pattern is user input: each compiled
    pattern is probed on hostile text (medlint.patterns) when the pack loads, so a pattern
    such as ``(a+)+b`` is refused with its reason instead of hanging a CI run. What the probe
    misses, the per-file time budget (file-timeout) stops.
    """
    from medlint.patterns import LOAD_LIMIT, LOAD_SIZE, backtracking_run, compiled_patterns

    for pattern in compiled_patterns(vars(checker)):
        run = backtracking_run(pattern)
        if run is not None:
            shown = pattern.pattern if len(pattern.pattern) <= 100 else pattern.pattern[:99] + "…"
            raise UsageError(f"{where} has a pattern that backtracks catastrophically: it took over "
                             f"{LOAD_LIMIT:g} s on {LOAD_SIZE:,} characters of {run!r} repeated (/{shown}/); "
                             r"avoid nested quantifiers such as (a+)+ and runs like \S+@\S+ that overlap")


def check_message(entry: dict, checker, where: str) -> None:
    """Raise UsageError when a rule's message has a malformed or unknown {placeholder}.

    The placeholders a kind fills are learnt from the rule's own bad examples: a placeholder
    that none of their findings fills would be printed literally in every report.
    """
    import string

    code = entry["code"]
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(entry["message"]) if name is not None}
    except ValueError as error:
        raise UsageError(f"{where}: {code} message has a broken placeholder ({error}); "
                         "write '{{' and '}}' for a brace") from None
    if not names or checker is None:
        return
    for name in names:
        if not name.isidentifier():
            raise UsageError(f"{where}: {code} message placeholder '{{{name}}}' is not a name "
                             "(placeholders are plain names such as {match})")
    filled = _example_values(entry, checker)
    if filled is None:
        return  # no bad example triggers the rule: nothing to learn the placeholders from
    unknown = sorted(names - filled)
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in sorted(filled)) or "none"
        raise UsageError(f"{where}: {code} message has unknown placeholder '{{{unknown[0]}}}': "
                         f"the '{entry['check']}' check fills {known}")


def _example_values(entry: dict, checker) -> set[str] | None:
    """The message values the rule's findings fill on its bad examples (None: no finding)."""
    import datetime

    from medlint.context import Context
    from medlint.readers import read_document

    filled = None
    extensions = {"markdown": "md", "html": "html", "text": "txt"}
    for example in entry["examples"]:
        file_format = example.get("format", "markdown")
        today = datetime.date.fromisoformat(example["today"]) if "today" in example else datetime.date.today()
        document = read_document(example["bad"].encode("utf-8"), f"example.{extensions[file_format]}", file_format)
        for finding in checker.findings(document, Context(today=today)):
            filled = (filled or set()) | set(finding.values)
    return filled
def build_checker(check: str, code: str, params: dict, where: str, validate: bool = True):
    """The checker of rule ``code``: its kind's Checker, or its registered rule function,
    built from ``params``. Raises UsageError (naming ``where``, the pack and code or the config
    table) for bad params or patterns."""
    from medlint.checks import FUNCTION_KIND, FunctionChecker, kind_module, rule_functions

    try:
        if check == FUNCTION_KIND:
            function = rule_functions().get(code)
            if function is None:
                raise UsageError(f"{where}: no built-in rule function is registered for {code} "
                                 f"(check: {FUNCTION_KIND} is for medlint's own rules; use a check kind)")
            if validate:
                import fastjsonschema

                checked(fastjsonschema.compile(function.schema(), use_default=False), params, f"{where} params")
            return FunctionChecker(function, params)
        if validate:
            checked(_validator(check), params, f"{where} params")
        checker = kind_module(check).Checker(params)
        if validate:  # compiles the patterns a built-in rule compiles only when a page may match
            check_linear(checker, where)
    except re.error as error:
        raise UsageError(f"{where} has a bad pattern ({error}): {error.pattern!r}") from None
    return checker


# Files in rules/ that are not rule packs: the vocabulary of the page analysis.
NOT_PACKS = ("analysis.yaml",)


def builtin_pack_files() -> list:
    return sorted((f for f in FOLDER.iterdir()
                   if f.name.endswith(".yaml") and f.name not in NOT_PACKS), key=lambda f: f.name)


def load_rules(extra_packs: tuple[str, ...] = ()) -> dict[str, Rule]:
    """All rules by code: the built-in packs, then the user's packs (paths)."""
    sources = [(f.read_text(encoding="utf-8"), f"rules/{f.name}", False) for f in builtin_pack_files()]
    for path in extra_packs:
        note(path)
        try:
            sources.append((Path(path).read_text(encoding="utf-8"), path, True))
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{path}: cannot read rule pack ({getattr(error, 'strerror', None) or error})") from None
    rules: dict[str, Rule] = {}
    for text, where, validate in sources:
        for rule in load_pack(text, where, validate):
            if rule.code in rules:
                raise UsageError(f"{where}: rule code {rule.code} is already used by {rules[rule.code].pack}")
            rules[rule.code] = rule
    return rules
