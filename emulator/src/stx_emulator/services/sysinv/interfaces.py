"""sysinv interfaces: ``/v1/iinterfaces`` (GET, POST), ``/v1/iinterfaces/{uuid}`` (GET, PATCH, DELETE),
``/v1/ihosts/{host}/iinterfaces`` (GET) and ``/v1/iinterfaces/{uuid}/ports`` (GET).

Source: starlingx/config sysinv/api/controllers/v1/interface.py (_create, check, _check_interface_data,
patch, _delete, _check_platform_interface_ratelimit). Internal entry point: :func:`create_interface`.

Kinds: ethernet (one per port, created by the inventory, i.e. :func:`create_interface` with ``port=``), vlan
(over one lower interface), ae (over member interfaces of class none), virtual (``lo``). vf is validated but
cannot be configured (the emulated NICs have no SR-IOV VFs).

Rules: creating, modifying and deleting need a locked host ("Host must be locked.") except a PATCH that only
sets ``max_tx_rate``/``max_rx_rate`` on a platform ethernet/ae/vlan interface (runtime rate limits, §8), or
only ``channels``. MTU 576-9216; a vlan/ethernet MTU not above its lower interface's; an ae gives its MTU to
its members. Rate limits: platform ethernet/ae/vlan only, not on pxeboot/cluster-* networks, on mgmt only with
a distributed cloud role, integers >= 0; they trigger the runtime rate-limit manifest.

Stored ``iinterface`` rows keep ``uses`` as a list of interface ids; the API shows names in ``uses`` and
``used_by``. ``networktypelist`` is internal (computed from interface_networks) and, as in the real API, not
part of the JSON.

Differences from the real service:
- PTP interface assignment (``/ptp_interfaces`` patch), datanetworks, routes and per-interface addresses
  APIs are not emulated; SR-IOV can never be configured (no VFs on the emulated ports); shared-PCI-device
  class checks are skipped; fault-management alarms of ports/interfaces are not raised or cleared.
"""


from ...http import ApiError, json_response, read_json
from . import addressing, apitypes, hostconfig, netstate, paginate
from .apitypes import no_content
from .apitypes import PAGING, wsexpose
from .inventory import PORT_LIST_ARGS
from .interface_checks import (ACTIVE_STANDBY, AE, AE_ONLY, DATA, DEFAULT_MTU, ETHERNET, FIELDS, NULL_MAC,
                               PCI_SRIOV, PLATFORM, VIRTUAL, VLAN, VLAN_ONLY, check, check_channels,
                               check_host_locked, check_mtu, check_sriov, check_vlan_id, lower_interface, set_defaults,
                               host_ports, interface_ports, link_port, working_copy)
from .system import base_url, links

SCHEMA = {
    "uuid": "uuid", "ifname": "text", "iftype": "text", "imac": "mac", "imtu": "int", "ifclass": "text",
    "aemode": "text", "schedpolicy": "text", "txhashpolicy": "text", "primary_reselect": "text",
    "ifcapabilities": "dict", "forihostid": "int", "ihost_uuid": "uuid", "ports": "any", "links": "any",
    "vlan_id": "int", "uses": "text_list", "usesmodify": "text", "used_by": "text_list", "ipv4_mode": "text",
    "ipv4_pool": "text", "ipv6_mode": "text", "ipv6_pool": "text", "sriov_numvfs": "int",
    "sriov_vf_driver": "text", "ptp_role": "text", "max_tx_rate": "int", "max_rx_rate": "int",
    "ovs_access": "any", "channels": "int", "sriov_vf_channels": "int", "created_at": "any", "updated_at": "any",
}
# objects.interface.fields (what a working copy carries)
LIST_FIELDS = ("uuid", "ifname", "iftype", "imac", "imtu", "ifclass", "ihost_uuid", "forihostid", "aemode",
               "schedpolicy", "txhashpolicy", "vlan_id", "uses", "used_by", "ipv4_mode", "ipv6_mode", "ipv4_pool",
               "ipv6_pool", "sriov_numvfs", "sriov_vf_driver", "ptp_role", "max_tx_rate", "max_rx_rate",
               "primary_reselect", "ovs_access", "channels", "sriov_vf_channels", "created_at", "updated_at")
