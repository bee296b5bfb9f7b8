"""Storage backends and OSDs: ``system storage-backend-add ceph --confirmed`` and ``system host-stor-add``.

Kinds: ``storage_backend`` (one per backend; only ``ceph`` is modelled), ``storage_tier`` (the primary tier
``storage`` a ceph backend creates), ``istor`` (a stor: an OSD on one host's disk).

Routes (real controllers: starlingx/config sysinv api/controllers/v1/storage_backend.py, storage_ceph.py,
storage.py; clients: cgts-client v1/storage_backend.py, storage_ceph.py, istor.py):
``GET /v1/storage_backend[/{uuid}]``, ``POST /v1/storage_backend`` (dispatches on ``backend``),
``GET/POST /v1/storage_ceph``, ``GET/DELETE /v1/storage_ceph/{uuid}`` (what ``storage-backend-add ceph`` posts),
``GET /v1/istors[/{uuid}]``, ``GET /v1/ihosts/{uuid}/istors``, ``POST /v1/istors``, ``DELETE /v1/istors/{uuid}``.

Rules (storage_ceph.py ``_check_backend_ceph``/``_create``, storage.py ``_check_host``/``_check_disk``/``_create``):
- a second ceph backend -> "Only one ceph backend is supported." (utils.py ``check_all_ceph_backend``);
- without ``confirmed`` the ceph backend is refused with the real warning text;
- a stor needs a ceph backend ("System must have either a ceph or a ceph-rook backend");
- ceph storage model: ``storage`` when a storage host exists (OSDs only on storage hosts, which must be locked),
  ``controller`` otherwise (OSDs only on controllers; an unlocked controller must be enabled); AIO-SX: any
  controller;
- the disk must exist, belong to the host, not be the rootfs disk, not already hold a stor or a PV;
- a stor is deleted only on a locked host (storage.py ``delete``).

Differences from the real service
- The backend is created ``configured`` at once (real: ``configuring`` until the controller manifests ran),
  stors ``configuring-on-unlock`` on a host not enabled and ``configured`` otherwise; no ceph-mon, pools,
  quotas, services (cinder/glance/...), ceph-rook, external/lvm/file backends, journals or storage tiers API.
- The monitor-availability lock checks of ``_check_host`` are not modelled.
"""

from ...http import ApiError, json_response, read_json
from . import paginate
from .apitypes import PAGING, parse_body, path_uuid, wsexpose

BACKEND = "storage_backend"
TIER = "storage_tier"
STOR = "istor"
CEPH = "ceph"
PRIMARY_TIER = "storage"

BACKEND_FIELDS = ("id", "uuid", "backend", "name", "state", "task", "services", "capabilities", "isystem_uuid",
                  "created_at", "updated_at")
CEPH_FIELDS = BACKEND_FIELDS + ("cinder_pool_gib", "glance_pool_gib", "ephemeral_pool_gib", "object_pool_gib",
                                "kube_pool_gib", "object_gateway", "tier_name", "tier_uuid", "network")
STOR_FIELDS = ("uuid", "osdid", "function", "state", "capabilities", "idisk_uuid", "ihost_uuid", "tier_name",
               "tier_uuid", "journal_location", "journal_size_mib", "journal_path", "journal_node",
               "created_at", "updated_at")
# POST bodies: every attribute of the wsme types StorageCeph / StorageBackend / Storage (kind for apitypes.convert)
CEPH_BODY = {"uuid": "uuid", "backend": "text", "name": "text", "state": "text", "task": "text",
             "services": "text", "capabilities": "dict", "confirmed": "bool", "network": "text",
             "tier_uuid": "uuid", "tier_name": "text", "cinder_pool_gib": "int", "glance_pool_gib": "int",
             "ephemeral_pool_gib": "int", "object_pool_gib": "int", "kube_pool_gib": "int",
             "object_gateway": "bool", "isystem_uuid": "uuid", "forisystemid": "int", "links": "list",
             "created_at": "text", "updated_at": "text", "id": "int"}
BACKEND_BODY = {k: v for k, v in CEPH_BODY.items() if k in BACKEND_FIELDS + ("confirmed", "forisystemid",
                                                                             "links", "network")}
