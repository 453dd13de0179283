"""Run the emulator as its own process: ``python -m tests.google_emulator [--port P]``.

From the repository root (where ``tests`` is importable). It prints one JSON line with
``base_url``, ``api_endpoint``, ``token_uri``, ``auth_uri``, ``client_id``, ``client_secret``,
``user`` and a ``refresh_token`` for that user, then serves until it gets SIGTERM or SIGINT.
Seed and count over HTTP with the ``/_emulator/`` endpoints (control_http.py).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from tests.google_emulator.control import DEFAULT_USER, GoogleEmulator, running_google_emulator


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.google_emulator")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: free)")
    parser.add_argument("--user", default=DEFAULT_USER, help="the account's email")
    parser.add_argument("--anonymous", action="store_true", help="accept requests without token")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with running_google_emulator(args.user, args.port) as google:
        google.allow_anonymous(args.anonymous)
        print(json.dumps(_announcement(google)), flush=True)
        stop.wait()


def _announcement(google: GoogleEmulator) -> dict[str, str]:
    return {
        "base_url": google.base_url,
        "api_endpoint": google.api_endpoint,
        "token_uri": google.token_uri,
        "auth_uri": google.auth_uri,
        "client_id": google.client_id,
        "client_secret": google.client_secret,
        "user": google.user,
        "refresh_token": google.issue_refresh_token(),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
