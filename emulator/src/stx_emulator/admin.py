"""The emulator's own admin API, under ``/_emulator`` on the admin port and on every service port.

=========================================  ==============================================================
``GET /_emulator/status``                  topology, bootstrap state, regions, ports, time scale
``GET /_emulator/journal?since=N``         state-changing requests answered (see journal.py)
``DELETE /_emulator/journal``              empty the journal
``GET|POST|DELETE /_emulator/faults``      list, add (``{"spec": "http:status=503,path=/v1/*"}``), clear
``DELETE /_emulator/faults/{id}``          remove one fault
``GET|PUT /_emulator/clock``               ``{"time_scale": X}``
``POST /_emulator/clock/flush``            run every pending timer now (finish all background work)
``GET /_emulator/state``                   every stored object (tokens omitted)
``POST /_emulator/bootstrap``              ``{"overrides": {...}}``: what StarlingX's bootstrap playbook does
``POST /_emulator/users``                  ``{"name", "password", "roles": [["admin", "reader"]]}``
=========================================  ==============================================================

No authentication: the admin API is for the machine that runs the emulator.
"""

import time

from aiohttp import web

from .faults import FaultSpecError
from .http import json_response


def add_routes(app, emulator):
    r = app.router
    h = Handlers(emulator)
    r.add_get("/_emulator/status", h.status)
    r.add_get("/_emulator/journal", h.journal)
    r.add_delete("/_emulator/journal", h.clear_journal)
    r.add_get("/_emulator/faults", h.faults)
    r.add_post("/_emulator/faults", h.add_fault)
    r.add_delete("/_emulator/faults", h.clear_faults)
    r.add_delete("/_emulator/faults/{id}", h.remove_fault)
    r.add_get("/_emulator/clock", h.clock)
    r.add_put("/_emulator/clock", h.set_clock)
    r.add_post("/_emulator/clock/flush", h.flush)
    r.add_get("/_emulator/state", h.state)
    r.add_post("/_emulator/bootstrap", h.bootstrap)
    r.add_post("/_emulator/users", h.add_user)


def error(status, message):
    return json_response({"error": message}, status=status)


class Handlers:
    def __init__(self, emulator):
        self.emu = emulator

    async def _json(self, request):
        try:
            return await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text='{"error": "body must be JSON"}', content_type="application/json")

    async def status(self, request):
        return json_response(self.emu.status())

    async def journal(self, request):
        since = int(request.query.get("since", 0))
        return json_response({"entries": self.emu.journal.since(since), "last_seq": self.emu.journal.last_seq})

    async def clear_journal(self, request):
        self.emu.journal.clear()
        return json_response(None, status=204)

    async def faults(self, request):
        return json_response({"faults": self.emu.faults.faults})

    async def add_fault(self, request):
        body = await self._json(request)
        spec = body.get("spec", body) if isinstance(body, dict) else body
        try:
            fault = self.emu.faults.add(spec)
        except FaultSpecError as exc:
            return error(400, str(exc))
        return json_response(fault, status=201)

    async def clear_faults(self, request):
        self.emu.faults.clear()
        return json_response(None, status=204)

    async def remove_fault(self, request):
        if not self.emu.faults.remove(int(request.match_info["id"])):
            return error(404, "no fault %s" % request.match_info["id"])
        return json_response(None, status=204)

    async def clock(self, request):
        return json_response({"time_scale": self.emu.clock.time_scale, "now": time.time(),
                              "pending_timers": self.emu.scheduler.pending()})

    async def set_clock(self, request):
        body = await self._json(request)
        try:
            scale = float(body["time_scale"])
            if scale < 0:
                raise ValueError
        except (KeyError, TypeError, ValueError):
            return error(400, "time_scale must be a number >= 0")
        self.emu.clock.time_scale = scale
        return await self.clock(request)

    async def flush(self, request):
        """Make every pending timer due now, and run them (and whatever they schedule)."""
        count = 0
        for _ in range(1000):
            timers = self.emu.scheduler.pending()
            if not timers:
                break
            now = time.time()
            for timer in timers:
                timer["due"] = min(timer["due"], now)
            count += self.emu.run_due()
        self.emu.store.commit()
        return json_response({"ran": count})

    async def state(self, request):
        dump = self.emu.store.dump()
        dump["scopes"].get("_emulator", {}).pop("token", None)
        return json_response(dump)

    async def bootstrap(self, request):
        from .bootstrap import BootstrapError, bootstrap

        body = await self._json(request)
        overrides = body.get("overrides") if isinstance(body, dict) else None
        if not isinstance(overrides, dict):
            return error(400, "body must be {\"overrides\": {...}}")
        try:
            result = bootstrap(self.emu, overrides)
        except BootstrapError as exc:
            self.emu.store.rollback()
            return error(exc.status, str(exc))
        self.emu.store.commit()
        await self.emu.start_services()
        return json_response(result)

    async def add_user(self, request):
        body = await self._json(request)
        try:
            name, password = body["name"], body["password"]
            roles = [tuple(r) for r in body.get("roles", [["admin", "admin"]])]
        except (KeyError, TypeError):
            return error(400, "body must be {\"name\", \"password\", \"roles\": [[project, role]]}")
        self.emu.keystone.add_user(name, password, roles)
        self.emu.store.commit()
        return json_response({"name": name, "roles": roles}, status=201)
