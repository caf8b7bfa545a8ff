"""Review date: whether a page says when it was last reviewed, and whether that is current.

Each rule is one function below; all of them read the page's dates from one shared scan
(medlint.checks.page_dates). Dates are judged against context.today, never the clock, and
a date written to the month ("March 2021") counts as its last day when judging age and as
its first day when judging whether it lies in the future, so an imprecise date is never
held against the page.
"""

from __future__ import annotations

import datetime
import functools
import json

from medlint.analysis.structure import has_title, is_part
from medlint.checks import Finding, rule_function
from medlint.checks.page_dates import PARAMS_SCHEMA as SCAN_PARAMS, Scanner
from medlint.dates import describe, describe_age, elapsed, parse_age

UNTITLED = {"type": "boolean", "description": "skip untitled files: a fragment's page carries the date"}
LABEL = {"reviewed": "last reviewed", "next_review": "next review due", "updated": "updated"}


DATE_SETTINGS = ("review-date-keys", "date-order")  # the configuration keys every scan reads
_SCANNERS: dict[str, Scanner] = {}  # one per distinct set of scan params, for the process
# Each rule's params (kept here, so their id stays theirs) and their scanner: a rule asks on
# every page, and writing its params out to find their scanner cost more than the scan.
_SCANNER_OF: dict[int, tuple[dict, Scanner]] = {}


def page_dates(document, context, params):
    """The page's dates, from the scan the rule's params describe (shared by every rule that
    asks with the same params)."""
    return scanner(params).scan(document, context)


def scanner(params) -> Scanner:
    """The scanner of a rule's params (made once: every RV rule's ``prepare``, so its label
    regex's anchors are known before the first page is scanned)."""
    known = _SCANNER_OF.get(id(params))
    if known is None or known[0] is not params:
        key = json.dumps({name: params.get(name) for name in SCAN_PARAMS}, sort_keys=True)
        if key not in _SCANNERS:
            _SCANNERS[key] = Scanner(params)
        known = _SCANNER_OF[id(params)] = (params, _SCANNERS[key])
    return known[1]


def review_date_fact(document, context, params) -> dict:
    """The page's latest last-reviewed date, for the reports (whichever RV rule runs)."""
    latest = page_dates(document, context, params).latest("reviewed")
    return {"review_date": latest.date.first.isoformat()} if latest else {}


@rule_function("RV001", params={**SCAN_PARAMS, "skip_untitled": {**UNTITLED, "default": True}}, facts=review_date_fact,
               settings=DATE_SETTINGS, prepare=scanner)
def review_date_missing(document, context, params):
    """No last-reviewed date anywhere on the page."""
    if params["skip_untitled"] and not _titled(document):
        return
    if not [m for m in page_dates(document, context, params).mentions if m.kind == "reviewed"]:
        yield Finding(None, values={"keys": ", ".join(context.review_date_keys[:3])})


@rule_function("RV002", params=SCAN_PARAMS, facts=review_date_fact, settings=("review-max-age", *DATE_SETTINGS), prepare=scanner)
def review_date_stale(document, context, params):
    """The last review is older than ``review-max-age``."""
    latest = page_dates(document, context, params).latest("reviewed")
    if latest and latest.date.last < _oldest_current(context.today, context.review_max_age):
        yield _finding(latest, age=elapsed(latest.date.last, context.today),
                       max_age=describe_age(parse_age(context.review_max_age)))


@rule_function("RV003", params=SCAN_PARAMS, facts=review_date_fact, settings=DATE_SETTINGS, prepare=scanner)
def next_review_passed(document, context, params):
    """The "next review due" date has passed."""
    due = page_dates(document, context, params).latest("next_review")
    if due and due.date.last < context.today:
        yield _finding(due, age=elapsed(due.date.last, context.today))


@rule_function("RV004", params=SCAN_PARAMS, facts=review_date_fact, settings=DATE_SETTINGS, prepare=scanner)
def review_dates_inconsistent(document, context, params):
    """A last-reviewed date in the future, or a next review not after the last."""
    dates = page_dates(document, context, params)
    for mention in dates.valid("reviewed"):
        if mention.date.first > context.today:
            yield _finding(mention, what="Last-reviewed date", problem=f"is in the future (today is {describe(context.today)})")
    last, due = dates.latest("reviewed"), dates.latest("next_review")
    if last and due and due.date.last <= last.date.first:
        yield _finding(due, what="Next-review date", problem=f"is not after the last review ({last.date})")


@rule_function("RV006", params={**SCAN_PARAMS, "skip_untitled": {**UNTITLED, "default": True}}, facts=review_date_fact,
               settings=DATE_SETTINGS, prepare=scanner)
def updated_not_reviewed(document, context, params):
    """An "updated" date and no review date."""
    if params["skip_untitled"] and not _titled(document):
        return
    dates = page_dates(document, context, params)
    updated = dates.latest("updated")
    if updated and not [m for m in dates.mentions if m.kind == "reviewed"]:
        yield _finding(updated)


@rule_function("RV007", params=SCAN_PARAMS, facts=review_date_fact, settings=DATE_SETTINGS, prepare=scanner)
def review_date_unreadable(document, context, params):
    """A date label whose value is not a date."""
    for mention in page_dates(document, context, params).invalid:
        yield _finding(mention, problem=mention.problem, label=LABEL[mention.kind])


@functools.lru_cache(maxsize=16)  # one today and one age for every page of a run
def _oldest_current(today: datetime.date, max_age: str) -> datetime.date:
    """The oldest last-reviewed date that is within ``max_age`` (a config age, "3y") of
    ``today``. today - max age, not date + max age: a date near year 9999 must not overflow."""
    return today - parse_age(max_age)


def _titled(document) -> bool:
    """A whole page rather than a part of one (the page that shows a part carries its date).
    Text files are whole pages scraped from a site."""
    return document.format == "text" or (has_title(document) and not is_part(document))


def _finding(mention, **values) -> Finding:
    date = mention.date
    values = {"date": str(date) if date else mention.written, "written": mention.written,
              "reading": f" ({date.reading})" if date and date.reading else "", **values}
    return Finding(mention.block, mention.start, mention.end, values)
