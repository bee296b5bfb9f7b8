"""The sysinv conductor's application operations (upload, apply, remove, update and its recovery, abort) as
timed steps, and what the conductor does to interrupted operations when it starts again.

Source: starlingx/config ``sysinv/conductor/kube_app.py`` (``AppOperator``: ``perform_app_upload``,
``perform_app_apply``, ``_make_fluxcd_operation_with_monitor._check_progress``, ``perform_app_remove``,
``perform_app_update``, ``_perform_app_recover``, ``perform_app_abort``, ``_abort_operation``,
``_clear_stuck_applications``, ``_restore_from_app_after_failed_update``) and ``common/constants.py``
(statuses and ``APP_PROGRESS_*`` texts).

Each running operation is an ``app_op`` object holding a list of steps ``[name, nominal_delay, args]``; one timer
(``sysinv.app.step``) runs the next step, which updates the app the way the conductor does at that point and
may replace the remaining steps (a failed update continues with the recovery steps). The app refers to its
operation in ``_op``.

Fault points (``should_fail``): ``sysinv.app_upload`` (app), ``sysinv.app_apply`` (app, chart),
``sysinv.app_update`` (app, chart), ``sysinv.app_update.recover`` (app, chart), ``sysinv.app_remove`` (app).
Crash points (``crash_point``, at the start of every step; attributes app, step): ``sysinv.app_upload.uploading``,
``sysinv.app_apply.applying``, ``sysinv.app_remove.removing``, ``sysinv.app_update.updating``,
``sysinv.app_update.recovering``.
"""

from ...clock import timer_action
from . import app_catalog as catalog

KIND = "app"
OP_KIND = "app_op"
STATUS_KIND = "app_update_status"  # the conductor's AppUpdateManager (update_all / rollback_all_apps)
STEP = "sysinv.app.step"

# constants.APP_* statuses
MISSING = "missing"
UPLOADING, UPLOADED, UPLOAD_FAILED = "uploading", "uploaded", "upload-failed"
APPLYING, APPLIED, APPLY_FAILED = "applying", "applied", "apply-failed"
REMOVING, REMOVE_FAILED = "removing", "remove-failed"
INACTIVE, UPDATING, RECOVERING = "inactive", "updating", "recovering"
RESTORE_REQUESTED, UPDATE_STARTING = "restore-requested", "update-starting"
STATUSES = (MISSING, UPLOADING, UPLOADED, UPLOAD_FAILED, APPLYING, APPLIED, APPLY_FAILED, REMOVING,
            REMOVE_FAILED, INACTIVE, UPDATING, RECOVERING, RESTORE_REQUESTED, UPDATE_STARTING)

# constants.APP_PROGRESS_*
P_ABORTED = "operation aborted, check system inventory logs for details"
P_ABORTED_BY_USER = "operation aborted by user"
P_APPLY_MANIFEST = "applying application manifest"
P_COMPLETED = "completed"
P_DELETE_MANIFEST = "deleting application manifest"
P_DOWNLOAD_IMAGES = "retrieving docker images"
P_EXTRACT_TARFILE = "extracting application tar file"
P_GENERATE_OVERRIDES = "generating application overrides"
P_TARFILE_DOWNLOAD = "downloading tarfile"
P_VALIDATE_UPLOAD_CHARTS = "validating and uploading charts"
P_UPDATE_STARTING = "Application update starting."
P_UPDATE_ABORTED = "Application update from version {} to version {} aborted. "
P_UPDATE_COMPLETED = "Application update from version {} to version {} completed."
P_RECOVER_ABORTED = "Application recover to version {} aborted. "
P_RECOVER_COMPLETED = "Application recover to version {} completed. "
P_RECOVER_IN_PROGRESS = "recovering version {} "
P_RECOVER_CHARTS = "recovering helm charts"
P_UPDATE_FAILED_SKIP_RECOVERY = "Application {} update from version {} to version {} failed and recovery skipped."
P_REMOVE_FAILED_WARNING = ("Application remove failed. Status forced to '{}'. "
                           "Use native helm commands to clean up application helm releases.")
