"""Running a sw-upgrade strategy: phases, stages and steps advance on timers (``vim.strategy.tick``).

Each step calls USM (services/usm/deploy.py) and sysinv (services/sysinv/hosts.py) through the same functions
their HTTP handlers use, then waits and polls the way the real step does (nfv-vim strategy/_strategy_steps.py:
``QueryAlarmsStep``, ``QueryUpgradeStep``, ``SwDeployPrecheckStep``, ``UpgradeStartStep``, ``SwactHostsStep``,
``LockHostsStep``, ``UpgradeHostsStep`` with 3 retries 120 s apart, ``SystemStabilizeStep``, ``UnlockHostsStep``,
``RebootHostsStep``, ``WaitAlarmsClearStep``, ``WaitDataSyncStep``, ``UpgradeActivateStep`` with 3 retries,
``UpgradeCompleteStep``, ``SwDeployDeleteStep``, ``SwDeployAbortStep``, ``SwDeployActivateRollbackStep``,
``SwDeployDoNothingStep``). Error texts of USM calls follow nfv-plugins nfvi_infrastructure_api.py
("Software deploy <op> was rejected: ...").

Phase/stage/step progression and abort follow nfv-common strategy/_strategy*.py: a step that completes lets
the next one start at once; a failed, timed-out or aborted step ends its stage and phase. Abort marks the
running stage aborted; it ends when its current step ends (the remaining steps and stages do not run); the
abort phase then unlocks the hosts the aborted stage locked (``LockHostsStep.abort``).
"""

import json
import uuid as uuidlib

from ...clock import timer_action
from ...http import ApiError
from ..usm import deploy as D
from ..usm import inventory
from ..usm import model as UM
from ..usm import states as US
from . import build as B
from . import model as V

HOST_POLL = 10        # seconds between host-state checks (VIM host audit)
USM_POLL = 30         # seconds between USM deployment queries (nfvi audit)
SWACT_SETTLE = 120    # SwactHostsStep waits 120 s after the swact
DEPLOY_HOST_RETRIES, DEPLOY_HOST_RETRY_DELAY = 3, 120
ACTIVATE_RETRIES, ACTIVATE_RETRY_DELAY = 3, 30
LOG_HINT = "check /var/log/nfv-vim.log or /var/log/software.log for more information."


