"""sysinv address pools: listing, POST validation (reference sysinv.md §5.1; v1/address_pool.py)."""

from net_env import (add_pool, address_named, assign, deployed, fault, faultstring, get_ok, interfaces, network,
                     pool, pools)

NEW = {"name": "data-pool", "network": "10.20.0.0", "prefix": "24"}


async def test_list_view_omits_id_and_timestamps_show_has_them():
    async with deployed("aio-sx") as (emu, api):
        listed = await pools(api)
        assert {p["name"] for p in listed} >= {"management-ipv4", "pxeboot", "oam-ipv4", "multicast-subnet-ipv4",
                                               "cluster-host-subnet-ipv4", "cluster-pod-subnet-ipv4",
                                               "cluster-service-subnet-ipv4"}
        assert "id" not in listed[0] and "created_at" not in listed[0]
        shown = await get_ok(api, "/v1/addrpools/%s" % listed[0]["uuid"])
        assert {"id", "created_at", "updated_at", "floating_address_id", "ranges", "family"} <= set(shown)


async def test_post_creates_pool_with_defaults_and_answers_200():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, **NEW, floating_address="10.20.0.5")
        assert status == 200, body
        assert body["family"] == 4 and body["order"] == "random" and body["prefix"] == 24
        assert body["ranges"] == [["10.20.0.1", "10.20.0.254"]]  # default range [net+1, last-1]
        assert body["floating_address"] == "10.20.0.5"
        # the address row is named after the pool until a network claims it
        assert address_named(emu, "data-pool-floating_address")["address"] == "10.20.0.5"


async def test_ipv6_pool_default_range_keeps_the_last_address_out():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, name="v6", network="fd01::", prefix="126")
        assert status == 200, body
        assert body["family"] == 6 and body["ranges"] == [["fd01::1", "fd01::2"]]


async def test_duplicate_name_is_409():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, name="oam-ipv4", network="10.20.0.0", prefix="24")
        assert status == 409
        assert fault(body) == ("Client", "Address pool oam-ipv4 already exists")


async def test_validate_syntax_errors_are_500_server_faults():
    async with deployed("aio-sx") as (emu, api):
        cases = [
            (dict(NEW, network="10.20.0.1"), "Host bits must be zero"),
            (dict(NEW, name=""), "Name must not be an empty string"),
            ({"network": "10.20.0.0", "prefix": "24"}, "object of type 'UnsetType' has no len()"),
            (dict(NEW, prefix="0"), "Address prefix must be greater than 1"),
            ({"name": "x", "network": "10.20.0.0"}, "'<' not supported between instances of 'UnsetType' and 'int'"),
            ({"name": "x", "prefix": "24"}, "unsupported operand type(s) for +: 'UnsetType' and 'str'"),
            (dict(NEW, network="0.0.0.0", prefix="8"), "Network must not be null"),
            (dict(NEW, order="backwards"), "Network address allocation order must be one of: sequential, random"),
        ]
        for fields, message in cases:
            status, body = await add_pool(api, **fields)
            assert (status, fault(body)) == (500, ("Server", message)), fields


async def test_wsme_type_errors_are_400():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, **NEW, colour="blue")
        assert (status, faultstring(body)) == (400, "Unknown attribute for argument addrpool: colour")
        status, body = await add_pool(api, **dict(NEW, floating_address="10.20.0.300"))
        assert (status, faultstring(body)) == (400, "Expected an IPv4 or IPv6 address but received 10.20.0.300.")
        status, body = await add_pool(api, **dict(NEW, prefix="twenty"))
        assert status == 400
        assert faultstring(body) == ("Invalid input for field/attribute prefix. Value: 'twenty'. Wrong type. "
                                     "Expected '<class 'int'>', got '<class 'str'>'")


async def test_subnet_smaller_than_four_addresses():
    async with deployed("aio-sx") as (emu, api):
        # no ranges: the default range needs four addresses (409 AddressPoolRangeTooSmall)
        status, body = await add_pool(api, name="tiny", network="10.20.0.0", prefix="31")
        assert (status, faultstring(body)) == (409, "Address pool network prefix must be at least /30")
        # with ranges: is_valid_subnet's "at least size /30" (400)
        status, body = await add_pool(api, name="tiny", network="10.20.0.0", prefix="31",
                                      ranges=[["10.20.0.0", "10.20.0.1"]])
        assert (status, faultstring(body)) == (400, "Invalid subnet size 2 with 10.20.0.0/31. Please configure at "
                                                    "least size /30 subnet")
        status, body = await add_pool(api, name="tiny6", network="fd01::", prefix="127", ranges=[["fd01::", "fd01::1"]])
        assert (status, faultstring(body)) == (400, "Invalid subnet size 2 with fd01::/127. Please configure at "
                                                    "least size /126 subnet")
        status, body = await add_pool(api, name="small", network="10.20.0.0", prefix="30")
        assert status == 200 and body["ranges"] == [["10.20.0.1", "10.20.0.2"]]


