"""sysinv ``isystems``: the one system record (``system show`` / ``system modify``).

Routes: ``GET /v1/isystems`` (collection key ``isystems``), ``GET /v1/isystems/{uuid}``, ``PATCH
/v1/isystems/{uuid}`` (JSON patch), ``GET /v1/isystems/{uuid}/ihosts``; ``POST`` and ``DELETE`` answer 403
"Operation not permitted." like the real controller. Source: starlingx/config
``sysinv/api/controllers/v1/system.py`` and ``objects/system.py`` (field list, ``links``, PATCH rules).

Functions for the other sysinv modules: :func:`system` (the record, or None before bootstrap),
:func:`is_simplex`, :func:`is_aio`, :func:`initial_config_complete`, :func:`create_system` (bootstrap),
:func:`update_system` (the PATCH logic, also used by bootstrap), :func:`system_view`.

Stored record: the fields of ``objects.system`` (plus ``_lowlatency`` when bootstrap chose the lowlatency
kernel). "Initial configuration complete" is netstate.py's platform flag, set when controller-0 first enables.

Differences from the real service
- The timezone check uses the zone names Python's ``zoneinfo`` knows (the real one tests that
  ``/usr/share/zoneinfo/<tz>`` is a file).
- ``sdn_enabled=true`` does not verify the OAM/management address families (no SDN controllers exist here).
- ``GET /v1/isystems/{x}`` with an ``x`` that is neither a uuid nor an integer id answers 404
  (the real API answers a wsme type error).
- ``system_mode`` changes are recorded (and the sx->dx migration capability set) but no runtime
  reconfiguration happens.
- ``GET /v1/certificate`` (``certificate.py`` ``CertificateController.get_all``, read by ``system modify
  --https_enabled true`` to word its warning) always answers an empty ``certificates`` collection: no
  certificates are installed or tracked.
"""

import re
import zoneinfo

from ...http import ApiError, json_response, read_json
from . import paginate
from .apitypes import PAGING, wsexpose
from .patching import PatchConflict, apply_patch, patch_updates, validate_patch

KIND = "isystem"
# HostController.get_all / detail (api/controllers/v1/host.py): marker is text there, not types.uuid
HOST_LIST_ARGS = ("isystem_id", "marker", "limit:int", "personality", "sort_key", "sort_dir")
AIO = "All-in-one"
STANDARD = "Standard"
SIMPLEX, DUPLEX, DUPLEX_DIRECT = "simplex", "duplex", "duplex-direct"
SYSTEMCONTROLLER, SUBCLOUD = "systemcontroller", "subcloud"
SECURITY_FEATURES = {"spectre_meltdown_v1": "nopti nospectre_v2 nospectre_v1", "spectre_meltdown_all": ""}
DEFAULT_SECURITY_FEATURE = SECURITY_FEATURES["spectre_meltdown_v1"]
LATITUDE = re.compile(r'^(\+|-)?(?:90(?:(?:\.0{1,26})?)|(?:[0-9]|[1-8][0-9])(?:(?:\.[0-9]{1,26})?))$')
LONGITUDE = re.compile(
    r'^(\+|-)?(?:180(?:(?:\.0{1,26})?)|(?:[0-9]|[1-9][0-9]|1[0-7][0-9])(?:(?:\.[0-9]{1,26})?))$')

# objects/system.py fields, in order
FIELDS = ("id", "uuid", "name", "system_type", "system_mode", "description", "capabilities", "contact",
          "location", "latitude", "longitude", "services", "software_version", "timezone", "security_profile",
          "region_name", "service_project_name", "distributed_cloud_role", "security_feature")
_TIMEZONES = None


def system(scope):
    """The isystem record of ``scope`` (None before bootstrap)."""
    return scope.first(KIND)


def is_simplex(scope):
    sysrec = system(scope)
    return bool(sysrec) and sysrec.get("system_mode") == SIMPLEX


def is_aio(scope):
    sysrec = system(scope)
    return bool(sysrec) and sysrec.get("system_type") == AIO


def is_aio_duplex(scope):
    return is_aio(scope) and system(scope).get("system_mode") in (DUPLEX, DUPLEX_DIRECT)


def initial_config_complete(scope):
    """``/etc/platform/.initial_config_complete`` (netstate.py's ``initial_config_complete`` platform flag,
    written when controller-0 first enables)."""
    from . import netstate

    return netstate.initial_config_complete(scope)


