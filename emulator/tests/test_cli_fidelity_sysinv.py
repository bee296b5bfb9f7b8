"""Requests the real ``system`` CLI (cgtsclient, starlingx/config master) sends, captured from a run against the
emulator, and the response shapes the client needs."""

from stx_emulator.testing import InProcessEmulator

# cgtsclient/v1/port_shell.py: host-port-list columns and host-port-show fields
PORT_LIST_FIELDS = {"uuid", "name", "type", "pciaddr", "dev_id", "numa_node", "dpdksupport", "pdevice"}
PORT_SHOW_FIELDS = {"name", "namedisplay", "type", "pciaddr", "dev_id", "numa_node", "sriov_totalvfs",
                    "sriov_numvfs", "sriov_vfs_pci_address", "sriov_vf_driver", "sriov_vf_pdevice_id", "driver",
                    "pclass", "pvendor", "pdevice", "capabilities", "uuid", "host_uuid", "interface_uuid",
                    "dpdksupport", "numchannels", "maxchannels", "sriov_vf_numchannels", "sriov_vf_maxchannels",
                    "created_at", "updated_at"}


async def _host(api, hostname):
    status, body = await api.get("sysinv", "/v1/ihosts")
    assert status == 200
    return next(h for h in body["ihosts"] if h["hostname"] == hostname)


async def test_host_port_list_reads_the_generic_ports_resource():
    # system host-port-list controller-0: GET /v1/ihosts/<uuid>/ports (cgtsclient/v1/port.py PortManager.list)
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        host = await _host(api, "controller-0")
        status, body = await api.get("sysinv", "/v1/ihosts/%s/ports" % host["uuid"])
        assert status == 200, body
        assert set(body) == {"ports"} and len(body["ports"]) >= 2
        status, ethernet = await api.get("sysinv", "/v1/ihosts/%s/ethernet_ports" % host["uuid"])
        assert sorted(p["uuid"] for p in body["ports"]) == sorted(p["uuid"] for p in ethernet["ethernet_ports"])
        for port in body["ports"]:
            assert PORT_LIST_FIELDS <= set(port)
            assert PORT_SHOW_FIELDS <= set(port)
            # the Port API object has no EthernetPort fields nor the ids
            assert not {"mac", "mtu", "speed", "bootp", "host_id", "interface_id"} & set(port)
            assert port["host_uuid"] == host["uuid"] and isinstance(port["dev_id"], int)
            assert port["links"][0]["href"].endswith("/ports/%s" % port["uuid"])
            assert port["lldp_agents"][0]["href"].endswith("/ports/%s/lldp_agents" % port["uuid"])
        names = {p["name"] for p in body["ports"]}
        assert "enp0s3" in names

        # GET /v1/ports/<uuid> (PortManager.get) and the collection
        one = body["ports"][0]
        status, shown = await api.get("sysinv", "/v1/ports/%s" % one["uuid"])
        assert status == 200 and shown["uuid"] == one["uuid"] and PORT_SHOW_FIELDS <= set(shown)
        status, every = await api.get("sysinv", "/v1/ports")
        assert status == 200 and one["uuid"] in {p["uuid"] for p in every["ports"]}
        status, missing = await api.get("sysinv", "/v1/ports/00000000-0000-0000-0000-000000000000")
        assert status == 404

        # host-if-list / host-if-show read each interface's ports (iinterface._get_ports): the same Port objects
        status, ifaces = await api.get("sysinv", "/v1/ihosts/%s/iinterfaces" % host["uuid"])
        enp0s3 = next(i for i in ifaces["iinterfaces"] if i["ifname"] == "enp0s3")
        status, ports = await api.get("sysinv", "/v1/iinterfaces/%s/ports" % enp0s3["uuid"])
        assert status == 200 and [p["name"] for p in ports["ports"]] == ["enp0s3"]
        port = ports["ports"][0]
        assert PORT_SHOW_FIELDS <= set(port) and "mac" not in port
        assert port["links"][0]["href"].endswith("/ports/%s" % port["uuid"])


async def test_certificate_list_for_https_enabled_modify():
    # system modify --https_enabled true lists certificates first (isystem_shell.do_modify):
    # GET /v1/certificate -> {"certificates": [...]}, then PATCH /v1/isystems/<uuid>
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await api.get("sysinv", "/v1/certificate")
        assert status == 200, body
        assert body == {"certificates": []}
        status, systems = await api.get("sysinv", "/v1/isystems")
        uuid = systems["isystems"][0]["uuid"]
        for value in ("false", "true"):
            status, body = await api.patch("sysinv", "/v1/isystems/%s" % uuid, json=[
                {"op": "replace", "path": "/https_enabled", "value": value}])
            assert status == 200, body
            assert body["capabilities"]["https_enabled"] is (value == "true")
