"""sysinv platform networks and their address pools.

``/v1/networks`` (GET, POST), ``/v1/networks/{uuid}`` (GET, DELETE; no PATCH: 405) and
``/v1/network_addresspools`` (GET, POST), ``/v1/network_addresspools/{uuid}`` (GET, DELETE).

Sources: starlingx/config sysinv/api/controllers/v1/network.py and network_addrpool.py, common/address_pool.py.
Internal entry points for bootstrap: :func:`create_network`, :func:`assign_secondary_pool`.

Rules (reference sysinv.md §4 and §6):
- POST network: type in ALLOWED_NETWORK_TYPES (else 500 "Network type X not supported", a validate_syntax
  ValueError), ``pool_uuid`` mandatory (id, uuid or name of a pool), one network per type (409), the pool must
  not overlap attached pools (409); it links the pool and populates the addresses the network needs
  (``controller-mgmt``, ``controller-0-mgmt``... on AIO-SX only the floating one, Story 2011191).
- DELETE network after initial configuration: never oam, cluster-host, pxeboot, cluster-pod, cluster-service,
  storage; mgmt only on AIO-SX with the controller locked.
- network_addresspools: at most two pools, one per family, the first one of the network's primary family;
  pxeboot IPv4 only; a pool in one network only; cluster-pod after an OAM pool of its family. After initial
  configuration pxeboot pools and a primary multicast pool can no longer be added or removed; mgmt on
  AIO-SX needs the controller locked. Side effects: addresses populated and given to the interfaces on the
  network (set to static addressing), conductor casts per type (see hostconfig).

Differences from the real service:
- Duplicate network names answer 409 "Network of type %(type)s already exists." exactly as sysinv does (the
  unformatted template); a missing ``dynamic`` is a 500 like the real NOT NULL violation, with a shorter text.
- LDAP/NAT reconfiguration for system-controller networks and the service endpoint reconfiguration are not
  emulated.
"""

from ...http import ApiError, json_response, read_json
from . import addressing, apitypes, hostconfig, netstate, paginate
from .apitypes import method_not_allowed, no_content
from .apitypes import PAGING, wsexpose

ALLOWED_NETWORK_TYPES = [netstate.MGMT, netstate.PXEBOOT, netstate.OAM, netstate.MULTICAST,
                         netstate.SYSTEM_CONTROLLER, netstate.CLUSTER_HOST, netstate.CLUSTER_POD,
                         netstate.CLUSTER_SERVICE, netstate.IRONIC, netstate.SYSTEM_CONTROLLER_OAM,
                         netstate.STORAGE, netstate.ADMIN]
UNDELETABLE_AFTER_INITIAL_CONFIG = (netstate.OAM, netstate.CLUSTER_HOST, netstate.PXEBOOT, netstate.CLUSTER_POD,
                                    netstate.CLUSTER_SERVICE, netstate.STORAGE)
NETWORK_SCHEMA = {"id": "int", "uuid": "uuid", "type": "text", "name": "text", "dynamic": "bool",
                  "pool_uuid": "text", "primary_pool_family": "text", "created_at": "any", "updated_at": "any"}
NETWORK_ADDRPOOL_SCHEMA = {"id": "int", "uuid": "uuid", "address_pool_id": "int", "address_pool_uuid": "uuid",
                           "address_pool_name": "text", "network_id": "int", "network_uuid": "uuid",
                           "network_name": "text", "created_at": "any", "updated_at": "any"}
STATIC_MODE_NETWORKS = (netstate.MGMT, netstate.OAM, netstate.CLUSTER_HOST, netstate.ADMIN)
UNLOCKED_MESSAGE = "Cannot complete the action because Host {} is in administrative state = unlocked"


# -- networks -------------------------------------------------------------------------------------------------
def create_network(scope, type, name, pool_uuid, dynamic=True):  # noqa: A002 - the API field is called type
    """Create a network exactly as ``POST /v1/networks`` does and return the stored ``network``.

    ``pool_uuid``: the primary pool (uuid, id or name). Links the pool and populates its required addresses.
    Raises ApiError like the API.
    """
    return _create_network(scope, {"type": type, "name": name, "pool_uuid": pool_uuid, "dynamic": dynamic})


