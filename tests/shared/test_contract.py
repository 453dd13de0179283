"""The AsyncAPI document in docs/ is current, and says what the services really do.

It is regenerated from the code and compared with docs/asyncapi.yaml; the messages ingest
publishes through ``bus.publish`` (and the planner's dead letters) are read back from a real
nats-server on the documented addresses and validated against the documented payload schemas;
the real planner's subscription is the documented one.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import nats
import pytest
import yaml
from nats.aio.msg import Msg
from pydantic import BaseModel

from nextsteps_planner.service import create_app
from nextsteps_shared import contract
from nextsteps_shared.brokers.nats import NatsBus
from nextsteps_shared.bus import (
    DeadLetter,
    create_broker,
    declare_streams,
    publish,
    publish_dead_letter,
)
from nextsteps_shared.event import CalendarEvent
from nextsteps_shared.interview import Interview
from nextsteps_shared.messages import (
    FollowUpChange,
    FollowUpChanged,
    InterviewRemoved,
    InterviewSnapshot,
    Message,
    SourceKind,
    revision_at,
)
from nextsteps_shared.settings import load_settings

SEEN = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
REGENERATE = ".venv/bin/python -m nextsteps_shared.contract docs/asyncapi.yaml"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return contract.document()


def test_docs_asyncapi_is_current(repo_root: Path) -> None:
    kept = repo_root / contract.DOCUMENT
    assert kept.is_file(), f"{contract.DOCUMENT} is missing: run `{REGENERATE}`"
    assert kept.read_text(encoding="utf-8") == contract.render(), (
        f"{contract.DOCUMENT} is out of date with the message models or subjects: run "
        f"`{REGENERATE}` at the workspace root and commit the result"
    )


def test_the_generator_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "asyncapi.yaml"
    assert contract.main([str(target), "--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert contract.main([str(target)]) == 0
    assert contract.main([str(target), "--check"]) == 0
    assert yaml.safe_load(target.read_text())["asyncapi"] == "3.0.0"
    target.write_text(target.read_text().replace("interview_seen", "interview_sen"))
    assert contract.main([str(target), "--check"]) == 1


def test_faststreams_own_cli_sees_the_same_contract(document: dict[str, Any]) -> None:
    raw = contract.application().schema.to_specification().to_jsonable()
    assert set(raw["channels"]) == set(document["channels"])
    assert raw["components"]["schemas"] == document["components"]["schemas"]


def test_ingest_sends_and_the_planner_receives(document: dict[str, Any]) -> None:
    operations = {
        (op["action"], _channel(document, op)["address"]) for op in document["operations"].values()
    }
    assert operations == {
        ("send", "nextsteps.events.interview_seen.{account}"),
        ("send", "nextsteps.events.interview_gone.{account}"),
        ("send", "nextsteps.events.followup_changed.{account}"),
        ("receive", "nextsteps.events.>"),
        ("send", "nextsteps.dead.{account}"),
    }
    for channel in document["channels"].values():
        has_account = "{account}" in channel["address"]
        assert ("account" in channel.get("parameters", {})) == has_account


def test_the_planner_reads_every_kind_ingest_sends(document: dict[str, Any]) -> None:
    received = _payload(document, "planner")
    kinds = {ref["$ref"].rsplit("/", 1)[-1] for ref in received["oneOf"]}
    assert kinds == {"InterviewSnapshot", "InterviewRemoved", "FollowUpChanged"}
    assert received["discriminator"] == "kind"


def test_published_messages_travel_on_the_documented_subjects_with_the_documented_bodies(
    document: dict[str, Any], nats_url: str
) -> None:
    account = f"acc-{uuid.uuid4().hex[:8]}"
    sent: list[Message] = [_snapshot(account), _removed(account), _followup_changed(account)]
    letter = DeadLetter(
        subject=f"nextsteps.events.interview_seen.{account}",
        body="{}",
        error="PermanentError: no",
        attempts=5,
        failed_at=SEEN,
    )
    received = asyncio.run(_round_trip(nats_url, account, sent, letter))
    assert len(received) == len(sent) + 1
    for (subject, body), model in zip(received, [*sent, letter], strict=True):
        title = _title_of(document, type(model))
        address = _channel(document, document["operations"][title])["address"]
        assert subject == address.replace("{account}", account)
        jsonschema.validate(body, _schema(document, _payload(document, title)))
        if not isinstance(model, DeadLetter):
            jsonschema.validate(body, _schema(document, _payload(document, "planner")))


def test_the_documented_schemas_refuse_what_the_models_refuse(document: dict[str, Any]) -> None:
    body = _snapshot("acc-1").model_dump(mode="json")
    schema = _schema(document, _payload(document, "planner"))
    jsonschema.validate(body, schema)
    for broken in ({**body, "colour": "blue"}, {**body, "kind": "interview_lost"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_the_real_planner_subscribes_where_documented(
    document: dict[str, Any], tmp_path: Path
) -> None:
    settings = load_settings(
        tmp_path,
        broker_url="nats://127.0.0.1:9",  # never connected: the subscription is only declared
        encryption_key="a passphrase",
        publish={"enabled": False},
    )
    app = create_app(settings)
    assert isinstance(app.broker, NatsBus)  # the document describes the default broker
    real = contract.AsyncAPI(app.broker.broker).to_specification().to_jsonable()
    received = {
        _channel(real, op)["address"]
        for op in real["operations"].values()
        if op["action"] == "receive"
    }
    documented = _channel(document, document["operations"]["planner"])["address"]
    assert received == {documented}


async def _round_trip(
    url: str, account: str, sent: list[Message], letter: DeadLetter
) -> list[tuple[str, Any]]:
    await declare_streams(url)
    client = await nats.connect(url)
    seen: list[tuple[str, Any]] = []

    async def keep(message: Msg) -> None:
        seen.append((message.subject, json.loads(message.data)))

    for pattern in (f"nextsteps.events.*.{account}", f"nextsteps.dead.{account}"):
        await client.subscribe(pattern, cb=keep)
    broker = create_broker(url)
    await broker.connect()
    try:
        for message in sent:
            await publish(broker, message)
        await publish_dead_letter(broker, letter, account)
        for _ in range(100):
            if len(seen) > len(sent):
                break
            await asyncio.sleep(0.02)
    finally:
        await broker.stop()
        await client.close()
    return seen


def _channel(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    return _follow(document, operation["channel"])


def _payload(document: dict[str, Any], operation: str) -> dict[str, Any]:
    message = _follow(document, document["operations"][operation]["messages"][0])
    return _follow(document, message["payload"])


def _follow(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node``, or what its ``$ref`` (a JSON pointer into ``document``) points at."""
    while "$ref" in node and node["$ref"].startswith("#/"):
        found: Any = document
        for part in node["$ref"][2:].split("/"):
            found = found[unquote(part).replace("~1", "/").replace("~0", "~")]
        node = found
    return dict(node)


