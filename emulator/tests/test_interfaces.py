"""sysinv iinterfaces: views, POST (vlan, ae, virtual), PATCH, DELETE and their rules (sysinv.md §7.1;
v1/interface.py _create, _check, _check_interface_data, patch, _delete)."""

from net_env import deployed, faultstring, get_ok, interfaces, lock, patch_interface, replace


def _vlan(host_uuid, **extra):
    body = {"ifname": "vlan100", "iftype": "vlan", "ifclass": "platform", "vlan_id": "100", "uses": ["enp0s9"],
            "ports": None, "ihost_uuid": host_uuid}
    body.update(extra)
    return body


def _ae(host_uuid, **extra):
    body = {"ifname": "bond0", "iftype": "ae", "ifclass": "platform", "aemode": "active_standby",
            "uses": ["enp0s9", "enp0s10"], "ports": None, "ihost_uuid": host_uuid}
    body.update(extra)
    return body


async def _post(api, body):
    return await api.post("sysinv", "/v1/iinterfaces", json=body)


async def _host_uuid(api, hostname="controller-0"):
    return (await get_ok(api, "/v1/ihosts/%s" % hostname))["uuid"]


async def test_views():
    async with deployed("aio-sx") as (emu, api):
        ifaces = await interfaces(api, "controller-0")
        assert set(ifaces) == {"enp0s3", "enp0s8", "enp0s9", "enp0s10", "lo"}
        enp0s3, enp0s9, lo = ifaces["enp0s3"], ifaces["enp0s9"], ifaces["lo"]
        assert (enp0s3["iftype"], enp0s3["ifclass"], enp0s3["ipv4_mode"]) == ("ethernet", "platform", "static")
        assert (lo["iftype"], lo["imac"], lo["imtu"]) == ("virtual", "00:00:00:00:00:00", 1500)
        assert enp0s9["ifclass"] is None and "ipv4_mode" not in enp0s9  # address modes hidden without a class
        assert "networktypelist" not in enp0s3 and "ports" not in enp0s3 and "links" in enp0s3
        shown = await get_ok(api, "/v1/iinterfaces/%s" % enp0s3["uuid"])
        assert shown["ports"][0]["href"].endswith("/v1/iinterfaces/%s/ports" % enp0s3["uuid"])
        assert shown["ifcapabilities"] is None or isinstance(shown["ifcapabilities"], dict)
        ports = (await get_ok(api, "/v1/iinterfaces/%s/ports" % enp0s3["uuid"]))["ports"]
        assert [p["name"] for p in ports] == ["enp0s3"] and ports[0]["interface_uuid"] == enp0s3["uuid"]
        assert len((await get_ok(api, "/v1/iinterfaces"))["iinterfaces"]) == 5
        status, body = await api.get("sysinv", "/v1/ihosts/nosuchhost/iinterfaces")
        assert (status, faultstring(body)) == (400, "Invalid ihost nosuchhost")
        missing = "11111111-2222-3333-4444-555555555555"
        status, body = await api.get("sysinv", "/v1/iinterfaces/%s" % missing)
        assert (status, faultstring(body)) == (400, "No entry found for interface %s" % missing)


async def test_create_needs_a_locked_host():
    async with deployed("aio-sx") as (emu, api):
        status, body = await _post(api, _vlan(await _host_uuid(api)))
        assert (status, faultstring(body)) == (400, "Host must be locked.")
        status, body = await api.post("sysinv", "/v1/ihosts/controller-0/iinterfaces", json=_vlan("x"))
        assert (status, faultstring(body)) == (403, "Operation not permitted.")


