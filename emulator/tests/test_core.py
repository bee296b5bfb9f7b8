"""The emulator core: store, timers, faults, journal, keystone, admin API, TLS.

These tests start a fresh (not bootstrapped) emulator and switch keystone on by hand, so they exercise the core
without depending on sysinv's bootstrap.
"""

import asyncio
import json
import ssl
import time

import aiohttp
import pytest

from stx_emulator import clock as clockmod
from stx_emulator.faults import FaultSpecError, Faults, parse
from stx_emulator.server import Emulator
from stx_emulator.store import Store
from stx_emulator.testing import ADMIN_PASSWORD, ApiClient, free_port_offset


# -- store ---------------------------------------------------------------------------------------------------
def test_store_commit_survives_reopen(tmp_path):
    path = str(tmp_path / "state.sqlite")
    store = Store(path)
    scope = store.scope("main")
    host = scope.add("ihost", {"hostname": "controller-0"})
    scope.add("ihost", {"hostname": "controller-1"})
    store.set_setting("topology", "aio-dx")
    store.commit()
    host["administrative"] = "locked"
    scope.save("ihost", host)
    store.commit()
    store.close()

    again = Store(path).scope("main")
    assert [h["hostname"] for h in again.all("ihost")] == ["controller-0", "controller-1"]
    assert again.by_id("ihost", 1)["administrative"] == "locked"
    assert again.by_id("ihost", host["uuid"])["hostname"] == "controller-0"
    assert again.store.setting("topology") == "aio-dx"
    # ids keep counting after a restart
    assert again.add("ihost", {"hostname": "worker-0"})["id"] == 3


def test_store_uncommitted_changes_are_lost_like_a_crash(tmp_path):
    path = str(tmp_path / "state.sqlite")
    store = Store(path)
    store.scope("main").add("ihost", {"hostname": "controller-0"})
    store.commit()
    store.scope("main").add("ihost", {"hostname": "controller-1"})  # never committed
    # a new process opens the same file
    assert [h["hostname"] for h in Store(path).scope("main").all("ihost")] == ["controller-0"]


def test_store_rollback_restores_objects_sequences_and_settings():
    store = Store()
    scope = store.scope("main")
    host = scope.add("ihost", {"hostname": "controller-0", "administrative": "locked"})
    store.set_setting("bootstrapped", True)
    store.commit()
    host["administrative"] = "unlocked"
    scope.save("ihost", host)
    scope.add("ihost", {"hostname": "controller-1"})
    store.set_setting("bootstrapped", False)
    store.rollback()
    assert scope.by_id("ihost", 1)["administrative"] == "locked"
    assert len(scope.all("ihost")) == 1
    assert store.setting("bootstrapped") is True
    assert scope.add("ihost", {"hostname": "controller-1"})["id"] == 2


def test_store_filters_and_scopes():
    store = Store()
    a, b = store.scope("main"), store.scope("subcloud1")
    a.add("ihost", {"hostname": "controller-0", "personality": "controller"})
    a.add("ihost", {"hostname": "worker-0", "personality": "worker"})
    b.add("ihost", {"hostname": "controller-0", "personality": "controller"})
    assert [h["hostname"] for h in a.all("ihost", personality="worker")] == ["worker-0"]
    assert len(b.all("ihost")) == 1
    assert a.first("ihost", hostname="nope") is None
    assert a.by_id("ihost", "not-a-number") is None


# -- timers --------------------------------------------------------------------------------------------------
CALLS = []


@clockmod.timer_action("test.core.record")
def _record(emulator, scope, value, chain=0):
    CALLS.append((scope, value))
    if chain:
        emulator.scheduler.schedule(1, "test.core.record", scope=scope, value=value + 1, chain=chain - 1)


class _FakeEmu:
    def __init__(self, scale):
        self.store = Store()
        self.clock = clockmod.Clock(scale)
        self.scheduler = clockmod.Scheduler(self.store, self.clock)


def test_scale_zero_runs_chained_timers_at_once():
    CALLS.clear()
    emu = _FakeEmu(0)
    emu.scheduler.schedule(600, "test.core.record", scope="main", value=1, chain=2)
    assert emu.scheduler.run_due(emu) == 3
    assert CALLS == [("main", 1), ("main", 2), ("main", 3)]
    assert emu.scheduler.pending() == []


def test_scaled_timers_wait_for_their_due_time():
    CALLS.clear()
    emu = _FakeEmu(0.01)  # 10 nominal seconds -> 0.1 s
    emu.scheduler.schedule(10, "test.core.record", scope="main", value=7)
    assert emu.scheduler.run_due(emu) == 0
    time.sleep(0.12)
    assert emu.scheduler.run_due(emu) == 1
    assert CALLS == [("main", 7)]


