"""The health report of the target release's ``deploy-precheck`` script, computed from the emulated state.

Text and order follow starlingx/update software/scripts/deploy-precheck (r/stx.11.0) and the sysinv health
check it calls (starlingx/config sysinv/common/health.py ``get_system_health`` via
``GET /v1/health/kube-upgrade[/relaxed]``; the "patch current" line comes from the script itself because
sysinv skips it for the ``usm`` user). Every line is ``"<check>: [OK]"`` or ``"<check>: [Fail]"``, details follow
on ``-> ...`` or plain lines.

Fault ``usm.precheck`` (``fail:point=usm.precheck[,release=ID]``) adds a management-affecting alarm to the
report, which makes the system unhealthy the way a real alarm does.
"""

from . import inventory
from . import model as M
from . import states as S

OK, FAIL = "OK", "Fail"
# deploy-precheck run_general_health_check alarm_ignore_list
IGNORED_ALARMS = ("280.001", "280.002", "280.003", "280.004", "280.005", "900.201")
INVALID_APP_STATES = ("apply-failed", "upload-failed", "remove-failed", "update-failed", "applying", "uploading",
                      "removing", "updating", "recovering", "restore-requested")


def _mark(ok):
    return OK if ok else FAIL


def general(ctx, force, injected_alarm=False):
    """(healthy, text) of sysinv's kube-upgrade health plus the script's "patch current" check."""
    scope = ctx.scope
    hosts = inventory.hosts(scope)
    lines = ["System Health:"]
    healthy = True

    unprovisioned = [h for h in hosts if h.get("invprovision") not in (None, "provisioned")]
    lines.append("All hosts are provisioned: [%s]" % _mark(not unprovisioned))
    if unprovisioned:
        lines.append("%s Unprovisioned hosts" % len(unprovisioned))
        hosts = [h for h in hosts if h not in unprovisioned]
    healthy &= not unprovisioned

    bad = [h["hostname"] for h in hosts
           if h.get("administrative") != "unlocked" or h.get("operational") != "enabled"]
    lines.append("All hosts are unlocked/enabled: [%s]" % _mark(not bad))
    if bad:
        lines.append("Locked or disabled hosts: %s" % ", ".join(bad))
    healthy &= not bad

    stale = [h["hostname"] for h in hosts
             if h.get("config_target") and h.get("config_applied") and h["config_target"] != h["config_applied"]]
    lines.append("All hosts have current configurations: [%s]" % _mark(not stale))
    if stale:
        lines.append("Hosts with out of date configurations: %s" % ", ".join(stale))
    healthy &= not stale

    alarms = [a for a in scope.all("alarm") if a.get("alarm_id") not in IGNORED_ALARMS]
    if injected_alarm:
        alarms.append({"alarm_id": "100.101", "mgmt_affecting": True, "severity": "major"})
    affecting = [a for a in alarms if _truthy(a.get("mgmt_affecting"))]
    cert = [a for a in alarms if str(a.get("alarm_id", "")).startswith("500.")]
    counted = affecting if force else alarms
    ok = not [a for a in counted if a not in cert] if force else not alarms
    lines.append("No alarms: [%s]" % _mark(ok))
    if not ok:
        lines.append('[%s] alarms found, [%s] of which are management affecting and [%s] are certificate '
                     'expiration alarms. Use "fm alarm-list" for details' % (len(alarms), len(affecting), len(cert)))
    healthy &= ok

    not_ready = [h["hostname"] for h in hosts if h.get("administrative") == "unlocked"
                 and h.get("availability") not in ("available", "degraded")]
    lines.append("All kubernetes nodes are ready: [%s]" % _mark(not not_ready))
    if not_ready:
        lines.append("Kubernetes nodes not ready: %s" % ", ".join(not_ready))
    healthy &= not not_ready
    lines.append("All kubernetes control plane pods are ready: [OK]")
    lines.append("All PodSecurityPolicies are removed: [OK]")

    apps = [a.get("name") for a in scope.all("app") if a.get("status") in INVALID_APP_STATES]
    lines.append("All kubernetes applications are in a valid state: [%s]" % _mark(not apps))
    if apps:
        lines.append("Kubernetes applications not in a valid state: %s" % ", ".join(apps))
    healthy &= not apps

    deploy = ctx.deploy()
    lines.append("All hosts are patch current: [%s]" % _mark(deploy is None))
    if deploy is not None:
        lines.append("Deployment in progress: %s to %s" % (deploy["from_release"], deploy["to_release"]))
        healthy = False
    return healthy, lines


def _truthy(value):
    return value is True or str(value).lower() in ("true", "y", "yes", "1")


def _required_patches_state(ctx, required, allow_available):
    allowed = {S.DEPLOYED, S.UNAVAILABLE} | ({S.AVAILABLE} if allow_available else set())
    present = {r["release_id"] for r in ctx.releases() if r["state"] in allowed}
    return sorted(set(required) - present)


def patch_checks(ctx, release):
    """PatchHealthCheck.run_health_check."""
    allow_available = release["sw_version"] != "24.09.300"
    states = "deployed, unavailable or available" if allow_available else "deployed or unavailable"
    missing = _required_patches_state(ctx, release["requires"], allow_available)
    lines = ["Required patches are %s: [%s]" % (states, _mark(not missing))]
    if missing:
        lines.append("-> Patches not %s: [%s]" % (states, ", ".join(missing)))
    return not missing, lines


def major_checks(ctx, release, options):
    """UpgradeHealthCheck.run_health_check."""
    healthy = True
    lines = ["Active kubernetes version [%s] is a valid supported version: [OK]" % ctx.profile["kube_version"]]
    active = inventory.active_controller(ctx.scope)
    ok = active == "controller-0"
    lines.append("Active controller is controller-0: [%s]" % _mark(ok))
    healthy &= ok
    lines.append("Installed license is valid: [OK]")
    system = inventory.system(ctx.scope) or {}
    active_release = system.get("software_version") or ctx.sw_version()
    supported = {s["version"]: ([s["required_patch"]] if s.get("required_patch") else [])
                 for s in release.get("supported_from", [])}
    ok = active_release in supported
    lines.append("Valid upgrade path from release %s to %s: [%s]"
                 % (active_release, M.major(release["sw_version"]), _mark(ok)))
    healthy &= ok
    missing = _required_patches_state(ctx, supported.get(active_release, []), False)
    lines.append("Required patches are applied: [%s]" % _mark(not missing))
    if missing:
        lines.append("-> Patches not applied: [%s]" % ", ".join(missing))
    healthy &= not missing
    lines.append("Docker filesystem in controllers satisfies the required size of 40GB: [OK]")
    if str(options.get("snapshot", "")).lower() in ("true", "1", "yes", "y", "on"):
        ok = inventory.is_simplex(ctx.scope)
        lines.append("(LVM snapshots) System is AIO-SX: [%s]" % _mark(ok))
        healthy &= ok
        lines.append("(LVM snapshots) Disk space available: [OK]")
    return healthy, lines


def run(ctx, release, force, is_patch, options):
    """(system_healthy, output text) as the script prints it."""
    injected = ctx.emulator.faults.should_fail("usm.precheck", release=release["release_id"])
    ok_general, general_lines = general(ctx, force, injected_alarm=injected)
    if is_patch:
        ok_specific, specific = patch_checks(ctx, release)
    else:
        ok_specific, specific = major_checks(ctx, release, options or {})
    return ok_general and ok_specific, "\n".join(general_lines + specific) + "\n"