async def test_range_rules_are_409():
    async with deployed("aio-sx") as (emu, api):
        cases = [
            ([["10.30.0.1", "10.20.0.9"]], "Range start address 10.30.0.1 is not within network 10.20.0.0/24"),
            ([["10.20.0.1", "10.30.0.9"]], "Range end address 10.30.0.9 is not within network 10.20.0.0/24"),
            ([["10.20.0.9", "10.20.0.1"]], "Invalid range: start address 10.20.0.9 must be less than end address "
                                           "10.20.0.1"),
            ([["10.20.0.0", "10.20.0.9"]], "Address pool range cannot include network address: 10.20.0.0"),
            ([["10.20.0.9", "10.20.0.255"]], "Address pool range cannot include broadcast address: 10.20.0.255"),
            ([["10.20.0.1", "10.20.0.20"], ["10.20.0.10", "10.20.0.30"]],
             "Addresses from 10.20.0.10-10.20.0.30 already contained in range"),
            ([["fd01::1", "fd01::9"]], "Address pool range IP version must match network IP version"),
        ]
        for ranges, message in cases:
            status, body = await add_pool(api, **NEW, ranges=ranges)
            assert (status, faultstring(body)) == (409, message), ranges


async def test_address_must_be_a_host_address_of_the_subnet():
    async with deployed("aio-sx") as (emu, api):
        cases = [
            ({"floating_address": "10.99.0.5"},
             "IP Address 10.99.0.5 is not in subnet: 10.20.0.0/24. Please configure valid IPv4 address."),
            ({"controller0_address": "10.20.0.0"},
             "Invalid IP address: 10.20.0.0. Cannot use network address: 10.20.0.0. Please configure valid IPv4 "
             "address."),
            ({"gateway_address": "10.20.0.255"},
             "Cannot use broadcast address: 10.20.0.255. Please configure valid IPv4 address."),
            ({"floating_address": "fd01::5"},
             "Invalid IP version 6: fd01::5. Please configure valid IPv4 address for subnet 10.20.0.0/24."),
            ({"floating_address": "10.20.0.5", "controller0_address": "10.20.0.5"},
             "controller0_address can not be the same as floating_address: 10.20.0.5"),
        ]
        for extra, message in cases:
            status, body = await add_pool(api, **NEW, **extra)
            assert (status, faultstring(body)) == (400, message), extra


async def test_addresses_must_lie_in_the_given_range_but_the_gateway_need_not():
    async with deployed("aio-sx") as (emu, api):
        ranges = [["10.20.0.10", "10.20.0.20"]]
        status, body = await add_pool(api, **NEW, ranges=ranges, floating_address="10.20.0.5")
        assert (status, faultstring(body)) == (400, "IP Address 10.20.0.5 is not in range: 10.20.0.10-10.20.0.20. "
                                                    "Please configure valid IPv4 address.")
        status, body = await add_pool(api, **NEW, ranges=ranges, floating_address="10.20.0.10",
                                      gateway_address="10.20.0.1")
        assert status == 200, body
        assert body["gateway_address"] == "10.20.0.1"


async def test_without_ranges_no_range_check_is_made():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, **NEW, floating_address="10.20.0.254", controller0_address="10.20.0.1")
        assert status == 200, body


async def test_multi_range_quirk_refuses_every_controller_address():
    """The address must be in *every* range (is_valid_address_within_range), so two ranges refuse it."""
    async with deployed("aio-sx") as (emu, api):
        ranges = [["10.20.0.1", "10.20.0.50"], ["10.20.0.100", "10.20.0.200"]]
        status, body = await add_pool(api, **NEW, ranges=ranges, floating_address="10.20.0.5")
        assert (status, faultstring(body)) == (400, "IP Address 10.20.0.5 is not in range: 10.20.0.100-10.20.0.200. "
                                                    "Please configure valid IPv4 address.")
        status, body = await add_pool(api, **NEW, ranges=ranges, gateway_address="10.20.0.254")
        assert status == 200, body
        assert body["ranges"] == ranges


async def test_ranges_are_sorted():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, **NEW, ranges=[["10.20.0.100", "10.20.0.200"], ["10.20.0.1", "10.20.0.9"]])
        assert status == 200 and body["ranges"] == [["10.20.0.1", "10.20.0.9"], ["10.20.0.100", "10.20.0.200"]]


async def test_post_does_not_check_overlap_with_other_pools():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, name="same-as-mgmt", network="192.168.204.0", prefix="24")
        assert status == 200, body


