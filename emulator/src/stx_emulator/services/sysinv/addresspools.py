"""sysinv address pools: ``/v1/addrpools`` (GET, POST) and ``/v1/addrpools/{uuid}`` (GET, PATCH, DELETE).

Source: starlingx/config sysinv/api/controllers/v1/address_pool.py and common/address_pool.py; error texts
from common/exception.py. Internal entry point for bootstrap: :func:`create_pool`.

Rules kept as the real service has them (reference sysinv.md §5):
- POST checks syntax first (``validate_syntax``: ValueErrors and missing-attribute TypeErrors are HTTP 500,
  faultcode Server), then fills the default range (409 "...must be at least /30" below four addresses), then
  name (409), subnet size/host bits (400), ranges (409), addresses (400). POST never checks overlap with other
  pools; overlap is checked when a pool is attached (networks, network_addresspools) and on PATCH of
  network/prefix.
- Quirk: a floating/controller address must lie in *every* range, so with two ranges they are refused. At POST
  the range check only uses ranges given by the client (none given: no range check).
- PATCH: only ``replace`` (``add`` on a top-level path is a 400; ``remove`` or a nested ``add`` hits a
  formatting bug in sysinv and is a 500 "not all arguments converted during string formatting").
  Address fields are cleared with "none", "null", "nothing", "empty", "undefined" or "unspecified".
- After initial configuration a pool attached to a network may change only per the readonly table (§5.3),
  otherwise 409 "Address pool is read-only and cannot be modified or removed".

Differences from the real service:
- Docker ``no_proxy`` service parameters and DC routes to the system controller are not maintained.
"""

import copy

import netaddr

from ...http import ApiError, json_response, read_json
from . import addressing, apitypes, hostconfig, netstate
from . import paginate
from .apitypes import no_content
from .apitypes import wsexpose

SCHEMA = {
    "id": "int", "uuid": "uuid", "name": "text", "network": "ip", "prefix": "int", "family": "int",
    "order": "text", "ranges": "ranges", "created_at": "any", "updated_at": "any",
    "controller0_address": "ip", "controller0_address_id": "int",
    "controller1_address": "ip", "controller1_address_id": "int",
    "floating_address": "ip", "floating_address_id": "int",
    "gateway_address": "ip", "gateway_address_id": "int",
}
READONLY_PATHS = ("/id", "/uuid", "/controller0_address_id", "/controller1_address_id", "/floating_address_id",
                  "/gateway_address_id")
NULL_VALUES = ("none", "null", "nothing", "empty", "undefined", "unspecified")
# Pools of these networks stay writable after initial configuration (re-homing a subcloud)
SUBCLOUD_WRITABLE_NETWORK_TYPES = (netstate.ADMIN, netstate.SYSTEM_CONTROLLER, netstate.SYSTEM_CONTROLLER_OAM)
AIOSX_RUNTIME_WRITABLE_NETWORK_TYPES = (netstate.MGMT, netstate.STORAGE)
SX_TO_DX_WRITABLE_NETWORK_TYPES = (netstate.MGMT, netstate.CLUSTER_HOST, netstate.STORAGE, netstate.PXEBOOT)
REQUIRED_ADDRESS_NETWORKS = (netstate.OAM, netstate.MGMT, netstate.ADMIN, netstate.PXEBOOT)
UNLOCKED_MESSAGE = "Cannot complete the action because Host {} is in administrative state = unlocked"


# -- validate_syntax (AddressPool.validate_syntax: plain ValueError/TypeError -> 500) -------------------------
def _type_name(value):
    return "UnsetType" if value is apitypes.UNSET else type(value).__name__