STOR_BODY = {"uuid": "uuid", "osdid": "int", "function": "text", "state": "text", "capabilities": "dict",
             "forihostid": "int", "ihost_uuid": "uuid", "idisk_uuid": "uuid", "fortierid": "int",
             "tier_uuid": "uuid", "tier_name": "text", "journal_location": "text", "journal_size_mib": "int",
             "journal_path": "text", "journal_node": "text", "links": "list", "created_at": "text",
             "updated_at": "text"}
JOURNAL_DEFAULT_MIB = 1024  # CONF.journal.journal_default_size
CONFIRM_TEXT = ("\nWARNING : THIS OPERATION IS NOT REVERSIBLE AND CANNOT BE CANCELLED. \n\nBy confirming this "
                "operation, Ceph backend will be created.\nA minimum of %s %s are required to complete the "
                "configuration.\nPlease set the 'confirmed' field to execute this operation for the ceph backend.")


def ceph_backend(scope):
    return scope.first(BACKEND, backend=CEPH)


def add_ceph_backend(scope, fields=None):
    """``storage-backend-add ceph`` (storage_ceph.py ``_create``): the backend and its primary tier."""
    from . import hosts

    fields = dict(fields or {})
    if ceph_backend(scope) is not None:
        raise ApiError(400, "Only one %s backend is supported." % CEPH)
    simplex = hosts.is_simplex(scope)
    capabilities = {"replication": "1" if simplex else "2", "min_replication": "1"}
    capabilities.update({k: str(v) for k, v in (fields.get("capabilities") or {}).items()})
    if not fields.get("confirmed"):
        raise ApiError(400, CONFIRM_TEXT % (capabilities["replication"], "osds" if simplex else "storage nodes"))
    system = scope.first("isystem")
    tier = scope.first(TIER, name=PRIMARY_TIER) or scope.add(TIER, {"name": PRIMARY_TIER, "type": CEPH,
                                                                     "status": "in-use"})
    return scope.add(BACKEND, {
        "backend": CEPH, "name": fields.get("name") or "ceph-store", "state": "configured", "task": None,
        "services": fields.get("services"), "capabilities": capabilities,
        "isystem_uuid": system["uuid"] if system else None, "network": fields.get("network") or "mgmt",
        "cinder_pool_gib": None, "glance_pool_gib": None, "ephemeral_pool_gib": None, "object_pool_gib": None,
        "kube_pool_gib": None, "object_gateway": False, "tier_name": tier["name"], "tier_uuid": tier["uuid"]})


def storage_model(scope):
    """ceph.get_ceph_storage_model, simplified: aio-sx, storage (a storage host exists) or controller."""
    from . import hosts

    if hosts.is_simplex(scope):
        return "aio-sx"
    if scope.first(hosts.KIND, personality=hosts.STORAGE):
        return "storage"
    return "controller"


def _check_host(scope, host):
    from . import hosts

    if ceph_backend(scope) is None:
        raise ApiError(400, "System must have either a ceph or a ceph-rook backend")
    model = storage_model(scope)
    if model == "storage" and host.get("personality") != hosts.STORAGE:
        raise ApiError(400, "Storage model is 'storage'. Storage devices can only be added to storage nodes.")
    if model == "controller" and host.get("personality") != hosts.CONTROLLER:
        raise ApiError(400, "Storage model is 'controller'. Storage devices can only be added to controller "
                            "nodes.")
    if model in ("controller", "aio-sx"):
        if host.get("administrative") == "unlocked" and host.get("operational") != "enabled":
            raise ApiError(400, "Host %s must be unlocked and operational state enabled." % host["hostname"])
    elif host.get("administrative") != "locked":
        raise ApiError(400, "Host %s must be locked." % host["hostname"])


def _check_disk(scope, host, disk_uuid):
    if not disk_uuid:
        raise ApiError(400, "Invalid data: failed to create a storage object")
    disk = scope.get("idisk", disk_uuid)
    if disk is None:
        raise ApiError(400, "No disk with the provided uuid: %s" % disk_uuid)
    if disk.get("foristorid") is not None:
        raise ApiError(400, "Disk already assigned.")
    if disk.get("forihostid") != host["id"]:
        raise ApiError(400, "Disk is attached to a different host")
    if (disk.get("capabilities") or {}).get("stor_function") == "rootfs":
        raise ApiError(400, "Can not associate to a rootfs disk")
    if disk.get("ipv_uuid"):
        raise ApiError(400, "Cannot assign storage function to a disk already assigned as a physical volume to "
                            "a volume group.")
    return disk


