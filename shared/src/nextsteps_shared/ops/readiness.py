"""Readiness: named checks a service answers ``/readyz`` with, and the checks both services
share (the database answers, the broker is connected, the streams exist).

A check is an async callable returning ``None`` when that part is ready, else a short reason.
:meth:`Readiness.report` runs every check at once, each within a deadline; a check that raises
or runs out of time is not ready, and says why (with any credential masked).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Engine, text

from nextsteps_shared.brokers import Bus
from nextsteps_shared.ops.redaction import redact

Check = Callable[[], Awaitable[str | None]]
READY: Final = "ok"
CHECK_TIMEOUT_S: Final = 2.0


@dataclass(frozen=True)
class ReadinessReport:
    """Each check's answer: ``ok`` or why not."""

    checks: dict[str, str]

    @property
    def ready(self) -> bool:
        return all(answer == READY for answer in self.checks.values())

    @property
    def not_ready(self) -> dict[str, str]:
        return {name: answer for name, answer in self.checks.items() if answer != READY}


class Readiness:
    """The checks of one service."""

    def __init__(self, checks: Mapping[str, Check], timeout: float = CHECK_TIMEOUT_S) -> None:
        self._checks = dict(checks)
        self._timeout = timeout

    async def report(self) -> ReadinessReport:
        names = list(self._checks)
        answers = await asyncio.gather(*(self._run(self._checks[name]) for name in names))
        return ReadinessReport(dict(zip(names, answers, strict=True)))

    async def _run(self, check: Check) -> str:
        try:
            reason = await asyncio.wait_for(check(), self._timeout)
        except TimeoutError:
            return f"no answer within {self._timeout:g} s"
        except Exception as err:
            return redact(f"{type(err).__name__}: {err}")
        return READY if reason is None else redact(reason)


def database_check(engine: Callable[[], Engine | None]) -> Check:
    """Ready when the database answers ``SELECT 1`` (asked off the event loop)."""

    async def check() -> str | None:
        current = engine()
        if current is None:
            return "not opened yet"
        await asyncio.to_thread(_select_one, current)
        return None

    return check


def _select_one(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def broker_check(broker: Callable[[], Bus | None]) -> Check:
    """Ready while the broker connection is up (the clients reconnect by themselves)."""

    async def check() -> str | None:
        current = broker()
        if current is None or not await current.ping(timeout=0.5):
            return "not connected"
        return None

    return check


def streams_check(broker: Callable[[], Bus | None]) -> Check:
    """Ready when the events and dead-letter streams (queues on RabbitMQ) exist."""

    async def check() -> str | None:
        current = broker()
        if current is None or not await current.ping(timeout=0.5):
            return "unknown: the broker is not connected"
        await current.check_declared()
        return None

    return check
