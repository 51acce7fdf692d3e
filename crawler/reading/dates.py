"""Dates and times as a reader reads them: "25 Nov 2026, 10:15 IST", with the site's own month names
(CLDR's, through Babel) on the sites that have them; the network's pages are Indian, so times are shown in
IST whatever offset they were stored with. A value that is not an ISO date is shown as it is."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime

IST = timezone(timedelta(hours=5, minutes=30), "IST")
# English month names abbreviated as English readers expect; the Indian languages' abbreviations (नव॰,
# নভে) read less easily than the whole name.
_PATTERNS = {"en": ("d MMM y", "d MMM y, HH:mm"), "*": ("d MMMM y", "d MMMM y, HH:mm")}
_LOCALES = {"en": "en_IN"}


def readable_time(value: str | None, language: str = "en") -> str:
    """``value`` (an ISO date, or date and time with or without an offset; naive means IST) for a reader of
    ``language``; '' for nothing, the value itself when it is not ISO."""
    if not value:
        return ""
    locale = _locale(language)
    day_pattern, time_pattern = _PATTERNS.get(locale.language, _PATTERNS["*"])
    try:
        if len(value) == 10:
            return format_date(date.fromisoformat(value), day_pattern, locale=locale)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=IST)).astimezone(IST)
    return format_datetime(moment, time_pattern, tzinfo=IST, locale=locale) + " IST"


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(_LOCALES.get(language, language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_LOCALES["en"])
