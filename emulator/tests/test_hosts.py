"""sysinv ihosts: fields, addressing, pagination, PATCH rules and the maintenance state machine (lock, unlock,
swact, reboot, reinstall ...), requests shaped as cgtsclient sends them."""

import pytest

from hosts_env import FakeClock, action, faultstring, host_record, replace, show, state
from stx_emulator.http import ApiError
from stx_emulator.services.sysinv import hosts
from stx_emulator.testing import InProcessEmulator

HOST_FIELDS = {"id", "uuid", "hostname", "invprovision", "mgmt_mac", "mgmt_ip", "bm_ip", "bm_type", "bm_username",
               "personality", "subfunctions", "subfunction_oper", "subfunction_avail", "serialid", "administrative",
               "operational", "availability", "action", "ihost_action", "inv_state", "vim_progress_status", "task",
               "mtce_info", "reserved", "config_status", "config_applied", "config_target",
               "clock_synchronization", "uptime", "location", "capabilities", "isystem_uuid", "peers", "links",
               "boot_device", "rootfs_device", "hw_settle", "install_output", "console", "tboot", "ttys_dcd",
               "apparmor", "install_state", "install_state_info", "max_cpu_mhz_configured",
               "min_cpu_mhz_allowed", "max_cpu_mhz_allowed", "cstates_available", "iscsi_initiator_name",
               "nvme_host_id", "nvme_host_nqn", "device_image_update", "reboot_needed", "sw_version",
               "created_at", "updated_at"}
LINK_COLLECTIONS = {"iinterfaces", "ports", "ethernet_ports", "inodes", "icpus", "imemorys", "istors", "idisks",
                    "partitions", "ceph_mon", "ipvs", "ilvgs", "host_fs", "kube_update_ca", "isensors",
                    "isensorgroups", "pci_devices", "lldp_agents", "lldp_neighbours", "labels"}


# -- representation and addressing ----------------------------------------------------------------------------
async def test_list_and_detail_fields_match_the_real_host_representation():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, body = await api.get("sysinv", "/v1/ihosts")
        assert status == 200 and set(body) == {"ihosts"}  # no "next": the page is not full
        listed = body["ihosts"][0]
        assert set(listed) == HOST_FIELDS  # expand=False: no forisystemid, no sub-collection links
        detail = await show(api, "controller-0")
        assert set(detail) == HOST_FIELDS | LINK_COLLECTIONS | {"forisystemid"}
        assert detail["links"][0]["href"].endswith("/v1/ihosts/%s" % detail["uuid"])
        assert detail["links"][1]["rel"] == "bookmark" and "/v1/" not in detail["links"][1]["href"]
        assert detail["idisks"][0]["href"].endswith("/v1/ihosts/%s/idisks" % detail["uuid"])
        assert detail["capabilities"]["Personality"] == "Controller-Active"
        assert (await show(api, "controller-1"))["capabilities"]["Personality"] == "Controller-Standby"
        assert detail["action"] == "none" and detail["mgmt_ip"] and detail["sw_version"] == "25.09"
        status, body = await api.get("sysinv", "/v1/ihosts/detail")
        assert status == 200 and "iinterfaces" in body["ihosts"][0]


async def test_host_addressed_by_id_uuid_or_hostname_and_404_text():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        by_name = await show(api, "controller-0")
        assert (await show(api, by_name["uuid"]))["id"] == by_name["id"] == (await show(api, "1"))["id"]
        status, body = await api.get("sysinv", "/v1/ihosts/compute-7")
        assert status == 404 and faultstring(body) == "Server compute-7 could not be found."
        with pytest.raises(ApiError) as exc:
            hosts.find_host(emu.scope(), "99")
        assert exc.value.status == 404 and exc.value.message == "Server 99 could not be found."