def _create_network(scope, body):
    data = apitypes.parse_body(body, NETWORK_SCHEMA, "network")
    net_type = data.get("type", apitypes.UNSET)
    if net_type not in ALLOWED_NETWORK_TYPES:  # Network.validate_syntax: a ValueError, so a 500
        raise ApiError(500, "Network type %s not supported" % net_type)
    pool_ident = data.get("pool_uuid")
    if not pool_ident:
        raise ApiError(400, "Address pool UUID has to be specified")
    pool = netstate.pool_get(scope, pool_ident)
    if netstate.network_by_type(scope, net_type) is not None:
        raise ApiError(409, "Network of type %s already exists." % net_type)
    netstate.check_pool_overlaps(scope, [pool], {net_type})
    name = data.get("name")
    if name is not None and scope.first("network", name=name) is not None:
        raise ApiError(409, "Network of type %(type)s already exists.")
    if data.get("dynamic") is None:
        raise ApiError(500, "(psycopg2.errors.NotNullViolation) null value in column \"dynamic\" of relation "
                            "\"networks\" violates not-null constraint")
    network = scope.add("network", {"type": net_type, "name": name, "dynamic": data["dynamic"],
                                    "address_pool_id": pool["id"],
                                    "primary_pool_family": addressing.family_name(pool["family"])})
    scope.add("network_addrpool", {"network_id": network["id"], "address_pool_id": pool["id"]})
    netstate.populate_network_pool_addresses(scope, pool, net_type)
    return network


def destroy_network(scope, network):
    """db api network_destroy with its cascades (network_addrpools, interface_networks)."""
    for link in scope.all("network_addrpool", network_id=network["id"]):
        scope.remove("network_addrpool", link)
    for link in scope.all("interface_network", network_id=network["id"]):
        scope.remove("interface_network", link)
    scope.remove("network", network)


def delete_network(scope, network):
    net_type = network["type"]
    if netstate.initial_config_complete(scope):
        simplex = netstate.is_simplex(scope)
        if net_type in UNDELETABLE_AFTER_INITIAL_CONFIG or (net_type == netstate.MGMT and not simplex):
            raise ApiError(400, "Cannot delete type {} network {} after initial configuration completion"
                           .format(net_type, network["uuid"]))
        if net_type == netstate.MGMT and simplex:
            netstate.check_simplex_controllers_locked(
                scope, "Cannot delete type {} network {} because Host {{}} is in administrative state = unlocked"
                .format(net_type, network["uuid"]))
    for pool in netstate.pools_of_network(scope, network):
        for address in netstate.pool_addresses(scope, pool):
            if address.get("interface_id") is not None:
                address["interface_id"] = None
                scope.save("address", address)
    destroy_network(scope, network)
    if net_type == netstate.ADMIN:
        for host in netstate.hosts(scope, netstate.CONTROLLER):
            hostconfig.update_admin_config(scope, host)


def _network_from_path(request):
    uuid = apitypes.path_uuid(request.match_info["uuid"], "network_uuid")
    return netstate.network_get(request["scope"], uuid)


@wsexpose(*PAGING)
async def list_networks(request):
    scope = request["scope"]
    return json_response(paginate(request, "networks", scope.all("network"),
                                  lambda n: netstate.network_view(scope, n, expand=False)))


@wsexpose("network_uuid:uuid")
async def show_network(request):
    return json_response(netstate.network_view(request["scope"], _network_from_path(request)))


@wsexpose(body="network")
async def post_network(request):
    scope = request["scope"]
    body = await read_json(request, default={})
    if not isinstance(body, dict):
        raise ApiError(500, "'%s' object has no attribute 'keys'" % type(body).__name__)
    return json_response(netstate.network_view(scope, _create_network(scope, body)))


@wsexpose("network_uuid:uuid")
async def delete_network_handler(request):
    delete_network(request["scope"], _network_from_path(request))
    return no_content()


# -- network_addresspools -------------------------------------------------------------------------------------
def network_addrpool_view(scope, link, expand=True):
    network = scope.by_id("network", link["network_id"]) or {}
    pool = scope.by_id("addrpool", link["address_pool_id"]) or {}
    data = {"id": link["id"], "uuid": link["uuid"], "address_pool_id": link["address_pool_id"],
            "address_pool_uuid": pool.get("uuid"), "address_pool_name": pool.get("name"),
            "network_id": link["network_id"], "network_uuid": network.get("uuid"),
            "network_name": network.get("name")}
    if expand:
        data["created_at"] = link.get("created_at")
        data["updated_at"] = link.get("updated_at")
    return data


def _check_link_modification_allowed(scope, operation, network, pool):
    """NetworkAddresspoolController._check_modification_allowed."""
    net_type = network["type"]
    if net_type in (netstate.OAM, netstate.CLUSTER_HOST, netstate.CLUSTER_POD, netstate.CLUSTER_SERVICE,
                    netstate.STORAGE):
        return
    is_secondary = network.get("address_pool_id") != pool["id"]
    if net_type == netstate.MGMT:
        if netstate.is_simplex(scope):
            netstate.check_simplex_controllers_locked(scope, UNLOCKED_MESSAGE)
            return
        if is_secondary:  # a secondary mgmt pool may be added at runtime ("config out-of-date")
            return
    if net_type == netstate.MULTICAST and is_secondary:
        return
    if net_type not in (netstate.PXEBOOT, netstate.MULTICAST):
        return
    if netstate.initial_config_complete(scope):
        text = "create" if operation == "post" else "delete"
        raise ApiError(400, "Cannot %s relation for network {%s} with type %s after initial configuration "
                            "completion" % (text, network["uuid"], net_type))