async def test_vlan_interface():
    async with deployed("aio-sx") as (emu, api):
        host_uuid = await _host_uuid(api)
        await lock(api, "controller-0")
        status, vlan = await _post(api, _vlan(host_uuid))
        assert status == 200, vlan
        ifaces = await interfaces(api, "controller-0")
        assert (vlan["vlan_id"], vlan["uses"], vlan["imtu"]) == (100, ["enp0s9"], 1500)
        assert vlan["imac"] == ifaces["enp0s9"]["imac"]
        assert ifaces["enp0s9"]["used_by"] == ["vlan100"]
        cases = [
            (_vlan(host_uuid, ifname="vlan200", vlan_id="200", imtu="9000"),
             "Interface MTU (9000) cannot be larger than MTU of underlying interface (1500)"),
            (_vlan(host_uuid, ifname="vlan200", vlan_id=None), "VLAN id must be specified."),
            (_vlan(host_uuid, ifname="vlan200", vlan_id="5000"), "VLAN id must be between 1 and 4094."),
            (_vlan(host_uuid, ifname="vlan101", uses=["enp0s10"]),
             "VLAN id 100 already in use on another platform interface"),
            (_vlan(host_uuid, ifname="vlan300", vlan_id="300", uses=["vlan100"]),
             "VLAN interfaces cannot be created over existing VLAN interfaces"),
            (_vlan(host_uuid, ifname="vlan100", vlan_id="300"), "Interface Name vlan100 must be unique."),
            (_vlan(host_uuid, ifname="VLAN300", vlan_id="300"), "Interface name must be in lower case."),
            (_vlan(host_uuid, ifname="averyveryverylongname", vlan_id="300"),
             "Interface averyveryverylongname has name length greater than 15."),
            (_vlan(host_uuid, ifname="vlan@300", vlan_id="300"), "Cannot use special characters in vlan interface "
                                                                 "name."),
            (_vlan(host_uuid, ifname="vlan300", vlan_id="300", uses=["eth99"]), "No entry found for interface eth99"),
            (_vlan(host_uuid, ifname="vlan300", vlan_id="300", imtu="100"), "MTU must be between 576 and 9216 "
                                                                            "bytes."),
        ]
        for body, message in cases:
            status, answer = await _post(api, body)
            assert (status, faultstring(answer)) == (400, message), body
        status, answer = await _post(api, _vlan(host_uuid, iftype="tunnel", ifname="tun0", vlan_id=None,
                                                uses=["enp0s10"]))
        assert (status, faultstring(answer)) == (400, "Device interface type must be one of ae, vlan, ethernet, "
                                                      "virtual, vf")