def add_stor(scope, host, disk_uuid, function="osd", tier_uuid=None):
    """``host-stor-add <host> [osd] <disk uuid>`` (storage.py ``_create``): validate, then record the stor."""
    if function not in (None, "osd"):
        raise ApiError(400, "Function %s is not supported by the emulator (only osd)." % function)
    _check_host(scope, host)
    disk = _check_disk(scope, host, disk_uuid)
    tiers = scope.all(TIER)
    tier = scope.get(TIER, tier_uuid) if tier_uuid else (tiers[0] if len(tiers) == 1 else None)
    if tier is None:
        if tier_uuid:
            raise ApiError(400, "No tier with id %s found." % tier_uuid)
        raise ApiError(400, "Multiple storage tiers are present. A tier is required for stor creation.")
    used = {s.get("osdid") for s in scope.all(STOR)}
    osdid = next(i for i in range(len(used) + 1) if i not in used)
    stor = scope.add(STOR, {
        "function": "osd", "osdid": osdid,
        "state": "configuring" if host.get("operational") == "enabled" else "configuring-on-unlock",
        "capabilities": {}, "forihostid": host["id"], "ihost_uuid": host["uuid"], "idisk_uuid": disk["uuid"],
        "fortierid": tier["id"], "tier_uuid": tier["uuid"], "tier_name": tier["name"],
        "journal_size_mib": JOURNAL_DEFAULT_MIB, "journal_path": None, "journal_node": None})
    stor["journal_location"] = stor["uuid"]  # collocated journal
    scope.save(STOR, stor)
    disk.update(foristorid=stor["id"], istor_uuid=stor["uuid"])
    scope.save("idisk", disk)
    return stor


def delete_stor(scope, stor):
    """``host-stor-delete`` (storage.py ``delete``): only on a locked host."""
    host = scope.first("ihost", id=stor["forihostid"])
    if host is not None and host.get("administrative") != "locked":
        raise ApiError(400, "Host %s must be locked." % host["hostname"])
    disk = scope.get("idisk", stor.get("idisk_uuid"))
    if disk is not None:
        disk.update(foristorid=None, istor_uuid=None)
        scope.save("idisk", disk)
    scope.remove(STOR, stor)


def delete_ceph_backend(scope, backend):
    """``storage-backend-delete`` (storage_ceph.py ``_delete``): the backend goes; its tier stays (in use while it
    has OSDs)."""
    tier = scope.get(TIER, backend.get("tier_uuid"))
    if tier is not None:
        tier["status"] = "in-use" if scope.first(STOR, tier_uuid=tier["uuid"]) else "defined"
        scope.save(TIER, tier)
    scope.remove(BACKEND, backend)


# -- views and handlers ------------------------------------------------------------------------------------
def _view(obj, fields, base, collection):
    from .system import links

    view = {k: obj.get(k) for k in fields}
    view["links"] = links(base, collection, obj["uuid"])
    return view


def _base(request):
    return "%s://%s" % (request.scheme, request.host)


def _get(scope, kind, ident, arg):
    obj = scope.get(kind, path_uuid(ident, arg))
    if obj is None:
        raise ApiError(404, "Server %s could not be found." % ident)
    return obj


@wsexpose("isystem_uuid:uuid", *PAGING)  # StorageBackendController.get_all
async def list_backends(request):
    base = _base(request)
    return json_response(paginate(request, "storage_backends", request["scope"].all(BACKEND),
                                  lambda b: _view(b, BACKEND_FIELDS, base, "storage_backend")))


@wsexpose("storage_backend_uuid:uuid")
async def get_backend(request):
    backend = _get(request["scope"], BACKEND, request.match_info["uuid"], "storage_backend_uuid")
    return json_response(_view(backend, BACKEND_FIELDS, _base(request), "storage_backend"))