def test_timer_cancel_and_unknown_action():
    emu = _FakeEmu(1)
    emu.scheduler.schedule(10, "test.core.record", scope="main", value=1)
    emu.scheduler.schedule(10, "test.core.record", scope="other", value=1)
    assert emu.scheduler.cancel("test.core.record", scope="main") == 1
    assert len(emu.scheduler.pending()) == 1
    with pytest.raises(KeyError):
        emu.scheduler.schedule(1, "no.such.action")
    with pytest.raises(ValueError):
        clockmod.Clock(-1)


# -- faults --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("spec,message", [
    ("explode", "fault type must be one of"),
    ("http:status=200", "4xx or 5xx"),
    ("http:status=abc", "HTTP status code"),
    ("http:probability=2", "between 0 and 1"),
    ("http:colour=red", "unknown keys colour"),
    ("fail:host=controller-0", "needs point="),
    ("crash", "needs point="),
    ("http:path", "is not key=value"),
    ("latency:ms=fast", "ms must be an integer"),
    ("drop:count=x", "count must be an integer"),
])
def test_fault_spec_errors(spec, message):
    with pytest.raises(FaultSpecError, match=message):
        parse(spec)


def test_request_faults_match_method_path_service_and_count():
    faults = Faults(["http:status=503,method=GET,path=/v1/ihosts*,service=sysinv,count=2"])
    assert faults.for_request("sysinv", "POST", "/v1/ihosts") == []
    assert faults.for_request("usm", "GET", "/v1/ihosts") == []
    assert faults.for_request("sysinv", "GET", "/v1/isystems") == []
    assert len(faults.for_request("sysinv", "GET", "/v1/ihosts/1")) == 1
    assert len(faults.for_request("sysinv", "GET", "/v1/ihosts")) == 1
    assert faults.for_request("sysinv", "GET", "/v1/ihosts") == []  # count exhausted


def test_probability_is_seeded_and_roughly_honoured():
    faults = Faults(["drop:probability=0.1"], seed=42)
    fired = sum(bool(faults.for_request("sysinv", "GET", "/v1/ihosts")) for _ in range(2000))
    assert 120 < fired < 280
    again = Faults(["drop:probability=0.1"], seed=42)
    assert sum(bool(again.for_request("sysinv", "GET", "/v1/ihosts")) for _ in range(2000)) == fired


def test_named_point_faults_match_attributes():
    faults = Faults(["fail:point=usm.deploy_host,host=controller-1,count=1"])
    assert not faults.should_fail("usm.deploy_host", host="controller-0")
    assert not faults.should_fail("usm.deploy_start", host="controller-1")
    assert faults.should_fail("usm.deploy_host", host="controller-1")
    assert not faults.should_fail("usm.deploy_host", host="controller-1")


# -- the running emulator ------------------------------------------------------------------------------------
class KeystoneOnly:
    """A fresh emulator with keystone switched on by hand (no sysinv bootstrap)."""

    def __init__(self, state=None, **kwargs):
        self.state = state
        self.kwargs = kwargs

    async def __aenter__(self):
        self.offset = free_port_offset()
        self.emu = Emulator(state=self.state, port_offset=self.offset, fresh=True, **self.kwargs)
        await self.emu.start()
        self.session = aiohttp.ClientSession()
        self.api = ApiClient(self.session, "127.0.0.1", self.offset)
        return self

    async def switch_on(self, password=ADMIN_PASSWORD):
        self.emu.keystone.ensure_defaults(password)
        self.emu.store.set_setting("bootstrapped", True)
        self.emu.store.commit()
        await self.emu.start_services()

    async def __aexit__(self, *exc):
        await self.session.close()
        await self.emu.stop()


def login_body(user="admin", password=ADMIN_PASSWORD, project="admin", domain={"name": "Default"}):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": domain, "password": password}}}}}
    if project:
        body["auth"]["scope"] = {"project": {"name": project, "domain": {"name": "Default"}}}
    return body


async def test_fresh_controller_answers_only_on_the_admin_port():
    async with KeystoneOnly() as k:
        status, body = await k.api.get("admin", "/_emulator/status")
        assert status == 200 and body["bootstrapped"] is False and body["listening"] == ["admin"]
        with pytest.raises(aiohttp.ClientConnectorError):
            await k.api.get("keystone", "/v3")