class Runner:
    def __init__(self, emulator, scope, strategy):
        self.emulator = emulator
        self.scope = scope
        self.s = strategy
        self.ctx = UM.Ctx(emulator, scope)

    # -- persistence and timers -----------------------------------------------------------------------------
    def save(self):
        self.scope.save(V.KIND, self.s)

    def schedule(self, delay):
        token = uuidlib.uuid4().hex
        self.s["tick_token"] = token
        self.emulator.scheduler.cancel("vim.strategy.tick", scope=self.scope.name, strategy=self.s["uuid"])
        self.emulator.scheduler.schedule(delay, "vim.strategy.tick", scope=self.scope.name, strategy=self.s["uuid"],
                                         token=token)

    def phase(self):
        return self.s["phases"].get(self.s["current_phase"])

    # -- phases ---------------------------------------------------------------------------------------------
    def start_phase(self, name, stop_at_stage=None, delay=None):
        """StrategyPhase.apply; with ``delay`` the first stage runs on the next tick (the build answers first)."""
        phase = self.s["phases"][name]
        self.s["current_phase"] = name
        total = len(phase["stages"])
        phase["stop_at_stage"] = total if stop_at_stage is None else stop_at_stage
        if not phase["inprogress"]:
            if phase["current_stage"] != 0:
                return
            phase.update(inprogress=True, result=V.R_INPROGRESS, result_reason="", start_date_time=V.now_text())
        phase["timeout"] = V.phase_timeout(phase)
        if delay is not None:
            # the VIM starts the first stage at once (the reply to apply shows it in progress); its steps
            # run on the next tick
            if phase["current_stage"] < min(phase["stop_at_stage"], total):
                stage = phase["stages"][phase["current_stage"]]
                if not stage["inprogress"] and stage["result"] == V.R_INITIAL:
                    stage.update(inprogress=True, result=V.R_INPROGRESS, result_reason="",
                                 start_date_time=V.now_text())
            self.save()
            self.schedule(delay)
            return
        self.run()

    def run(self):
        """Advance the current phase as far as it goes without waiting; schedule the next tick when waiting."""
        for _ in range(10000):
            phase = self.phase()
            if phase is None or not phase["inprogress"]:
                return
            if phase["current_stage"] >= phase["stop_at_stage"]:
                if phase["stop_at_stage"] >= len(phase["stages"]):
                    if phase["current_stage"] == 0 and not phase["stages"]:
                        phase["result"], phase["result_reason"] = V.R_SUCCESS, ""
                    self.complete_phase(phase)
                return
            stage = phase["stages"][phase["current_stage"]]
            if not stage["inprogress"] and stage["result"] == V.R_INITIAL:
                stage.update(inprogress=True, result=V.R_INPROGRESS, result_reason="", start_date_time=V.now_text())
            if stage["current_step"] >= len(stage["steps"]):
                if not stage["steps"]:
                    stage["result"], stage["result_reason"] = V.R_SUCCESS, ""
                self.complete_stage(phase, stage)
                continue
            step = stage["steps"][stage["current_step"]]
            if step["result"] == V.R_INITIAL:
                self.emulator.faults.crash_point("vim.strategy.step", step=step["name"])
                step["start_date_time"] = V.now_text()
                step["data"] = {"waited": 0}
                outcome = self.handler(step, "apply")
            elif step["result"] == V.R_WAIT:
                outcome = self.handler(step, "poll")
            else:
                outcome = (step["result"], step["result_reason"], None)
            result, reason, delay = outcome
            if result == V.R_WAIT:
                waited = step["data"].get("waited", 0)
                if step["timeout"] and waited >= step["timeout"]:
                    result, reason = V.R_TIMED_OUT, "%s timed out" % step["name"]
                else:
                    step["result"] = V.R_WAIT
                    step["result_reason"] = reason or step.get("result_reason", "")
                    step["data"]["waited"] = waited + delay
                    self.save()
                    self.schedule(delay)
                    return
            self.complete_step(phase, stage, step, result, reason)
        raise RuntimeError("strategy did not settle")

    def complete_step(self, phase, stage, step, result, reason):
        step.update(result=result, result_reason=reason or "", end_date_time=V.now_text())
        if stage["result"] == V.R_ABORTED:  # aborting: the stage ends with its current step
            stage["result_reason"] = ""
            self.complete_stage(phase, stage)
            return
        stage["result"], stage["result_reason"] = V.stage_result_update(stage["result"], stage["result_reason"],
                                                                        result, reason or "")
        if stage["result"] in (V.R_FAILED, V.R_ABORTED, V.R_TIMED_OUT):
            self.complete_stage(phase, stage)
        else:
            stage["current_step"] += 1

    def complete_stage(self, phase, stage):
        stage["inprogress"] = False
        stage["end_date_time"] = V.now_text()
        if phase["result"] == V.R_ABORTED:
            phase["result_reason"] = ""
            self.complete_phase(phase)
            return
        phase["result"], phase["result_reason"] = V.stage_result_update(phase["result"], phase["result_reason"],
                                                                        stage["result"], stage["result_reason"])
        if phase["result"] in (V.R_FAILED, V.R_ABORTED, V.R_TIMED_OUT):
            self.complete_phase(phase)
        else:
            phase["current_stage"] += 1

    def complete_phase(self, phase):
        phase["inprogress"] = False
        phase["end_date_time"] = V.now_text()
        state = self.s["state"]
        name = phase["name"]
        if name == V.PHASE_BUILD and state == V.BUILDING:
            if phase["result"] in (V.R_SUCCESS, V.R_DEGRADED):
                self.s["state"] = V.READY_TO_APPLY
                try:
                    B.complete_build(self.ctx, self.s)
                except B.BuildFailed as exc:
                    B.build_failed(self.s, str(exc))
            elif phase["result"] == V.R_TIMED_OUT:
                self.s["state"] = V.BUILD_TIMEOUT
            else:
                self.s["state"] = V.BUILD_FAILED
        elif name == V.PHASE_APPLY and state in (V.APPLYING, V.ABORTING):
            if phase["result"] in (V.R_SUCCESS, V.R_DEGRADED):
                self.s["state"] = V.APPLIED
            elif phase["result"] == V.R_FAILED:
                self.s["state"] = V.APPLY_FAILED
            elif phase["result"] == V.R_TIMED_OUT:
                self.s["state"] = V.APPLY_TIMEOUT
            if state == V.ABORTING:
                self.s["state"] = V.ABORTING
                self.save()
                self.start_phase(V.PHASE_ABORT)
                return
        elif name == V.PHASE_ABORT and state == V.ABORTING:
            self.s["state"] = {V.R_SUCCESS: V.ABORTED, V.R_DEGRADED: V.ABORTED,
                               V.R_TIMED_OUT: V.ABORT_TIMEOUT}.get(phase["result"], V.ABORT_FAILED)
        self.save()

    # -- actions --------------------------------------------------------------------------------------------
    def apply(self, stage_id=None):
        """Strategy._apply: (ok, reason)."""
        apply_phase = self.s["phases"][V.PHASE_APPLY]
        total = len(apply_phase["stages"])
        current = self.s["current_phase"]
        if current == V.PHASE_BUILD:
            if self.s["state"] != V.READY_TO_APPLY:
                build = self.s["phases"][V.PHASE_BUILD]
                if stage_id is None:
                    return False, build["result_reason"]
                return False, "apply of stage id %s failed: %s " % (stage_id, build["result_reason"])
            if stage_id is None:
                self.s["state"] = V.APPLYING
                self.start_phase(V.PHASE_APPLY, delay=1)
            elif stage_id == 0 and stage_id < total:
                self.s["state"] = V.APPLYING
                self.start_phase(V.PHASE_APPLY, stage_id + 1, delay=1)
            else:
                return False, "invalid stage id %s for the apply, total-stages are %s" % (stage_id, total)
            return True, ""
        if current == V.PHASE_APPLY:
            if self.s["state"] in (V.APPLIED, V.APPLY_FAILED, V.APPLY_TIMEOUT, V.ABORTED, V.ABORT_FAILED,
                                   V.ABORT_TIMEOUT):
                return False, "apply already completed"
            stopped = apply_phase["current_stage"] == apply_phase["stop_at_stage"]
            if stage_id is None and stopped:
                self.start_phase(V.PHASE_APPLY, delay=1)
                return True, ""
            if stage_id is None or not stopped:
                return False, "apply already inprogress"
            if stage_id < apply_phase["current_stage"]:
                return False, "apply already complete for stage id %s" % stage_id
            if stage_id >= total:
                return False, "invalid stage id %s for the apply, total-stages are %s" % (stage_id, total)
            if apply_phase["current_stage"] != stage_id:
                return False, "stage id %s is not the next stage to be applied, next-stage = %s" % (
                    stage_id, apply_phase["current_stage"])
            self.start_phase(V.PHASE_APPLY, stage_id + 1, delay=1)
            return True, ""
        if stage_id is None:
            return False, "apply not supported during an abort"
        return False, "apply of stage id %s not supported during an abort" % stage_id

    def abort(self, stage_id=None):
        """Strategy._abort: (ok, reason)."""
        apply_phase = self.s["phases"][V.PHASE_APPLY]
        if self.s["current_phase"] != V.PHASE_APPLY:
            return False, "apply not inprogress"
        running = apply_phase["inprogress"] and apply_phase["current_stage"] < apply_phase["stop_at_stage"]
        if stage_id is not None and (not running or stage_id != apply_phase["current_stage"]):
            return False, "apply not inprogress for stage id %s" % stage_id
        if self.s["state"] in (V.APPLYING, V.APPLY_FAILED, V.APPLY_TIMEOUT):
            self.s["state"] = V.ABORTING
            self.s["phases"][V.PHASE_ABORT] = self._abort_phase(apply_phase)
            if not running:
                if apply_phase["inprogress"]:  # stopped between stages (apply-stage)
                    apply_phase["inprogress"] = False
                    apply_phase["result"] = V.R_ABORTED
                    self.s["state"] = V.ABORTED
                else:  # the apply phase already ended (failed or timed out): run the abort phase now
                    self.start_phase(V.PHASE_ABORT, delay=1)
            self.save()
            return True, ""
        if self.s["state"] != V.APPLIED:
            self.s["state"] = V.ABORTED
            self.save()
            return True, ""
        return False, "apply not inprogress"

    def _abort_phase(self, apply_phase):
        """StrategyPhase._abort / StrategyStage._abort: mark what runs as aborted, collect unlock steps."""
        abort_phase = V.new_phase(V.PHASE_ABORT)
        if apply_phase["result"] == V.R_INITIAL:
            apply_phase["result"] = V.R_ABORTED
        elif apply_phase["inprogress"]:
            apply_phase["result"] = V.R_ABORTED
            apply_phase["result_reason"] = ""
        index = min(apply_phase["current_stage"], len(apply_phase["stages"]) - 1)
        for stage in reversed(apply_phase["stages"][:index + 1]):
            if stage["result"] == V.R_INITIAL:
                stage["result"] = V.R_ABORTED
            elif stage["inprogress"]:
                stage["result"] = V.R_ABORTED
                stage["result_reason"] = ""
            if stage["current_step"] >= len(stage["steps"]):
                continue
            unlocks = []
            for step in reversed(stage["steps"][:stage["current_step"] + 1]):
                if step["name"] == "lock-hosts":
                    hosts = [h for h in B.vim_hosts(self.scope) if h["hostname"] in step["entity_names"]]
                    unlocks.append(B.unlock_step(hosts))
            if unlocks:
                abort_stage = V.new_stage(stage["name"])
                for step in unlocks:
                    V.add_step(abort_stage, step)
                V.add_stage(abort_phase, abort_stage)
        return abort_phase

    # -- steps ----------------------------------------------------------------------------------------------
    def handler(self, step, mode):
        name = step["name"].replace("-", "_")
        func = getattr(self, "%s_%s" % (mode, name), None)
        if func is None:
            func = getattr(self, "step_" + name)
        try:
            return func(step)
        except ApiError as exc:  # a refusal from sysinv or USM that the step did not expect
            return V.R_FAILED, exc.message, None
        except LookupError:  # the release or deployment is gone (sw_deploy_get_upgrade_obj raises)
            return V.R_FAILED, "Could not obtain deployment information from USM, " + LOG_HINT, None

    def wait(self, delay, reason=""):
        return V.R_WAIT, reason, delay

    def hosts_of(self, step):
        hosts = []
        for name in step["entity_names"]:
            host = inventory.find_host(self.scope, name)
            if host is None:
                return None
            hosts.append(host)
        return hosts

    def upgrade(self):
        return self.s.get("nfvi_upgrade") or {}

    def refresh_upgrade(self, release):
        self.s["nfvi_upgrade"] = B.get_upgrade(self.ctx, release)
        return self.s["nfvi_upgrade"]

    # query-alarms, wait-alarms-clear, wait-data-sync ----------------------------------------------------
    def unignored_alarms(self):
        out = []
        for alarm in self.scope.all("alarm"):
            if alarm.get("alarm_id") in B.IGNORE_ALARMS:
                continue
            if self.s["alarm_restrictions"] == "relaxed" and str(alarm.get("mgmt_affecting")) == "False":
                continue
            if self.s["alarm_restrictions"] == "permissive":
                continue
            out.append(alarm)
        return out

    def apply_query_alarms(self, step):
        alarms = self.unignored_alarms()
        if alarms:
            view = [{k: a.get(k) for k in ("alarm_uuid", "alarm_id", "entity_instance_id", "severity",
                                           "reason_text", "timestamp", "mgmt_affecting")} for a in alarms]
            result = V.R_FAILED if step["params"].get("fail_on_alarms") else V.R_SUCCESS
            return result, "Unignored platform alarms are present: %s" % json.dumps(view, indent=2), None
        return V.R_SUCCESS, "No unignored alarms present", None

    def apply_wait_alarms_clear(self, step):
        return self.wait(step["params"].get("first_query_delay", 60))

    def poll_wait_alarms_clear(self, step):
        if self.unignored_alarms():
            return self.wait(USM_POLL)
        return V.R_SUCCESS, "", None

    def apply_wait_data_sync(self, step):
        return self.wait(USM_POLL)

    poll_wait_data_sync = poll_wait_alarms_clear

    def apply_system_stabilize(self, step):
        return self.wait(step["timeout"])

    def poll_system_stabilize(self, step):
        return V.R_SUCCESS, "", None

    def step_sw_deploy_do_nothing(self, step):
        return V.R_SUCCESS, "", None

    # query-upgrade, sw-deploy-precheck ----------------------------------------------------------------------
    def apply_query_upgrade(self, step):
        try:
            self.refresh_upgrade(step["params"].get("release"))
        except LookupError:
            return V.R_FAILED, "Could not obtain deployment information from USM, " + LOG_HINT, None
        return V.R_SUCCESS, "", None

    def apply_sw_deploy_precheck(self, step):
        upgrade = self.upgrade()
        if upgrade.get("deploy_info"):
            return V.R_SUCCESS, "Deployment already in progress, skipping precheck", None
        force = self.s["alarm_restrictions"] in ("relaxed", "permissive")
        options = ["snapshot=true"] if step["params"].get("snapshot") else None
        ok, body, error = self.usm("precheck", D.precheck, self.ctx, step["params"]["release"], force, None, options)
        if ok and body.get("system_healthy"):
            return V.R_SUCCESS, (body.get("info") or "").strip(), None
        self.response(error, body)
        return V.R_FAILED, error or "Unknown error while trying software deploy precheck, " + LOG_HINT, None

    def usm(self, verb, func, *args):
        """Call a USM operation as nfv-plugins does over REST: (ok, body, error-message)."""
        try:
            result = func(*args)
        except US.UsmError as exc:
            status, body = exc.status, exc.body
        else:
            status, body = result if isinstance(result, tuple) else (200, result)
        if status == 200:
            return True, body, None
        message = body.get("error", body.get("info")) if isinstance(body, dict) else None
        if status == 406:
            if not message:
                message = "Unknown error while trying software deploy %s, %s" % (verb, LOG_HINT)
            else:
                message = "Software deploy %s was rejected: %s" % (verb, message)
        elif not message:
            message = "Caught exception while trying software deploy %s, error=%s" % (verb, status)
        return False, body, message.strip()

    def response(self, error, body):
        """phase.result_complete_response: the failing response, pretty-printed, in the phase's ``response``."""
        data = {"completed": False, "reason": ""}
        if error:
            data["error-message"] = error.splitlines()
        if body:
            data["complete-data"] = body
        self.phase()["result_response"] = _pformat(data)

    # start-upgrade -------------------------------------------------------------------------------------------
    def apply_start_upgrade(self, step):
        state = B.deploy_state(self.upgrade())
        if state == US.START:
            return self.wait(USM_POLL)
        if state == US.START_DONE:
            return V.R_SUCCESS, "", None
        force = self.s["alarm_restrictions"] in ("relaxed", "permissive")
        extra = {"options": ["snapshot=true"]} if step["params"].get("snapshot") else {}
        ok, body, error = self.usm("start", D.start, self.ctx, step["params"]["release"], force, extra)
        if not ok:
            self.response(error, body)
            return V.R_FAILED, error, None
        return self.wait(USM_POLL)

    def poll_start_upgrade(self, step):
        state = B.deploy_state(self.refresh_upgrade(step["params"]["release"]))
        if state == US.START_DONE:
            return V.R_SUCCESS, "", None
        if state == US.START_FAILED:
            return V.R_FAILED, "Failed during software deploy start, " + LOG_HINT, None
        if state != US.START:
            return V.R_FAILED, "Unknown error while doing software deploy start, " + LOG_HINT, None
        return self.wait(USM_POLL)

    # swact / lock / unlock / reboot ----------------------------------------------------------------------------
    def apply_swact_hosts(self, step):
        hosts = self.hosts_of(step)
        active = [h for h in hosts or [] if inventory.active_controller(self.scope) == h["hostname"]]
        if not active:
            return V.R_SUCCESS, "Already on correct host", None
        for host in active:
            inventory.swact(self.emulator, self.scope, host)
        step["data"]["swact_wait"] = 0
        return self.wait(HOST_POLL)

    def poll_swact_hosts(self, step):
        step["data"]["swact_wait"] = step["data"].get("swact_wait", 0) + HOST_POLL
        for host in self.hosts_of(step) or []:
            if inventory.active_controller(self.scope) == host["hostname"]:
                if not host.get("task"):  # the swact ended and the host is still active
                    return V.R_FAILED, "host swact failed", None
                return self.wait(HOST_POLL)
        if step["data"]["swact_wait"] < SWACT_SETTLE:
            return self.wait(HOST_POLL)
        return V.R_SUCCESS, "", None

    def _locked(self, host, wait_disabled):
        return host.get("administrative") == "locked" and (not wait_disabled or host.get("operational") ==
                                                            "disabled") and not host.get("task")

    def apply_lock_hosts(self, step):
        hosts = self.hosts_of(step)
        if hosts is None:
            return V.R_FAILED, "host no longer exists", None
        wait_disabled = step["params"].get("wait_until_disabled", True)
        if all(self._locked(h, wait_disabled) for h in hosts):
            return V.R_SUCCESS, "", None
        for host in hosts:
            if host.get("administrative") != "locked":
                inventory.lock(self.emulator, self.scope, host)
        return self.wait(HOST_POLL)

    def poll_lock_hosts(self, step):
        hosts = self.hosts_of(step)
        if hosts is None:
            return V.R_FAILED, "host no longer exists", None
        if all(self._locked(h, step["params"].get("wait_until_disabled", True)) for h in hosts):
            return V.R_SUCCESS, "", None
        if any(h.get("administrative") == "unlocked" and not h.get("task") for h in hosts):
            return V.R_FAILED, "host lock failed", None
        return self.wait(HOST_POLL)

    def apply_unlock_hosts(self, step):
        hosts = self.hosts_of(step)
        if hosts is None:
            return V.R_FAILED, "host no longer exists", None
        if all(h.get("administrative") == "unlocked" and h.get("operational") == "enabled" for h in hosts):
            return V.R_SUCCESS, "", None
        for host in hosts:
            if host.get("administrative") == "locked":
                inventory.unlock(self.emulator, self.scope, host)
        return self.wait(HOST_POLL)

    def poll_unlock_hosts(self, step):
        hosts = self.hosts_of(step)
        if hosts is None:
            return V.R_FAILED, "host no longer exists", None
        if all(h.get("administrative") == "unlocked" and h.get("operational") == "enabled"
               and h.get("availability") in ("available", "degraded") for h in hosts):
            return V.R_SUCCESS, "", None
        if any(h.get("availability") == "failed" or (h.get("administrative") == "locked" and not h.get("task"))
               for h in hosts):
            return V.R_FAILED, "host unlock failed", None
        return self.wait(HOST_POLL)

    def apply_reboot_hosts(self, step):
        for host in self.hosts_of(step) or []:
            inventory.reboot(self.emulator, self.scope, host)
        return self.wait(HOST_POLL)

    def poll_reboot_hosts(self, step):
        hosts = self.hosts_of(step) or []
        if all(h.get("availability") == "online" and not h.get("task") for h in hosts):
            return V.R_SUCCESS, "", None
        if any(h.get("availability") == "failed" for h in hosts):
            return V.R_FAILED, "host reboot failed", None
        return self.wait(HOST_POLL)

    # upgrade-hosts ------------------------------------------------------------------------------------------
    def _deploy_hosts(self, step, names):
        """host_director.upgrade_hosts: ask USM to deploy (or roll back) each host; the agents answer later.
        A refused request (406) is a HOST_UPGRADE_FAILED event with USM's message."""
        failed = step["data"].setdefault("failed_hosts", {})
        for name in names:
            try:
                reply = D.host_async(self.ctx, name, rollback=bool(self.s["rollback"]))
            except US.UsmError as exc:
                message = exc.body.get("error") or exc.body.get("info") or exc.message
                failed[name] = "Failed software deploy host %s: %s" % (name, message.strip())
                continue
            if reply is not None:
                failed[name] = "Failed software deploy host %s: %s" % (name, reply["error"].strip())

    def apply_upgrade_hosts(self, step):
        step["data"].update(retry_count=0, failed_hosts={})
        self._deploy_hosts(step, step["entity_names"])
        return self.wait(HOST_POLL)

    def poll_upgrade_hosts(self, step):
        data = step["data"]
        if data.get("retry_requested"):
            data["retry_requested"] = False
            data["retry_count"] += 1
            retry = list(data["failed_hosts"])
            for name in retry:
                del data["failed_hosts"][name]
            self._deploy_hosts(step, retry)
            return self.wait(HOST_POLL)
        upgrade = self.refresh_upgrade(self.upgrade().get("release") or self.s["release"])
        states = {row["hostname"]: row["host_state"] for row in upgrade.get("hosts_info") or []}
        if any(states.get(name) in (US.H_DEPLOYING, US.H_ROLLBACK_DEPLOYING) for name in step["entity_names"]
               if name not in data["failed_hosts"]):
            return self.wait(HOST_POLL)  # an agent is still working
        failed = {}
        for name in step["entity_names"]:
            state = states.get(name)
            reason = None
            if state is None:
                reason = data["failed_hosts"].get(name, "Missing host from software deploy host-list")
            elif US.H_PENDING in state:
                reason = data["failed_hosts"].get(name, "Host was detected in pending state")
            elif US.H_FAILED in state:
                reason = data["failed_hosts"].get(name, "Host was detected in failed state")
            elif US.H_DEPLOYING in state:
                reason = data["failed_hosts"].get(name, "Host was still deploying when it was expected to be done")
            elif US.H_DEPLOYED not in state:
                reason = data["failed_hosts"].get(name, "Host was detected in invalid state: %s" % state)
            if reason:
                failed[name] = reason
        if failed:
            if data["retry_count"] < DEPLOY_HOST_RETRIES:
                data["retry_requested"] = True
                return self.wait(DEPLOY_HOST_RETRY_DELAY)
            self.response("", {"failed-hosts": failed, "hosts-states": states})
            return V.R_FAILED, "Deploy hosts failed for some hosts: %s" % json.dumps(failed, indent=2), None
        return V.R_SUCCESS, "Deploy hosts succeeded for all hosts, retries=%d" % data["retry_count"], None

    # activate / complete / delete ----------------------------------------------------------------------------
    def apply_activate_upgrade(self, step):
        step["data"].update(retry_count=0)
        state = B.deploy_state(self.upgrade())
        if state == US.ACTIVATE:
            return self.wait(USM_POLL)
        if state == US.ACTIVATE_DONE:
            return V.R_SUCCESS, "", None
        ok, body, error = self.usm("activate", D.activate, self.ctx)
        if not ok:
            self.response(error, body)
            return V.R_FAILED, error, None
        return self.wait(USM_POLL)

    def poll_activate_upgrade(self, step):
        data = step["data"]
        if data.get("retry_requested"):
            data["retry_requested"] = False
            data["retry_count"] += 1
            ok, body, error = self.usm("activate", D.activate, self.ctx)
            if not ok:
                self.response(error, body)
                return V.R_FAILED, error, None
            return self.wait(USM_POLL)
        state = B.deploy_state(self.refresh_upgrade(step["params"]["release"]))
        retries = data["retry_count"]
        if state == US.ACTIVATE_DONE:
            return V.R_SUCCESS, "Completed software deploy activate, retries=%d" % retries, None
        if state == US.ACTIVATE:
            return self.wait(USM_POLL)
        if state == US.ACTIVATE_FAILED:
            reason = "Failed software deploy activate, retries=%d, %s" % (retries, LOG_HINT)
        else:
            reason = "Unknown error while doing software deploy activate, retries=%d, %s" % (retries, LOG_HINT)
        if retries < ACTIVATE_RETRIES:
            data["retry_requested"] = True
            return self.wait(ACTIVATE_RETRY_DELAY * (retries + 1))
        return V.R_FAILED, reason, None

    def apply_complete_upgrade(self, step):
        ok, body, error = self.usm("complete", D.complete, self.ctx)
        if ok and B.deploy_state(self.refresh_upgrade(step["params"]["release"])) == US.COMPLETED:
            return V.R_SUCCESS, (body.get("info") or "").strip(), None
        self.response(error, body)
        return V.R_FAILED, error or "Unknown error while trying software deploy complete, " + LOG_HINT, None

    def apply_deploy_delete(self, step):
        ok, body, error = self.usm("delete", D.delete, self.ctx)
        if ok:
            rel = self.ctx.release(step["params"]["release"])
            state = rel["state"] if rel else None
            if (not self.s["rollback"] and state == US.DEPLOYED) or (self.s["rollback"] and state == US.AVAILABLE):
                return V.R_SUCCESS, (body.get("info") or "").strip(), None
        self.response(error, body)
        return V.R_FAILED, error or "Unknown error while trying software deploy delete, " + LOG_HINT, None

    # rollback ------------------------------------------------------------------------------------------------
    def apply_sw_deploy_abort(self, step):
        state = B.deploy_state(self.upgrade())
        if state and "rollback" in state:
            return V.R_SUCCESS, "Rollback already in progress, skipping abort call", None
        if state in (US.START_DONE, US.START_FAILED):
            return V.R_SUCCESS, "Software deploy abort not required from %s" % state, None
        ok, body, error = self.usm("abort", D.abort, self.ctx)
        if ok:
            self.refresh_upgrade(None)
            return V.R_SUCCESS, (body.get("info") or "").strip(), None
        self.response(error, body)
        return V.R_FAILED, error or "Unknown error while trying software deploy abort, " + LOG_HINT, None

    def apply_sw_deploy_activate_rollback(self, step):
        state = B.deploy_state(self.refresh_upgrade(None))
        if state == US.ACTIVATE_ROLLBACK:
            return self.wait(USM_POLL)
        if state == US.ACTIVATE_ROLLBACK_DONE:
            return V.R_SUCCESS, "", None
        if state in (US.ACTIVATE_ROLLBACK_PENDING, US.ACTIVATE_ROLLBACK_FAILED):
            # nfvi_infrastructure_api.sw_deploy_activate_rollback words its rejection as "activate"
            ok, body, error = self.usm("activate", D.activate_rollback, self.ctx)
            if not ok:
                self.response(error, body)
                return V.R_FAILED, error, None
            return self.wait(USM_POLL)
        return V.R_SUCCESS, "", None

    def poll_sw_deploy_activate_rollback(self, step):
        state = B.deploy_state(self.refresh_upgrade(None))
        if state == US.ACTIVATE_ROLLBACK_DONE:
            return V.R_SUCCESS, "", None
        if state == US.ACTIVATE_ROLLBACK_FAILED:
            return V.R_FAILED, "Failed software deploy activate-rollback, " + LOG_HINT, None
        if state != US.ACTIVATE_ROLLBACK:
            return V.R_FAILED, "Unknown error while doing software deploy activate-rollback, " + LOG_HINT, None
        return self.wait(USM_POLL)


def _pformat(data):
    import pprint

    return pprint.pformat(data)


def load(emulator, scope, uuid=None):
    rows = scope.all(V.KIND)
    for row in rows:
        if uuid is None or row["uuid"] == uuid:
            return row
    return None


@timer_action("vim.strategy.tick")
def tick(emulator, scope, strategy, token):
    store_scope = emulator.store.scope(scope)
    row = load(emulator, store_scope, strategy)
    if row is None or row.get("tick_token") != token:
        return
    runner = Runner(emulator, store_scope, row)
    runner.run()
    runner.save()