P_CLEANUP = "cleanup application version {}"
UPLOAD_FAILURE = "Upload of application {} ({}) failed: {}"  # exception.KubeAppUploadFailure
MANIFEST_INVALID = "Failed to validate application manifest."
METADATA_MISSING = ("application name or/and version is/are not included in the tar file. Please specify the "
                    "application name via --app-name or/and version via --app-version.")
NAME_PLACEHOLDER = "app-name-placeholder"
VERSION_PLACEHOLDER = "app-version-placeholder"

IN_PROGRESS = (UPLOADING, APPLYING, UPDATING, RECOVERING, REMOVING)  # _clear_stuck_applications
ACTIVATE_ROLLBACK_STATES = ("activate-rollback", "activate-rollback-failed")


# -- small helpers --------------------------------------------------------------------------------------------
def truncate(message, max_length=255):
    """cutils.truncate_message: the progress column is 255 characters."""
    return message[:max_length - 3] + "..." if len(message) > max_length else message


def visible(scope, name):
    """The app ``name`` as the API sees it (inactive versions are hidden: db api ``_kube_app_get``)."""
    for app in scope.all(KIND, name=name):
        if app["status"] != INACTIVE:
            return app
    return None


def update_status(scope, app, status=None, progress=None):
    """AppOperator._update_app_status / Application.update_status: the progress changes only when given."""
    if status is not None:
        app["status"] = status
    if progress:
        app["progress"] = truncate(progress)
    scope.save(KIND, app)


def _scope(emulator, scope):
    return emulator.scope(scope) if isinstance(scope, str) else scope


def _op_of(scope, app):
    return scope.get(OP_KIND, app.get("_op")) if app and app.get("_op") else None


def _begin(emulator, scope, app, kind, steps, **fields):
    op = scope.add(OP_KIND, dict(fields, kind=kind, app=app["uuid"], steps=steps, i=0, abort=False,
                                 manifest_dir=False, error=""))
    app["_op"] = op["uuid"]
    scope.save(KIND, app, touch=False)
    emulator.scheduler.schedule(steps[0][1], STEP, scope=scope.name, op=op["uuid"])
    return op


def _finish(scope, op):
    for key in ("app", "from_app"):
        app = scope.get(KIND, op.get(key)) if op.get(key) else None
        if app is not None and app.get("_op") == op["uuid"]:
            app["_op"] = None
            scope.save(KIND, app, touch=False)
    scope.remove(OP_KIND, op)


def _crash_point(op, step):
    if op["kind"] == "update":
        return "sysinv.app_update.recovering" if step.startswith("rc_") else "sysinv.app_update.updating"
    return {"upload": "sysinv.app_upload.uploading", "apply": "sysinv.app_apply.applying",
            "remove": "sysinv.app_remove.removing"}[op["kind"]]


# -- step lists -----------------------------------------------------------------------------------------------
def upload_steps(url, images, first_delay=0):
    steps = []
    if url:
        steps.append(["up_download", first_delay, {}])
    steps.append(["up_extract", catalog.UPLOAD_DOWNLOAD_SECONDS if url else first_delay, {}])
    steps.append(["up_validate", catalog.UPLOAD_EXTRACT_SECONDS, {}])
    if images:
        steps.append(["up_images", catalog.UPLOAD_CHARTS_SECONDS, {}])
        steps.append(["up_done", catalog.UPLOAD_IMAGES_SECONDS, {}])
    else:
        steps.append(["up_done", catalog.UPLOAD_CHARTS_SECONDS, {}])
    return steps


def _chart_seconds(name):
    charts = catalog.charts(name)
    fixed = catalog.APPLY_OVERRIDES_SECONDS + catalog.APPLY_IMAGES_SECONDS + catalog.APPLY_MANIFEST_SECONDS
    return max(1.0, float(catalog.apply_seconds(name) - fixed) / len(charts))


def apply_steps(name, first_delay=0):
    steps = [["ap_overrides", first_delay, {}],
             ["ap_images", catalog.APPLY_OVERRIDES_SECONDS, {}],
             ["ap_manifest", catalog.APPLY_IMAGES_SECONDS, {}],
             ["ap_progress", catalog.APPLY_MANIFEST_SECONDS, {}]]
    per_chart = _chart_seconds(name)
    steps += [["ap_chart", per_chart, {"k": k}] for k in range(len(catalog.charts(name)))]
    return steps