async def test_keystone_password_login_catalog_and_validation():
    async with KeystoneOnly() as k:
        await k.switch_on()
        status, body, headers = await k.api.request("keystone", "POST", "/v3/auth/tokens", json=login_body(),
                                                    with_headers=True)
        assert status == 201
        token = headers["X-Subject-Token"]
        doc = body["token"]
        assert doc["methods"] == ["password"] and doc["project"]["name"] == "admin"
        assert [r["name"] for r in doc["roles"]] == ["admin"]
        types = {s["type"] for s in doc["catalog"]}
        assert "identity" in types
        identity = next(s for s in doc["catalog"] if s["type"] == "identity")
        assert {e["interface"] for e in identity["endpoints"]} == {"public", "internal", "admin"}
        assert identity["endpoints"][0]["url"] == "http://127.0.0.1:%d" % (5000 + k.offset)
        # validate it
        status, body = await k.api.get("keystone", "/v3/auth/tokens",
                                       headers={"X-Auth-Token": token, "X-Subject-Token": token})
        assert status == 200 and body["token"]["user"]["name"] == "admin"
        status, body = await k.api.get("keystone", "/v3/auth/tokens?nocatalog",
                                       headers={"X-Auth-Token": token, "X-Subject-Token": token})
        assert "catalog" not in body["token"]
        status, body = await k.api.get("keystone", "/v3/auth/tokens",
                                       headers={"X-Auth-Token": token, "X-Subject-Token": "gAAAAABnope"})
        assert status == 404
        # token method re-scopes
        status, body = await k.api.post("keystone", "/v3/auth/tokens", json={"auth": {
            "identity": {"methods": ["token"], "token": {"id": token}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
        assert status == 201 and body["token"]["methods"] == ["token", "password"]
        # revoke
        status, _ = await k.api.delete("keystone", "/v3/auth/tokens",
                                       headers={"X-Auth-Token": token, "X-Subject-Token": token})
        assert status == 204
        status, body = await k.api.get("keystone", "/v3/auth/catalog", headers={"X-Auth-Token": token})
        assert status == 401


@pytest.mark.parametrize("body,status", [
    (login_body(password="wrong"), 401),
    (login_body(user="nobody"), 401),
    (login_body(domain={"name": "Other"}), 401),
    (login_body(project="nosuchproject"), 401),
    ({"auth": {}}, 400),
    ({"nothing": 1}, 400),
])
async def test_keystone_rejections_use_keystone_envelope(body, status):
    async with KeystoneOnly() as k:
        await k.switch_on()
        got, reply = await k.api.post("keystone", "/v3/auth/tokens", json=body)
        assert got == status
        assert reply["error"]["code"] == status
        assert reply["error"]["title"] == {400: "Bad Request", 401: "Unauthorized"}[status]
        assert "wrong" not in json.dumps(reply)


async def test_token_expiry(monkeypatch):
    async with KeystoneOnly(token_ttl=1) as k:
        await k.switch_on()
        await k.api.login()
        status, _ = await k.api.get("keystone", "/v3/auth/catalog")
        assert status == 200
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + 5)
        status, body = await k.api.get("keystone", "/v3/auth/catalog")
        assert status == 401


async def test_application_credentials():
    async with KeystoneOnly() as k:
        await k.switch_on()
        login = await k.api.login()
        user_id = login["token"]["user"]["id"]
        status, body = await k.api.post("keystone", "/v3/users/%s/application_credentials" % user_id,
                                        json={"application_credential": {"name": "awx"}})
        assert status == 201
        cred = body["application_credential"]
        status, _ = await k.api.post("keystone", "/v3/users/%s/application_credentials" % user_id,
                                     json={"application_credential": {"name": "awx"}})
        assert status == 409
        k.api.token = None
        status, body = await k.api.post("keystone", "/v3/auth/tokens", json={"auth": {"identity": {
            "methods": ["application_credential"],
            "application_credential": {"id": cred["id"], "secret": cred["secret"]}}}})
        assert status == 201 and body["token"]["project"]["name"] == "admin"
        status, _ = await k.api.post("keystone", "/v3/auth/tokens", json={"auth": {"identity": {
            "methods": ["application_credential"],
            "application_credential": {"name": "awx", "user": {"name": "admin", "domain": {"name": "Default"}},
                                       "secret": "wrong"}}}})
        assert status == 401
        # the secret is never stored in clear
        assert cred["secret"] not in json.dumps(k.emu.store.dump())


async def test_request_faults_and_journal_through_admin_api():
    async with KeystoneOnly() as k:
        await k.switch_on()
        status, fault = await k.api.post("admin", "/_emulator/faults",
                                         json={"spec": "http:status=503,path=/v3,method=GET,count=1"})
        assert status == 201 and fault["status"] == 503
        status, body = await k.api.get("keystone", "/v3")
        assert status == 503 and body["error"]["code"] == 503  # in keystone's own envelope
        assert (await k.api.get("keystone", "/v3"))[0] == 200
        status, body = await k.api.post("admin", "/_emulator/faults", json={"spec": "http:status=99"})
        assert status == 400 and "4xx or 5xx" in body["error"]
        status, body = await k.api.get("admin", "/_emulator/faults")
        assert [f["fired"] for f in body["faults"]] == [1]
        assert (await k.api.delete("admin", "/_emulator/faults/%d" % fault["id"]))[0] == 204
        assert (await k.api.delete("admin", "/_emulator/faults/99"))[0] == 404
        # journal: logging in is not recorded; creating an application credential is, with its secret redacted
        login = await k.api.login()
        user_id = login["token"]["user"]["id"]
        await k.api.post("keystone", "/v3/users/%s/application_credentials" % user_id,
                         json={"application_credential": {"name": "x", "secret": "s3cr3t-value"}})
        entries = await k.api.journal()
        assert [(e["method"], e["path"]) for e in entries] == [
            ("POST", "/v3/users/%s/application_credentials" % user_id)]
        assert entries[0]["status"] == 201 and "s3cr3t-value" not in json.dumps(entries)
        assert (await k.api.delete("admin", "/_emulator/journal"))[0] == 204
        assert await k.api.journal() == []


async def test_latency_fault_delays_requests():
    async with KeystoneOnly(faults=["latency:ms=300,path=/v3"]) as k:
        await k.switch_on()
        start = time.monotonic()
        assert (await k.api.get("keystone", "/v3"))[0] == 200
        assert time.monotonic() - start >= 0.3


async def test_clock_admin_endpoints():
    async with KeystoneOnly() as k:
        status, body = await k.api.request("admin", "PUT", "/_emulator/clock", json={"time_scale": 2})
        assert status == 200 and body["time_scale"] == 2.0
        status, body = await k.api.request("admin", "PUT", "/_emulator/clock", json={"time_scale": -1})
        assert status == 400
        CALLS.clear()
        k.emu.scheduler.schedule(3600, "test.core.record", scope="main", value=9)
        status, body = await k.api.post("admin", "/_emulator/clock/flush")
        assert status == 200 and body["ran"] == 1 and CALLS == [("main", 9)]


async def test_admin_users_get_roles_and_rbac_is_enforced_by_keystone_scope():
    async with KeystoneOnly() as k:
        await k.switch_on()
        status, _ = await k.api.post("admin", "/_emulator/users",
                                     json={"name": "viewer", "password": "Li70n*view", "roles": [["admin", "reader"]]})
        assert status == 201
        body = await k.api.login(username="viewer", password="Li70n*view")
        assert [r["name"] for r in body["token"]["roles"]] == ["reader"]
        status, _ = await k.api.post("keystone", "/v3/auth/tokens",
                                     json=login_body(user="viewer", password="Li70n*view", project="services"))
        assert status == 401  # no role in that project


async def test_restart_keeps_tokens_and_state(tmp_path):
    state = str(tmp_path / "state.sqlite")
    async with KeystoneOnly(state=state) as k:
        await k.switch_on()
        await k.api.login()
        token = k.api.token
    async with KeystoneOnly(state=state) as k2:
        assert k2.emu.restarted and k2.emu.bootstrapped
        k2.api.token = token
        status, _ = await k2.api.get("keystone", "/v3/auth/catalog")
        assert status == 200


async def test_tls_serves_https_with_the_generated_ca(tmp_path):
    from stx_emulator.tls import TlsMaterial

    tls = TlsMaterial(str(tmp_path / "tls"), "127.0.0.1")
    async with KeystoneOnly(tls=tls) as k:
        await k.switch_on()
        context = ssl.create_default_context(cafile=tls.ca_path)
        url = "https://127.0.0.1:%d/v3" % (5000 + k.offset)
        async with k.session.get(url, ssl=context) as resp:
            assert resp.status == 200
            assert (await resp.json())["version"]["links"][0]["href"].startswith("https://")
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            async with k.session.get(url, ssl=ssl.create_default_context()):
                pass
        assert k.emu.catalog()[0]["endpoints"][0]["url"].startswith("https://")
    assert oct(__import__("os").stat(tls.key_path).st_mode & 0o777) == "0o600"


def test_catalog_brackets_ipv6_addresses():
    emu = Emulator(address="::1", fresh=True)
    assert emu.url("::1", 6385, "/v1") == "http://[::1]:6385/v1"
    emu.store.close()


async def test_unknown_timer_action_in_state_is_dropped_not_fatal():
    emu = _FakeEmu(0)
    emu.store.add(clockmod.TIMER_SCOPE, "timer", {"due": 0, "action": "gone.action", "scope": "main", "args": {}})
    assert emu.scheduler.run_due(emu) == 0
    assert emu.scheduler.pending() == []
    await asyncio.sleep(0)
