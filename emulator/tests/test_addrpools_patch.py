"""sysinv address pools: PATCH rules, readonly table and DELETE after initial configuration (sysinv.md §5.2-5.3,
§11.1; v1/address_pool.py _check_modification_allowed, _validate_updates, _update_addresses)."""

from net_env import (add_pool, address_named, assign, attach, bootstrapped, deployed, edit_system, fault, faultstring,
                     flags, get_ok, host, interfaces, lock, network, patch_interface, patch_pool, pool, start_upgrade)

READONLY = "Address pool is read-only and cannot be modified or removed"
UNLOCKED = "Cannot complete the action because Host controller-0 is in administrative state = unlocked"


async def _new_pool(api, **extra):
    fields = {"name": "data-pool", "network": "10.20.0.0", "prefix": "24"}
    fields.update(extra)
    status, body = await add_pool(api, **fields)
    assert status == 200, body
    return body


async def test_patch_unattached_pool_with_cli_shaped_replace_ops():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api)
        status, body = await patch_pool(api, created["uuid"], name="renamed", order="sequential",
                                        ranges=[["10.20.0.10", "10.20.0.90"]], floating_address="10.20.0.10",
                                        gateway_address="10.20.0.1")
        assert status == 200, body
        assert (body["name"], body["order"]) == ("renamed", "sequential")
        assert body["ranges"] == [["10.20.0.10", "10.20.0.90"]]
        assert (body["floating_address"], body["gateway_address"]) == ("10.20.0.10", "10.20.0.1")
        # addresses created through PATCH of a pool with no network are named after the pool as it was before
        # the PATCH (sysinv formats the name from the unmodified pool object)
        assert address_named(emu, "data-pool-floating_address")["address"] == "10.20.0.10"


async def test_patch_only_replace_and_not_the_id_fields():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api)
        path = "/v1/addrpools/%s" % created["uuid"]
        status, body = await api.patch("sysinv", path, json=[{"op": "replace", "path": "/floating_address_id",
                                                              "value": "3"}])
        assert (status, faultstring(body)) == (400, "'/floating_address_id' is a read-only attribute and can not be "
                                                    "updated")
        status, body = await api.patch("sysinv", path, json=[{"op": "replace", "path": "/uuid", "value": "x"}])
        assert (status, faultstring(body)) == (400, "'/uuid' is an internal attribute and can not be updated")
        status, body = await api.patch("sysinv", path, json=[{"op": "add", "path": "/name", "value": "x"}])
        assert (status, faultstring(body)) == (400, "Adding a new attribute (/name) to the root of  the resource is "
                                                    "not allowed")
        # AddressPoolPatchType formats a message without a placeholder: a server error
        status, body = await api.patch("sysinv", path, json=[{"op": "remove", "path": "/gateway_address"}])
        assert (status, fault(body)) == (500, ("Server", "not all arguments converted during string formatting"))
        status, body = await api.patch("sysinv", path, json=[{"op": "replace", "path": "/prefix", "value": 24}])
        assert status == 400
        assert faultstring(body).startswith("Invalid input for field/attribute value. Value: '24'. Wrong type.")


async def test_none_null_empty_clear_address_fields():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api, floating_address="10.20.0.5", controller0_address="10.20.0.6",
                                  gateway_address="10.20.0.1")
        status, body = await patch_pool(api, created["uuid"], floating_address="none", controller0_address="NULL",
                                        gateway_address="empty")
        assert status == 200, body
        assert (body["floating_address"], body["controller0_address"], body["gateway_address"]) == (None, None, None)
        assert body["floating_address_id"] is None
        assert address_named(emu, "data-pool-floating_address") is None


async def test_patch_name_conflict_and_invalid_changes():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api)
        status, body = await patch_pool(api, created["uuid"], name="oam-ipv4")
        assert (status, faultstring(body)) == (409, "Address pool oam-ipv4 already exists")
        status, body = await patch_pool(api, created["uuid"], network="10.20.0.5")
        assert (status, faultstring(body)) == (400, "Invalid network address 10.20.0.5.Network address of subnet is "
                                                    "10.20.0.0. Please configure valid IPv4 subnet.")
        status, body = await patch_pool(api, created["uuid"], network="fd01::", prefix="64")
        assert (status, faultstring(body)) == (400, "Invalid IP version 6 fd01::/64. Please configure valid IPv4 "
                                                    "subnet")
        status, body = await patch_pool(api, created["uuid"], ranges=[["10.20.0.9", "10.20.0.1"]])
        assert (status, faultstring(body)) == (409, "Invalid range: start address 10.20.0.9 must be less than end "
                                                    "address 10.20.0.1")


