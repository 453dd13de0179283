"""The planner's record of the dead letters it published (``planner_dead_letters``).

The dead-letter stream keeps each failed message whole; this table keeps, per account, what
``nextsteps status`` shows of them: the subject, the error, the tries and when it failed.
"""

from __future__ import annotations

from sqlalchemy import Engine

from nextsteps_planner.tables import dead_letters
from nextsteps_shared.bus import DeadLetter
from nextsteps_shared.database import open_database, settings_database_url
from nextsteps_shared.settings import NextstepsSettings


class DeadLetterLog:
    """Appends one row per dead letter."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def for_settings(cls, settings: NextstepsSettings) -> DeadLetterLog:
        """The log in the installation's database."""
        return cls(open_database(settings_database_url(settings)))

    def record(self, letter: DeadLetter, account: str) -> None:
        """Note that ``letter`` was published for ``account``."""
        with self._engine.begin() as db:
            db.execute(
                dead_letters.insert().values(
                    account=account,
                    subject=letter.subject,
                    error=letter.error,
                    attempts=letter.attempts,
                    failed_at=letter.failed_at,
                )
            )