def _validate_syntax(name, network, prefix, order):
    if not isinstance(name, str):
        raise ApiError(500, "object of type '%s' has no len()" % _type_name(name))
    if len(name) < 1:
        raise ApiError(500, "Name must not be an empty string")
    if not isinstance(prefix, int):
        raise ApiError(500, "'<' not supported between instances of '%s' and 'int'" % _type_name(prefix))
    if prefix < 1:
        raise ApiError(500, "Address prefix must be greater than 1")
    if not isinstance(network, str):
        raise ApiError(500, "unsupported operand type(s) for +: '%s' and 'str'" % _type_name(network))
    subnet = addressing.subnet_of(network, prefix)
    if subnet.network.value == 0:
        raise ApiError(500, "Network must not be null")
    if (subnet.ip & subnet.hostmask).value != 0:
        raise ApiError(500, "Host bits must be zero")
    address = addressing.ip(network)
    if not address.is_unicast() and not address.is_multicast():
        raise ApiError(500, "Network address must be a unicast address ora multicast address")
    if order and order not in addressing.ALLOCATION_ORDERS:
        raise ApiError(500, "Network address allocation order must be one of: %s"
                       % ", ".join(addressing.ALLOCATION_ORDERS))


def _check_name_conflict(scope, name):
    if scope.first("addrpool", name=name) is not None:
        raise ApiError(409, "Address pool %s already exists" % name)


def _check_address_duplicates(values):
    seen = {}
    for field in netstate.ADDRESS_FIELDS:
        address = values.get(field)
        if not address:
            continue
        if address in seen:
            raise ApiError(400, "%s can not be the same as %s: %s" % (field, seen[address], address))
        seen[address] = field


def _check_valid_address(subnet, field, address, ranges=None):
    addr = addressing.ip(address)
    addressing.check_address_within_subnet(addr, subnet)
    if ranges and field != "gateway_address":
        addressing.check_address_within_ranges(addr, ranges)


def _check_address_assigned(scope, address):
    if netstate.is_address_assigned(scope, address):
        if address.get("interface_id") is not None:
            iface = scope.by_id("iinterface", address["interface_id"]) or {}
            raise ApiError(400, "Address {} already assigned to the {} interface in host {}".format(
                address["address"], iface.get("ifname"), iface.get("forihostid")))
        if address.get("pool_id") is not None:
            raise ApiError(400, "Address {} already assigned to the following address pool: {}".format(
                address["address"], netstate.address_pool_uuid(scope, address)))


# -- create ---------------------------------------------------------------------------------------------------
def create_pool(scope, **fields):
    """Create an address pool exactly as ``POST /v1/addrpools`` does and return the stored ``addrpool``.

    ``fields``: name, network, prefix, order, ranges ([[start, end], ...]), floating_address,
    controller0_address, controller1_address, gateway_address (strings or ints, as the API accepts).
    Raises ApiError on any validation failure (same status and faultstring as the API).
    """
    data = apitypes.parse_body(fields, SCHEMA, "addrpool")
    name = data.get("name", apitypes.UNSET)
    network = data.get("network", apitypes.UNSET)
    prefix = data.get("prefix", apitypes.UNSET)
    order = data.get("order", apitypes.UNSET)
    _validate_syntax(name, network, prefix, order)
    network = addressing.normalise(network)
    family = addressing.ip(network).version
    if "order" not in data:
        order = addressing.RANDOM
    given_ranges = data.get("ranges")
    ranges = given_ranges or addressing.default_range(network, prefix)
    ranges = addressing.sort_ranges([list(r) for r in ranges])
    subnet = addressing.subnet_of(network, prefix)

    _check_name_conflict(scope, name)
    addressing.check_valid_subnet(subnet)
    addressing.check_valid_ranges(ranges, subnet)
    _check_address_duplicates(data)

    existing = {}
    for field in netstate.ADDRESS_FIELDS:  # _get_existing_addresses
        value = data.get(field)
        if not value:
            continue
        _check_valid_address(subnet, field, value, given_ranges)
        address = netstate.address_by_address(scope, value)
        if address is None:
            continue
        _check_address_assigned(scope, address)
        existing[field] = address

    pool = {"name": name, "network": network, "prefix": prefix, "family": family, "order": order,
            "ranges": ranges}
    for field in netstate.ADDRESS_FIELDS:
        pool[netstate.ADDRESS_ID_FIELDS[field]] = None
    pool = scope.add("addrpool", pool)
    for field in netstate.ADDRESS_FIELDS:
        value = data.get(field)
        if not value:
            continue
        address = existing.get(field)
        values = {"name": "%s-%s" % (name, field), "prefix": prefix, "pool_id": pool["id"],
                  "enable_dad": family == addressing.IPV6}
        if address is not None:
            netstate.disassociate_address_from_pool(scope, address)
            address.update(values)
            scope.save("address", address)
        else:
            address = netstate.create_address(scope, address=addressing.normalise(value), family=family, **values)
        pool[netstate.ADDRESS_ID_FIELDS[field]] = address["id"]
    scope.save("addrpool", pool, touch=False)
    return pool


