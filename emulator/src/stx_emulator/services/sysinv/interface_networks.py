"""sysinv interface <-> platform network assignments.

``/v1/interface_networks`` (GET, POST), ``/v1/interface_networks/{uuid}`` (GET, DELETE),
``/v1/ihosts/{host}/interface_networks`` and ``/v1/iinterfaces/{uuid}/interface_networks`` (GET).

Source: starlingx/config sysinv/api/controllers/v1/interface_network.py, common/address_pool.py
(assign_network_addresses_to_interface). Internal entry point: :func:`assign_interface_network`.

Rules (reference sysinv.md §7.2): an interface of class none becomes platform (sysinv writes this before its
other checks, so it stays platform even when the assignment is then refused); only platform and pci-sriov
interfaces; at most one interface per host for mgmt, oam, cluster-host, pxeboot, storage, admin; pxeboot alone
on its interface; oam and admin on controllers only; mgmt/admin on an ae need active_standby or 802.3ad; a
worker's cluster-host needs a controller cluster-host interface first. No lock check. Assigning gives the
interface the network's addresses (AIO-SX controllers: the floating address), sets static addressing for
mgmt/oam/cluster-host/admin, records the host's mgmt_ip and (controller-0) mgmt_mac; on AIO-SX after initial
configuration a mgmt change raises the mgmt reconfiguration flag.

Differences from the real service: routes to the system controller, docker no_proxy entries and the OAM
config-required flag files are not maintained; the pxeboot "can execute PXE boot" warning is only a log line in
sysinv and is not emulated.
"""

from ...http import ApiError, json_response, read_json
from . import apitypes, hostconfig, netstate, paginate
from .apitypes import method_not_allowed, no_content
from .apitypes import PAGING, wsexpose

NONASSIGNABLE_NETWORK_TYPES = (netstate.DATA, netstate.PCI_PASSTHROUGH, netstate.PCI_SRIOV)
NONDUPLICATE_NETWORK_TYPES = (netstate.MGMT, netstate.OAM, netstate.CLUSTER_HOST, netstate.PXEBOOT,
                              netstate.STORAGE, netstate.ADMIN)
STATIC_MODE_NETWORKS = (netstate.MGMT, netstate.OAM, netstate.CLUSTER_HOST, netstate.ADMIN)
VALID_AEMODES = ("active_standby", "balanced", "802.3ad")
SCHEMA = {"id": "int", "uuid": "uuid", "forihostid": "int", "interface_uuid": "uuid", "ifname": "text",
          "network_id": "int", "network_uuid": "uuid", "network_name": "text", "network_type": "text",
          "created_at": "any", "updated_at": "any"}


def view(scope, link, expand=True):
    iface = scope.by_id("iinterface", link["interface_id"]) or {}
    network = scope.by_id("network", link["network_id"]) or {}
    data = {"id": link["id"], "uuid": link["uuid"], "forihostid": iface.get("forihostid"),
            "interface_uuid": iface.get("uuid"), "ifname": iface.get("ifname"), "network_id": link["network_id"],
            "network_uuid": network.get("uuid"), "network_name": network.get("name"),
            "network_type": network.get("type")}
    if expand:
        data["created_at"] = link.get("created_at")
        data["updated_at"] = link.get("updated_at")
    return data


def assign_interface_network(scope, interface, network):
    """Assign ``network`` to ``interface`` exactly as ``POST /v1/interface_networks`` does and return the
    stored ``interface_network``. Both are stored objects or uuids. Raises ApiError like the API."""
    if not isinstance(interface, dict):
        interface = netstate.interface_get(scope, interface)
    if not isinstance(network, dict):
        network = netstate.network_get(scope, network)
    return _create(scope, interface, network, api=False)


def _check_interface_class(scope, interface, api):
    ifclass = interface.get("ifclass")
    if not ifclass or ifclass == "none":
        interface["ifclass"] = "platform"
        scope.save("iinterface", interface)
        if api:  # iinterface_update commits on its own in sysinv: kept even if a check below refuses
            scope.store.commit()
        return
    if ifclass in ("platform", "pci-sriov"):
        return
    raise ApiError(400, "An interface with interface class '%s' cannot assign platform networks." % ifclass)


