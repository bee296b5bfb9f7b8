"""USM's stored state for one system and the transitions on it.

Kinds: ``release`` (uuid = release id), ``deploy`` (at most one), ``deploy_host`` (one per host of the
deployment), ``precheck_cache`` (one per target version, the real ``rel-<ver>/precheck-result.json``) and
``usm_host`` (what each host runs: ``running`` MM.mm.pp and ``pending`` until the host reboots).
"""

import hashlib

from ...profiles import profile
from . import inventory
from . import states as S

RELEASE = "release"
DEPLOY = "deploy"
DEPLOY_HOST = "deploy_host"
PRECHECK = "precheck_cache"
USM_HOST = "usm_host"
FEED_DIR = "/var/www/pages/feed"


def version_tuple(text):
    parts = []
    for piece in str(text or "0").split("."):
        try:
            parts.append(int(piece))
        except ValueError:
            parts.append(0)
    while len(parts) < 3:
        parts.append(0)
    return tuple(parts)


def major(text):
    """``MM.mm`` of ``MM.mm[.pp]`` (utils.get_major_release_version)."""
    if not text:
        return None
    return ".".join(str(text).split(".")[:2])


def is_major_change(from_release, to_release):
    return version_tuple(from_release)[:2] != version_tuple(to_release)[:2]


def is_ga(release):
    return version_tuple(release["sw_version"])[2] == 0


def fake_commit(*parts):
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()


class Ctx:
    """USM's view of one system: ``Ctx(emulator, scope)``."""

    def __init__(self, emulator, scope):
        self.emulator = emulator
        self.scope = scope
        self.profile_name = emulator.store.setting("release_profile") or "stx-11"
        self.profile = profile(self.profile_name)
        self.ensure_initial()
        self.refresh_hosts()

    # -- bootstrap state --------------------------------------------------------------------------------------
    def ensure_initial(self):
        """The release the system was installed with exists from the start, deployed."""
        if self.scope.first(RELEASE) is not None or self.scope.first("usm_meta") is not None:
            return
        sw_release = self.profile["patch"]
        release_id = "starlingx-%s" % sw_release
        self.scope.add("usm_meta", {"installed": release_id})
        self.scope.add(RELEASE, new_release({
            "release_id": release_id, "sw_version": sw_release, "component": "starlingx", "status": "REL",
            "unremovable": True, "reboot_required": True, "summary": "STX %s GA release" % major(sw_release),
            "description": "STX %s major GA release" % major(sw_release),
            "commit_id": fake_commit("ga", sw_release)}, S.DEPLOYED))

    @property
    def api_style(self):
        return self.profile["api_style"]

    # -- releases ---------------------------------------------------------------------------------------------
    def releases(self, state=None):
        rows = sorted(self.scope.all(RELEASE), key=lambda r: r["release_id"])
        return [r for r in rows if state is None or r["state"] == state]

    def release(self, release_id):
        return self.scope.get(RELEASE, release_id) if release_id else None

    def release_by_sw_release(self, sw_release):
        for rel in self.releases():
            if rel["sw_version"] == sw_release:
                return rel
        return None

    def save_release(self, rel):
        self.scope.save(RELEASE, rel)

    def transform_releases(self, rels, target):
        """ReleaseState.transform: all-or-nothing, silently skipped when any release may not move."""
        table = S.release_transitions(self.api_style)
        if all(target in table.get(r["state"], []) for r in rels):
            for rel in rels:
                rel["state"] = target
                self.save_release(rel)

    def running_release(self):
        """SWReleaseCollection.running_release: the newest deployed or unavailable release."""
        best = None
        for rel in self.releases():
            if rel["state"] in (S.DEPLOYED, S.UNAVAILABLE):
                if best is None or version_tuple(rel["sw_version"]) > version_tuple(best["sw_version"]):
                    best = rel
        return best

    def majors(self):
        out = []
        for rel in self.releases():
            mm = major(rel["sw_version"])
            if mm not in out:
                out.append(mm)
        return out

    # -- hosts ------------------------------------------------------------------------------------------------
    def hostname(self):
        """socket.gethostname() of the controller serving USM's API: the active controller."""
        return inventory.active_controller(self.scope) or "controller-0"

    def usm_host(self, hostname):
        row = self.scope.first(USM_HOST, hostname=hostname)
        if row is None:
            running = self.running_release()
            row = self.scope.add(USM_HOST, {"hostname": hostname, "running": running["sw_version"],
                                            "pending": None, "pending_reboot": False})
        return row

    def refresh_hosts(self):
        """A host runs its pending release once it has rebooted: after deploy host it was locked (RR), so the next
        time it is unlocked, enabled and available it runs the new software."""
        for host in inventory.hosts(self.scope):
            row = self.usm_host(host["hostname"])
            if row["pending"] and row["pending_reboot"] and host.get("administrative") == "unlocked" \
                    and host.get("operational") == "enabled" \
                    and host.get("availability") in ("available", "degraded"):
                row["running"], row["pending"], row["pending_reboot"] = row["pending"], None, False
                self.scope.save(USM_HOST, row)

    def set_host_software(self, hostname, sw_release, reboot):
        row = self.usm_host(hostname)
        if reboot:
            row["pending"], row["pending_reboot"] = sw_release, True
        else:
            row["running"], row["pending"], row["pending_reboot"] = sw_release, None, False
        self.scope.save(USM_HOST, row)

    def sw_version(self):
        """SW_VERSION of the controller serving the API (tsconfig: the major its running software has)."""
        row = self.scope.first(USM_HOST, hostname=self.hostname())
        if row is not None:
            return major(row["running"])
        return major(self.running_release()["sw_version"])

    # -- deployment -------------------------------------------------------------------------------------------
    def deploy(self):
        return self.scope.first(DEPLOY)

    def deploy_state(self):
        deploy = self.deploy()
        return deploy["state"] if deploy else None

    def deploy_hosts(self):
        return self.scope.all(DEPLOY_HOST)

    def deploy_host(self, hostname):
        return self.scope.first(DEPLOY_HOST, hostname=hostname)

    def transform_deploy(self, target):
        """DeployState.transform."""
        current = self.deploy_state()
        if not S.deploy_transition_allowed(current, target):
            if target is None:
                raise S.invalid_operation("Can not delete deploy as it is %s." % current)
            raise S.invalid_operation("Can not transform deploy to %s from %s" % (target, current))
        deploy = self.deploy()
        if target is None:
            self.scope.remove(DEPLOY, deploy)
            return
        deploy["state"] = target
        self.scope.save(DEPLOY, deploy)
        self.on_deploy_state(target)

    def on_deploy_state(self, target):
        """Listeners of deploy state changes (VIM is told through its own polling)."""

    def transform_host(self, hostname, target):
        """DeployHostState.transform, followed by the roll-up (DeployState.host_deploy_updated)."""
        row = self.deploy_host(hostname)
        current = row["state"] if row else None
        if row is None or not S.host_transition_allowed(current, target):
            raise S.invalid_operation("%s can not transform from %s to %s." % (hostname, current, target))
        row["state"] = target
        self.scope.save(DEPLOY_HOST, row)
        self.roll_up()

    def roll_up(self):
        target = S.roll_up(self.deploy_state(), [h["state"] for h in self.deploy_hosts()])
        if target is not None and S.deploy_transition_allowed(self.deploy_state(), target):
            self.transform_deploy(target)

    def is_major_deployment(self):
        """ReleaseState(DEPLOYING).is_major_release_deployment: a GA or prepatched release is deploying."""
        return any(is_ga(r) or r.get("prepatched_iso") for r in self.releases(S.DEPLOYING))

    def upgrade_in_progress(self):
        """check_upgrade_in_progress: the deployment changes MM.mm."""
        deploy = self.deploy()
        return bool(deploy) and is_major_change(deploy["from_release"], deploy["to_release"])

    # -- precheck cache ---------------------------------------------------------------------------------------
    def save_precheck(self, version, healthy):
        row = self.scope.first(PRECHECK, version=version)
        if row is None:
            self.scope.add(PRECHECK, {"version": version, "healthy": healthy,
                                      "timestamp": self.emulator.clock.now()})
        else:
            row.update(healthy=healthy, timestamp=self.emulator.clock.now())
            self.scope.save(PRECHECK, row)

    def precheck_cached(self, version):
        return self.scope.first(PRECHECK, version=version)

    def drop_precheck(self, version):
        row = self.scope.first(PRECHECK, version=version)
        if row is not None:
            self.scope.remove(PRECHECK, row)


