"""The person's consent to a Google account, through the OAuth installed-app flow.

The consent happens in a browser; Google then redirects it to a loopback address with a code,
which google-auth-oauthlib's ``Flow`` exchanges (PKCE, ``access_type=offline`` and
``prompt=consent`` so that a refresh token always comes back). Two ways to get that redirect:

- :func:`loopback_consent`: a one-shot HTTP server on 127.0.0.1 (a free port) receives it. Not
  ``InstalledAppFlow.run_local_server``: that prints the address itself (the command should
  say what happens) and takes the first request that arrives as the answer, where this waits
  for the one that carries the code or the refusal.
- :class:`Consent` with :data:`PASTE_REDIRECT` (``--no-browser``, for headless servers): the
  person opens the address on any machine; the browser then fails to load the loopback page,
  and the person pastes the address it shows back. Google's device flow does not cover
  Calendar scopes, and the out-of-band code page is gone.

oauthlib refuses plain-http OAuth addresses. As google-auth-oauthlib does, the loopback
redirect is given to it as https (it never leaves the machine); OAuth endpoints themselves may
be plain http only on a loopback host (an emulator), and then only for the exchange. Granted
scopes are checked here rather than by oauthlib, so that a person who unticked a permission
on Google's consent page hears which one is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import webbrowser
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import requests
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import Flow
from oauthlib.oauth2.rfc6749.errors import MismatchingStateError, OAuth2Error

from nextsteps_shared.accounts.google_grant import granted_scopes
from nextsteps_shared.errors import PermanentError, TransientError

PASTE_REDIRECT: Final = "http://127.0.0.1:53682/"
CONSENT_TIMEOUT_S: Final = 300.0
_LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})
_EXCHANGE_TIMEOUT_S: Final = 30

CLIENT_SECRETS_HELP: Final = (
    "create one in Google Cloud console (console.cloud.google.com): enable the Google "
    "Calendar API; set up the OAuth consent screen; then Credentials > Create credentials > "
    "OAuth client ID > Application type 'Desktop app' > Download JSON"
)


class AuthorizationError(PermanentError):
    """The consent could not be obtained: no usable OAuth client, refused, or a bad answer."""


def client_config(path: Path) -> dict[str, Any]:
    """The OAuth client (type Desktop app) in Google's client-secrets JSON at ``path``."""
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuthorizationError(
            f"no OAuth client at {path}: {CLIENT_SECRETS_HELP}, and save it there "
            "(or give --client-secrets FILE)"
        ) from None
    except (OSError, ValueError) as err:
        raise AuthorizationError(f"cannot read the OAuth client {path}: {err}") from err
    installed = config.get("installed") if isinstance(config, dict) else None
    if not isinstance(installed, dict):
        kind = next(iter(config), "unknown") if isinstance(config, dict) else "not a client"
        raise AuthorizationError(
            f"{path} is not an OAuth client of type Desktop app ({kind!r}): {CLIENT_SECRETS_HELP}"
        )
    return {"installed": installed}


