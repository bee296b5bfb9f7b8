"""sysinv applications (``system application-*``): ``/v1/apps``.

Routes (starlingx/config ``sysinv/api/controllers/v1/kube_app.py``, ``KubeAppController``):

=====================================================  ==========================================================
``GET /v1/apps``                                       ``{"apps": [...]}`` (no pagination, no ``next``)
``GET /v1/apps/{name}``                                one app; 404 "No application with name X."
``POST /v1/apps``                                      upload ``{tarfile, name?, app_version?, images?, binary_data?}``
``PATCH /v1/apps/{name}?directive=apply|remove|abort`` ``{"values": {...}}``; remove takes ``&force=True``
``POST /v1/apps/update``                               update A -> B ``{tarfile, name?, app_version?,
                                                       reuse_user_overrides?, reuse_attributes?}``
``DELETE /v1/apps/{name}[?force=True]``                204
``POST /v1/apps/update_all``                           USM activate: every app to the running release's tarball
``GET /v1/apps/get_apps_update_status``                ``{status, updated_apps, failed_apps}`` or ``null``
``POST /v1/apps/rollback_all_apps``                    USM activate-rollback: back to the previous release's
``GET /v1/apps/get_all_apps_by_status?status=``        a JSON list (inactive versions included)
``GET /v1/apps/kube_app_get_by_id?id=``                one app by integer id (inactive versions included)
``POST /v1/ihosts/{uuid}/update_mgmt_ipsec_state``     see ipsec.py (registered here)
=====================================================  ==========================================================

Arguments are those of the real methods (``apitypes.wsexpose``): ``GET /v1/apps`` takes none, so a paging
argument is refused (400 ``Unknown argument: "limit"``); PATCH takes ``directive``, ``values`` and ``force``
from the query or the JSON body, and any other key of the body is an unknown argument too.

Fields (``KubeApp``): ``name, app_version, manifest_name, manifest_file, status, progress, active`` and, except in
the list, ``created_at, updated_at``. Statuses, progress texts, the conductor's steps and the restart rules are
in app_ops.py; the apps' charts, durations and versions in app_catalog.py.

Nominal durations (``--time-scale`` multiplies them; app_catalog.py): upload ~8 s (+10 s download for a URL,
+60 s with ``images``), apply 75-300 s for the platform apps (120 s unknown apps, 1800 s stx-openstack), remove
60 s, update = upload + apply + ~15 s, an abort takes effect within 5 s; after a failed update the new version
shows ``apply-failed`` for 3 s before the old version turns ``recovering`` (``RECOVER_START_SECONDS``).

Note (as the conductor code does, unlike shared/reference/sysinv.md section 9.2): a user abort leaves every app
``apply-failed`` ("operation aborted by user"), platform-managed or not; only the reset after a restart puts
platform-managed apps back to ``uploaded`` (``_abort_operation`` with ``reset_status``).

Functions for other modules: :func:`ensure_platform_apps` (bootstrap: the apps a freshly bootstrapped
controller has), :func:`app` (one app by name), :func:`update_all` (USM activate / activate-rollback).

Differences from the real service
- The tarball is not unpacked on a controller. ``binary_data`` that is a real gzip tarball is read
  (``metadata.yaml`` ``app_name``/``app_version``, the ``fluxcd-manifests`` directory); anything else - and a
  controller path sent without ``binary_data``, which is assumed to exist on the controller - is named from
  the file name (``cert-manager-24.09-79.tgz`` -> ``cert-manager``/``24.09-79``), with the explicit ``name`` and
  ``app_version`` taking precedence over the file name (the real metadata takes precedence over them).
  The real API uses ``binary_data`` only when ``tarfile`` is not a URL and does not exist on the controller
  (``KubeAppController.post``: ``os.path.exists``); when the path exists, ``binary_data`` is ignored. The
  emulator has no controller file system (paths are "assumed to exist" only when no ``binary_data`` comes
  with them): it uses ``binary_data`` whenever it is sent, so where a real controller has a file at
  ``tarfile`` it would upload that file instead of the bytes sent.
  A URL is never downloaded: its file name names the app when the "download" step ends; if that name is
  already taken the upload fails with "... failed: application X already exists." (the emulator's text).
- Charts, images, Helm and FluxCD are not emulated: apply and remove always succeed unless a fault is injected
  (``fail:point=sysinv.app_apply,app=X[,chart=R]``, ``sysinv.app_upload``, ``sysinv.app_update``,
  ``sysinv.app_update.recover``, ``sysinv.app_remove``); ``sysinv.app_k8s_health`` makes the API answer
  "Kubernetes endpoints are not accessible for application operations".
- Lifecycle plugins are not emulated, except the metadata rule that nginx-ingress-controller forbids manual
  remove/delete without force; no app-specific semantic checks (e.g. openstack's), no dependent-app checks,
  no Kubernetes-version compatibility check, no helm overrides, no FM alarms (750.00x).
- The conductor's periodic application audit (auto upload/apply/reapply/update of platform-managed apps) is not
  emulated: a platform-managed app reset to ``uploaded`` by a restart stays ``uploaded``.
- ``update_all`` / ``rollback_all_apps`` use the release catalogue of app_catalog.py (the running
  ``software_version`` and the release before it) instead of the ``kube_app_bundle`` table, and update apps
  concurrently rather than by metadata class order.
- A missing ``tarfile`` on upload answers 500 "Application-upload rejected: tar file must be specified." (the
  real upload trips over ``None`` earlier with an internal error).
"""

