"""USM state machines and the errors USM answers with.

Sources (starlingx/update, software/software/): release_state.py, deploy_state.py, deploy_host_state.py,
states.py, exceptions.py and utils.py ``ExceptionHook``.
"""

import hashlib

from ...http import ApiError

# -- release states (states.py, release_state.py) -----------------------------------------------------------
AVAILABLE = "available"
UNAVAILABLE = "unavailable"
DEPLOYING = "deploying"
DEPLOYED = "deployed"
REMOVING = "removing"
COMMITTED = "committed"
# master only
UPLOADING = "uploading"
UPLOAD_FAILED = "upload-failed"
DEPLOY_SELECTED = "deploy-selected"
REMOVE_SELECTED = "remove-selected"

RELEASE_TRANSITIONS = {
    AVAILABLE: [DEPLOYING, UNAVAILABLE],
    DEPLOYING: [DEPLOYED, AVAILABLE],
    DEPLOYED: [REMOVING, UNAVAILABLE, COMMITTED],
    REMOVING: [AVAILABLE],
    COMMITTED: [],
    UNAVAILABLE: [],
}
MASTER_RELEASE_TRANSITIONS = {
    UPLOADING: [AVAILABLE, UPLOAD_FAILED],
    AVAILABLE: [DEPLOYING, UNAVAILABLE, DEPLOY_SELECTED],
    DEPLOYED: [REMOVING, UNAVAILABLE, COMMITTED, REMOVE_SELECTED],
    DEPLOY_SELECTED: [DEPLOYING, AVAILABLE],
    REMOVE_SELECTED: [REMOVING, DEPLOYED],
}
DELETABLE_STATES = (AVAILABLE, UNAVAILABLE)
# software_release_query_cached: the only values ``show`` filters on
QUERY_STATES = (AVAILABLE, UNAVAILABLE, DEPLOYED, REMOVING, COMMITTED, DEPLOYING)


def release_transitions(api_style):
    table = {k: list(v) for k, v in RELEASE_TRANSITIONS.items()}
    if api_style == "body":
        for state, targets in MASTER_RELEASE_TRANSITIONS.items():
            table[state] = list(dict.fromkeys(table.get(state, []) + targets))
    return table


# -- deployment states (deploy_state.py) ----------------------------------------------------------------------
START = "start"
START_DONE = "start-done"
START_FAILED = "start-failed"
HOST = "host"
HOST_DONE = "host-done"
HOST_FAILED = "host-failed"
HOST_ROLLBACK = "host-rollback"
HOST_ROLLBACK_DONE = "host-rollback-done"
HOST_ROLLBACK_FAILED = "host-rollback-failed"
ACTIVATE = "activate"
ACTIVATE_DONE = "activate-done"
ACTIVATE_FAILED = "activate-failed"
ACTIVATE_ROLLBACK = "activate-rollback"
ACTIVATE_ROLLBACK_DONE = "activate-rollback-done"
ACTIVATE_ROLLBACK_FAILED = "activate-rollback-failed"
ACTIVATE_ROLLBACK_PENDING = "activate-rollback-pending"
COMPLETED = "completed"

DEPLOY_TRANSITIONS = {
    None: [START],
    START: [START_DONE, START_FAILED],
    START_FAILED: [],
    START_DONE: [HOST],
    HOST: [HOST, HOST_FAILED, HOST_DONE, HOST_ROLLBACK],
    HOST_FAILED: [HOST, HOST_FAILED, HOST_DONE, HOST_ROLLBACK],
    HOST_DONE: [ACTIVATE, HOST_ROLLBACK, HOST_FAILED],
    HOST_ROLLBACK: [HOST_ROLLBACK, HOST_ROLLBACK_FAILED, HOST_ROLLBACK_DONE],
    HOST_ROLLBACK_FAILED: [HOST_ROLLBACK, HOST_ROLLBACK_DONE],
    HOST_ROLLBACK_DONE: [],
    ACTIVATE: [ACTIVATE_DONE, ACTIVATE_FAILED],
    ACTIVATE_FAILED: [ACTIVATE, ACTIVATE_ROLLBACK_PENDING],
    ACTIVATE_DONE: [COMPLETED, ACTIVATE_ROLLBACK_PENDING],
    ACTIVATE_ROLLBACK: [ACTIVATE_ROLLBACK_DONE, ACTIVATE_ROLLBACK_FAILED],
    ACTIVATE_ROLLBACK_DONE: [HOST_ROLLBACK],
    ACTIVATE_ROLLBACK_FAILED: [ACTIVATE_ROLLBACK],
    ACTIVATE_ROLLBACK_PENDING: [ACTIVATE_ROLLBACK],
    COMPLETED: [ACTIVATE_ROLLBACK_PENDING, None],
}
DEPLOY_REENTRANT = (START_DONE, ACTIVATE_DONE, ACTIVATE_ROLLBACK_DONE)
# states.py INTERRUPTION_RECOVERY_STATES: set to *-failed when the controller restarts
INTERRUPTION_RECOVERY = (START, HOST, HOST_ROLLBACK, ACTIVATE, ACTIVATE_ROLLBACK)

