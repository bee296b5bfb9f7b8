"""sysinv legacy OAM view: ``GET /v1/iextoam``, ``GET|PATCH /v1/iextoam/{uuid}`` (POST/DELETE: 403).

Source: starlingx/config sysinv/api/controllers/v1/network_oam.py and objects/network_oam.py. The iextoam is
a view over the oam network and its primary pool: its uuid is the oam network's uuid; subnet and range come
from the pool; the addresses are the pool's ``controller-oam``, ``controller-0-oam``, ``controller-1-oam`` and
``controller-gateway-oam`` address rows. A PATCH rewrites the pool (network, prefix, one range
[subnet[1], subnet[-2]]) and those addresses, so a change through either API shows in both.

Rules (reference sysinv.md §7.4 and _check_extoam_data): refused during a platform or kubernetes upgrade;
c0/c1 are not validated on AIO-SX; addresses inside the subnet; c0 != c1; the gateway must differ from c0/c1
(sysinv's operator precedence makes this also fire when gateway and c1 are both empty, e.g. on AIO-SX without
an OAM gateway); floating/c0/c1 inside [subnet[1], subnet[-2]]; a gateway cannot be added when there was none.
Triggers update_oam_config: AIO-SX applies at runtime, duplex/standard controllers get "Config out-of-date".

Differences from the real service: region_config is always false; no pool overlap or readonly checks (the
real oam-modify has none either).
"""

import netaddr

from ...http import ApiError, json_response, read_json
from . import addressing, apitypes, hostconfig, netstate, paginate
from .apitypes import PAGING, wsexpose
from .system import base_url, links

ADDRESS_NAMES = {"oam_c0_ip": "controller-0-oam", "oam_c1_ip": "controller-1-oam",
                 "oam_floating_ip": "controller-oam", "oam_gateway_ip": "controller-gateway-oam"}
IP_KEYS = ("oam_gateway_ip", "oam_floating_ip", "oam_c0_ip", "oam_c1_ip")
STATE_PATHS = ["/uuid", "/id", "/created_at", "/updated_at", "/forisystemid", "/isystem_uuid"]


def _oam_pool(scope, network):
    return scope.by_id("addrpool", network.get("address_pool_id")) if network.get("address_pool_id") else None


def _pool_addresses_by_name(scope, pool):
    return {a.get("name"): a for a in netstate.pool_addresses(scope, pool)}


def extoam(scope, network):
    """objects/network_oam.py OAMNetwork._from_db_object."""
    system = netstate.system(scope)
    pool = _oam_pool(scope, network) or {}
    addresses = _pool_addresses_by_name(scope, pool) if pool else {}
    ranges = pool.get("ranges") or [[None, None]]
    data = {"id": network["id"], "uuid": network["uuid"], "forisystemid": system.get("id"),
            "isystem_uuid": system.get("uuid"),
            "oam_subnet": "%s/%s" % (pool.get("network"), pool.get("prefix")) if pool else None,
            "oam_start_ip": ranges[0][0], "oam_end_ip": ranges[0][1],
            "created_at": network.get("created_at"), "updated_at": network.get("updated_at")}
    for field, name in ADDRESS_NAMES.items():
        address = addresses.get(name)
        data[field] = address["address"] if address else None
    return data


def view(scope, network, request, expand=True):
    data = extoam(scope, network)
    fields = ["uuid", "oam_subnet", "oam_gateway_ip", "oam_floating_ip", "oam_c0_ip", "oam_c1_ip",
              "oam_start_ip", "oam_end_ip", "isystem_uuid", "created_at", "updated_at"]
    if expand:
        fields += ["forisystemid"]
    out = {f: data.get(f) for f in fields}
    out["region_config"] = False
    if expand:
        out["action"] = None
    out["links"] = links(base_url(request), "iextoams", network["uuid"])
    return out


def _check_extoam_data(scope, original, new):
    """network_oam.py _check_extoam_data (region_config false)."""
    try:
        subnet = netaddr.IPNetwork(new.get("oam_subnet"))
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise ApiError(400, "Invalid subnet %s %s.Please configure a valid subnet"
                       % ("oam_subnet", new.get("oam_subnet")))
    try:
        addressing.check_valid_subnet(subnet)
    except ApiError:
        raise ApiError(400, "Invalid subnet %s %s.Please check and configure a valid OAM Subnet."
                       % ("oam_subnet", subnet))
    skip_gateway = False
    gateway = new.get("oam_gateway_ip") or ""
    if not (original.get("oam_gateway_ip") or "") and original.get("oam_subnet"):
        if gateway:
            raise ApiError(400, "OAM gateway IP is not allowed to be configured %s %s. There is already a "
                                "management gateway address configured." % ("", gateway))
        skip_gateway = True
    simplex = netstate.is_simplex(scope)
    for key in IP_KEYS:
        if key == "oam_gateway_ip" and skip_gateway:
            continue
        if simplex and key in ("oam_c0_ip", "oam_c1_ip"):
            continue
        value = new.get(key)
        try:
            address = netaddr.IPAddress(value)
        except (netaddr.AddrFormatError, ValueError, TypeError):
            raise ApiError(400, "Invalid address %s in %s. Please configure a valid IPv%s address"
                           % (value, key, subnet.version))
        addressing.check_address_within_subnet(address, subnet)
    c0, c1 = new.get("oam_c0_ip") or "", new.get("oam_c1_ip") or ""
    if c0 and c0 == c1:
        raise ApiError(400, "Invalid address: oam_c0_ip=%s and oam_c1_ip=%s must be unique. " % (c0, c1))
    if (gateway and gateway == c0) or (gateway == c1):  # sic: precedence as in sysinv
        raise ApiError(400, "Invalid address: oam_c0_ip=%s, oam_c1_ip=%s, oam_gateway_ip=%s must be unique."
                       % (c0, c1, gateway))
    new["oam_start_ip"], new["oam_end_ip"] = str(subnet[1]), str(subnet[-2])
    in_range = netaddr.IPRange(subnet[1], subnet[-2])
    if addressing.ip(new.get("oam_floating_ip")) not in in_range:
        raise ApiError(400, "Invalid oam_floating_ip=%s. Please configure a valid IP address in range"
                       % new.get("oam_floating_ip"))
    for key in ("oam_c0_ip", "oam_c1_ip"):
        if new.get(key) and addressing.ip(new[key]) not in in_range:
            raise ApiError(400, "Invalid %s=%s. Please configure a valid IP address in range" % (key, new[key]))
    return subnet


