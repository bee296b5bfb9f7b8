"""Building a sw-upgrade strategy: the query stage, and the apply stages chosen from USM's state.

Source: starlingx/nfv r/stx.11.0 nfv-vim ``strategy/_strategy.py`` (``SwUpgradeStrategy``: ``build``,
``_build_complete_normal``, ``_build_complete_rollback``, ``_add_upgrade_*_stage(s)``, ``_swact_fix``;
``UpdateControllerHostsMixin``, ``UpdateStorageHostsMixin``, ``UpdateWorkerHostsMixin``,
``_create_worker_host_lists``, ``_create_storage_host_lists``), ``strategy/_strategy_steps.py`` (step names and
timeouts), ``nfvi/objects/v1/_upgrade.py`` (the Upgrade object) and nfv-plugins ``openstack/usm.py``
(``sw_deploy_get_upgrade_obj``, ``is_target_release_downgrade``).
"""

from ..usm import deploy as D
from ..usm import inventory
from ..usm import model as UM
from ..usm import releases as R
from ..usm import states as US
from . import model as V

MTCE_DELAY = 15
WAIT_ALARM_TIMEOUT = 2400
DEPLOY_START_TIMEOUT = 3600
DEPLOY_HOST_TIMEOUT = 3600
DEPLOY_ACTIVATE_TIMEOUT = 3600

# SwUpgradeStrategy IGNORE_ALARMS: these never block a software upgrade
IGNORE_ALARMS = ["100.119", "200.001", "200.003", "250.001", "280.001", "280.002", "280.003", "280.004", "280.005",
                 "700.004", "750.006", "900.004", "900.005", "900.020", "900.021", "900.022", "900.023", "900.201",
                 "900.231", "900.701"]


class BuildFailed(Exception):
    pass


# -- what the VIM knows about hosts and the deployment --------------------------------------------------------
def vim_hosts(scope):
    """The VIM's host table: name, uuid, personalities (an AIO controller is controller and worker)."""
    out = []
    for host in inventory.hosts(scope):
        functions = [f for f in (host.get("subfunctions") or host["personality"]).split(",") if f]
        if host["personality"] not in functions:
            functions.insert(0, host["personality"])
        out.append({"hostname": host["hostname"], "uuid": host["uuid"], "personality": functions,
                    "locked": host.get("administrative") == "locked"})
    return out


def get_upgrade(ctx, release):
    """sw_deploy_get_upgrade_obj: the release (or the deploying one), the deployment and its hosts."""
    release_data = R.query(ctx)
    release_info = None
    upgrade = downgrade = False
    vim_rr = None
    for index, rel in enumerate(release_data):
        if release and rel["release_id"] == release:
            release_info = dict(rel)
            upgrade, downgrade, vim_rr = _direction(index, release_data)
            break
        if not release and rel["state"] == US.DEPLOYING:
            release = rel["release_id"]
            release_info = dict(rel)
            break
    if not release_info:
        raise LookupError("Software release not found: %s" % release if release else "Software release not found")
    release_info["packages_count"] = len(release_info.pop("packages", []))
    release_info.update(upgrade=upgrade, downgrade=downgrade, vim_rr=vim_rr)
    deploys = D.show(ctx)
    return {"release": release, "release_info": release_info, "deploy_info": deploys[0] if deploys else None,
            "hosts_info": D.host_list(ctx) or None}


def _direction(index, release_data):
    """is_target_release_downgrade."""
    state = release_data[index]["state"]
    upgrade = downgrade = vim_rr = False
    if state in (US.AVAILABLE, US.DEPLOYING):
        upgrade = True
    elif state in (US.DEPLOYED, US.REMOVING):
        downgrade = True
    else:
        return True, False, False
    if downgrade:
        for rel in release_data[index + 1:]:
            if rel["state"] != state and rel["state"] == US.AVAILABLE:
                break
            vim_rr |= rel["reboot_required"]
    else:
        for rel in release_data[index::-1]:
            if rel["state"] != state:
                break
            vim_rr |= rel["reboot_required"]
    return upgrade, downgrade, vim_rr


