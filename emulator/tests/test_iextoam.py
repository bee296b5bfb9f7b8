"""sysinv iextoam: the legacy OAM view over the oam pool (sysinv.md §7.4, §11.2; v1/network_oam.py,
objects/network_oam.py)."""

from net_env import (address_named, deployed, edit_system, fault, faultstring, get_ok, host, network, patch_pool,
                     pool, replace, start_upgrade)


async def _extoam(api):
    items = (await get_ok(api, "/v1/iextoam"))["iextoams"]
    assert len(items) == 1
    return items[0]


async def _patch(api, uuid, **fields):
    return await api.patch("sysinv", "/v1/iextoam/%s" % uuid, json=replace(**fields))


async def test_view_is_the_oam_network_and_pool():
    async with deployed("aio-dx") as (emu, api):
        extoam = await _extoam(api)
        oam = await network(api, "oam")
        assert extoam["uuid"] == oam["uuid"]
        assert (extoam["oam_subnet"], extoam["oam_floating_ip"], extoam["oam_gateway_ip"]) == \
            ("10.10.10.0/24", "10.10.10.2", "10.10.10.1")
        assert (extoam["oam_c0_ip"], extoam["oam_c1_ip"]) == ("10.10.10.3", "10.10.10.4")
        assert (extoam["oam_start_ip"], extoam["oam_end_ip"], extoam["region_config"]) == \
            ("10.10.10.1", "10.10.10.254", False)
        assert extoam["isystem_uuid"] == (await get_ok(api, "/v1/isystems"))["isystems"][0]["uuid"]
        shown = await get_ok(api, "/v1/iextoam/%s" % extoam["uuid"])
        assert "forisystemid" in shown and shown["oam_c1_ip"] == "10.10.10.4"


async def test_simplex_has_no_unit_addresses():
    async with deployed("aio-sx") as (emu, api):
        extoam = await _extoam(api)
        assert (extoam["oam_c0_ip"], extoam["oam_c1_ip"]) == (None, None)


async def test_patch_rewrites_the_pool_and_is_applied_at_runtime_on_simplex():
    async with deployed("aio-sx") as (emu, api):
        extoam = await _extoam(api)
        status, body = await _patch(api, extoam["uuid"], oam_subnet="10.20.30.0/24", oam_gateway_ip="10.20.30.1",
                                    oam_floating_ip="10.20.30.5")
        assert status == 200, body
        assert (body["oam_subnet"], body["oam_floating_ip"], body["oam_start_ip"], body["oam_end_ip"]) == \
            ("10.20.30.0/24", "10.20.30.5", "10.20.30.1", "10.20.30.254")
        oam_pool = await pool(api, "oam-ipv4")
        assert (oam_pool["network"], oam_pool["prefix"], oam_pool["ranges"]) == \
            ("10.20.30.0", 24, [["10.20.30.1", "10.20.30.254"]])
        assert (oam_pool["floating_address"], oam_pool["gateway_address"]) == ("10.20.30.5", "10.20.30.1")
        assert address_named(emu, "controller-oam")["address"] == "10.20.30.5"
        assert (await host(api, "controller-0"))["config_status"] is None
        # c0/c1 are not validated on simplex, and with no unit addresses in the pool they are not stored
        status, body = await _patch(api, extoam["uuid"], oam_c0_ip="10.20.30.7")
        assert status == 200 and body["oam_c0_ip"] is None


async def test_patch_on_duplex_makes_the_controllers_out_of_date():
    async with deployed("standard") as (emu, api):
        extoam = await _extoam(api)
        status, body = await _patch(api, extoam["uuid"], oam_floating_ip="10.10.10.20", oam_c0_ip="10.10.10.21",
                                    oam_c1_ip="10.10.10.22")
        assert status == 200, body
        assert address_named(emu, "controller-1-oam")["address"] == "10.10.10.22"
        for hostname in ("controller-0", "controller-1"):
            assert (await host(api, hostname))["config_status"] == "Config out-of-date", hostname
        for hostname in ("worker-0", "worker-1"):
            assert (await host(api, hostname))["config_status"] is None, hostname


