"""`medlint check --show-settings`: the configuration file and every setting in force.

The settings are printed as the configuration file would write them (TOML), each key of
the configuration schema once, with the command line's overrides applied, so a user can see
what a run will do and copy a line into their own file.
"""

from __future__ import annotations

import json

from medlint.config import SCHEMA


def toml_value(value) -> str:
    """A TOML literal for a string, number, boolean, list or table of those."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def toml_key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() else json.dumps(key)


def settings_text(config, settings, excluder, overrides: dict, today_source: str, config_found: str) -> str:
    """What `--show-settings` prints.

    Args:
        config: the medlint.config.Config read from the file (or the defaults).
        settings: the engine.Settings built from it and the command line.
        excluder: the discovery.Excluder the run would use (configured and command-line patterns).
        overrides: configuration keys (kebab-case) to the values the command line put in force.
        today_source: where today's date came from ("--today", "MEDLINT_TODAY", "the system date").
        config_found: how the file was found, or where none was (config.locate_config's words).
    Returns:
        Lines of text: the file and how it was found, then `key = value` per configuration key, then the date and
        the rules that run.
    """
    in_force = {
        "exclude": list(excluder.patterns),
        "select": list(config.select) if config.select is not None else "(every rule)",
        "review-date-keys": list(settings.context.review_date_keys),
        "rules": {code: {name.replace("_", "-"): value for name, value in params.items()}
                  for code, params in config.rule_params.items()},
        **{key: value for key, value in overrides.items() if value is not None},
    }
    lines = [f"Configuration file: {config.path or 'none (built-in defaults)'}",
             f"Found by: {config_found}" if config.path else f"Looked in: {config_found}",
             f"Paths in it are relative to: {config.root}", ""]
    for key in SCHEMA["properties"]:
        value = in_force[key] if key in in_force else getattr(config, key.replace("-", "_"))
        if value is None:
            lines.append(f"# {key} is not set")
        elif isinstance(value, str) and value.startswith("("):
            lines.append(f"# {key}: {value[1:-1]}")
        else:
            lines.append(f"{key} = {toml_value(value)}")
    for patterns, folder in excluder.more:
        lines.append(f"# command line: also exclude {toml_value(patterns)}, relative to {folder}")
    selected = settings.selected
    lines += ["", f"today = {settings.context.today.isoformat()}  # from {today_source}",
              f"# {len(selected)} of {len(settings.rules)} rules run: {', '.join(selected)}"]
    return "\n".join(lines)
