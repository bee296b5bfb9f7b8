"""Deployment operations: precheck, start, deploy host (and host rollback), activate, complete, abort,
activate-rollback, delete, and the read-only views.

Every operation is a plain function of a :class:`model.Ctx`; the HTTP handlers (api.py) and the VIM strategy
(services/vim) call the same functions. Behaviour and messages follow starlingx/update
software/software/software_controller.py (r/stx.11.0): ``software_deploy_precheck_api``, ``_deploy_precheck``,
``_should_run_precheck_prior_deploy_start``, ``software_deploy_start_api``, ``release_apply_order``,
``release_remove_order``, ``_deploy_host``, ``software_deploy_activate_api``, ``_check_pre_activate``,
``software_deploy_complete_api``, ``software_deploy_abort_api``, ``software_deploy_activate_rollback_api``,
``software_deploy_delete_api``, ``software_deploy_show_api``, ``deploy_host_list``, ``set_interruption_fail_state``;
software_functions.py ``deploy_host_validations`` and ``validate_host_deploy_order``; deploy_state.py
``require_deploy_state``.

Long operations are timers with nominal durations (seconds, multiplied by ``--time-scale``): deploy start of a
patch 30, of a major release 1800 (its deploy-start script); activate 60 / 1200; major activate-rollback 600;
the software agent's host deploy 45 / 300 (the HTTP request waits for it, as the real one does; the VIM's
request does not wait: ``host_async`` lets the agent answer on the ``usm.deploy.host_agent`` timer); the
precheck script 20 (the request waits). A cached precheck result is valid for 300 s of wall-clock time (not
scaled, so a client that prechecks and then starts reuses it at any time scale).

Fault points (``fail:point=...``): ``usm.deploy_start`` (start-failed), ``usm.deploy_host`` (with ``host=``; the
agent reports failure), ``usm.deploy_activate`` (activate-failed), ``usm.deploy_activate_rollback``
(activate-rollback-failed), ``usm.precheck`` (see health.py). Crash points: ``usm.upload.import`` (api.py),
``usm.deploy_start.script``, ``usm.deploy_host.agent``, ``usm.deploy_activate.script``,
``usm.deploy_activate_rollback.script``, ``usm.deploy_delete.cleanup``. After a restart a deployment in start,
activate or activate-rollback is failed, and so is a host that was deploying (``on_restart``).
"""

import re

from ...clock import timer_action
from . import health
from . import inventory
from . import model as M
from . import states as S

DURATIONS = {
    "start_patch": 30, "start_major": 1800,
    "host_patch": 45, "host_major": 300,
    "activate_patch": 60, "activate_major": 1200,
    "activate_rollback_major": 600,
    "precheck": 20,
}
PRECHECK_VALID_SECONDS = 300  # constants.PRECHECK_RESULT_VALID_PERIOD
RESERVED_WORDS = {"OS_AUTH_TOKEN", "OS_AUTH_TYPE", "OS_AUTH_URL", "OS_ENDPOINT_TYPE", "OS_IDENTITY_API_VERSION",
                  "OS_INTERFACE", "OS_PASSWORD", "OS_PROJECT_DOMAIN_ID", "OS_PROJECT_DOMAIN_NAME", "OS_PROJECT_ID",
                  "OS_PROJECT_NAME", "OS_REGION_NAME", "OS_SERVICE_TOKEN", "OS_USERNAME", "OS_USER_DOMAIN_NAME",
                  "OS_SERVICE_TYPE", "OS_TENANT_ID", "OS_TENANT_NAME", "OS_USER_DOMAIN_ID", "SYSTEM_API_VERSION",
                  "OS_CACERT", "OS_CERT", "OS_KEY", "OS_INSECURE"}


def triplet(info="", warning="", error="", **extra):
    out = {"info": info, "warning": warning, "error": error}
    out.update(extra)
    return out


def require(ctx, allowed, prompt):
    """deploy_state.require_deploy_state: the prompt is formatted with ``{state.value}`` - None breaks it (500)."""
    state = ctx.deploy_state()
    if state in allowed:
        return state
    if "{state}" in prompt and state is None:
        raise S.internal_error("require_deploy_state:" + prompt)
    text = ", ".join(s if s is not None else "no deployment" for s in allowed)
    raise S.invalid_operation(prompt.format(state=state, require_states=text))


def basic_checks(ctx, release_id):
    rel = ctx.release(release_id)
    if rel is None:
        raise S.service_error(error="Software release version corresponding to the specified release %s does not "
                                    "exist. Try deleting and re-uploading the software for recovery." % release_id)
    return rel