async def test_patch_network_checks_overlap_with_attached_pools():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api)
        mgmt = await pool(api, "management-ipv4")
        status, body = await patch_pool(api, created["uuid"], network="192.168.204.0", prefix="24",
                                        ranges=[["192.168.204.100", "192.168.204.200"]])
        assert status == 409
        assert faultstring(body) == ("Address pool 192.168.204.0/24 overlaps with: 'management-ipv4' {%s} assigned to "
                                     "mgmt network" % mgmt["uuid"])


async def test_allowed_overlaps_between_cluster_networks_before_initial_config():
    async with bootstrapped("aio-sx") as (emu, api):
        pod = await pool(api, "cluster-pod-subnet-ipv4")
        status, body = await patch_pool(api, pod["uuid"], network="192.168.206.0", prefix="24",
                                        ranges=[["192.168.206.1", "192.168.206.254"]])
        assert status == 200, body  # cluster-pod may overlap cluster-host
        status, body = await patch_pool(api, pod["uuid"], network="192.168.204.0", prefix="24",
                                        ranges=[["192.168.204.1", "192.168.204.254"]])
        assert status == 409 and "assigned to mgmt network" in faultstring(body)


async def test_multi_range_quirk_on_patch():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api, ranges=[["10.20.0.1", "10.20.0.50"], ["10.20.0.100", "10.20.0.200"]])
        status, body = await patch_pool(api, created["uuid"], floating_address="10.20.0.120")
        assert (status, faultstring(body)) == (400, "IP Address 10.20.0.120 is not in range: 10.20.0.1-10.20.0.50. "
                                                    "Please configure valid IPv4 address.")


async def test_new_ranges_must_keep_allocated_addresses():
    async with deployed("aio-sx") as (emu, api):
        await _new_pool(api, ranges=[["10.20.0.10", "10.20.0.10"]])
        await lock(api, "controller-0")
        enp0s9 = (await interfaces(api, "controller-0"))["enp0s9"]
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="data", ipv4_mode="pool",
                                             ipv4_pool="data-pool")
        assert status == 200, body
        assert body["ipv4_mode"] == "pool"
        data_pool = await pool(api, "data-pool")
        assert body["ipv4_pool"] == data_pool["uuid"]
        status, body = await patch_pool(api, data_pool["uuid"], ranges=[["10.20.0.100", "10.20.0.200"]])
        assert status == 409
        assert faultstring(body) == ("The new address pool ranges excludes addresses that have already been "
                                     "allocated: 10.20.0.10/24 for interface 'enp0s9' on host %s"
                                     % enp0s9["forihostid"])


async def test_sx_requires_only_the_floating_address():
    async with deployed("aio-sx") as (emu, api):
        await lock(api, "controller-0")
        mgmt = await pool(api, "management-ipv4")
        assert (mgmt["controller0_address"], mgmt["controller1_address"]) == (None, None)
        status, body = await patch_pool(api, mgmt["uuid"], floating_address="none")
        assert (status, faultstring(body)) == (400, "The field must not be empty: floating_address")


async def test_duplex_requires_floating_and_both_controller_addresses():
    async with deployed("aio-dx") as (emu, api):
        oam = await pool(api, "oam-ipv4")
        status, body = await patch_pool(api, oam["uuid"], controller1_address="none")
        assert (status, faultstring(body)) == (400, "The field must not be empty: controller1_address")
        status, body = await patch_pool(api, oam["uuid"], controller0_address="none", controller1_address="none")
        assert (status, faultstring(body)) == (400, "The fields must not be empty: controller0_address, "
                                                    "controller1_address")


async def test_readonly_after_initial_config_on_duplex():
    async with deployed("aio-dx") as (emu, api):
        for name in ("management-ipv4", "cluster-host-subnet-ipv4", "pxeboot", "multicast-subnet-ipv4",
                     "cluster-pod-subnet-ipv4"):
            record = await pool(api, name)
            status, body = await patch_pool(api, record["uuid"], gateway_address="none")
            assert (status, faultstring(body)) == (409, READONLY), name
        record = await pool(api, "cluster-service-subnet-ipv4")
        status, body = await api.delete("sysinv", "/v1/addrpools/%s" % record["uuid"])
        assert status == 400  # primary of cluster-service: refused before the readonly check


async def test_everything_writable_before_initial_config():
    async with bootstrapped("aio-dx") as (emu, api):
        mgmt = await pool(api, "management-ipv4")
        status, body = await patch_pool(api, mgmt["uuid"], gateway_address="192.168.204.254")
        assert status == 200, body
        assert body["gateway_address"] == "192.168.204.254"
        assert address_named(emu, "controller-gateway-mgmt")["address"] == "192.168.204.254"


