"""What a check may know besides the page (Context), apart from the checks themselves.

The engine builds the Context of every run, a run served from the result cache too (it is
part of the cache key), while the checks package loads the document model, the pattern
anchors and the page analysis: kept here, a warm run imports none of them.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple


class _ContextFields(NamedTuple):
    """Context's fields (see Context)."""

    today: datetime.date
    target_grade: float = 8.0
    review_max_age: str = "3y"  # "3y", "18m"
    date_order: str = "day-first"  # how to read 12/03/2019: day-first or month-first
    review_date_keys: tuple[str, ...] = ("last_reviewed", "last-reviewed", "lastReviewed", "reviewed",
                                         "review_date", "date_reviewed")
    words: frozenset[str] = frozenset()  # accepted spellings (config words and word-files)
    spelling: str = "any"  # any, en-GB or en-US
    abbreviations: frozenset[str] = frozenset()  # abbreviations readers know, beyond the built-in list
    grade_skip_words: frozenset[str] = frozenset()  # names left out of the reading grade's polysyllable count


class Context(_ContextFields):
    """What a check may know besides the page: the run's date (by default the system's date
    today) and the user's settings. (A named tuple, not a frozen dataclass: made at every
    run's start in a fifth of the time; this subclass only gives ``today`` its default.)"""

    __slots__ = ()

    def __new__(cls, today: datetime.date | None = None, *args, **kwargs) -> Context:
        return super().__new__(cls, datetime.date.today() if today is None else today, *args, **kwargs)
