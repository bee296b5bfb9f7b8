"""The emulator process: state, clock, faults, journal, and one aiohttp application per service port.

``Emulator`` owns everything; ``await emulator.start()`` listens on the admin port and, once the system is
bootstrapped, on every service port (before bootstrap a real controller-0 answers on none of them, so neither
does the emulator: clients get "connection refused").
"""

import asyncio
import json
import logging
import time

from aiohttp import web

from . import admin
from .clock import Clock, Scheduler
from .faults import Faults
from .http import ApiError, json_response
from .journal import Journal
from .keystone import Keystone
from .store import Store

LOG = logging.getLogger(__name__)

ADMIN_PORT = 5099
MAIN = "main"
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def service_classes():
    """Every emulated service, keystone first. Services register in ``stx_emulator.services``."""
    from .services import SERVICES

    return [Keystone] + list(SERVICES)


class Emulator:
    def __init__(self, state=None, topology="aio-sx", fresh=True, address="127.0.0.1", port_offset=0,
                 time_scale=0.0, tls=None, release_profile="stx-11", faults=(), seed=None, token_ttl=3600,
                 admin_port=ADMIN_PORT):
        self.store = Store(state)
        self.clock = Clock(time_scale)
        self.scheduler = Scheduler(self.store, self.clock)
        self.faults = Faults(faults, seed=seed)
        self.journal = Journal()
        self.address = address
        self.port_offset = int(port_offset)
        self.admin_port = int(admin_port)
        self.tls = tls  # a stx_emulator.tls.TlsMaterial or None
        self.services = [cls(self) for cls in service_classes()]
        self._runners = {}
        self._ticker = None
        self.started_at = None
        self.restarted = not self.store.is_empty
        if self.restarted:
            for scope in self.store.scopes():
                if scope.startswith("_"):
                    continue
                for service in self.services:
                    service.on_restart(scope)
            self.store.commit()
        else:
            from .topology import initialise

            self.store.set_setting("token_ttl", int(token_ttl))
            initialise(self, topology=topology, fresh=fresh, release_profile=release_profile)
            self.store.commit()

    # -- configuration views ------------------------------------------------------------------------------
    def service(self, name):
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    @property
    def keystone(self):
        return self.service("keystone")

    def scope(self, name=MAIN):
        return self.store.scope(name)

    @property
    def bootstrapped(self):
        return bool(self.store.setting("bootstrapped"))

    def region_name(self, scope=MAIN):
        return (self.store.setting("regions") or {}).get(scope, {}).get("name", "RegionOne")

    def regions(self):
        """{scope: {"name": region, "address": addr}}"""
        regions = self.store.setting("regions") or {}
        return regions or {MAIN: {"name": "RegionOne", "address": self.address}}

    def port(self, base):
        return base + self.port_offset

    def host_for_url(self, address):
        return "[%s]" % address if ":" in address else address

    def url(self, address, base_port, path=""):
        scheme = "https" if self.tls else "http"
        return "%s://%s:%d%s" % (scheme, self.host_for_url(address), self.port(base_port), path)

    def auth_url(self):
        return self.url(self.regions()[MAIN]["address"], 5000, "/v3")

    def admin_url(self):
        return "http://%s:%d" % (self.host_for_url(self.address), self.admin_port + self.port_offset)

    def catalog(self):
        """Keystone catalog: every service, every region, public/internal/admin."""
        catalog = []
        for service in self.services:
            if not service.in_catalog:
                continue
            endpoints = []
            for scope, region in sorted(self.regions().items()):
                for interface in ("public", "internal", "admin"):
                    port = service.ports.get(interface)
                    if port is None:
                        continue
                    url = self.url(region["address"], port, service.url_path)
                    endpoints.append({
                        "id": _hexid(service.name, region["name"], interface),
                        "interface": interface,
                        "region": region["name"],
                        "region_id": region["name"],
                        "url": url,
                    })
            catalog.append({"id": _hexid(service.name), "type": service.service_type, "name": service.name,
                            "endpoints": endpoints})
        return catalog

    def scope_for(self, request):
        """The system whose address the request came in on."""
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        local = sockname[0] if sockname else self.address
        for scope, region in self.regions().items():
            if region["address"] == local:
                return scope
        return MAIN

    # -- time ---------------------------------------------------------------------------------------------
    def run_due(self):
        return self.scheduler.run_due(self)

    async def _tick(self):
        while True:
            try:
                self.run_due()
            except Exception:  # pragma: no cover - a broken timer must not stop time
                LOG.exception("timer failed")
            nxt = self.scheduler.next_due()
            delay = 0.5 if nxt is None else min(0.5, max(0.005, nxt - time.time()))
            await asyncio.sleep(delay)

    # -- HTTP -----------------------------------------------------------------------------------------------
    def _make_middleware(self, service):
        emulator = self

        @web.middleware
        async def middleware(request, handler):
            if request.path.startswith("/_emulator"):
                return await handler(request)
            for fault in emulator.faults.for_request(service.name, request.method, request.path):
                if fault["type"] == "latency":
                    await asyncio.sleep(fault["ms"] / 1000.0)
                elif fault["type"] == "drop":
                    if request.transport is not None:
                        request.transport.abort()
                    return web.Response(status=500)  # never sent: the connection is gone
                elif fault["type"] == "http":
                    return service.render_error(ApiError(fault["status"], "Injected fault: HTTP %d" % fault["status"]))
            emulator.run_due()
            scope = emulator.scope_for(request)
            request["scope"] = emulator.store.scope(scope)
            request["region"] = emulator.regions()[scope]["name"]
            try:
                if request.path not in service.public_paths and service.name != "keystone":
                    token = emulator.keystone.lookup(request.headers.get("X-Auth-Token"))
                    if token is None:
                        return service.unauthorized()
                    request["token"] = token
                    service.check_role(request, token)
                response = await handler(request)
            except ApiError as error:
                emulator.store.rollback()
                response = service.render_error(error)
            except web.HTTPNotFound:
                emulator.store.rollback()
                response = service.render_error(service.not_found(request))
            except web.HTTPMethodNotAllowed:
                emulator.store.rollback()
                response = service.render_error(ApiError(405, "The server could not comply with the request "
                                                              "since it is either malformed or otherwise incorrect."))
            except Exception as exc:
                emulator.store.rollback()
                LOG.exception("unexpected error in %s %s", request.method, request.path)
                response = service.render_error(ApiError(500, "Internal error: %s" % exc.__class__.__name__))
            emulator.store.commit()
            if request.method not in READ_METHODS and not request.get("journal_skip"):
                body = await request.read()
                emulator.journal.record(service=service.name, region=request["region"], method=request.method,
                                        path=request.path, query=request.query_string, status=response.status,
                                        body=body, readonly=bool(request.get("journal_readonly")))
            return response

        return middleware

    def _service_app(self, service):
        app = web.Application(middlewares=[self._make_middleware(service)], client_max_size=8 * 1024 ** 3)
        app["service"] = service
        service.add_routes(app)
        admin.add_routes(app, self)
        return app

    async def _listen(self, key, app, port):
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        ssl_context = self.tls.server_context() if (self.tls and key != "admin") else None
        site = web.TCPSite(runner, self.address, port, ssl_context=ssl_context, reuse_address=True)
        await site.start()
        self._runners[key] = runner

    async def start(self):
        self.started_at = time.time()
        admin_app = web.Application(client_max_size=64 * 1024 ** 2)
        admin.add_routes(admin_app, self)
        await self._listen("admin", admin_app, self.admin_port + self.port_offset)
        if self.bootstrapped:
            await self.start_services()
        self._ticker = asyncio.ensure_future(self._tick())

    async def start_services(self):
        for service in self.services:
            for port in service.listen_ports():
                key = "%s:%d" % (service.name, port)
                if key not in self._runners:
                    await self._listen(key, self._service_app(service), self.port(port))

    async def stop(self):
        if self._ticker is not None:
            self._ticker.cancel()
        for runner in list(self._runners.values()):
            await runner.cleanup()
        self._runners.clear()
        self.store.close()

    def listening(self):
        return sorted(self._runners)

    def status(self):
        return {
            "topology": self.store.setting("topology"),
            "fresh": self.store.setting("fresh"),
            "bootstrapped": self.bootstrapped,
            "release_profile": self.store.setting("release_profile"),
            "time_scale": self.clock.time_scale,
            "regions": self.regions(),
            "auth_url": self.auth_url(),
            "admin_url": self.admin_url(),
            "listening": self.listening(),
            "restarted": self.restarted,
            "pending_timers": len(self.scheduler.pending()),
        }


def _hexid(*parts):
    import hashlib

    return hashlib.md5("/".join(parts).encode()).hexdigest()  # noqa: S324


def dumps(data):
    return json.dumps(data, indent=2, sort_keys=True)


__all__ = ["Emulator", "json_response", "ADMIN_PORT"]