def _create(scope, interface, network, api=True):
    host = netstate.host_of(scope, interface)
    net_type = network["type"]
    _check_interface_class(scope, interface, api)
    if net_type in NONASSIGNABLE_NETWORK_TYPES:
        raise ApiError(409, "Cannot assign network with type '%s' to an interface." % net_type)
    if scope.first("interface_network", interface_id=interface["id"], network_id=network["id"]) is not None:
        raise ApiError(400, "Interface network with interface ID '%s' and network ID '%s' already exists."
                       % (interface["id"], network["id"]))
    if net_type in NONDUPLICATE_NETWORK_TYPES:
        for other in scope.all("iinterface", forihostid=host["id"]):
            if other["id"] != interface["id"] and net_type in netstate.networktypelist(scope, other):
                raise ApiError(400, "An interface with '%s' network type is already provisioned on this node"
                               % net_type)
    for link in scope.all("interface_network", interface_id=interface["id"]):
        other_type = (scope.by_id("network", link["network_id"]) or {}).get("type")
        if net_type == netstate.PXEBOOT:
            raise ApiError(400, "You cannot assign a network of type '%s' to an interface which is already "
                                "assigned with a different network." % net_type)
        if other_type == netstate.PXEBOOT:
            raise ApiError(400, "An interface assigned with a network of type '%s' cannot contain additional "
                                "networks." % other_type)
    if net_type in (netstate.OAM, netstate.ADMIN) and host.get("personality") != netstate.CONTROLLER:
        raise ApiError(400, "The '%s' network type is only supported on controller nodes." % net_type)
    if interface.get("iftype") == "ae":
        aemode = interface.get("aemode")
        if net_type in (netstate.MGMT, netstate.ADMIN) and aemode not in ("802.3ad", "active_standby"):
            raise ApiError(400, "Device interface with network type {}, and interface type 'aggregated ethernet' "
                                "must be in mode {}".format(net_type, "802.3ad, active_standby"))
        if net_type in (netstate.OAM, netstate.CLUSTER_HOST) and aemode not in VALID_AEMODES:
            raise ApiError(400, "Device interface with network type '%s', and interface type 'aggregated "
                                "ethernet' must be in mode 'active_standby' or 'balanced' or '802.3ad'." % net_type)
    if host.get("personality") != netstate.CONTROLLER and net_type == netstate.CLUSTER_HOST:
        on_controller = any(i.get("ifclass") == "platform" and
                            netstate.CLUSTER_HOST in netstate.networktypelist(scope, i)
                            for c in netstate.hosts(scope, netstate.CONTROLLER)
                            for i in scope.all("iinterface", forihostid=c["id"]))
        if not on_controller:
            raise ApiError(400, "Interface %s does not have associated cluster-host interface on controller."
                           % interface["ifname"])
    simplex_reconfig = net_type == netstate.MGMT and netstate.is_simplex(scope) and \
        netstate.initial_config_complete(scope)
    if simplex_reconfig:
        netstate.set_mgmt_reconfig_flag(scope)
    link = scope.add("interface_network", {"interface_id": interface["id"], "network_id": network["id"]})
    pools = netstate.pools_of_network(scope, network)
    if net_type in STATIC_MODE_NETWORKS:
        for pool in pools:
            netstate.set_address_mode(scope, interface, pool["family"], "static")
    netstate.assign_network_addresses_to_interface(scope, host, interface, network, pools)
    if net_type == netstate.MGMT:
        mac = _interface_mac(scope, interface)
        if mac is not None and host.get("mgmt_mac") != mac and host.get("hostname") == netstate.CONTROLLER_0_HOSTNAME:
            host["mgmt_mac"] = mac  # conductor mgmt_mac_set_by_ihost (controller-0 only)
            scope.save("ihost", host)
    if net_type == netstate.STORAGE:
        hostconfig.update_storage_net_config(scope)
    elif net_type == netstate.ADMIN:
        hostconfig.update_admin_config(scope, host)
    return link


