"""sysinv network_addresspools (dual stack): POST/DELETE rules, runtime-allowed table, side effects (sysinv.md
§6, §11.3; v1/network_addrpool.py)."""

from net_env import (IPV6_OAM, add_pool, address_named, attach, bootstrapped, deployed, faultstring, get_ok, host,
                     interfaces, lock, network, pool)


async def _v6(api, **fields):
    status, body = await add_pool(api, **fields)
    assert status == 200, body
    return body


async def test_secondary_oam_pool_on_simplex():
    async with deployed("aio-sx") as (emu, api):
        v6 = await _v6(api, **IPV6_OAM)
        oam = await network(api, "oam")
        status, body = await attach(api, oam["uuid"], v6["uuid"])
        assert status == 200, body
        assert (body["network_name"], body["address_pool_name"]) == ("oam", "oam-ipv6")
        assert set(body) >= {"id", "uuid", "network_id", "network_uuid", "address_pool_id", "address_pool_uuid"}
        # addresses renamed for the network and given to the interface carrying OAM, now static for IPv6
        floating = address_named(emu, "controller-oam")
        assert floating["address"] == "10.10.10.2"  # the primary's stays first by name lookup
        v6_floating = [a for a in emu.scope().all("address", name="controller-oam") if a["family"] == 6][0]
        enp0s3 = (await interfaces(api, "controller-0"))["enp0s3"]
        assert v6_floating["interface_id"] == emu.scope().get("iinterface", enp0s3["uuid"])["id"]
        assert enp0s3["ipv6_mode"] == "static"
        # the network's primary pool is unchanged; the legacy OAM view shows the primary only
        assert (await network(api, "oam"))["pool_uuid"] == (await pool(api, "oam-ipv4"))["uuid"]
        assert (await get_ok(api, "/v1/iextoam"))["iextoams"][0]["oam_floating_ip"] == "10.10.10.2"
        # AIO-SX: update_oam_config applies at runtime
        assert (await host(api, "controller-0"))["config_status"] is None


async def test_pool_count_and_family_rules():
    async with deployed("aio-sx") as (emu, api):
        oam = await network(api, "oam")
        other_v4 = await _v6(api, name="oam-other", network="10.77.0.0", prefix="24")
        status, body = await attach(api, oam["uuid"], other_v4["uuid"])
        assert (status, faultstring(body)) == (400, "Network of type oam already have pool oam-ipv4 for family IPv4")
        v6 = await _v6(api, **IPV6_OAM)
        assert (await attach(api, oam["uuid"], v6["uuid"]))[0] == 200
        third = await _v6(api, name="oam-third", network="fd09::", prefix="64")
        status, body = await attach(api, oam["uuid"], third["uuid"])
        assert (status, faultstring(body)) == (400, "Network of type oam already have maximum of 2 pools attached: "
                                                    "['oam-ipv4', 'oam-ipv6']")


async def test_a_pool_belongs_to_one_network():
    async with deployed("aio-sx") as (emu, api):
        v6 = await _v6(api, **IPV6_OAM)
        oam = await network(api, "oam")
        assert (await attach(api, oam["uuid"], v6["uuid"]))[0] == 200
        cluster = await network(api, "cluster-host")
        # the pool is left out of its own overlap check, so the membership rule answers
        status, body = await attach(api, cluster["uuid"], v6["uuid"])
        assert (status, faultstring(body)) == (400, "Address pool already in use by another network")


async def test_pool_already_used_by_another_network():
    async with bootstrapped("aio-sx") as (emu, api):
        v6 = await _v6(api, name="shared-v6", network="fd0b::", prefix="64")
        host_net = await network(api, "cluster-host")
        assert (await attach(api, host_net["uuid"], v6["uuid"]))[0] == 200
        service = await network(api, "cluster-service")  # cluster networks may overlap each other
        status, body = await attach(api, service["uuid"], v6["uuid"])
        assert (status, faultstring(body)) == (400, "Address pool already in use by another network")