def parse_options(ctx, options):
    """_parse_and_sanitize_extra_options; errors are raised positionally, so they land in ``info``."""
    if not options or not ctx.profile["options"]:
        return {}
    if isinstance(options, str):
        options = [options]
    for item in options:
        if str(item).count("=") != 1:
            raise S.service_error(info="Invalid format: '%s'. Expected format is key=value" % item)
    parsed = {}
    for item in options:
        key, value = [part.strip() for part in str(item).split("=", 1)]
        for part in (key, value):
            if not re.match(r"^[\w\s\-]+$", part):
                raise S.service_error(info="Invalid value: '%s'." % part)
        if key in RESERVED_WORDS:
            raise S.service_error(info="%s is a reserved word and can't be used." % key)
        parsed[key] = value
    return parsed


def _release_info(ctx, rel):
    """_get_release_additional_info (stx 11+)."""
    running = ctx.running_release()
    return {"major_release": M.is_major_change(ctx.sw_version(), rel["sw_version"]),
            "reboot_required": rel["reboot_required"], "prepatched_iso": rel["prepatched_iso"],
            "apply_operation": M.version_tuple(rel["sw_version"]) > M.version_tuple(running["sw_version"])}


# -- precheck -------------------------------------------------------------------------------------------------
def run_precheck(ctx, rel, force, is_patch, options):
    """_deploy_precheck: run the health checks and cache the result; the triplet with ``system_healthy``."""
    healthy, text = health.run(ctx, rel, force, is_patch, options)
    ctx.save_precheck(rel["sw_version"], healthy)
    return triplet(info=text, system_healthy=healthy)


def precheck(ctx, release_id, force=False, region_name=None, options=None):
    """POST /v1/deploy/{release}/precheck. Returns (status, body): 406 whenever ``error`` is set."""
    rel = basic_checks(ctx, release_id)
    is_patch = not M.is_major_change(ctx.sw_version(), rel["sw_version"])
    if not is_patch and ctx.hostname() != "controller-0":
        raise S.service_error(info="Deploy precheck for major releases needs to be executed in controller-0 host.")
    opts = parse_options(ctx, options)
    ret = run_precheck(ctx, rel, force, is_patch, opts)
    if not ret["system_healthy"]:
        ret["error"] = "The following issues have been detected, which prevent deploying %s\n" % release_id \
            + ret["info"]
    if ctx.profile["options"]:
        ret.update(_release_info(ctx, rel))
    return (406 if ret["error"] else 200), ret


def precheck_body(ctx, releases, force=False, region_name=None, options=None):
    """POST /v1/deploy/precheck (master): one precheck per release, results under ``additional_data``."""
    info = error = ""
    additional = {}
    releases = list(dict.fromkeys(releases or []))
    if not releases:
        return 406, triplet(error="Failed to validate release(s) for precheck. No release provided",
                            additional_data={})
    unhealthy = []
    opts = parse_options(ctx, options)
    target = None
    for rid in releases:
        rel = ctx.release(rid)
        if rel is None:
            return 406, triplet(error="Failed to validate release(s) for precheck. Release %s not found" % rid,
                                additional_data={})
        target = rel
        is_patch = not M.is_major_change(ctx.sw_version(), rel["sw_version"])
        if not is_patch and ctx.hostname() != "controller-0":
            msg = "Deploy precheck for major releases needs to be executed in controller-0 host"
            error += "%s:\n%s\n" % (rid, msg)
            unhealthy.append(rid)
            additional[rid] = {"error": msg}
            continue
        ret = run_precheck(ctx, rel, force, is_patch, opts)
        if not ret["system_healthy"]:
            error += "%s:\nThe following issues have been detected, which prevents deploying the release.\n%s\n" \
                % (rid, ret["info"])
            unhealthy.append(rid)
        info += "%s:\n%s\n" % (rid, ret["info"])
        additional[rid] = ret
    if unhealthy:
        error += "The following metapackage release(s) are unhealthy:\n" + ", ".join(unhealthy)
    else:
        info += "The following metapackage release(s) will be deployed:\n" + ", ".join(releases)
    body = triplet(info=info, error=error, **_release_info(ctx, target))
    body["additional_data"] = additional
    return (406 if error else 200), body


def _should_precheck(ctx, version, force, is_patch, extra):
    if is_patch and force:
        return False
    cached = ctx.precheck_cached(version)
    if cached is None or extra:
        return True
    # the validity is wall-clock time, not scaled: a client that prechecks and starts at once reuses the result
    if ctx.emulator.clock.now() - cached["timestamp"] > PRECHECK_VALID_SECONDS:
        return True
    return not cached["healthy"]


