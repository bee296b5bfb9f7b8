"""State shared by the sysinv networking resources: lookups, views, addresses, allocation, overlap checks.

Stored kinds (one dict per row, ids are the store's integer ids):

``addrpool``   name, network, prefix, family, order, ranges [[start, end]], floating_address_id,
               controller0_address_id, controller1_address_id, gateway_address_id
``address``    name, address, prefix, family, enable_dad, pool_id (addrpool id or None), interface_id
``network``    type, name, dynamic, address_pool_id (primary pool id or None), primary_pool_family
``network_addrpool``   network_id, address_pool_id
``iinterface`` forihostid, ifname, iftype, ifclass, imac, imtu, uses (list of iinterface *ids*), vlan_id, ...
``interface_network``  interface_id, network_id
``ethernet_port``  host_id, interface_id, interface_uuid, name, mac, ... (inventory.py; sysinv Port names)
``platform_flag``  name: ``initial_config_complete`` (controller-0's first enable) and
                   ``mgmt_network_reconfiguration_ongoing`` (AIO-SX mgmt change pending until the unlock)

Sources (starlingx/config, sysinv/sysinv/sysinv/sysinv/): common/address_pool.py (populate, assign, overlaps),
api/controllers/v1/utils.py (is_address_assigned, is_aio_simplex_host_unlocked, check_disallow_during_upgrades),
common/utils.py (format_address_name = "{hostname}-{networktype}").

Differences from the real service: ``random`` allocation order is pseudo-random but reproducible (seeded from
the pool and its usage), so a replayed state allocates the same addresses.
"""

from ...http import ApiError
from . import addressing

# common/constants.py
MGMT = "mgmt"
ADMIN = "admin"
OAM = "oam"
MULTICAST = "multicast"
DATA = "data"
SYSTEM_CONTROLLER = "system-controller"
SYSTEM_CONTROLLER_OAM = "system-controller-oam"
CLUSTER_HOST = "cluster-host"
CLUSTER_POD = "cluster-pod"
CLUSTER_SERVICE = "cluster-service"
PXEBOOT = "pxeboot"
IRONIC = "ironic"
STORAGE = "storage"
PCI_PASSTHROUGH = "pci-passthrough"
PCI_SRIOV = "pci-sriov"

CONTROLLER = "controller"
WORKER = "worker"
STORAGE_PERSONALITY = "storage"
SIMPLEX = "simplex"
DUPLEX = "duplex"
LOCKED = "locked"
PROVISIONING = "provisioning"

CONTROLLER_HOSTNAME = "controller"
CONTROLLER_0_HOSTNAME = "controller-0"
CONTROLLER_1_HOSTNAME = "controller-1"
CONTROLLER_GATEWAY = "controller-gateway"

ADDRESS_FIELDS = ("floating_address", "controller0_address", "controller1_address", "gateway_address")
ADDRESS_ID_FIELDS = {f: f + "_id" for f in ADDRESS_FIELDS}
HOSTNAME_ADDRESS_ID_FIELDS = {CONTROLLER_HOSTNAME: "floating_address_id",
                              CONTROLLER_0_HOSTNAME: "controller0_address_id",
                              CONTROLLER_1_HOSTNAME: "controller1_address_id",
                              CONTROLLER_GATEWAY: "gateway_address_id"}
FIELD_HOSTNAMES = {"floating_address": CONTROLLER_HOSTNAME, "controller0_address": CONTROLLER_0_HOSTNAME,
                   "controller1_address": CONTROLLER_1_HOSTNAME, "gateway_address": CONTROLLER_GATEWAY}
BASE_ADDRESS_SET = {CONTROLLER_HOSTNAME: "floating_address_id", CONTROLLER_0_HOSTNAME: "controller0_address_id",
                    CONTROLLER_1_HOSTNAME: "controller1_address_id"}