async def test_cluster_pod_pool_needs_an_oam_pool_of_its_family_first():
    async with deployed("aio-sx") as (emu, api):
        pod_v6 = await _v6(api, name="cluster-pod-subnet-ipv6", network="fd03::", prefix="64")
        pod = await network(api, "cluster-pod")
        status, body = await attach(api, pod["uuid"], pod_v6["uuid"])
        assert (status, faultstring(body)) == (400, "Cluster-pod address-pool can not be added before OAM "
                                                    "address-pool of same IP family")
        v6 = await _v6(api, **IPV6_OAM)
        assert (await attach(api, (await network(api, "oam"))["uuid"], v6["uuid"]))[0] == 200
        status, body = await attach(api, pod["uuid"], pod_v6["uuid"])
        assert status == 200, body


async def test_pxeboot_is_ipv4_only_and_frozen_after_initial_config():
    async with bootstrapped("aio-sx") as (emu, api):
        pxe_v6 = await _v6(api, name="pxeboot-v6", network="fd04::", prefix="64")
        pxe = await network(api, "pxeboot")
        status, body = await attach(api, pxe["uuid"], pxe_v6["uuid"])
        assert (status, faultstring(body)) == (400, "Network of type pxeboot only supports pool of family IPv4")
    async with deployed("aio-sx") as (emu, api):
        pxe_v6 = await _v6(api, name="pxeboot-v6", network="fd04::", prefix="64")
        pxe = await network(api, "pxeboot")
        status, body = await attach(api, pxe["uuid"], pxe_v6["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot create relation for network {%s} with type pxeboot after "
                                                    "initial configuration completion" % pxe["uuid"])
        link = [n for n in (await get_ok(api, "/v1/network_addresspools"))["network_addresspools"]
                if n["network_name"] == "pxeboot"][0]
        status, body = await api.delete("sysinv", "/v1/network_addresspools/%s" % link["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot delete relation for network {%s} with type pxeboot after "
                                                    "initial configuration completion" % pxe["uuid"])


async def test_secondary_multicast_pool_allowed_at_runtime():
    async with deployed("aio-sx") as (emu, api):
        v6 = await _v6(api, name="multicast-subnet-ipv6", network="ff05::", prefix="120")
        multicast = await network(api, "multicast")
        status, body = await attach(api, multicast["uuid"], v6["uuid"])
        assert status == 200, body
        assert {a["name"] for a in emu.scope().all("address", pool_id=body["address_pool_id"])} == {
            "sm-mgmt-ip-multicast", "mtce-mgmt-ip-multicast", "patch-controller-mgmt-ip-multicast",
            "patch-agent-mgmt-ip-multicast"}


async def test_secondary_mgmt_pool_on_duplex_makes_every_host_out_of_date():
    async with deployed("standard") as (emu, api):
        v6 = await _v6(api, name="management-ipv6", network="fd02::", prefix="64")
        mgmt = await network(api, "mgmt")
        status, body = await attach(api, mgmt["uuid"], v6["uuid"])
        assert status == 200, body
        shown = await pool(api, "management-ipv6")
        assert shown["floating_address"] and shown["controller0_address"] and shown["controller1_address"]
        for hostname in ("controller-0", "controller-1", "worker-0", "worker-1"):
            assert (await host(api, hostname))["config_status"] == "Config out-of-date", hostname
        # the controllers' mgmt interfaces got the IPv6 addresses, workers' too (dynamic mgmt)
        c1_v6 = [a for a in emu.scope().all("address", name="controller-1-mgmt") if a["family"] == 6][0]
        assert c1_v6["interface_id"] is not None
        worker_v6 = [a for a in emu.scope().all("address", name="worker-0-mgmt") if a["family"] == 6]
        assert worker_v6 and worker_v6[0]["interface_id"] is not None


async def test_mgmt_pool_on_simplex_needs_a_locked_controller():
    async with deployed("aio-sx") as (emu, api):
        v6 = await _v6(api, name="management-ipv6", network="fd02::", prefix="64")
        mgmt = await network(api, "mgmt")
        status, body = await attach(api, mgmt["uuid"], v6["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot complete the action because Host controller-0 is in "
                                                    "administrative state = unlocked")
        await lock(api, "controller-0")
        status, body = await attach(api, mgmt["uuid"], v6["uuid"])
        assert status == 200, body
        assert emu.scope().first("platform_flag", name="mgmt_network_reconfiguration_ongoing") is not None
        assert (await pool(api, "management-ipv6"))["controller0_address"] is None  # reduced set on SX


async def test_attach_checks_overlap():
    async with deployed("aio-sx") as (emu, api):
        v6 = await _v6(api, **IPV6_OAM)
        assert (await attach(api, (await network(api, "oam"))["uuid"], v6["uuid"]))[0] == 200
        clash = await _v6(api, name="clash", network="fd00::", prefix="64")
        status, body = await attach(api, (await network(api, "cluster-host"))["uuid"], clash["uuid"])
        assert status == 409
        assert faultstring(body) == ("Address pool 'clash' {%s} fd00::/64 overlaps with: 'oam-ipv6' {%s} assigned "
                                     "to oam network" % (clash["uuid"], v6["uuid"]))


async def test_delete_rules():
    async with deployed("aio-sx") as (emu, api):
        links = (await get_ok(api, "/v1/network_addresspools"))["network_addresspools"]
        primary = [n for n in links if n["network_name"] == "oam"][0]
        status, body = await api.delete("sysinv", "/v1/network_addresspools/%s" % primary["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot remove primary pool 'oam-ipv4' from 'oam' with type oam")
        v6 = await _v6(api, **IPV6_OAM)
        status, oam_link = await attach(api, (await network(api, "oam"))["uuid"], v6["uuid"])
        pod_v6 = await _v6(api, name="cluster-pod-subnet-ipv6", network="fd03::", prefix="64")
        status, pod_link = await attach(api, (await network(api, "cluster-pod"))["uuid"], pod_v6["uuid"])
        assert status == 200, pod_link
        status, body = await api.delete("sysinv", "/v1/network_addresspools/%s" % oam_link["uuid"])
        assert (status, faultstring(body)) == (400, "oam address-pool can not be deleted before cluster-pod "
                                                    "address-pool of same IP family")
        assert (await api.delete("sysinv", "/v1/network_addresspools/%s" % pod_link["uuid"]))[0] == 204
        status, _ = await api.delete("sysinv", "/v1/network_addresspools/%s" % oam_link["uuid"])
        assert status == 204
        v6_floating = [a for a in emu.scope().all("address", name="controller-oam") if a["family"] == 6][0]
        assert v6_floating["interface_id"] is None
        assert "ipv6_mode" not in (await interfaces(api, "controller-0"))["enp0s3"] or \
            (await interfaces(api, "controller-0"))["enp0s3"]["ipv6_mode"] is None
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await api.get("sysinv", "/v1/network_addresspools/%s" % missing)
        assert (status, faultstring(body)) == (404, "Network addrpool %s could not be found." % missing)


async def test_post_body_errors():
    async with deployed("aio-sx") as (emu, api):
        oam = await network(api, "oam")
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await attach(api, oam["uuid"], missing)
        assert (status, faultstring(body)) == (404, "Address pool %s not found" % missing)
        status, body = await attach(api, missing, missing)
        assert (status, faultstring(body)) == (404, "Network %s could not be found." % missing)
        status, body = await api.post("sysinv", "/v1/network_addresspools", json={"network_uuid": oam["uuid"]})
        assert status == 500 and faultstring(body) == "'address_pool_uuid'"
        status, body = await api.post("sysinv", "/v1/network_addresspools", json={"network_uuid": "x",
                                                                                  "address_pool_uuid": missing})
        assert (status, faultstring(body)) == (400, "Expected a uuid but received x.")