# -- start ----------------------------------------------------------------------------------------------------
def _dependencies(ctx, release_id, preinstalled, visited):
    rel = ctx.release(release_id)
    if rel is None:
        raise S.service_error(error="Not all required releases are uploaded, missing %s" % release_id)
    out = []
    for req in rel["requires"]:
        if req not in visited:
            visited.add(req)
            out.append(req)
            if req not in preinstalled:
                out.extend(_dependencies(ctx, req, preinstalled, visited))
    return out


def apply_order(ctx, release_id, sw_version):
    done = [r["release_id"] for r in ctx.releases() if r["state"] in (S.DEPLOYED, S.UNAVAILABLE)]
    preinstalled = []
    for rel in ctx.releases():
        if rel["prepatched_iso"]:
            preinstalled = rel["preinstalled_patches"]
    deps = _dependencies(ctx, release_id, preinstalled, set()) + [release_id]
    return sorted(r for r in deps if "-%s." % sw_version in r and r not in done + preinstalled)


def remove_order(ctx, target_id, running):
    """release_remove_order: walk back from the running release through the base commits."""
    if "-%s." % M.major(running["sw_version"]) not in target_id:
        return []
    deployed = ctx.releases(S.DEPLOYED)
    by_id = {r["release_id"]: r for r in deployed}
    out, current = [], running["release_id"]
    while current != target_id:
        out.append(current)
        rel = by_id.get(current)
        if rel is None:
            raise S.service_error(error="Release %s not found in releases map" % current)
        nxt = next((r for r in deployed if r["commit_id"] and r["commit_id"] == rel.get("base_commit_id")), None)
        if nxt is None:
            raise S.service_error(error="Release with commit id %s not found" % rel.get("base_commit_id"))
        current = nxt["release_id"]
    return out


def _create_deploy_hosts(ctx):
    for row in ctx.deploy_hosts():
        ctx.scope.remove(M.DEPLOY_HOST, row)
    for host in inventory.hosts(ctx.scope):
        ctx.scope.add(M.DEPLOY_HOST, {"hostname": host["hostname"], "state": S.H_PENDING})


def _create_deploy(ctx, from_release, to_release, commit_id, reboot_required, options):
    deploy = {"from_release": from_release, "to_release": to_release,
              "feed_repo": "%s/rel-%s/ostree_repo" % (M.FEED_DIR, M.major(to_release)),
              "commit_id": commit_id, "reboot_required": bool(reboot_required), "state": S.START}
    if ctx.profile["options"]:
        deploy["options"] = options or {}
    return ctx.scope.add(M.DEPLOY, deploy)


def start(ctx, release_id, force=False, extra=None):
    """POST /v1/deploy/{release}/start. ``extra``: the other body keys (``options`` ...). Returns (status, body)."""
    require(ctx, [None], "There is already a deployment in progress ({state}). "
                         "Please complete/delete the current deployment.")
    extra = dict(extra or {}) if ctx.profile["options"] else {}
    rel = basic_checks(ctx, release_id)
    running = ctx.running_release()
    sw_version = ctx.sw_version()
    is_patch = not M.is_major_change(sw_version, rel["sw_version"])
    if not is_patch and ctx.hostname() != "controller-0":
        raise S.service_error(info="Deploy start for major releases needs to be executed in controller-0 host.")
    options = parse_options(ctx, extra.get("options"))
    if _should_precheck(ctx, rel["sw_version"], force, is_patch, extra):
        result = run_precheck(ctx, rel, force, is_patch, options)
        if not result["system_healthy"]:
            result["error"] = ("The following issues have been detected, which prevent deploying %s\n%s\n"
                               "Please fix above issues then retry the deploy.\n" % (release_id, result["info"]))
            return 406, result
    ctx.drop_precheck(rel["sw_version"])
    target, current = M.version_tuple(rel["sw_version"]), M.version_tuple(running["sw_version"])
    if target > current:
        return _start_apply(ctx, rel, running, is_patch, options)
    if current > target:
        return _start_remove(ctx, rel, running)
    return 406, triplet(error="The software version format for this release is not correct.\n")


