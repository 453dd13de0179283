"""An ingest replica's JSON log, read as it grows, into rounds and polls.

``nextsteps-ingest`` with ``NEXTSTEPS_LOG_FORMAT=json`` writes one object per line with the
time (UTC, milliseconds). Two kinds of line make the rounds: at the start of every full round
``round: N accounts due, started S s after it was due`` (so the round was due at the line's time
minus S), and per account polled, ``synced account=ID calendar=...`` when its calendar was read
(or ``sync of account ID failed ...`` / ``account ID needs to be reconnected``). A replica runs
its rounds one after another, so every poll line belongs to the last round line before it.
Poll lag, as ingest's ``nextsteps_poll_lag_seconds`` defines it: finished - round due.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

_ROUND = re.compile(r"^round: (\d+) accounts due, started ([\d.]+) s after it was due")
_SYNCED = re.compile(r"^synced account=(\S+) ")
_FAILED = re.compile(r"^(?:sync of account (\S+) failed|account (\S+) needs to be reconnected)")


@dataclass(frozen=True)
class Poll:
    """One account's poll: when it finished (wall clock) and whether it failed."""

    account: str
    finished: float
    failed: bool = False


@dataclass
class Round:
    """One full round of a replica: when it was due and when it started (wall clock), how many
    accounts it polls."""

    due: float
    started: float
    accounts: int
    polls: list[Poll] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.polls) >= self.accounts

    @property
    def lags(self) -> list[float]:
        return [poll.finished - self.due for poll in self.polls]

    @property
    def seconds(self) -> float:
        """From due to the last poll's end (0 for a round with nothing to poll)."""
        return max((poll.finished for poll in self.polls), default=self.due) - self.due


@dataclass
class ReplicaLog:
    """The rounds read so far from one replica's log file."""

    path: Path
    rounds: list[Round] = field(default_factory=list)
    started: float | None = None  # when the replica said "ingest started"
    _offset: int = 0

    def read(self) -> None:
        """Take in the complete lines written since the last read."""
        if not self.path.exists():
            return
        with self.path.open("rb") as log:
            log.seek(self._offset)
            text = log.read()
        done = text.rfind(b"\n") + 1
        self._offset += done
        for line in text[:done].decode(errors="replace").splitlines():
            self._take(line)

    def _take(self, line: str) -> None:
        try:
            record = json.loads(line)
        except ValueError:
            return  # a line not from the logging handler (a library printing)
        at = datetime.fromisoformat(record["time"]).timestamp()
        message: str = record["message"]
        if message.startswith("ingest started"):
            self.started = at
        elif found := _ROUND.match(message):
            self.rounds.append(Round(at - float(found[2]), at, int(found[1])))
        elif self.rounds and (found := _SYNCED.match(message)):
            self.rounds[-1].polls.append(Poll(found[1], at))
        elif self.rounds and (found := _FAILED.match(message)):
            self.rounds[-1].polls.append(Poll(found[1] or found[2], at, failed=True))