def _interface_mac(scope, interface):
    """The MAC the host is provisioned with: the port's for an interface on a port, else the interface's."""
    if not interface.get("uses"):
        for port in scope.all("ethernet_port"):
            if port.get("interface_id") == interface["id"]:
                return port.get("mac")
        return None
    return interface.get("imac")


def delete_assignment(scope, link):
    network = scope.by_id("network", link["network_id"]) or {}
    if network.get("type") == netstate.MGMT and netstate.is_simplex(scope) and \
            netstate.initial_config_complete(scope):
        netstate.set_mgmt_reconfig_flag(scope)
    for pool in netstate.pools_of_network(scope, network) if network else []:
        for address in scope.all("address", interface_id=link["interface_id"], pool_id=pool["id"]):
            address["interface_id"] = None
            scope.save("address", address)
    scope.remove("interface_network", link)
    iface = scope.by_id("iinterface", link["interface_id"])
    host = netstate.host_of(scope, iface) if iface else None
    if network.get("type") == netstate.ADMIN and host is not None:
        hostconfig.update_admin_config(scope, host)
    elif network.get("type") == netstate.STORAGE:
        hostconfig.update_storage_net_config(scope)


# -- HTTP -----------------------------------------------------------------------------------------------------
def _from_path(request):
    uuid = apitypes.path_uuid(request.match_info["uuid"], "interface_network_uuid")
    link = request["scope"].get("interface_network", uuid)
    if link is None:
        raise ApiError(404, "Interface network %s could not be found." % uuid)
    return link


def _list(request, rows):
    scope = request["scope"]
    return json_response(paginate(request, "interface_networks", rows, lambda link: view(scope, link, False)))


@wsexpose("parent_uuid", *PAGING)
async def list_all(request):
    return _list(request, request["scope"].all("interface_network"))


@wsexpose("parent_uuid", *PAGING)
async def list_for_host(request):
    scope = request["scope"]
    host = netstate.host_by_ident(scope, request.match_info["host"])
    ids = {i["id"] for i in scope.all("iinterface", forihostid=host["id"])} if host else set()
    return _list(request, [link for link in scope.all("interface_network") if link["interface_id"] in ids])


@wsexpose("parent_uuid", *PAGING)
async def list_for_interface(request):
    scope = request["scope"]
    ident = request.match_info["uuid"]
    iface = scope.get("iinterface", ident) or scope.by_id("iinterface", ident)
    rows = scope.all("interface_network", interface_id=iface["id"]) if iface else []
    return _list(request, rows)


@wsexpose("interface_network_uuid:uuid")
async def show(request):
    return json_response(view(request["scope"], _from_path(request)))


@wsexpose(body="interface_network")
async def post(request):
    scope = request["scope"]
    body = await read_json(request, default={})
    if not isinstance(body, dict):
        raise ApiError(500, "'%s' object has no attribute 'keys'" % type(body).__name__)
    data = apitypes.parse_body(body, SCHEMA, "interface_network")
    for key in ("interface_uuid", "network_uuid"):
        if key not in data:
            raise ApiError(500, "'%s'" % key)  # interface_network_dict.pop(...) of an unset attribute
    interface = netstate.interface_get(scope, data["interface_uuid"])
    network = netstate.network_get(scope, data["network_uuid"])
    link = _create(scope, interface, network)
    return json_response(view(scope, link))


@wsexpose("interface_network_uuid:uuid")
async def delete(request):
    delete_assignment(request["scope"], _from_path(request))
    return no_content()


def add_routes(app, service):
    r = app.router
    r.add_get("/v1/interface_networks", list_all)
    r.add_post("/v1/interface_networks", post)
    r.add_get("/v1/interface_networks/{uuid}", show)
    r.add_delete("/v1/interface_networks/{uuid}", delete)
    r.add_route("PATCH", "/v1/interface_networks/{uuid}", method_not_allowed)
    r.add_get("/v1/ihosts/{host}/interface_networks", list_for_host)
    r.add_get("/v1/iinterfaces/{uuid}/interface_networks", list_for_interface)
