"""Whatever the owner does between syncs, applying the change sets in order rebuilds the
calendar exactly: no lost removal, no stale event, no duplicate, even when events move
between objects, overrides come and go, or the token expires. Many examples against the
memory backend, a few against each real server (a fresh calendar per example)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.servers.dav_servers import DavServer
from tests.shared.backends.subjects import Backend, CaldavSubject, MemorySubject, Subject

from nextsteps_shared.backends.protocol import ChangeSet, SyncState

_UIDS = ("screen@a.example", "panel@b.example", "gym@c.example", "call@d.example")
_OBJECTS = ("one.ics", "two.ics", "three.ics")

_store = st.tuples(
    st.just("store"),
    st.sampled_from(_OBJECTS),
    st.sampled_from(_UIDS),  # one UID per object (RFC 4791; Radicale insists)
    st.booleans(),  # with an override of one instance
)
_remove = st.tuples(st.just("remove"), st.sampled_from(_OBJECTS))
_op = st.one_of(_store, _remove, st.just(("sync",)), st.just(("expire",)))


def _vevent(uid: str, version: int, override: bool) -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20261101T000000Z", f"SUMMARY:{uid} v{version}"]
    if override:
        lines += ["RECURRENCE-ID:20261208T090000Z", "DTSTART:20261209T090000Z"]
        lines += ["DTEND:20261209T100000Z"]
    else:
        lines += ["DTSTART:20261201T090000Z", "DTEND:20261201T100000Z", "RRULE:FREQ=WEEKLY"]
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


@dataclass
class World:
    subject: Subject
    truth: dict[str, dict[str, str]] = field(default_factory=dict)  # object -> key -> summary
    replica: dict[str, str] = field(default_factory=dict)
    state: SyncState | None = None
    version: int = 0

    def store(self, name: str, uid: str, override: bool) -> None:
        taken = {key.split("#")[0] for other, keys in self.truth.items() if other != name
                 for key in keys}  # fmt: skip
        if uid in taken:  # the server would refuse a second object with that UID
            return
        if uid not in self.truth.get(name, {uid: ""}):  # an object keeps its UID (Radicale)
            self.remove(name)
        self.version += 1
        summary = f"{uid} v{self.version}"
        events = _vevent(uid, self.version, False)
        keys = {uid: summary}
        if override:
            events += _vevent(uid, self.version, True)
            keys[f"{uid}#20261208T090000Z"] = summary
        calendar = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n"
        self.subject.store(name, calendar)
        self.truth[name] = keys

    def remove(self, name: str) -> None:
        if self.truth.pop(name, None) is not None:
            self.subject.remove(name)

    def expire(self) -> None:
        if isinstance(self.subject, MemorySubject):
            self.subject.calendar.expire_tokens()
        elif self.state is not None and self.state.token is not None:
            self.state = self.state.model_copy(update={"token": self.state.token + "0"})

    def apply(self, changes: ChangeSet) -> None:
        upserted = {event.key for event in changes.upserts}
        assert not upserted & set(changes.removals)
        if changes.full_resync:
            self.replica = {}
        for key in changes.removals:
            assert key in self.replica or changes.full_resync
            self.replica.pop(key, None)
        for event in changes.upserts:
            self.replica[event.key] = event.summary
        self.state = changes.next_state

    def expected(self) -> dict[str, str]:
        return {key: summary for keys in self.truth.values() for key, summary in keys.items()}


def _replay(subject: Subject, ops: list[tuple[object, ...]]) -> None:
    world = World(subject)

    async def sync(calendar: Backend) -> None:
        world.apply(await calendar.changes(world.state))
        assert world.replica == world.expected()

    async def scenario(calendar: Backend) -> None:
        for op in ops:
            match op:
                case ("store", str(name), str(uid), bool(override)):
                    world.store(name, uid, override)
                case ("remove", str(name)):
                    world.remove(name)
                case ("expire",):
                    world.expire()
                case _:
                    await sync(calendar)
        await sync(calendar)

    subject.run(scenario)


@settings(max_examples=150, deadline=None)
@given(st.lists(_op, max_size=25))
def test_change_sets_rebuild_the_memory_calendar(ops: list[tuple[object, ...]]) -> None:
    _replay(MemorySubject(), ops)


@pytest.mark.parametrize("name", ["radicale", "radicale-etags", "xandikos"])
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(_op, max_size=25))
def test_change_sets_rebuild_a_server_calendar(
    request: pytest.FixtureRequest, name: str, ops: list[tuple[object, ...]]
) -> None:
    server: DavServer = request.getfixturevalue(f"{name.split('-', maxsplit=1)[0]}_server")
    _replay(CaldavSubject(server, has_tokens=not name.endswith("-etags")), ops)