@wsexpose(body="storage_backend")
async def post_backend(request):
    fields = parse_body(await read_json(request, default={}), BACKEND_BODY, "storage_backend")
    if fields.get("backend") != CEPH:
        raise ApiError(400, "Backend %s is not supported by the emulator (only ceph)." % fields.get("backend"))
    backend = add_ceph_backend(request["scope"], fields)
    return json_response(_view(backend, BACKEND_FIELDS, _base(request), "storage_backend"))


@wsexpose("isystem_uuid:uuid", *PAGING)  # StorageCephController.get_all
async def list_ceph(request):
    base = _base(request)
    return json_response(paginate(request, "storage_ceph", request["scope"].all(BACKEND, backend=CEPH),
                                  lambda b: _view(b, CEPH_FIELDS, base, "storage_ceph")))


@wsexpose("storageceph_uuid:uuid")
async def get_ceph(request):
    backend = _get(request["scope"], BACKEND, request.match_info["uuid"], "storageceph_uuid")
    return json_response(_view(backend, CEPH_FIELDS, _base(request), "storage_ceph"))


@wsexpose(body="storage_ceph")
async def post_ceph(request):
    fields = parse_body(await read_json(request, default={}), CEPH_BODY, "storage_ceph")
    backend = add_ceph_backend(request["scope"], fields)
    return json_response(_view(backend, CEPH_FIELDS, _base(request), "storage_ceph"))


@wsexpose("storageceph_uuid:uuid")
async def delete_ceph(request):
    from .apitypes import no_content

    delete_ceph_backend(request["scope"], _get(request["scope"], BACKEND, request.match_info["uuid"],
                                               "storageceph_uuid"))
    return no_content()


@wsexpose("uuid:uuid", *PAGING)  # StorageController.get_all (uuid = the parent host)
async def list_stors(request):
    from . import hosts

    scope = request["scope"]
    base = _base(request)
    if "id" in request.match_info:
        stors = scope.all(STOR, ihost_uuid=hosts.find_host(scope, request.match_info["id"])["uuid"])
    else:
        stors = scope.all(STOR)
    return json_response(paginate(request, "istors", stors, lambda s: _view(s, STOR_FIELDS, base, "istors")))


@wsexpose("stor_uuid:uuid")
async def get_stor(request):
    stor = _get(request["scope"], STOR, request.match_info["uuid"], "stor_uuid")
    return json_response(_view(stor, STOR_FIELDS, _base(request), "istors"))


@wsexpose(body="stor")
async def post_stor(request):
    from . import hosts

    scope = request["scope"]
    fields = parse_body(await read_json(request, default={}), STOR_BODY, "stor")
    ident = fields.get("ihost_uuid") or fields.get("forihostid")
    if not ident:
        raise ApiError(400, "No host provided for stor creation.")
    host = hosts.find_host(scope, ident)
    stor = add_stor(scope, host, fields.get("idisk_uuid"), fields.get("function"),
                    fields.get("tier_uuid"))
    return json_response(_view(stor, STOR_FIELDS, _base(request), "istors"))


@wsexpose("stor_uuid:uuid", "force")
async def delete_stor_handler(request):
    from .apitypes import no_content

    delete_stor(request["scope"], _get(request["scope"], STOR, request.match_info["uuid"], "stor_uuid"))
    return no_content()


def add_routes(app, service):
    r = app.router
    r.add_get("/v1/storage_backend", list_backends)
    r.add_post("/v1/storage_backend", post_backend)
    r.add_get("/v1/storage_backend/{uuid}", get_backend)
    r.add_get("/v1/storage_ceph", list_ceph)
    r.add_post("/v1/storage_ceph", post_ceph)
    r.add_get("/v1/storage_ceph/{uuid}", get_ceph)
    r.add_delete("/v1/storage_ceph/{uuid}", delete_ceph)
    r.add_get("/v1/istors", list_stors)
    r.add_post("/v1/istors", post_stor)
    r.add_get("/v1/istors/{uuid}", get_stor)
    r.add_delete("/v1/istors/{uuid}", delete_stor_handler)
    r.add_get("/v1/ihosts/{id}/istors", list_stors)
