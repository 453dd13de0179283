"""The timing grammar: canonical clause text -> dated mentions.

Each rule is a precompiled pattern over canonical tokens (see
:mod:`nextsteps_shared.notes.canonical`) with a function that turns a match into a date,
given the reference date (the interview's local date, or an update's own date) and whether
numeric dates read month first. Rules run in order; text a rule matched is masked so that a
later, looser rule cannot read it again ("Fri 13/03" is one date, not a Friday and a date).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import Final

from nextsteps_shared.notes import reckoning as rk


@dataclass(frozen=True)
class Context:
    """What relative expressions are counted from."""

    reference: date
    month_first: bool


@dataclass(frozen=True)
class Mention:
    """A timing found in a clause: a date, or an extension of the previous window by days."""

    start: int
    end: int
    due: date | None
    extend_days: int = 0
    kind: str = "strict"  # "lenient": needs no "hear back" cue; "explicit": a written date


Reading = Callable[[re.Match[str], Context], date | None]

STRICT: Final = "strict"
LENIENT: Final = "lenient"  # durations and week phrases count without a "hear back" cue
EXPLICIT: Final = "explicit"  # a written calendar date

_WEEK_OF: Final = (
    r"(?:(?<!\d )(?P<weekof>WEEKS) (?:of|van|de|du|da|del|della|di|vom|von) (?:the )?)?"
    r"(?:WD\d ?,? )?"
)
_NOT_AMOUNT: Final = r"(?!\s*(?:BDAYS|DAYS|WEEKS|MONTHS?|HOURS|k\b|%|mil\b|h\b|uhr|pm\b|am\b))"
_FILLER: Final = r"[ -]*(?:(?:the|this|of|de|la|del|della|da|do|van|di|des|der|du|dieser) )*"
# "quinta-feira da próxima semana", "jeudi de la semaine prochaine", "Donnerstag der nächsten"
_OF_THE: Final = r"(?:(?:of the|of|de la|de|da|do|della|di|der|des|van de|van|w|en la) )?"
_PARTS: Final = {"EARLY": "early", "MID": "mid", "ENDOF": "end"}
_WEEK_PART_DAYS: Final = {"EARLY": 1, "MID": 2, "ENDOF": rk.FRIDAY}
_UNIT_DAYS: Final = {"DAYS": 1, "WEEKS": 7}
_HOURS_A_DAY: Final = 24


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)


def _week_of(match: re.Match[str], day: date | None) -> date | None:
    if day is None or not match.groupdict().get("weekof"):
        return day
    return day + timedelta(days=rk.FRIDAY - day.weekday())


def _numeric(match: re.Match[str], ctx: Context) -> date | None:
    first, second = int(match.group("a")), int(match.group("b"))
    dotted = match.groupdict().get("sep") == "."
    month, day = (first, second) if ctx.month_first and not dotted else (second, first)
    if month > 12 >= day and not dotted:
        month, day = day, month
    found = rk.upcoming(ctx.reference, month, day, _year(match.groupdict().get("y")))
    return _week_of(match, found)


def _iso(match: re.Match[str], ctx: Context) -> date | None:
    found = rk.upcoming(ctx.reference, int(match.group("a")), int(match.group("b")),
                        int(match.group("y")))
    return _week_of(match, found)


def _named(match: re.Match[str], ctx: Context) -> date | None:
    found = rk.upcoming(ctx.reference, int(match.group("m")), int(match.group("b")),
                        _year(match.group("y")))
    return _week_of(match, found)


def _month_part(match: re.Match[str], ctx: Context) -> date | None:
    part = _PARTS[match.group("part")]
    if match.group("m"):
        return rk.month_part(ctx.reference, int(match.group("m")), part)
    year, month = rk.shift_month(ctx.reference, 1 if match.group("rel") == "NEXTMONTH" else 0)
    if part == "end":
        return rk.last_day_of_month(year, month)
    return date(year, month, 10 if part == "early" else 15)


def _week_part(match: re.Match[str], ctx: Context) -> date | None:
    return rk.weekday_of_next_week(ctx.reference, _WEEK_PART_DAYS[match.group("part")])


def _weekday_number(match: re.Match[str], ctx: Context) -> date | None:
    return _week_of(match, rk.next_day_of_month(ctx.reference, int(match.group("n"))))


def _next_weekday(match: re.Match[str], ctx: Context) -> date | None:
    return rk.weekday_of_next_week(ctx.reference, int(match.group("wd")))


def _weekday(match: re.Match[str], ctx: Context) -> date | None:
    return rk.first_weekday_after(ctx.reference, int(match.group("wd")))


def _duration(match: re.Match[str], ctx: Context) -> date | None:
    count, unit = int(match.group("n")), match.group("unit")
    if count > 366:
        return None
    if unit == "HOURS":
        return ctx.reference + timedelta(days=-(-count // _HOURS_A_DAY))
    if unit == "BDAYS":
        return rk.add_business_days(ctx.reference, count)
    if unit.startswith("MONTH"):
        return rk.add_months(ctx.reference, min(count, 24))
    return ctx.reference + timedelta(days=count * _UNIT_DAYS[unit])


def _calendar_week(match: re.Match[str], ctx: Context) -> date | None:
    """Friday of ISO week ``n`` ("KW 12", "week 12"), this year or, once past, next year."""
    number = int(match.group("n"))
    for year in (ctx.reference.year, ctx.reference.year + 1):
        try:
            friday = date.fromisocalendar(year, number, rk.FRIDAY + 1)
        except ValueError:
            return None
        if friday >= ctx.reference:
            return friday
    return None


def _offset(days: int) -> Reading:
    def read(_match: re.Match[str], ctx: Context) -> date | None:
        return ctx.reference + timedelta(days=days)

    return read


def _fixed(function: Callable[[date], date]) -> Reading:
    def read(_match: re.Match[str], ctx: Context) -> date | None:
        return function(ctx.reference)

    return read


def _end_of_this_month(day: date) -> date:
    return rk.last_day_of_month(day.year, day.month)


def _month_alone(match: re.Match[str], ctx: Context) -> date | None:
    return rk.month_part(ctx.reference, int(match.group("m")), "end")


def _week_after_next(day: date) -> date:
    return rk.weekday_of_next_week(day, rk.FRIDAY) + timedelta(days=7)


_EXTEND: Final = re.compile(
    r"EXTEND|(?:another|(?:noch|encore|otras?|mais|nog|altre|jeszcze)) (?P<n>\d+) "
    r"(?P<unit>DAYS|WEEKS)|(?P<n2>\d+) (?:more|weitere|de plus|mas|a mais|in piu) "
    r"(?P<unit2>DAYS|WEEKS)"
)

_RULES: Final[tuple[tuple[re.Pattern[str], Reading, str], ...]] = tuple(
    (re.compile(pattern), reading, kind)
    for pattern, reading, kind in (
        (rf"{_WEEK_OF}(?<!\d)(?P<y>20\d\d)-(?P<a>\d{{1,2}})-(?P<b>\d{{1,2}})(?!\d)",
         _iso, EXPLICIT),
        (rf"{_WEEK_OF}(?<![\d/.:,+\-])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)"
         rf"(?P<y>\d{{4}}|\d{{2}})(?![\d/:]|\.\d)", _numeric, EXPLICIT),
        (rf"{_WEEK_OF}(?<![\d/.:,+\-])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})\.?"
         rf"(?![\d/:]|\.\d){_NOT_AMOUNT}", _numeric, EXPLICIT),
        (rf"{_WEEK_OF}(?<![\d\-/.:])(?P<a>\d\d)-(?P<b>\d\d)(?![\d\-/]){_NOT_AMOUNT}",
         _numeric, EXPLICIT),
        (rf"{_WEEK_OF}(?:the )?(?<![\d/.:])(?P<b>\d{{1,2}})(?:st|nd|rd|th|er|e|\.)?"
         rf"(?: of| de|-)? M(?P<m>\d{{1,2}})(?!\d)(?:,? (?P<y>\d{{4}}))?", _named, EXPLICIT),
        (rf"{_WEEK_OF}M(?P<m>\d{{1,2}})\.? (?:the )?(?P<b>\d{{1,2}})(?:st|nd|rd|th)?"
         rf"(?![\d/:]|\.\d|\s*(?:BDAYS|DAYS|WEEKS))(?:,? (?P<y>\d{{4}}))?", _named, EXPLICIT),
        (rf"(?P<part>EARLY|MID|ENDOF){_FILLER}(?:M(?P<m>\d{{1,2}})(?!\d)"
         rf"|(?P<rel>NEXTMONTH|THISMONTH|MONTH))", _month_part, STRICT),
        (r"EOM|THISMONTH", _fixed(_end_of_this_month), STRICT),
        (r"EOY", _fixed(lambda day: date(day.year, 12, 31)), STRICT),
        (rf"(?P<part>EARLY|MID|ENDOF){_FILLER}NEXTWEEK", _week_part, LENIENT),
        (rf"ENDOF{_FILLER}WEEKS(?! of)", _fixed(rk.end_of_week), LENIENT),
        (rf"WD(?P<wd>\d),? (?:the )?(?P<n>\d{{1,2}})(?:st|nd|rd|th|\.)?(?![\d/.:]){_NOT_AMOUNT}",
         _weekday_number, STRICT),
        (r"(?:EOD )?(?:NEXT|NEXTWEEK),? (?:on |am |le |el |il |op |w |we |na |em |no |a |de |の ?)?"
         r"WD(?P<wd>\d)(?: EOD)?",
         _next_weekday, STRICT),
        (rf"(?:EOD )?WD(?P<wd>\d),? {_OF_THE}(?:NEXTWEEK|NEXT(?!STEPS))", _next_weekday, STRICT),
        (r"WEEKAFTERNEXT", _fixed(_week_after_next), LENIENT),
        (r"NEXTWEEK", _fixed(lambda day: rk.weekday_of_next_week(day, rk.FRIDAY)), LENIENT),
        (r"EOW", _fixed(rk.end_of_week), LENIENT),
        (r"(?:(?<![\d/.:])\d+ ?(?:-|–|to|or|bis|a|y|e|ou|of|tot|do|o|〜|~|と) ?)?"
         r"(?<![\d/.:])(?P<n>\d+) ?(?P<unit>BDAYS|DAYS|WEEKS|MONTHS?|HOURS)(?! of)",
         _duration, LENIENT),
        (r"(?:\bkw ?|WEEKS )(?P<n>\d{1,2})\b(?![\d/:-]|\.\d)", _calendar_week, STRICT),
        (rf"{_WEEK_OF}(?:the |le |el |il |den |zum )?(?<![\d/.:])(?P<n>\d{{1,2}})"
         r"(?:st|nd|rd|th)\b", _weekday_number, STRICT),
        (r"(?:EOD )?DAYAFTERTMRW(?: EOD)?", _offset(2), STRICT),
        (r"(?:EOD )?TMRW(?: EOD)?", _offset(1), STRICT),
        (r"(?:EOD )?TODAY(?: EOD)?|(?<!WD\d )(?<!\x00 )EOD(?! ?(?:WD\d|\x00))", _offset(0), STRICT),
        (r"WD\d ?(?:or|/|-|–|to|bis|oder|ou|o|y|of|lub|か) ?WD(?P<wd>\d)", _weekday, STRICT),
        (r"(?:EOD )?WD(?P<wd>\d)(?: EOD)?", _weekday, STRICT),
        (r"\b(?:in|im|en|em|w|a|by|bis|until|before|avant|antes de|voor|entro|do|ate) "
         r"M(?P<m>\d{1,2})(?!\d)", _month_alone, STRICT),
    )
)


_TOKEN: Final = re.compile(r"[A-Z0-9]")


def _read(reading: Reading, match: re.Match[str], ctx: Context) -> date | None:
    try:
        return reading(match, ctx)
    except (OverflowError, ValueError):  # past date.max, or a day a month does not have
        return None


_MAX_PER_RULE: Final = 32  # a note never holds more; bounds the work on pathological text


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        pieces += [text[last:start], "\x00" * (end - start)]
        last = end
    return "".join(pieces) + text[last:]


def _extensions(text: str) -> Iterator[Mention]:
    for match in _EXTEND.finditer(text):
        count = match.group("n") or match.group("n2")
        unit = match.group("unit") or match.group("unit2")
        days = int(count) * _UNIT_DAYS[unit] if count and unit else 7
        yield Mention(match.start(), match.end(), None, extend_days=days, kind=LENIENT)


def find_mentions(clause: str, ctx: Context) -> list[Mention]:
    """Every timing in a canonical clause, in reading order."""
    if _TOKEN.search(clause) is None:
        return []
    mentions = list(_extensions(clause))
    text = _EXTEND.sub(lambda m: "\x00" * len(m.group(0)), clause)
    for pattern, reading, kind in _RULES:
        spans: list[tuple[int, int]] = []
        for match in islice(pattern.finditer(text), _MAX_PER_RULE):
            due = _read(reading, match, ctx)
            if due is not None:
                mentions.append(Mention(match.start(), match.end(), due, kind=kind))
            spans.append(match.span())
        text = _masked(text, spans)
    return _merge_alternatives(clause, sorted(mentions, key=lambda mention: mention.start))


_ALTERNATIVE: Final = re.compile(
    r" ?(?:,? ?(?:or|oder|ou|o|of|lub|albo|czy)(?: (?:the|on|am|el|la|le|il|a|em|na|w|op))?"
    r"|/|か) ?(?:maybe )?"
)
_WEEKDAY_ONLY: Final = re.compile(r"(?:EOD )?WD\d(?: EOD)?")


def _merge_alternatives(clause: str, mentions: list[Mention]) -> list[Mention]:
    """"Wednesday or next Thursday" is one timing: the later of the two."""
    merged: list[Mention] = []
    for mention in mentions:
        last = merged[-1] if merged else None
        if last is None or not _alternatives(clause, last, mention):
            merged.append(mention)
            continue
        merged[-1] = Mention(last.start, mention.end, _later(clause, last, mention), kind=last.kind)
    return merged


def _later(clause: str, first: Mention, second: Mention) -> date | None:
    """The later day; a bare weekday after another day is read in that day's week.

    "来週の水曜か木曜" (next week's Wednesday or Thursday) is next week's Thursday.
    """
    if first.due is None or second.due is None or second.due >= first.due:
        return second.due
    if _WEEKDAY_ONLY.fullmatch(clause, second.start, second.end):
        return first.due + timedelta(days=(second.due.weekday() - first.due.weekday()) % 7)
    return first.due


def _alternatives(clause: str, first: Mention, second: Mention) -> bool:
    joined = _ALTERNATIVE.fullmatch(clause, first.end, second.start) is not None
    return joined and first.due is not None and second.due is not None
