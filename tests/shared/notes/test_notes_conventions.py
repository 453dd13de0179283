"""One focused test per next-steps timing convention (docs/next-steps-timing.md)."""

from __future__ import annotations

from datetime import date

import pytest

from nextsteps_shared.notes import next_steps_due

NY = "America/New_York"
BERLIN = "Europe/Berlin"
TUE = date(2026, 3, 3)  # a Tuesday
FRI = date(2026, 3, 6)
SAT = date(2026, 3, 7)
SUN = date(2026, 3, 8)


def due(text: str, day: date = TUE, zone: str = NY) -> date | None:
    return next_steps_due(text, day, zone)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("decision by Friday", TUE, date(2026, 3, 6)),
        ("decision by Friday", FRI, date(2026, 3, 13)),  # strictly after the interview
        ("feedback by Tuesday", TUE, date(2026, 3, 10)),
        ("they'll let me know Monday", SUN, date(2026, 3, 9)),
        ("feedback next Friday", TUE, date(2026, 3, 13)),
        ("he'll email next Monday", SUN, date(2026, 3, 9)),  # the following week's Monday
        ("he'll email next Monday", date(2026, 3, 2), date(2026, 3, 9)),
        ("answer by Monday EOD", TUE, date(2026, 3, 9)),
        ("feedback Friday next week", TUE, date(2026, 3, 13)),
    ],
)
def test_weekdays(text: str, day: date, expected: date) -> None:
    assert due(text, day) == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("feedback EOW", TUE, date(2026, 3, 6)),
        ("feedback by end of the week", FRI, FRI),  # the same day on a Friday
        ("feedback by end of the week", SAT, date(2026, 3, 13)),  # next Friday on a weekend
        ("feedback end of teh week", SUN, date(2026, 3, 13)),
        ("decision this week", TUE, date(2026, 3, 6)),
        ("decision next week", TUE, date(2026, 3, 13)),
        ("decision next week", SUN, date(2026, 3, 13)),
        ("decision early next week", TUE, date(2026, 3, 10)),
        ("decision mid next week", TUE, date(2026, 3, 11)),
        ("decision by end of next week", FRI, date(2026, 3, 13)),
        ("hear back wk of 3/9", TUE, date(2026, 3, 13)),
    ],
)
def test_weeks(text: str, day: date, expected: date) -> None:
    assert due(text, day) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("they'll let me know within 2 weeks", date(2026, 3, 17)),
        ("feedback in 10 days", date(2026, 3, 13)),
        ("feedback within a week", date(2026, 3, 10)),
        ("decision in a couple of weeks", date(2026, 3, 17)),
        ("3-5 business days for a decision", date(2026, 3, 10)),
        ("answer within 10 business days", date(2026, 3, 17)),
        ("2-3 weeks for feedback", date(2026, 3, 24)),
        ("feedback two weeks", date(2026, 3, 17)),
        ("they'll tell me tomorrow", date(2026, 3, 4)),
        ("they'll tell me tomorow", date(2026, 3, 4)),
        ("I'll hear back today", TUE),
        ("a fortnight for the decision", date(2026, 3, 17)),
        ("feedback within 48 hours", date(2026, 3, 5)),
        ("decision within a month", date(2026, 4, 3)),
        ("they'll tell me the day after tomorrow", date(2026, 3, 5)),
        ("feedback in a week or two", date(2026, 3, 17)),
        ("decision Monday or Tuesday", date(2026, 3, 10)),  # the later of two days
        ("decision EOD", TUE),
        ("answer the next business day", date(2026, 3, 4)),
        ("réponse sous 48h", date(2026, 3, 5)),
        ("decision by the weekend", date(2026, 3, 6)),
        ("decision by year end", date(2026, 12, 31)),
        ("週明けに結果をご連絡します", date(2026, 3, 10)),
    ],
)
def test_durations(text: str, expected: date) -> None:
    assert due(text) == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("hear back by the 20th", TUE, date(2026, 3, 20)),
        ("hear back by the 3rd", TUE, date(2026, 4, 3)),  # strictly after the interview
        ("decision early April", TUE, date(2026, 4, 10)),
        ("decision mid-April", TUE, date(2026, 4, 15)),
        ("decision end of April", TUE, date(2026, 4, 30)),
        ("decision by end of month", TUE, date(2026, 3, 31)),
        ("decision early January", date(2026, 12, 10), date(2027, 1, 10)),
        ("decision by March 20", TUE, date(2026, 3, 20)),
        ("decision in April", TUE, date(2026, 4, 30)),
        ("decision end of next month", TUE, date(2026, 4, 30)),
        ("they'll let me know Tuesday the 10th", TUE, date(2026, 3, 10)),
        ("Entscheidung bis 20. März", TUE, date(2026, 3, 20)),
        ("Entscheidung bis zum 20.", TUE, date(2026, 3, 20)),
        ("Rückmeldung in KW 12", TUE, date(2026, 3, 20)),  # Friday of ISO week 12
        ("hear back w/c 3/9", TUE, date(2026, 3, 13)),
        ("decision by 20 March", TUE, date(2026, 3, 20)),
    ],
)
def test_month_days(text: str, day: date, expected: date) -> None:
    assert due(text, day) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("decision by 4/3", NY, date(2026, 4, 3)),
        ("decision by 4/3", BERLIN, date(2026, 3, 4)),
        ("decision by 3/20", BERLIN, date(2026, 3, 20)),  # unreadable the local way: swapped
        ("Rückmeldung bis 10.04.", NY, date(2026, 4, 10)),  # dotted: always day.month
        ("decision by 2/27", BERLIN, None),  # just passed: a slip, not next year
        ("decision by 12/20", NY, date(2026, 12, 20)),
        ("decision by 10.04.", NY, date(2026, 4, 10)),
        ("decision by 2026-03-20", NY, date(2026, 3, 20)),
        ("decision by 3/20/2026", NY, date(2026, 3, 20)),
    ],
)
def test_numeric_dates(text: str, zone: str, expected: date | None) -> None:
    assert due(text, TUE, zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("recruiter will reach out by Wednesday, decision end of next week", date(2026, 3, 4)),
        ("decision by Thursday\nUpdate: recruiter said they need another week", date(2026, 3, 12)),
        ("decision by Friday\nUPDATE 3/4: pushed to next Friday", date(2026, 3, 13)),
        ("decision by Friday\nUpdate: got the rejection email", date(2026, 3, 6)),
        ("feedback within 2 weeks, maybe by Friday", date(2026, 3, 17)),  # never shortened
        ("probably hear back by Friday", date(2026, 3, 6)),  # a lone guess counts
        ("HR: by 3/16 at the latest, maybe end of this week", date(2026, 3, 16)),
    ],
)
def test_several_timings(text: str, expected: date) -> None:
    assert due(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "They'll be in touch after the holidays.",
        "I'll hear back in a few days.",
        "Recruiter will reach out soon.",
        "Next few days they'll decide.",
        "Start date would be April 6.",
        "Team offsite on 3/20.",
        "Next steps: I need to send my portfolio by Monday.",
        "Meeting ID: 845 1233 9021, passcode 771203",
        "Interview 10:30-11:15 with Sam",
        "Call me at 555-201-3344",
        "Salary range 140-160k, bonus 10%",
        "Onsite on 3/12, need to prep",
        "Great chat in 2026 about the roadmap",
        "Said they'd decide in due course.",
        "Rückmeldung in einigen Wochen",
        "I'll follow up on Thursday if I don't hear anything.",
        "",
    ],
)
def test_no_timing(text: str) -> None:
    assert due(text) is None


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Rückmeldung bis Freitag", BERLIN, date(2026, 3, 6)),
        ("Feedback Ende der Woche", BERLIN, date(2026, 3, 6)),
        ("réponse d'ici vendredi", "Europe/Paris", date(2026, 3, 6)),
        ("retour sous 10 jours", "Europe/Paris", date(2026, 3, 13)),
        ("respuesta la próxima semana", "Europe/Madrid", date(2026, 3, 13)),
        ("retorno em até 5 dias úteis", "America/Sao_Paulo", date(2026, 3, 10)),
        ("terugkoppeling binnen twee weken", "Europe/Amsterdam", date(2026, 3, 17)),
        ("risposta entro venerdì", "Europe/Rome", date(2026, 3, 6)),
        ("odpowiedź do piątku", "Europe/Warsaw", date(2026, 3, 6)),
        ("来週中に連絡", "Asia/Tokyo", date(2026, 3, 13)),
        ("1週間以内にご連絡", "Asia/Tokyo", date(2026, 3, 10)),
        ("3月20日までに結果連絡", "Asia/Tokyo", date(2026, 3, 20)),
        ("Entscheidung in zwei Wochen", BERLIN, date(2026, 3, 17)),
        ("réponse dans deux semaines", "Europe/Paris", date(2026, 3, 17)),
        ("respuesta en dos semanas", "Europe/Madrid", date(2026, 3, 17)),
        ("二週間以内に連絡", "Asia/Tokyo", date(2026, 3, 17)),
        ("結果は1〜2週間後", "Asia/Tokyo", date(2026, 3, 17)),
        ("odpowiedź w ciągu dwóch tygodni", "Europe/Warsaw", date(2026, 3, 17)),
        ("Rückmeldung kommenden Freitag", BERLIN, date(2026, 3, 6)),
        ("réponse vendredi prochain", "Europe/Paris", date(2026, 3, 13)),
        ("respuesta el viernes que viene", "Europe/Madrid", date(2026, 3, 13)),
        ("retorno na próxima sexta", "America/Sao_Paulo", date(2026, 3, 13)),
        ("risposta venerdì prossimo", "Europe/Rome", date(2026, 3, 13)),
        ("decision by 3/4", "Asia/Tokyo", date(2026, 4, 3)),  # day/month outside America
    ],
)
def test_languages(text: str, zone: str, expected: date) -> None:
    assert due(text, TUE, zone) == expected


