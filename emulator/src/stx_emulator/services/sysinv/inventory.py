"""What sysinv-agent reports about a host: ethernet ports and disks (kinds ``ethernet_port``, ``idisk``), and the
interfaces the conductor creates for those ports.

Routes: ``GET /v1/ihosts/{id}/ethernet_ports``, ``GET /v1/ethernet_ports[/{uuid}]``, ``GET
/v1/ihosts/{id}/idisks``, ``GET /v1/idisks[/{uuid}]`` (collection keys ``ethernet_ports`` and ``idisks``), and the
generic port resource ``GET /v1/ihosts/{id}/ports``, ``GET /v1/ports[/{uuid}]`` (key ``ports``; what ``system
host-port-list`` / ``host-port-show`` read).
Field lists: starlingx/config ``api/controllers/v1/ethernet_port.py``, ``port.py`` and ``disk.py``.

:func:`inventory_host` is called when a host's agent first reports (bootstrap for controller-0, the end of an
install for the others). Like the conductor's ``iport_update_by_ihost`` it creates one ``ethernet`` interface
per port (ifclass none, named after the port) through ``networking.create_interface``; on every host but the
active controller the port with the host's ``mgmt_mac`` becomes ``mgmt0`` (class platform) with the mgmt
network assigned.
"""

import hashlib

from ...http import ApiError, json_response
from . import paginate
from .apitypes import PAGING, wsexpose

# get_all of EthernetPortController / PortController and of DiskController (the first is the parent's uuid)
PORT_LIST_ARGS = ("uuid:uuid", "interface_uuid:uuid", "node_uuid:uuid") + PAGING
DISK_LIST_ARGS = ("i_uuid:uuid", "istor_uuid:uuid", "ipv_uuid:uuid") + PAGING

PORT = "ethernet_port"
DISK = "idisk"


def plan_for_mac(emulator, mac):
    """The hardware plan entry (topology.py) of the machine whose boot NIC has ``mac``, or None."""
    mac = (mac or "").lower()
    for entry in emulator.store.setting("hardware") or []:
        if entry.get("mgmt_mac", "").lower() == mac:
            return entry
    return None


def machine_of(emulator, host):
    """The hardware plan entry of the machine a host runs on (its boot MAC is kept in ``_machine``, since
    assigning mgmt to another port changes ``mgmt_mac``), or None for a host with no machine."""
    return plan_for_mac(emulator, host.get("_machine") or host.get("mgmt_mac"))


def create_host_interfaces(emulator, scope, host, ports, active):
    """Ethernet interfaces for the reported ports (conductor ``iport_update_by_ihost``)."""
    from . import networking

    mgmt = scope.first("network", type="mgmt")
    for port in ports:
        is_boot = port["mac"].lower() == (host.get("mgmt_mac") or "").lower()
        fields = {}
        if is_boot and not active:
            fields.update(ifname="mgmt0", ifclass="platform")
        iface = networking.create_interface(scope, host, port=port, **fields)
        if is_boot and not active and mgmt is not None:
            networking.assign_interface_network(scope, iface, mgmt)


