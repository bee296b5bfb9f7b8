"""sysinv interface_networks: assignment rules and side effects (sysinv.md §7.2; v1/interface_network.py,
common/address_pool.py assign_network_addresses_to_interface)."""

from net_env import (add_network, add_pool, address_named, assign, deployed, faultstring, get_ok, interfaces, lock,
                     network, patch_interface)


async def _links(api, path="/v1/interface_networks"):
    return (await get_ok(api, path))["interface_networks"]


async def _admin(api, **extra):
    fields = {"name": "admin-ipv4", "network": "10.40.0.0", "prefix": "24", "gateway_address": "10.40.0.1"}
    fields.update(extra)
    status, admin_pool = await add_pool(api, **fields)
    assert status == 200, admin_pool
    status, admin = await add_network(api, "admin", admin_pool["uuid"])
    assert status == 200, admin
    return admin


async def test_views_and_sub_collections():
    async with deployed("aio-dx") as (emu, api):
        everything = await _links(api)
        c0 = await _links(api, "/v1/ihosts/controller-0/interface_networks")
        c1 = await _links(api, "/v1/ihosts/controller-1/interface_networks")
        assert len(everything) == len(c0) + len(c1) and c0 and c1
        assert set(c0[0]) == {"id", "uuid", "forihostid", "interface_uuid", "ifname", "network_id", "network_uuid",
                              "network_name", "network_type"}
        enp0s8 = (await interfaces(api, "controller-0"))["enp0s8"]
        on_if = await _links(api, "/v1/iinterfaces/%s/interface_networks" % enp0s8["uuid"])
        assert {link["network_type"] for link in on_if} == {"mgmt", "cluster-host"}
        shown = await get_ok(api, "/v1/interface_networks/%s" % on_if[0]["uuid"])
        assert "created_at" in shown
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await api.get("sysinv", "/v1/interface_networks/%s" % missing)
        assert (status, faultstring(body)) == (404, "Interface network %s could not be found." % missing)


async def test_no_lock_needed_and_class_none_becomes_platform_with_the_floating_address_on_simplex():
    async with deployed("aio-sx") as (emu, api):
        admin = await _admin(api)
        enp0s9 = (await interfaces(api, "controller-0"))["enp0s9"]
        assert enp0s9["ifclass"] is None
        status, body = await assign(api, enp0s9["uuid"], admin["uuid"])  # controller-0 is unlocked
        assert status == 200, body
        assert (body["ifname"], body["network_type"], body["interface_uuid"]) == ("enp0s9", "admin", enp0s9["uuid"])
        enp0s9 = (await interfaces(api, "controller-0"))["enp0s9"]
        assert (enp0s9["ifclass"], enp0s9["ipv4_mode"]) == ("platform", "static")
        floating = address_named(emu, "controller-admin")
        assert floating["interface_id"] == emu.scope().get("iinterface", enp0s9["uuid"])["id"]


async def test_controller_address_of_the_host_on_duplex():
    async with deployed("aio-dx") as (emu, api):
        admin = await _admin(api)
        enp0s9 = (await interfaces(api, "controller-1"))["enp0s9"]
        status, body = await assign(api, enp0s9["uuid"], admin["uuid"])
        assert status == 200, body
        iface_id = emu.scope().get("iinterface", enp0s9["uuid"])["id"]
        assert address_named(emu, "controller-1-admin")["interface_id"] == iface_id
        assert address_named(emu, "controller-admin")["interface_id"] is None


async def test_class_rules_and_the_class_change_that_sticks():
    async with deployed("aio-sx") as (emu, api):
        await lock(api, "controller-0")
        ifaces = await interfaces(api, "controller-0")
        oam = await network(api, "oam")
        # class none -> platform is written before the other checks and stays when they refuse
        status, body = await assign(api, ifaces["enp0s9"]["uuid"], oam["uuid"])
        assert (status, faultstring(body)) == (400, "An interface with 'oam' network type is already provisioned on "
                                                    "this node")
        assert (await interfaces(api, "controller-0"))["enp0s9"]["ifclass"] == "platform"
        status, body = await patch_interface(api, ifaces["enp0s10"]["uuid"], ifclass="data")
        assert status == 200, body
        status, body = await assign(api, ifaces["enp0s10"]["uuid"], oam["uuid"])
        assert (status, faultstring(body)) == (400, "An interface with interface class 'data' cannot assign platform "
                                                    "networks.")
        status, body = await assign(api, ifaces["enp0s3"]["uuid"], oam["uuid"])
        enp0s3_id = emu.scope().get("iinterface", ifaces["enp0s3"]["uuid"])["id"]
        assert (status, faultstring(body)) == (400, "Interface network with interface ID '%s' and network ID '%s' "
                                                    "already exists." % (enp0s3_id, oam["id"]))


