"""Rule examples with dates relative to today, so documentation never shows a stale example.

A pack's example may write ``{today}``, ``{today-9y}``, ``{today+2y}``, ``{today-1m}`` or
``{today-10d}`` (years, months, days before or after today), with an optional format:
``{today-1m}`` "3 May 2024", ``{today-1m:iso}`` "2024-05-03", ``{today-1m:numeric}``
"03/05/2024" (day first), ``{today-9y:year}`` "2015". `medlint explain`, the SARIF rule help
and the pack tests all render examples through ``render_example``.
"""

from __future__ import annotations

import calendar
import datetime
import re

PLACEHOLDER = re.compile(r"\{today(?:([+-])(\d+)([ymd]))?(?::(iso|numeric|year))?\}")
FORMATS = {
    None: lambda d: f"{d.day} {calendar.month_name[d.month]} {d.year}",
    "iso": datetime.date.isoformat,
    "numeric": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "year": lambda d: str(d.year),
}


def shifted(today: datetime.date, sign: str, count: int, unit: str) -> datetime.date:
    """``today`` moved by ``count`` years, months or days; the 31st becomes a shorter month's last day."""
    step = count if sign == "+" else -count
    if unit == "d":
        return today + datetime.timedelta(days=step)
    months = today.year * 12 + today.month - 1 + step * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    return datetime.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def render_example(text: str, today: datetime.date) -> str:
    """``text`` with each ``{today…}`` placeholder replaced by the date it names."""
    def replace(match: re.Match) -> str:
        sign, count, unit, style = match.groups()
        day = shifted(today, sign, int(count), unit) if sign else today
        return FORMATS[style](day)

    return PLACEHOLDER.sub(replace, text)


def example_page(example: dict, which: str, today: datetime.date) -> str:
    """The ``which`` ("bad" or "good") page of a pack example, its dates rendered for the
    example's own ``today`` if it pins one, else for ``today``."""
    pinned = example.get("today")
    return render_example(example[which], datetime.date.fromisoformat(pinned) if pinned else today)
