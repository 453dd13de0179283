"""Starting one of the services' small aiohttp servers on their event loop.

The planner's feeds, ingest's Google webhook and each service's ops listener all start the same
way: no access log, no signal handling of their own (the service has it), a short shutdown. A
port that cannot be had is the operator's to change, so it becomes a SettingsError that says
what was to be served, where, why not, and which setting to change.
"""

from __future__ import annotations

from aiohttp import web

from nextsteps_shared.errors import SettingsError


async def open_site(
    app: web.Application,
    host: str,
    port: int,
    *,
    serving: str,
    advice: str,
    shutdown_timeout: float = 2.0,
) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on ``host``:``port`` (0: a free port); the runner and the port it got.

    The error reads "cannot ``serving`` on HOST port PORT: REASON (``advice``)"."""
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=shutdown_timeout
    )
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as err:
        await runner.cleanup()
        raise SettingsError(
            f"cannot {serving} on {host} port {port}: {err.strerror or err} ({advice})"
        ) from err
    return runner, int(runner.addresses[0][1])