async def test_validation_texts():
    async with deployed("aio-dx") as (emu, api):
        uuid = (await _extoam(api))["uuid"]
        cases = [
            ({"oam_c0_ip": "10.10.10.5", "oam_c1_ip": "10.10.10.5"},
             "Invalid address: oam_c0_ip=10.10.10.5 and oam_c1_ip=10.10.10.5 must be unique. "),
            ({"oam_gateway_ip": "10.10.10.3"},
             "Invalid address: oam_c0_ip=10.10.10.3, oam_c1_ip=10.10.10.4, oam_gateway_ip=10.10.10.3 must be unique."),
            ({"oam_floating_ip": "10.99.0.2"},
             "IP Address 10.99.0.2 is not in subnet: 10.10.10.0/24. Please configure valid IPv4 address."),
            ({"oam_floating_ip": "bogus"},
             "Invalid address bogus in oam_floating_ip. Please configure a valid IPv4 address"),
            ({"oam_subnet": "10.10.10.0/31"},
             "Invalid subnet oam_subnet 10.10.10.0/31.Please check and configure a valid OAM Subnet."),
            ({"oam_subnet": "10.10.10.128/25"},
             "IP Address 10.10.10.1 is not in subnet: 10.10.10.128/25. Please configure valid IPv4 address."),
        ]
        for fields, message in cases:
            status, body = await _patch(api, uuid, **fields)
            assert (status, faultstring(body)) == (400, message), fields
        status, body = await api.patch("sysinv", "/v1/iextoam/%s" % uuid,
                                       json=replace(isystem_uuid="11111111-2222-3333-4444-555555555555"))
        assert (status, faultstring(body)) == (400, "The following fields can not be modified: ['/uuid', '/id', "
                                                    "'/created_at', '/updated_at', '/forisystemid', '/isystem_uuid'] "
                                                    "from this level.")


async def test_gateway_precedence_quirk_when_the_pool_has_no_gateway():
    """(gateway and gateway == c0) or (gateway == c1): with no gateway and no c1 the empty strings match."""
    async with deployed("aio-sx") as (emu, api):
        oam_pool = await pool(api, "oam-ipv4")
        status, body = await patch_pool(api, oam_pool["uuid"], gateway_address="none")
        assert status == 200, body
        uuid = (await _extoam(api))["uuid"]
        status, body = await _patch(api, uuid, oam_floating_ip="10.10.10.9")
        assert (status, faultstring(body)) == (400, "Invalid address: oam_c0_ip=, oam_c1_ip=, oam_gateway_ip= must be "
                                                    "unique.")
        status, body = await _patch(api, uuid, oam_gateway_ip="10.10.10.1")
        assert (status, faultstring(body)) == (400, "OAM gateway IP is not allowed to be configured  10.10.10.1. "
                                                    "There is already a management gateway address configured.")


async def test_refused_during_upgrades_and_no_post_or_delete():
    async with deployed("aio-sx") as (emu, api):
        uuid = (await _extoam(api))["uuid"]
        start_upgrade(emu)
        status, body = await _patch(api, uuid, oam_floating_ip="10.10.10.9")
        assert (status, faultstring(body)) == (400, "Action rejected while a platform upgrade is in progress")
        status, body = await api.post("sysinv", "/v1/iextoam", json={})
        assert (status, fault(body)) == (403, ("Client", "Operation not permitted."))
        status, body = await api.delete("sysinv", "/v1/iextoam/%s" % uuid)
        assert status == 403


async def test_sx_to_dx_migration_adds_the_unit_addresses():
    async with deployed("aio-sx") as (emu, api):
        edit_system(emu, system_mode="duplex", capabilities={"simplex_to_duplex_migration": True})
        uuid = (await _extoam(api))["uuid"]
        floating_iface = address_named(emu, "controller-oam")["interface_id"]
        status, body = await _patch(api, uuid, oam_c0_ip="10.10.10.3", oam_c1_ip="10.10.10.4")
        assert status == 200, body
        assert (body["oam_c0_ip"], body["oam_c1_ip"]) == ("10.10.10.3", "10.10.10.4")
        assert address_named(emu, "controller-0-oam")["interface_id"] == floating_iface
        assert address_named(emu, "controller-oam")["interface_id"] is None
        oam_pool = await pool(api, "oam-ipv4")
        assert (oam_pool["controller0_address"], oam_pool["controller1_address"]) == ("10.10.10.3", "10.10.10.4")
