"""Where front matter stands in a Markdown source, and where each of its keys does.

The Markdown reader parses it; rules that point at a front-matter value (a stale review
date) find the value's line here without loading the Markdown parser.
"""

from __future__ import annotations

import re

from medlint.regexes import compiled

# TOML front matter (Hugo, Zola) stands between "+++" lines, YAML's between "---" lines.
TOML_FRONT_MATTER = compiled(r"\+\+\+[ \t]*\n(?P<body>.*?\n)??\+\+\+[ \t]*(?:\n|$)", re.DOTALL)
# (Its lines are tried for the closing one a whole line at a time: a lazy ".*?" steps a character
# at a time, and cost a page's reading more than its front matter's parsing.)
YAML_FRONT_MATTER = compiled(r"---[ \t]*\n(?:[^\n]*+\n)*?(?:---|\.\.\.)[ \t]*(?:\n|$)")


def front_matter_key(source: str, name: str) -> re.Match | None:
    """The line of front-matter key ``name`` ("name: value" in YAML, "name = value" in TOML),
    its value as group 1; None when the page has no front matter or no such key."""
    block = TOML_FRONT_MATTER.match(source) or YAML_FRONT_MATTER.match(source)
    line = compiled(rf"(?m)^[ \t]*['\"]?{re.escape(name)}['\"]?[ \t]*[:=][ \t]*(.*)$")
    return line.search(source, 0, block.end()) if block else None