def _start_apply(ctx, rel, running, is_patch, options):
    deploy_major = M.major(rel["sw_version"])
    order = apply_order(ctx, rel["release_id"], deploy_major)
    _create_deploy_hosts(ctx)
    error = ""
    for rid in order:
        candidate = ctx.release(rid)
        if M.major(candidate["sw_version"]) != ctx.sw_version() and candidate.get("apply_active_release_only") == "Y":
            error += "%s cannot be created during an upgrade\n" % rid
    if error:
        return 406, triplet(error=error)
    rels = [ctx.release(rid) for rid in order]
    ctx.transform_releases(rels, S.DEPLOYING)
    last = rels[-1]
    reboot = any(r["reboot_required"] for r in rels)
    _create_deploy(ctx, running["sw_version"], last["sw_version"], None if is_patch else last["commit_id"],
                   reboot, options)
    duration = DURATIONS["start_patch" if is_patch else "start_major"]
    ctx.emulator.scheduler.schedule(duration, "usm.deploy.start_done", scope=ctx.scope.name)
    return 200, triplet(info="%s is now starting, await for the states: [deploy-start-done | "
                             "deploy-start-failed] in 'software deploy show'\n" % order)


def _start_remove(ctx, rel, running):
    if rel["state"] == S.UNAVAILABLE:
        return 406, triplet(error="Cannot go back to an unavailable release\n")
    _create_deploy_hosts(ctx)
    order = remove_order(ctx, rel["release_id"], running)
    error = ""
    for rid in order:
        candidate = ctx.release(rid)
        if candidate["unremovable"]:
            error += "Release %s is not removable\n" % rid
        elif candidate["state"] in (S.COMMITTED, S.UNAVAILABLE):
            error += "Release %s is %s and cannot be removed\n" % (rid, candidate["state"])
    if error:
        return 406, triplet(error=error)
    rels = [ctx.release(rid) for rid in order]
    reboot = any(r["reboot_required"] for r in rels)
    deploy = _create_deploy(ctx, running["sw_version"], rel["sw_version"], rel["commit_id"], reboot, {})
    info = ""
    for candidate in rels:
        ctx.transform_releases([candidate], S.REMOVING)
        info += "%s has been removed from the repo\n" % candidate["release_id"]
    # there is no deploy-start work for a removal: start-done at once
    deploy["commit_id"] = rels[-1].get("base_commit_id") if rels else deploy["commit_id"]
    ctx.transform_deploy(S.START_DONE)
    return 200, triplet(info=info)


@timer_action("usm.deploy.start_done")
def _start_finished(emulator, scope):
    ctx = M.Ctx(emulator, emulator.store.scope(scope))
    if ctx.deploy_state() != S.START:
        return
    emulator.faults.crash_point("usm.deploy_start.script", release=ctx.deploy()["to_release"])
    deploying = ctx.releases(S.DEPLOYING)
    if emulator.faults.should_fail("usm.deploy_start", release=deploying[-1]["release_id"] if deploying else None):
        ctx.transform_deploy(S.START_FAILED)
        return
    deploy = ctx.deploy()
    if not M.is_major_change(deploy["from_release"], deploy["to_release"]):
        # the new ostree commit of each patch, recorded in its metadata
        base = ctx.running_release()["commit_id"]
        for rel in deploying:
            rel["base_commit_id"], rel["commit_id"] = base, M.fake_commit("patch", rel["release_id"])
            base = rel["commit_id"]
            ctx.save_release(rel)
        deploy["commit_id"] = base
        ctx.scope.save(M.DEPLOY, deploy)
    ctx.transform_deploy(S.START_DONE)


# -- deploy host ----------------------------------------------------------------------------------------------
def validate_order(ctx, hostname, is_major, rollback):
    controllers = ["controller-1", "controller-0"]
    storage, workers = [], []
    for host in inventory.hosts(ctx.scope):
        if host["personality"] == "storage":
            storage.append(host["hostname"])
        elif host["personality"] == "worker":
            workers.append(host["hostname"])
    storage.sort(key=lambda name: int(name.split("-")[1]) if name.split("-")[-1].isdigit() else 0)
    ordered = controllers + storage + workers
    if is_major and rollback:
        ordered.reverse()
    for row in ctx.deploy_hosts():
        if row["state"] in (S.H_DEPLOYED, S.H_ROLLBACK_DEPLOYED) and row["hostname"] in ordered:
            ordered.remove(row["hostname"])
    if not ordered:
        raise S.service_error(error="All hosts are already in deployed state.")
    first = ordered[0]
    if hostname == first or (first in workers and hostname in workers):
        return
    if not is_major and first in controllers and hostname in controllers:
        return
    raise S.service_error(error="%s does not satisfy the right order of deployment should be %s" % (hostname, first))