def deploy_state(upgrade):
    info = upgrade.get("deploy_info") if upgrade else None
    return info["state"] if info else None


def release_state(upgrade):
    info = upgrade.get("release_info") if upgrade else None
    return info["state"] if info else None


def reboot_required(upgrade):
    if upgrade["deploy_info"]:
        return upgrade["deploy_info"]["reboot_required"]
    if not upgrade["release_info"]:
        return None
    rr = upgrade["release_info"].get("vim_rr")
    return upgrade["release_info"]["reboot_required"] if rr is None else rr


def major_release(upgrade, sw_version):
    if upgrade["deploy_info"]:
        return UM.is_major_change(upgrade["deploy_info"]["from_release"], upgrade["deploy_info"]["to_release"])
    if upgrade["release_info"]:
        return UM.is_major_change(sw_version, upgrade["release_info"]["sw_version"])
    return False


def host_state(upgrade, hostname):
    for row in upgrade.get("hosts_info") or []:
        if row["hostname"] == hostname:
            return row["host_state"]
    return None


# -- steps ----------------------------------------------------------------------------------------------------
def query_alarms(fail_on_alarms=False):
    return V.new_step("query-alarms", 60, fail_on_alarms=fail_on_alarms)


def swact_step(hosts):
    return V.new_step("swact-hosts", 900, hosts)


def lock_step(hosts, wait_until_disabled=True):
    return V.new_step("lock-hosts", 900, hosts, wait_until_disabled=wait_until_disabled)


def unlock_step(hosts):
    return V.new_step("unlock-hosts", 1800, hosts)


def upgrade_hosts_step(hosts, do_nothing=False):
    if do_nothing:
        return V.new_step("sw-deploy-do-nothing", 10, hosts)
    return V.new_step("upgrade-hosts", DEPLOY_HOST_TIMEOUT, hosts)


def stabilize_step(seconds=60):
    return V.new_step("system-stabilize", seconds)


def wait_alarms_step(timeout):
    return V.new_step("wait-alarms-clear", timeout, first_query_delay=60)


# -- the strategy ---------------------------------------------------------------------------------------------
def new_strategy(uuid, fields, single_controller):
    strategy = {"uuid": uuid, "name": "sw-upgrade", "state": V.INITIAL, "current_phase": V.PHASE_INITIAL,
                "single_controller": single_controller, "nfvi_upgrade": None,
                "phases": {V.PHASE_BUILD: V.new_phase(V.PHASE_BUILD), V.PHASE_APPLY: V.new_phase(V.PHASE_APPLY),
                           V.PHASE_ABORT: V.new_phase(V.PHASE_ABORT)}}
    strategy.update(fields)
    return strategy


def build_failed(strategy, reason):
    strategy["state"] = V.BUILD_FAILED
    phase = strategy["phases"][V.PHASE_BUILD]
    phase["result"] = V.R_FAILED
    phase["result_reason"] = reason


def initial_checks(strategy):
    """SwUpgradeStrategy.build: the parameter combinations refused before any query (build-failed at once)."""
    if strategy["release"] is None and not strategy["rollback"]:
        return "Release or rollback must be set"
    if strategy["release"] is not None and strategy["rollback"]:
        return "Cannot set both release and rollback"
    if strategy["rollback"] and strategy["delete"] is not None:
        return "Cannot set both delete and rollback, delete is set by default"
    if strategy["rollback"] and strategy["snapshot"] is not None:
        return "Cannot set both snapshot and rollback, if snapshotis available it will be forcibly used."
    return None