def update_extoam(scope, network, ops):
    """OAMNetworkController.patch."""
    netstate.check_disallow_during_upgrades(scope)
    ops = [op for op in ops if "/action" not in op["path"]]
    if any(op["path"] in STATE_PATHS for op in ops):
        raise ApiError(400, "The following fields can not be modified: %s from this level." % STATE_PATHS)
    original = extoam(scope, network)
    new = apitypes.apply_patch(original, ops)
    subnet = _check_extoam_data(scope, original, new)
    pool = _oam_pool(scope, network)
    pool.update({"family": subnet.version, "network": str(subnet.network), "prefix": subnet.prefixlen,
                 "ranges": [[new["oam_start_ip"], new["oam_end_ip"]]]})
    scope.save("addrpool", pool)
    addresses = _pool_addresses_by_name(scope, pool)
    for field, name in ADDRESS_NAMES.items():  # OAMNetwork.save
        address = addresses.get(name)
        if address is not None:
            address.update({"address": addressing.normalise(new[field]) if new.get(field) else new.get(field),
                            "family": subnet.version, "prefix": subnet.prefixlen})
            scope.save("address", address)
    if netstate.migrating_to_duplex(scope):
        _migrate_to_duplex(scope, pool, new, subnet)
    scope.save("network", network)
    hostconfig.update_oam_config(scope)
    return network


def _migrate_to_duplex(scope, pool, new, subnet):
    """OAMNetwork.migrate_to_duplex: add the controller unit addresses to an AIO-SX pool."""
    addresses = _pool_addresses_by_name(scope, pool)
    values = {"pool_id": pool["id"], "family": subnet.version, "prefix": subnet.prefixlen, "enable_dad": False}
    if new.get("oam_c0_ip") and "controller-0-oam" not in addresses:
        floating = addresses.get("controller-oam")
        if floating is not None and floating.get("interface_id"):
            c0 = netstate.create_address(scope, name="controller-0-oam", address=new["oam_c0_ip"],
                                         interface_id=floating["interface_id"], **values)
            floating["interface_id"] = None
            scope.save("address", floating)
            pool["controller0_address_id"] = c0["id"]
    if new.get("oam_c1_ip") and "controller-1-oam" not in addresses:
        c1 = netstate.create_address(scope, name="controller-1-oam", address=new["oam_c1_ip"], **values)
        pool["controller1_address_id"] = c1["id"]
    scope.save("addrpool", pool)


def _from_path(request):
    uuid = apitypes.path_uuid(request.match_info["uuid"], "extoam_uuid")
    network = request["scope"].get("network", uuid)
    if network is None or network.get("type") != netstate.OAM:
        raise ApiError(404, "Network %s could not be found." % uuid)
    return network


@wsexpose("isystem_uuid:uuid", *PAGING)
async def list_extoam(request):
    scope = request["scope"]
    rows = [n for n in scope.all("network", type=netstate.OAM) if n.get("address_pool_id")]
    return json_response(paginate(request, "iextoams", rows, lambda n: view(scope, n, request, expand=False)))


@wsexpose("extoam_uuid:uuid")
async def show_extoam(request):
    return json_response(view(request["scope"], _from_path(request), request))


@wsexpose("extoam_uuid:uuid", body="patch")
async def patch_extoam(request):
    scope = request["scope"]
    apitypes.path_uuid(request.match_info["uuid"], "extoam_uuid")
    ops = apitypes.parse_patch(await read_json(request, default=[]))
    netstate.check_disallow_during_upgrades(scope)
    network = update_extoam(scope, _from_path(request), ops)
    return json_response(view(scope, network, request))


async def not_permitted(request):
    raise ApiError(403, "Operation not permitted.")


def add_routes(app, service):
    r = app.router
    r.add_get("/v1/iextoam", list_extoam)
    r.add_post("/v1/iextoam", wsexpose(body="extoam")(not_permitted))
    r.add_get("/v1/iextoam/{uuid}", show_extoam)
    r.add_patch("/v1/iextoam/{uuid}", patch_extoam)
    r.add_delete("/v1/iextoam/{uuid}", wsexpose("extoam_uuid:uuid")(not_permitted))