MULTICAST_ADDRESS_SET = {"sm-mgmt-ip": None, "mtce-mgmt-ip": None, "patch-controller-mgmt-ip": None,
                         "patch-agent-mgmt-ip": None}
REQUIRED_ADDRESS_SET_INDEX = {MGMT: BASE_ADDRESS_SET, ADMIN: BASE_ADDRESS_SET, PXEBOOT: BASE_ADDRESS_SET,
                              CLUSTER_HOST: BASE_ADDRESS_SET, IRONIC: BASE_ADDRESS_SET, STORAGE: BASE_ADDRESS_SET,
                              MULTICAST: MULTICAST_ADDRESS_SET}
# Networks whose controller c0/c1 addresses are dropped on simplex (Story 2011191, _get_hostname_field_index)
SX_FLOATING_ONLY = (ADMIN, MGMT, CLUSTER_HOST, STORAGE, PXEBOOT)
ADDRESS_INTERFACE_ASSIGNABLE_NETS = (MGMT, OAM, CLUSTER_HOST, PXEBOOT, STORAGE, ADMIN, IRONIC)
DYNAMIC_ALLOCATION_ENABLED_NETS = (MGMT, CLUSTER_HOST, STORAGE)
ALLOWED_OVERLAP_INDEX = {OAM: [SYSTEM_CONTROLLER_OAM], SYSTEM_CONTROLLER_OAM: [OAM],
                         CLUSTER_POD: [CLUSTER_SERVICE, CLUSTER_HOST],
                         CLUSTER_SERVICE: [CLUSTER_POD, CLUSTER_HOST],
                         CLUSTER_HOST: [CLUSTER_POD, CLUSTER_SERVICE]}

MGMT_RECONFIG_FLAG = "mgmt_network_reconfiguration_ongoing"
INITIAL_CONFIG_FLAG = "initial_config_complete"


def format_address_name(hostname, network_type):
    """common/utils.py format_address_name."""
    return "%s-%s" % (hostname, network_type)


# -- system and hosts ----------------------------------------------------------------------------------------
def system(scope):
    """The isystem record ({} before bootstrap); system.py owns it."""
    from . import system as system_module

    return system_module.system(scope) or {}


def system_mode(scope):
    return system(scope).get("system_mode") or SIMPLEX


def is_simplex(scope):
    return system_mode(scope) == SIMPLEX


def dc_role(scope):
    return system(scope).get("distributed_cloud_role")


def migrating_to_duplex(scope):
    """isystem capabilities simplex_to_duplex_migration (set by a simplex -> duplex system_mode change)."""
    caps = system(scope).get("capabilities") or {}
    return bool(caps.get("simplex_to_duplex_migration") or caps.get("simplex_to_duplex-direct_migration"))


def hosts(scope, personality=None):
    if personality is None:
        return scope.all("ihost")
    return scope.all("ihost", personality=personality)


def host_by_ident(scope, ident):
    """A host by integer id, uuid or hostname (hosts.find_host, sysinv's identity filter); None when unknown."""
    from .hosts import find_host

    if isinstance(ident, dict):
        return ident
    try:
        return find_host(scope, ident)
    except ApiError:
        return None


def host_of(scope, obj):
    return scope.by_id("ihost", obj["forihostid"]) if obj.get("forihostid") is not None else None


def platform_flag(scope, name):
    return scope.first("platform_flag", name=name) is not None


def set_platform_flag(scope, name, value=True):
    existing = scope.first("platform_flag", name=name)
    if value and existing is None:
        scope.add("platform_flag", {"name": name})
    elif not value and existing is not None:
        scope.remove("platform_flag", existing)


def initial_config_complete(scope):
    """``/etc/platform/.initial_config_complete``: written by controller-0's first unlock.

    Emulated as the ``initial_config_complete`` platform flag, or any controller already provisioned.
    """
    if platform_flag(scope, INITIAL_CONFIG_FLAG):
        return True
    return any(h.get("invprovision") == "provisioned" for h in hosts(scope, CONTROLLER))


