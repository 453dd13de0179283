"""The owner of the calendars: the candidate whose interviews nextsteps follows up."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, field_validator

from nextsteps_shared.domains import domain_of, is_free_mail, is_scheduler
from nextsteps_shared.event import CalendarEvent

_NO_ZONE = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT"})


class Owner(BaseModel):
    """Who the candidate is: their addresses, their current employer's domains, their zone.

    ``employer_domains`` are the domains of the company the owner works for now: hiring events
    of that company are the owner interviewing others, not the owner's own interviews.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    addresses: tuple[str, ...] = ()
    employer_domains: tuple[str, ...] = ()
    timezone: str = "UTC"

    @field_validator("addresses", "employer_domains")
    @classmethod
    def _lower(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip().lower() for v in values if v.strip()))

    @classmethod
    def build(
        cls,
        addresses: Iterable[str],
        employer_domains: Iterable[str] = (),
        timezone: str = "UTC",
    ) -> Owner:
        """An owner whose employer domains are the given ones, or else inferred.

        Inference: the domain of every owner address that is neither free mail nor a
        scheduling tool (``ana@acme.com`` works at acme.com; ``ana@gmail.com`` says nothing).
        """
        addresses = tuple(addresses)
        given = tuple(employer_domains)
        inferred = tuple(
            d
            for d in map(domain_of, addresses)
            if d and not is_free_mail(d) and not is_scheduler(d)
        )
        return cls(addresses=addresses, employer_domains=given or inferred, timezone=timezone)

    def is_owner(self, address: str) -> bool:
        """True when the address is one of the owner's."""
        return address.strip().lower().removeprefix("mailto:") in self.addresses

    def is_colleague(self, address: str) -> bool:
        """True when the address belongs to the owner's current employer (owner included)."""
        domain = domain_of(address)
        return bool(domain) and any(
            domain == d or domain.endswith("." + d) for d in self.employer_domains
        )

    def placed_for(self, event: CalendarEvent, own_zone_wins: bool) -> Owner:
        """The owner as the follow-ups of ``event`` should see them: in the owner's own zone
        when it wins (the owner set it), else in the event's zone when the event has a real
        one (not floating, not plain UTC), else in the owner's zone."""
        if own_zone_wins or event.floating or event.timezone in _NO_ZONE:
            return self
        if event.timezone == self.timezone:
            return self
        return self.model_copy(update={"timezone": event.timezone})
