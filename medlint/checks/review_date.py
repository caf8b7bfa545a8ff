"""Review date: whether a page says when it was last reviewed, and whether that is current.

Each rule picks one ``test``; all of them read the page's dates from one shared scan
(medlint.checks.page_dates). Dates are judged against context.today, never the clock, and
a date written to the month ("March 2021") counts as its last day when judging age and as
its first day when judging whether it lies in the future, so an imprecise date is never
held against the page.
"""

from __future__ import annotations

from medlint.checks import Finding
from medlint.checks.page_dates import PARAMS_SCHEMA as SCAN_PARAMS, Scanner
from medlint.dates import describe, describe_age, elapsed, parse_age

TESTS = ("missing", "stale", "next-review-passed", "inconsistent", "unreadable", "updated-not-reviewed")
PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["test"],
    "properties": {
        "test": {"enum": list(TESTS)},
        # For the tests that report something absent: an untitled file is a fragment (an
        # include, a partial, a CMS content slot), and the page that shows it carries the date.
        "skip_untitled": {"type": "boolean"},
        **SCAN_PARAMS,
    },
}
LABEL = {"reviewed": "last reviewed", "next_review": "next review due", "updated": "updated"}


class Checker:
    def __init__(self, params: dict) -> None:
        self.test = params["test"]
        self.skip_untitled = params.get("skip_untitled", False) and self.test in ("missing", "updated-not-reviewed")
        self.scanner = Scanner(params)

    def facts(self, document, context) -> dict:
        latest = self.scanner.scan(document, context).latest("reviewed")
        return {"review_date": latest.date.first.isoformat()} if latest else {}

    def findings(self, document, context):
        if self.skip_untitled and not _titled(document):
            return
        dates = self.scanner.scan(document, context)
        yield from getattr(self, "_" + self.test.replace("-", "_"))(dates, context)

    @staticmethod
    def _missing(dates, context):
        if not [m for m in dates.mentions if m.kind == "reviewed"]:
            yield Finding(None, values={"keys": ", ".join(context.review_date_keys[:3])})

    @staticmethod
    def _stale(dates, context):
        latest = dates.latest("reviewed")
        # today - max age, not date + max age: a date near year 9999 must not overflow.
        if latest and latest.date.last < context.today - parse_age(context.review_max_age):
            yield _finding(latest, age=elapsed(latest.date.last, context.today),
                           max_age=describe_age(parse_age(context.review_max_age)))

    @staticmethod
    def _next_review_passed(dates, context):
        due = dates.latest("next_review")
        if due and due.date.last < context.today:
            yield _finding(due, age=elapsed(due.date.last, context.today))

    @staticmethod
    def _inconsistent(dates, context):
        for mention in dates.valid("reviewed"):
            if mention.date.first > context.today:
                yield _finding(mention, what="Last-reviewed date", problem=f"is in the future (today is {describe(context.today)})")
        last, due = dates.latest("reviewed"), dates.latest("next_review")
        if last and due and due.date.last <= last.date.first:
            yield _finding(due, what="Next-review date", problem=f"is not after the last review ({last.date})")

    @staticmethod
    def _unreadable(dates, context):
        for mention in dates.invalid:
            yield _finding(mention, problem=mention.problem, label=LABEL[mention.kind])

    @staticmethod
    def _updated_not_reviewed(dates, context):
        updated = dates.latest("updated")
        if updated and not [m for m in dates.mentions if m.kind == "reviewed"]:
            yield _finding(updated)


def _titled(document) -> bool:
    """A page rather than a fragment. Text files are whole pages scraped from a site."""
    return document.format == "text" or any(b.kind == "title" or (b.kind == "heading" and b.level == 1) for b in document.blocks)


def _finding(mention, **values) -> Finding:
    date = mention.date
    values = {"date": str(date) if date else mention.written, "written": mention.written,
              "reading": f" ({date.reading})" if date and date.reading else "", **values}
    return Finding(mention.block, mention.start, mention.end, values)