async def test_oam_pool_writable_except_during_an_upgrade():
    async with deployed("aio-dx") as (emu, api):
        oam = await pool(api, "oam-ipv4")
        status, body = await patch_pool(api, oam["uuid"], floating_address="10.10.10.20")
        assert status == 200, body
        start_upgrade(emu)
        status, body = await patch_pool(api, oam["uuid"], floating_address="10.10.10.21")
        assert (status, faultstring(body)) == (400, "Action rejected while a platform upgrade is in progress")


async def test_sx_mgmt_pool_needs_the_controller_locked_and_raises_the_reconfig_flag():
    async with deployed("aio-sx") as (emu, api):
        mgmt = await pool(api, "management-ipv4")
        status, body = await patch_pool(api, mgmt["uuid"], gateway_address="192.168.204.254")
        assert (status, faultstring(body)) == (400, UNLOCKED)
        status, body = await api.delete("sysinv", "/v1/addrpools/%s" % mgmt["uuid"])
        assert status == 400  # primary of mgmt
        cluster = await pool(api, "cluster-host-subnet-ipv4")
        await lock(api, "controller-0")
        status, body = await patch_pool(api, mgmt["uuid"], gateway_address="192.168.204.254")
        assert status == 200, body
        assert "mgmt_network_reconfiguration_ongoing" in flags(emu)
        assert (await host(api, "controller-0"))["config_status"] == "Config out-of-date"
        # cluster-host is not in the AIO-SX runtime-writable list
        status, body = await patch_pool(api, cluster["uuid"], gateway_address="none")
        assert (status, faultstring(body)) == (409, READONLY)


async def test_sx_to_dx_migration_opens_mgmt_cluster_host_pxeboot_pools():
    async with deployed("aio-sx") as (emu, api):
        edit_system(emu, system_mode="duplex", capabilities={"simplex_to_duplex_migration": True})
        mgmt = await pool(api, "management-ipv4")
        status, body = await patch_pool(api, mgmt["uuid"], controller0_address="192.168.204.3",
                                        controller1_address="192.168.204.4")
        assert status == 200, body
        # the new controller-0 address takes over the floating address's interface (lo)
        c0 = address_named(emu, "controller-0-mgmt")
        floating = address_named(emu, "controller-mgmt")
        lo = (await interfaces(api, "controller-0"))["lo"]
        assert c0["address"] == "192.168.204.3" and c0["interface_id"] is not None
        assert floating["interface_id"] is None
        assert c0["interface_id"] == emu.scope().get("iinterface", lo["uuid"])["id"]
        multicast = await pool(api, "multicast-subnet-ipv4")
        status, body = await patch_pool(api, multicast["uuid"], gateway_address="239.1.1.14")
        assert (status, faultstring(body)) == (409, READONLY)


async def test_duplex_may_fill_in_a_missing_controller_address_only():
    async with deployed("aio-dx") as (emu, api):
        mgmt = await pool(api, "management-ipv4")
        c1 = address_named(emu, "controller-1-mgmt")
        scope = emu.scope()
        record = scope.get("addrpool", mgmt["uuid"])
        record["controller1_address_id"] = None  # controller-1 deleted: its address went
        scope.save("addrpool", record)
        scope.remove("address", c1)
        emu.store.commit()
        status, body = await patch_pool(api, mgmt["uuid"], controller0_address="192.168.204.50")
        assert (status, faultstring(body)) == (409, READONLY)
        status, body = await patch_pool(api, mgmt["uuid"], controller1_address="192.168.204.3")
        assert status == 200, body
        assert address_named(emu, "controller-1-mgmt")["address"] == "192.168.204.3"


async def test_admin_pool_always_writable_and_secondary_mgmt_pool_readonly_on_duplex():
    async with deployed("aio-dx") as (emu, api):
        status, admin_pool = await add_pool(api, name="admin-ipv4", network="10.40.0.0", prefix="24",
                                            floating_address="10.40.0.2", controller0_address="10.40.0.3",
                                            controller1_address="10.40.0.4", gateway_address="10.40.0.1")
        status, admin = await api.post("sysinv", "/v1/networks", json={
            "type": "admin", "name": "admin", "dynamic": "false", "pool_uuid": admin_pool["uuid"]})
        assert status == 200, admin
        status, body = await patch_pool(api, admin_pool["uuid"], gateway_address="10.40.0.254")
        assert status == 200, body
        status, v6 = await add_pool(api, name="management-ipv6", network="fd02::", prefix="64",
                                    floating_address="fd02::2", controller0_address="fd02::3",
                                    controller1_address="fd02::4")
        mgmt = await network(api, "mgmt")
        status, body = await attach(api, mgmt["uuid"], v6["uuid"])
        assert status == 200, body
        status, body = await api.delete("sysinv", "/v1/addrpools/%s" % v6["uuid"])
        assert (status, faultstring(body)) == (409, READONLY)