# -- modification rules ----------------------------------------------------------------------------------------
def _populating_incomplete_controller_address(scope, pool, updates):
    current = netstate.pool_dict(scope, pool)
    for field, value in updates.items():
        if field not in ("controller0_address", "controller1_address"):
            return False
        if current.get(field) or not value:
            return False
    return len(updates) > 0


def check_modification_allowed(scope, network_types, pool=None, updates=None):
    """AddressPoolController._check_modification_allowed (PATCH and DELETE)."""
    if not netstate.initial_config_complete(scope):
        return
    mode = netstate.system_mode(scope)
    for nw_type in network_types:
        if nw_type == netstate.OAM:
            netstate.check_disallow_during_upgrades(scope)
            continue
        if nw_type in SUBCLOUD_WRITABLE_NETWORK_TYPES:
            continue
        if nw_type in AIOSX_RUNTIME_WRITABLE_NETWORK_TYPES and mode == netstate.SIMPLEX:
            netstate.check_simplex_controllers_locked(scope, UNLOCKED_MESSAGE)
            continue
        if nw_type in SX_TO_DX_WRITABLE_NETWORK_TYPES and mode == netstate.DUPLEX and \
                netstate.migrating_to_duplex(scope):
            continue
        if pool is not None and updates and mode == netstate.DUPLEX and \
                _populating_incomplete_controller_address(scope, pool, updates):
            continue
        raise ApiError(409, "Address pool is read-only and cannot be modified or removed")


def _network_types(networks):
    return {n["type"] for n in networks}


def _is_primary(pool, networks):
    return any(n.get("address_pool_id") == pool["id"] for n in networks)


def _required_address_fields(scope, network_types):
    if any(t in REQUIRED_ADDRESS_NETWORKS for t in network_types):
        if netstate.is_simplex(scope):
            return ["floating_address"]
        return ["floating_address", "controller0_address", "controller1_address"]
    return []


def _operation_complete(scope, pool, network_types, is_primary, deleted=False):
    """_operation_complete: the conductor casts per network type."""
    if netstate.OAM in network_types:
        hostconfig.update_oam_config(scope)
    if netstate.MGMT in network_types and netstate.is_simplex(scope) and netstate.initial_config_complete(scope):
        hostconfig.update_mgmt_config(scope)
    if netstate.ADMIN in network_types:
        hosts = netstate.hosts(scope, netstate.CONTROLLER) if (is_primary and deleted) else \
            _hosts_of_pool(scope, pool)
        for host in hosts:
            hostconfig.update_admin_config(scope, host)


def _hosts_of_pool(scope, pool):
    """db api ihosts_get_by_addrpool: hosts with an interface holding an address of the pool."""
    out = []
    for address in netstate.pool_addresses(scope, pool):
        if address.get("interface_id") is None:
            continue
        iface = scope.by_id("iinterface", address["interface_id"])
        host = netstate.host_of(scope, iface) if iface else None
        if host is not None and host not in out:
            out.append(host)
    return out


# -- update ---------------------------------------------------------------------------------------------------
def validate_patch(ops):
    """AddressPoolPatchType.validate (runs while WSME parses the body, before the pool is looked up)."""
    for op in ops:
        if op["op"] in ("add", "remove"):  # msg % patch.path on a message without a placeholder
            raise ApiError(500, "not all arguments converted during string formatting")
        if op["path"] in READONLY_PATHS:
            raise ApiError(400, "'%s' is a read-only attribute and can not be updated" % op["path"])
    return ops