def next_host(ctx, hostname):
    """GET /v1/deploy_host/next?hostname=: is the host the next one to deploy."""
    state = ctx.deploy_state()
    if state is None:
        return False
    rollback = state in (S.HOST_ROLLBACK, S.ACTIVATE_ROLLBACK_PENDING, S.HOST_ROLLBACK_FAILED,
                         S.ACTIVATE_ROLLBACK_DONE, S.ACTIVATE_ROLLBACK_FAILED)
    try:
        validate_order(ctx, hostname, ctx.is_major_deployment(), rollback)
        return True
    except S.UsmError:
        return False


def host_begin(ctx, hostname, force=False, rollback=False):
    """Everything USM does before the agent works: checks, then deployment -> host[-rollback] and the host ->
    deploying / rollback-deploying. Returns a plan for :func:`host_finish`, or a reply to send at once."""
    if rollback:
        require(ctx, [S.ACTIVATE_ROLLBACK_DONE, S.HOST_ROLLBACK, S.HOST_ROLLBACK_FAILED],
                "Current deployment ({state}) is not ready to rollback host")
    else:
        require(ctx, [S.START_DONE, S.HOST, S.HOST_FAILED], "Current deployment ({state}) is not ready to deploy host")
    row = ctx.deploy_host(hostname)
    if row is None:
        raise S.service_error(error="Host %s can not be found" % hostname)
    host = inventory.find_host(ctx.scope, hostname)
    if host is None:
        return {"reply": triplet(error="Host %s not found\n" % hostname)}
    if host.get("availability") in ("offline", "power-off", "failed"):
        raise S.service_error(error="Agent is unreachable, please check if %s is online and software-agent "
                                    "process is running\n" % hostname)
    is_major = ctx.upgrade_in_progress()
    deploy = ctx.deploy()
    meta = ctx.scope.first("usm_meta") or {}
    if not meta.get("install_local"):
        if not inventory.is_simplex(ctx.scope):
            validate_order(ctx, hostname, is_major, rollback)
        if deploy["reboot_required"] and not inventory.is_locked_online(host):
            raise S.service_error(error="Host %s must be locked." % hostname)
    state = ctx.deploy_state()
    target = S.HOST_ROLLBACK if state in (S.ACTIVATE_ROLLBACK_DONE, S.HOST_ROLLBACK, S.HOST_ROLLBACK_FAILED) \
        else S.HOST
    ctx.transform_deploy(target)
    current = ctx.deploy_host(hostname)["state"]
    if current in (S.H_PENDING, S.H_FAILED):
        ctx.transform_host(hostname, S.H_DEPLOYING)
    elif current in (S.H_ROLLBACK_PENDING, S.H_ROLLBACK_FAILED):
        ctx.transform_host(hostname, S.H_ROLLBACK_DEPLOYING)
    info = ""
    if is_major:
        info += "Running major release deployment, major_release=%s, force=False, async_req=False, commit_id=%s\n" \
            % (M.major(deploy["to_release"]), deploy["commit_id"])
    return {"hostname": hostname, "info": info, "major": is_major,
            "duration": DURATIONS["host_major" if is_major else "host_patch"]}


def host_finish(ctx, plan):
    """The agent's answer (PatchMessageAgentInstallResp.handle) and the reply of POST /v1/deploy_host/{h}."""
    hostname = plan["hostname"]
    failed = ctx.emulator.faults.should_fail("usm.deploy_host", host=hostname)
    row = ctx.deploy_host(hostname)
    deploy = ctx.deploy()
    if row is None or deploy is None or row["state"] not in (S.H_DEPLOYING, S.H_ROLLBACK_DEPLOYING):
        # the deployment moved on while the agent worked (deleted, or failed by a controller restart)
        return 200, triplet(info=plan["info"], error="Agent expired while waiting: %s\n" % hostname)
    if failed:
        ctx.transform_host(hostname, S.H_FAILED if row["state"] == S.H_DEPLOYING else S.H_ROLLBACK_FAILED)
        error = "Host deployment failed on %s.\n" % hostname
        if ctx.profile["deploy_host_failure"] == 406:
            return 406, triplet(error=error)
        return 200, triplet(info=plan["info"], error=error)
    ctx.transform_host(hostname, S.H_DEPLOYED if row["state"] == S.H_DEPLOYING else S.H_ROLLBACK_DEPLOYED)
    if ctx.is_major_deployment():
        host = inventory.find_host(ctx.scope, hostname)
        if host is not None:
            host["sw_version"] = M.major(deploy["to_release"])  # update_host_sw_version (sysinv ihost)
            ctx.scope.save(inventory.IHOST, host)
    ctx.set_host_software(hostname, deploy["to_release"], reboot=deploy["reboot_required"])
    return 200, triplet(info=plan["info"] + "Host deployment was successful on %s.\n" % hostname)