def test_dotted_date_from_a_february_interview() -> None:
    assert due("Rückmeldung bis 27.02.", date(2026, 2, 10), NY) == date(2026, 2, 27)


def test_a_written_date_on_the_interview_day_is_the_interview() -> None:
    text = "Interview confirmed for Tuesday, March 3, 2026. Decision by Friday."
    assert due(text) == date(2026, 3, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NS: decision by 2/20", date(2026, 2, 20)),
        ("HM call, feedback EOW", date(2026, 2, 13)),
        ("next steps -> onsite, hear back wk of 2/16", date(2026, 2, 20)),
        ("decision by firday", date(2026, 2, 13)),
    ],
)
def test_shorthand_and_typos(text: str, expected: date) -> None:
    assert due(text, date(2026, 2, 10)) == expected


def test_a_cued_timing_beats_a_bare_one() -> None:
    text = "Process: 4 rounds, ~2 weeks end to end. She'll send feedback by Thursday."
    assert due(text) == date(2026, 3, 5)


def test_a_bare_deadline_counts_when_nothing_else_does() -> None:
    assert due('Holiday slowdown: "realistically by Jan 8"', date(2026, 12, 4)) == date(2027, 1, 8)


def test_far_future_interview_does_not_overflow() -> None:
    assert due("decision next week", date(9999, 12, 30)) is None


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # a guess hedges only the timing it stands before
        ('decision "probably early next week but def by 3/13"', NY, date(2026, 3, 13)),
        ("Odpowiedź pewnie w poniedziałek, najpóźniej w ciągu tygodnia.", BERLIN,
         date(2026, 3, 10)),
        # alternatives: the later of the two
        ("Risposta mercoledì o giovedì prossimo.", "Europe/Rome", date(2026, 3, 12)),
        ("recruiter calls me Thu or Fri", NY, date(2026, 3, 6)),
        # the end of the following week, however it is spelt
        ("retour d'ici la fin de semaine prochaine", "Europe/Paris", date(2026, 3, 13)),
        ("dão feedback até quinta-feira da próxima semana", "Europe/Lisbon", date(2026, 3, 12)),
        ("they'd get back to me the week of the 16th", NY, date(2026, 3, 20)),
        ("Sie melden sich in KW 12.", BERLIN, date(2026, 3, 20)),
        ("一次面接。2週間以内に連絡。", "Asia/Tokyo", date(2026, 3, 17)),
        ("Recruiter: 'waarschijnlijk vrijdag al, anders binnen tien werkdagen'.",
         "Europe/Amsterdam", date(2026, 3, 17)),
        ("you'll hear from my recruiter in a day or two", NY, date(2026, 3, 5)),
        # a word for something else that is only the topic of the news
        ("Recruiter will let me know about the onsite by 3/13.", NY, date(2026, 3, 13)),
        ("Ze koppelen begin april terug.", "Europe/Amsterdam", date(2026, 4, 10)),
    ],
)
def test_clause_structure(text: str, zone: str, expected: date) -> None:
    assert due(text, TUE, zone) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Need to reschedule? Reply to this email at least 24 hours in advance.",
        "They asked what I'd build in my first 90 days.",
        "They debrief Thursday; no timeline for me yet.",
        "Process: 3-4 weeks end to end, usually.",
        "Tienen otra entrevista con un candidato el 3/12.",
        "O gestor pediu pra eu mandar o portfolio até 4/3.",
        "Ich schicke Referenzen bis 9.3.",
    ],
)
def test_not_a_wait_for_news(text: str) -> None:
    assert due(text) is None


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("results go out on Friday, 3/13.", NY, date(2026, 3, 13)),  # one date, not two
        ("hear back re panel scheduling EOD Fri", NY, date(2026, 3, 6)),
        ("decision by COB Thursday next week", NY, date(2026, 3, 12)),
        ("Dicen que antes del 27 me dicen algo.", "Europe/Madrid", date(2026, 3, 27)),
        ("They're closed 3/4-3/8. Decision by 3/12.", NY, date(2026, 3, 12)),
        ("Recruiter expects to share feedback over the next week.", NY, date(2026, 3, 10)),
        ("They'll 'be in touch in 2wks or so'.", NY, date(2026, 3, 17)),
        ("decsion end of Apr.", NY, date(2026, 4, 30)),  # a letter dropped
        ("resposne by thrusday", NY, date(2026, 3, 5)),  # two letters swapped
        ("Odpowiedź w przyszłym tygodniu w środę.", "Europe/Warsaw", date(2026, 3, 11)),
    ],
)
def test_weekday_dates_units_and_slips(text: str, zone: str, expected: date) -> None:
    assert due(text, TUE, zone) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'll email the recruiter Friday if nothing.",
        "We'll talk again after she syncs with HM (she's out this week).",
        "Next week is a holiday week, no timeline.",
    ],
)
def test_owner_and_absence_timings(text: str) -> None:
    assert due(text) is None


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Rückmeldung zur 2. Runde bis nächsten Dienstag", BERLIN, date(2026, 3, 10)),
        ("- Remote 2 Tage/Woche\nEntscheidung nächste Woche", BERLIN, date(2026, 3, 13)),
        ("Respuesta el lunes o el martes.", "Europe/Madrid", date(2026, 3, 10)),
        ("結果は来週の水曜か木曜に連絡。", "Asia/Tokyo", date(2026, 3, 12)),
        ("Ze beslissen deze maand nog.", "Europe/Amsterdam", date(2026, 3, 31)),
        ("Réponse en début ou milieu de semaine prochaine, au plus tard vendredi prochain.",
         "Europe/Paris", date(2026, 3, 13)),
        ("Feedback kommt bis Freitag, spätestens Montag.", BERLIN, date(2026, 3, 6)),
        ("Sie brauchen noch 2 Wochen, weil der HM im Urlaub ist.", BERLIN, date(2026, 3, 17)),
    ],
)
def test_bounds_rates_and_alternatives(text: str, zone: str, expected: date) -> None:
    assert due(text, TUE, zone) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("CEO wants to decide by month-end.", NY, date(2026, 3, 31)),
        ("Ze hakken de knoop door in de week van 16 maart.", "Europe/Amsterdam",
         date(2026, 3, 20)),
        ("Odpowiedź do przyszłego czwartku.", "Europe/Warsaw", date(2026, 3, 12)),
        ("Wynik w ciągu tygodnia, najpóźniej 13.03.", "Europe/Warsaw", date(2026, 3, 10)),
    ],
)
def test_month_end_week_of_and_firm_windows(text: str, zone: str, expected: date) -> None:
    assert due(text, TUE, zone) == expected


def test_a_reply_expected_on_a_day_is_not_a_start_date() -> None:
    assert due("Retorno previsto para dia 20.", TUE, "Europe/Lisbon") == date(2026, 3, 20)
    assert due("Início previsto 01/04.", TUE, "Europe/Lisbon") is None