SHOW_FIELDS = ("uuid", "ifname", "iftype", "imac", "imtu", "ifclass", "aemode", "schedpolicy", "txhashpolicy",
               "primary_reselect", "ifcapabilities", "forihostid", "ihost_uuid", "vlan_id", "uses", "used_by",
               "ipv4_mode", "ipv4_pool", "ipv6_mode", "ipv6_pool", "sriov_numvfs", "sriov_vf_driver", "ptp_role",
               "max_tx_rate", "max_rx_rate", "ovs_access", "channels", "sriov_vf_channels", "created_at",
               "updated_at")


def _links(request, resource, uuid):
    return links(base_url(request) if request is not None else "", resource, uuid)


def interface_view(scope, iface, request=None, expand=True):
    """Interface.convert_with_links."""
    data = working_copy(scope, iface)
    out = {f: data.get(f) for f in (SHOW_FIELDS if expand else LIST_FIELDS)}
    out["links"] = _links(request, "iinterfaces", iface["uuid"])
    if expand:
        out["ports"] = _links(request, "iinterfaces", iface["uuid"] + "/ports")
    if data.get("ifclass") not in (PLATFORM, DATA):  # _is_interface_address_allowed
        for key in ("ipv4_mode", "ipv6_mode", "ipv4_pool", "ipv6_pool"):
            out.pop(key, None)
    if data.get("ipv4_mode") != "pool":
        out.pop("ipv4_pool", None)
    if data.get("ipv6_mode") != "pool":
        out.pop("ipv6_pool", None)
    return out


def _select_mac(scope, host, data):
    """set_interface_mac: virtual gets the null MAC; vlan its lower's; ae the boot/mgmt member's or the first."""
    if data.get("iftype") == VIRTUAL:
        return NULL_MAC
    macs = {}
    for name in data.get("uses") or []:
        lower = lower_interface(scope, name, host)
        macs[lower["ifname"]] = lower.get("imac")
    if not macs:
        return data.get("imac")
    if data.get("iftype") == AE and host.get("mgmt_mac") and data.get("ifclass") == PLATFORM:
        for name, mac in macs.items():
            if mac == host["mgmt_mac"]:
                return mac
    return macs[sorted(macs)[0]]


def _store(scope, data, iface=None):
    """Write a working copy back (uses as ids, type-specific columns only where the type has them)."""
    host_id = data["forihostid"]
    uses_ids = []
    for name in data.get("uses") or []:
        lower = scope.by_id("iinterface", name) if str(name).isdigit() else None
        if lower is None:
            lower = next((i for i in scope.all("iinterface", forihostid=host_id)
                          if name in (i["uuid"], i["ifname"])), None)
        if lower is not None:
            uses_ids.append(lower["id"])
    values = {f: data.get(f) for f in FIELDS if f not in ("id", "uuid", "ihost_uuid", "uses", "used_by",
                                                          "networktypelist", "datanetworks")}
    values["uses"] = uses_ids
    for field in AE_ONLY:
        if values.get("iftype") != AE:
            values[field] = None
    for field in VLAN_ONLY:
        if values.get("iftype") != VLAN:
            values[field] = None
    if iface is None:
        return scope.add("iinterface", values)
    iface.update(values)
    scope.save("iinterface", iface)
    return iface


def _set_member_mtu(scope, host, names, mtu):
    for name in names:
        member = lower_interface(scope, name, host)
        if member.get("imtu") != mtu:
            member["imtu"] = mtu
            scope.save("iinterface", member)