def new_release(fields, state):
    rel = {"release_id": fields["release_id"], "uuid": fields["release_id"], "state": state,
           "sw_version": fields.get("sw_version", "unknown"), "component": fields.get("component"),
           "status": fields.get("status"), "unremovable": bool(fields.get("unremovable")),
           "summary": fields.get("summary"), "description": fields.get("description"),
           "install_instructions": fields.get("install_instructions"), "warnings": fields.get("warnings"),
           "reboot_required": bool(fields.get("reboot_required", True)),
           "prepatched_iso": bool(fields.get("prepatched_iso")),
           "preinstalled_patches": list(fields.get("preinstalled_patches") or []),
           "requires": list(fields.get("requires") or []), "packages": list(fields.get("packages") or []),
           "activation_scripts": list(fields.get("activation_scripts") or []),
           "apply_active_release_only": fields.get("apply_active_release_only"),
           "commit_id": fields.get("commit_id"), "base_commit_id": fields.get("base_commit_id"),
           "supported_from": list(fields.get("supported_from") or [])}
    return rel


def release_view(ctx, rel):
    """to_query_dict of the profile's release (release_data.py per branch)."""
    data = {"release_id": rel["release_id"], "state": rel["state"], "sw_version": rel["sw_version"],
            "component": rel["component"], "status": rel["status"], "unremovable": rel["unremovable"],
            "summary": rel["summary"], "description": rel["description"],
            "install_instructions": rel["install_instructions"], "warnings": rel["warnings"],
            "reboot_required": rel["reboot_required"], "prepatched_iso": rel["prepatched_iso"]}
    if ctx.profile["preinstalled_patches"]:
        data["preinstalled_patches"] = list(rel["preinstalled_patches"])
    data["requires"] = list(rel["requires"])
    if ctx.profile["metapackages"]:
        data["activation_scripts"] = list(rel["activation_scripts"])
        data["metapackages"] = {}
        data["pre_upgrade_deploy"] = {}
        data["packages"] = []
    else:
        data["packages"] = list(rel["packages"])
        data["activation_scripts"] = list(rel["activation_scripts"])
    return data