import base64
import binascii
import io
import posixpath
import tarfile as tarmod
import time

import yaml

from ...http import ApiError, json_response, read_json
from . import app_catalog as catalog
from . import app_ops as ops
from .apitypes import invalid_input, wsexpose
from .app_ops import (APPLIED, APPLY_FAILED, APPLYING, REMOVE_FAILED, REMOVING, UPDATING, UPLOAD_FAILED, UPLOADED,
                      UPLOADING, KIND)

BRIEF_FIELDS = ("name", "app_version", "manifest_name", "manifest_file", "status", "progress", "active")
FIELDS = BRIEF_FIELDS + ("created_at", "updated_at")
OPENSTACK_APPLY_MODES = ["restore_db", "restore_storage", "normal"]  # constants.OPENSTACK_APP_APPLY_MODES
TARBALL_UPLOADS = "/tmp/tarball_uploads"  # noqa: S108 - the path the real API writes binary_data to
K8S_UNHEALTHY = "Kubernetes endpoints are not accessible for application operations"


# -- views and lookups ----------------------------------------------------------------------------------------
def view(record, expand=True):
    """KubeApp.convert_with_links: the list (expand=False) keeps only the brief fields."""
    return {key: record.get(key) for key in (FIELDS if expand else BRIEF_FIELDS)}


def app(scope, name):
    """The app ``name`` of ``scope`` as the API shows it (None if absent; inactive versions are hidden)."""
    return ops.visible(scope, name)


def _find(scope, name, operation):
    record = ops.visible(scope, name)
    if record is None:
        raise ApiError(400, "Application-%s rejected: application not found." % operation)
    return record


def _check_k8s_health(emulator, operation):
    """KubeAppController._check_k8s_health (a fault stands for unreachable Kubernetes endpoints)."""
    if emulator.faults.should_fail("sysinv.app_k8s_health", operation=operation):
        raise ApiError(400, K8S_UNHEALTHY)


def _rejected(operation, reason):
    return ApiError(400, "Application-%s rejected: %s" % (operation, reason))


def _not_allowed(operation, status):
    return _rejected(operation, "operation is not allowed while the current status is %s." % status)


def _placeholder(prefix, url):
    """KubeAppController._make_db_placeholder."""
    import hashlib

    return "%s-%s" % (prefix, hashlib.sha256(str(url).encode("utf-8")).hexdigest()[:16])


# -- tarballs -------------------------------------------------------------------------------------------------
def _read_tarball(data):
    """(name, version, has_fluxcd_manifests) from a real application tarball, or None if it is not one."""
    try:
        with tarmod.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            members = {posixpath.normpath(m.name): m for m in tar.getmembers()}
            meta = {}
            if "metadata.yaml" in members:
                handle = tar.extractfile(members["metadata.yaml"])
                meta = yaml.safe_load(handle.read()) if handle else {}
    except (tarmod.TarError, EOFError, OSError, ValueError, yaml.YAMLError):
        return None
    if not isinstance(meta, dict):
        meta = {}
    fluxcd = "fluxcd-manifests/kustomization.yaml" in members and "fluxcd-manifests/base" in members
    name, version = meta.get("app_name"), meta.get("app_version")
    return (str(name) if name else None, str(version) if version else None, fluxcd)


