"""What follow-ups say: the interview, whom to write to, the draft, the link, the reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from nextsteps_shared.followup import FollowUp, FollowUpKind
from nextsteps_shared.interview import Interview
from nextsteps_shared.notes.reading import NotesReading
from nextsteps_shared.owner import Owner
from nextsteps_shared.people import Person
from nextsteps_shared.policy import FollowUpPolicy, followup_uid, plan_followups
from nextsteps_shared.policy.contacts import is_recruiter, is_robot, is_role_account
from nextsteps_shared.policy.drafts import greeting
from nextsteps_shared.policy.mailto import mailto_link
from nextsteps_shared.policy.silence import SILENCE_REASONS, silence_reason

MakeInterview = Callable[..., Interview]
KINDS = FollowUpKind


def chain_of(interview: Interview, owner: Owner, due: date | None = None) -> dict[str, FollowUp]:
    now = interview.event.end + timedelta(minutes=5)
    made = plan_followups(interview, NotesReading(due=due), [], owner, FollowUpPolicy(), now)
    return {f"{f.kind.value}{f.attempt or ''}": f for f in made}


def decoded(link: str) -> tuple[list[str], str, str]:
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    to = [unquote(a) for a in parts.path.split(",")] if parts.path else []
    return to, query["subject"][0], query["body"][0]


def test_contacts_skip_the_owner_robots_and_schedulers(
    make_interview: MakeInterview, owner: Owner
) -> None:
    interview = make_interview(
        "2026-03-03 14:00",
        organizer=Person(email="scheduling@goodtime.io", name="GoodTime"),
        attendees=(
            Person(email="Lena.Hoffmann@posteo.de"),
            Person(email="lena.h@gmail.com"),
            Person(email="noreply@northwind-logistics.com"),
            Person(email="calendar-notification@google.com"),
            Person(email="conf-room-4b@resource.calendar.google.com"),
            Person(email="priya.raman@northwind-logistics.com", name="Priya Raman"),
            Person(email="do-not-reply+88121@northwind-logistics.com"),
        ),
    )
    chain = chain_of(interview, owner)
    assert {f.contacts for f in chain.values()} == {("priya.raman@northwind-logistics.com",)}


def test_description_names_the_interview_and_the_people(
    make_interview: MakeInterview, owner: Owner
) -> None:
    chain = chain_of(make_interview("2026-03-03 14:00"), owner, due=date(2026, 3, 6))
    for followup in chain.values():
        text = followup.description
        assert "Tue 3 Mar 2026, 14:00–15:00 (Europe/Berlin)" in text
        assert "Priya Raman <priya.raman@northwind-logistics.com>" in text
        assert "Becker, Tom <tom.becker@northwind-logistics.com>" in text
        assert "lena.hoffmann@posteo.de" not in text
        assert "greenhouse" not in text
    first = chain["follow_up"]
    assert first.summary == "Follow up now: Northwind Logistics — Senior Backend Engineer"
    assert "hear back by Fri 6 Mar" in first.description
    assert first.contacts == (
        "priya.raman@northwind-logistics.com",
        "tom.becker@northwind-logistics.com",
        "recruiting@northwind-logistics.com",
    )


def test_note_explains_what_to_write_and_the_tags(
    make_interview: MakeInterview, owner: Owner
) -> None:
    note = chain_of(make_interview("2026-03-03 14:00"), owner)["next_steps_note"]
    assert note.summary == "Write down the next steps: Northwind Logistics"
    assert "Next steps: hiring manager call, decision by Friday" in note.description
    for tag in ("#offer", "#rejected", "#heard-back", "#withdrawn", "#not-interview"):
        assert tag in note.description
    assert "Technical interview: Lena Hoffmann / Northwind Logistics" in note.description
    assert note.mailto is None


def test_thank_you_goes_to_the_interviewers(make_interview: MakeInterview, owner: Owner) -> None:
    thanks = chain_of(make_interview("2026-03-03 14:00"), owner)["thank_you"]
    assert thanks.summary == "Send a thank-you note: Northwind Logistics"
    assert thanks.mailto is not None
    to, subject, body = decoded(thanks.mailto)
    assert to == ["priya.raman@northwind-logistics.com", "tom.becker@northwind-logistics.com"]
    assert subject == "Thank you — Northwind Logistics — Senior Backend Engineer"
    assert body.startswith("Hi Priya and Tom,\r\n\r\n")
    assert "the technical interview about the Senior Backend Engineer role at Northwind" in body
    assert thanks.mailto in thanks.description


def test_follow_up_drafts_differ_and_name_the_earlier_message(
    make_interview: MakeInterview, owner: Owner
) -> None:
    chain = chain_of(make_interview("2026-03-03 14:00"), owner, due=date(2026, 3, 6))
    bodies = []
    for key in ("follow_up", "follow_up_again1", "follow_up_again2"):
        link = chain[key].mailto
        assert link is not None
        to, subject, body = decoded(link)
        assert to[-1] == "recruiting@northwind-logistics.com"
        assert body.startswith("Hi Priya and Tom,")  # the recruiting inbox is not greeted
        assert "Northwind Logistics" in subject
        bodies.append(body)
        assert body.replace("\r\n", "\n") in chain[key].description
    assert "You mentioned I could expect to hear back by Fri 6 Mar" in bodies[0]
    assert "I last wrote on Mon 9 Mar" in bodies[1]
    assert "I last wrote on Mon 16 Mar" in bodies[2]
    assert len(set(bodies)) == 3
    again = chain["follow_up_again1"].description
    assert "Northwind Recruiting <recruiting@northwind-logistics.com>" in again
    assert "may have moved on" in again


def test_every_chasing_step_says_why_silence_happens_and_rotates(
    make_interview: MakeInterview, owner: Owner
) -> None:
    chain = chain_of(make_interview("2026-03-03 14:00"), owner)
    reasons = []
    for key in ("follow_up", "follow_up_again1", "follow_up_again2"):
        found = [r for r in SILENCE_REASONS if r in chain[key].description]
        assert len(found) == 1
        reasons.append(found[0])
    assert len(set(reasons)) == 3
    assert not any(r in chain["thank_you"].description for r in SILENCE_REASONS)


def test_silence_reason_is_deterministic_and_covers_all() -> None:
    assert silence_reason("abc", 1) == silence_reason("abc", 1)
    assert {silence_reason("abc", step) for step in range(5)} == set(SILENCE_REASONS)


def test_unknown_employer_and_role_fall_back_to_the_title(
    make_interview: MakeInterview, owner: Owner
) -> None:
    interview = make_interview(
        "2026-03-03 14:00", company=None, role=None, stage=None, summary="Call with Sam (Orbital)"
    )
    chain = chain_of(interview, owner)
    assert chain["follow_up"].summary == "Follow up now: Call with Sam (Orbital)"
    assert chain["next_steps_note"].summary == "Write down the next steps: Call with Sam (Orbital)"
    role_only = make_interview("2026-03-03 14:00", company=None, role="Data Analyst", summary="")
    assert chain_of(role_only, owner)["follow_up"].summary == "Follow up now: Data Analyst"
    bare = make_interview("2026-03-03 14:00", company=None, role=None, summary="")
    assert chain_of(bare, owner)["follow_up"].summary == "Follow up now: your interview"
    company_only = make_interview("2026-03-03 14:00", role=None)
    assert chain_of(company_only, owner)["follow_up"].summary == (
        "Follow up now: Northwind Logistics"
    )


def test_no_reachable_address_still_gives_a_draft(
    make_interview: MakeInterview, owner: Owner
) -> None:
    interview = make_interview(
        "2026-03-03 14:00", attendees=(Person(email="lena.hoffmann@posteo.de"),)
    )
    first = chain_of(interview, owner)["follow_up"]
    assert first.contacts == ()
    assert "no direct address is on the invitation" in first.description
    assert first.mailto is not None
    to, _, body = decoded(first.mailto)
    assert to == []
    assert body.startswith("Hello,")


def test_mailto_encoding() -> None:
    link = mailto_link(
        ["jo+jobs@müller.example", "ana@ex.org"],
        "Re: R&D role? 100% yes",
        "Hi Jo,\n\nA line; another, #hash & more =\nbye",
    )
    assert link.startswith("mailto:jo%2Bjobs@m%C3%BCller.example,ana@ex.org?subject=")
    assert " " not in link
    assert "\n" not in link
    assert re.fullmatch(
        r"mailto:[A-Za-z0-9@%.,_~-]*\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]*", link
    )
    to, subject, body = decoded(link)
    assert to == ["jo+jobs@müller.example", "ana@ex.org"]
    assert subject == "Re: R&D role? 100% yes"
    assert body == "Hi Jo,\r\n\r\nA line; another, #hash & more =\r\nbye"


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ((Person(email="a@x.com", name="Ana Souza"),), "Hi Ana,"),
        (
            (Person(email="a@x.com", name="Souza, Ana"), Person(email="b@x.com", name="Bo Li")),
            "Hi Ana and Bo,",
        ),
        ((Person(email="a@x.com", name="Ana"), Person(email="b@x.com")), "Hello,"),
        ((Person(email="a@x.com", name="a@x.com"),), "Hello,"),
        (tuple(Person(email=f"p{i}@x.com", name=f"P{'abcd'[i]} Q") for i in range(4)), "Hello,"),
        (
            (Person(email="talent@x.com", name="X Talent"), Person(email="k@x.com", name="Kai Wu")),
            "Hi Kai,",
        ),
        ((), "Hello,"),
    ],
)
def test_greeting(people: tuple[Person, ...], expected: str) -> None:
    assert greeting(people) == expected


@pytest.mark.parametrize(
    ("person", "robot", "recruiter", "role_account"),
    [
        (Person(email="noreply@acme.com"), True, False, False),
        (Person(email="no-reply-calendar@acme.com"), True, False, False),
        (Person(email="notifications@acme.com"), True, False, False),
        (Person(email="jobs@acme.com"), False, True, True),
        (Person(email="maria.recruiter@acme.com", name="Maria Lopez"), False, True, False),
        (
            Person(email="m.lopez@acme.com", name="Maria Lopez (Talent Acquisition)"),
            False,
            True,
            False,
        ),
        (Person(email="job.devries@acme.nl", name="Job de Vries"), False, False, False),
        (Person(email="rekrutacja@firma.pl"), False, True, True),
        (Person(email="ta.nguyen@acme.com", name="Ta Nguyen"), False, False, False),
        (Person(email="hr@acme.com"), False, True, True),
        (Person(email="ta@acme.com", name="Talent Acquisition"), False, True, True),
        (Person(email="x@acme.com", name="Acme People Team"), False, False, True),
        (Person(email="priya@acme.com", name="Priya Raman"), False, False, False),
    ],
)
def test_address_kinds(person: Person, robot: bool, recruiter: bool, role_account: bool) -> None:
    assert is_robot(person.email) is robot
    assert is_recruiter(person) is recruiter
    assert is_role_account(person) is role_account


def test_followup_uid_is_stable_base32hex() -> None:
    uid = followup_uid("7f3c2a10@greenhouse.io", FollowUpKind.FOLLOW_UP, 0)
    assert uid == followup_uid("7f3c2a10@greenhouse.io", FollowUpKind.FOLLOW_UP, 0)
    assert re.fullmatch(r"[0-9a-v]{26,1024}", uid)
    others = {
        followup_uid("7f3c2a10@greenhouse.io", FollowUpKind.FOLLOW_UP_AGAIN, 1),
        followup_uid("7f3c2a10@greenhouse.io", FollowUpKind.FOLLOW_UP_AGAIN, 2),
        followup_uid("7f3c2a10@greenhouse.io", FollowUpKind.THANK_YOU, 0),
        followup_uid("7f3c2a11@greenhouse.io", FollowUpKind.FOLLOW_UP, 0),
    }
    assert uid not in others
    assert len(others) == 4


def test_chain_ids_are_the_policy_ids(make_interview: MakeInterview, owner: Owner) -> None:
    interview = make_interview("2026-03-03 14:00")
    for f in chain_of(interview, owner).values():
        assert f.uid == followup_uid(interview.key, f.kind, f.attempt)
        assert f.interview_key == interview.key


def test_start_of_description_fits_a_phone_preview(
    make_interview: MakeInterview, owner: Owner
) -> None:
    first = chain_of(make_interview("2026-03-03 14:00"), owner)["follow_up"]
    assert first.description.startswith("Time to follow up with Northwind Logistics.")
    assert datetime.fromisoformat(first.start.isoformat()) == first.start
