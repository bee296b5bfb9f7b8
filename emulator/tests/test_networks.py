"""sysinv networks: POST/DELETE rules, address population, no PATCH (sysinv.md §4, §11.4; v1/network.py,
common/address_pool.py populate_network_pool_addresses)."""

from net_env import (add_network, add_pool, address_named, addresses, assign, bootstrapped, deployed, fault,
                     faultstring, get_ok, host, interfaces, lock, network, pool, unlock)


async def _admin_pool(api, **extra):
    fields = {"name": "admin-ipv4", "network": "10.40.0.0", "prefix": "24", "gateway_address": "10.40.0.1"}
    fields.update(extra)
    status, body = await add_pool(api, **fields)
    assert status == 200, body
    return body


async def test_list_and_show_fields():
    async with deployed("aio-sx") as (emu, api):
        listed = (await get_ok(api, "/v1/networks"))["networks"]
        assert {n["type"] for n in listed} == {"mgmt", "pxeboot", "oam", "multicast", "cluster-host", "cluster-pod",
                                               "cluster-service"}
        assert set(listed[0]) == {"id", "uuid", "type", "name", "dynamic", "pool_uuid", "primary_pool_family"}
        mgmt = await network(api, "mgmt")
        shown = await get_ok(api, "/v1/networks/%s" % mgmt["uuid"])
        assert shown["pool_uuid"] == (await pool(api, "management-ipv4"))["uuid"]
        assert shown["primary_pool_family"] == "IPv4" and "created_at" in shown


async def test_post_network_populates_the_required_addresses_on_simplex():
    async with deployed("aio-sx") as (emu, api):
        admin_pool = await _admin_pool(api)
        status, body = await add_network(api, "admin", admin_pool["uuid"])
        assert status == 200, body
        assert body["pool_uuid"] == admin_pool["uuid"] and body["dynamic"] is False
        shown = await pool(api, "admin-ipv4")
        # AIO-SX (Story 2011191): only the floating address, allocated sequentially from the range
        assert shown["floating_address"] == "10.40.0.2"
        assert (shown["controller0_address"], shown["controller1_address"]) == (None, None)
        assert address_named(emu, "controller-admin")["address"] == "10.40.0.2"
        assert address_named(emu, "controller-gateway-admin")["address"] == "10.40.0.1"
        assert address_named(emu, "controller-0-admin") is None


async def test_post_network_populates_floating_and_controller_addresses_on_duplex():
    async with deployed("aio-dx") as (emu, api):
        admin_pool = await _admin_pool(api, floating_address="10.40.0.10")
        status, body = await add_network(api, "admin", admin_pool["uuid"])
        assert status == 200, body
        shown = await pool(api, "admin-ipv4")
        assert (shown["floating_address"], shown["controller0_address"], shown["controller1_address"]) == \
            ("10.40.0.10", "10.40.0.2", "10.40.0.3")
        assert {a["name"] for a in addresses(emu, pool_id=shown["id"])} == {
            "controller-admin", "controller-0-admin", "controller-1-admin", "controller-gateway-admin"}


async def test_deployed_simplex_pools_have_the_reduced_address_set():
    async with deployed("aio-sx") as (emu, api):
        for name in ("management-ipv4", "cluster-host-subnet-ipv4", "pxeboot"):
            shown = await pool(api, name)
            assert shown["floating_address"] and shown["controller0_address"] is None, name
        assert address_named(emu, "controller-0-mgmt") is None
        assert (await host(api, "controller-0"))["mgmt_ip"] == address_named(emu, "controller-mgmt")["address"]


async def test_pool_may_be_given_by_name():
    async with deployed("aio-sx") as (emu, api):
        await _admin_pool(api)
        status, body = await add_network(api, "admin", "admin-ipv4")
        assert status == 200, body


async def test_post_validation():
    async with deployed("aio-sx") as (emu, api):
        admin_pool = await _admin_pool(api)
        status, body = await add_network(api, "bogus", admin_pool["uuid"])
        assert (status, fault(body)) == (500, ("Server", "Network type bogus not supported"))
        status, body = await api.post("sysinv", "/v1/networks", json={"type": "admin", "name": "admin",
                                                                      "dynamic": "false"})
        assert (status, faultstring(body)) == (400, "Address pool UUID has to be specified")
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await add_network(api, "admin", missing)
        assert (status, faultstring(body)) == (404, "Address pool %s not found" % missing)
        status, body = await add_network(api, "oam", admin_pool["uuid"])
        assert (status, faultstring(body)) == (409, "Network of type oam already exists.")
        status, body = await add_network(api, "admin", admin_pool["uuid"], dynamic="maybe")
        assert status == 400
        assert faultstring(body).startswith("Invalid input for field/attribute network. Value: '")
        assert faultstring(body).endswith("Value not an unambiguous boolean: maybe")
        status, body = await add_network(api, "admin", admin_pool["uuid"], name="mgmt")
        # the duplicate-name path of network_create formats NetworkAlreadyExists without its 'type'
        assert (status, faultstring(body)) == (409, "Network of type %(type)s already exists.")


async def test_post_checks_overlap_with_attached_pools_except_allowed_ones():
    async with deployed("aio-sx") as (emu, api):
        oam_pool = await pool(api, "oam-ipv4")
        status, clash = await add_pool(api, name="clash", network="10.10.10.0", prefix="24")
        status, body = await add_network(api, "admin", clash["uuid"])
        assert status == 409
        assert faultstring(body) == ("Address pool 'clash' {%s} 10.10.10.0/24 overlaps with: 'oam-ipv4' {%s} "
                                     "assigned to oam network" % (clash["uuid"], oam_pool["uuid"]))
        # system-controller-oam may overlap oam
        status, body = await add_network(api, "system-controller-oam", clash["uuid"])
        assert status == 200, body