def recover_steps(name, fluxcd):
    steps = [["rc_start", catalog.RECOVER_START_SECONDS, {}], ["rc_charts", 0, {}]]
    if fluxcd:
        steps.append(["rc_progress", catalog.RECOVER_CHARTS_SECONDS, {}])
        per_chart = _chart_seconds(name)
        steps += [["rc_chart", per_chart, {"k": k}] for k in range(len(catalog.charts(name)))]
        steps.append(["rc_done", 0, {}])
    else:
        steps.append(["rc_done", catalog.RECOVER_CHARTS_SECONDS, {}])
    return steps


# -- starting operations (the API has validated and set the initial status) ---------------------------------
def start_upload(emulator, scope, app, tarfile, url=False, images=False, batch=False):
    return _begin(emulator, scope, app, "upload", upload_steps(url, images), tarfile=tarfile, url=url,
                  images=bool(images), batch=batch)


def start_apply(emulator, scope, app, mode=None, reapply=False):
    return _begin(emulator, scope, app, "apply", apply_steps(app["name"]), mode=mode, reapply=reapply)


def start_remove(emulator, scope, app, force=False):
    steps = [["rm_start", 0, {}], ["rm_done", catalog.remove_seconds(app["name"]), {}]]
    return _begin(emulator, scope, app, "remove", steps, force=force)


def start_update(emulator, scope, from_app, to_app, tarfile, url=False, batch=False):
    steps = ([["upd_start", 0, {}]] + upload_steps(url, False, first_delay=1)
             + [["upd_updating", catalog.UPDATE_SWITCH_SECONDS, {}]] + apply_steps(to_app["name"])
             + [["upd_cleanup", 0, {}], ["upd_done", catalog.UPDATE_CLEANUP_SECONDS, {}]])
    return _begin(emulator, scope, to_app, "update", steps, from_app=from_app["uuid"], tarfile=tarfile,
                  url=url, batch=batch)


def request_abort(emulator, scope, app):
    """perform_app_abort: raise the abort flag; the worker notices it at its next check (within 5 s)."""
    op = _op_of(scope, app)
    if op is None:
        return False  # "Abort request ignored. The previous operation ... has either completed or failed."
    op["abort"] = True
    scope.save(OP_KIND, op, touch=False)
    soon = emulator.clock.now() + emulator.clock.real_delay(catalog.ABORT_REACTION_SECONDS)
    for timer in emulator.scheduler.pending(STEP, scope=scope.name, op=op["uuid"]):
        if timer["due"] > soon:
            emulator.scheduler.cancel(STEP, scope=scope.name, op=op["uuid"])
            emulator.scheduler.schedule(catalog.ABORT_REACTION_SECONDS, STEP, scope=scope.name, op=op["uuid"])
    return True


# -- the step timer -------------------------------------------------------------------------------------------
@timer_action(STEP)
def run_step(emulator, scope, op):
    scope = emulator.scope(scope)
    op_obj = scope.get(OP_KIND, op)
    if op_obj is None:
        return  # the operation ended (restart, delete) before this timer ran
    op = op_obj
    app = scope.get(KIND, op["app"])
    if app is None:
        _finish(scope, op)
        return
    name, _delay, args = op["steps"][op["i"]]
    emulator.faults.crash_point(_crash_point(op, name), app=app["name"], step=name)
    op["i"] += 1
    scope.save(OP_KIND, op, touch=False)
    STEPS[name](emulator, scope, op, app, **args)
    if scope.get(OP_KIND, op["uuid"]) is None:
        return  # the step ended the operation
    if op["i"] < len(op["steps"]):
        emulator.scheduler.schedule(op["steps"][op["i"]][1], STEP, scope=scope.name, op=op["uuid"])
    else:
        _finish(scope, op)


# upload ---------------------------------------------------------------------------------------------------
def _up_download(emulator, scope, op, app):
    update_status(scope, app, progress=P_TARFILE_DOWNLOAD)