async def test_ae_interface_members_and_mtu():
    async with deployed("aio-sx") as (emu, api):
        host_uuid = await _host_uuid(api)
        await lock(api, "controller-0")
        status, body = await _post(api, _ae(host_uuid, aemode="balanced"))
        assert (status, faultstring(body)) == (400, "Device interface with 'aggregated ethernet' interface type in "
                                                    "'balanced' or '802.3ad' mode require a valid Tx Hash Policy.")
        status, body = await _post(api, _ae(host_uuid, txhashpolicy="layer2"))
        assert (status, faultstring(body)) == (400, "Device interface with interface type 'aggregated ethernet' in "
                                                    "'active_standby' mode should not specify a Tx Hash Policy.")
        status, body = await _post(api, _ae(host_uuid, ifclass="none"))
        assert (status, faultstring(body)) == (400, "Device interface class with interface type 'aggregated "
                                                    "ethernet' must be 'platform' or 'data' ")
        status, body = await _post(api, _ae(host_uuid, aemode="roundrobin"))
        assert (status, faultstring(body)) == (400, "Invalid aggregated ethernet mode 'roundrobin' ")
        status, body = await _post(api, _ae(host_uuid, uses=["enp0s3", "enp0s9"]))
        assert (status, faultstring(body)) == (400, "All interfaces being used in an 'aggregated ethernet' interface "
                                                    "must have the interface class set to 'none' or 'pci-sriov'.")
        status, bond = await _post(api, _ae(host_uuid, aemode="802.3ad", txhashpolicy="layer2", imtu="9000"))
        assert status == 200, bond
        assert (bond["aemode"], bond["txhashpolicy"], bond["uses"]) == ("802.3ad", "layer2", ["enp0s9", "enp0s10"])
        ifaces = await interfaces(api, "controller-0")
        assert ifaces["enp0s9"]["imtu"] == 9000 and ifaces["enp0s10"]["imtu"] == 9000
        assert ifaces["enp0s9"]["used_by"] == ["bond0"]
        status, body = await _post(api, _ae(host_uuid, ifname="bond1", uses=["enp0s9"]))
        assert (status, faultstring(body)) == (400, "Interface 'enp0s9' is already used by another 'aggregated "
                                                    "ethernet' interface 'bond0'")
        # a member cannot take a class while in the bond
        status, body = await patch_interface(api, ifaces["enp0s9"]["uuid"], ifclass="platform")
        assert (status, faultstring(body)) == (400, "Interface 'enp0s9' is being used by interface 'bond0' as an "
                                                    "'aggregated ethernet' interface and therefore the interface class "
                                                    "cannot be changed from 'none' or 'pci-sriov'.")
        status, vlan = await _post(api, _vlan(host_uuid, uses=["bond0"], imtu="9000"))
        assert status == 200, vlan
        status, body = await api.delete("sysinv", "/v1/iinterfaces/%s" % bond["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot delete interface bond0, still in use by vlan100")
        assert (await api.delete("sysinv", "/v1/iinterfaces/%s" % vlan["uuid"]))[0] == 204
        assert (await api.delete("sysinv", "/v1/iinterfaces/%s" % bond["uuid"]))[0] == 204
        ifaces = await interfaces(api, "controller-0")
        assert ifaces["enp0s9"]["imtu"] == 1500 and ifaces["enp0s9"]["used_by"] == []


async def test_ae_mtu_patch_reaches_members_and_vlan_mtu_bounds():
    async with deployed("aio-sx") as (emu, api):
        host_uuid = await _host_uuid(api)
        await lock(api, "controller-0")
        status, bond = await _post(api, _ae(host_uuid))
        status, vlan = await _post(api, _vlan(host_uuid, uses=["bond0"]))
        status, body = await patch_interface(api, bond["uuid"], imtu="9000")
        assert status == 200, body
        assert (await interfaces(api, "controller-0"))["enp0s10"]["imtu"] == 9000
        status, body = await patch_interface(api, vlan["uuid"], imtu="9216")
        assert (status, faultstring(body)) == (400, "Interface MTU (9216) cannot be larger than MTU of underlying "
                                                    "interface (9000)")
        status, body = await patch_interface(api, vlan["uuid"], imtu="9000")
        assert status == 200, body
        status, body = await patch_interface(api, bond["uuid"], imtu="1500")
        assert (status, faultstring(body)) == (400, "Interface MTU (1500) cannot be smaller than the interface MTU "
                                                    "(9000) using this interface")


async def test_virtual_interface_and_system_interfaces_cannot_be_deleted():
    async with deployed("aio-sx") as (emu, api):
        await lock(api, "controller-0")
        ifaces = await interfaces(api, "controller-0")
        status, body = await api.delete("sysinv", "/v1/iinterfaces/%s" % ifaces["enp0s9"]["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot delete a system created ethernet interface")
        status, body = await api.delete("sysinv", "/v1/iinterfaces/%s" % ifaces["lo"]["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot delete a virtual management interface.")
        status, body = await _post(api, {"ifname": "lo2", "iftype": "virtual", "ifclass": "platform", "imtu": "1500",
                                         "ports": [], "uses": None, "ihost_uuid": await _host_uuid(api)})
        assert status == 200 and body["imac"] == "00:00:00:00:00:00", body
        assert (await api.delete("sysinv", "/v1/iinterfaces/%s" % body["uuid"]))[0] == 204


async def test_patch_rules_and_check_order():
    async with deployed("aio-sx") as (emu, api):
        enp0s9 = (await interfaces(api, "controller-0"))["enp0s9"]
        # the MTU is validated before the lock check; a non-number is an unguarded int() (500)
        status, body = await patch_interface(api, enp0s9["uuid"], imtu="100")
        assert (status, faultstring(body)) == (400, "MTU must be between 576 and 9216 bytes.")
        status, body = await patch_interface(api, enp0s9["uuid"], imtu="abc")
        assert (status, faultstring(body)) == (500, "invalid literal for int() with base 10: 'abc'")
        status, body = await patch_interface(api, enp0s9["uuid"], imtu="9000")
        assert (status, faultstring(body)) == (400, "Host must be locked.")
        await lock(api, "controller-0")
        status, body = await patch_interface(api, enp0s9["uuid"], imtu="9000", ifclass="platform")
        assert status == 200, body
        assert (body["imtu"], body["ifclass"]) == (9000, "platform")
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="bogus")
        assert (status, faultstring(body)) == (400, "Invalid interface class bogus")
        status, body = await patch_interface(api, enp0s9["uuid"], ifname="enp0s10")
        assert (status, faultstring(body)) == (400, "Interface name cannot be 'enp0s10'. Port name can be used as "
                                                    "interface name only if the interface uses that port. ")
        status, body = await patch_interface(api, enp0s9["uuid"], ifname="data0")
        assert status == 200 and body["ifname"] == "data0"
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="pci-sriov", sriov_numvfs="4")
        assert (status, faultstring(body)) == (400, "SR-IOV can't be configured on this interface")
        status, body = await patch_interface(api, enp0s9["uuid"], sriov_numvfs="4")
        assert (status, faultstring(body)) == (400, "Number of SR-IOV VFs is specified but interface class is not "
                                                    "pci-sriov.")
        status, body = await patch_interface(api, enp0s9["uuid"], ptp_role="boss")
        assert (status, faultstring(body)) == (400, "Interface ptp_role must be one of master, slave, none")
        status, body = await api.patch("sysinv", "/v1/iinterfaces/%s" % enp0s9["uuid"],
                                       json=[{"op": "replace", "path": "/colour", "value": "red"}])
        assert status == 400 and faultstring(body).endswith("Reason: can't replace a non-existent object 'colour'")
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="none")
        assert status == 200 and body["ifclass"] is None


