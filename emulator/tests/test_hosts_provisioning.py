"""Hosts joining a system: PXE discovery, provisioning with host-update / host-add, install, delete, and the
``--deployed`` topologies."""

import pytest

from hosts_env import (FakeClock, action, bootstrap, configure_controller_0, faultstring, host_record, replace,
                       show, state)
from stx_emulator.services.sysinv import hosts, provision
from stx_emulator.testing import InProcessEmulator


async def _fresh_duplex(api, emu, mode="duplex"):
    status, body = await bootstrap(api, {"system_mode": mode})
    assert status == 200, body
    await api.login()
    configure_controller_0(emu)


async def test_pxe_discovery_provisioning_install_and_unlock():
    async with InProcessEmulator(topology="aio-dx", fresh=True, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        await _fresh_duplex(api, emu)
        status, body = await api.get("sysinv", "/v1/ihosts")
        assert [h["hostname"] for h in body["ihosts"]] == ["controller-0"]
        await action(api, "controller-0", "unlock")
        clock.advance(400)
        assert state(await show(api, "controller-0")) == ("unlocked", "enabled", "available")
        clock.advance(59)
        status, body = await api.get("sysinv", "/v1/ihosts")
        assert len(body["ihosts"]) == 1  # the other machine has not PXE-booted yet
        clock.advance(1)
        status, body = await api.get("sysinv", "/v1/ihosts")
        new = body["ihosts"][1]
        assert (new["hostname"], new["personality"], new["invprovision"]) == (None, None, "unprovisioned")
        assert state(new) == ("locked", "disabled", "offline") and new["mgmt_mac"] == "08:00:27:11:20:01"

        # system host-update 2 personality=controller
        status, body = await api.patch("sysinv", "/v1/ihosts/2", json=replace(personality="controller"))
        assert status == 200, body
        assert body["hostname"] == "controller-1" and body["subfunctions"] == "controller,worker"
        assert body["capabilities"]["Personality"] == "Controller-Standby"
        steps = []
        for seconds in (30, 240, 240, 60, 120):
            clock.advance(seconds)
            host = await show(api, "controller-1")
            steps.append((host["install_state"], host["availability"]))
        assert steps == [("preinstall", "offline"), ("installing", "offline"), ("postinstall", "offline"),
                         ("booting", "offline"), ("completed", "online")]
        assert host["inv_state"] == "inventoried" and host["mgmt_ip"]
        status, ports = await api.get("sysinv", "/v1/ihosts/controller-1/ethernet_ports")
        assert len(ports["ethernet_ports"]) == 4
        status, ifaces = await api.get("sysinv", "/v1/ihosts/controller-1/iinterfaces")
        names = {i["ifname"]: i for i in ifaces["iinterfaces"]}
        assert set(names) == {"enp0s3", "mgmt0", "enp0s9", "enp0s10"} and names["mgmt0"]["ifclass"] == "platform"
        status, body = await action(api, "controller-1", "unlock")
        assert status == 400 and "without an oam interface" in faultstring(body)
        scope = emu.scope()
        record = host_record(emu, "controller-1")
        provision._assign(scope, record, "enp0s3", "oam")
        provision._assign(scope, record, "mgmt0", "cluster-host")
        emu.store.commit()
        status, body = await action(api, "controller-1", "unlock")
        assert status == 200, body
        clock.advance(400)
        assert state(await show(api, "controller-1")) == ("unlocked", "enabled", "available")


async def test_provisioning_rules_for_discovered_hosts():
    async with InProcessEmulator(topology="standard", fresh=True) as (emu, api):
        await _fresh_duplex(api, emu)
        status, body = await api.post("sysinv", "/v1/ihosts", json={"mgmt_mac": "08:00:27:42:20:01"})
        assert status == 400 and faultstring(body) == (
            "Provisioning request for new host '08:00:27:42:20:01' is not permitted while there is no "
            "unlocked-enabled controller. Unlock controller-0, wait for it to enable and then retry.")
        await action(api, "controller-0", "unlock")
        await api.flush()
        status, body = await api.get("sysinv", "/v1/ihosts")
        assert [h["personality"] for h in body["ihosts"]] == ["controller", None, None, None]
        worker_mac = emu.store.setting("hardware")[2]["mgmt_mac"]
        discovered = hosts.host_for_machine(emu.scope(), worker_mac)
        status, body = await api.patch("sysinv", "/v1/ihosts/%s" % discovered["id"], json=replace(personality="worker"))
        assert status == 400 and faultstring(body) == ("Host %s of personality worker, must be provisioned with a "
                                                       "hostname." % discovered["uuid"])
        status, body = await api.patch("sysinv", "/v1/ihosts/%s" % discovered["id"],
                                       json=replace(personality="worker", hostname="controller-1"))
        assert status == 400 and "Hostname controller-1 is not allowed for personality 'worker'" in faultstring(body)
        status, body = await api.patch("sysinv", "/v1/ihosts/%s" % discovered["id"],
                                       json=replace(personality="storage", hostname="storage-0"))
        assert status == 400 and faultstring(body) == ("Storage nodes can only be configured if storage cluster is "
                                                       "configured for the Ceph backend.")
        status, body = await api.patch("sysinv", "/v1/ihosts/%s" % discovered["id"],
                                       json=replace(personality="worker", hostname="worker-0"))
        assert status == 200 and body["subfunctions"] == "worker" and body["hostname"] == "worker-0"
        status, body = await api.patch("sysinv", "/v1/ihosts/worker-0", json=replace(personality="controller"))
        assert status == 400 and faultstring(body) == ("Can not change personality after it has been set. Host "
                                                       "worker-0 must be deleted and re-added in order to change "
                                                       "the personality.")
        await api.flush()
        host = await show(api, "worker-0")
        assert state(host) == ("locked", "disabled", "online") and host["install_state"] == "completed"
        # a worker's cluster-host needs the controller's; then unlock
        provision._assign(emu.scope(), host_record(emu, "worker-0"), "mgmt0", "cluster-host")
        emu.store.commit()
        await action(api, "worker-0", "unlock")
        await api.flush()
        assert state(await show(api, "worker-0")) == ("unlocked", "enabled", "available")


async def test_host_add_rules():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        known_mac = emu.store.setting("hardware")[2]["mgmt_mac"]
        cases = [
            ({"personality": "worker"}, "Host-add Rejected. Must provide a hostname for a node of personality worker"),
            ({"personality": "worker", "hostname": "worker-9"},
             "Host-add Rejected: Must provide MAC Address of the host mgmt interface"),
            ({"personality": "worker", "hostname": "worker-9", "mgmt_mac": "08:00:27"},
             "Host-add Rejected: Must provide a valid format of a MAC Address"),
            ({"personality": "worker", "hostname": "worker 9", "mgmt_mac": "08:00:27:00:00:09"},
             "Name may only contain letters, numbers, underscores, periods and hyphens."),
            ({"personality": "controller", "hostname": "controller-2", "mgmt_mac": "08:00:27:00:00:09"},
             "Host with personality=controller can only have a hostname from ['controller-0', 'controller-1']"),
            ({"personality": "controller", "mgmt_mac": "08:00:27:00:00:09"},
             "Two controller nodes have already been configured. This host can not be configured as a controller."),
            ({"personality": "worker", "hostname": "worker-0", "mgmt_mac": "08:00:27:00:00:09"},
             "Host-add Rejected: Hostname already exists"),
            ({"personality": "worker", "hostname": "worker-9", "mgmt_mac": known_mac},
             "Host-add Rejected: Host with mgmt_mac %s already exists" % known_mac),
            ({"personality": "worker", "hostname": "worker-9", "mgmt_mac": "08:00:27:00:00:09", "colour": "red"},
             "Unknown attribute for argument host: colour"),
        ]
        for body, message in cases:
            status, answer = await api.post("sysinv", "/v1/ihosts", json=body)
            assert status == 400 and faultstring(answer) == message, body
        status, body = await api.post("sysinv", "/v1/ihosts", json={
            "personality": "worker", "hostname": "worker-9", "mgmt_mac": "08-00-27-AA-00-09", "bm_type": None})
        assert status == 200, body
        assert body["mgmt_mac"] == "08:00:27:aa:00:09" and body["subfunctions"] == "worker"
        assert body["invprovision"] == "unprovisioned" and state(body) == ("locked", "disabled", "offline")
        await api.flush()  # no such machine: it never boots
        assert (await show(api, "worker-9"))["availability"] == "offline"


async def test_host_add_on_simplex_and_aio_personalities():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await api.post("sysinv", "/v1/ihosts", json={
            "personality": "worker", "hostname": "worker-0", "mgmt_mac": "08:00:27:00:00:09"})
        assert status == 400 and faultstring(body) == ("Host-add Rejected: Adding a host on a simplex system is not "
                                                       "allowed.")
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, body = await api.post("sysinv", "/v1/ihosts", json={
            "personality": "storage", "hostname": "storage-0", "mgmt_mac": "08:00:27:00:00:09"})
        assert status == 400 and faultstring(body) == ("Personality [storage] for host is not compatible with "
                                                       "installed software. ")
        status, body = await api.post("sysinv", "/v1/ihosts", json={
            "personality": "worker", "hostname": "worker-0", "mgmt_mac": "08:00:27:00:00:09"})
        assert status == 200 and body["hostname"] == "worker-0"  # AIO-DX accepts workers


async def test_host_add_of_a_known_machine_installs_it():
    async with InProcessEmulator(topology="standard", fresh=True) as (emu, api):
        await _fresh_duplex(api, emu)
        await action(api, "controller-0", "unlock")
        worker_mac = emu.store.setting("hardware")[3]["mgmt_mac"]
        status, body = await api.post("sysinv", "/v1/ihosts", json={
            "personality": "worker", "hostname": "worker-1", "mgmt_mac": worker_mac})
        assert status == 200, body  # added before its PXE boot: it installs once controller-0 enables
        await api.flush()
        host = await show(api, "worker-1")
        assert host["install_state"] == "completed" and host["availability"] == "online"
        status, body = await api.get("sysinv", "/v1/ihosts")
        assert len([h for h in body["ihosts"] if h["mgmt_mac"] == worker_mac]) == 1


async def test_install_failure_blocks_unlock():
    async with InProcessEmulator(topology="standard", fresh=True,
                                 faults=["fail:point=sysinv.host.install,host=worker-0"]) as (emu, api):
        await _fresh_duplex(api, emu)
        await action(api, "controller-0", "unlock")
        await api.flush()
        mac = emu.store.setting("hardware")[2]["mgmt_mac"]
        discovered = hosts.host_for_machine(emu.scope(), mac)
        await api.patch("sysinv", "/v1/ihosts/%s" % discovered["uuid"],
                        json=replace(personality="worker", hostname="worker-0"))
        await api.flush()
        host = await show(api, "worker-0")
        assert host["install_state"] == "failed" and host["availability"] == "offline"
        status, body = await action(api, "worker-0", "unlock")
        assert status == 400 and faultstring(body) == "Cannot unlock host worker-0 due to installation failure"


async def test_delete_rules():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        status, body = await api.delete("sysinv", "/v1/ihosts/worker-1")
        assert status == 500 and faultstring(body) == ("Unable to complete the action delete because Host worker-1 "
                                                       "is in administrative state = unlocked.")
        await action(api, "worker-1", "lock")
        await api.flush()
        uuid = (await show(api, "worker-1"))["uuid"]
        emu.clock.time_scale = 1.0
        status, body = await api.delete("sysinv", "/v1/ihosts/worker-1")
        assert status == 204
        assert (await show(api, "worker-1"))["hostname"] == "worker-1"  # the VIM removes a provisioned worker
        await api.flush()
        status, body = await api.get("sysinv", "/v1/ihosts/worker-1")
        assert status == 404
        scope = emu.scope()
        assert not scope.all("ethernet_port", host_uuid=uuid) and not scope.all("idisk", ihost_uuid=uuid)
        assert not [i for i in scope.all("iinterface") if i["forihostid"] == 4]
        assert not scope.all("address", name="worker-1-mgmt")
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        await action(api, "controller-0", "lock")
        await api.flush()
        status, body = await api.delete("sysinv", "/v1/ihosts/controller-0")
        assert status == 400 and faultstring(body) == "Deleting controller-0 on a simplex system is not allowed."


async def test_delete_of_an_unprovisioned_host_is_immediate():
    async with InProcessEmulator(topology="standard", fresh=True) as (emu, api):
        await _fresh_duplex(api, emu)
        await action(api, "controller-0", "unlock")
        await api.flush()
        discovered = hosts.host_for_machine(emu.scope(), emu.store.setting("hardware")[1]["mgmt_mac"])
        status, body = await api.delete("sysinv", "/v1/ihosts/%s" % discovered["uuid"])
        assert status == 204
        status, body = await api.get("sysinv", "/v1/ihosts/%s" % discovered["uuid"])
        assert status == 404


@pytest.mark.parametrize("topology,expected", [
    ("aio-sx", {"controller-0": ("controller", "controller,worker")}),
    ("aio-dx", {"controller-0": ("controller", "controller,worker"),
                "controller-1": ("controller", "controller,worker")}),
    ("standard", {"controller-0": ("controller", "controller"), "controller-1": ("controller", "controller"),
                  "worker-0": ("worker", "worker"), "worker-1": ("worker", "worker")}),
    ("standard-storage", {"controller-0": ("controller", "controller"), "controller-1": ("controller", "controller"),
                          "storage-0": ("storage", "storage"), "storage-1": ("storage", "storage"),
                          "worker-0": ("worker", "worker"), "worker-1": ("worker", "worker")}),
])
async def test_deployed_topologies_are_all_available(topology, expected):
    async with InProcessEmulator(topology=topology, fresh=False, time_scale=1.0) as (emu, api):
        status, body = await api.get("sysinv", "/v1/ihosts")
        got = {h["hostname"]: (h["personality"], h["subfunctions"]) for h in body["ihosts"]}
        assert got == expected
        for host in body["ihosts"]:
            assert state(host) == ("unlocked", "enabled", "available"), host["hostname"]
            assert host["invprovision"] == "provisioned" and host["task"] == ""
        assert body["ihosts"][0]["capabilities"]["Personality"] == "Controller-Active"
        assert emu.clock.time_scale == 1.0 and not emu.scheduler.pending()
        status, links = await api.get("sysinv", "/v1/interface_networks")
        by_host = {}
        for link in links["interface_networks"]:
            by_host.setdefault(link["forihostid"], set()).add((link["ifname"], link["network_type"]))
        c0 = by_host[1]
        assert ("enp0s3", "oam") in c0
        if topology == "aio-sx":
            assert {("lo", "mgmt"), ("lo", "cluster-host")} <= c0
        else:
            assert {("enp0s8", "mgmt"), ("enp0s8", "cluster-host")} <= c0 and not [t for t in c0 if t[0] == "lo"]
        status, apps = await api.get("sysinv", "/v1/apps")
        applied = {a["name"] for a in apps["apps"] if a["status"] == "applied"}
        assert {"nginx-ingress-controller", "cert-manager"} <= applied


async def test_host_add_with_the_mac_of_a_discovered_host_provisions_it():
    async with InProcessEmulator(topology="standard", fresh=True) as (emu, api):
        await _fresh_duplex(api, emu)
        await action(api, "controller-0", "unlock")
        await api.flush()
        mac = emu.store.setting("hardware")[2]["mgmt_mac"]
        discovered = hosts.host_for_machine(emu.scope(), mac)
        status, body = await api.post("sysinv", "/v1/ihosts", json={
            "personality": "worker", "hostname": "worker-0", "mgmt_mac": mac.upper()})
        assert status == 200, body
        assert body["uuid"] == discovered["uuid"] and body["hostname"] == "worker-0"  # the same host, provisioned
        await api.flush()
        host = await show(api, "worker-0")
        assert host["install_state"] == "completed" and host["availability"] == "online"
        status, body = await api.get("sysinv", "/v1/ihosts?personality=worker")
        assert [h["hostname"] for h in body["ihosts"]] == ["worker-0"]
