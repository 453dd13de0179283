"""The message contract between the services as an AsyncAPI 3.0 document, built by FastStream.

Who sends what where: ingest publishes each message kind (``messages``) on its subject of the
events stream (``subjects``, ``bus``), the planner reads them all through one durable pull
consumer and sends the messages it gives up on to the dead-letter stream. This module declares
exactly that on a broker that is never connected, and FastStream's AsyncAPI factory turns it into
the document, with the payload schemas of the pydantic models. The one thing added afterwards is
the ``account`` parameter of the channel addresses, which FastStream leaves out.

``python -m nextsteps_shared.contract docs/asyncapi.yaml`` writes the document (``--check``
only compares); a test regenerates it and fails when docs/ is out of date. With
``faststream[cli]`` installed, FastStream's own commands read it too, e.g.
``faststream docs serve --factory nextsteps_shared.contract:application``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from faststream import FastStream
from faststream.nats import NatsBroker, PullSub
from faststream.specification import AsyncAPI
from pydantic import BaseModel, Field

from nextsteps_shared.bus import DeadLetter, dead_letter_stream, events_stream
from nextsteps_shared.messages import (
    SCHEMA_VERSION,
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
)
from nextsteps_shared.subjects import (
    DEAD_LETTER,
    DEAD_STREAM,
    EVENTS_FILTER,
    FOLLOWUP_CHANGED,
    INTERVIEW_GONE,
    INTERVIEW_SEEN,
    PLANNER_DURABLE,
    STREAM,
)

DOCUMENT = Path("docs/asyncapi.yaml")
SERVER = "nats://nats:4222"  # the broker's name in docker-compose.yml and deploy/
ACCOUNT_PARAMETER = "account"
_ACCOUNT = "{" + ACCOUNT_PARAMETER + "}"

_DEDUPLICATION = (
    "Published with the header `Nats-Msg-Id: <kind>:<account>:<calendar>:<event_key>:"
    f"<revision>`, so the stream {STREAM} stores a message published twice once; ingest "
    "stores its sync state only after the broker acknowledged every publish."
)


@dataclass(frozen=True)
class Channel:
    """One subject family (``<subject>.<account>``) and what travels on it."""

    subject: str
    payload: type[BaseModel]
    title: str
    description: str

    @property
    def address(self) -> str:
        return f"{self.subject}.{_ACCOUNT}"


INGEST_CHANNELS = (
    Channel(
        INTERVIEW_SEEN,
        InterviewSnapshot,
        "ingest.interview_seen",
        "ingest: the full state of an interview that is new or changed.",
    ),
    Channel(
        INTERVIEW_GONE,
        InterviewRemoved,
        "ingest.interview_gone",
        "ingest: an interview was deleted, cancelled or stopped being an interview.",
    ),
    Channel(
        FOLLOWUP_CHANGED,
        FollowUpChanged,
        "ingest.followup_changed",
        "ingest: the owner moved, edited or deleted a follow-up nextsteps wrote.",
    ),
)
DEAD_LETTER_CHANNEL = Channel(
    DEAD_LETTER,
    DeadLetter,
    "planner.dead_letter",
    f"planner: a message it gave up on (stream {DEAD_STREAM}), whole, with the error and the "
    "number of tries: a permanent failure at once, a transient one after its last try.",
)
PLANNER_TITLE = "planner"
PLANNER_DESCRIPTION = (
    f"planner: every message of the stream {STREAM}, through the durable pull consumer "
    f"`{PLANNER_DURABLE}` that all planner replicas share. A message is applied only when its "
    "revision is newer than the one the planner holds for that event, and acknowledged after "
    "the follow-ups and the planner's state are stored; a failure is retried with a growing "
    f"delay, then sent to `{DEAD_LETTER}.{_ACCOUNT}`."
)


def contract_broker() -> NatsBroker:
    """A broker (never connected) with the publishers and the subscriber of the contract."""
    broker = NatsBroker(SERVER, description="NATS with JetStream")
    for channel in INGEST_CHANNELS:
        _publisher(broker, channel, events_stream().name, _DEDUPLICATION)
    _publisher(broker, DEAD_LETTER_CHANNEL, dead_letter_stream().name, "")
    subscriber = broker.subscriber(
        EVENTS_FILTER,
        stream=events_stream(),
        durable=PLANNER_DURABLE,
        pull_sub=PullSub(batch=True),
        title=PLANNER_TITLE,
        description=PLANNER_DESCRIPTION,
    )

    @subscriber
    async def planner(message: Annotated[Message, Field(discriminator="kind")]) -> None:
        """Documents the payload only: this broker is never connected."""

    return broker


def _publisher(broker: NatsBroker, channel: Channel, stream: str, more: str) -> None:
    broker.publisher(
        channel.address,
        stream=stream,
        schema=channel.payload,
        title=channel.title,
        description=f"{channel.description} {more}".strip(),
    )


def specification() -> AsyncAPI:
    """FastStream's AsyncAPI factory over the contract broker."""
    return AsyncAPI(
        contract_broker(),
        title="nextsteps message contract",
        version=f"{SCHEMA_VERSION}.0.0",
        description=(
            "Messages from ingest to planner over NATS JetStream; every subject ends with the "
            f"account id. Each message carries `schema_version: {SCHEMA_VERSION}` and a `kind`."
        ),
        schema_version="3.0.0",
    )


def application() -> FastStream:
    """The contract as a FastStream application (never run), for FastStream's CLI."""
    spec = specification()
    return FastStream(*spec.brokers, specification=spec)


def document() -> dict[str, Any]:
    """The AsyncAPI document as plain data, the channels' ``account`` parameter included, every
    map of names sorted (FastStream keeps its publishers in a set: their order varies)."""
    spec: dict[str, Any] = specification().to_specification().to_jsonable()
    for channel in spec["channels"].values():
        if _ACCOUNT in channel["address"]:
            channel["parameters"] = {
                ACCOUNT_PARAMETER: {"description": "the account id (a subject-safe token)"}
            }
    spec["channels"] = _sorted(spec["channels"])
    spec["operations"] = _sorted(spec["operations"])
    spec["components"] = {name: _sorted(part) for name, part in spec["components"].items()}
    return spec


def _sorted(named: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(named.items()))


def render() -> str:
    """The document as YAML text (the form kept in docs/)."""
    header = "# Generated by `python -m nextsteps_shared.contract`: do not edit by hand.\n"
    return header + yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=100)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the document to PATH (default docs/asyncapi.yaml); with --check, compare only."""
    parser = argparse.ArgumentParser(prog="python -m nextsteps_shared.contract")
    parser.add_argument("path", nargs="?", type=Path, default=DOCUMENT)
    parser.add_argument("--check", action="store_true", help="exit 1 when PATH is out of date")
    args = parser.parse_args(argv)
    text = render()
    current = args.path.read_text(encoding="utf-8") if args.path.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.path} is out of date: run python -m nextsteps_shared.contract")
            return 1
        return 0
    if current != text:
        args.path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