def build_query_stage(strategy):
    stage = V.new_stage("sw-upgrade-query")
    V.add_step(stage, query_alarms())
    if strategy["rollback"]:
        V.add_step(stage, V.new_step("query-upgrade", 60, release=None))
    else:
        V.add_step(stage, V.new_step("query-upgrade", 60, release=strategy["release"]))
        V.add_step(stage, V.new_step("sw-deploy-precheck", 60, release=strategy["release"],
                                     snapshot=strategy["snapshot"]))
    V.add_stage(strategy["phases"][V.PHASE_BUILD], stage)


def complete_build(ctx, strategy):
    """_build_complete_normal / _build_complete_rollback: add the apply stages, or raise BuildFailed."""
    upgrade = strategy["nfvi_upgrade"]
    apply_phase = strategy["phases"][V.PHASE_APPLY]
    apply_phase["stages"] = []
    builder = _Builder(ctx, strategy, upgrade)
    if strategy["rollback"]:
        builder.rollback()
    else:
        builder.normal()
    if not apply_phase["stages"]:
        raise BuildFailed("no sw-deployments patches need to be applied")


class _Builder:
    def __init__(self, ctx, strategy, upgrade):
        self.ctx = ctx
        self.s = strategy
        self.u = upgrade
        self.phase = strategy["phases"][V.PHASE_APPLY]
        self.single = strategy["single_controller"]
        self.major = major_release(upgrade, ctx.sw_version())
        self.reboot = bool(reboot_required(upgrade))
        self.hosts = vim_hosts(ctx.scope)

    def add(self, stage):
        V.add_stage(self.phase, stage)

    def host(self, name):
        for host in self.hosts:
            if host["hostname"] == name:
                return host
        return None

    def swact_fix(self, stage, controller_name):
        if self.single or not self.major:
            return
        host = self.host(controller_name)
        if host is not None and "controller" in host["personality"]:
            V.add_step(stage, swact_step([host]))

    # -- normal ---------------------------------------------------------------------------------------------
    def normal(self):
        info = self.u["release_info"]
        state = deploy_state(self.u)
        if not info or info["state"] == US.UNAVAILABLE:
            raise BuildFailed("Software release does not exist or is unavailable")
        if state == US.COMPLETED and not self.s["delete"]:
            raise BuildFailed("Software deployment is already complete, pending delete")
        do_start = do_hosts = do_complete = True
        do_delete = bool(self.s["delete"])
        if state in (US.START_DONE, US.HOST, US.HOST_FAILED, US.HOST_DONE):
            do_start = False
        elif state in (US.ACTIVATE, US.ACTIVATE_DONE, US.ACTIVATE_FAILED):
            do_start = do_hosts = False
        elif state == US.COMPLETED:
            do_start = do_hosts = do_complete = False
        elif info["state"] == US.DEPLOYED and not info.get("downgrade"):
            do_start = do_hosts = do_complete = do_delete = False
        if do_start:
            stage = V.new_stage("sw-upgrade-start")
            self.swact_fix(stage, "controller-1")
            V.add_step(stage, V.new_step("start-upgrade", DEPLOY_START_TIMEOUT, release=self.s["release"],
                                         snapshot=self.s["snapshot"]))
            V.add_step(stage, query_alarms())
            self.add(stage)
        if do_hosts:
            self.host_stages(rollback=False)
        if do_complete:
            stage = V.new_stage("sw-upgrade-complete")
            last = self.phase["stages"][-1]["name"] if self.phase["stages"] else None
            if not self.reboot and last in ("sw-upgrade-controllers", "sw-upgrade-storage-hosts",
                                            "sw-upgrade-worker-hosts"):
                V.add_step(stage, stabilize_step(MTCE_DELAY))
            self.swact_fix(stage, "controller-1")
            V.add_step(stage, query_alarms())
            V.add_step(stage, V.new_step("activate-upgrade", DEPLOY_ACTIVATE_TIMEOUT, release=self.s["release"]))
            V.add_step(stage, V.new_step("complete-upgrade", 300, release=self.s["release"]))
            V.add_step(stage, query_alarms())
            self.add(stage)
        if do_delete:
            stage = V.new_stage("sw-deploy-delete")
            self.swact_fix(stage, "controller-1")
            V.add_step(stage, V.new_step("deploy-delete", 300, release=self.s["release"]))
            self.add(stage)

    # -- rollback -------------------------------------------------------------------------------------------
    def rollback(self):
        info = self.u["release_info"]
        state = deploy_state(self.u)
        if not info or info["state"] == US.UNAVAILABLE:
            raise BuildFailed("Software release does not exist or is unavailable")
        if info["state"] != US.DEPLOYING:
            raise BuildFailed("Software release must be deploying for a rollback, found=%s" % info)
        if state == US.START:
            raise BuildFailed("Software rollback cannot be initiated while sw-deploy-start is in progress")
        do_nothing = state in (US.START_DONE, US.START_FAILED)
        stage = V.new_stage("sw-upgrade-rollback-start")
        V.add_step(stage, query_alarms())
        V.add_step(stage, V.new_step("sw-deploy-abort", 60))
        V.add_step(stage, V.new_step("sw-deploy-activate-rollback", 1830))
        self.add(stage)
        if not do_nothing:
            self.host_stages(rollback=True)
            self.rollback_complete()
        else:
            self.rollback_complete()
            self.host_stages(rollback=True, do_nothing=True)

    def rollback_complete(self):
        stage = V.new_stage("sw-upgrade-rollback-complete")
        V.add_step(stage, query_alarms())
        self.swact_fix(stage, "controller-1")
        V.add_step(stage, V.new_step("deploy-delete", 300, release=self.u["release_info"]["release_id"]))
        self.add(stage)

    # -- hosts ----------------------------------------------------------------------------------------------
    def host_stages(self, rollback, do_nothing=False):
        controllers, storage, workers = [], [], []
        aio = False
        for host in self.hosts:
            state = host_state(self.u, host["hostname"])
            if not rollback and not host["locked"] and state == US.H_DEPLOYED:
                continue
            if rollback and not host["locked"] and state in (US.H_ROLLBACK_DEPLOYED, US.H_PENDING):
                continue
            if "controller" in host["personality"]:
                controllers.append(host)
                if "worker" in host["personality"]:
                    aio = True
            elif "storage" in host["personality"]:
                storage.append(host)
            elif "worker" in host["personality"]:
                workers.append(host)
        local = inventory.active_controller(self.ctx.scope)
        if not rollback:
            if not self.single and self.major:
                controllers.sort(key=lambda h: h["hostname"] == "controller-0")
            elif not self.major:
                controllers.sort(key=lambda h: h["hostname"] == local)
            storage.sort(key=lambda h: _index(h["hostname"]))
        elif self.major:
            controllers.sort(key=lambda h: h["hostname"] == "controller-1")
            storage.sort(key=lambda h: _index(h["hostname"]), reverse=True)
        else:
            controllers.sort(key=lambda h: h["hostname"] == local)
            storage.sort(key=lambda h: _index(h["hostname"]))

        def controller_stages(hosts):
            if aio:
                return self.worker_stages(hosts, do_nothing)
            return self.controller_stages(hosts, rollback)

        pairs = [(controller_stages, controllers), (self.storage_stages, storage),
                 (self.worker_stages, workers)]  # do-nothing steps only replace AIO controllers' deploys
        if rollback and self.major:
            pairs.reverse()
        for func, hosts in pairs:
            if hosts:
                func(hosts)

    def controller_stages(self, controllers, rollback):
        apply_type = self.s["controller_apply_type"]
        if apply_type != "ignore" and not self.single and \
                len([h for h in self.hosts if "controller" in h["personality"]]) < 2:
            raise BuildFailed("not enough controllers to apply software update")
        if apply_type == "parallel":
            raise BuildFailed("parallel apply type not allowed for controllers")
        if apply_type != "serial":
            return
        local_name = inventory.active_controller(self.ctx.scope)
        if self.major:
            local_name = "controller-1" if (rollback and not self.single) else "controller-0"
        local = None
        for host in controllers:
            if host["hostname"] == local_name:
                local = host
            else:
                self.add(self.controller_stage(host))
        if local is not None:
            self.add(self.controller_stage(local))

    def controller_stage(self, host):
        stage = V.new_stage("sw-upgrade-controllers")
        V.add_step(stage, query_alarms())
        if self.reboot:
            V.add_step(stage, swact_step([host]))
            V.add_step(stage, lock_step([host]))
        V.add_step(stage, upgrade_hosts_step([host]))
        if self.reboot:
            V.add_step(stage, stabilize_step(MTCE_DELAY))
            V.add_step(stage, unlock_step([host]))
            V.add_step(stage, wait_alarms_step(WAIT_ALARM_TIMEOUT))
        return stage

    def storage_stages(self, hosts):
        apply_type = self.s["storage_apply_type"]
        if apply_type == "ignore":
            return
        if len([h for h in self.hosts if "storage" in h["personality"]]) < 2:
            raise BuildFailed("not enough storage hosts to apply software updates")
        for host in hosts:  # parallel storage is replaced by serial for sw-upgrade (objects/_sw_upgrade.py)
            stage = V.new_stage("sw-upgrade-storage-hosts")
            V.add_step(stage, query_alarms())
            if self.reboot:
                V.add_step(stage, lock_step([host]))
            V.add_step(stage, upgrade_hosts_step([host]))
            if self.reboot:
                V.add_step(stage, stabilize_step(MTCE_DELAY))
                V.add_step(stage, unlock_step([host]))
                V.add_step(stage, V.new_step("wait-data-sync", 30 * 60))
            self.add(stage)

    def worker_host_lists(self, hosts):
        apply_type = self.s["worker_apply_type"]
        limit = self.s["max_parallel_worker_hosts"] or 2
        lists = []
        if apply_type == "serial":
            lists = [[h] for h in hosts if "controller" in h["personality"]]
            lists += [[h] for h in hosts if "controller" not in h["personality"]]
        elif apply_type == "parallel":
            controllers = [[h] for h in hosts if "controller" in h["personality"]]
            others = [h for h in hosts if "controller" not in h["personality"]]
            lists = controllers + [others[i:i + limit] for i in range(0, len(others), limit)]
        return [lst for lst in lists if lst]

    def worker_stages(self, hosts, do_nothing=False):
        for host_list in self.worker_host_lists(hosts):
            stage = V.new_stage("sw-upgrade-worker-hosts")
            V.add_step(stage, query_alarms())
            to_lock, to_reboot = [], []
            if self.reboot:
                if any("controller" in h["personality"] for h in host_list):
                    to_lock = host_list
                else:
                    to_lock = [h for h in host_list if not h["locked"]]
                    to_reboot = [h for h in host_list if h["locked"]]
                if len(host_list) == 1 and "controller" in host_list[0]["personality"] and not self.single:
                    V.add_step(stage, swact_step(host_list))
                if to_lock:
                    wait_disabled = not (len(to_lock) == 1 and "controller" in to_lock[0]["personality"]
                                         and self.single)
                    V.add_step(stage, lock_step(to_lock, wait_until_disabled=wait_disabled))
            V.add_step(stage, upgrade_hosts_step(host_list, do_nothing))
            if self.reboot:
                V.add_step(stage, stabilize_step(MTCE_DELAY))
                if to_lock:
                    V.add_step(stage, unlock_step(to_lock))
                if to_reboot:
                    V.add_step(stage, V.new_step("reboot-hosts", 900, to_reboot))
                V.add_step(stage, wait_alarms_step(WAIT_ALARM_TIMEOUT))
            self.add(stage)


def _index(name):
    tail = name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0