# -- create ---------------------------------------------------------------------------------------------------
def create_interface(scope, host, port=None, **fields):
    """Create an interface on ``host`` (a stored ihost or its id/uuid/hostname) and return the ``iinterface``.

    - ``port=<name, uuid or ethernet_port>`` with ``iftype="ethernet"``: the interface the inventory creates
      for a NIC (ifclass none, ifname/imac/imtu from the port, the port linked to it); no API checks apply.
    - otherwise exactly ``POST /v1/iinterfaces`` with ``fields`` (ifname, iftype vlan/ae/virtual, ifclass,
      imtu, uses [names], vlan_id, aemode, txhashpolicy, ...): the host must be locked; raises ApiError.
    """
    host = netstate.host_by_ident(scope, host)
    if host is None:
        raise ApiError(404, "Server %s could not be found." % fields.get("ihost_uuid"))
    if port is not None:
        return _create_port_interface(scope, host, port, fields)
    fields = dict(fields)
    fields["ihost_uuid"] = host["uuid"]
    return _create(scope, fields)


def _create_port_interface(scope, host, port, fields):
    if not isinstance(port, dict):
        port = next((p for p in host_ports(scope, host) if str(port) in (p.get("name"), p["uuid"])), None)
        if port is None:
            raise ApiError(400, "Port %s does not exist." % port)
    if port.get("interface_id"):
        other = scope.by_id("iinterface", port["interface_id"]) or {}
        raise ApiError(400, "Another interface %s is already using this port" % other.get("uuid"))
    data = {f: None for f in FIELDS}
    data.update({"forihostid": host["id"], "ifname": port.get("name"), "iftype": ETHERNET, "ifclass": None,
                 "imac": port.get("mac"), "imtu": port.get("mtu") or DEFAULT_MTU, "uses": [], "ptp_role": "none",
                 "sriov_numvfs": 0, "ovs_access": False, "ifcapabilities": None})
    data.update(fields)
    iface = _store(scope, data)
    link_port(scope, port, iface)
    return iface


def _create(scope, body):
    parsed = apitypes.parse_body(body, SCHEMA, "interface")
    data = {f: None for f in FIELDS}
    data.update({k: v for k, v in parsed.items() if k in FIELDS})
    host_ident = data.get("forihostid") or data.get("ihost_uuid")
    host = netstate.host_by_ident(scope, host_ident) if host_ident is not None else None
    if host is None:
        raise ApiError(404, "Server %s could not be found." % host_ident)
    data["forihostid"], data["ihost_uuid"] = host["id"], host["uuid"]
    if data.get("ifclass") == "none":
        data["ifclass"] = None
    if isinstance(parsed.get("ovs_access"), str):
        data["ovs_access"] = parsed["ovs_access"].lower() == "true"
    ports = parsed.get("ports")
    uses = parsed.get("uses")
    data["uses"] = list(uses or [])
    data["used_by"] = []
    data["imtu"] = check_mtu(data.get("imtu"))
    check_vlan_id(data)
    set_defaults(data)
    port_names = ports.split(",") if isinstance(ports, str) and ports else None
    check(scope, "add", data, host, ports=port_names, ifaces=uses)
    data["imac"] = _select_mac(scope, host, data)
    iface = _store(scope, data)
    if data.get("ifclass") in (DATA, PLATFORM):  # _add_extended_attributes
        for key, family in (("ipv4", addressing.IPV4), ("ipv6", addressing.IPV6)):
            if data.get(key + "_mode"):
                netstate.set_address_mode(scope, iface, family, data[key + "_mode"], data.get(key + "_pool"))
                if data[key + "_mode"] == "pool":
                    netstate.allocate_pool_address(scope, netstate.pool_get(scope, data[key + "_pool"]),
                                                   interface_id=iface["id"])
    if port_names:
        for port in host_ports(scope, host):
            if (port.get("name") in port_names or port["uuid"] in port_names) and not port.get("interface_id"):
                link_port(scope, port, iface)
    if iface["iftype"] == AE:
        _set_member_mtu(scope, host, data["uses"], iface["imtu"])
    return iface