async def test_pagination_and_personality_filter():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        status, body = await api.get("sysinv", "/v1/ihosts?limit=2")
        assert [h["hostname"] for h in body["ihosts"]] == ["controller-0", "controller-1"]
        assert "marker=%s" % body["ihosts"][1]["uuid"] in body["next"] and "limit=2" in body["next"]
        status, body = await api.get("sysinv", "/v1/ihosts?limit=2&marker=%s" % body["ihosts"][1]["uuid"])
        assert [h["hostname"] for h in body["ihosts"]] == ["worker-0", "worker-1"]
        status, body = await api.get("sysinv", "/v1/ihosts?personality=worker")
        assert [h["hostname"] for h in body["ihosts"]] == ["worker-0", "worker-1"]
        status, body = await api.get("sysinv", "/v1/ihosts?sort_dir=down")
        assert status == 400 and "Invalid sort direction: down" in faultstring(body)


async def test_inventory_sub_collections():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await api.get("sysinv", "/v1/ihosts/controller-0/ethernet_ports")
        ports = body["ethernet_ports"]
        assert status == 200 and [p["name"] for p in ports] == ["enp0s3", "enp0s8", "enp0s9", "enp0s10"]
        assert all(p["host_uuid"] == host_record(emu, "controller-0")["uuid"] for p in ports)
        assert ports[0]["interface_uuid"]  # the ethernet interface the inventory created for the port
        status, one = await api.get("sysinv", "/v1/ethernet_ports/%s" % ports[1]["uuid"])
        assert status == 200 and one["mac"] == ports[1]["mac"] and "bootif" in one
        status, body = await api.get("sysinv", "/v1/ihosts/1/idisks")
        assert [d["device_node"] for d in body["idisks"]] == ["/dev/sda", "/dev/sdb"]
        assert body["idisks"][0]["capabilities"]["stor_function"] == "rootfs"
        status, body = await api.get("sysinv", "/v1/ethernet_ports")
        assert len(body["ethernet_ports"]) == 4
        status, body = await api.get("sysinv", "/v1/ihosts/nope/idisks")
        assert status == 404


# -- PATCH rules ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("patch,message", [
    (replace(action="dance"), "'dance' is not a supported maintenance action"),
    (replace(mgmt_mac="08:00:27:00:00:01"), "Change ['mgmt_mac'] contains restricted {'mgmt_mac'}."),
    (replace(invprovision="unprovisioned"), "Change ['invprovision'] contains restricted {'invprovision'}."),
    (replace(administrative="locked"), "Change ['administrative'] contains restricted {'administrative'}."),
    (replace(vim_progress_status="x"),
     "Change ['vim_progress_status'] contains restricted {'vim_progress_status'}."),
    (replace(foo="bar"), "Patching Error: can't replace a non-existent object 'foo'"),
    (replace(clock_synchronization="gps"),
     "Host update failed: clock_synchronization: invalid choice: 'gps', choose from ['ntp', 'ptp']"),
    (replace(hostname="controller-9"), "The following fields can not be modified because this host controller-1 "
                                       "has been configured: hostname, personality, subfunctions"),
    (replace(capabilities="{'Personality': 'Controller-Active'}"),
     "Setting capability not allowed: name=Personality, value=Controller-Active. "),
    ([{"op": "move", "path": "/action", "value": "lock"}], "Operation not supported: move"),
    ([{"op": "add", "path": "/action", "value": "lock"}],
     "Adding an additional attribute (/action) to the resource is not allowed"),
    ([{"path": "/action"}], "Invalid patch format: {'path': '/action'}"),
])
async def test_patch_rules(patch, message):
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        before = await show(api, "controller-1")
        status, body = await api.patch("sysinv", "/v1/ihosts/controller-1", json=patch)
        assert status == 400 and faultstring(body) == message
        after = await show(api, "controller-1")
        assert after["updated_at"] == before["updated_at"]


async def test_mtce_and_vim_user_agents_may_write_their_fields():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, body = await api.patch("sysinv", "/v1/ihosts/controller-1", json=replace(task="Testing"),
                                       headers={"User-Agent": "mtce/1.0"})
        assert status == 200 and body["task"] == "Testing"
        status, body = await api.patch("sysinv", "/v1/ihosts/controller-1",
                                       json=replace(vim_progress_status="services-enabled"),
                                       headers={"User-Agent": "vim/1.0"})
        assert status == 200 and body["vim_progress_status"] == "services-enabled"
        status, body = await api.patch("sysinv", "/v1/ihosts/controller-1", json=replace(task="x"),
                                       headers={"User-Agent": "vim/1.0"})
        assert status == 400 and "contains restricted {'task'}" in faultstring(body)