async def test_data_class_and_address_modes():
    async with deployed("standard") as (emu, api):
        await lock(api, "controller-1")
        enp0s9 = (await interfaces(api, "controller-1"))["enp0s9"]
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="data")
        assert (status, faultstring(body)) == (400, "The data interface class is only supported on nodes supporting "
                                                    "worker functions")
        await lock(api, "worker-0")
        enp0s9 = (await interfaces(api, "worker-0"))["enp0s9"]
        status, body = await patch_interface(api, enp0s9["uuid"], ifclass="data")
        assert status == 200, body
        assert (body["ipv4_mode"], body["ipv6_mode"]) == ("disabled", "disabled")
        status, body = await patch_interface(api, enp0s9["uuid"], ipv4_mode="pool")
        assert (status, faultstring(body)) == (409, "IPv4 address pool name not specified")
        # PATCH drops a pool whose mode is not 'pool' before checking; POST refuses it
        status, body = await patch_interface(api, enp0s9["uuid"], ipv4_pool="management-ipv4")
        assert status == 200 and "ipv4_pool" not in body, body
        worker_uuid = (await get_ok(api, "/v1/ihosts/worker-0"))["uuid"]
        status, body = await _post(api, _vlan(worker_uuid, ifclass="data", ipv4_pool="management-ipv4"))
        assert (status, faultstring(body)) == (409, "Specifying an IPv4 address pool requires setting the address "
                                                    "mode to 'pool'")
        status, body = await patch_interface(api, enp0s9["uuid"], ipv4_mode="sometimes")
        assert (status, faultstring(body)) == (500, "Unsupported IPv4 address mode sometimes")


async def test_rate_limits():
    async with deployed("aio-sx") as (emu, api):
        ifaces = await interfaces(api, "controller-0")
        enp0s3 = ifaces["enp0s3"]  # platform ethernet carrying oam
        before = (await get_ok(api, "/v1/ihosts/controller-0"))["config_target"]
        # rate limits alone are a runtime change: no lock needed
        status, body = await patch_interface(api, enp0s3["uuid"], max_tx_rate="100", max_rx_rate="200")
        assert status == 200, body
        assert (body["max_tx_rate"], body["max_rx_rate"]) == (100, 200)
        host = await get_ok(api, "/v1/ihosts/controller-0")
        assert host["config_target"] != before and host["config_status"] is None  # runtime manifest applied
        # anything else in the same patch needs the lock
        status, body = await patch_interface(api, enp0s3["uuid"], max_tx_rate="100", imtu="1400")
        assert (status, faultstring(body)) == (400, "Host must be locked.")
        status, body = await patch_interface(api, enp0s3["uuid"], max_tx_rate="-1")
        assert (status, faultstring(body)) == (400, "max_tx_rate must be an non-negative integer value.")
        status, body = await patch_interface(api, enp0s3["uuid"], max_rx_rate="fast")
        assert (status, faultstring(body)) == (400, "Invalid input for field/attribute max_rx_rate. Value: 'fast'. "
                                                    "Wrong type. Expected '<class 'int'>', got '<class 'str'>'")
        # lo is virtual: not a runtime rate-limit patch, and not allowed once locked
        status, body = await patch_interface(api, ifaces["lo"]["uuid"], max_tx_rate="100")
        assert (status, faultstring(body)) == (400, "Host must be locked.")
        await lock(api, "controller-0")
        status, body = await patch_interface(api, ifaces["lo"]["uuid"], max_tx_rate="100")
        assert (status, faultstring(body)) == (400, "max_tx_rate/max_rx_rate modification not allowed for the "
                                                    "provided interface class platform and interface type virtual")