def _schema(document: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` as a JSON Schema whose ``#/components/...`` references resolve."""
    return {**payload, "components": document["components"]}


def _title_of(document: dict[str, Any], model: type[BaseModel]) -> str:
    for name in document["operations"]:
        if name != "planner" and _payload(document, name).get("title") == model.__name__:
            return name
    raise AssertionError(f"no operation sends {model.__name__}")


def _snapshot(account: str) -> InterviewSnapshot:
    event = CalendarEvent(
        uid="abc@acme.com",
        summary="Interview: Ana <> Acme - Engineer",
        start=datetime(2026, 3, 2, 10, tzinfo=UTC),
        end=datetime(2026, 3, 2, 11, tzinfo=UTC),
    )
    return InterviewSnapshot(
        account=account,
        calendar="work",
        source=SourceKind.CALDAV,
        event_key=event.key,
        revision=revision_at(SEEN),
        observed_at=SEEN,
        interview=Interview(event=event, company="Acme", role="Engineer"),
    )


def _removed(account: str) -> InterviewRemoved:
    return InterviewRemoved(
        account=account,
        calendar="work",
        source=SourceKind.GOOGLE,
        event_key="gone@acme.com",
        revision=revision_at(SEEN),
        observed_at=SEEN,
        reason="cancelled",
    )


def _followup_changed(account: str) -> FollowUpChanged:
    return FollowUpChanged(
        account=account,
        calendar="work",
        source=SourceKind.ICS_FEED,
        event_key="f1@nextsteps",
        revision=revision_at(SEEN),
        observed_at=SEEN,
        change=FollowUpChange.MOVED,
        followup_uid="f1@nextsteps",
        start=SEEN,
        end=SEEN,
    )