def _up_extract(emulator, scope, op, app):
    update_status(scope, app, progress=P_EXTRACT_TARFILE)
    op["manifest_dir"] = True  # _extract_tarfile creates the synced fluxcd directory
    scope.save(OP_KIND, op, touch=False)
    if op.get("url") and (app["name"].startswith(NAME_PLACEHOLDER)
                          or app["app_version"].startswith(VERSION_PLACEHOLDER)):
        # The downloaded tarball's metadata names the app (regenerate_application_info); the emulator reads
        # the name and version from the downloaded file's name instead.
        name, version = catalog.name_version_from_filename(op["tarfile"])
        if app["name"].startswith(NAME_PLACEHOLDER) and name:
            app["name"] = name
        if app["app_version"].startswith(VERSION_PLACEHOLDER) and version:
            app["app_version"] = version
        # _verify_metadata_file tests both against the *version* placeholder (sic): a placeholder name stays.
        if app["name"].startswith(VERSION_PLACEHOLDER) or app["app_version"].startswith(VERSION_PLACEHOLDER):
            return _upload_failed(emulator, scope, op, app, METADATA_MISSING)
        others = [a for a in scope.all(KIND, name=app["name"]) if a["uuid"] != app["uuid"]
                  and (a["status"] != INACTIVE or a["app_version"] == app["app_version"])]
        if others:
            return _upload_failed(emulator, scope, op, app, "application %s already exists." % app["name"])
        app["manifest_name"] = "%s-fluxcd-manifests" % app["name"]
        app["manifest_file"] = "fluxcd-manifests"
        scope.save(KIND, app)


def _up_validate(emulator, scope, op, app):
    if emulator.faults.should_fail("sysinv.app_upload", app=app["name"]):
        return _upload_failed(emulator, scope, op, app, MANIFEST_INVALID)
    update_status(scope, app, progress=P_VALIDATE_UPLOAD_CHARTS)


def _up_images(emulator, scope, op, app):
    update_status(scope, app, progress=P_DOWNLOAD_IMAGES)


def _up_done(emulator, scope, op, app):
    if op["kind"] == "update":
        update_status(scope, app, UPDATE_STARTING, P_COMPLETED)  # transitory_state
        return
    update_status(scope, app, UPLOADED, P_COMPLETED)
    _batch_result(scope, op, app["name"], True)


def _upload_failed(emulator, scope, op, app, reason):
    """perform_app_upload's KubeAppUploadFailure -> _abort_operation(app, 'upload', str(e))."""
    message = UPLOAD_FAILURE.format(app["name"], app["app_version"], reason)
    if op["kind"] == "update":
        update_status(scope, app, APPLY_FAILED, message)  # status was 'updating'
        return _update_failed(emulator, scope, op, app, fluxcd=False)
    update_status(scope, app, UPLOAD_FAILED, message)
    _batch_result(scope, op, app["name"], False)
    _finish(scope, op)


# apply ----------------------------------------------------------------------------------------------------
def _ap_overrides(emulator, scope, op, app):
    update_status(scope, app, progress=P_GENERATE_OVERRIDES)


def _ap_images(emulator, scope, op, app):
    if op["abort"]:
        return _apply_aborted(emulator, scope, op, app, fluxcd=False)
    update_status(scope, app, progress=P_DOWNLOAD_IMAGES)


def _ap_manifest(emulator, scope, op, app):
    if op["abort"]:
        return _apply_aborted(emulator, scope, op, app, fluxcd=False)
    update_status(scope, app, progress=P_APPLY_MANIFEST)


def _ap_progress(emulator, scope, op, app):
    if op["abort"]:
        return _apply_aborted(emulator, scope, op, app, fluxcd=True)
    update_status(scope, app, progress="Applying app {}. Overall completion: {}%".format(app["name"], 0))


def _ap_chart(emulator, scope, op, app, k):
    if op["abort"]:
        return _apply_aborted(emulator, scope, op, app, fluxcd=True)
    charts = catalog.charts(app["name"])
    release, label = charts[k]
    point = "sysinv.app_update" if op["kind"] == "update" else "sysinv.app_apply"
    if emulator.faults.should_fail(point, app=app["name"], chart=release):
        # _check_progress: the HelmRelease is Ready=False -> error message on the app, then _abort_operation
        op["error"] = 'Failed to apply helm release "{}".'.format(release)
        update_status(scope, app, APPLY_FAILED, "{}: {}".format(op["error"], P_ABORTED))
        if op["kind"] == "update":
            return _update_failed(emulator, scope, op, app, fluxcd=True)
        return _finish(scope, op)
    if k + 1 < len(charts):
        percent = int(round(float(k + 1) / len(charts) * 100))
        update_status(scope, app, progress="Applying app {}. Chart {} applied. Overall completion: {}%".format(
            app["name"], label, percent))
        return
    update_status(scope, app, APPLIED, P_COMPLETED)
    app["active"] = True
    scope.save(KIND, app)