def host_async(ctx, hostname, force=False, rollback=False):
    """Deploy host for a caller that does not wait on the request (the VIM): the agent answers on a timer.

    Returns None when the request was accepted, or the reply that ends it at once (``Host X not found``)."""
    plan = host_begin(ctx, hostname, force=force, rollback=rollback)
    if "reply" in plan:
        return plan["reply"]
    ctx.emulator.scheduler.schedule(plan["duration"], "usm.deploy.host_agent", scope=ctx.scope.name, plan=plan)
    return None


@timer_action("usm.deploy.host_agent")
def _host_agent_answered(emulator, scope, plan):
    ctx = M.Ctx(emulator, emulator.store.scope(scope))
    emulator.faults.crash_point("usm.deploy_host.agent", host=plan["hostname"])
    host_finish(ctx, plan)


def host_list(ctx):
    deploy = ctx.deploy()
    if deploy is None:
        return []
    out = []
    for row in ctx.deploy_hosts():
        state = row["state"]
        entry = {"hostname": row["hostname"], "software_release": deploy["from_release"],
                 "target_release": deploy["to_release"] if state else None,
                 "reboot_required": deploy["reboot_required"] if state else None}
        if ctx.profile["metapackages"]:
            # master deploy_host_list; the master CLI's host-list table reads it (KeyError without it)
            entry["pre_upgrade_deploy"] = deploy.get("pre_upgrade_deploy", False)
        entry["host_state"] = state
        out.append(entry)
    return out


# -- activate / complete --------------------------------------------------------------------------------------
def _all_hosts_unlocked_online(ctx):
    return all(inventory.is_unlocked_available(h) for h in inventory.hosts(ctx.scope))


def activate(ctx):
    require(ctx, [S.HOST_DONE, S.ACTIVATE_FAILED],
            "Activate deployment only when current deployment state is {require_states}")
    if not _all_hosts_unlocked_online(ctx):
        raise S.service_error(error="Hosts must be unlocked and online.")
    invalid = [row for row in ctx.deploy_hosts() if row["state"] != S.H_DEPLOYED]
    if invalid:
        raise S.invalid_operation("All hosts must have completed deployment before activating the deployment"
                                  + "".join("%s: %s\n" % (r["hostname"], r["state"]) for r in invalid))
    ctx.transform_deploy(S.ACTIVATE)
    major = ctx.is_major_deployment()
    ctx.emulator.scheduler.schedule(DURATIONS["activate_major" if major else "activate_patch"],
                                    "usm.deploy.activate_done", scope=ctx.scope.name)
    return 200, triplet(info="Deploy activate has started")


def _set_system_version(ctx, sw_release):
    """upgrade-scripts/198-update-isystem-data.py: isystem.software_version follows activate / activate-rollback."""
    system = inventory.system(ctx.scope)
    if system is not None:
        system["software_version"] = M.major(sw_release)
        ctx.scope.save("isystem", system)


@timer_action("usm.deploy.activate_done")
def _activate_finished(emulator, scope):
    ctx = M.Ctx(emulator, emulator.store.scope(scope))
    if ctx.deploy_state() != S.ACTIVATE:
        return
    deploy = ctx.deploy()
    emulator.faults.crash_point("usm.deploy_activate.script", release=deploy["to_release"])
    if emulator.faults.should_fail("usm.deploy_activate", release=deploy["to_release"]):
        ctx.transform_deploy(S.ACTIVATE_FAILED)
        return
    if ctx.is_major_deployment():
        _set_system_version(ctx, deploy["to_release"])
    ctx.transform_deploy(S.ACTIVATE_DONE)


def complete(ctx):
    require(ctx, [S.ACTIVATE_DONE], "Deploy must be in activate-done state to be able to complete.")
    if not all(row["state"] == S.H_DEPLOYED for row in ctx.deploy_hosts()):
        raise S.service_error(info="Complete not allowed because there are hosts not in deployed state.")
    ctx.transform_deploy(S.COMPLETED)
    return 200, triplet(info="Deployment has been completed\n")


# -- abort / rollback -----------------------------------------------------------------------------------------
ABORTABLE = [S.ACTIVATE, S.ACTIVATE_DONE, S.ACTIVATE_FAILED, S.COMPLETED, S.HOST, S.HOST_DONE, S.HOST_FAILED]


