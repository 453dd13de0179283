"""The consent flows against the emulator's OAuth endpoints, the test acting as the person's
browser: the loopback flow (the consent address followed with an HTTP client, which lands on
the loopback port) and the pasted one (--no-browser), and what each refuses."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from tests.google_emulator.control import GoogleEmulator

from nextsteps_shared.accounts.google_authorization import (
    PASTE_REDIRECT,
    AuthorizationError,
    Consent,
    client_config,
    loopback_consent,
)
from nextsteps_shared.accounts.google_grant import DEDICATED_SCOPES, EVENTS_SCOPES


def _consent_page(address: str) -> str:
    """What the browser is sent to after the person consents (the emulator consents at once)."""
    answer = requests.get(address, allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    return answer.headers["Location"]


def test_the_loopback_flow_gets_an_offline_grant(google_emulator: GoogleEmulator) -> None:
    addresses: list[str] = []

    def browser(address: str) -> None:
        addresses.append(address)
        threading.Thread(target=requests.get, args=(address,), kwargs={"timeout": 10}).start()

    config = google_emulator.client_config()
    credentials = loopback_consent(config, EVENTS_SCOPES, browser, open_browser=False, timeout=30)
    query = parse_qs(urlsplit(addresses[0]).query)
    assert query["access_type"] == ["offline"] and query["prompt"] == ["consent"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert credentials.refresh_token and credentials.token_uri == google_emulator.token_uri
    assert set(credentials.granted_scopes) == set(EVENTS_SCOPES)
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ  # allowed for the exchange only


def test_the_loopback_flow_waits_past_stray_requests(google_emulator: GoogleEmulator) -> None:
    def browser(address: str) -> None:
        port = parse_qs(urlsplit(address).query)["redirect_uri"][0]
        assert requests.get(f"{port}favicon.ico", timeout=10).status_code == 404
        requests.get(address, timeout=10)

    def announce(address: str) -> None:
        threading.Thread(target=browser, args=(address,)).start()

    config = google_emulator.client_config()
    credentials = loopback_consent(config, EVENTS_SCOPES, announce, open_browser=False, timeout=30)
    assert credentials.refresh_token


def test_the_loopback_flow_gives_up_after_its_timeout(google_emulator: GoogleEmulator) -> None:
    config = google_emulator.client_config()
    with pytest.raises(AuthorizationError, match="no answer from the browser"):
        loopback_consent(config, EVENTS_SCOPES, lambda _: None, open_browser=False, timeout=0.2)


def test_the_pasted_flow_takes_the_address_the_browser_ended_on(
    google_emulator: GoogleEmulator,
) -> None:
    consent = Consent(google_emulator.client_config(), DEDICATED_SCOPES, PASTE_REDIRECT, "x@y")
    assert parse_qs(urlsplit(consent.address).query)["login_hint"] == ["x@y"]
    pasted = _consent_page(consent.address)
    assert pasted.startswith(PASTE_REDIRECT)
    credentials = consent.finish(f"  {pasted}\n")
    assert set(credentials.granted_scopes) == set(DEDICATED_SCOPES)


def test_an_unticked_permission_is_named(google_emulator: GoogleEmulator) -> None:
    consent = Consent(google_emulator.client_config(), EVENTS_SCOPES, PASTE_REDIRECT)
    parts = urlsplit(consent.address)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["scope"] = EVENTS_SCOPES[1]  # the person unticked "see and edit events"
    pasted = _consent_page(parts._replace(query=urlencode(query)).geturl())
    with pytest.raises(AuthorizationError, match=r"missing: .*/calendar\.events\)"):
        consent.finish(pasted)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("https://www.google.com/", "starting with http://127.0.0.1:53682/"),
        (PASTE_REDIRECT + "?error=access_denied&state=s", r"did not grant access \(access_denied"),
        (PASTE_REDIRECT + "?state=s", "has no code"),
        (PASTE_REDIRECT + "?state=another&code=4/abc", "belongs to another consent"),
        (PASTE_REDIRECT + "?code=4/unknown", "belongs to another consent"),
    ],
)
def test_a_bad_paste_is_refused_clearly(
    google_emulator: GoogleEmulator, pasted: str, expected: str
) -> None:
    consent = Consent(google_emulator.client_config(), EVENTS_SCOPES, PASTE_REDIRECT)
    with pytest.raises(AuthorizationError, match=expected):
        consent.finish(pasted)


def test_a_code_used_twice_is_refused(google_emulator: GoogleEmulator) -> None:
    consent = Consent(google_emulator.client_config(), EVENTS_SCOPES, PASTE_REDIRECT)
    pasted = _consent_page(consent.address)
    consent.finish(pasted)
    again = Consent(google_emulator.client_config(), EVENTS_SCOPES, PASTE_REDIRECT)
    state = parse_qs(urlsplit(again.address).query)["state"][0]
    code = parse_qs(urlsplit(pasted).query)["code"][0]
    with pytest.raises(AuthorizationError, match="Google refused the code"):
        again.finish(f"{PASTE_REDIRECT}?{urlencode({'state': state, 'code': code})}")


def test_a_missing_client_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(AuthorizationError) as refused:
        client_config(tmp_path / "google_client_secret.json")
    message = str(refused.value)
    assert "google_client_secret.json" in message and "'Desktop app'" in message
    assert "--client-secrets" in message


def test_a_web_client_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "web.json"
    path.write_text(json.dumps({"web": {"client_id": "c", "client_secret": "s"}}))
    with pytest.raises(
        AuthorizationError, match=r"not an OAuth client of type Desktop app \('web'"
    ):
        client_config(path)


def test_oauth_endpoints_in_plain_http_elsewhere_are_refused(
    google_emulator: GoogleEmulator,
) -> None:
    config = google_emulator.client_config()
    config["installed"]["token_uri"] = "http://oauth.example.com/token"
    with pytest.raises(AuthorizationError, match="must be https"):
        Consent(config, EVENTS_SCOPES, PASTE_REDIRECT)