def update_pool(scope, pool, ops):
    """PATCH semantics (AddressPoolController._update_address_pool); ``ops`` from :func:`validate_patch`."""
    networks = netstate.networks_of_pool(scope, pool)
    is_primary = _is_primary(pool, networks)
    network_types = _network_types(networks)
    updates = {op["path"].lstrip("/"): op.get("value") for op in ops}
    check_modification_allowed(scope, network_types, pool, updates)

    # _validate_updates
    for field, value in list(updates.items()):
        if field in netstate.ADDRESS_FIELDS and isinstance(value, str) and value.lower() in NULL_VALUES:
            updates[field] = None
    original = netstate.pool_dict(scope, pool)
    new = copy.deepcopy(original)
    updated = set()
    for field, value in updates.items():
        if field not in new:
            raise ApiError(500, "'%s'" % field)  # KeyError in _apply_updates
        if new[field] != value:
            new[field] = value
            updated.add(field)
    subnet = addressing.subnet_of(new["network"], new["prefix"])
    if "name" in updated:
        if not isinstance(new["name"], str) or len(new["name"]) < 1:
            raise ApiError(500, "Name must not be an empty string")
        _check_name_conflict(scope, new["name"])
    check_ranges = False
    if "prefix" in updated or "network" in updated:
        addressing.check_valid_subnet(subnet, original["family"])
        netstate.check_pool_overlaps(scope, [new], network_types, show_ref_id=False)
        check_ranges = True
    if "ranges" in updated:
        _check_ranges_keep_allocations(scope, pool, new["ranges"])
        new["ranges"] = addressing.sort_ranges(new["ranges"])
        check_ranges = True
    if check_ranges:
        addressing.check_valid_ranges(new["ranges"], subnet)
    if "order" in updated and new["order"] and new["order"] not in addressing.ALLOCATION_ORDERS:
        raise ApiError(500, "Network address allocation order must be one of: %s"
                       % ", ".join(addressing.ALLOCATION_ORDERS))
    for field in netstate.ADDRESS_FIELDS:
        if new.get(field):
            _check_valid_address(subnet, field, new[field], new.get("ranges"))
    _check_address_duplicates(new)
    missing = [f for f in _required_address_fields(scope, network_types) if new.get(f) is None]
    if missing:
        raise ApiError(400, "The field%s must not be empty: %s" % ("s" if len(missing) > 1 else "",
                                                                   ", ".join(missing)))
    existing = {}
    for field in netstate.ADDRESS_FIELDS:  # _check_existing_addresses
        if field not in updated or not updates.get(field):
            continue
        address = netstate.address_by_address(scope, updates[field])
        if address is None or address.get("pool_id") == pool["id"]:
            continue
        _check_address_assigned(scope, address)
        existing[field] = address

    if netstate.MGMT in network_types and netstate.is_simplex(scope) and netstate.initial_config_complete(scope):
        netstate.set_mgmt_reconfig_flag(scope)

    _update_addresses(scope, pool, original, new, updated, network_types, existing)
    for field in ("name", "network", "prefix", "order", "ranges"):
        if field in updated:
            value = new[field]
            if field == "prefix":
                value = int(value)
            elif field == "network":
                value = addressing.normalise(value)
            pool[field] = value
    if "network" in updated:
        pool["family"] = addressing.ip(pool["network"]).version
    scope.save("addrpool", pool)
    _operation_complete(scope, pool, network_types, is_primary)
    return pool


