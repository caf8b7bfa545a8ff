"""Dates as pages write them: "16 July 2020", "Jan 5, 2024", "12-Mar-2025", "03/2021", "2020-07-16".

A regex finds the span of a date right after a label the caller found; python-dateutil
reads only that span, with an explicit default, so it never guesses a date from prose
("take 2 tablets for 5 days") or fills a missing day from today's date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from medlint.regexes import compiled

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|2\d)\d\d"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"

# One alternative per shape; the group that matched says how precise the date is.
DATE = compiled(
    rf"(?P<iso>{_YEAR}[-/]\d{{1,2}}[-/]\d{{1,2}})(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?![\d/])"
    rf"|{_WEEKDAY}(?P<day_month>{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR})(?!\d)"
    rf"|{_WEEKDAY}(?P<month_day>{_MONTH}\s+{_DAY},?\s+{_YEAR})(?!\d)"
    # "12-Mar-2025", "12/Mar/25", "12.Mar.2025": the day-month-year of logs and clinical systems
    rf"|(?P<day_mon_year>{_DAY}[-/.]{_MONTH}[-/.](?:{_YEAR}|\d\d))(?![\d/.-]\d)"
    rf"|(?P<month_name>{_MONTH},?\s+{_YEAR})(?!\d)"
    r"|(?P<numeric>\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}))(?![\d/.-]\d)"
    rf"|(?P<numeric_month>\d{{1,2}}[/.-]{_YEAR})(?![\d/.-]\d)"
    rf"|(?P<year>{_YEAR})(?![\d/.-]\d)",
    re.IGNORECASE,
)
ISO_PARTS = compiled(r"[-/]")  # what separates the year, month and day of an iso date
NUMBERS = compiled(r"\d+")
MONTH_START = compiled(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_START.pattern.split("|"), start=1)}
PRECISION = {"iso": "day", "day_month": "day", "month_day": "day", "day_mon_year": "day", "numeric": "day",
             "month_name": "month", "numeric_month": "month", "year": "year"}


class DateError(ValueError):
    """A span shaped like a date that is not one ("31/02/2020", "13/13/2021")."""


class PageDate(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    first: datetime.date  # first day of what was written ("March 2021": 1 March)
    last: datetime.date  # last day of it ("March 2021": 31 March); the same day for a full date
    precision: str  # day, month or year
    reading: str = ""  # how an ambiguous numeric date was read, for the message

    def __str__(self) -> str:
        return describe(self.first, self.precision)


def describe(date: datetime.date, precision: str = "day") -> str:
    """An unambiguous way to write a date: "12 March 2019", "March 2019" or "2019"."""
    month = calendar.month_name[date.month]
    return {"day": f"{date.day} {month} {date.year}", "month": f"{month} {date.year}"}.get(precision, str(date.year))


def read_date(match: re.Match, day_first: bool) -> PageDate:
    """The date a match of DATE (or of a pattern holding it) stands for; raises DateError
    when it is not a real date."""
    shape = next(name for name in PRECISION if match.group(name))
    text = match.group(shape)
    parsed = _iso_date(text) if shape == "iso" else _named_month_date(text, shape) if shape in NAMED_MONTH else None
    if parsed is None:
        from dateutil import parser  # only pages with a numeric date other than year-month-day pay for the import

        try:
            parsed = parser.parse(text, default=datetime.datetime(2000, 1, 1),
                                  dayfirst=day_first and shape == "numeric", yearfirst=shape == "iso").date()
        except (ValueError, OverflowError) as error:
            raise DateError(str(error).split(":")[0]) from None
    precision = PRECISION[shape]
    first = parsed.replace(day=1) if precision != "day" else parsed
    first = first.replace(month=1) if precision == "year" else first
    if precision == "day":
        last = first
    elif precision == "month":
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    else:
        last = first.replace(month=12, day=31)
    return PageDate(first, last, precision, _reading(text, parsed, shape, day_first))


def _iso_date(text: str) -> datetime.date | None:
    """A year-month-day date ("2025-12-30", "2025/1/5", the shape of most front matter), read
    without dateutil, which reads every real one the same (a test compares them all); None
    when it is no real date: dateutil then reads it as it can, or says why not."""
    year, month, day = map(int, ISO_PARTS.split(text))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# The shapes _named_month_date reads: a month's name and a year (1800-2999), or a year alone.
# (Not day_mon_year: dateutil refuses some of its spellings, "3.Apr.-2024", and reads a
# two-digit year by its century rule.)
NAMED_MONTH = frozenset({"day_month", "month_day", "month_name", "year"})


def _named_month_date(text: str, shape: str) -> datetime.date | None:
    """A date of a ``NAMED_MONTH`` shape ("16 July 2020", "Jan 5, 2024", "March 2021": its
    first day; "2021": its first day), read without dateutil (whose import costs a process
    ~12 ms), which reads every real one the same (a test compares them all); None when it is
    no real date: dateutil then says why not. The month is the first month-name start in the
    text: the other words these shapes hold ("of", a day's "st", "nd", "rd", "th") start none."""
    numbers = list(map(int, NUMBERS.findall(text)))  # the day, if written, then the year
    month = MONTH_NUMBERS[MONTH_START.search(text)[0].lower()] if shape != "year" else 1
    try:
        return datetime.date(numbers[-1], month, numbers[0] if len(numbers) == 2 else 1)
    except ValueError:
        return None


def _reading(text: str, parsed: datetime.date, shape: str, day_first: bool) -> str:
    if shape != "numeric":
        return ""
    first, second = (int(n) for n in re.split(r"[/.-]", text)[:2])
    if first > 12 or second > 12 or first == second:
        return ""  # only one reading is possible
    order = "day-first" if day_first else "month-first"
    return f"{text} read {order}; set date-order to change"


def parse_age(text: str):
    """A relativedelta from a config age: "3y", "18m"."""
    from dateutil.relativedelta import relativedelta

    number, unit = re.fullmatch(r"\s*(\d+)\s*([ymYM])\s*", text).groups()
    return relativedelta(years=int(number)) if unit.lower() == "y" else relativedelta(months=int(number))


def describe_age(age) -> str:
    """ "3 years", "18 months", "2 years 4 months" from a relativedelta."""
    parts = [(age.years, "year"), (age.months, "month")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words) or f"{age.days} day{'s' if age.days != 1 else ''}"


def elapsed(since: datetime.date, until: datetime.date) -> str:
    from dateutil.relativedelta import relativedelta

    return describe_age(relativedelta(until, since))
