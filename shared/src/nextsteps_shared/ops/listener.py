"""The operators' HTTP listener of a service: ``/healthz``, ``/readyz`` and ``/metrics``.

An aiohttp server on the service's event loop, on a port of its own (``ops`` settings), so a
public port (the planner's feeds, ingest's webhook) never shows metrics. ``/healthz`` answers
200 whenever the event loop does (the process lives and is not stuck); ``/readyz`` runs the
service's readiness checks: 200 when all pass, else 503, both with a JSON body naming each
check's answer. ``/metrics`` serves the service's Prometheus registry (the text format, or
OpenMetrics when the scraper asks for it), after ``before_scrape`` (e.g. reading the queue's
figures from the broker) had its chance. No access log: probes come every few seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import hdrs, web
from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder

from nextsteps_shared.http_site import open_site
from nextsteps_shared.ops.readiness import Readiness

_log = logging.getLogger(__name__)
HEALTHZ = "/healthz"
READYZ = "/readyz"
METRICS = "/metrics"

BeforeScrape = Callable[[], Awaitable[None]]


class OpsListener:
    """Health, readiness and metrics of one service over HTTP."""

    def __init__(
        self,
        service: str,
        readiness: Readiness,
        registry: CollectorRegistry,
        *,
        before_scrape: BeforeScrape | None = None,
    ) -> None:
        self.service = service
        self._readiness = readiness
        self._registry = registry
        self._before_scrape = before_scrape
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the port it listens on, once started

    async def start(self, host: str, port: int, setting: str) -> int:
        """Listen on ``host``:``port`` (0: a free port); returns the port. ``setting`` names
        the port's setting for the error when the port is taken."""
        app = web.Application()
        app.router.add_get(HEALTHZ, self._healthz)
        app.router.add_get(READYZ, self._readyz)
        app.router.add_get(METRICS, self._metrics)
        self._runner, self.port = await open_site(
            app,
            host,
            port,
            serving=f"serve {HEALTHZ}, {READYZ} and {METRICS}",
            advice=f"set {setting}, 0 for any free port",
            shutdown_timeout=1,
        )
        _log.info("ops: %s %s %s on http://%s:%d", HEALTHZ, READYZ, METRICS, host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive", "service": self.service})

    async def _readyz(self, request: web.Request) -> web.Response:
        report = await self._readiness.report()
        body = {
            "status": "ready" if report.ready else "not ready",
            "service": self.service,
            "checks": report.checks,
        }
        if not report.ready:
            body["not_ready"] = report.not_ready
        return web.json_response(body, status=200 if report.ready else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        if self._before_scrape is not None:
            try:
                await self._before_scrape()
            except Exception as err:  # the other figures are still worth serving
                _log.warning("metrics: %s: %s", type(err).__name__, err)
        encoder, content_type = choose_encoder(request.headers.get(hdrs.ACCEPT, ""))
        return web.Response(body=encoder(self._registry), headers={hdrs.CONTENT_TYPE: content_type})