def _check_ranges_keep_allocations(scope, pool, new_ranges):
    """_validate_range_updates: 409 AddressPoolRangesExcludeExistingAddress."""
    controller_ids = {pool.get(f) for f in netstate.ADDRESS_ID_FIELDS.values()}
    others = [a for a in netstate.pool_addresses(scope, pool) if a["id"] not in controller_ids]
    if not others:
        return
    try:
        keep = addressing.ranges_ipset(new_ranges)
    except (ValueError, TypeError, netaddr.AddrFormatError) as exc:  # unguarded netaddr.IPRange in sysinv
        raise ApiError(500, str(exc))
    lines = []
    for address in others:
        if address["address"] in keep:
            continue
        line = "%s/%s" % (address["address"], address["prefix"])
        iface = scope.by_id("iinterface", address["interface_id"]) if address.get("interface_id") else None
        if iface is not None:
            line += " for interface '%s' on host %s" % (iface["ifname"], iface["forihostid"])
        lines.append(line)
    if lines:
        raise ApiError(409, "The new address pool ranges excludes addresses that have already been allocated: %s"
                       % ", ".join(lines))


def _update_addresses(scope, pool, original, new, updated, network_types, existing):
    """_update_addresses: update, delete or create the four controller addresses of the pool."""
    prefix_updated = "prefix" in updated and int(new["prefix"]) != original["prefix"]
    prefix = int(new["prefix"])
    single_type = next(iter(network_types)) if len(network_types) == 1 else None
    migrating = netstate.migrating_to_duplex(scope) and any(
        t in network_types for t in (netstate.OAM, netstate.MGMT, netstate.ADMIN, netstate.CLUSTER_HOST,
                                     netstate.STORAGE, netstate.PXEBOOT))
    for field, id_field in netstate.ADDRESS_ID_FIELDS.items():
        current = original.get(field)
        address = scope.by_id("address", pool.get(id_field)) if pool.get(id_field) else None
        if field in updated and new[field] != current:
            value = new[field]
            if not value:
                if address is not None:
                    scope.remove("address", address)
                pool[id_field] = None
                continue
            if not current:
                name = netstate.format_address_name(netstate.FIELD_HOSTNAMES[field], single_type) if single_type \
                    else "%s-%s" % (pool["name"], field)
                values = {"address": addressing.normalise(value), "prefix": prefix, "family": pool["family"],
                          "enable_dad": pool["family"] == addressing.IPV6, "name": name, "pool_id": pool["id"]}
                if migrating and field == "controller0_address":
                    floating = scope.by_id("address", pool.get("floating_address_id"))
                    if floating is not None:  # _aio_sx_to_dx_address_migration
                        values["interface_id"] = floating.get("interface_id")
                        floating["interface_id"] = None
                        scope.save("address", floating)
                other = existing.get(field)
                if other is not None:
                    netstate.disassociate_address_from_pool(scope, other)
                    other.update(values)
                    scope.save("address", other)
                    address = other
                else:
                    address = netstate.create_address(scope, **values)
                pool[id_field] = address["id"]
                continue
            other = existing.get(field)
            if other is not None:  # _remove_conflicting_addresses
                netstate.disassociate_address_from_pool(scope, other)
                scope.remove("address", other)
            if address is not None:
                address["address"] = addressing.normalise(value)
                if prefix_updated:
                    address["prefix"] = prefix
                scope.save("address", address)
        elif prefix_updated and address is not None:
            address["prefix"] = prefix
            scope.save("address", address)