def _apply_aborted(emulator, scope, op, app, fluxcd):
    """_abort_operation(app, 'apply', user_initiated=True): apply-failed for every app (reset_status=False)."""
    update_status(scope, app, APPLY_FAILED, P_ABORTED_BY_USER)
    if op["kind"] == "update":
        return _update_failed(emulator, scope, op, app, fluxcd=fluxcd)
    _finish(scope, op)


# remove ---------------------------------------------------------------------------------------------------
def _rm_start(emulator, scope, op, app):
    app["active"] = False
    update_status(scope, app, progress=P_DELETE_MANIFEST)


def _rm_done(emulator, scope, op, app):
    if op["abort"]:
        # "App is always set to APP_REMOVE_FAILURE if abort is initiated by user."
        update_status(scope, app, REMOVE_FAILED, P_ABORTED_BY_USER)
        return _finish(scope, op)
    if emulator.faults.should_fail("sysinv.app_remove", app=app["name"]):
        if op.get("force"):
            update_status(scope, app, UPLOADED, P_REMOVE_FAILED_WARNING.format(UPLOADED))
        else:
            update_status(scope, app, REMOVE_FAILED, P_ABORTED)
        return _finish(scope, op)
    for other in scope.all(KIND, name=app["name"], status=INACTIVE):  # kube_app_destroy(inactive=True)
        scope.remove(KIND, other)
    update_status(scope, app, UPLOADED, P_COMPLETED)


# update ---------------------------------------------------------------------------------------------------
def _upd_start(emulator, scope, op, app):
    update_status(scope, app, progress=P_UPDATE_STARTING)


def _upd_updating(emulator, scope, op, app):
    update_status(scope, app, UPDATING)


def _upd_cleanup(emulator, scope, op, app):
    from_app = scope.get(KIND, op["from_app"])
    update_status(scope, app, UPDATING, P_CLEANUP.format(from_app["app_version"] if from_app else ""))


def _upd_done(emulator, scope, op, app):
    from_app = scope.get(KIND, op["from_app"])
    from_version = from_app["app_version"] if from_app else ""
    update_status(scope, app, APPLIED, P_UPDATE_COMPLETED.format(from_version, app["app_version"]))
    _batch_result(scope, op, app["name"], True)


def _activate_rollback_in_progress(scope):
    """cutils.verify_activate_rollback_in_progress: the USM deployment's state."""
    deploy = scope.first("deploy")
    return bool(deploy) and deploy.get("state") in ACTIVATE_ROLLBACK_STATES


def _update_failed(emulator, scope, op, to_app, fluxcd):
    """perform_app_update after a failed upload/apply of the new version: trigger_recovery."""
    from_app = scope.get(KIND, op["from_app"])
    if _activate_rollback_in_progress(scope) or from_app is None:
        # Recovery is skipped during USM activate-rollback. After a failed FluxCD apply the conductor still
        # cleans the old version up and reports the skipped recovery; after an earlier failure it stops.
        if fluxcd and from_app is not None:
            update_status(scope, to_app, APPLY_FAILED, P_UPDATE_FAILED_SKIP_RECOVERY.format(
                to_app["name"], from_app["app_version"], to_app["app_version"]))
        _batch_result(scope, op, to_app["name"], False)
        return _finish(scope, op)
    op["steps"] = op["steps"][:op["i"]] + recover_steps(from_app["name"], fluxcd)
    op["to_version"] = to_app["app_version"]
    scope.save(OP_KIND, op, touch=False)