def check_tarfile(tarfile, name, version, operation, binary=None):
    """KubeAppController._check_tarfile -> (name, version, manifest_name, manifest_file, is_url)."""
    if catalog.is_url(tarfile):
        # Validation is deferred to the conductor, which downloads the file.
        return (name or _placeholder(ops.NAME_PLACEHOLDER, tarfile),
                version or _placeholder(ops.VERSION_PLACEHOLDER, tarfile),
                "manifest-placeholder", "tarfile-placeholder", True)
    path, data = tarfile, None
    if binary:
        # The tarball does not exist on the controller: the API saves binary_data under /tmp/tarball_uploads.
        path = posixpath.join(TARBALL_UPLOADS, "%s-%s" % (time.time(), posixpath.basename(tarfile)))
        try:
            data = base64.urlsafe_b64decode(binary)
        except (binascii.Error, ValueError, TypeError):
            raise ApiError(400, "Could not save the application on path %s" % path)
    if not catalog.has_tar_extension(path):
        raise _rejected(operation, "%s has unrecognizable tar file extension. Supported extensions are: .tgz "
                                   "and .tar.gz." % path)
    real = _read_tarball(data) if data else None
    if real is not None:
        meta_name, meta_version, fluxcd = real
        name, version = meta_name or name, meta_version or version  # the metadata wins
    else:
        file_name, file_version = catalog.name_version_from_filename(tarfile)
        name, version = name or file_name, version or file_version
    if not name or not version:
        raise _rejected(operation, ops.METADATA_MISSING)
    if real is not None and not real[2]:
        raise _rejected(operation, "Application-upload rejected: FluxCD manifest structure is not present")
    return name, version, "%s-fluxcd-manifests" % name, "fluxcd-manifests", False


# -- handlers -------------------------------------------------------------------------------------------------
@wsexpose()  # KubeAppController.get_all(self): no paging arguments
async def list_apps(request):
    scope = request["scope"]
    apps = [a for a in scope.all(KIND) if a["status"] != ops.INACTIVE]
    return json_response({"apps": [view(a, expand=False) for a in apps]})


@wsexpose("app_name")
async def get_app(request):
    scope = request["scope"]
    name = request.match_info["name"]
    record = ops.visible(scope, name)
    if record is None:
        raise ApiError(404, "No application with name %s." % name)
    return json_response(view(record))


async def _body(request):
    """The ``body`` argument (``types.apidict``): wsme's check_arguments refuses an empty request body."""
    body = await read_json(request, default=None)
    if body is None:
        raise ApiError(400, 'Missing argument: "body"')
    if not isinstance(body, dict):
        raise invalid_input("body", body, "Invalid data type")
    return body


@wsexpose(body="body")
async def upload_app(request):
    emulator, scope = request.app["service"].emulator, request["scope"]
    body = await _body(request)
    tarfile = body.get("tarfile")
    if not tarfile:
        raise ApiError(500, "Application-upload rejected: tar file must be specified.")
    name, version, mname, mfile, url = check_tarfile(
        tarfile, body.get("name", ""), body.get("app_version", ""), "upload", binary=body.get("binary_data", ""))
    if ops.visible(scope, name) is not None:
        raise _rejected("upload", "application %s already exists." % name)
    _check_k8s_health(emulator, "upload")
    record = ops.new_app(scope, name, version, UPLOADING, manifest_name=mname, manifest_file=mfile)
    ops.start_upload(emulator, scope, record, tarfile, url=url, images=body.get("images", False))
    return json_response(view(record))


@wsexpose("name", "directive", "values", "force")
async def patch_app(request):
    emulator, scope = request.app["service"].emulator, request["scope"]
    # Not a body method: directive and force come from the query, values from the JSON body (either may carry
    # any of them; a body name overrides the path's, as wsme combines them).
    args = request["arguments"]
    name, directive, force = args["name"], args.get("directive"), args.get("force")
    if directive is None:  # wsme check_arguments, in argument order
        raise ApiError(400, 'Missing argument: "directive"')
    if "values" not in args:
        raise ApiError(400, 'Missing argument: "values"')
    values = args["values"] if isinstance(args["values"], dict) else {}
    if directive not in ("apply", "remove", "abort"):
        raise ApiError(403, "Operation not permitted.")
    record = _find(scope, name, directive)
    if directive == "apply":
        _apply(emulator, scope, record, values)
    elif directive == "remove":
        _remove(emulator, scope, record, force == "True")
    else:
        if record["status"] not in (APPLYING, UPDATING, REMOVING):
            raise _not_allowed("abort", record["status"])
        ops.request_abort(emulator, scope, record)
    return json_response(view(record))


