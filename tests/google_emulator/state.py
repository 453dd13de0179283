"""Everything one running emulator holds, in one place: the parts the handlers work on.

Kept apart from the HTTP server and from the test-facing handle (control.py) so the API
handlers see plain data: the store, the OAuth grants, queued faults, the request log, the
watch channels, and the endpoint the emulator answers on (channels name it in resourceUri).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.google_emulator.channels import Channels
from tests.google_emulator.discovery import Discovery, calendar_v3
from tests.google_emulator.faults import Faults
from tests.google_emulator.oauth import Grants
from tests.google_emulator.request_log import RequestLog
from tests.google_emulator.store import Store


@dataclass
class EmulatorState:
    """The emulator's data and switches."""

    store: Store
    grants: Grants
    api_endpoint: str = ""
    faults: Faults = field(default_factory=Faults)
    log: RequestLog = field(default_factory=RequestLog)
    channels: Channels = field(default_factory=Channels)
    discovery: Discovery = field(default_factory=calendar_v3)
