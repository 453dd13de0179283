"""Outcomes noted in an interview's notes."""

from __future__ import annotations

import pytest

from nextsteps_shared.notes import Outcome, find_outcome


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#offer", Outcome.OFFER),
        ("notes...\n#rejected", Outcome.REJECTED),
        ("#heard-back recruiter called", Outcome.HEARD_BACK),
        ("#withdrawn", Outcome.WITHDRAWN),
        ("decision by Friday #offer", Outcome.OFFER),
        ("got the offer!!", Outcome.OFFER),
        ("Verbal offer on the call", Outcome.OFFER),
        ("they rejected me :(", Outcome.REJECTED),
        ("Got the rejection email", Outcome.REJECTED),
        ("Absage erhalten", Outcome.REJECTED),
        ("Zusage bekommen!", Outcome.OFFER),
        ("heard back from HR, moving on", Outcome.HEARD_BACK),
        ("I withdrew, accepted another offer", Outcome.WITHDRAWN),
        ("j'ai reçu une offre", Outcome.OFFER),
        ("candidature non retenue", Outcome.REJECTED),
        ("me rechazaron", Outcome.REJECTED),
        ("recebi a proposta", Outcome.OFFER),
        ("afwijzing ontvangen", Outcome.REJECTED),
        ("ho ricevuto l'offerta", Outcome.OFFER),
        ("dostałam ofertę", Outcome.OFFER),
        ("wycofałem kandydaturę", Outcome.WITHDRAWN),
        ("内定をもらった", Outcome.OFFER),
        ("お見送りの連絡", Outcome.REJECTED),
        ("他社に決めたので辞退しました", Outcome.WITHDRAWN),
        ("heard back: they're not moving forward", Outcome.REJECTED),  # specific wins
        ("got the offer\nlater: I withdrew", Outcome.WITHDRAWN),  # the last one counts
    ],
)
def test_outcomes(text: str, expected: Outcome) -> None:
    assert find_outcome(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "no offer yet",
        "haven't heard back",
        "will hear back by Friday",
        "hope to hear back soon",
        "if they reject me I'll apply again",
        "Next steps: decision by Friday",
        "noch keine Absage, noch keine Zusage",
        "pas encore de réponse",
        "todavía no me rechazaron",
        "ainda não recebi a proposta",
        "nog geen afwijzing",
        "non ho ancora ricevuto l'offerta",
        "jeszcze nie dostałem oferty",
        "まだ連絡がない",
        "asked about the offer process and timeline",
        "Zu- oder Absage kommt Mitte März",  # the decision still to come
        "offer or rejection by Friday",
        "Zusage/Absage innerhalb 14 Tagen",
        "",
    ],
)
def test_not_outcomes(text: str) -> None:
    assert find_outcome(text) is None
