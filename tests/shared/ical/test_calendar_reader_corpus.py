"""read_calendar over the real-world corpus in ../shared/corpus/ics (skipped when absent).

The corpus MANIFEST's ``expected`` column is the authority. For every ``valid`` file each
VEVENT must be kept, at the right instant. What is "right" is computed here independently of
the reader: the VEVENT blocks are found in the raw text, and each DTSTART/RECURRENCE-ID/DTEND
line is turned into an instant with zoneinfo, icalendar's own VTIMEZONE -> tzinfo, and
icalendar's copy of the CLDR Windows table -- not with the reader's zone resolution. As in
icalendar, a TZID that is an IANA id means that zone; another TZID with a VTIMEZONE follows
the VTIMEZONE from its first onset on (before it, the name). The only
VEVENTs a valid file may lose are the ones this independent reading finds unusable: no DTSTART
(nor RECURRENCE-ID) at all; those must be reported as skipped. An event whose DTEND is before
its DTSTART is kept at its start (and lasts no time).
"""

from __future__ import annotations

import csv
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

import pytest
from icalendar import Timezone
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from nextsteps_shared.errors import CalendarDataError
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.ical import ReadResult, read_calendar

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "ics"
DEFAULT_TZ = "America/Phoenix"  # not UTC, so that a floating time placed in UTC shows
SECONDS_PER_FILE = 10


def manifest() -> list[dict[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = manifest()
VALID = [row["path"] for row in ROWS if row["expected"] == "valid"]
MALFORMED = [row["path"] for row in ROWS if row["expected"] == "malformed"]
needs_corpus = pytest.mark.skipif(not ROWS, reason=f"no corpus at {CORPUS}")


class HangError(Exception):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise HangError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- an independent reading of the raw text --------------------------------------------


@dataclass
class Block:
    """One VEVENT as found in the raw text: its own properties and its calendar's zone."""

    properties: dict[str, tuple[dict[str, str], str]] = field(default_factory=dict)
    calendar_zone: str | None = None


@dataclass
class RawFile:
    blocks: list[Block] = field(default_factory=list)
    vtimezones: dict[str, str] = field(default_factory=dict)


def raw_reading(data: bytes) -> RawFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    walker = RawWalker()
    for line in re.sub(r"\r?\n[ \t]", "", text.lstrip("\ufeff")).splitlines():
        walker.take(line)
    return walker.raw


class RawWalker:
    """Follows BEGIN/END nesting line by line, collecting VEVENTs and VTIMEZONEs."""

    def __init__(self) -> None:
        self.raw = RawFile()
        self.stack: list[str] = []
        self.calendar_zone: str | None = None
        self.vtimezone: list[str] = []

    def take(self, line: str) -> None:
        name, params, value = content_line(line)
        if "VTIMEZONE" in self.stack or (name, value.upper()) == ("BEGIN", "VTIMEZONE"):
            self.vtimezone.append(line)
        if name == "BEGIN":
            self.begin(value.upper())
        elif name == "END":
            self.end(value.upper())
        elif self.stack[-1:] == ["VCALENDAR"] and name == "X-WR-TIMEZONE":
            self.calendar_zone = value.strip()
        elif self.stack[-1:] == ["VEVENT"] and self.raw.blocks:
            self.raw.blocks[-1].properties.setdefault(name, (params, value))

    def begin(self, component: str) -> None:
        self.stack.append(component)
        if component == "VCALENDAR":
            self.calendar_zone = None
        elif component == "VEVENT":
            self.raw.blocks.append(Block(calendar_zone=self.calendar_zone))

    def end(self, component: str) -> None:
        if component == "VTIMEZONE":
            text = "\r\n".join(self.vtimezone) + "\r\n"
            self.vtimezone = []
            tzid = re.search(r"^TZID[^:]*:(.*)$", text, re.M)
            if tzid:
                self.raw.vtimezones.setdefault(plain_tzid(tzid.group(1)), text)
        if self.stack and self.stack[-1] == component:
            self.stack.pop()


def content_line(line: str) -> tuple[str, dict[str, str], str]:
    """Name, parameters and value, with ':' and ';' inside quotes respected."""
    quoted = False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:position], line[position + 1 :]
            break
    else:
        return "", {}, ""
    name, *params = re.findall(r'(?:[^;"]|"[^"]*")+', head) or [""]
    pairs = (param.partition("=") for param in params)
    return name.strip().upper(), {k.strip().upper(): v.strip('"') for k, _, v in pairs}, value


def plain_tzid(tzid: str) -> str:
    return tzid.replace("\\", "").strip().strip('"').strip()


Expected = datetime | date | None  # None: cannot be told independently


def expected_moment(raw: RawFile, block: Block, name: str) -> Expected:
    params, value = block.properties[name]
    value = value.strip()
    if re.fullmatch(r"\d{8}", value):
        return datetime.strptime(value, "%Y%m%d").date()
    if not re.fullmatch(r"\d{8}T\d{6}Z?", value):
        raise ValueError(f"not a date-time: {value!r}")
    wall = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if "TZID" in params:
        zone = zone_of_tzid(raw, params["TZID"], wall)
        return None if zone is None else wall.replace(tzinfo=zone)
    if value.endswith("Z"):
        return wall.replace(tzinfo=UTC)
    return wall.replace(tzinfo=named(block.calendar_zone) or ZoneInfo(DEFAULT_TZ))


def zone_of_tzid(raw: RawFile, tzid: str, wall: datetime) -> tzinfo | None:
    """An IANA id's zone; else the VTIMEZONE from its first onset on, the name otherwise."""
    plain = plain_tzid(tzid)
    try:
        return ZoneInfo(plain.strip("/"))  # an IANA id means that zone, VTIMEZONE or not
    except (ValueError, KeyError, OSError):
        pass
    onsets = re.findall(r"^DTSTART[^:]*:(\d{8}T\d{6})", raw.vtimezones.get(plain, ""), re.M)
    if onsets and wall < datetime.strptime(min(onsets), "%Y%m%dT%H%M%S") and named(plain):
        return named(plain)
    if plain in raw.vtimezones:
        try:
            component = Timezone.from_ical(raw.vtimezones[plain])
            assert isinstance(component, Timezone)
            zone: tzinfo = component.to_tz(lookup_tzid=False)
        except ValueError:  # icalendar cannot build it: the name is all there is
            return named(plain)
        return zone
    return named(plain)


def named(name: str | None) -> tzinfo | None:
    if not name:
        return None
    parts = name.strip("/").split("/")
    candidates = [name.strip("/"), WINDOWS_TO_OLSON.get(name, "")]
    candidates += ["/".join(parts[-size:]) for size in (3, 2)]
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ValueError, KeyError, OSError):
            continue
    return None


