"""The date that date rules count from: --today, else MEDLINT_TODAY, else the system date."""

from __future__ import annotations

import datetime
import os

from medlint.errors import UsageError


def resolve_today(value: datetime.date | str | None, option: str = "--today") -> datetime.date:
    """``value`` (a date or "YYYY-MM-DD", given as ``option``), else MEDLINT_TODAY, else the system date.

    Raises UsageError naming ``option`` or MEDLINT_TODAY when the text is not a date.
    """
    if isinstance(value, datetime.date):
        return value
    raw, source = (value, option) if value else (os.environ.get("MEDLINT_TODAY"), "MEDLINT_TODAY")
    if not raw:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(f"{source} must be a date as YYYY-MM-DD, not '{raw}'") from None


def today_source(value: datetime.date | str | None) -> str:
    """Where resolve_today takes the date from, for people reading the settings."""
    return "--today" if value else "MEDLINT_TODAY" if os.environ.get("MEDLINT_TODAY") else "the system date"