def valid_timezone(name):
    global _TIMEZONES
    if _TIMEZONES is None:
        _TIMEZONES = set(zoneinfo.available_timezones()) | {"UTC"}
    return isinstance(name, str) and name in _TIMEZONES


def create_system(scope, software_version, **fields):
    """The system record sysinv creates before bootstrap patches it (bootstrap only)."""
    record = {key: None for key in FIELDS if key not in ("id", "uuid")}
    record.update(capabilities={}, software_version=software_version, security_feature=DEFAULT_SECURITY_FEATURE)
    record.update(fields)
    return scope.add(KIND, record)


# -- PATCH ----------------------------------------------------------------------------------------------------
def _find_interfaces_with(scope, network_type):
    from .hosts import interface_network_types

    for iface, types in interface_network_types(scope):
        if network_type in types:
            return iface
    return None


def _check_interfaces(scope, system_mode):
    mgmt_if = _find_interfaces_with(scope, "mgmt")
    cluster_host_if = _find_interfaces_with(scope, "cluster-host")
    admin_if = _find_interfaces_with(scope, "admin")
    if mgmt_if is None:
        raise ApiError(400, "Cannot modify system mode to %s without configuring the management interface."
                       % system_mode)
    if mgmt_if.get("ifname") == "lo":
        raise ApiError(400, "Cannot modify system mode to %s when the management interface is configured on "
                            "loopback. " % system_mode)
    if cluster_host_if is None:
        raise ApiError(400, "Cannot modify system mode to %s without configuring the cluster-host interface."
                       % system_mode)
    if cluster_host_if.get("ifname") == "lo":
        raise ApiError(400, "Cannot modify system mode to %s when the cluster-host interface is configured on "
                            "loopback. " % system_mode)
    if admin_if is not None and admin_if.get("ifname") == "lo":
        raise ApiError(400, "Cannot modify system mode to %s when the admin interface is configured on "
                            "loopback. " % system_mode)


def _check_controller_locked(scope):
    from .hosts import active_controller

    controller = active_controller(scope)
    if controller is not None and controller.get("administrative") != "locked":
        raise ApiError(400, "Cannot modify system mode if host '%s' is not locked." % controller["hostname"])


def _check_storage_backend_ready_for_migration(scope):
    if not scope.first("storage_backend", backend="ceph"):
        return
    app = scope.first("app", name="platform-integ-apps")
    if app is None or app.get("status") != "applied":
        raise ApiError(400, "Cannot modify system mode to duplex, platform-integ-apps must be applied when ceph "
                            "storage is configured as backend.")


def _check_hosts_locked_for_sdn(scope):
    from .hosts import is_active_controller

    for host in scope.all("ihost"):
        if (is_simplex(scope) and host.get("administrative") != "locked"
                and host.get("invprovision") != "provisioning"):
            raise ApiError(400, "Host {} must be locked.".format(host.get("hostname")))
        if (host.get("administrative") != "locked" and "worker" in (host.get("subfunctions") or "")
                and not is_active_controller(scope, host)
                and not (is_simplex(scope) and host.get("personality") == "controller")):
            raise ApiError(400, "Host {} must be locked.".format(host.get("hostname")))