def aio_simplex_host_unlocked(scope, host):
    """v1/utils.py is_aio_simplex_host_unlocked."""
    return (is_simplex(scope) and host.get("administrative") != LOCKED
            and host.get("invprovision") != PROVISIONING)


def check_simplex_controllers_locked(scope, message):
    """Refuse when an AIO-SX controller is unlocked; ``message`` is formatted with the hostname."""
    for host in hosts(scope, CONTROLLER):
        if aio_simplex_host_unlocked(scope, host):
            raise ApiError(400, message.format(host["hostname"]))


def check_disallow_during_upgrades(scope):
    """v1/utils.py check_disallow_during_upgrades: any USM deploy (GET /v1/deploy/software_upgrade is not
    empty) or a kubernetes upgrade refuses the request."""
    if scope.all("deploy"):
        raise ApiError(400, "Action rejected while a platform upgrade is in progress")
    if scope.all("kube_upgrade"):
        raise ApiError(400, "Action rejected while a kubernetes upgrade is in progress")


def set_mgmt_reconfig_flag(scope):
    """conductor set_mgmt_network_reconfig_flag: MGMT_NETWORK_RECONFIGURATION_ONGOING until the next unlock."""
    set_platform_flag(scope, MGMT_RECONFIG_FLAG)


def mgmt_reconfig_ongoing(scope):
    return platform_flag(scope, MGMT_RECONFIG_FLAG)


# -- address pools -------------------------------------------------------------------------------------------
def pool_get(scope, ident):
    """db api _address_pool_get: by integer id, uuid or name; 404 AddressPoolNotFound."""
    pool = None
    if ident is not None:
        pool = scope.by_id("addrpool", ident)
        if pool is None:
            pool = scope.first("addrpool", name=str(ident))
    if pool is None:
        raise ApiError(404, "Address pool %s not found" % ident)
    return pool


def address_value(scope, address_id):
    if address_id is None:
        return None
    address = scope.by_id("address", address_id)
    return address["address"] if address else None


def pool_dict(scope, pool):
    """The pool with its four address values resolved (objects.address_pool)."""
    out = dict(pool)
    for field, id_field in ADDRESS_ID_FIELDS.items():
        out[field] = address_value(scope, pool.get(id_field))
    return out


POOL_LIST_FIELDS = ("uuid", "name", "network", "prefix", "family", "order", "ranges", "controller0_address",
                    "controller0_address_id", "controller1_address", "controller1_address_id", "floating_address",
                    "floating_address_id", "gateway_address", "gateway_address_id")


def pool_view(scope, pool, expand=True):
    """v1/address_pool.py AddressPool.convert_with_links: collections omit id and timestamps."""
    data = pool_dict(scope, pool)
    fields = POOL_LIST_FIELDS
    if expand:
        fields = ("id",) + fields + ("created_at", "updated_at")
    return {f: data.get(f) for f in fields}


def pool_addresses(scope, pool):
    return scope.all("address", pool_id=pool["id"])


def network_addrpools_of_pool(scope, pool):
    return scope.all("network_addrpool", address_pool_id=pool["id"])


def networks_of_pool(scope, pool):
    """db api networks_get_by_pool: networks linked to the pool through network_addrpool."""
    nets = []
    for link in network_addrpools_of_pool(scope, pool):
        net = scope.by_id("network", link["network_id"])
        if net is not None and net not in nets:
            nets.append(net)
    return nets


def pools_of_network(scope, network):
    """Primary pool first, then the secondary (address_pools_get_by_network_type ordering)."""
    pools = []
    for link in scope.all("network_addrpool", network_id=network["id"]):
        pool = scope.by_id("addrpool", link["address_pool_id"])
        if pool is not None:
            pools.append(pool)
    pools.sort(key=lambda p: (p["id"] != network.get("address_pool_id"), p["id"]))
    return pools