def abort(ctx):
    require(ctx, ABORTABLE, "Deploy must be in the following states to be able to abort: " + ", ".join(ABORTABLE))
    deploy = ctx.deploy()
    from_rel = ctx.release_by_sw_release(deploy["from_release"])
    if not ctx.is_major_deployment() and ctx.releases(S.REMOVING):
        raise S.service_error(info="Abort operation is not supported in patch removal")
    state = ctx.deploy_state()
    target = S.ACTIVATE_ROLLBACK_PENDING if state in (S.ACTIVATE_DONE, S.ACTIVATE_FAILED, S.COMPLETED) \
        else S.HOST_ROLLBACK
    ctx.transform_deploy(target)
    # reverse_deploy: from/to swapped, the feed and commit of the old release
    deploy = ctx.deploy()
    deploy["from_release"], deploy["to_release"] = deploy["to_release"], deploy["from_release"]
    deploy["feed_repo"] = "%s/rel-%s/ostree_repo" % (M.FEED_DIR, M.major(deploy["to_release"]))
    deploy["commit_id"] = from_rel["commit_id"] if from_rel else deploy["commit_id"]
    ctx.scope.save(M.DEPLOY, deploy)
    for row in ctx.deploy_hosts():
        ctx.transform_host(row["hostname"], S.H_ROLLBACK_DEPLOYED if row["state"] == S.H_PENDING
                           else S.H_ROLLBACK_PENDING)
    return 200, triplet(info="Deployment has been aborted\n")


def activate_rollback(ctx):
    require(ctx, [S.ACTIVATE_ROLLBACK_PENDING, S.ACTIVATE_ROLLBACK_FAILED],
            "Activate-rollback deployment only when current deployment state is {require_states}")
    ctx.transform_deploy(S.ACTIVATE_ROLLBACK)
    if ctx.is_major_deployment():
        deploy = ctx.deploy()
        if inventory.is_simplex(ctx.scope) and str((deploy.get("options") or {}).get("snapshot", "")).lower() \
                in ("true", "1", "yes", "y", "on"):
            # LVM snapshots restored: the activate-rollback scripts are skipped
            _set_system_version(ctx, deploy["to_release"])
            ctx.transform_deploy(S.ACTIVATE_ROLLBACK_DONE)
        else:
            ctx.emulator.scheduler.schedule(DURATIONS["activate_rollback_major"], "usm.deploy.activate_rollback_done",
                                            scope=ctx.scope.name)
    else:
        ctx.transform_deploy(S.ACTIVATE_ROLLBACK_DONE)
    return 200, triplet(info="Deploy activate-rollback has started")


@timer_action("usm.deploy.activate_rollback_done")
def _activate_rollback_finished(emulator, scope):
    ctx = M.Ctx(emulator, emulator.store.scope(scope))
    if ctx.deploy_state() != S.ACTIVATE_ROLLBACK:
        return
    deploy = ctx.deploy()
    emulator.faults.crash_point("usm.deploy_activate_rollback.script", release=deploy["to_release"])
    if emulator.faults.should_fail("usm.deploy_activate_rollback", release=deploy["to_release"]):
        ctx.transform_deploy(S.ACTIVATE_ROLLBACK_FAILED)
        return
    _set_system_version(ctx, deploy["to_release"])
    ctx.transform_deploy(S.ACTIVATE_ROLLBACK_DONE)


# -- delete ---------------------------------------------------------------------------------------------------
DELETABLE = [S.HOST_ROLLBACK_DONE, S.COMPLETED, S.START_DONE, S.START_FAILED]


def delete(ctx):
    require(ctx, DELETABLE, "Deploy must be in the following states to be able to delete: " + ", ".join(DELETABLE))
    deploy = ctx.deploy()
    state = deploy["state"]
    if state not in (S.START_DONE, S.START_FAILED) and not _all_hosts_unlocked_online(ctx):
        raise S.service_error(error="Hosts must be unlocked and online.")
    deploying = ctx.releases(S.DEPLOYING)
    applying = bool(deploying)
    is_major = ctx.is_major_deployment() if (applying or state == S.HOST_ROLLBACK_DONE) else False
    if is_major and ctx.hostname() != "controller-0":
        raise S.service_error(info="Deploy delete can only be performed on controller-0.")
    major_release = None
    if state == S.COMPLETED:
        if applying:
            major_release = M.major(deploy["from_release"])
            if is_major:
                ctx.transform_releases([r for r in ctx.releases() if M.major(r["sw_version"]) == major_release],
                                       S.UNAVAILABLE)
            ctx.transform_releases(ctx.releases(S.DEPLOYING), S.DEPLOYED)
        else:
            ctx.transform_releases(ctx.releases(S.REMOVING), S.AVAILABLE)
    elif state == S.HOST_ROLLBACK_DONE:
        major_release = M.major(deploy["from_release"])
        ctx.transform_releases(ctx.releases(S.DEPLOYING), S.AVAILABLE)
    else:
        host_states = [row["state"] for row in ctx.deploy_hosts()]
        if S.H_DEPLOYED in host_states or S.H_DEPLOYING in host_states:
            raise S.service_error(info="There are hosts already deployed or in deploying process")
        if not applying:
            raise S.service_error(info="Delete is not supported while removing a release")
        major_release = M.major(deploy["to_release"])
        ctx.transform_releases(ctx.releases(S.DEPLOYING), S.AVAILABLE)
    if is_major and ctx.sw_version() == major_release:
        raise S.service_error(info="Deploy %s can't be deleted as it is still thecurrent running software.An error "
                                   "may have occurred during the deploy." % major_release)
    ctx.emulator.faults.crash_point("usm.deploy_delete.cleanup")
    for row in ctx.deploy_hosts():
        ctx.scope.remove(M.DEPLOY_HOST, row)
    ctx.scope.remove(M.DEPLOY, deploy)
    return 200, triplet(info="Deploy deleted with success")


