"""The VIM's sw-upgrade strategy as stored data: phases, stages and steps, their results, and the API document.

Structure and result rules follow starlingx/nfv nfv-common ``nfv_common/strategy`` (_strategy.py,
_strategy_phase.py, _strategy_stage.py, _strategy_step.py, _strategy_result.py); field names of the document
follow nfv-vim ``api/controllers/v1/orchestration/sw_update/_sw_update_strategy.py`` (``SwUpdateStrategyData``,
``SwUpdateStrategyPhaseData``, ``SwUpdateStrategyStageData``, ``SwUpdateStrategyStageStepData``) and are what
nfv-client's ``openstack/sw_update.py`` reads.
"""

from datetime import datetime

KIND = "vim_strategy"

# strategy states (nfv_common/strategy/_strategy_defs.py)
INITIAL, BUILDING, BUILD_FAILED, BUILD_TIMEOUT, READY_TO_APPLY = (
    "initial", "building", "build-failed", "build-timeout", "ready-to-apply")
APPLYING, APPLY_FAILED, APPLY_TIMEOUT, APPLIED = "applying", "apply-failed", "apply-timeout", "applied"
ABORTING, ABORT_FAILED, ABORT_TIMEOUT, ABORTED = "aborting", "abort-failed", "abort-timeout", "aborted"
PHASE_INITIAL, PHASE_BUILD, PHASE_APPLY, PHASE_ABORT = "initial", "build", "apply", "abort"

# results (_strategy_result.py: ABORTING and ABORTED share the value "aborted")
R_INITIAL, R_INPROGRESS, R_WAIT, R_SUCCESS, R_DEGRADED, R_FAILED, R_TIMED_OUT, R_ABORTED = (
    "initial", "inprogress", "wait", "success", "degraded", "failed", "timed-out", "aborted")
FINAL_STEP = (R_SUCCESS, R_DEGRADED, R_FAILED, R_TIMED_OUT, R_ABORTED)


def now_text():
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def new_phase(name):
    return {"name": name, "timeout": 0, "inprogress": False, "current_stage": 0, "stop_at_stage": 0,
            "stages": [], "result": R_INITIAL, "result_reason": "", "result_response": "",
            "start_date_time": "", "end_date_time": ""}


def new_stage(name):
    return {"id": 0, "name": name, "timeout": 0, "inprogress": False, "current_step": 0, "steps": [],
            "result": R_INITIAL, "result_reason": "", "start_date_time": "", "end_date_time": ""}


def new_step(name, timeout, hosts=None, entity_type=None, **params):
    hosts = hosts or []
    return {"id": 0, "name": name, "timeout": timeout,
            "entity_type": entity_type if entity_type is not None else ("hosts" if hosts else ""),
            "entity_names": [h["hostname"] for h in hosts], "entity_uuids": [h["uuid"] for h in hosts],
            "result": R_INITIAL, "result_reason": "", "start_date_time": "", "end_date_time": "",
            "params": params, "data": {}}


def add_step(stage, step):
    step["id"] = len(stage["steps"])
    stage["steps"].append(step)
    total = sum(s["timeout"] for s in stage["steps"])
    stage["timeout"] = total + 1 if total > 0 else 0


def add_stage(phase, stage):
    stage["id"] = len(phase["stages"])
    phase["stages"].append(stage)


def stage_result_update(result, reason, step_result, step_reason):
    """strategy_stage_result_update (the same table serves phases: strategy_phase_result_update)."""
    if result == R_WAIT:
        return result, reason
    if result in (R_INITIAL, R_INPROGRESS):
        if step_result in (R_ABORTED, R_TIMED_OUT, R_FAILED, R_DEGRADED, R_SUCCESS) or \
                (result == R_INITIAL and step_result == R_INPROGRESS):
            return step_result, step_reason
    elif result == R_SUCCESS:
        if step_result in (R_ABORTED, R_TIMED_OUT, R_FAILED, R_DEGRADED):
            return step_result, step_reason
    elif result == R_DEGRADED:
        if step_result in (R_ABORTED, R_TIMED_OUT, R_FAILED):
            return step_result, step_reason
    return result, reason


def completion_percentage(phase):
    if not phase["inprogress"]:
        return 100
    total = done = 0
    for stage in phase["stages"]:
        for step in stage["steps"]:
            total += 1
            if step["result"] in FINAL_STEP:
                done += 1
    return 100 if total == 0 else (done * 100) // total


def phase_timeout(phase):
    total = sum(stage["timeout"] for stage in phase["stages"][phase["current_stage"]:phase["stop_at_stage"]])
    return total + 1 if total > 0 else 0


# -- document -------------------------------------------------------------------------------------------------
def step_view(step):
    return {"step-id": step["id"], "step-name": step["name"], "timeout": step["timeout"],
            "entity-type": step["entity_type"], "entity-uuids": step["entity_uuids"],
            "entity-names": step["entity_names"], "result": step["result"], "reason": step["result_reason"],
            "start-date-time": step["start_date_time"], "end-date-time": step["end_date_time"]}


def stage_view(stage):
    return {"stage-id": stage["id"], "stage-name": stage["name"], "timeout": stage["timeout"],
            "total-steps": len(stage["steps"]), "current-step": stage["current_step"],
            "steps": [step_view(s) for s in stage["steps"]], "inprogress": stage["inprogress"],
            "result": stage["result"], "reason": stage["result_reason"],
            "start-date-time": stage["start_date_time"], "end-date-time": stage["end_date_time"]}


def phase_view(phase):
    return {"phase-name": phase["name"], "timeout": phase["timeout"], "total-stages": len(phase["stages"]),
            "current-stage": phase["current_stage"], "stop-at-stage": phase["stop_at_stage"],
            "stages": [stage_view(s) for s in phase["stages"]], "inprogress": phase["inprogress"],
            "completion-percentage": completion_percentage(phase), "result": phase["result"],
            "reason": phase["result_reason"], "response": phase["result_response"],
            "start-date-time": phase["start_date_time"], "end-date-time": phase["end_date_time"]}


def strategy_view(strategy, release_as_list=False):
    phases = strategy["phases"]
    current = strategy["current_phase"]
    percentage = completion_percentage(phases[current]) if current in phases else 0
    release = strategy["release"]
    if release_as_list:
        release = [release] if release else []
    return {"uuid": strategy["uuid"], "name": strategy["name"], "release": release,
            "controller-apply-type": strategy["controller_apply_type"],
            "storage-apply-type": strategy["storage_apply_type"],
            "swift-apply-type": strategy["swift_apply_type"],
            "worker-apply-type": strategy["worker_apply_type"],
            "max-parallel-worker-hosts": strategy["max_parallel_worker_hosts"],
            "default-instance-action": strategy["default_instance_action"],
            "alarm-restrictions": strategy["alarm_restrictions"],
            "state": strategy["state"], "current-phase": current,
            "current-phase-completion-percentage": percentage,
            "build-phase": phase_view(phases[PHASE_BUILD]), "apply-phase": phase_view(phases[PHASE_APPLY]),
            "abort-phase": phase_view(phases[PHASE_ABORT])}