class Consent:
    """One consent: the address the person opens, then the grant from where Google sent them."""

    def __init__(
        self,
        config: Mapping[str, Any],
        scopes: Sequence[str],
        redirect_uri: str,
        login_hint: str | None = None,
    ) -> None:
        self._config = config["installed"]
        self._scopes = tuple(scopes)
        self._redirect = redirect_uri
        self._flow = Flow.from_client_config(config, scopes=list(scopes), redirect_uri=redirect_uri)
        hint = {"login_hint": login_hint} if login_hint else {}
        with _oauth_transport(self._config):
            self.address, _ = self._flow.authorization_url(
                access_type="offline", prompt="consent", **hint
            )

    def finish(self, redirected_to: str) -> Credentials:
        """The grant, from the address the browser was sent back to (checked, then exchanged)."""
        answer = self._answer(redirected_to.strip())
        with _oauth_transport(self._config):
            try:
                self._flow.fetch_token(authorization_response=answer, timeout=_EXCHANGE_TIMEOUT_S)
            except MismatchingStateError:
                raise AuthorizationError(
                    "that address belongs to another consent (its state differs): "
                    "start again and paste the address of this one"
                ) from None
            except OAuth2Error as err:
                raise AuthorizationError(
                    f"Google refused the code ({err.error}: {err.description}); start again"
                ) from err
            except requests.RequestException as err:
                raise TransientError(f"the OAuth token endpoint cannot be reached: {err}") from err
        return self._checked(self._flow.credentials)

    def _answer(self, redirected_to: str) -> str:
        """The redirect as oauthlib takes it (https), after checking where it points."""
        parts, expected = urlsplit(redirected_to), urlsplit(self._redirect)
        if (parts.scheme, parts.netloc) != (expected.scheme, expected.netloc):
            raise AuthorizationError(
                f"expected the address the browser shows after the consent, starting with "
                f"{self._redirect} (got {redirected_to[:60]!r})"
            )
        query = parse_qs(parts.query)
        if "error" in query:
            raise AuthorizationError(f"Google did not grant access ({query['error'][0]})")
        if "code" not in query:
            raise AuthorizationError(
                "the address has no code: paste the whole address from the browser's address bar"
            )
        return "https" + redirected_to[len(parts.scheme) :]

    def _checked(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise AuthorizationError(
                "Google sent no refresh token: remove nextsteps' access at "
                "myaccount.google.com/permissions and connect again"
            )
        missing = set(self._scopes) - set(granted_scopes(credentials))
        if missing:
            raise AuthorizationError(
                "not every permission was granted (missing: " + ", ".join(sorted(missing)) + "); "
                "connect again and tick every box on Google's consent page"
            )
        return credentials


def loopback_consent(
    config: Mapping[str, Any],
    scopes: Sequence[str],
    announce: Callable[[str], None],
    *,
    open_browser: bool = True,
    login_hint: str | None = None,
    timeout: float = CONSENT_TIMEOUT_S,
) -> Credentials:
    """The grant, Google's redirect received on a loopback port (``announce`` gets the
    address to open; the browser is opened too when ``open_browser``)."""
    receiver = _Redirects()
    with make_server("127.0.0.1", 0, receiver, handler_class=_QuietHandler) as server:
        consent = Consent(config, scopes, f"http://127.0.0.1:{server.server_port}/", login_hint)
        announce(consent.address)
        if open_browser:
            webbrowser.open(consent.address, new=1)
        redirected = _wait(server, receiver, time.monotonic() + timeout)
        if redirected is None:
            raise AuthorizationError(
                f"no answer from the browser within {timeout:.0f} s; start again "
                "(or use --no-browser and paste the address)"
            )
        return consent.finish(redirected)


def _wait(server: WSGIServer, receiver: _Redirects, deadline: float) -> str | None:
    """The first redirect with a code or an error, or None at the deadline."""
    while receiver.answer is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        server.timeout = left
        server.handle_request()
    return receiver.answer


class _Redirects:
    """The WSGI app on the loopback port: keeps the address of the redirect that answers."""

    def __init__(self) -> None:
        self.answer: str | None = None

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., object]
    ) -> list[bytes]:
        query = parse_qs(str(environ.get("QUERY_STRING", "")))
        if self.answer is None and ("code" in query or "error" in query):
            host = f"127.0.0.1:{environ['SERVER_PORT']}"
            self.answer = f"http://{host}{environ.get('PATH_INFO', '/')}?{environ['QUERY_STRING']}"
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"nextsteps got the answer: you may close this window."]
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"waiting for Google's redirect"]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def _oauth_transport(config: Mapping[str, Any]) -> Iterator[None]:
    """oauthlib's switches for one step: granted scopes are checked by :class:`Consent`;
    plain http is allowed when every http OAuth endpoint is on this machine."""
    endpoints = [urlsplit(str(config.get(k, ""))) for k in ("auth_uri", "token_uri")]
    plain = [e for e in endpoints if e.scheme == "http"]
    if any(e.hostname not in _LOOPBACK_HOSTS for e in plain):
        raise AuthorizationError("the OAuth client's auth_uri and token_uri must be https")
    switches = {"OAUTHLIB_RELAX_TOKEN_SCOPE": "1"}
    if plain:
        switches["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    saved = {name: os.environ.get(name) for name in switches}
    os.environ.update(switches)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
