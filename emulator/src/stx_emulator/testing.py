"""Helpers to run the emulator from tests: in a subprocess (``EmulatorProcess``) or in the test's event loop
(``InProcessEmulator`` with an ``ApiClient``). Both pick a free port offset so tests can run in parallel.
"""

import asyncio
import json
import json as _json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from .server import ADMIN_PORT

BASE_PORTS = (5000, 6385, 5497, 15497, 4545, 8119, ADMIN_PORT)
ADMIN_PASSWORD = "St8rlingXCloud*"


def _port_free(address, port):
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


def free_port_offset(address="127.0.0.1", attempts=200):
    """A port offset for which every emulator port is free (offsets are multiples of 10, 10000-49990)."""
    rng = random.Random(os.getpid() ^ time.time_ns())
    for _ in range(attempts):
        offset = rng.randrange(1000, 5000) * 10
        if all(_port_free(address, base + offset) for base in BASE_PORTS):
            return offset
    raise RuntimeError("no free port offset found")


def http_json(method, url, body=None, headers=None, timeout=30):
    """(status, headers, decoded body) with urllib; HTTP errors are returned, not raised."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw, status, hdrs = resp.read(), resp.status, dict(resp.headers)
    except urllib.error.HTTPError as exc:
        raw, status, hdrs = exc.read(), exc.code, dict(exc.headers)
    try:
        decoded = json.loads(raw) if raw else None
    except ValueError:
        decoded = raw.decode(errors="replace")
    return status, hdrs, decoded


class EmulatorProcess:
    """``stx-emulator serve`` in a subprocess. Use as a context manager, or call start()/stop()."""

    def __init__(self, topology="aio-sx", fresh=False, state=None, time_scale=0.0, faults=(), port_offset=None,
                 address="127.0.0.1", release_profile=None, extra_args=()):
        self.topology = topology
        self.fresh = fresh
        self.state = state
        self.time_scale = time_scale
        self.faults = list(faults)
        self.port_offset = free_port_offset(address) if port_offset is None else port_offset
        self.address = address
        self.release_profile = release_profile
        self.extra_args = list(extra_args)
        self.proc = None
        self.status = None
        self._tmp = tempfile.mkdtemp(prefix="stx-emulator-test-")
        self.log_path = os.path.join(self._tmp, "emulator.log")

    @property
    def admin_url(self):
        return "http://%s:%d" % (self.address, ADMIN_PORT + self.port_offset)

    @property
    def auth_url(self):
        return "http://%s:%d/v3" % (self.address, 5000 + self.port_offset)

    def command(self):
        cmd = [sys.executable, "-m", "stx_emulator", "serve", "--topology", self.topology,
               "--fresh" if self.fresh else "--deployed", "--time-scale", str(self.time_scale),
               "--address", self.address, "--port-offset", str(self.port_offset),
               "--ready-file", os.path.join(self._tmp, "ready.json")]
        if self.state:
            cmd += ["--state", self.state]
        if self.release_profile:
            cmd += ["--release-profile", self.release_profile]
        for fault in self.faults:
            cmd += ["--fault", fault]
        return cmd + self.extra_args

    def start(self, timeout=30):
        ready = os.path.join(self._tmp, "ready.json")
        if os.path.exists(ready):
            os.unlink(ready)
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(ready):
                with open(ready) as handle:
                    self.status = json.load(handle)
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        self.stop()
        with open(self.log_path, errors="replace") as handle:
            raise RuntimeError("emulator did not start:\n" + handle.read()[-4000:])

    def stop(self):
        """Graceful stop (SIGTERM), as a service restart."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self):
        """Abrupt end (SIGKILL), as a crash or power loss."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # convenience
    def admin(self, method, path, body=None):
        return http_json(method, self.admin_url + path, body)

    def token(self, username="admin", password=ADMIN_PASSWORD, project="admin"):
        status, headers, body = http_json("POST", self.auth_url + "/auth/tokens", {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": username, "domain": {"name": "Default"}, "password": password}}},
            "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}})
        if status != 201:
            raise RuntimeError("login failed: %s %s" % (status, body))
        return headers["X-Subject-Token"], body["token"]


class SteppedClock:
    """Freeze an emulator's clock for a test; ``advance(s)`` lets ``s`` nominal-and-real seconds pass, running
    every timer at its own due time (so intermediate states are observable), ``run_all()`` runs everything."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.now = emulator.clock.now()
        emulator.clock.now = lambda: self.now

    def advance(self, seconds):
        target = self.now + seconds
        while True:
            due = self.emulator.scheduler.next_due()
            if due is None or due > target:
                break
            self.now = max(self.now, due)
            self.emulator.run_due()
        self.now = target
        self.emulator.run_due()
        self.emulator.store.commit()

    def run_all(self, limit=10000):
        """Run every pending timer in due order; returns the emulated seconds it took."""
        start = self.now
        for _ in range(limit):
            due = self.emulator.scheduler.next_due()
            if due is None:
                self.emulator.store.commit()
                return self.now - start
            self.now = max(self.now, due)
            self.emulator.run_due()
        raise AssertionError("timers never ended")