# -- networks ------------------------------------------------------------------------------------------------
def network_get(scope, uuid):
    net = scope.get("network", uuid) if uuid is not None else None
    if net is None:
        raise ApiError(404, "Network %s could not be found." % uuid)
    return net


def network_by_type(scope, network_type):
    return scope.first("network", type=network_type)


def network_pool_uuid(scope, network):
    if network.get("address_pool_id") is None:
        return None
    pool = scope.by_id("addrpool", network["address_pool_id"])
    return pool["uuid"] if pool else None


def network_view(scope, network, expand=True):
    data = {"id": network["id"], "uuid": network["uuid"], "type": network.get("type"), "name": network.get("name"),
            "dynamic": network.get("dynamic"), "pool_uuid": network_pool_uuid(scope, network),
            "primary_pool_family": network.get("primary_pool_family")}
    if expand:
        data["created_at"] = network.get("created_at")
        data["updated_at"] = network.get("updated_at")
    return data


# -- addresses -----------------------------------------------------------------------------------------------
def address_by_address(scope, value):
    try:
        wanted = addressing.normalise(value)
    except Exception:  # noqa: BLE001
        return None
    for address in scope.all("address"):
        if address.get("address") == wanted:
            return address
    return None


def address_pool_uuid(scope, address):
    if address.get("pool_id") is None:
        return None
    pool = scope.by_id("addrpool", address["pool_id"])
    return pool["uuid"] if pool else None


def create_address(scope, **values):
    values.setdefault("enable_dad", values.get("family") == addressing.IPV6)
    values.setdefault("interface_id", None)
    values.setdefault("pool_id", None)
    return scope.add("address", values)


def is_address_assigned(scope, address):
    """v1/utils.py is_address_assigned: on an interface, or in a pool used by a network or an address mode."""
    if address.get("interface_id") is not None:
        return True
    if address.get("pool_id") is None:
        return False
    if scope.all("network_addrpool", address_pool_id=address["pool_id"]):
        return True
    pool_uuid = address_pool_uuid(scope, address)
    return any(i.get("ipv4_pool") == pool_uuid or i.get("ipv6_pool") == pool_uuid
               for i in scope.all("iinterface") if pool_uuid)


def disassociate_address_from_pool(scope, address):
    """common/address_pool.py disassociate_address_from_pool: clear the pool field pointing at it."""
    if address.get("pool_id") is None:
        return
    pool = scope.by_id("addrpool", address["pool_id"])
    if pool is None:
        return
    for id_field in ADDRESS_ID_FIELDS.values():
        if pool.get(id_field) == address["id"]:
            pool[id_field] = None
            scope.save("addrpool", pool)
            return


def next_available_address(scope, pool, order=None):
    """common/address_pool.py get_next_available_ip_address (409 AddressPoolExhausted)."""
    in_use = [a["address"] for a in pool_addresses(scope, pool)]
    order = order or pool.get("order") or addressing.RANDOM
    chosen = addressing.select_address(pool["ranges"], in_use, order, seed="%s/%d" % (pool["uuid"], len(in_use)))
    if chosen is None:
        raise ApiError(409, "Address pool %s has no available addresses" % pool["name"])
    return chosen


def _hostname_field_index(scope, network_type):
    """common/address_pool.py _get_hostname_field_index: {hostname: (id field, mandatory)}."""
    entries = {hostname: (field, False) for hostname, field in HOSTNAME_ADDRESS_ID_FIELDS.items()}
    for hostname, field in REQUIRED_ADDRESS_SET_INDEX.get(network_type, {}).items():
        entries[hostname] = (field, True)
        if is_simplex(scope) and network_type in SX_FLOATING_ONLY and \
                hostname in (CONTROLLER_0_HOSTNAME, CONTROLLER_1_HOSTNAME):
            del entries[hostname]
    return entries


