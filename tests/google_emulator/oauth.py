"""Google's OAuth 2.0 endpoints, enough for google-auth and google-auth-oauthlib to run for real.

- ``GET /o/oauth2/auth`` (the consent page): consents at once for ``login_hint`` (a known user)
  or the default user and redirects to ``redirect_uri`` with ``code`` and ``state``; it
  remembers a PKCE ``code_challenge``.
- ``POST /token``: ``grant_type=authorization_code`` (checks client, redirect_uri, PKCE
  verifier; a code works once) and ``grant_type=refresh_token``; client credentials come in
  the form or as HTTP Basic. Answers as Google does: ``access_token``, ``expires_in``, ``scope``,
  ``token_type`` (and ``refresh_token`` for a code); ``400 {"error": "invalid_grant"}`` for a
  revoked/unknown refresh token or code, ``401 {"error": "invalid_client"}`` for a bad client.
- ``POST /revoke?token=...``: revokes a refresh token (and its access tokens) or an access token.

API requests must carry ``Authorization: Bearer <live access token>`` (or ``oauth_token=``),
else 401 ``authError``; a token whose scopes do not cover the method is 403
``insufficientPermissions`` (each method's scopes come from the discovery document). Tests can
expire access tokens (next call 401, then google-auth refreshes) and revoke refresh tokens
(refresh fails with ``invalid_grant``: the "needs reconnect" case).

``permissive`` mode skips all of this: any request, with any token or none, acts as the default
user, so google-api-python-client with ``AnonymousCredentials`` works.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tests.google_emulator import errors
from tests.google_emulator.reply import Reply

CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar"
CLIENT_ID = "nextsteps-test.apps.googleusercontent.com"
CLIENT_SECRET = "emulator-client-secret"
ACCESS_LIFETIME = 3599


@dataclass
class RefreshGrant:
    token: str
    user: str
    scopes: tuple[str, ...]
    client_id: str
    revoked: bool = False


@dataclass
class AccessGrant:
    token: str
    user: str
    scopes: tuple[str, ...]
    expires_at: float
    refresh: str | None = None

    def live(self) -> bool:
        return time.time() < self.expires_at


@dataclass
class CodeGrant:
    user: str
    scopes: tuple[str, ...]
    client_id: str
    redirect_uri: str | None
    challenge: str | None
    method: str


@dataclass
class Grants:
    """Clients, codes and tokens the emulator issued; thread-safe."""

    default_user: str
    clients: dict[str, str] = field(default_factory=lambda: {CLIENT_ID: CLIENT_SECRET})
    permissive: bool = False
    access_lifetime: int = ACCESS_LIFETIME
    refresh_tokens: dict[str, RefreshGrant] = field(default_factory=dict)
    access_tokens: dict[str, AccessGrant] = field(default_factory=dict)
    codes: dict[str, CodeGrant] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def issue_refresh_token(
        self, user: str, scopes: tuple[str, ...] = (CALENDAR_SCOPE,), client_id: str = CLIENT_ID
    ) -> str:
        """A refresh token for ``user`` (what an earlier consent would have given)."""
        token = "1//" + secrets.token_urlsafe(32)
        with self.lock:
            self.refresh_tokens[token] = RefreshGrant(token, user, scopes, client_id)
        return token

    def issue_access_token(
        self, user: str, scopes: tuple[str, ...] = (CALENDAR_SCOPE,), refresh: str | None = None
    ) -> str:
        token = "ya29." + secrets.token_urlsafe(32)
        expires = time.time() + self.access_lifetime
        with self.lock:
            self.access_tokens[token] = AccessGrant(token, user, scopes, expires, refresh)
        return token

    def expire_access_tokens(self, user: str | None = None) -> int:
        """Make live access tokens (of ``user``, or all) expire now; how many did."""
        with self.lock:
            hit = [g for g in self.access_tokens.values() if user in (None, g.user) and g.live()]
            for grant in hit:
                grant.expires_at = 0.0
        return len(hit)

    def revoke(self, token: str) -> bool:
        """Revoke a refresh token (with its access tokens) or an access token."""
        with self.lock:
            grant = self.refresh_tokens.get(token)
            if grant is not None:
                grant.revoked = True
                for access in self.access_tokens.values():
                    if access.refresh == token:
                        access.expires_at = 0.0
                return True
            held = self.access_tokens.get(token)
            if held is not None:
                held.expires_at = 0.0
            return held is not None

    def caller(
        self, authorization: str | None, oauth_token: str | None, scopes: frozenset[str]
    ) -> str:
        """The user a request acts as; 401/403 when its token does not allow it."""
        if self.permissive:
            return self.default_user
        token = _bearer(authorization) or oauth_token
        with self.lock:
            access = self.access_tokens.get(token or "")
        if access is None or not access.live():
            raise errors.unauthenticated()
        if scopes and not scopes.intersection(access.scopes):
            raise errors.insufficient_scopes()
        return access.user

    def authorize(self, params: Mapping[str, str], users: frozenset[str]) -> Reply:
        """The consent page: consent at once and send the browser back with a code."""
        client_id, redirect = params.get("client_id", ""), params.get("redirect_uri")
        if client_id not in self.clients:
            return _refusal(401, "invalid_client", "The OAuth client was not found.")
        if redirect is None or params.get("response_type") != "code":
            return _refusal(400, "invalid_request", "redirect_uri and response_type=code needed")
        hint = params.get("login_hint", "")
        code = "4/" + secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = CodeGrant(
                user=hint if hint in users else self.default_user,
                scopes=tuple(params.get("scope", CALENDAR_SCOPE).split()),
                client_id=client_id,
                redirect_uri=redirect,
                challenge=params.get("code_challenge"),
                method=params.get("code_challenge_method", "plain"),
            )
        back = {"state": params.get("state", ""), "code": code, "scope": params.get("scope", "")}
        return Reply.redirect(f"{redirect}{'&' if '?' in redirect else '?'}{urlencode(back)}")

    def token(self, form: Mapping[str, str], authorization: str | None) -> Reply:
        """The token endpoint."""
        client_id, secret = _client_credentials(form, authorization)
        if client_id not in self.clients:
            return _refusal(401, "invalid_client", "The OAuth client was not found.")
        if self.clients[client_id] != secret:
            return _refusal(401, "invalid_client", "Unauthorized")
        grant_type = form.get("grant_type", "")
        if grant_type == "refresh_token":
            return self._refresh(form.get("refresh_token"), client_id)
        if grant_type == "authorization_code":
            return self._exchange(form, client_id)
        return _refusal(400, "unsupported_grant_type", f"Invalid grant_type: {grant_type}")

    def _refresh(self, token: str | None, client_id: str) -> Reply:
        if not token:
            return _refusal(400, "invalid_request", "Missing required parameter: refresh_token")
        with self.lock:
            grant = self.refresh_tokens.get(token)
        if grant is None or grant.revoked or grant.client_id != client_id:
            return _refusal(400, "invalid_grant", "Token has been expired or revoked.")
        return Reply.json(200, self._access(grant.user, grant.scopes, token))

    def _exchange(self, form: Mapping[str, str], client_id: str) -> Reply:
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant.client_id != client_id:
            return _refusal(400, "invalid_grant", "Malformed auth code.")
        if grant.redirect_uri != form.get("redirect_uri", grant.redirect_uri):
            return _refusal(400, "redirect_uri_mismatch", "Bad Request")
        if not _verifier_fits(grant, form.get("code_verifier")):
            return _refusal(400, "invalid_grant", "Invalid code verifier.")
        refresh = self.issue_refresh_token(grant.user, grant.scopes, client_id)
        return Reply.json(
            200, self._access(grant.user, grant.scopes, refresh) | {"refresh_token": refresh}
        )

    def _access(self, user: str, scopes: tuple[str, ...], refresh: str) -> dict[str, object]:
        token = self.issue_access_token(user, scopes, refresh)
        return {
            "access_token": token,
            "expires_in": self.access_lifetime,
            "scope": " ".join(scopes),
            "token_type": "Bearer",
        }


def _bearer(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    kind, _, token = authorization.partition(" ")
    return token.strip() if kind.lower() == "bearer" and token.strip() else None


def _client_credentials(form: Mapping[str, str], authorization: str | None) -> tuple[str, str]:
    if authorization and authorization.lower().startswith("basic "):
        raw = base64.b64decode(authorization[6:].strip()).decode(errors="replace")
        client_id, _, secret = raw.partition(":")
        return client_id, secret
    return form.get("client_id", ""), form.get("client_secret", "")


def _verifier_fits(grant: CodeGrant, verifier: str | None) -> bool:
    if grant.challenge is None:
        return True
    if verifier is None:
        return False
    if grant.method == "S256":
        digest = hashlib.sha256(verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=") == grant.challenge
    return verifier == grant.challenge


def _refusal(status: int, error: str, description: str) -> Reply:
    """An OAuth error answer (RFC 6749 section 5.2, worded as Google words them)."""
    return Reply.json(status, {"error": error, "error_description": description})