def inventory_host(emulator, scope, host, active=False):
    """Record the ports and disks of ``host``'s machine (from the hardware plan) and their interfaces."""
    plan = machine_of(emulator, host)
    if plan is None or scope.first(PORT, host_uuid=host["uuid"]):
        return
    host["_machine"] = plan["mgmt_mac"]
    ports = []
    for index, nic in enumerate(plan["ports"]):
        ports.append(scope.add(PORT, {
            "type": "ethernet", "name": nic["name"], "namedisplay": None, "pciaddr": nic["pciaddr"], "dev_id": 0,
            "pclass": "Ethernet controller", "pvendor": nic.get("pvendor"), "pdevice": nic.get("pdevice"),
            "psvendor": "Intel Corporation", "psdevice": "PRO/1000 MT Desktop Adapter",
            "numa_node": nic.get("numa_node", 0), "sriov_totalvfs": None, "sriov_numvfs": 0,
            "sriov_vfs_pci_address": "", "sriov_vf_driver": None, "sriov_vf_pdevice_id": None,
            "driver": nic.get("driver"), "mac": nic["mac"], "mtu": 1500, "speed": nic.get("speed"),
            "link_mode": "0", "duplex": None, "autoneg": None,
            "bootp": "True" if nic["mac"].lower() == (host.get("mgmt_mac") or "").lower() else None,
            "capabilities": {}, "numchannels": None, "maxchannels": None, "sriov_vf_numchannels": None,
            "sriov_vf_maxchannels": None, "host_id": host["id"], "interface_id": None, "bootif": None,
            "dpdksupport": False, "host_uuid": host["uuid"], "interface_uuid": None, "node_uuid": None,
        }))
    for index, disk in enumerate(plan["disks"]):
        root = disk["device_path"] == plan.get("rootfs_device")
        scope.add(DISK, {
            "device_node": disk["device_node"], "device_type": disk.get("device_type"), "device_num": 2048 + index * 16,
            "device_id": "ata-VBOX_HARDDISK_%s" % disk.get("serial_id"), "device_path": disk["device_path"],
            "device_wwn": None, "size_mib": disk["size_mib"],
            "available_mib": disk["size_mib"] - (disk["size_mib"] // 2 if root else 0),
            "serial_id": disk.get("serial_id"), "rpm": disk.get("rpm", "Undetermined"),
            "capabilities": {"model_num": "VBOX HARDDISK", "stor_function": "rootfs"} if root else
            {"model_num": "VBOX HARDDISK"},
            "forihostid": host["id"], "foristorid": None, "foripvid": None, "ihost_uuid": host["uuid"],
            "istor_uuid": None, "ipv_uuid": None,
        })
    digest = hashlib.sha256(host["uuid"].encode()).hexdigest()
    host.update({
        "iscsi_initiator_name": "iqn.2018-05.io.starlingx:%s" % digest[:12],
        "nvme_host_id": host["uuid"], "nvme_host_nqn": "nqn.2014-08.org.nvmexpress:uuid:%s" % host["uuid"],
        "max_cpu_mhz_allowed": "2400", "min_cpu_mhz_allowed": "800", "cstates_available": "C0,C1,C1E",
        "boot_device": host.get("boot_device") or plan.get("boot_device"),
        "rootfs_device": host.get("rootfs_device") or plan.get("rootfs_device"),
    })
    scope.save("ihost", host)
    create_host_interfaces(emulator, scope, host, ports, active)


def remove_host_inventory(scope, host):
    for kind, key in ((PORT, "host_uuid"), (DISK, "ihost_uuid")):
        for obj in scope.all(kind, **{key: host["uuid"]}):
            scope.remove(kind, obj)


# -- views ----------------------------------------------------------------------------------------------------
PORT_FIELDS = ("uuid", "type", "name", "namedisplay", "pciaddr", "dev_id", "pclass", "pvendor", "pdevice",
               "psvendor", "psdevice", "numa_node", "sriov_totalvfs", "sriov_numvfs", "sriov_vfs_pci_address",
               "sriov_vf_driver", "sriov_vf_pdevice_id", "driver", "mac", "mtu", "speed", "link_mode", "duplex",
               "autoneg", "bootp", "capabilities", "numchannels", "maxchannels", "sriov_vf_numchannels",
               "sriov_vf_maxchannels", "bootif", "dpdksupport", "host_uuid", "interface_uuid", "node_uuid",
               "created_at", "updated_at")
DISK_FIELDS = ("uuid", "device_node", "device_num", "device_type", "device_id", "device_path", "device_wwn",
               "size_mib", "available_mib", "rpm", "serial_id", "forihostid", "foristorid", "foripvid",
               "ihost_uuid", "istor_uuid", "ipv_uuid", "capabilities", "created_at", "updated_at")


def port_view(port, base, expand=True):
    from .system import links

    view = {k: port.get(k) for k in PORT_FIELDS if expand or k != "bootif"}
    view["links"] = links(base, "ethernet_ports", port["uuid"])
    return view


# api/controllers/v1/port.py ``Port``: the generic port fields (no mac/mtu/speed, which are EthernetPort's);
# host_id/interface_id/node_id are unset in every view, so the expanded view has the same fields.
GENERIC_PORT_FIELDS = ("uuid", "type", "name", "namedisplay", "pciaddr", "dev_id", "pclass", "pvendor", "pdevice",
                       "psvendor", "psdevice", "numa_node", "sriov_totalvfs", "sriov_numvfs",
                       "sriov_vfs_pci_address", "sriov_vf_driver", "sriov_vf_pdevice_id", "driver",
                       "capabilities", "host_uuid", "interface_uuid", "node_uuid", "dpdksupport", "numchannels",
                       "maxchannels", "sriov_vf_numchannels", "sriov_vf_maxchannels", "created_at", "updated_at")


def generic_port_view(port, base):
    from .system import links

    view = {k: port.get(k) for k in GENERIC_PORT_FIELDS}
    view["links"] = links(base, "ports", port["uuid"])
    view["lldp_agents"] = links(base, "ports", port["uuid"] + "/lldp_agents")
    view["lldp_neighbours"] = links(base, "ports", port["uuid"] + "/lldp_neighbours")
    return view


def disk_view(disk, base, expand=True):
    from .system import links

    view = {k: disk.get(k) for k in DISK_FIELDS}
    view["links"] = links(base, "idisks", disk["uuid"])
    if expand:
        view["partitions"] = links(base, "idisks", disk["uuid"] + "/partitions")
    return view


def _get(scope, kind, ident):
    obj = scope.get(kind, ident)
    if obj is None:
        raise ApiError(404, "Server %s could not be found." % ident)
    return obj


@wsexpose(*PORT_LIST_ARGS)  # EthernetPortController.get_all
async def list_host_ports(request):
    from .hosts import find_host
    from .system import base_url

    scope = request["scope"]
    host = find_host(scope, request.match_info["id"])
    base = base_url(request)
    return json_response(paginate(request, "ethernet_ports", scope.all(PORT, host_uuid=host["uuid"]),
                                  lambda p: port_view(p, base, expand=False)))


@wsexpose(*PORT_LIST_ARGS)
async def list_ports(request):
    from .system import base_url

    scope = request["scope"]
    base = base_url(request)
    return json_response(paginate(request, "ethernet_ports", scope.all(PORT),
                                  lambda p: port_view(p, base, expand=False)))


@wsexpose("port_uuid:uuid")
async def get_port(request):
    from .system import base_url

    return json_response(port_view(_get(request["scope"], PORT, request.match_info["uuid"]), base_url(request)))


@wsexpose(*PORT_LIST_ARGS)  # PortController.get_all
async def list_host_generic_ports(request):
    from .hosts import find_host
    from .system import base_url

    scope = request["scope"]
    host = find_host(scope, request.match_info["id"])
    base = base_url(request)
    return json_response(paginate(request, "ports", scope.all(PORT, host_uuid=host["uuid"]),
                                  lambda p: generic_port_view(p, base)))


@wsexpose(*PORT_LIST_ARGS)
async def list_generic_ports(request):
    from .system import base_url

    scope = request["scope"]
    base = base_url(request)
    return json_response(paginate(request, "ports", scope.all(PORT), lambda p: generic_port_view(p, base)))


@wsexpose("port_uuid:uuid")
async def get_generic_port(request):
    from .system import base_url

    return json_response(generic_port_view(_get(request["scope"], PORT, request.match_info["uuid"]),
                                           base_url(request)))


@wsexpose(*DISK_LIST_ARGS)  # DiskController.get_all
async def list_host_disks(request):
    from .hosts import find_host
    from .system import base_url

    scope = request["scope"]
    host = find_host(scope, request.match_info["id"])
    base = base_url(request)
    return json_response(paginate(request, "idisks", scope.all(DISK, ihost_uuid=host["uuid"]),
                                  lambda d: disk_view(d, base, expand=False)))


@wsexpose(*DISK_LIST_ARGS)
async def list_disks(request):
    from .system import base_url

    scope = request["scope"]
    base = base_url(request)
    return json_response(paginate(request, "idisks", scope.all(DISK), lambda d: disk_view(d, base, expand=False)))


@wsexpose("disk_uuid:uuid")
async def get_disk(request):
    from .system import base_url

    return json_response(disk_view(_get(request["scope"], DISK, request.match_info["uuid"]), base_url(request)))


def add_routes(app):
    r = app.router
    r.add_get("/v1/ihosts/{id}/ethernet_ports", list_host_ports)
    r.add_get("/v1/ethernet_ports", list_ports)
    r.add_get("/v1/ethernet_ports/{uuid}", get_port)
    r.add_get("/v1/ihosts/{id}/ports", list_host_generic_ports)
    r.add_get("/v1/ports", list_generic_ports)
    r.add_get("/v1/ports/{uuid}", get_generic_port)
    r.add_get("/v1/ihosts/{id}/idisks", list_host_disks)
    r.add_get("/v1/idisks", list_disks)
    r.add_get("/v1/idisks/{uuid}", get_disk)