def populate_network_pool_addresses(scope, pool, network_type):
    """common/address_pool.py populate_network_pool_addresses: allocate the required addresses (sequentially)
    and rename the pool's addresses ``{hostname}-{networktype}``."""
    for hostname, (field, mandatory) in _hostname_field_index(scope, network_type).items():
        name = format_address_name(hostname, network_type)
        address_id = pool.get(field) if field else None
        address = scope.by_id("address", address_id) if address_id else None
        if address is None and mandatory:
            value = next_available_address(scope, pool, addressing.SEQUENTIAL)
            address = address_by_address(scope, value)
            if address is not None:
                if address.get("pool_id") != pool["id"]:
                    disassociate_address_from_pool(scope, address)
            else:
                address = create_address(scope, address=value, name=name, prefix=pool["prefix"],
                                         family=pool["family"], pool_id=pool["id"])
            if field:
                pool[field] = address["id"]
                scope.save("addrpool", pool)
        if address is not None and (address.get("name") != name or address.get("pool_id") != pool["id"]):
            address["name"] = name
            address["pool_id"] = pool["id"]
            scope.save("address", address)


def assign_pool_addresses_to_interfaces(scope, pool, network):
    """common/address_pool.py assign_pool_addresses_to_interfaces: a new pool reaches the interfaces that
    already carry the network."""
    for link in scope.all("interface_network", network_id=network["id"]):
        interface = scope.by_id("iinterface", link["interface_id"])
        host = host_of(scope, interface) if interface else None
        if host is not None:
            assign_network_addresses_to_interface(scope, host, interface, network, [pool])


def assign_network_addresses_to_interface(scope, host, interface, network, pools):
    """common/address_pool.py assign_network_addresses_to_interface."""
    if network["type"] not in ADDRESS_INTERFACE_ASSIGNABLE_NETS:
        return
    if host.get("personality") == CONTROLLER:
        if is_simplex(scope) and network["type"] in (OAM,) + SX_FLOATING_ONLY:
            hostname = CONTROLLER_HOSTNAME
        else:
            hostname = host.get("hostname")
        id_field = HOSTNAME_ADDRESS_ID_FIELDS.get(hostname)
        for pool in pools:
            address_id = pool.get(id_field) if id_field else None
            address = scope.by_id("address", address_id) if address_id else None
            if address is None:
                continue
            address["interface_id"] = interface["id"]
            scope.save("address", address)
        _refresh_mgmt_ip(scope, host, network)
        return
    name = format_address_name(host.get("hostname"), network["type"])
    with_address = set()
    for pool in pools:
        existing = [a for a in scope.all("address", name=name) if a.get("family") == pool["family"]]
        if existing:
            existing[0]["interface_id"] = interface["id"]
            scope.save("address", existing[0])
            with_address.add(pool["id"])
    if network.get("dynamic") and network["type"] in DYNAMIC_ALLOCATION_ENABLED_NETS:
        for pool in pools:
            if pool["id"] not in with_address:
                allocate_pool_address(scope, pool, name, interface["id"])
    _refresh_mgmt_ip(scope, host, network)


def host_mgmt_ip(scope, host):
    """v1/utils.py get_mgmt_ip: the ``{hostname}-mgmt`` address of the primary mgmt family (on AIO-SX
    controller-0's is ``controller-mgmt``); during an AIO-SX mgmt reconfiguration the old address stays in use
    until the unlock (the stored value)."""
    if mgmt_reconfig_ongoing(scope):
        return host.get("mgmt_ip")
    hostname = host.get("hostname")
    if not hostname:
        return None
    if is_simplex(scope) and hostname == CONTROLLER_0_HOSTNAME:
        hostname = CONTROLLER_HOSTNAME
    mgmt = network_by_type(scope, MGMT)
    family = {"IPv4": addressing.IPV4, "IPv6": addressing.IPV6}.get((mgmt or {}).get("primary_pool_family"))
    for address in scope.all("address", name=format_address_name(hostname, MGMT)):
        if family is None or address.get("family") == family:
            return address["address"]
    return None