# -- deploy host states (deploy_host_state.py) ----------------------------------------------------------------
H_PENDING = "pending"
H_DEPLOYING = "deploying"
H_DEPLOYED = "deployed"
H_FAILED = "failed"
H_ROLLBACK_PENDING = "rollback-pending"
H_ROLLBACK_DEPLOYING = "rollback-deploying"
H_ROLLBACK_DEPLOYED = "rollback-deployed"
H_ROLLBACK_FAILED = "rollback-failed"

HOST_TRANSITIONS = {
    H_PENDING: [H_DEPLOYING, H_ROLLBACK_DEPLOYED],
    H_DEPLOYING: [H_DEPLOYED, H_FAILED],
    H_FAILED: [H_DEPLOYING, H_ROLLBACK_DEPLOYED, H_ROLLBACK_PENDING, H_FAILED],
    H_DEPLOYED: [H_ROLLBACK_PENDING, H_FAILED],
    H_ROLLBACK_PENDING: [H_ROLLBACK_DEPLOYING],
    H_ROLLBACK_DEPLOYING: [H_ROLLBACK_DEPLOYED, H_ROLLBACK_FAILED],
    H_ROLLBACK_FAILED: [H_ROLLBACK_DEPLOYING],
    H_ROLLBACK_DEPLOYED: [],
}
HOST_REENTRANT = (H_ROLLBACK_FAILED, H_FAILED)


def deploy_transition_allowed(current, target):
    if target in DEPLOY_TRANSITIONS[current]:
        return True
    return target == current and current in DEPLOY_REENTRANT


def host_transition_allowed(current, target):
    if target in HOST_TRANSITIONS.get(current, []):
        return True
    return target == current and current in HOST_REENTRANT


def roll_up(deploy_state, host_states):
    """The deployment state implied by the host rows (DeployState.host_deploy_updated), or None for no change.

    Applies while the deployment is in host, host-failed, host-rollback or host-rollback-failed; first match wins.
    """
    if deploy_state not in (HOST, HOST_FAILED, HOST_ROLLBACK, HOST_ROLLBACK_FAILED):
        return None
    states = set(host_states)
    rollback = deploy_state in (HOST_ROLLBACK, HOST_ROLLBACK_FAILED)
    if states & {H_FAILED, H_ROLLBACK_FAILED}:
        # deploy_host_failed(): host-rollback -> host-rollback-failed; already failed states stay
        if deploy_state == HOST_ROLLBACK:
            return HOST_ROLLBACK_FAILED
        if deploy_state in (HOST_ROLLBACK_FAILED, HOST_FAILED):
            return None
        return HOST_FAILED
    if states & {H_PENDING, H_DEPLOYING, H_ROLLBACK_PENDING, H_ROLLBACK_DEPLOYING}:
        return HOST_ROLLBACK if rollback else HOST
    if states == {H_DEPLOYED} or states == {H_ROLLBACK_DEPLOYED}:
        # deploy_host_done(): host-rollback -> host-rollback-done, anything else -> host-done
        return HOST_ROLLBACK_DONE if deploy_state == HOST_ROLLBACK else HOST_DONE
    return None


# -- errors (exceptions.py + utils.py ExceptionHook) --------------------------------------------------------
class UsmError(ApiError):
    """An answer in USM's ``{"info", "warning", "error"}`` envelope with any status."""

    def __init__(self, status, info="", warning="", error=""):
        super().__init__(status, error or info)
        self.body = {"info": info or "", "warning": warning or "", "error": error or ""}


def service_error(info="", warning="", error="", **fields):
    """SoftwareServiceError (406). Built positionally in many places, so the text may land in ``info``."""
    err = UsmError(406, info=info, warning=warning, error=error)
    err.body.update(fields)
    return err


def invalid_operation(message):
    """InvalidOperation: a SoftwareServiceError with ``error`` set (406)."""
    return UsmError(406, error=message)


def software_error(message):
    """SoftwareError family (406, ``error=str(e)``)."""
    return UsmError(406, error=message)


def client_error(status, message):
    """A webob HTTPClientError (its own status, the message in ``error``)."""
    return UsmError(status, error=message)


def internal_error(where):
    """Anything else: 500 with a stack signature (8 hex digits of shake_128 of the trace; here of ``where``)."""
    signature = hashlib.shake_128(("usm:" + where).encode()).hexdigest(4)
    return UsmError(500, error="Internal error occurred. Error signature [%s]" % signature)
