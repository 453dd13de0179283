"""People who appear on calendar events: organiser and attendees."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator


class Person(BaseModel):
    """An address on an event, normalised to lower case without ``mailto:``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: str
    name: str | None = None
    role: str | None = None  # iCalendar ROLE, e.g. REQ-PARTICIPANT, CHAIR
    partstat: str | None = None  # iCalendar PARTSTAT, e.g. ACCEPTED, DECLINED

    @field_validator("email")
    @classmethod
    def _normalise_email(cls, value: str) -> str:
        value = value.strip()
        if value[:7].lower() == "mailto:":
            value = value[7:]
        return value.strip().lower()

    @property
    def domain(self) -> str:
        """The part after ``@`` (empty when the address has none)."""
        return self.email.rpartition("@")[2] if "@" in self.email else ""