def _rc_start(emulator, scope, op, to_app):
    from_app = scope.get(KIND, op["from_app"])
    update_status(scope, from_app, RECOVERING,
                  P_UPDATE_ABORTED.format(from_app["app_version"], op["to_version"])
                  + P_RECOVER_IN_PROGRESS.format(from_app["app_version"]))
    # The new version goes inactive and is destroyed; the operation now belongs to the old version.
    scope.remove(KIND, to_app)
    op["app"] = from_app["uuid"]
    from_app["_op"] = op["uuid"]
    scope.save(KIND, from_app, touch=False)
    scope.save(OP_KIND, op, touch=False)


def _rc_charts(emulator, scope, op, app):
    update_status(scope, app, progress=P_RECOVER_CHARTS)


def _rc_progress(emulator, scope, op, app):
    update_status(scope, app, progress="Applying app {}. Overall completion: {}%".format(app["name"], 0))


def _rc_chart(emulator, scope, op, app, k):
    charts = catalog.charts(app["name"])
    release, label = charts[k]
    if emulator.faults.should_fail("sysinv.app_update.recover", app=app["name"], chart=release):
        update_status(scope, app, APPLY_FAILED,
                      P_UPDATE_ABORTED.format(app["app_version"], op["to_version"])
                      + P_RECOVER_ABORTED.format(app["app_version"])
                      + 'Failed to apply helm release "{}".'.format(release) + "Please check logs for details.")
        _batch_result(scope, op, app["name"], False)
        return _finish(scope, op)
    if k + 1 < len(charts):
        percent = int(round(float(k + 1) / len(charts) * 100))
        update_status(scope, app, progress="Applying app {}. Chart {} applied. Overall completion: {}%".format(
            app["name"], label, percent))


def _rc_done(emulator, scope, op, app):
    update_status(scope, app, APPLIED, P_UPDATE_ABORTED.format(app["app_version"], op["to_version"])
                  + P_RECOVER_COMPLETED.format(app["app_version"]) + "Please check logs for details.")
    _batch_result(scope, op, app["name"], False)


STEPS = {
    "up_download": _up_download, "up_extract": _up_extract, "up_validate": _up_validate,
    "up_images": _up_images, "up_done": _up_done,
    "ap_overrides": _ap_overrides, "ap_images": _ap_images, "ap_manifest": _ap_manifest,
    "ap_progress": _ap_progress, "ap_chart": _ap_chart,
    "rm_start": _rm_start, "rm_done": _rm_done,
    "upd_start": _upd_start, "upd_updating": _upd_updating, "upd_cleanup": _upd_cleanup, "upd_done": _upd_done,
    "rc_start": _rc_start, "rc_charts": _rc_charts, "rc_progress": _rc_progress, "rc_chart": _rc_chart,
    "rc_done": _rc_done,
}


# -- update_all / rollback_all_apps (common/app_update_manager.py) ------------------------------------------
def update_status_record(scope):
    return scope.first(STATUS_KIND)


def _batch_result(scope, op, name, ok):
    if not op.get("batch"):
        return
    record = update_status_record(scope)
    if record is None:
        return
    if name in record["pending"]:
        record["pending"].remove(name)
    (record["updated_apps"] if ok else record["failed_apps"]).append(name)
    if not record["pending"]:
        record["status"] = "failed" if record["failed_apps"] else "completed"
    scope.save(STATUS_KIND, record)


def update_all(emulator, scope, sw_version):
    """Bring every app that the release ``sw_version`` ships to the shipped version (USM activate; rollback).

    Applied (and apply-failed) apps are updated A -> B with recovery on failure; uploaded apps are replaced by
    an upload of the new version. Progress is kept like the conductor's AppUpdateManager status.
    """
    scope = _scope(emulator, scope)
    target = catalog.bundle(sw_version)
    for old in scope.all(STATUS_KIND):
        scope.remove(STATUS_KIND, old)
    record = scope.add(STATUS_KIND, {"status": "in_progress", "updated_apps": [], "failed_apps": [],
                                     "pending": []})
    for app in [a for a in scope.all(KIND) if a["status"] != INACTIVE]:
        version = target.get(app["name"])
        if not version or version == app["app_version"]:
            continue
        tarfile = catalog.bundle_tarball(app["name"], version)
        if app["status"] in (APPLIED, APPLY_FAILED):
            record["pending"].append(app["name"])
            to_app = create_update_target(scope, app, app["name"], version)
            start_update(emulator, scope, app, to_app, tarfile, batch=True)
        elif app["status"] in (UPLOADED, UPLOAD_FAILED):
            record["pending"].append(app["name"])
            name = app["name"]
            for other in scope.all(KIND, name=name):
                scope.remove(KIND, other)
            new = new_app(scope, name, version, UPLOADING)
            start_upload(emulator, scope, new, tarfile, batch=True)
    if not record["pending"]:
        record["status"] = "completed"
    scope.save(STATUS_KIND, record)
    return record


