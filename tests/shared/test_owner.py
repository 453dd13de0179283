"""The owner: addresses, employer domains given or inferred, colleagues recognised."""

from __future__ import annotations

from nextsteps_shared.domains import is_free_mail, is_scheduler
from nextsteps_shared.owner import Owner


def test_employer_inferred_from_work_address_not_free_mail() -> None:
    owner = Owner.build(["Ana@Acme.com", "ana.b@gmail.com"])
    assert owner.employer_domains == ("acme.com",)
    assert owner.addresses == ("ana@acme.com", "ana.b@gmail.com")


def test_given_employer_domains_win_over_inference() -> None:
    owner = Owner.build(["ana@acme.com"], employer_domains=["Initech.io"])
    assert owner.employer_domains == ("initech.io",)


def test_free_mail_only_owner_has_no_employer() -> None:
    assert Owner.build(["ana@gmail.com", "ana@icloud.com"]).employer_domains == ()


def test_colleagues_include_subdomains_but_not_lookalikes() -> None:
    owner = Owner.build(["ana@acme.com"])
    assert owner.is_colleague("bob@acme.com")
    assert owner.is_colleague("bob@eu.acme.com")
    assert not owner.is_colleague("bob@notacme.com")
    assert not owner.is_colleague("no-address")
    assert owner.is_owner("MAILTO:Ana@Acme.com")


def test_domain_lists_match_subdomains() -> None:
    assert is_free_mail("gmail.com") and not is_free_mail("acme.com")
    assert is_scheduler("us.greenhouse-mail.io") and is_scheduler("mail.calendly.com")
    assert not is_scheduler("acme.com")