def assign_secondary_pool(scope, network, pool):
    """Attach ``pool`` to ``network`` exactly as ``POST /v1/network_addresspools`` does; returns the stored
    ``network_addrpool``. ``network``/``pool`` are stored objects or uuids. Raises ApiError like the API."""
    if not isinstance(network, dict):
        network = netstate.network_get(scope, network)
    if not isinstance(pool, dict):
        pool = netstate.pool_get(scope, pool)
    return _create_link(scope, network, pool)


def _create_link(scope, network, pool):
    family = addressing.family_name(pool["family"])
    net_type = network["type"]
    _check_link_modification_allowed(scope, "post", network, pool)
    netstate.check_pool_overlaps(scope, [pool], {net_type})
    links = scope.all("network_addrpool", network_id=network["id"])
    if len(links) == 2:
        names = [(scope.by_id("addrpool", link["address_pool_id"]) or {}).get("name") for link in links]
        raise ApiError(400, "Network of type %s already have maximum of 2 pools attached: %s" % (net_type, names))
    if len(links) == 1:
        other = scope.by_id("addrpool", links[0]["address_pool_id"]) or {}
        if other.get("family") == pool["family"]:
            raise ApiError(400, "Network of type %s already have pool %s for family %s"
                           % (net_type, other.get("name"), family))
    elif not links and network.get("address_pool_id") is None and network.get("primary_pool_family"):
        if family != network["primary_pool_family"]:
            raise ApiError(400, "Network of type %s requires primary pool of family %s"
                           % (net_type, network["primary_pool_family"]))
    if net_type == netstate.PXEBOOT and pool["family"] != addressing.IPV4:
        raise ApiError(400, "Network of type %s only supports pool of family %s"
                       % (net_type, network.get("primary_pool_family")))
    if netstate.network_addrpools_of_pool(scope, pool):
        raise ApiError(400, "Address pool already in use by another network")
    if net_type == netstate.CLUSTER_POD:
        oam = netstate.network_by_type(scope, netstate.OAM)
        oam_families = [p["family"] for p in netstate.pools_of_network(scope, oam)] if oam else []
        if pool["family"] not in oam_families:
            raise ApiError(400, "Cluster-pod address-pool can not be added before OAM address-pool of same IP "
                                "family")
    initial_done = netstate.initial_config_complete(scope)
    if net_type == netstate.MGMT and initial_done and netstate.is_simplex(scope):
        netstate.set_mgmt_reconfig_flag(scope)

    link = scope.add("network_addrpool", {"network_id": network["id"], "address_pool_id": pool["id"]})
    if network.get("address_pool_id") is None:
        network["address_pool_id"] = pool["id"]
        if not network.get("primary_pool_family"):
            network["primary_pool_family"] = family
        scope.save("network", network)
    netstate.populate_network_pool_addresses(scope, pool, net_type)
    netstate.assign_pool_addresses_to_interfaces(scope, pool, network)
    if net_type in STATIC_MODE_NETWORKS:  # _update_interface_address_mode
        for if_link in scope.all("interface_network", network_id=network["id"]):
            iface = scope.by_id("iinterface", if_link["interface_id"])
            if iface is not None:
                netstate.set_address_mode(scope, iface, pool["family"], "static")
    admin_hosts = _hosts_with_pool(scope, pool) if net_type == netstate.ADMIN else None
    _link_operation_complete(scope, "post", network, pool, admin_hosts)
    return link


def _hosts_with_pool(scope, pool):
    from .addresspools import _hosts_of_pool

    return _hosts_of_pool(scope, pool)


def _cluster_dual_stack(scope, operation):
    """_check_cluster_dual_stack_config: kubernetes dual stack changes once all three cluster networks agree."""
    counts = []
    for net_type in (netstate.CLUSTER_POD, netstate.CLUSTER_SERVICE, netstate.CLUSTER_HOST):
        net = netstate.network_by_type(scope, net_type)
        counts.append(len(netstate.pools_of_network(scope, net)) if net else 0)
    if operation == "post":
        return all(c > 1 for c in counts)
    return all(c == 1 for c in counts)