def update_system(scope, patch):
    """Validate and apply a JSON patch to the system record, as sysinv's ``SystemController.patch``."""
    sysrec = system(scope)
    validate_patch(patch)
    patch = [dict(p) for p in patch]
    updates = patch_updates(patch)
    initial_done = initial_config_complete(scope)
    new_system_mode = None
    pseudo = {}
    for p in list(patch):
        value = p.get("value")
        if isinstance(value, str):
            try:
                value.encode().decode("ascii")
            except UnicodeError:
                raise ApiError(400, "System values must not contain special characters.")
        path = p["path"]
        if path == "/software_version":
            raise ApiError(400, "software_version field cannot be modified.")
        if path == "/system_type" and sysrec.get("system_type") is not None:
            raise ApiError(400, "system_type field cannot be modified.")
        if path == "/system_mode" and sysrec.get("system_mode") is not None:
            new_system_mode = value
            if sysrec.get("system_type") != AIO:
                raise ApiError(400, "system_mode can only be modified on an AIO system")
            if initial_done:
                if sysrec["system_mode"] != SIMPLEX and new_system_mode == SIMPLEX:
                    raise ApiError(400, "Cannot modify system mode from %s to %s."
                                   % (sysrec["system_mode"], new_system_mode))
                if sysrec["system_mode"] == SIMPLEX:
                    _check_controller_locked(scope)
                if new_system_mode != SIMPLEX:
                    _check_interfaces(scope, new_system_mode)
                    if sysrec["system_mode"] == SIMPLEX and new_system_mode == DUPLEX:
                        _check_storage_backend_ready_for_migration(scope)
        if path == "/timezone" and not valid_timezone(value):
            raise ApiError(400, "Timezone file %s does not exist." % value)
        if path == "/latitude" and value is not None and not LATITUDE.match(str(value)):
            raise ApiError(400, "Latitude must be between -90 and +90")
        if path == "/longitude" and value is not None and not LONGITUDE.match(str(value)):
            raise ApiError(400, "Longitude must be between -180 and +180")
        if path in ("/sdn_enabled", "/https_enabled", "/distributed_cloud_role", "/vswitch_type",
                    "/security_feature"):
            pseudo[path[1:]] = value
            patch.remove(p)

    current = {key: sysrec.get(key) for key in FIELDS}
    try:
        patched = apply_patch(current, patch)
    except PatchConflict as exc:
        raise ApiError(400, "Couldn't apply patch '%s'. Reason: %s" % (patch, exc))
    caps = dict(patched.get("capabilities") or {})
    patched["capabilities"] = caps
    old_caps = sysrec.get("capabilities") or {}

    if "system_mode" in updates and initial_done:
        if sysrec["system_mode"] == SIMPLEX and new_system_mode == DUPLEX:
            caps["simplex_to_duplex_migration"] = True
        elif sysrec["system_mode"] == SIMPLEX and new_system_mode == DUPLEX_DIRECT:
            caps["simplex_to_duplex-direct_migration"] = True

    if "sdn_enabled" in pseudo:
        sdn_enabled = str(pseudo["sdn_enabled"]).lower()
        if sdn_enabled != old_caps.get("sdn_enabled"):  # sysinv compares the string with the stored bool
            _check_hosts_locked_for_sdn(scope)
            caps["sdn_enabled"] = sdn_enabled == "true"

    if "https_enabled" in pseudo:
        https_enabled = str(pseudo["https_enabled"]).lower()
        if https_enabled != old_caps.get("https_enabled"):  # same string-vs-bool comparison as sysinv
            caps["https_enabled"] = https_enabled == "true"
        else:
            raise ApiError(400, "https_enabled is already set as %s" % https_enabled)

    if "distributed_cloud_role" in pseudo:
        role = pseudo["distributed_cloud_role"]
        if role not in (None, SYSTEMCONTROLLER, SUBCLOUD):
            raise ApiError(400, "Unexpected value '%s' specified for distributed_cloud_role" % role)
        if role == sysrec.get("distributed_cloud_role"):
            pass
        elif not initial_done:
            patched["distributed_cloud_role"] = role
        else:
            if sysrec.get("distributed_cloud_role") is not None:
                raise ApiError(400, "distributed_cloud_role is already set  as '%s'"
                               % sysrec["distributed_cloud_role"])
            if role == SUBCLOUD:
                patched["distributed_cloud_role"] = role
            else:
                raise ApiError(400, "Cannot set distributed_cloud_role to '%s' after initial configuration"
                               % role)

    if "vswitch_type" in pseudo:
        if pseudo["vswitch_type"] == old_caps.get("vswitch_type"):
            raise ApiError(400, "vswitch_type is already set as %s" % pseudo["vswitch_type"])
        caps["vswitch_type"] = pseudo["vswitch_type"]

    if "security_feature" in pseudo:
        feature = pseudo["security_feature"]
        if feature not in SECURITY_FEATURES:
            raise ApiError(400, "Unexpected value %s specified for security_feature" % feature)
        patched["security_feature"] = SECURITY_FEATURES[feature]

    changed = False
    for key in FIELDS:
        if key in ("id", "uuid"):
            continue
        if patched.get(key) != sysrec.get(key):
            sysrec[key] = patched.get(key)
            changed = True
    if changed:
        scope.save(KIND, sysrec)
    return sysrec


# -- views ----------------------------------------------------------------------------------------------------
def base_url(request):
    return "%s://%s" % (request.scheme, request.host)