def _refresh_mgmt_ip(scope, host, network):
    """Keep ``ihost.mgmt_ip`` what sysinv would show (conductor mgmt_ip_set_by_ihost / get_mgmt_ip)."""
    if network["type"] != MGMT or mgmt_reconfig_ongoing(scope):
        return
    value = host_mgmt_ip(scope, host)
    if value and host.get("mgmt_ip") != value:
        host["mgmt_ip"] = value
        scope.save("ihost", host)


def allocate_pool_address(scope, pool, name=None, interface_id=None, order=None):
    """common/address_pool.py _do_alloc_pool_address_to_interface (pool order, default random)."""
    value = next_available_address(scope, pool, order)
    values = {"address": value, "prefix": pool["prefix"], "family": pool["family"],
              "enable_dad": pool["family"] == addressing.IPV6, "pool_id": pool["id"], "interface_id": interface_id}
    if name:
        values["name"] = name
    existing = address_by_address(scope, value)
    if existing is not None:
        if existing.get("pool_id") != pool["id"]:
            disassociate_address_from_pool(scope, existing)
        existing.update(values)
        scope.save("address", existing)
        return existing
    values.setdefault("name", None)
    return create_address(scope, **values)


def check_pool_overlaps(scope, ref_pools, network_types=None, show_ref_id=True):
    """common/address_pool.py check_address_pools_overlaps (409 AddressPoolOverlaps).

    Only pools attached to a network or selected by an interface address mode are compared; the allowed
    overlaps of ALLOWED_OVERLAP_INDEX are skipped.
    """
    assigned = {}
    for iface in scope.all("iinterface"):
        for key in ("ipv4_pool", "ipv6_pool"):
            if iface.get(key):
                assigned.setdefault(iface[key], {})["interface"] = iface
    for link in scope.all("network_addrpool"):
        pool = scope.by_id("addrpool", link["address_pool_id"])
        if pool is not None:
            assigned.setdefault(pool["uuid"], {})["network"] = scope.by_id("network", link["network_id"])
    for ref in ref_pools:
        assigned.pop(ref.get("uuid"), None)
    if not assigned:
        return
    allowed = set()
    for net_type in network_types or ():
        allowed.update(ALLOWED_OVERLAP_INDEX.get(net_type, ()))
    texts = []
    for ref in ref_pools:
        conflicts = []
        for pool in scope.all("addrpool"):
            entry = assigned.get(pool["uuid"])
            if not entry or not addressing.overlaps(ref["network"], ref["prefix"], pool["network"], pool["prefix"]):
                continue
            network = entry.get("network")
            if allowed and network is not None and network["type"] in allowed:
                continue
            parts = []
            if network is not None:
                parts.append("to %s network" % network["type"])
            iface = entry.get("interface")
            if iface is not None:
                host = host_of(scope, iface) or {}
                parts.append("to '%s' interface in host %s" % (iface["ifname"], host.get("hostname")))
            conflicts.append("'%s' {%s} assigned %s" % (pool["name"], pool["uuid"], " and ".join(parts)))
        if conflicts:
            ref_id = " '%s' {%s}" % (ref.get("name"), ref.get("uuid")) if show_ref_id else ""
            texts.append("Address pool%s %s/%s overlaps with: %s"
                         % (ref_id, ref["network"], ref["prefix"], ", ".join(conflicts)))
    if texts:
        raise ApiError(409, "\n".join(texts))


# -- interfaces ----------------------------------------------------------------------------------------------
def interface_get(scope, ident, host=None):
    """db api _iinterface_get: by uuid, id or name (within a host); 400 InvalidParameterValue when missing."""
    iface = None
    if ident is not None:
        candidates = scope.all("iinterface", forihostid=host["id"]) if host else scope.all("iinterface")
        for i in candidates:
            if i["uuid"] == str(ident) or str(i["id"]) == str(ident) or i.get("ifname") == str(ident) or \
                    (i.get("imac") and i.get("imac") == str(ident).lower()):
                iface = i
                break
    if iface is None:
        raise ApiError(400, "No entry found for interface %s" % ident)
    return iface