def _apply(emulator, scope, record, values):
    name = record["name"]
    mode = None
    if "mode" in values:
        if not catalog.is_openstack(name):
            raise _rejected("apply", "Mode is not supported for app %s." % name)
        if values["mode"] and values["mode"] not in OPENSTACK_APPLY_MODES:
            raise _rejected("apply", "Mode %s for app %s is not valid. Valid modes are %s." % (
                values["mode"], name, OPENSTACK_APPLY_MODES))
        mode = values["mode"]
    if record["status"] == APPLYING:
        raise _rejected("apply", "install/update is already in progress.")
    if record["status"] not in (UPLOADED, APPLY_FAILED, APPLIED):
        raise _not_allowed("apply", record["status"])
    _check_k8s_health(emulator, "apply")
    reapply = record["status"] in (APPLIED, APPLY_FAILED)
    record.update(status=APPLYING, progress=None, recovery_attempts=0, mode=mode)
    scope.save(KIND, record)
    ops.start_apply(emulator, scope, record, mode=mode, reapply=reapply)


def _remove(emulator, scope, record, force):
    if record["status"] not in (APPLIED, APPLY_FAILED, REMOVE_FAILED):
        raise _not_allowed("remove", record["status"])
    _check_k8s_health(emulator, "remove")
    if "remove" in catalog.forbidden_operations(record["name"]) and not force:
        # lifecycle_base: LifecycleSemanticCheckOpererationBlocked, through the RPC RemoteError
        raise _rejected("remove", "Remove is disabled for this version of %s" % record["name"])
    record.update(status=REMOVING, progress=None)
    scope.save(KIND, record)
    ops.start_remove(emulator, scope, record, force=force)


def _flag(body, key):
    value = body.get(key)
    if value is None:
        return None
    if value in ("true", "True"):
        return True
    if value in ("false", "False"):
        return False
    raise _rejected("update", "invalid %s setting." % key)


@wsexpose(body="body")
async def update_app(request):
    """KubeAppController.update; the check order is the real one (shared/reference/slurp.md section 5)."""
    emulator, scope = request.app["service"].emulator, request["scope"]
    body = await _body(request)
    tarfile = body.get("tarfile")
    if not tarfile:
        raise ApiError(500, "Application-update rejected: tar file must be specified.")
    name, version, mname, mfile, url = check_tarfile(tarfile, body.get("name", ""), body.get("app_version", ""),
                                                     "update")
    _flag(body, "reuse_user_overrides")
    _flag(body, "reuse_attributes")
    applied = _find(scope, name, "update")
    _check_k8s_health(emulator, "update")
    if applied["status"] == UPDATING:
        raise _rejected("update", "update is already in progress.")
    if applied["status"] != APPLIED:
        raise _not_allowed("update", applied["status"])
    if applied["app_version"] == version:
        raise _rejected("update", "the version %s is already applied." % version)
    target = ops.create_update_target(scope, applied, name, version, manifest_name=mname, manifest_file=mfile)
    ops.start_update(emulator, scope, applied, target, tarfile, url=url)
    return json_response(view(target))


@wsexpose("name", "force")
async def delete_app(request):
    scope = request["scope"]
    name = request["arguments"]["name"]
    force = request["arguments"].get("force") == "True"
    record = _find(scope, name, "delete")
    if record["status"] not in (UPLOADED, UPLOAD_FAILED):
        raise _not_allowed("delete", record["status"])
    if "delete" in catalog.forbidden_operations(name) and not force:
        raise _rejected("delete", "Delete is disabled for this version of %s" % name)
    for version in scope.all(KIND, name=name):  # kube_app_destroy(name): every version
        scope.remove(KIND, version)
    return json_response(None, status=204)


@wsexpose()
async def update_all_apps(request):
    emulator, scope = request.app["service"].emulator, request["scope"]
    _check_k8s_health(emulator, "update")
    update_all(emulator, scope)
    return json_response(None, status=204)


@wsexpose()
async def rollback_all_apps(request):
    emulator, scope = request.app["service"].emulator, request["scope"]
    _check_k8s_health(emulator, "update")
    update_all(emulator, scope, rollback=True)
    return json_response(None, status=204)