# -- modify ---------------------------------------------------------------------------------------------------
def update_interface(scope, iface, patch):
    """InterfaceController.patch, in the real order of checks (MTU and VLAN id before the lock check)."""
    host = netstate.host_of(scope, iface)
    existing = working_copy(scope, iface)
    uses = None
    rate_limit = False
    channels = False
    kept = []
    for p in patch:
        path = p["path"]
        if path == "/ifclass" and p.get("value") == "none":
            p["value"] = None
        if path == "/usesmodify":
            uses = str(p.get("value")).split(",")
            continue
        if path == "/ports":
            continue
        if path in ("/max_tx_rate", "/max_rx_rate"):
            rate_limit = True
        elif path == "/ovs_access" and isinstance(p.get("value"), str):
            p["value"] = p["value"].lower() == "true"
        elif path in ("/channels", "/sriov_vf_channels"):
            channels = True
            if isinstance(p.get("value"), str) and p["value"].lower() in ("none", "default"):
                p["value"] = None
        kept.append(p)
    if channels:
        check_channels(existing, kept)
    if uses:
        kept.append({"op": "replace", "path": "/uses", "value": uses})
    patch = kept

    for p in patch:  # the MTU is checked before anything else
        if p["path"] == "/imtu":
            value = p.get("value")
            try:
                changed = existing.get("imtu") and int(value) != int(existing["imtu"])
            except (TypeError, ValueError) as exc:
                raise ApiError(500, str(exc))
            if changed:
                check_mtu(value)
            break
    ifclass = existing.get("ifclass")
    numvfs, vf_driver = existing.get("sriov_numvfs"), existing.get("sriov_vf_driver")
    for p in patch:
        if p["path"] == "/ifclass":
            ifclass = p.get("value")
        elif p["path"] == "/sriov_numvfs":
            numvfs = p.get("value")
        elif p["path"] == "/sriov_vf_driver":
            vf_driver = p.get("value")
    if ifclass != PCI_SRIOV:
        numvfs = 0 if not any(p["path"] == "/sriov_numvfs" for p in patch) else numvfs
        vf_driver = None if not any(p["path"] == "/sriov_vf_driver" for p in patch) else vf_driver
    check_sriov(scope, existing, ifclass, numvfs, vf_driver, host)
    for p in patch:
        if p["path"] == "/vlan_id" and existing.get("vlan_id"):
            temp = dict(existing, vlan_id=p.get("value"))
            check_vlan_id(temp)

    doc = {k: v for k, v in existing.items() if k not in ("created_at", "updated_at")}
    data = apitypes.apply_patch(doc, patch)
    for key in list(data):
        if key in SCHEMA and key not in ("uses", "used_by", "ports", "links"):
            data[key] = apitypes.convert(SCHEMA[key], key, data[key], "interface", data)
    if isinstance(data.get("ovs_access"), str):
        data["ovs_access"] = data["ovs_access"].lower() == "true"
    if data.get("aemode") == ACTIVE_STANDBY:
        data["txhashpolicy"] = None
    delete_addressing = False
    if not data.get("ifclass") or data.get("ifclass") == "none":
        data["ifclass"] = None
        data["sriov_numvfs"] = 0
        data["sriov_vf_driver"] = None
        data["ipv4_mode"] = None
        data["ipv6_mode"] = None
        delete_addressing = True
    else:
        set_defaults(data)
    if data.get("ipv4_mode") != "pool":
        data["ipv4_pool"] = None
    if data.get("ipv6_mode") != "pool":
        data["ipv6_pool"] = None
    port_names = [p["name"] for p in interface_ports(scope, iface)][:1] or None
    check(scope, "modify", data, host, ports=port_names, ifaces=uses, existing=existing, patch=patch)
    if data.get("ifclass") != PCI_SRIOV:
        data["sriov_numvfs"] = 0
        data["sriov_vf_driver"] = None
    if uses:
        data["imac"] = _select_mac(scope, host, data)
    if not data.get("ifclass") and existing.get("ifclass") == PLATFORM and \
            netstate.MGMT in (existing.get("networktypelist") or []):
        host["mgmt_ip"] = None
        scope.save("ihost", host)
    if delete_addressing:
        for family in (addressing.IPV4, addressing.IPV6):
            if existing.get("ifclass") and existing["ifclass"] != PLATFORM:
                for address in scope.all("address", interface_id=iface["id"], family=family):
                    scope.remove("address", address)
    old_members = list(existing.get("uses") or [])
    new_modes = {k: data.get(k) for k in ("ipv4_mode", "ipv4_pool", "ipv6_mode", "ipv6_pool")}
    data["ipv4_mode"], data["ipv4_pool"] = existing.get("ipv4_mode"), existing.get("ipv4_pool")
    data["ipv6_mode"], data["ipv6_pool"] = existing.get("ipv6_mode"), existing.get("ipv6_pool")
    iface = _store(scope, data, iface)
    if not delete_addressing:
        for key, family in (("ipv4", addressing.IPV4), ("ipv6", addressing.IPV6)):
            mode, pool = new_modes[key + "_mode"], new_modes[key + "_pool"]
            if mode != existing.get(key + "_mode") or pool != existing.get(key + "_pool"):
                netstate.set_address_mode(scope, iface, family, mode, pool)
                if mode == "pool":
                    netstate.allocate_pool_address(scope, netstate.pool_get(scope, pool), interface_id=iface["id"])
    else:
        iface.update({"ipv4_mode": None, "ipv4_pool": None, "ipv6_mode": None, "ipv6_pool": None})
        scope.save("iinterface", iface)
    if iface["iftype"] == AE:
        members = netstate.interface_names(scope, iface["uses"])
        _set_member_mtu(scope, host, members, iface["imtu"])
        removed = [m for m in old_members if m not in members]
        _set_member_mtu(scope, host, removed, DEFAULT_MTU)
    if rate_limit:
        hostconfig.update_platform_ratelimit_config(scope, host)
    return iface


