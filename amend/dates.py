"""Dates as people write them, for the command line and the web pages.

Contract: ``parse_date(text)`` reads one calendar date written as 2021-08-01, 2021/8/1,
2021.8.1, 2021年8月1日 (the 日 may be left out; full-width digits and separators and spaces
are allowed), 二〇二一年八月一日 (year digit by digit with 〇/○/零, month and day as 八 / 十二 /
三十一; digits and Chinese may be mixed) or 20210801.  A text in one of these forms that names
no real day (2021-02-30, month 13) raises ``DateError`` saying 日期不存在 / no such date;
anything else raises ``DateError`` listing the accepted forms.  ``future_note(day, today)`` is the note, in Chinese and English,
for a date after today: what is shown is the text the timeline says will be in force then (None
for today or earlier).  Pure functions: no input raises anything but ``DateError``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from amend import lazyre
from amend.numerals import NumeralError, cn_to_int

#: The accepted forms, as the messages list them.
FORMS_ZH = ("2021-08-01、2021/8/1、2021.8.1、2021年8月1日（可用全角数字，或二〇二一年八月一日）、"
            "20210801")
FORMS_EN = ("2021-08-01, 2021/8/1, 2021.8.1, 2021年8月1日 (full-width digits, or "
            "二〇二一年八月一日), 20210801")

# "2021-08-01", "2021/8/1", "2021.8.1": one separator, used twice
_SEPARATED = lazyre.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
# "2021年8月1日" (the 日 is often dropped in forms), "二〇二一年八月一日": the year in digits or
# Chinese digit by digit (〇/○/零 for 0), month and day in digits or as numerals (十二, 三十一)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0} | {c: n for n, c in enumerate("一二三四五六七八九", 1)}
_YEAR = rf"\d{{4}}|[{''.join(_CN_DIGITS)}]{{4}}"
_WRITTEN = lazyre.compile(rf"({_YEAR})年(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月"
                      rf"(\d{{1,2}}|[一二三四五六七八九十]{{1,4}})日?")
# "20210801"
_COMPACT = lazyre.compile(r"(\d{4})(\d{2})(\d{2})")


class DateError(ValueError):
    """A date that cannot be used: ``zh`` and ``en`` say why."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


def _shown(text: str) -> str:
    """The input as messages quote it: printable, at most 40 characters."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 40 else text[:40] + "…"


def _number(text: str) -> int:
    """A year, month or day as written: digits, Chinese digits (a year) or a numeral."""
    if text[0] in _CN_DIGITS and len(text) == 4 and "十" not in text:  # 二〇二一
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return int(text) if text.isdigit() else cn_to_int(text)


def _fields(s: str) -> tuple[int, int, int] | None:
    """(year, month, day) as written, or None when ``s`` is in none of the forms."""
    m = _SEPARATED.fullmatch(s) or _WRITTEN.fullmatch(s) or _COMPACT.fullmatch(s)
    if m is None:
        return None
    parts = [g for g in m.groups() if g not in ("-", "/", ".")]
    try:
        return _number(parts[0]), _number(parts[1]), _number(parts[2])
    except NumeralError:  # "十十": not a numeral, so not a date
        return None


def parse_date(text: str) -> dt.date:
    """The date ``text`` names (see the module contract for the forms and the errors)."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    fields = _fields(s)
    if fields is None:
        raise DateError(f"无法识别的日期“{_shown(text or '')}”；可用的写法：{FORMS_ZH}",
                        f"not a date: {_shown(text or '')!r}; accepted forms: {FORMS_EN}")
    try:
        return dt.date(*fields)
    except ValueError:
        raise DateError(f"日期不存在：{_shown(text)}（YYYY-MM-DD：月为1至12，日不超过该月天数）",
                        f"no such date: {_shown(text)!r} (YYYY-MM-DD: the month is 1–12, the day "
                        f"within that month)") from None


def future_note(day: dt.date, today: dt.date | None = None) -> tuple[str, str] | None:
    """For ``day`` after ``today`` (default: the system's today): (zh, en) saying that the text
    shown is the one that will be in force then, as the decisions known now make it."""
    today = today or dt.date.today()
    if day <= today:
        return None
    zh_day, zh_today = (f"{d.year}年{d.month}月{d.day}日" for d in (day, today))
    return (f"注意：{zh_day}在今天（{zh_today}）之后；所示为按时间线届时将有效的文本，"
            f"只计入目前已知的修改",
            f"note: {day} is after today ({today}); shown is the text that will be in force "
            f"then per the timeline, counting only the changes known today")
