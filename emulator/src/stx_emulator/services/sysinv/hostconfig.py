"""Host configuration targets: ``config_target``, ``config_applied`` and ``config_status`` of ihosts.

The real conductor (conductor/manager.py ``_config_update_hosts``, ``_update_host_config_target``,
``_config_apply_runtime_manifest``) gives every affected host a new config uuid; bit 127 of the uuid marks a
change that needs a reboot (``CONFIG_REBOOT_REQUIRED``). A runtime manifest makes the agent of an unlocked
host report the uuid as applied (the emulator applies it at once); a reboot-required target stays out of
date until the host is locked and unlocked. After initial configuration a host whose target differs from
what it applied shows ``config_status`` "Config out-of-date" (and alarm 250.001).

Used by: networking (OAM, mgmt secondary pool, storage, rate limits, admin); hosts.py calls
:func:`apply_on_unlock` when an unlock completes.

Differences from the real service: runtime manifests apply at once (no agent round trip, no failure), the
250.001 alarm is not raised (fm is not emulated), and only the RPCs the networking API casts are modelled.
"""

import uuid as uuidlib

from . import netstate

CONFIG_REBOOT_REQUIRED = 1 << 127
CONFIG_STATUS_OUT_OF_DATE = "Config out-of-date"


def is_reboot_required(config_uuid):
    try:
        return bool(int(uuidlib.UUID(str(config_uuid))) & CONFIG_REBOOT_REQUIRED)
    except (TypeError, ValueError):
        return False


def set_reboot_required(config_uuid):
    return str(uuidlib.UUID(int=int(uuidlib.UUID(str(config_uuid))) | CONFIG_REBOOT_REQUIRED))


def clear_reboot_required(config_uuid):
    return str(uuidlib.UUID(int=int(uuidlib.UUID(str(config_uuid))) & ~CONFIG_REBOOT_REQUIRED))


def out_of_date(host):
    target = host.get("config_target")
    return bool(target) and target != host.get("config_applied")


def refresh_status(scope, host):
    """_update_alarm_status: the status only shows after initial configuration."""
    if out_of_date(host) and netstate.initial_config_complete(scope):
        status = CONFIG_STATUS_OUT_OF_DATE
    else:
        status = None
    if host.get("config_status") != "Reinstall required":
        host["config_status"] = status


def config_update(scope, personalities, host_uuids=None, reboot=False, runtime=False):
    """conductor _config_update_hosts (+ _config_apply_runtime_manifest when ``runtime``).

    Returns the new config uuid. ``runtime``: the agents of unlocked hosts apply it (at once in the emulator).
    """
    config_uuid = str(uuidlib.uuid4())
    config_uuid = set_reboot_required(config_uuid) if reboot else clear_reboot_required(config_uuid)
    for host in netstate.hosts(scope):
        if host.get("personality") not in personalities:
            continue
        if host_uuids and host["uuid"] not in host_uuids:
            continue
        target = config_uuid
        if out_of_date(host) and is_reboot_required(host.get("config_target")):
            target = set_reboot_required(target)  # a pending reboot-required change is inherited
        host["config_target"] = target
        refresh_status(scope, host)
        if runtime and host.get("administrative") == "unlocked":
            _runtime_apply(scope, host, target)
        scope.save("ihost", host)
    return config_uuid


def _runtime_apply(scope, host, config_uuid):
    """The agent applies the runtime manifest and reports it (emulated at once; a reboot-required target
    stays out of date)."""
    if is_reboot_required(config_uuid):
        return
    host["config_applied"] = config_uuid
    refresh_status(scope, host)


def apply_on_unlock(scope, host):
    """An unlock (reboot) applies everything: applied = target, status cleared. Called by hosts.py."""
    if host.get("config_target"):
        host["config_applied"] = host["config_target"]
    refresh_status(scope, host)
    if netstate.is_simplex(scope) and host.get("personality") == netstate.CONTROLLER:
        netstate.set_platform_flag(scope, netstate.MGMT_RECONFIG_FLAG, False)
    scope.save("ihost", host)


# -- the conductor RPCs the networking API casts (conductor/manager.py) ---------------------------------------
def update_oam_config(scope):
    """update_oam_config: runtime manifests on the controllers; on anything but a simplex controller (or while
    a simplex mgmt reconfiguration is pending) the change is reboot-required: "Config out-of-date"."""
    config_update(scope, [netstate.CONTROLLER], runtime=True)
    if not netstate.is_simplex(scope) or netstate.mgmt_reconfig_ongoing(scope):
        config_update(scope, [netstate.CONTROLLER], reboot=True)


def update_mgmt_config(scope):
    """update_mgmt_config (AIO-SX mgmt reconfiguration): a runtime manifest on the (locked) controller."""
    config_update(scope, [netstate.CONTROLLER], runtime=True)


def update_mgmt_secondary_pool_config(scope):
    """update_mgmt_secondary_pool_config: runtime network config, then reboot-required on every host."""
    personalities = [netstate.CONTROLLER, netstate.WORKER, netstate.STORAGE_PERSONALITY]
    config_update(scope, personalities, runtime=True)
    config_update(scope, personalities, reboot=True)


def update_storage_net_config(scope):
    config_update(scope, [netstate.CONTROLLER, netstate.WORKER], runtime=True)


def update_kubernetes_dual_stack_config(scope):
    config_update(scope, [netstate.CONTROLLER, netstate.WORKER], runtime=True)


def update_platform_ratelimit_config(scope, host):
    config_update(scope, [netstate.CONTROLLER, netstate.WORKER], host_uuids=[host["uuid"]], runtime=True)


def update_admin_config(scope, host):
    runtime = not netstate.mgmt_reconfig_ongoing(scope) and not netstate.migrating_to_duplex(scope)
    config_update(scope, [netstate.CONTROLLER], host_uuids=[host["uuid"]], runtime=runtime)

