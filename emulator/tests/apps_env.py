"""Test support for the sysinv application tests: an in-process deployed emulator (``fresh=False``: bootstrap and
provisioning as the real topology has them) with a clock the test moves, and a recorder of every state an app
passes through (one entry per committed change, as the conductor's DB updates).
"""

import json

import aiohttp

from stx_emulator.server import Emulator
from stx_emulator.testing import ApiClient, SteppedClock, free_port_offset

HELM = "/usr/local/share/applications/helm"


def faultstring(body):
    return json.loads(body["error_message"])["faultstring"]


class AppsEnv:
    """``async with AppsEnv() as env``: env.emu, env.api, env.scope, env.advance(seconds), env.events."""

    def __init__(self, state=None, time_scale=1.0, release_profile="stx-11", faults=()):
        self.state = state
        self.time_scale = time_scale
        self.release_profile = release_profile
        self.faults = list(faults)
        self.events = []  # (fake time, name, version, status, progress) or (time, "gone", name, version)
        self._last = {}

    async def __aenter__(self):
        self.offset = free_port_offset()
        kwargs = dict(state=self.state, port_offset=self.offset, time_scale=self.time_scale,
                      release_profile=self.release_profile, faults=self.faults)
        self.emu = Emulator(fresh=False, topology="aio-sx", **kwargs)
        self.scope = self.emu.scope()
        self.clock = SteppedClock(self.emu)
        original_commit = self.emu.store.commit

        def commit():
            self._record()
            original_commit()

        self.emu.store.commit = commit
        self._record()
        self.events.clear()
        await self.emu.start()
        self.session = aiohttp.ClientSession()
        self.api = ApiClient(self.session, "127.0.0.1", self.offset)
        await self.api.login()
        return self

    async def __aexit__(self, *exc):
        await self.session.close()
        await self.emu.stop()

    # -- time ------------------------------------------------------------------------------------------------
    @property
    def now(self):
        return self.clock.now

    def advance(self, seconds):
        """Move the emulated clock by ``seconds``, running each step at its due time (as a real clock would)."""
        self.clock.advance(seconds)

    def run_all(self, limit=10000):
        """Run every pending timer in due order (the whole remaining operation). Returns the seconds it took."""
        return self.clock.run_all(limit)

    def pending_steps(self):
        return self.emu.scheduler.pending("sysinv.app.step")

    # -- recording -------------------------------------------------------------------------------------------
    def _record(self):
        current = {}
        for record in self.scope.all("app"):
            state = (record["name"], record["app_version"], record["status"], record["progress"])
            current[record["uuid"]] = state
            if self._last.get(record["uuid"]) != state:
                self.events.append((self.now,) + state)
        for uid, state in self._last.items():
            if uid not in current:
                self.events.append((self.now, "gone", state[0], state[1]))
        self._last = current

    def history(self, name, with_time=False):
        """(status, progress) of app ``name`` in the order they happened (deletions as ("gone", version))."""
        out = []
        for event in self.events:
            if event[1] == "gone" and event[2] == name:
                out.append((event[0], "gone", event[3]) if with_time else ("gone", event[3]))
            elif event[1] == name:
                item = (event[2], event[3], event[4])  # version, status, progress
                out.append((event[0],) + item if with_time else item)
        return out

    # -- API shortcuts ---------------------------------------------------------------------------------------
    async def show(self, name):
        status, body = await self.api.get("sysinv", "/v1/apps/%s" % name)
        assert status == 200, (status, body)
        return body

    async def upload(self, tarfile, **fields):
        return await self.api.post("sysinv", "/v1/apps", json=dict(fields, tarfile=tarfile))

    async def directive(self, name, directive, values=None, force=None):
        path = "/v1/apps/%s?directive=%s" % (name, directive)
        if force is not None:
            path += "&force=%s" % force
        return await self.api.patch("sysinv", path, json={"values": values or {}})

    async def update(self, tarfile, **fields):
        return await self.api.post("sysinv", "/v1/apps/update", json=dict(fields, tarfile=tarfile))

    async def uploaded(self, name, version):
        """Upload ``HELM/name-version.tgz`` and let it finish."""
        status, body = await self.upload("%s/%s-%s.tgz" % (HELM, name, version))
        assert status == 200, body
        self.run_all()
        assert (await self.show(name))["status"] == "uploaded"

    async def applied(self, name, version):
        await self.uploaded(name, version)
        status, body = await self.directive(name, "apply")
        assert status == 200, body
        self.run_all()
        assert (await self.show(name))["status"] == "applied"