def interface_networks_of(scope, interface):
    return scope.all("interface_network", interface_id=interface["id"])


def networktypelist(scope, interface):
    types = []
    for link in interface_networks_of(scope, interface):
        net = scope.by_id("network", link["network_id"])
        if net is not None:
            types.append(net["type"])
    return types


def interface_names(scope, ids):
    names = []
    for ident in ids or ():
        iface = scope.by_id("iinterface", ident)
        if iface is not None:
            names.append(iface["ifname"])
    return names


def used_by(scope, interface):
    return [i for i in scope.all("iinterface", forihostid=interface["forihostid"])
            if interface["id"] in (i.get("uses") or [])]


def set_address_mode(scope, interface, family, mode, pool_uuid=None):
    """v1/utils.py update_address_mode (the interface's ipv4_mode/ipv6_mode + pool)."""
    key = "ipv4" if family == addressing.IPV4 else "ipv6"
    current_mode, current_pool = interface.get(key + "_mode"), interface.get(key + "_pool")
    if current_mode == mode and (mode != "pool" or current_pool == pool_uuid):
        return
    if current_mode == "pool" or not mode or mode == "disabled":
        for address in scope.all("address", interface_id=interface["id"], family=family):
            scope.remove("address", address)
    interface[key + "_mode"] = mode
    interface[key + "_pool"] = pool_uuid
    scope.save("iinterface", interface)


def allocate_host_addresses(scope, host):
    """conductor _allocate_addresses_for_host (configure_ihost): the host's ``{hostname}-mgmt`` address in
    every mgmt pool (kept when it exists, e.g. controller-1's c1 address, else allocated in the pool's order),
    then ``{hostname}-cluster-host`` for a non-controller."""
    hostname = host.get("hostname")
    if not hostname:
        return
    mgmt_iface = None
    for iface in scope.all("iinterface", forihostid=host["id"]):
        if MGMT in networktypelist(scope, iface):
            mgmt_iface = iface
            break
    name_host = CONTROLLER_HOSTNAME if is_simplex(scope) and hostname == CONTROLLER_0_HOSTNAME else hostname
    wanted = [(MGMT, name_host, mgmt_iface["id"] if mgmt_iface else None)]
    if host.get("personality") != CONTROLLER:
        wanted.append((CLUSTER_HOST, hostname, None))
    for net_type, name_host, iface_id in wanted:
        network = network_by_type(scope, net_type)
        if network is None:
            continue
        name = format_address_name(name_host, net_type)
        for pool in pools_of_network(scope, network):
            existing = [a for a in scope.all("address", name=name) if a.get("family") == pool["family"]]
            if existing:
                if iface_id is not None and existing[0].get("interface_id") != iface_id:
                    existing[0]["interface_id"] = iface_id
                    scope.save("address", existing[0])
                continue
            allocate_pool_address(scope, pool, name, iface_id)
    network = network_by_type(scope, MGMT)
    if network is not None:
        _refresh_mgmt_ip(scope, host, network)


def release_host_addresses(scope, host):
    """conductor _unallocate_addresses_for_host (host delete): the host's own mgmt/cluster-host (and for a
    controller oam/pxeboot/admin) addresses go; controller addresses a pool refers to only lose their
    interface."""
    hostname = host.get("hostname")
    if not hostname:
        return
    types = [MGMT, CLUSTER_HOST]
    if host.get("personality") == CONTROLLER:
        types += [OAM, PXEBOOT, ADMIN]
    pool_refs = {p.get(f) for p in scope.all("addrpool") for f in ADDRESS_ID_FIELDS.values()}
    for net_type in types:
        for address in scope.all("address", name=format_address_name(hostname, net_type)):
            if address["id"] in pool_refs:
                if address.get("interface_id") is not None:
                    address["interface_id"] = None
                    scope.save("address", address)
            else:
                scope.remove("address", address)