async def test_pxeboot_must_be_alone():
    async with deployed("aio-sx") as (emu, api):
        ifaces = await interfaces(api, "controller-0")
        pxeboot = await network(api, "pxeboot")
        status, body = await assign(api, ifaces["enp0s3"]["uuid"], pxeboot["uuid"])
        assert (status, faultstring(body)) == (400, "You cannot assign a network of type 'pxeboot' to an interface "
                                                    "which is already assigned with a different network.")
        status, body = await assign(api, ifaces["enp0s9"]["uuid"], pxeboot["uuid"])
        assert status == 200, body
        admin = await _admin(api)
        status, body = await assign(api, ifaces["enp0s9"]["uuid"], admin["uuid"])
        assert (status, faultstring(body)) == (400, "An interface assigned with a network of type 'pxeboot' cannot "
                                                    "contain additional networks.")


async def test_oam_and_admin_on_controllers_only():
    async with deployed("standard") as (emu, api):
        admin = await _admin(api, floating_address="10.40.0.10")
        enp0s9 = (await interfaces(api, "worker-0"))["enp0s9"]
        for net in (await network(api, "oam"), admin):
            status, body = await assign(api, enp0s9["uuid"], net["uuid"])
            assert (status, faultstring(body)) == (400, "The '%s' network type is only supported on controller "
                                                        "nodes." % net["type"])


async def test_ae_modes_for_mgmt_and_admin():
    async with deployed("aio-sx") as (emu, api):
        host_uuid = (await get_ok(api, "/v1/ihosts/controller-0"))["uuid"]
        await lock(api, "controller-0")
        status, bond = await api.post("sysinv", "/v1/iinterfaces", json={
            "ifname": "bond0", "iftype": "ae", "ifclass": "platform", "aemode": "balanced", "txhashpolicy": "layer2",
            "uses": ["enp0s9", "enp0s10"], "ports": None, "ihost_uuid": host_uuid})
        assert status == 200, bond
        admin = await _admin(api)
        status, body = await assign(api, bond["uuid"], admin["uuid"])
        assert (status, faultstring(body)) == (400, "Device interface with network type admin, and interface type "
                                                    "'aggregated ethernet' must be in mode 802.3ad, active_standby")


async def test_worker_cluster_host_needs_a_controller_cluster_host_interface():
    async with deployed("standard") as (emu, api):
        links = await _links(api)
        for link in links:
            if link["network_type"] == "cluster-host":
                assert (await api.delete("sysinv", "/v1/interface_networks/%s" % link["uuid"]))[0] == 204
        cluster = await network(api, "cluster-host")
        mgmt0 = (await interfaces(api, "worker-0"))["mgmt0"]
        status, body = await assign(api, mgmt0["uuid"], cluster["uuid"])
        assert (status, faultstring(body)) == (400, "Interface mgmt0 does not have associated cluster-host interface "
                                                    "on controller.")
        enp0s8 = (await interfaces(api, "controller-0"))["enp0s8"]
        assert (await assign(api, enp0s8["uuid"], cluster["uuid"]))[0] == 200
        status, body = await assign(api, mgmt0["uuid"], cluster["uuid"])
        assert status == 200, body
        # the worker's own cluster-host address comes back to its interface
        assert address_named(emu, "worker-0-cluster-host")["interface_id"] == \
            emu.scope().get("iinterface", mgmt0["uuid"])["id"]


async def test_delete_releases_the_address_and_mgmt_on_simplex_raises_the_reconfig_flag():
    async with deployed("aio-sx") as (emu, api):
        links = await _links(api, "/v1/ihosts/controller-0/interface_networks")
        mgmt_link = [link for link in links if link["network_type"] == "mgmt"][0]
        status, _ = await api.delete("sysinv", "/v1/interface_networks/%s" % mgmt_link["uuid"])
        assert status == 204
        assert address_named(emu, "controller-mgmt")["interface_id"] is None
        assert emu.scope().first("platform_flag", name="mgmt_network_reconfiguration_ongoing") is not None
        lo = (await interfaces(api, "controller-0"))["lo"]
        status, body = await assign(api, lo["uuid"], mgmt_link["network_uuid"])
        assert status == 200, body
        assert address_named(emu, "controller-mgmt")["interface_id"] == emu.scope().get("iinterface", lo["uuid"])["id"]


async def test_post_body_errors():
    async with deployed("aio-sx") as (emu, api):
        oam = await network(api, "oam")
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await assign(api, missing, oam["uuid"])
        assert (status, faultstring(body)) == (400, "No entry found for interface %s" % missing)
        lo = (await interfaces(api, "controller-0"))["lo"]
        status, body = await assign(api, lo["uuid"], missing)
        assert (status, faultstring(body)) == (404, "Network %s could not be found." % missing)
        status, body = await api.post("sysinv", "/v1/interface_networks", json={"network_uuid": oam["uuid"]})
        assert (status, faultstring(body)) == (500, "'interface_uuid'")
        status, body = await api.patch("sysinv", "/v1/interface_networks/%s" % missing, json=[])
        assert (status, faultstring(body)) == (405, "The method PATCH is not allowed for this resource.")
