"""OAuth against the emulator through google-auth's real transports (requests and httplib2).

caldav pulls niquests, which installs urllib3-future over urllib3 (DESIGN.md section 5): these
tests are where a breakage of google-auth's HTTP transports in this environment shows up.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from google.auth.exceptions import InvalidOperation, RefreshError
from google.auth.transport.requests import Request
from google_auth_oauthlib.flow import Flow
from googleapiclient.errors import HttpError
from tests.google_emulator.control import GoogleEmulator
from tests.google_emulator.oauth import CALENDAR_SCOPE

READ_ONLY = "https://www.googleapis.com/auth/calendar.readonly"


def test_refresh_through_google_auth_requests_transport(google_emulator: GoogleEmulator) -> None:
    credentials = google_emulator.credentials()
    assert not credentials.valid
    credentials.refresh(Request())  # type: ignore[no-untyped-call]
    assert credentials.valid and str(credentials.token).startswith("ya29.")
    assert credentials.expiry is not None
    service = google_emulator.client(credentials)
    assert service.calendarList().list().execute()["items"][0]["primary"] is True


def test_a_revoked_refresh_token_is_invalid_grant(google_emulator: GoogleEmulator) -> None:
    credentials = google_emulator.credentials()
    assert google_emulator.revoke(credentials.refresh_token)
    with pytest.raises(RefreshError) as refused:
        credentials.refresh(Request())  # type: ignore[no-untyped-call]
    assert "invalid_grant" in str(refused.value)
    with pytest.raises(RefreshError):  # the same through the API client (httplib2 transport)
        google_emulator.client(credentials).events().list(calendarId="primary").execute()


def test_an_expired_access_token_is_refreshed_by_the_client(
    google_emulator: GoogleEmulator,
) -> None:
    credentials = google_emulator.credentials()
    events = google_emulator.client(credentials).events()
    events.list(calendarId="primary").execute()
    first = credentials.token
    assert google_emulator.expire_access_tokens() == 1
    events.list(calendarId="primary").execute()  # 401, refresh at token_uri, retried
    statuses = [r.status for r in google_emulator.requests("calendar.events.list")]
    assert statuses == [200, 401, 200]
    assert credentials.token != first


def test_revoking_the_refresh_token_kills_its_access_tokens(
    google_emulator: GoogleEmulator,
) -> None:
    credentials = google_emulator.credentials()
    events = google_emulator.client(credentials).events()
    events.list(calendarId="primary").execute()
    google_emulator.revoke(credentials.refresh_token)
    with pytest.raises(RefreshError):  # 401, then the refresh fails: "needs reconnect"
        events.list(calendarId="primary").execute()


def test_no_token_is_401_with_googles_error_shape(google_emulator: GoogleEmulator) -> None:
    answer = requests.get(google_emulator.api_endpoint + "users/me/calendarList", timeout=10)
    assert answer.status_code == 401
    assert answer.json() == {
        "error": {
            "errors": [
                {
                    "domain": "global",
                    "reason": "authError",
                    "message": "Invalid Credentials",
                    "locationType": "header",
                    "location": "Authorization",
                }
            ],
            "code": 401,
            "message": "Invalid Credentials",
        }
    }


def test_anonymous_credentials_work_only_when_allowed(google_emulator: GoogleEmulator) -> None:
    anonymous = google_emulator.anonymous_client()
    with pytest.raises(InvalidOperation):  # 401, and anonymous credentials cannot refresh
        anonymous.events().list(calendarId="primary").execute()
    google_emulator.allow_anonymous()
    assert anonymous.events().list(calendarId="primary").execute()["items"] == []
    google_emulator.reset()
    with pytest.raises(InvalidOperation):
        anonymous.events().list(calendarId="primary").execute()
    assert [r.status for r in google_emulator.requests()] == [401]


def test_a_read_only_token_cannot_write(google_emulator: GoogleEmulator) -> None:
    events = google_emulator.client(google_emulator.credentials(scopes=[READ_ONLY])).events()
    events.list(calendarId="primary").execute()
    body = {"start": {"date": "2030-01-01"}, "end": {"date": "2030-01-02"}}
    with pytest.raises(HttpError) as refused:
        events.insert(calendarId="primary", body=body).execute()
    assert refused.value.status_code == 403
    assert refused.value.error_details[0]["reason"] == "insufficientPermissions"


def test_the_installed_app_flow_with_pkce(
    google_emulator: GoogleEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # oauthlib wants https otherwise
    flow = Flow.from_client_config(
        google_emulator.client_config(), scopes=[CALENDAR_SCOPE], redirect_uri="http://localhost:1/"
    )
    url, state = flow.authorization_url(access_type="offline", login_hint=google_emulator.user)
    assert "code_challenge=" in url
    consent = requests.get(url, allow_redirects=False, timeout=10)  # the browser's part
    assert consent.status_code == 302
    back = parse_qs(urlsplit(consent.headers["Location"]).query)
    assert back["state"] == [state]
    flow.fetch_token(code=back["code"][0])
    credentials = flow.credentials
    assert credentials.refresh_token
    service = google_emulator.client(credentials)
    assert service.calendarList().get(calendarId="primary").execute()["accessRole"] == "owner"
    again = requests.post(
        google_emulator.token_uri,
        data={
            "grant_type": "authorization_code",
            "code": back["code"][0],
            "client_id": google_emulator.client_id,
            "client_secret": google_emulator.client_secret,
            "redirect_uri": "http://localhost:1/",
        },
        timeout=10,
    )
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"  # used once


def test_a_wrong_pkce_verifier_is_refused(google_emulator: GoogleEmulator) -> None:
    consent = requests.get(
        google_emulator.auth_uri,
        params={
            "client_id": google_emulator.client_id,
            "redirect_uri": "http://localhost:1/",
            "response_type": "code",
            "scope": CALENDAR_SCOPE,
            "code_challenge": "x" * 43,
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )
    code = parse_qs(urlsplit(consent.headers["Location"]).query)["code"][0]
    answer = requests.post(
        google_emulator.token_uri,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": "not-the-one",
            "client_id": google_emulator.client_id,
            "client_secret": google_emulator.client_secret,
        },
        timeout=10,
    )
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")