# -- delete ---------------------------------------------------------------------------------------------------
def delete_interface(scope, iface):
    """interface.py _delete."""
    host = netstate.host_of(scope, iface)
    data = working_copy(scope, iface)
    check_host_locked(host)
    if data.get("ifclass") == PLATFORM and data.get("iftype") == AE and data.get("used_by"):
        raise ApiError(400, "Cannot delete interface %s, still in use by %s"
                       % (data["ifname"], ", ".join(str(v) for v in data["used_by"])))
    if data.get("iftype") == ETHERNET and not data.get("uses"):
        raise ApiError(400, "Cannot delete a system created ethernet interface")
    if netstate.initial_config_complete(scope) and data.get("iftype") == VIRTUAL and \
            netstate.MGMT in data["networktypelist"]:
        raise ApiError(400, "Cannot delete a virtual management interface.")
    if netstate.ADMIN in data["networktypelist"] and not netstate.is_simplex(scope):
        admin = netstate.network_by_type(scope, netstate.ADMIN)
        pool_uuid = netstate.network_pool_uuid(scope, admin) if admin else None
        if pool_uuid is not None:
            raise ApiError(400, "Cannot delete an interface still assigned to a network of type '%s'.  Address "
                                "pool %s still exists." % (netstate.ADMIN, pool_uuid))
    for port in interface_ports(scope, iface):
        link_port(scope, port, None)
    if data.get("iftype") == AE:
        _set_member_mtu(scope, host, data["uses"], DEFAULT_MTU)
    if data.get("ifclass") == PLATFORM and any(t in (netstate.MGMT, netstate.CLUSTER_HOST, netstate.PXEBOOT,
                                                      netstate.OAM) for t in data["networktypelist"]):
        for address in scope.all("address", interface_id=iface["id"]):
            address["interface_id"] = None
            scope.save("address", address)
    destroy_interface(scope, iface)


def destroy_interface(scope, iface):
    """iinterface_destroy with its cascades (interface_networks, ports, the interface's own addresses)."""
    for port in interface_ports(scope, iface):
        link_port(scope, port, None)
    for link in netstate.interface_networks_of(scope, iface):
        scope.remove("interface_network", link)
    for address in scope.all("address", interface_id=iface["id"]):
        if address.get("pool_id") is None:
            scope.remove("address", address)
        else:
            address["interface_id"] = None
            scope.save("address", address)
    for other in scope.all("iinterface", forihostid=iface["forihostid"]):
        if iface["id"] in (other.get("uses") or []):
            other["uses"] = [i for i in other["uses"] if i != iface["id"]]
            scope.save("iinterface", other)
    scope.remove("iinterface", iface)