async def test_location_and_ttys_dcd_are_plain_updates():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await api.patch("sysinv", "/v1/ihosts/controller-0",
                                       json=replace(location="{'locn': 'lab 3'}", ttys_dcd="true"))
        assert status == 200 and body["location"] == {"locn": "lab 3"} and body["ttys_dcd"] is True


# -- lock / unlock --------------------------------------------------------------------------------------------
async def test_lock_then_unlock_progress_through_the_real_states():
    async with InProcessEmulator(topology="aio-dx", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        status, body = await action(api, "controller-1", "lock")
        assert status == 200
        assert (body["action"], body["task"], body["ihost_action"]) == ("none", "Locking", "lock")
        assert state(body) == ("unlocked", "enabled", "available")
        clock.advance(14)
        assert state(await show(api, "controller-1")) == ("unlocked", "enabled", "available")
        clock.advance(1)
        body = await show(api, "controller-1")
        assert state(body) == ("locked", "disabled", "online") and body["task"] == ""
        assert body["vim_progress_status"] == "services-disabled" and body["subfunction_oper"] == "disabled"

        status, body = await action(api, "controller-1", "unlock")
        assert status == 200 and body["task"] == "Unlocking" and body["ihost_action"] == "unlock"
        seen = []
        for step in (10, 150, 150, 90):
            clock.advance(step)
            body = await show(api, "controller-1")
            seen.append(state(body) + (body["task"],))
        assert seen == [("unlocked", "disabled", "offline", "Rebooting"),
                        ("unlocked", "disabled", "offline", "Booting"),
                        ("unlocked", "disabled", "intest", "Testing"),
                        ("unlocked", "enabled", "available", "")]
        assert body["vim_progress_status"] == "services-enabled" and body["ihost_action"] == ""
        assert body["config_applied"] == body["config_target"] and body["config_status"] is None


async def test_lock_preconditions():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, body = await action(api, "controller-0", "lock")
        assert status == 400 and faultstring(body) == "controller-0 : Rejected: Can not lock an active controller."
        status, body = await action(api, "controller-0", "force-lock")
        assert status == 400 and "Can not lock an active controller" in faultstring(body)
        await action(api, "controller-1", "lock")
        await api.flush()
        status, body = await action(api, "controller-1", "lock")
        assert status == 400 and faultstring(body) == "Avoiding lock action on already 'locked' host controller-1"


async def test_simplex_controller_can_be_locked_and_unlock_reboots_it():
    async with InProcessEmulator(topology="aio-sx", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        status, body = await action(api, "controller-0", "lock")
        assert status == 200
        clock.advance(15)
        assert state(await show(api, "controller-0")) == ("locked", "disabled", "online")
        await action(api, "controller-0", "unlock")
        clock.advance(10)
        body = await show(api, "controller-0")
        assert state(body) == ("unlocked", "disabled", "offline") and body["task"] == "Rebooting"
        clock.advance(400)
        assert state(await show(api, "controller-0")) == ("unlocked", "enabled", "available")


async def test_force_lock_resets_the_host():
    async with InProcessEmulator(topology="standard", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        status, body = await action(api, "worker-0", "force-lock")
        assert status == 200 and body["task"] == "Force Locking" and body["ihost_action"] == "force-lock"
        clock.advance(5)
        assert state(await show(api, "worker-0")) == ("locked", "disabled", "offline")
        status, body = await action(api, "worker-0", "unlock")  # still rebooting from the reset
        assert status == 400 and faultstring(body) == ("Host worker-0 is not online. Wait for 'online' availability "
                                                       "status and then 'unlock'")
        clock.advance(150)
        assert state(await show(api, "worker-0")) == ("locked", "disabled", "online")


async def test_unlock_rejections():
    async with InProcessEmulator(topology="aio-dx", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        status, body = await action(api, "controller-0", "unlock")
        assert status == 400 and faultstring(body) == ("Avoiding 'unlock' action on already 'unlocked' host "
                                                       "controller-0")
        await action(api, "controller-1", "lock")
        status, body = await action(api, "controller-1", "unlock")  # lock still in progress
        assert status == 400 and faultstring(body) == "Host unlock rejected due to in progress action lock"
        clock.advance(15)
        # apps being applied block an unlock
        app = emu.scope().first("app", name="platform-integ-apps")
        app["status"] = "applying"
        emu.scope().save("app", app)
        emu.store.commit()
        status, body = await action(api, "controller-1", "unlock")
        assert status == 400 and faultstring(body) == (
            "Rejected: Can not unlock host controller-1 while an application is being applied, updated, recovered "
            "or removed. Please try again later.")
        status, body = await action(api, "controller-1", "force-unlock")  # force skips the app check
        assert status == 200 and body["task"] == "Unlocking"
        host = await show(api, "controller-1")
        assert host["ihost_action"] == "unlock"


async def test_unlock_interface_checks_on_a_fresh_duplex_controller():
    async with InProcessEmulator(topology="aio-dx", fresh=True) as (emu, api):
        from hosts_env import bootstrap

        status, body = await bootstrap(api, {"system_mode": "duplex"})
        assert status == 200, body
        await api.login()
        status, body = await action(api, "controller-0", "unlock")
        assert status == 400 and faultstring(body) == ("Can not unlock a controller host without an oam interface. "
                                                       "Add an oam interface before re-attempting this command.")
        # OAM on enp0s3 through the API, as the install guide does
        status, ifaces = await api.get("sysinv", "/v1/ihosts/controller-0/iinterfaces")
        oam_if = [i for i in ifaces["iinterfaces"] if i["ifname"] == "enp0s3"][0]
        status, nets = await api.get("sysinv", "/v1/networks")
        oam_net = [n for n in nets["networks"] if n["type"] == "oam"][0]
        status, body = await api.patch("sysinv", "/v1/iinterfaces/%s" % oam_if["uuid"],
                                       json=replace(ifclass="platform"))
        assert status == 200, body
        status, body = await api.post("sysinv", "/v1/interface_networks",
                                      json={"interface_uuid": oam_if["uuid"], "network_uuid": oam_net["uuid"]})
        assert status == 200, body
        # mgmt and cluster-host are still on lo: a virtual interface is only good enough for AIO-SX
        status, body = await action(api, "controller-0", "unlock")
        assert status == 400 and faultstring(body) == ("Cannot unlock host controller-0 when management interface "
                                                       "is configured on a virtual interface.")
        status, links = await api.get("sysinv", "/v1/ihosts/controller-0/interface_networks")
        for link in links["interface_networks"]:
            if link["ifname"] == "lo" and link["network_type"] == "mgmt":
                await api.delete("sysinv", "/v1/interface_networks/%s" % link["uuid"])
        status, body = await action(api, "controller-0", "unlock")
        assert status == 400 and faultstring(body) == ("Cannot unlock host controller-0 without configuring a "
                                                       "management interface.")


async def test_unlock_of_unprovisioned_and_uninventoried_hosts():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        scope = emu.scope()
        host = hosts.new_host_record(emu, scope, {"mgmt_mac": "08:00:27:99:99:99", "availability": "online",
                                                  "invprovision": "unprovisioned"})
        emu.store.commit()
        status, body = await action(api, host["uuid"], "unlock")
        assert status == 400 and faultstring(body) == ("Can not unlock an unprovisioned host %s. Please perform "
                                                       "'Edit Host' to provision host." % host["uuid"])
        host.update(hostname="worker-9", personality="worker", subfunctions="worker")
        scope.save("ihost", host)
        emu.store.commit()
        status, body = await action(api, "worker-9", "unlock")
        assert status == 400 and faultstring(body) == (
            "Can not unlock host worker-9 that has not yet been inventoried. Please wait for host to complete "
            "initial inventory prior to unlock.")


async def test_failed_enable_fault_and_python_interface():
    async with InProcessEmulator(topology="aio-dx", fresh=False,
                                 faults=["fail:point=sysinv.host.unlock,host=controller-1"]) as (emu, api):
        scope = emu.scope()
        host = hosts.lock(emu, scope, hosts.find_host(scope, "controller-1"))
        assert host["task"] == "Locking"
        emu.store.commit()
        await api.flush()
        with pytest.raises(ApiError) as exc:
            hosts.lock(emu, scope, hosts.find_host(scope, "controller-1"))
        assert exc.value.message == "Avoiding lock action on already 'locked' host controller-1"
        emu.store.rollback()
        hosts.unlock(emu, scope, hosts.find_host(scope, "controller-1"))
        emu.store.commit()
        await api.flush()
        body = await show(api, "controller-1")
        assert state(body) == ("unlocked", "disabled", "failed")
        assert body["task"] == "Configuration Failed, threshold reached, Lock/Unlock to retry"
        assert hosts.active_controller(scope)["hostname"] == "controller-0" and not hosts.is_simplex(scope)
        assert hosts.system(scope)["system_mode"] == "duplex"
        assert hosts.host_view(host, scope)["hostname"] == "controller-1"


# -- swact ----------------------------------------------------------------------------------------------------
async def test_swact_flips_the_active_controller():
    async with InProcessEmulator(topology="aio-dx", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        status, body = await action(api, "controller-0", "swact")
        assert status == 200 and body["task"] == "Swacting"
        clock.advance(89)
        assert (await show(api, "controller-0"))["capabilities"]["Personality"] == "Controller-Active"
        clock.advance(1)
        c0, c1 = await show(api, "controller-0"), await show(api, "controller-1")
        assert c0["capabilities"]["Personality"] == "Controller-Standby" and c0["task"] == ""
        assert c1["capabilities"]["Personality"] == "Controller-Active"
        assert hosts.active_controller(emu.scope())["hostname"] == "controller-1"
        # controller-0 is now the one that can be locked
        status, body = await action(api, "controller-1", "lock")
        assert status == 400 and "Can not lock an active controller" in faultstring(body)
        status, body = await action(api, "controller-0", "lock")
        assert status == 200


async def test_swact_rejections():
    async with InProcessEmulator(topology="standard", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        status, body = await action(api, "worker-0", "swact")
        assert status == 400 and faultstring(body) == "Swact action not allowed for non controller host worker-0."
        status, body = await action(api, "controller-1", "swact")
        assert status == 400 and "controller-1 is not the active controller" in faultstring(body)
        await action(api, "controller-1", "lock")
        status, body = await action(api, "controller-0", "swact")
        assert status == 400 and faultstring(body) == ("controller-1 is currently being locked. Cannot Swact to a "
                                                       "controller with an in-progress lock operation.")
        clock.advance(15)
        status, body = await action(api, "controller-0", "swact")
        assert status == 400 and faultstring(body) == ("controller-1 is not enabled and has operational state "
                                                       "disabled.Standby controller must be  operationally enabled.")
        status, body = await action(api, "controller-1", "swact")
        assert status == 400 and faultstring(body) == "Controller is Locked ; No services to Swact"


async def test_swact_not_allowed_on_simplex():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await action(api, "controller-0", "swact")
        assert status == 400 and faultstring(body) == "Swact action not allowed for a simplex system."


# -- reboot, reinstall, reset, power ---------------------------------------------------------------------------
async def test_reboot_and_reinstall_need_a_locked_host():
    async with InProcessEmulator(topology="standard", fresh=False, time_scale=1.0) as (emu, api):
        clock = FakeClock(emu)
        for verb, message in (("reboot", "Can not 'Reboot' an 'unlocked' host worker-0; Please 'Lock' first"),
                              ("reinstall", "Can not 'Reinstall' an 'unlocked' host worker-0; Please 'Lock' first"),
                              ("reset", "Can not 'Reset' an 'unlocked' host worker-0; Please 'Lock' first"),
                              ("power-off", "Can not 'Power-Off' an 'unlocked' host worker-0; Please 'Lock' first"),
                              ("power-on", "Can not 'Power-On' an already Powered-on and 'unlocked' host worker-0")):
            status, body = await action(api, "worker-0", verb)
            assert status == 400 and faultstring(body) == message, verb
        await action(api, "worker-0", "lock")
        clock.advance(15)
        status, body = await action(api, "worker-0", "reboot")
        assert status == 200 and body["task"] == "Rebooting"
        clock.advance(5)
        assert state(await show(api, "worker-0")) == ("locked", "disabled", "offline")
        clock.advance(210)
        body = await show(api, "worker-0")
        assert state(body) == ("locked", "disabled", "online") and body["task"] == ""

        record = host_record(emu, "worker-0")
        record["capabilities"] = {"mgmt_ipsec": "enabled"}
        emu.scope().save("ihost", record)
        emu.store.commit()
        status, body = await action(api, "worker-0", "reinstall")
        assert status == 200 and body["task"] == "Reinstalling" and "mgmt_ipsec" not in body["capabilities"]
        installs = []
        for step in (5, 60, 240, 240, 60, 120):
            clock.advance(step)
            body = await show(api, "worker-0")
            installs.append((body["availability"], body["install_state"]))
        assert installs == [("offline", None), ("offline", "preinstall"), ("offline", "installing"),
                            ("offline", "postinstall"), ("offline", "booting"), ("online", "completed")]
        assert body["inv_state"] == "inventoried" and body["task"] == ""


async def test_simplex_refuses_reboot_and_reinstall():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        await action(api, "controller-0", "lock")
        await api.flush()
        for verb, message in (("reboot", "Rebooting a simplex system is not allowed."),
                              ("reinstall", "Reinstalling a simplex system is not allowed."),
                              ("reset", "Can not 'Reset' a simplex system"),
                              ("power-off", "Can not 'Power-Off' a simplex system via system commands")):
            status, body = await action(api, "controller-0", verb)
            assert status == 400 and faultstring(body) == message, verb


async def test_power_off_and_on():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        await action(api, "worker-1", "lock")
        await api.flush()
        status, body = await action(api, "worker-1", "power-off")
        assert status == 200 and body["task"] == "Powering-off"
        await api.flush()
        assert (await show(api, "worker-1"))["availability"] == "power-off"
        status, body = await action(api, "worker-1", "unlock")
        assert status == 400 and faultstring(body).startswith("Can not 'Unlock a Powered-Off' host worker-1")
        await action(api, "worker-1", "power-on")
        await api.flush()
        assert (await show(api, "worker-1"))["availability"] == "online"


async def test_lock_and_swact_fail_faults():
    async with InProcessEmulator(topology="aio-dx", fresh=False,
                                 faults=["fail:point=sysinv.host.lock,host=controller-1",
                                         "fail:point=sysinv.host.swact,host=controller-0,count=1"]) as (emu, api):
        await action(api, "controller-1", "lock")
        await api.flush()
        body = await show(api, "controller-1")
        assert state(body) == ("unlocked", "enabled", "available")
        assert (body["task"], body["ihost_action"], body["vim_progress_status"]) == (
            "", "", "services-disable-failed")
        status, body = await action(api, "controller-0", "swact")
        assert status == 200
        await api.flush()
        assert (await show(api, "controller-0"))["capabilities"]["Personality"] == "Controller-Active"
        await action(api, "controller-0", "swact")  # the fault fired once
        await api.flush()
        assert (await show(api, "controller-0"))["capabilities"]["Personality"] == "Controller-Standby"


async def test_subfunction_config_and_vim_services_actions():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        status, body = await action(api, "worker-0", "subfunction_config")
        assert status == 400 and faultstring(body) == "This host is not configured with a subfunction."
        status, body = await action(api, "worker-0", "services-disabled")
        assert status == 200 and body["vim_progress_status"] == "services-disabled"


async def test_mgmt_ip_lookup_by_mac():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        worker = await show(api, "worker-0")
        status, body = await api.get("sysinv", "/v1/ihosts/%s/mgmt_ip" % worker["mgmt_mac"])
        assert status == 200 and body["hostname"] == "worker-0" and body["address"] == worker["mgmt_ip"]
        assert body["subnet"] == "192.168.204.0/24" and body["floating"] == "192.168.204.1"
        status, body = await api.get("sysinv", "/v1/ihosts/not-a-mac/mgmt_ip")
        assert status == 200 and body == 0
