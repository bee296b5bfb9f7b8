"""Test support for the USM and VIM tests: ``InProcessEmulator(topology=..., fresh=False)`` (a deployed system;
hosts are locked, unlocked and swacted through sysinv's API, as an operator does), and the ``software`` CLI /
sw-manager request shapes.
"""

import json

import aiohttp

from stx_emulator import usm_artifacts as A
from stx_emulator.testing import InProcessEmulator, SteppedClock


class UsmEnv:
    """``async with UsmEnv("aio-dx") as env``: env.emu, env.api (logged in), env.scope, env.cli (software CLI),
    env.vim (sw-manager)."""

    def __init__(self, topology="aio-sx", profile="stx-11", time_scale=0.0, state=None, faults=(), fake_clock=False):
        """``fake_clock``: the emulated clock only moves with :meth:`advance` (use with ``time_scale=1``)."""
        self.fake_clock = fake_clock
        self.inprocess = InProcessEmulator(topology=topology, fresh=False, release_profile=profile,
                                           time_scale=time_scale, state=state, faults=list(faults))

    async def __aenter__(self):
        self.emu, self.api = await self.inprocess.__aenter__()
        self.offset = self.api.port_offset
        self.scope = self.emu.scope()
        self.clock = SteppedClock(self.emu) if self.fake_clock else None
        self.cli = SoftwareCli(self.api)
        self.vim = SwManager(self.api)
        return self

    async def __aexit__(self, *exc):
        await self.inprocess.__aexit__(*exc)

    async def flush(self):
        return await self.api.flush()

    async def instant(self, coro):
        """Await a request with the time scale at 0 (uploads and prechecks answer at once)."""
        scale = self.emu.clock.time_scale
        self.emu.clock.time_scale = 0.0
        try:
            return await coro
        finally:
            self.emu.clock.time_scale = scale

    @property
    def now(self):
        return self.clock.now

    def advance(self, seconds):
        self.clock.advance(seconds)

    # -- hosts, as an operator does them with the system CLI --------------------------------------------------
    def host(self, name):
        return self.scope.first("ihost", hostname=name)

    async def host_action(self, name, action):
        """``system host-<action> <name>``: PATCH with a JSON-patch list of string values, then wait for it."""
        status, body = await self.api.request("sysinv", "PATCH", "/v1/ihosts/%s" % name,
                                              json=[{"op": "replace", "path": "/action", "value": action}])
        await self.flush()
        return status, body

    def active_controller(self):
        for host in self.scope.all("ihost", personality="controller"):
            if host.get("_active"):
                return host["hostname"]
        return None


class SoftwareCli:
    """Requests exactly as the stx.11 ``software`` client sends them (software_client/v1/*.py, usm-and-vim.md §7)."""

    def __init__(self, api):
        self.api = api

    async def list(self, state=None, release=None):
        query = []
        if state:
            query.append("show=%s" % state)
        if release:
            query.append("release=%s" % release)
        return await self.api.get("usm", "/v1/release" + ("?" + "&".join(query) if query else ""))

    async def show(self, release_id):
        return await self.api.get("usm", "/v1/release/%s" % release_id)

    async def upload(self, *paths):
        """Multipart, one part per file, the absolute path as name and filename (MultipartEncoder)."""
        form = aiohttp.FormData()
        for path in paths:
            with open(path, "rb") as handle:
                form.add_field(path, handle.read(), filename=path, content_type="application/octet-stream")
        return await self.api.request("usm", "POST", "/v1/release", data=form, headers={"Accept": "*/*"})

    async def upload_local(self, *paths):
        return await self.api.request("usm", "POST", "/v1/release", data=json.dumps(list(paths)),
                                      headers={"Content-Type": "text/plain"})

    async def delete(self, *release_ids):
        return await self.api.delete("usm", "/v1/release/%s" % "/".join(release_ids))

    async def is_state(self, action, *release_ids):
        return await self.api.get("usm", "/v1/release/%s/%s" % ("/".join(release_ids), action))

    async def commit(self, *release_ids, dry_run=False):
        return await self.api.post("usm", "/v1/release/%s/%s" % ("/".join(release_ids),
                                                                "commit_dry_run" if dry_run else "commit"), json={})

    async def precheck(self, release, force=False, options=None, region_name=None):
        body = {}
        if force:
            body["force"] = "true"
        if options:
            body["options"] = list(options)
        if region_name:
            body["region_name"] = region_name
        return await self.api.post("usm", "/v1/deploy/%s/precheck" % release, json=body)

    async def start(self, release, force=False, options=None):
        body = {}
        if force:
            body["force"] = "true"
        if options:
            body["options"] = list(options)
        return await self.api.post("usm", "/v1/deploy/%s/start" % release, json=body)

    async def deploy_host(self, hostname, force=False, rollback=False):
        path = "/v1/deploy_host/%s" % hostname + ("/rollback" if rollback else "") + ("/force" if force else "")
        return await self.api.request("usm", "POST", path, data=b"")

    async def action(self, name):
        return await self.api.post("usm", "/v1/deploy/%s" % name, json={})

    async def deploy_show(self):
        return await self.api.get("usm", "/v1/deploy")

    async def host_list(self):
        return await self.api.get("usm", "/v1/deploy_host")

    async def deploy_delete(self):
        return await self.api.delete("usm", "/v1/deploy")

    async def state(self):
        status, body = await self.deploy_show()
        assert status == 200, body
        return body[0]["state"] if body else None

    async def host_states(self):
        status, body = await self.host_list()
        assert status == 200, body
        return {row["hostname"]: row["host_state"] for row in body}


class SwManager:
    """sw-manager sw-deploy-strategy requests (nfv-client openstack/sw_update.py)."""

    PATH = "/api/orchestration/sw-upgrade/strategy"

    def __init__(self, api):
        self.api = api

    async def create(self, release=None, rollback=None, delete=None, snapshot=None, controller="serial",
                     storage="serial", worker="serial", instance="stop-start", alarms="strict", max_parallel=None):
        body = {"controller-apply-type": controller, "default-instance-action": instance, "release": release,
                "rollback": rollback, "delete": delete}
        if snapshot:
            body["snapshot"] = snapshot
        body["storage-apply-type"] = storage
        body["worker-apply-type"] = worker
        if max_parallel is not None:
            body["max-parallel-worker-hosts"] = max_parallel
        body["alarm-restrictions"] = alarms
        return await self.api.post("vim", self.PATH, json=body)

    async def show(self):
        return await self.api.get("vim", self.PATH)

    async def apply(self, stage_id=None):
        body = {"action": "apply-all" if stage_id is None else "apply-stage"}
        if stage_id is not None:
            body["stage-id"] = str(stage_id)
        return await self.api.post("vim", self.PATH + "/actions", json=body)

    async def abort(self, stage_id=None):
        body = {"action": "abort" if stage_id is None else "abort-stage"}
        if stage_id is not None:
            body["stage-id"] = str(stage_id)
        return await self.api.post("vim", self.PATH + "/actions", json=body)

    async def delete(self, force=False):
        return await self.api.request("vim", "DELETE", self.PATH, json={"force": force})


def write_patch(tmp_path, release_id, **fields):
    path = str(tmp_path / ("%s.patch" % release_id))
    A.build_patch(release_id, path=path, **fields)
    return path


def write_iso(tmp_path, version, supported=("25.09",), **kwargs):
    return A.write_major_release(str(tmp_path), version, supported, **kwargs)