async def test_addresses_already_in_use_are_refused():
    async with deployed("aio-sx") as (emu, api):
        oam = await pool(api, "oam-ipv4")
        # 10.10.10.2 is the oam floating address, on enp0s3 (interface first, as sysinv checks)
        status, body = await add_pool(api, name="again", network="10.10.10.0", prefix="24",
                                      floating_address="10.10.10.2")
        ifaces = await interfaces(api, "controller-0")
        assert status == 400
        assert faultstring(body) == "Address 10.10.10.2 already assigned to the enp0s3 interface in host %s" \
            % ifaces["enp0s3"]["forihostid"]
        # the oam gateway is on no interface but its pool is attached to a network
        status, body = await add_pool(api, name="again", network="10.10.10.0", prefix="24",
                                      gateway_address="10.10.10.1")
        assert (status, faultstring(body)) == (400, "Address 10.10.10.1 already assigned to the following address "
                                                    "pool: %s" % oam["uuid"])


async def test_an_unassigned_address_of_an_unattached_pool_is_taken_over():
    async with deployed("aio-sx") as (emu, api):
        status, first = await add_pool(api, **NEW, floating_address="10.20.0.5")
        assert status == 200
        status, second = await add_pool(api, name="second", network="10.20.0.0", prefix="24",
                                        floating_address="10.20.0.5")
        assert status == 200, second
        first = await get_ok(api, "/v1/addrpools/%s" % first["uuid"])
        assert first["floating_address"] is None and second["floating_address"] == "10.20.0.5"
        assert address_named(emu, "second-floating_address")["address"] == "10.20.0.5"


async def test_list_by_network_type_gives_primary_then_secondary():
    async with deployed("aio-sx") as (emu, api):
        status, v6 = await add_pool(api, name="oam-ipv6", network="fd00::", prefix="64", floating_address="fd00::2")
        assert status == 200
        oam = await network(api, "oam")
        status, body = await api.post("sysinv", "/v1/network_addresspools",
                                      json={"network_uuid": oam["uuid"], "address_pool_uuid": v6["uuid"]})
        assert status == 200, body
        listed = await pools(api, "oam")
        assert [p["name"] for p in listed] == ["oam-ipv4", "oam-ipv6"]
        assert await pools(api, "admin") == []


async def test_identifiers_must_be_uuids_and_exist():
    async with deployed("aio-sx") as (emu, api):
        status, body = await api.get("sysinv", "/v1/addrpools/oam-ipv4")
        assert (status, faultstring(body)) == (400, "Invalid input for field/attribute address_pool_uuid. Value: "
                                                    "'oam-ipv4'. unable to convert to uuid. Error: Expected a uuid but "
                                                    "received oam-ipv4.")
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await api.get("sysinv", "/v1/addrpools/%s" % missing)
        assert (status, faultstring(body)) == (404, "Address pool %s not found" % missing)
        status, body = await api.delete("sysinv", "/v1/addrpools/%s" % missing)
        assert status == 404


async def test_delete_unattached_pool_removes_its_addresses_and_answers_204():
    async with deployed("aio-sx") as (emu, api):
        status, body = await add_pool(api, **NEW, floating_address="10.20.0.5")
        status, empty = await api.delete("sysinv", "/v1/addrpools/%s" % body["uuid"])
        assert status == 204 and empty is None
        assert address_named(emu, "data-pool-floating_address") is None
        status, _ = await api.get("sysinv", "/v1/addrpools/%s" % body["uuid"])
        assert status == 404


async def test_delete_primary_pool_is_refused():
    async with deployed("aio-sx") as (emu, api):
        mgmt = await pool(api, "management-ipv4")
        status, body = await api.delete("sysinv", "/v1/addrpools/%s" % mgmt["uuid"])
        assert (status, faultstring(body)) == (400, "Address pool is the primary for the following network: mgmt. "
                                                    "Not possible to delete.")


async def test_delete_admin_primary_pool_deletes_the_admin_network():
    async with deployed("aio-sx") as (emu, api):
        status, admin_pool = await add_pool(api, name="admin-ipv4", network="10.40.0.0", prefix="24",
                                            floating_address="10.40.0.2", gateway_address="10.40.0.1")
        assert status == 200
        status, admin = await api.post("sysinv", "/v1/networks", json={
            "type": "admin", "name": "admin", "dynamic": "false", "pool_uuid": admin_pool["uuid"]})
        assert status == 200, admin
        ifaces = await interfaces(api, "controller-0")
        status, body = await assign(api, ifaces["enp0s9"]["uuid"], admin["uuid"])
        assert status == 200, body
        status, _ = await api.delete("sysinv", "/v1/addrpools/%s" % admin_pool["uuid"])
        assert status == 204
        status, _ = await api.get("sysinv", "/v1/networks/%s" % admin["uuid"])
        assert status == 404
        links = (await get_ok(api, "/v1/interface_networks"))["interface_networks"]
        assert "admin" not in {link["network_type"] for link in links}