# -- views ----------------------------------------------------------------------------------------------------
DEPLOY_FIELDS = ("from_release", "to_release", "feed_repo", "commit_id", "reboot_required", "state", "options")


def show(ctx, from_release=None, to_release=None):
    """GET /v1/deploy: ``[deploy]`` or ``[]``; with both query values, the matching deploy itself (a dict)."""
    deploy = ctx.deploy()
    if deploy is None:
        return []
    view = {k: deploy[k] for k in DEPLOY_FIELDS if k in deploy}
    if ctx.profile["metapackages"]:
        # master software_deploy_show_api: "Ensure pre_upgrade_deploy is in the response" (the master CLI's
        # deploy show table reads it; KeyError 'pre_upgrade_deploy' without it)
        view["pre_upgrade_deploy"] = deploy.get("pre_upgrade_deploy", False)
    if ctx.profile["options"]:
        rel = ctx.release_by_sw_release(deploy["to_release"])
        if rel is None:
            basic_checks(ctx, None)
        info = _release_info(ctx, rel)
        info.pop("reboot_required")
        view.update(info)
    if from_release and to_release:
        if deploy["from_release"] == from_release and deploy["to_release"] == to_release:
            return view
        return []
    return [view]


def software_upgrade(ctx):
    deploy = ctx.deploy()
    if deploy is None:
        return None
    return {"from_release": M.major(deploy["from_release"]), "to_release": M.major(deploy["to_release"]),
            "state": deploy["state"]}


def install_local(ctx, delete_flag):
    if ctx.deploy() is not None:
        return triplet(info="Software Deploy operation is in progress.\n"
                            "Please finish current deploy before modifying install local mode.\n")
    meta = ctx.scope.first("usm_meta")
    enabled = bool(meta.get("install_local"))
    if enabled and delete_flag:
        meta["install_local"] = False
        ctx.scope.save("usm_meta", meta)
        return triplet(info="Software deployment in local installation mode is stopped.\n")
    if not delete_flag and not enabled:
        meta["install_local"] = True
        ctx.scope.save("usm_meta", meta)
        return triplet(info="Software deployment in local installation mode is started.\n")
    return triplet(info="Software deployment in local installation mode is already %s.\n"
                        % ("disabled" if delete_flag else "enabled"))


# -- restart --------------------------------------------------------------------------------------------------
def on_restart(emulator, scope):
    """set_interruption_fail_state: operations that were running when the controller went down fail."""
    for action in ("usm.deploy.start_done", "usm.deploy.activate_done", "usm.deploy.activate_rollback_done",
                   "usm.deploy.host_agent"):
        emulator.scheduler.cancel(action, scope=scope.name)
    ctx = M.Ctx(emulator, scope)
    state = ctx.deploy_state()
    if state == S.START:
        ctx.transform_deploy(S.START_FAILED)
    elif state == S.ACTIVATE:
        ctx.transform_deploy(S.ACTIVATE_FAILED)
    elif state == S.ACTIVATE_ROLLBACK:
        ctx.transform_deploy(S.ACTIVATE_ROLLBACK_FAILED)
    elif state in (S.HOST, S.HOST_ROLLBACK):
        for row in ctx.deploy_hosts():
            if row["state"] == S.H_DEPLOYING:
                ctx.transform_host(row["hostname"], S.H_FAILED)
            elif row["state"] == S.H_ROLLBACK_DEPLOYING:
                ctx.transform_host(row["hostname"], S.H_ROLLBACK_FAILED)