async def test_no_patch_on_networks():
    async with deployed("aio-sx") as (emu, api):
        mgmt = await network(api, "mgmt")
        status, body = await api.patch("sysinv", "/v1/networks/%s" % mgmt["uuid"],
                                       json=[{"op": "replace", "path": "/name", "value": "x"}])
        assert status == 405
        assert faultstring(body) == "The method PATCH is not allowed for this resource."


async def test_unknown_network_is_404():
    async with deployed("aio-sx") as (emu, api):
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await api.get("sysinv", "/v1/networks/%s" % missing)
        assert (status, faultstring(body)) == (404, "Network %s could not be found." % missing)
        status, body = await api.delete("sysinv", "/v1/networks/mgmt")
        assert status == 400 and "unable to convert to uuid" in faultstring(body)


async def test_delete_rules_after_initial_config():
    async with deployed("aio-dx") as (emu, api):
        for net_type in ("oam", "cluster-host", "pxeboot", "cluster-pod", "cluster-service", "mgmt"):
            net = await network(api, net_type)
            status, body = await api.delete("sysinv", "/v1/networks/%s" % net["uuid"])
            assert (status, faultstring(body)) == (400, "Cannot delete type %s network %s after initial "
                                                        "configuration completion" % (net_type, net["uuid"]))
        admin_pool = await _admin_pool(api, floating_address="10.40.0.10")
        status, admin = await add_network(api, "admin", admin_pool["uuid"])
        status, _ = await api.delete("sysinv", "/v1/networks/%s" % admin["uuid"])
        assert status == 204
        # the pool stays, unattached
        assert (await pool(api, "admin-ipv4"))["uuid"] == admin_pool["uuid"]


async def test_any_network_may_be_deleted_before_initial_config():
    async with bootstrapped("aio-sx") as (emu, api):
        oam = await network(api, "oam")
        status, _ = await api.delete("sysinv", "/v1/networks/%s" % oam["uuid"])
        assert status == 204
        assert (await get_ok(api, "/v1/iextoam"))["iextoams"] == []


async def test_simplex_mgmt_network_delete_needs_a_locked_controller_and_frees_the_interface():
    async with deployed("aio-sx") as (emu, api):
        mgmt = await network(api, "mgmt")
        status, body = await api.delete("sysinv", "/v1/networks/%s" % mgmt["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot delete type mgmt network %s because Host controller-0 "
                                                    "is in administrative state = unlocked" % mgmt["uuid"])
        await lock(api, "controller-0")
        status, _ = await api.delete("sysinv", "/v1/networks/%s" % mgmt["uuid"])
        assert status == 204
        assert address_named(emu, "controller-mgmt")["interface_id"] is None
        links = (await get_ok(api, "/v1/interface_networks"))["interface_networks"]
        assert "mgmt" not in {link["network_type"] for link in links}


async def test_simplex_mgmt_reconfiguration_by_replacing_network_and_pool():
    """reference §11.1, second form: delete network and pool, create new ones, assign, unlock."""
    async with deployed("aio-sx") as (emu, api):
        old_ip = (await host(api, "controller-0"))["mgmt_ip"]
        await lock(api, "controller-0")
        mgmt = await network(api, "mgmt")
        old_pool = await pool(api, "management-ipv4")
        assert (await api.delete("sysinv", "/v1/networks/%s" % mgmt["uuid"]))[0] == 204
        assert (await api.delete("sysinv", "/v1/addrpools/%s" % old_pool["uuid"]))[0] == 204
        status, new_pool = await add_pool(api, name="management-ipv4", network="192.168.100.0", prefix="24",
                                          ranges=[["192.168.100.2", "192.168.100.50"]],
                                          floating_address="192.168.100.2", gateway_address="192.168.100.1")
        assert status == 200, new_pool
        status, new_net = await add_network(api, "mgmt", new_pool["uuid"], dynamic="true")
        assert status == 200, new_net
        lo = (await interfaces(api, "controller-0"))["lo"]
        status, body = await assign(api, lo["uuid"], new_net["uuid"])
        assert status == 200, body
        assert "mgmt_network_reconfiguration_ongoing" in {f["name"] for f in emu.scope().all("platform_flag")}
        assert (await host(api, "controller-0"))["mgmt_ip"] == old_ip  # the old address until the unlock
        record = await unlock(api, "controller-0")
        assert record["mgmt_ip"] == "192.168.100.2"
        assert record["config_status"] is None
        assert not emu.scope().all("platform_flag", name="mgmt_network_reconfiguration_ongoing")


async def test_networking_state_survives_a_restart(tmp_path):
    from stx_emulator.testing import InProcessEmulator

    state = str(tmp_path / "state.db")
    async with InProcessEmulator(topology="aio-sx", fresh=False, state=state) as (emu, api):
        admin_pool = await _admin_pool(api)
        status, admin = await add_network(api, "admin", admin_pool["uuid"])
        enp0s9 = (await interfaces(api, "controller-0"))["enp0s9"]
        assert (await assign(api, enp0s9["uuid"], admin["uuid"]))[0] == 200
    async with InProcessEmulator(state=state) as (emu, api):
        assert emu.restarted
        shown = await pool(api, "admin-ipv4")
        assert shown["floating_address"] == "10.40.0.2"
        links = (await get_ok(api, "/v1/ihosts/controller-0/interface_networks"))["interface_networks"]
        assert {link["network_type"] for link in links} == {"mgmt", "cluster-host", "oam", "admin"}
        assert (await interfaces(api, "controller-0"))["enp0s9"]["ifclass"] == "platform"