def _link_operation_complete(scope, operation, network, pool, admin_hosts):
    """_network_addresspool_operation_complete: the conductor casts."""
    net_type = network["type"]
    initial_done = netstate.initial_config_complete(scope)
    if net_type == netstate.OAM:
        if scope.all("interface_network", network_id=network["id"]):
            hostconfig.update_oam_config(scope)
    elif net_type == netstate.MGMT:
        if initial_done and not netstate.is_simplex(scope) and network.get("address_pool_id") != pool["id"]:
            hostconfig.update_mgmt_secondary_pool_config(scope)
    elif net_type == netstate.ADMIN:
        for host in admin_hosts or ():
            hostconfig.update_admin_config(scope, host)
    elif net_type == netstate.STORAGE:
        if initial_done:
            hostconfig.update_storage_net_config(scope)
    elif net_type in (netstate.CLUSTER_HOST, netstate.CLUSTER_POD, netstate.CLUSTER_SERVICE):
        if _cluster_dual_stack(scope, operation) and initial_done:
            hostconfig.update_kubernetes_dual_stack_config(scope)


def delete_link(scope, link):
    network = scope.by_id("network", link["network_id"])
    pool = scope.by_id("addrpool", link["address_pool_id"])
    _check_link_modification_allowed(scope, "delete", network, pool)
    if network.get("address_pool_id") == pool["id"]:
        raise ApiError(400, "Cannot remove primary pool '%s' from '%s' with type %s"
                       % (pool["name"], network.get("name"), network["type"]))
    if network["type"] == netstate.OAM:
        pod = netstate.network_by_type(scope, netstate.CLUSTER_POD)
        if pod and pool["family"] in [p["family"] for p in netstate.pools_of_network(scope, pod)]:
            raise ApiError(400, "oam address-pool can not be deleted before cluster-pod address-pool of same IP "
                                "family")
    admin_hosts = _hosts_with_pool(scope, pool) if network["type"] == netstate.ADMIN else None
    if network["type"] == netstate.MGMT and netstate.initial_config_complete(scope) and netstate.is_simplex(scope):
        netstate.set_mgmt_reconfig_flag(scope)
    key = "ipv4_mode" if pool["family"] == addressing.IPV4 else "ipv6_mode"
    for address in netstate.pool_addresses(scope, pool):
        if address.get("interface_id") is not None:
            iface = scope.by_id("iinterface", address["interface_id"])
            address["interface_id"] = None
            scope.save("address", address)
            if iface is not None and iface.get(key):  # the address mode entry goes too
                iface[key] = None
                iface[key.replace("_mode", "_pool")] = None
                scope.save("iinterface", iface)
    scope.remove("network_addrpool", link)
    _link_operation_complete(scope, "delete", network, pool, admin_hosts)


def _link_from_path(request):
    uuid = apitypes.path_uuid(request.match_info["uuid"], "network_addrpool_uuid")
    link = request["scope"].get("network_addrpool", uuid)
    if link is None:
        raise ApiError(404, "Network addrpool %s could not be found." % uuid)
    return link


@wsexpose(*PAGING)
async def list_links(request):
    scope = request["scope"]
    return json_response(paginate(request, "network_addresspools", scope.all("network_addrpool"),
                                  lambda link: network_addrpool_view(scope, link, expand=False)))


@wsexpose("network_addrpool_uuid:uuid")
async def show_link(request):
    return json_response(network_addrpool_view(request["scope"], _link_from_path(request)))


@wsexpose(body="network_addrpool")
async def post_link(request):
    scope = request["scope"]
    body = await read_json(request, default={})
    if not isinstance(body, dict):
        raise ApiError(500, "'%s' object has no attribute 'keys'" % type(body).__name__)
    data = apitypes.parse_body(body, NETWORK_ADDRPOOL_SCHEMA, "network_addrpool")
    for key in ("network_uuid", "address_pool_uuid"):
        if key not in data:
            raise ApiError(500, "'%s'" % key)  # KeyError on the as_dict() of the body
    network = netstate.network_get(scope, data["network_uuid"])
    pool = netstate.pool_get(scope, data["address_pool_uuid"])
    link = _create_link(scope, network, pool)
    return json_response(network_addrpool_view(scope, link))


@wsexpose("network_addrpool_uuid:uuid")
async def delete_link_handler(request):
    delete_link(request["scope"], _link_from_path(request))
    return no_content()


def add_routes(app, service):
    app.router.add_get("/v1/networks", list_networks)
    app.router.add_post("/v1/networks", post_network)
    app.router.add_get("/v1/networks/{uuid}", show_network)
    app.router.add_delete("/v1/networks/{uuid}", delete_network_handler)
    app.router.add_route("PATCH", "/v1/networks/{uuid}", method_not_allowed)
    app.router.add_route("PUT", "/v1/networks/{uuid}", method_not_allowed)
    app.router.add_get("/v1/network_addresspools", list_links)
    app.router.add_post("/v1/network_addresspools", post_link)
    app.router.add_get("/v1/network_addresspools/{uuid}", show_link)
    app.router.add_delete("/v1/network_addresspools/{uuid}", delete_link_handler)
    app.router.add_route("PATCH", "/v1/network_addresspools/{uuid}", method_not_allowed)
