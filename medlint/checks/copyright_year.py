"""Copyright year: a page's own notice ("© 2018 Acme Health", "Copyright 2015–2018") whose
latest year is too far behind context.today.

Notices in citations and reference lists belong to the work cited, and picture credits
("Credit: © 2011 A. Photographer, CC BY-SA") to the picture: neither dates the page.
"""

from __future__ import annotations

import re

from medlint.analysis.anchors import Anchors
from medlint.analysis.citations import describes_other_work
from medlint.checks import Finding
from medlint.patterns import alternation
from medlint.checks.page_dates import PARAMS_SCHEMA as SCAN_PARAMS, labelled_blocks, starts_line
from medlint.regexes import compiled

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "max_age_years": {"type": "integer", "minimum": 0,
                          "description": "years a notice's latest year may be behind today's"},
        "credit_patterns": {"type": "array", "items": {"type": "string"},
                            "description": "patterns of a picture credit, whose notice does not date the page"},
        **SCAN_PARAMS,
    },
}
_YEAR = r"(?:1[89]|20)\d\d"
# "© 2018", "Copyright © 2015–2018", "© Example Health 2019": up to a few words may stand
# between the sign and the year.
NOTICE = compiled(
    rf"(?P<sign>©|\(c\)|&copy;|\bcopyright\b)(?P<gap>[^\d\n.;:]{{0,60}}?)"
    rf"(?P<years>{_YEAR}(?:\s*(?:[-–—,]|to)\s*(?:{_YEAR}|\d\d)(?!\d))*)(?!\d)",
    re.IGNORECASE,
)
# The blocks that may hold a notice's sign, found in the page's one scan for anchors: a regex
# read for its anchors only. (NOTICE's own are its years, in every other block of a page.)
SIGNS = Anchors(r"(?i)©|\(c\)|copyright")


class Checker:
    def __init__(self, params: dict) -> None:
        self.max_age = params.get("max_age_years", 2)
        credits = params.get("credit_patterns", [])
        self.credit = compiled(alternation(credits), re.IGNORECASE) if credits else None

    def findings(self, document, context):
        for block, in_references in labelled_blocks(document, SIGNS):
            lower = block.text.lower()
            if not ("©" in lower or "(c)" in lower or "copyright" in lower):
                continue  # (a block with a character lower() does not fold is always a candidate)
            if self.credit and self.credit.search(block.text):
                continue  # a picture credit: the year dates the picture, not the page
            for match in NOTICE.finditer(block.text):
                # Mid-line in a reference or citation, the notice is the cited work's.
                if not starts_line(block.text, match.start()) and (in_references or describes_other_work(document, block)):
                    continue
                # The word alone, mid-sentence, before other words: "copyright law changed in 2019".
                if match["sign"].isalpha() and match["gap"].strip(" ©(c)") and not starts_line(block.text, match.start()):
                    continue
                year = _last_year(match.group("years"))
                if context.today.year - year > self.max_age:
                    yield Finding(block, match.start(), match.end(),
                                  {"year": year, "age": context.today.year - year, "max_age": self.max_age})


def _last_year(years: str) -> int:
    """The latest year of "2015–2018", "2015-18" or "2016, 2019"."""
    numbers = re.findall(r"\d+", years)
    latest = int(numbers[0])
    for number in numbers[1:]:
        value = int(number) if len(number) == 4 else latest // 100 * 100 + int(number)
        latest = max(latest, value)
    return latest