# -- delete ---------------------------------------------------------------------------------------------------
def delete_pool(scope, pool):
    networks = netstate.networks_of_pool(scope, pool)
    is_primary = _is_primary(pool, networks)
    network_types = _network_types(networks)
    primary_of = [n["type"] for n in networks
                  if n["type"] not in SUBCLOUD_WRITABLE_NETWORK_TYPES and n.get("address_pool_id") == pool["id"]]
    if primary_of:
        raise ApiError(400, "Address pool is the primary for the following network%s: %s. Not possible to delete."
                       % ("s" if len(primary_of) > 1 else "", ", ".join(primary_of)))
    check_modification_allowed(scope, network_types)
    admin_hosts = _hosts_of_pool(scope, pool) if netstate.ADMIN in network_types else []
    if netstate.MGMT in network_types and netstate.is_simplex(scope) and netstate.initial_config_complete(scope):
        netstate.set_mgmt_reconfig_flag(scope)
    if is_primary:
        for network in networks:
            for other in netstate.pools_of_network(scope, network):
                if other["id"] == pool["id"]:
                    continue
                for address in netstate.pool_addresses(scope, other):
                    if address.get("interface_id") is not None:
                        address["interface_id"] = None
                        scope.save("address", address)
    for address in netstate.pool_addresses(scope, pool):
        scope.remove("address", address)
    # address_pool_destroy cascades: network links, networks whose primary pool it is, interface address modes
    for link in netstate.network_addrpools_of_pool(scope, pool):
        scope.remove("network_addrpool", link)
    for network in scope.all("network", address_pool_id=pool["id"]):
        from .networks import destroy_network

        destroy_network(scope, network)
    for iface in scope.all("iinterface"):
        for key in ("ipv4_pool", "ipv6_pool"):
            if iface.get(key) == pool["uuid"]:
                iface[key] = None
                scope.save("iinterface", iface)
    scope.remove("addrpool", pool)
    if netstate.OAM in network_types:
        hostconfig.update_oam_config(scope)
    if netstate.MGMT in network_types and netstate.is_simplex(scope) and netstate.initial_config_complete(scope):
        hostconfig.update_mgmt_config(scope)
    if netstate.ADMIN in network_types:
        hosts = netstate.hosts(scope, netstate.CONTROLLER) if is_primary else admin_hosts
        for host in hosts:
            hostconfig.update_admin_config(scope, host)


# -- HTTP -----------------------------------------------------------------------------------------------------
def _get(scope, request):
    uuid = apitypes.path_uuid(request.match_info["uuid"], "address_pool_uuid")
    pool = scope.get("addrpool", uuid)
    if pool is None:
        raise ApiError(404, "Address pool %s not found" % uuid)
    return pool


@wsexpose("parent_uuid:uuid", "marker:uuid", "limit:int", "network_type", "sort_key", "sort_dir")
async def list_pools(request):
    scope = request["scope"]
    network_type = request.query.get("network_type")
    if network_type:
        network = netstate.network_by_type(scope, network_type)
        pools = netstate.pools_of_network(scope, network) if network else []
        return json_response({"addrpools": [netstate.pool_view(scope, p, expand=False) for p in pools]})
    return json_response(paginate(request, "addrpools", scope.all("addrpool"),
                                  lambda p: netstate.pool_view(scope, p, expand=False)))


@wsexpose("address_pool_uuid:uuid")
async def show_pool(request):
    scope = request["scope"]
    return json_response(netstate.pool_view(scope, _get(scope, request)))


@wsexpose(body="addrpool")
async def post_pool(request):
    scope = request["scope"]
    body = await read_json(request, default={})
    if not isinstance(body, dict):  # wsme fromjson calls value.keys()
        raise ApiError(500, "'%s' object has no attribute 'keys'" % type(body).__name__)
    pool = create_pool(scope, **body)
    return json_response(netstate.pool_view(scope, pool))


@wsexpose("address_pool_uuid:uuid", body="patch")
async def patch_pool(request):
    scope = request["scope"]
    apitypes.path_uuid(request.match_info["uuid"], "address_pool_uuid")
    ops = validate_patch(apitypes.parse_patch(await read_json(request, default=[]), value_kind="text_or_lists"))
    pool = update_pool(scope, _get(scope, request), ops)
    return json_response(netstate.pool_view(scope, pool))


@wsexpose("address_pool_uuid:uuid")
async def delete_pool_handler(request):
    scope = request["scope"]
    delete_pool(scope, _get(scope, request))
    return no_content()


def add_routes(app, service):
    app.router.add_get("/v1/addrpools", list_pools)
    app.router.add_post("/v1/addrpools", post_pool)
    app.router.add_get("/v1/addrpools/{uuid}", show_pool)
    app.router.add_patch("/v1/addrpools/{uuid}", patch_pool)
    app.router.add_delete("/v1/addrpools/{uuid}", delete_pool_handler)