def moment_or_none(raw: RawFile, block: Block, name: str) -> Expected:
    if name not in block.properties:
        return None
    try:
        return expected_moment(raw, block, name)
    except ValueError:
        return None


def must_be_skipped(raw: RawFile, block: Block) -> str | None:
    """Why the independent reading finds this VEVENT unusable, if it does."""
    if "DTSTART" not in block.properties and "RECURRENCE-ID" not in block.properties:
        return "no DTSTART"
    return None


# --- checks ------------------------------------------------------------------------------


def assert_at(event: CalendarEvent, moment: datetime, expected: Expected, what: str) -> bool:
    """Whether ``expected`` was known; when it was, ``moment`` must be that instant."""
    if expected is None:
        return False
    if isinstance(expected, datetime):
        assert moment.astimezone(UTC) == expected.astimezone(UTC), what
        assert moment.replace(tzinfo=None) == expected.astimezone(moment.tzinfo).replace(
            tzinfo=None
        ), what
    else:
        assert event.all_day, what
        assert (moment.date(), moment.time()) == (expected, datetime.min.time()), what
    return True


def check_event(raw: RawFile, block: Block, event: CalendarEvent, where: str) -> int:
    """Assert the event's instants (the start always); returns how many were checked."""
    start_name = "DTSTART" if "DTSTART" in block.properties else "RECURRENCE-ID"
    start = expected_moment(raw, block, start_name)
    assert assert_at(event, event.start, start, f"{where} start"), f"{where}: start unknown"
    checked = 1
    if "RECURRENCE-ID" in block.properties:
        assert event.recurrence_id is not None, where
        recurrence = expected_moment(raw, block, "RECURRENCE-ID")
        checked += assert_at(event, event.recurrence_id, recurrence, f"{where} RECURRENCE-ID")
    end = moment_or_none(raw, block, "DTEND")
    if end is not None and type(end) is type(start) and end >= start:  # type: ignore[operator]
        if isinstance(end, date) and not isinstance(end, datetime) and end == start:
            end += timedelta(days=1)
        checked += assert_at(event, event.end, end, f"{where} end")
    params, value = block.properties[start_name]
    is_floating = isinstance(start, date) and not isinstance(start, datetime)
    is_floating = is_floating or ("TZID" not in params and not value.strip().endswith("Z"))
    assert event.floating == (is_floating and block.calendar_zone is None), where
    assert event.start.utcoffset() is not None
    assert event.timezone == "UTC" or ZoneInfo(event.timezone)
    return checked


def read(path: str) -> ReadResult:
    with deadline(SECONDS_PER_FILE):
        return read_calendar((CORPUS / path).read_bytes(), DEFAULT_TZ, source=path)


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("path", VALID)
def test_a_valid_file_keeps_every_event_at_the_right_instant(path: str) -> None:
    raw = raw_reading((CORPUS / path).read_bytes())
    result = read(path)
    unusable = {i: why for i, b in enumerate(raw.blocks) if (why := must_be_skipped(raw, b))}
    assert len(result.events) + len(result.skipped) == len(raw.blocks)
    assert {s.index: s.reason for s in result.skipped}.keys() == unusable.keys()
    for skipped in result.skipped:
        assert unusable[skipped.index] in skipped.reason
    kept = [block for index, block in enumerate(raw.blocks) if index not in unusable]
    for number, (block, event) in enumerate(zip(kept, result.events, strict=True)):
        check_event(raw, block, event, f"{path} kept event {number}")


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("path", MALFORMED)
def test_a_malformed_file_neither_crashes_nor_hangs(path: str) -> None:
    try:
        result = read(path)
    except CalendarDataError as error:
        refusal: str | None = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.startswith(f"{path}: ")
        assert "\n" not in refusal
        return
    begins = raw_reading((CORPUS / path).read_bytes()).blocks
    assert len(result.events) + len(result.skipped) <= max(len(begins), 1) * 2
    assert [s.index for s in result.skipped] == sorted({s.index for s in result.skipped})
    for skipped in result.skipped:
        assert skipped.reason
        assert f"VEVENT #{skipped.index + 1} in {path}" in skipped.reason
    for event in result.events:
        assert event.end >= event.start


def test_the_corpus_is_found_beside_the_repository_when_it_is_there() -> None:
    if not ROWS:
        pytest.skip(f"no corpus at {CORPUS}")
    assert len(VALID) + len(MALFORMED) == len(ROWS)