@wsexpose()
async def get_apps_update_status(request):
    record = ops.update_status_record(request["scope"])
    if record is None:
        return json_response(None)  # the conductor has no AppUpdateManager yet
    return json_response({key: record[key] for key in ("status", "updated_apps", "failed_apps")})


@wsexpose("status")
async def get_all_apps_by_status(request):
    status = request["arguments"].get("status")
    if status is None:
        raise ApiError(400, 'Missing argument: "status"')
    if status not in ops.STATUSES:
        raise ApiError(400, "get_all_apps_by_status rejected: status %s is not valid." % status)
    return json_response([view(a) for a in request["scope"].all(KIND, status=status)])


@wsexpose("id")
async def kube_app_get_by_id(request):
    ident = request["arguments"].get("id")
    if ident is None:
        raise ApiError(400, 'Missing argument: "id"')
    record = None
    try:
        record = request["scope"].first(KIND, id=int(ident))
    except ValueError:
        pass
    if record is None:
        raise ApiError(404, "No application with id %s." % ident)
    return json_response(view(record))


# -- functions for other modules ------------------------------------------------------------------------------
def _software_version(emulator, scope):
    from .system import system

    sysrec = system(scope)
    return (sysrec or {}).get("software_version") or emulator.store.setting("sw_version")


def update_all(emulator, scope, sw_version=None, rollback=False):
    """Update every app to the tarballs of ``sw_version`` (default: the running release; with ``rollback``, the
    release before it), as ``update_all`` / ``rollback_all_apps`` do. Returns the status record."""
    scope = emulator.scope(scope) if isinstance(scope, str) else scope
    version = sw_version or _software_version(emulator, scope)
    if rollback and sw_version is None:
        version = catalog.previous_release(version) or version
    return ops.update_all(emulator, scope, version)


def ensure_platform_apps(emulator, scope, applied=True):
    """Create the apps a bootstrapped controller has (idempotent): the platform-managed tarballs of the running
    release uploaded, and with ``applied`` the ones bootstrap applies (nginx-ingress-controller, cert-manager,
    and since 26.03 oidc-auth-apps except on a subcloud) applied. Returns the apps."""
    from .system import system

    scope = emulator.scope(scope) if isinstance(scope, str) else scope
    sw_version = _software_version(emulator, scope)
    major = catalog.release_major(sw_version)
    shipped = catalog.bundle(sw_version)
    sysrec = system(scope) or {}
    to_apply = list(catalog.BOOTSTRAP_APPLIED)
    if major >= catalog.OIDC_APPLIED_SINCE and sysrec.get("distributed_cloud_role") != "subcloud":
        to_apply.append("oidc-auth-apps")
    names = to_apply + sorted(n for n in catalog.AUTO_UPLOADED if n not in to_apply)
    result = []
    for name in names:
        record = ops.visible(scope, name)
        should_apply = applied and name in to_apply
        if record is None:
            version = shipped.get(name, "%s-1" % major)
            record = ops.new_app(scope, name, version, APPLIED if should_apply else UPLOADED,
                                 progress=ops.P_COMPLETED, active=should_apply)
        elif should_apply and record["status"] == UPLOADED:
            record.update(status=APPLIED, progress=ops.P_COMPLETED, active=True)
            scope.save(KIND, record)
        result.append(record)
    return result


def on_restart(emulator, scope):
    ops.resolve_after_restart(emulator, scope)


def add_routes(app_, service):
    from . import ipsec

    r = app_.router
    for suffix in ("", "/"):
        r.add_get("/v1/apps" + suffix, list_apps)
        r.add_post("/v1/apps" + suffix, upload_app)
        r.add_post("/v1/apps/update" + suffix, update_app)
        r.add_post("/v1/apps/update_all" + suffix, update_all_apps)
        r.add_post("/v1/apps/rollback_all_apps" + suffix, rollback_all_apps)
        r.add_get("/v1/apps/get_apps_update_status" + suffix, get_apps_update_status)
        r.add_get("/v1/apps/get_all_apps_by_status" + suffix, get_all_apps_by_status)
        r.add_get("/v1/apps/kube_app_get_by_id" + suffix, kube_app_get_by_id)
    r.add_get("/v1/apps/{name}", get_app)
    r.add_patch("/v1/apps/{name}", patch_app)
    r.add_delete("/v1/apps/{name}", delete_app)
    ipsec.add_routes(app_, service)