async def test_rate_limits_refused_on_internal_networks_and_on_mgmt_without_dc_role():
    async with deployed("aio-dx") as (emu, api):
        ifaces = await interfaces(api, "controller-0")
        status, body = await patch_interface(api, ifaces["enp0s8"]["uuid"], max_tx_rate="100")  # mgmt+cluster-host
        assert (status, faultstring(body)) == (400, "Rate limit is not allowed for internal network types ['pxeboot', "
                                                    "'cluster-host', 'cluster-pod', 'cluster-service']")
        links = (await get_ok(api, "/v1/ihosts/controller-0/interface_networks"))["interface_networks"]
        cluster = [link for link in links if link["network_type"] == "cluster-host"][0]
        assert (await api.delete("sysinv", "/v1/interface_networks/%s" % cluster["uuid"]))[0] == 204
        status, body = await patch_interface(api, ifaces["enp0s8"]["uuid"], max_tx_rate="100")
        assert (status, faultstring(body)) == (400, "Rate limit for mgmt interfaces is only allowed for DC setups")
        from net_env import edit_system

        edit_system(emu, distributed_cloud_role="subcloud")
        status, body = await patch_interface(api, ifaces["enp0s8"]["uuid"], max_tx_rate="100")
        assert status == 200 and body["max_tx_rate"] == 100


async def test_patch_body_must_be_a_json_patch_list():
    async with deployed("aio-sx") as (emu, api):
        enp0s3 = (await interfaces(api, "controller-0"))["enp0s3"]
        path = "/v1/iinterfaces/%s" % enp0s3["uuid"]
        status, body = await api.patch("sysinv", path, json=[{"op": "move", "path": "/imtu", "value": "1"}])
        assert (status, faultstring(body)) == (400, "Invalid input for field/attribute op. Value: 'move'. Value should "
                                                    "be one of: add, replace, remove")
        status, body = await api.patch("sysinv", path, json=[{"op": "remove", "path": "/ihost_uuid"}])
        assert (status, faultstring(body)) == (400, "'/ihost_uuid' is a mandatory attribute and can not be removed")
        assert replace(a="1") == [{"op": "replace", "path": "/a", "value": "1"}]


async def test_ae_members_change_with_usesmodify():
    async with deployed("aio-sx") as (emu, api):
        host_uuid = await _host_uuid(api)
        await lock(api, "controller-0")
        status, bond = await _post(api, _ae(host_uuid, uses=["enp0s9"], imtu="9000"))
        assert status == 200, bond
        status, body = await patch_interface(api, bond["uuid"], usesmodify="enp0s10")
        assert status == 200, body
        assert body["uses"] == ["enp0s10"]
        ifaces = await interfaces(api, "controller-0")
        # the new member takes the bond's MTU, the removed one gets the default back
        assert (ifaces["enp0s10"]["imtu"], ifaces["enp0s10"]["used_by"]) == (9000, ["bond0"])
        assert (ifaces["enp0s9"]["imtu"], ifaces["enp0s9"]["used_by"]) == (1500, [])
        assert body["imac"] == ifaces["enp0s10"]["imac"]


async def test_interface_on_the_admin_network_cannot_be_deleted_while_its_pool_exists_on_duplex():
    from net_env import add_network, add_pool, assign

    async with deployed("aio-dx") as (emu, api):
        status, admin_pool = await add_pool(api, name="admin-ipv4", network="10.40.0.0", prefix="24",
                                            gateway_address="10.40.0.1")
        status, admin = await add_network(api, "admin", admin_pool["uuid"])
        assert status == 200, admin
        await lock(api, "controller-1")
        status, vlan = await _post(api, _vlan(await _host_uuid(api, "controller-1")))
        assert status == 200, vlan
        assert (await assign(api, vlan["uuid"], admin["uuid"]))[0] == 200
        status, body = await api.delete("sysinv", "/v1/iinterfaces/%s" % vlan["uuid"])
        assert (status, faultstring(body)) == (400, "Cannot delete an interface still assigned to a network of type "
                                                    "'admin'.  Address pool %s still exists." % admin_pool["uuid"])