# -- records --------------------------------------------------------------------------------------------------
def new_app(scope, name, version, status, progress=None, active=False, manifest_name=None, manifest_file=None):
    """kube_app_create with the model's defaults."""
    return scope.add(KIND, {
        "name": name, "app_version": version,
        "manifest_name": manifest_name or "%s-fluxcd-manifests" % name,
        "manifest_file": manifest_file or "fluxcd-manifests",
        "status": status, "progress": progress, "active": active, "recovery_attempts": 0, "mode": None,
        "app_metadata": None, "_op": None,
    })


def create_update_target(scope, from_app, name, version, manifest_name=None, manifest_file=None):
    """KubeAppController.update: the applied version goes inactive, the target (re-used if it is an inactive
    version already) becomes 'updating'."""
    from_app["status"] = INACTIVE
    from_app["progress"] = None
    scope.save(KIND, from_app)
    target = scope.first(KIND, name=name, app_version=version, status=INACTIVE)
    if target is not None:
        target["status"] = UPDATING
        scope.save(KIND, target)
        return target
    return new_app(scope, name, version, UPDATING, active=True, manifest_name=manifest_name,
                   manifest_file=manifest_file)


# -- restart --------------------------------------------------------------------------------------------------
def resolve_after_restart(emulator, scope):
    """AppOperator.__init__ -> _clear_stuck_applications, on a conductor (re)start.

    The worker threads are gone: pending steps are dropped, and every app still uploading, applying, updating,
    recovering or removing gets the status the conductor resets it to, with the real progress text. An update
    interrupted before the new tarball was extracted restores the previous version instead.
    """
    scope = _scope(emulator, scope)
    emulator.scheduler.cancel(STEP, scope=scope.name)
    for record in scope.all(STATUS_KIND):  # the AppUpdateManager lives in the conductor's memory
        scope.remove(STATUS_KIND, record)
    ops = {op["uuid"]: op for op in scope.all(OP_KIND)}
    for app in list(scope.all(KIND)):
        if scope.get(KIND, app["uuid"]) is None:
            continue
        op = ops.get(app.get("_op"))
        if app["status"] in IN_PROGRESS:
            if app["status"] == UPDATING and not (op and op.get("manifest_dir")):
                _restore_from_app(scope, app)
            else:
                _reset_status(scope, app)
        if scope.get(KIND, app["uuid"]) is not None and app.get("_op"):
            app["_op"] = None
            scope.save(KIND, app, touch=False)
    for op in ops.values():
        scope.remove(OP_KIND, op)


def _restore_from_app(scope, stuck):
    """_restore_from_app_after_failed_update."""
    inactive = scope.all(KIND, name=stuck["name"], status=INACTIVE)
    if not inactive:
        return _reset_status(scope, stuck)
    from_app = inactive[0]
    from_app.update(status=APPLIED, progress=P_COMPLETED, active=True)
    scope.save(KIND, from_app)
    scope.remove(KIND, stuck)


def _reset_status(scope, app):
    """_abort_operation(app, app.status, reset_status=True)."""
    status = app["status"]
    if status == UPLOADING:
        new_status, op = UPLOAD_FAILED, "application-upload"
    elif status in (APPLYING, UPDATING, RECOVERING):
        op = "application-apply" if status == APPLYING else "application-update"
        # "For platform core apps, set the new status to 'uploaded'. The audit task will kick in ..."
        new_status = UPLOADED if catalog.is_platform_managed(app["name"]) else APPLY_FAILED
    else:  # removing
        new_status, op = REMOVE_FAILED, "application-remove"
    app["progress"] = ("Unexpected process termination while " + op + " was in progress. The application "
                       "status has changed from '" + status + "' to '" + new_status + "'.")
    app["status"] = new_status
    scope.save(KIND, app)