# -- HTTP -----------------------------------------------------------------------------------------------------
def _from_path(request):
    uuid = apitypes.path_uuid(request.match_info["uuid"], "interface_uuid")
    return netstate.interface_get(request["scope"], uuid)


@wsexpose("ihost", *PAGING)
async def list_interfaces(request):
    scope = request["scope"]
    rows = scope.all("iinterface")
    return json_response(paginate(request, "iinterfaces", rows,
                                  lambda i: interface_view(scope, i, request, expand=False)))


@wsexpose("ihost", *PAGING)
async def list_host_interfaces(request):
    scope = request["scope"]
    ident = request.match_info["host"]
    if apitypes.is_uuid_like(ident) or ident.isdigit():
        host = scope.by_id("ihost", ident)
    else:
        host = scope.first("ihost", hostname=ident)
        if host is None:
            raise ApiError(400, "Invalid ihost %s" % ident)
    rows = scope.all("iinterface", forihostid=host["id"]) if host else []
    return json_response(paginate(request, "iinterfaces", rows,
                                  lambda i: interface_view(scope, i, request, expand=False)))


@wsexpose("interface_uuid:uuid")
async def show_interface(request):
    return json_response(interface_view(request["scope"], _from_path(request), request))


@wsexpose(body="interface")
async def post_interface(request):
    scope = request["scope"]
    body = await read_json(request, default={})
    if not isinstance(body, dict):
        raise ApiError(500, "'%s' object has no attribute 'keys'" % type(body).__name__)
    iface = _create(scope, body)
    return json_response(interface_view(scope, iface, request))


@wsexpose("interface_uuid:uuid", body="patch")
async def patch_interface(request):
    scope = request["scope"]
    apitypes.path_uuid(request.match_info["uuid"], "interface_uuid")
    patch = apitypes.parse_patch(await read_json(request, default=[]))
    for p in patch:  # InterfacePatchType.mandatory_attrs
        if p["op"] == "remove" and p["path"] in ("/address", "/ihost_uuid"):
            raise ApiError(400, "'%s' is a mandatory attribute and can not be removed" % p["path"])
    iface = update_interface(scope, _from_path(request), patch)
    return json_response(interface_view(scope, iface, request))


@wsexpose("interface_uuid:uuid")
async def delete_interface_handler(request):
    delete_interface(request["scope"], _from_path(request))
    return no_content()


@wsexpose(*PORT_LIST_ARGS)  # PortController(from_iinterface=True)
async def list_interface_ports(request):
    """``GET /v1/iinterfaces/{uuid}/ports`` (what ``system host-if-list`` reads for the ports column)."""
    from .inventory import generic_port_view  # the real route is port.PortController (Port objects)

    scope = request["scope"]
    iface = _from_path(request)
    base = base_url(request)
    return json_response(paginate(request, "ports", interface_ports(scope, iface),
                                  lambda p: generic_port_view(p, base)))


@wsexpose(body="interface")
async def host_subcollection_forbidden(request):
    """Writes through /v1/ihosts/{id}/iinterfaces are OperationNotPermitted (403)."""
    raise ApiError(403, "Operation not permitted.")


def add_routes(app, service):
    r = app.router
    r.add_get("/v1/iinterfaces", list_interfaces)
    r.add_post("/v1/iinterfaces", post_interface)
    r.add_get("/v1/iinterfaces/{uuid}", show_interface)
    r.add_patch("/v1/iinterfaces/{uuid}", patch_interface)
    r.add_delete("/v1/iinterfaces/{uuid}", delete_interface_handler)
    r.add_get("/v1/iinterfaces/{uuid}/ports", list_interface_ports)
    r.add_get("/v1/ihosts/{host}/iinterfaces", list_host_interfaces)
    r.add_post("/v1/ihosts/{host}/iinterfaces", host_subcollection_forbidden)


__all__ = ["create_interface", "update_interface", "delete_interface", "destroy_interface", "interface_view"]