def make_link(rel, base, resource, args, bookmark=False):
    """sysinv's ``link.Link.make_link``."""
    template = "%s/%s" if bookmark else "%s/v1/%s"
    template += "%s" if args.startswith("?") else "/%s"
    return {"href": template % (base, resource, args), "rel": rel}


def links(base, resource, uuid):
    return [make_link("self", base, resource, uuid), make_link("bookmark", base, resource, uuid, bookmark=True)]


def _bm_region(scope):
    if scope.first("network", type="bm"):
        return "Internal"
    if scope.first("network", type="mgmt"):
        return "External"
    return None


def system_view(scope, sysrec, base="", expand=True):
    caps = dict(sysrec.get("capabilities") or {})
    caps["bm_region"] = _bm_region(scope)
    feature = sysrec.get("security_feature")
    for user_string, args in SECURITY_FEATURES.items():
        if args == feature:
            feature = user_string
            break
    view = {
        "uuid": sysrec["uuid"], "name": sysrec.get("name"), "system_type": sysrec.get("system_type"),
        "system_mode": sysrec.get("system_mode"), "description": sysrec.get("description"),
        "contact": sysrec.get("contact"), "location": sysrec.get("location"),
        "latitude": sysrec.get("latitude"), "longitude": sysrec.get("longitude"),
    }
    if expand:
        view["services"] = sysrec.get("services")
    view.update({
        "software_version": sysrec.get("software_version"), "timezone": sysrec.get("timezone"),
        "links": links(base, "isystems", sysrec["uuid"]),
    })
    if expand:
        view["ihosts"] = links(base, "isystems", sysrec["uuid"] + "/ihosts")
    view.update({
        "capabilities": caps, "region_name": sysrec.get("region_name"),
        "distributed_cloud_role": sysrec.get("distributed_cloud_role"),
        "service_project_name": sysrec.get("service_project_name"), "security_feature": feature,
        "created_at": sysrec.get("created_at"), "updated_at": sysrec.get("updated_at"),
    })
    return view


# -- routes ---------------------------------------------------------------------------------------------------
def _find(scope, ident):
    sysrec = scope.by_id(KIND, ident)
    if sysrec is None:
        raise ApiError(404, "Server %s could not be found." % ident)
    return sysrec


@wsexpose(*PAGING)  # SystemController.get_all(marker, limit, sort_key, sort_dir)
async def list_systems(request):
    scope = request["scope"]
    base = base_url(request)
    return json_response(paginate(request, "isystems", scope.all(KIND),
                                  lambda s: system_view(scope, s, base, expand=False)))


@wsexpose("isystem_uuid:uuid")
async def get_system(request):
    scope = request["scope"]
    return json_response(system_view(scope, _find(scope, request.match_info["uuid"]), base_url(request)))


@wsexpose("isystem_uuid:uuid", body="patch")
async def patch_system(request):
    scope = request["scope"]
    _find(scope, request.match_info["uuid"])
    patch = await read_json(request, required=True)
    sysrec = update_system(scope, patch)
    return json_response(system_view(scope, sysrec, base_url(request)))


async def forbidden(request):
    raise ApiError(403, "Operation not permitted.")


@wsexpose(*HOST_LIST_ARGS)  # HostController(from_isystem=True)
async def list_system_hosts(request):
    from .hosts import host_view

    scope = request["scope"]
    sysrec = _find(scope, request.match_info["uuid"])
    base = base_url(request)
    hosts = [h for h in scope.all("ihost") if h.get("forisystemid") in (None, sysrec["id"])]
    return json_response(paginate(request, "ihosts", hosts,
                                  lambda h: host_view(h, scope=scope, base=base, expand=False)))


@wsexpose("uuid:uuid", *PAGING)  # CertificateController.get_all
async def list_certificates(request):
    """``GET /v1/certificate``: no certificates are tracked (see the module docstring)."""
    return json_response(paginate(request, "certificates", []))


def add_routes(app, service):
    r = app.router
    r.add_get("/v1/certificate", list_certificates)
    r.add_get("/v1/isystems", list_systems)
    r.add_get("/v1/isystems/", list_systems)
    r.add_post("/v1/isystems", wsexpose(body="isystem")(forbidden))
    r.add_get("/v1/isystems/{uuid}", get_system)
    r.add_patch("/v1/isystems/{uuid}", patch_system)
    r.add_delete("/v1/isystems/{uuid}", wsexpose("isystem_uuid:uuid")(forbidden))
    r.add_get("/v1/isystems/{uuid}/ihosts", list_system_hosts)