async def test_oam_secondary_pool_can_be_deleted_after_initial_config():
    async with deployed("aio-sx") as (emu, api):
        status, v6 = await add_pool(api, name="oam-ipv6", network="fd00::", prefix="64", floating_address="fd00::2",
                                    gateway_address="fd00::1")
        oam = await network(api, "oam")
        status, body = await attach(api, oam["uuid"], v6["uuid"])
        assert status == 200, body
        status, _ = await api.delete("sysinv", "/v1/addrpools/%s" % v6["uuid"])
        assert status == 204
        links = (await get_ok(api, "/v1/network_addresspools"))["network_addresspools"]
        assert "oam-ipv6" not in {link["address_pool_name"] for link in links}


async def test_prefix_change_follows_to_the_controller_addresses():
    async with deployed("aio-sx") as (emu, api):
        created = await _new_pool(api, floating_address="10.20.0.5")
        status, body = await patch_pool(api, created["uuid"], prefix="16", ranges=[["10.20.0.1", "10.20.255.254"]])
        assert status == 200, body
        assert body["prefix"] == 16
        assert address_named(emu, "data-pool-floating_address")["prefix"] == 16


async def test_oam_pool_patch_shows_in_iextoam():
    async with deployed("aio-sx") as (emu, api):
        oam = await pool(api, "oam-ipv4")
        status, body = await patch_pool(api, oam["uuid"], floating_address="10.10.10.30")
        assert status == 200, body
        extoam = (await get_ok(api, "/v1/iextoam"))["iextoams"][0]
        assert extoam["oam_floating_ip"] == "10.10.10.30"
        # SX: the OAM change is applied at runtime, no config out-of-date
        assert (await host(api, "controller-0"))["config_status"] is None


async def test_interface_assignment_needs_an_assignable_interface_class_for_overlap_texts():
    """Overlap text names an interface when the pool is used through an interface address mode."""
    async with deployed("aio-sx") as (emu, api):
        await _new_pool(api, ranges=[["10.20.0.10", "10.20.0.20"]])
        await lock(api, "controller-0")
        enp0s9 = (await interfaces(api, "controller-0"))["enp0s9"]
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="data", ipv4_mode="pool",
                                             ipv4_pool="data-pool")
        assert status == 200, body
        data_pool = await pool(api, "data-pool")
        status, other = await add_pool(api, name="other", network="10.20.0.0", prefix="16")
        status, admin = await api.post("sysinv", "/v1/networks", json={
            "type": "admin", "name": "admin", "dynamic": "false", "pool_uuid": other["uuid"]})
        assert status == 409
        assert faultstring(admin) == ("Address pool 'other' {%s} 10.20.0.0/16 overlaps with: 'data-pool' {%s} "
                                      "assigned to 'enp0s9' interface in host controller-0"
                                      % (other["uuid"], data_pool["uuid"]))
        assert assign  # imported for symmetry with the other networking tests


async def test_sx_mgmt_reconfiguration_by_pool_patch_takes_effect_at_unlock():
    """reference §11.1: lock, change the mgmt pool, unlock (the old address stays in use until then)."""
    from net_env import unlock

    async with deployed("aio-sx") as (emu, api):
        old_ip = (await host(api, "controller-0"))["mgmt_ip"]
        await lock(api, "controller-0")
        mgmt = await pool(api, "management-ipv4")
        status, body = await patch_pool(api, mgmt["uuid"], network="192.168.100.0", prefix="24",
                                        ranges=[["192.168.100.1", "192.168.100.254"]], floating_address="192.168.100.2",
                                        gateway_address="192.168.100.1")
        assert status == 200, body
        assert address_named(emu, "controller-mgmt")["address"] == "192.168.100.2"
        assert address_named(emu, "controller-gateway-mgmt")["address"] == "192.168.100.1"
        record = await host(api, "controller-0")
        assert (record["mgmt_ip"], record["config_status"]) == (old_ip, "Config out-of-date")
        record = await unlock(api, "controller-0")
        assert (record["mgmt_ip"], record["config_status"]) == ("192.168.100.2", None)
        assert "mgmt_network_reconfiguration_ongoing" not in flags(emu)