class ApiClient:
    """Async client for in-process tests: ``await api.get("sysinv", "/v1/ihosts")`` -> (status, body)."""

    SERVICE_PORTS = {"keystone": 5000, "sysinv": 6385, "usm": 5497, "usm-public": 15497, "vim": 4545,
                     "dcmanager": 8119, "admin": ADMIN_PORT}

    def __init__(self, session, address, port_offset):
        self.session = session
        self.address = address
        self.port_offset = port_offset
        self.token = None

    def url(self, service, path):
        return "http://%s:%d%s" % (self.address, self.SERVICE_PORTS[service] + self.port_offset, path)

    async def login(self, username="admin", password=ADMIN_PASSWORD, project="admin"):
        status, body, headers = await self.request("keystone", "POST", "/v3/auth/tokens", json={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": username, "domain": {"name": "Default"}, "password": password}}},
            "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}, with_headers=True)
        assert status == 201, body
        self.token = headers["X-Subject-Token"]
        return body

    async def request(self, service, method, path, json=None, data=None, headers=None, with_headers=False,
                      auth=True):
        hdrs = dict(headers or {})
        if auth and self.token and "X-Auth-Token" not in hdrs:
            hdrs["X-Auth-Token"] = self.token
        async with self.session.request(method, self.url(service, path), json=json, data=data,
                                        headers=hdrs) as resp:
            raw = await resp.read()
            try:
                body = _json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            if with_headers:
                return resp.status, body, resp.headers
            return resp.status, body

    async def get(self, service, path, **kw):
        return await self.request(service, "GET", path, **kw)

    async def post(self, service, path, json=None, **kw):
        return await self.request(service, "POST", path, json=json, **kw)

    async def patch(self, service, path, json=None, **kw):
        return await self.request(service, "PATCH", path, json=json, **kw)

    async def delete(self, service, path, **kw):
        return await self.request(service, "DELETE", path, **kw)

    async def flush(self):
        """Run every pending timer (finish all background operations)."""
        return await self.request("admin", "POST", "/_emulator/clock/flush", auth=False)

    async def journal(self, since=0):
        status, body = await self.request("admin", "GET", "/_emulator/journal?since=%d" % since, auth=False)
        return body["entries"]


class InProcessEmulator:
    """``async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):`` in an asyncio test."""

    def __init__(self, address="127.0.0.1", **kwargs):
        self.address = address
        self.kwargs = kwargs
        self.emulator = None
        self.session = None

    async def __aenter__(self):
        import aiohttp

        from .server import Emulator

        offset = free_port_offset(self.address)
        self.emulator = Emulator(address=self.address, port_offset=offset, **self.kwargs)
        await self.emulator.start()
        self.session = aiohttp.ClientSession()
        api = ApiClient(self.session, self.address, offset)
        if self.emulator.bootstrapped:
            await api.login()
        return self.emulator, api

    async def __aexit__(self, *exc):
        await self.session.close()
        await self.emulator.stop()
        await asyncio.sleep(0)
