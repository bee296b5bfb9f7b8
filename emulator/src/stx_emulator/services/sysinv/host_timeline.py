"""The timed part of host maintenance: what mtce, the VIM and the host itself do after sysinv accepted an action.

Every operation is a list of phases ``(nominal_seconds_before_the_phase, phase)``; one timer
(``sysinv.host.phase``) runs one phase and schedules the next, so a restart resumes an operation at its next
phase. A host carries ``_op`` (operation), ``_op_token`` (a new token per operation: timers of a superseded
operation are ignored) and ``_op_index`` (next phase).

Nominal durations (seconds; multiplied by ``--time-scale``), chosen from what a virtual lab shows:
  lock 15 · force-lock 5 (+150 reboot) · unlock 10 accept + 150 reboot + 150 boot + 90 test = 400 (6.7 min) ·
  swact 90 · reboot/reset 215 · install/reinstall ~ 11.5 min · PXE discovery 60 s after the first controller
  enables, then one machine every 30 s · VIM host delete 10.
"""

import uuid as uuidlib

from ...clock import timer_action
from . import inventory

OPERATIONS = {
    "lock": [(15, "locked")],
    "force-lock": [(5, "reset"), (150, "online")],
    "unlock": [(10, "rebooting"), (150, "booting"), (150, "testing"), (90, "enabled")],
    "swact": [(90, "swacted")],
    "reboot": [(5, "offline"), (150, "booting"), (60, "online")],
    "reset": [(5, "offline"), (150, "booting"), (60, "online")],
    "reinstall": [(5, "reinstalling"), (60, "preinstall"), (240, "installing"), (240, "postinstall"),
                  (60, "install_booting"), (120, "installed")],
    "install": [(30, "preinstall"), (240, "installing"), (240, "postinstall"), (60, "install_booting"),
                (120, "installed")],
    "power-off": [(10, "powered_off")],
    "power-on": [(150, "online")],
}
ACTION_OPS = {"lock": "lock", "force-lock": "force-lock", "force-unsafe-lock": "force-lock", "unlock": "unlock",
              "swact": "swact", "force-swact": "swact", "reboot": "reboot", "reset": "reset",
              "reinstall": "reinstall", "power-off": "power-off", "power-on": "power-on"}
DISCOVERY_DELAY = 60
DISCOVERY_INTERVAL = 30
VIM_DELETE_DELAY = 10
CONFIG_FAILED_TASK = "Configuration Failed, threshold reached, Lock/Unlock to retry"


def _name(host):
    return host.get("hostname") or host["uuid"]


def _has_machine(emulator, host):
    return inventory.machine_of(emulator, host) is not None


def start(emulator, scope, host, op):
    """Begin ``op`` on ``host`` (superseding any operation in progress)."""
    emulator.scheduler.cancel("sysinv.host.phase", scope=scope.name, host=host["uuid"])
    host["_op"] = op
    host["_op_token"] = uuidlib.uuid4().hex
    _schedule(emulator, scope, host, 0)
    scope.save("ihost", host, touch=False)


def start_action(emulator, scope, host, action):
    op = ACTION_OPS.get(action)
    if op is not None:
        start(emulator, scope, host, op)


def _schedule(emulator, scope, host, index, delay=None):
    host["_op_index"] = index
    nominal = OPERATIONS[host["_op"]][index][0] if delay is None else delay
    emulator.scheduler.schedule(nominal, "sysinv.host.phase", scope=scope.name, host=host["uuid"],
                                op=host["_op"], index=index, token=host["_op_token"])


def _finish(host):
    host["_op"] = host["_op_token"] = host["_op_index"] = None


@timer_action("sysinv.host.phase")
def run_phase(emulator, scope, host, op, index, token):
    sc = emulator.store.scope(scope)
    rec = sc.get("ihost", host)
    if rec is None or rec.get("_op_token") != token:
        return  # the host is gone or another operation took over
    phase = OPERATIONS[op][index][1]
    emulator.faults.crash_point("sysinv.host.%s.%s" % (op, phase), host=_name(rec))
    carry_on = PHASES[phase](emulator, sc, rec)
    if carry_on is False or index + 1 >= len(OPERATIONS[op]):
        _finish(rec)
    else:
        _schedule(emulator, sc, rec, index + 1)
    sc.save("ihost", rec)


# -- phases ---------------------------------------------------------------------------------------------------
def _subfunctions(host, oper, avail):
    host["subfunction_oper"] = oper
    host["subfunction_avail"] = avail


def _phase_locked(emulator, scope, host):
    if emulator.faults.should_fail("sysinv.host.lock", host=_name(host)):
        host.update(task="", ihost_action="", vim_progress_status="services-disable-failed")
        return False
    avail = "online" if host.get("availability") != "offline" or _has_machine(emulator, host) else "offline"
    host.update(administrative="locked", operational="disabled", availability=avail, task="", ihost_action="",
                vim_progress_status="services-disabled")
    _subfunctions(host, "disabled", avail)
    return True


def _phase_reset(emulator, scope, host):
    host.update(administrative="locked", operational="disabled", availability="offline", task="",
                ihost_action="", vim_progress_status="services-disabled")
    _subfunctions(host, "disabled", "offline")
    return True


def _phase_online(emulator, scope, host):
    if _has_machine(emulator, host):
        host["availability"] = "online"
        _subfunctions(host, "disabled", "online")
    host["task"] = ""
    return True


def _phase_offline(emulator, scope, host):
    host.update(availability="offline", operational="disabled", task=host.get("task") or "Rebooting")
    _subfunctions(host, "disabled", "offline")
    return True


def _phase_booting(emulator, scope, host):
    host["task"] = "Booting"
    return True


def _phase_rebooting(emulator, scope, host):
    """mtce accepted the unlock: administratively unlocked, the host reboots (with a new config target, which
    the boot applies; see hostconfig.py)."""
    from . import hostconfig

    updates = {"administrative": "unlocked", "operational": "disabled", "availability": "offline",
               "task": "Rebooting", "vim_progress_status": None, "uptime": 0,
               "config_target": host.get("config_target")}
    if host.get("invprovision") in ("unprovisioned", None):
        updates["invprovision"] = "provisioning"
    if not updates["config_target"] or host.get("config_applied") == updates["config_target"]:
        updates["config_target"] = hostconfig.clear_reboot_required(str(uuidlib.uuid4()))
    host.update(updates)
    _subfunctions(host, "disabled", "offline")
    return True


def _phase_testing(emulator, scope, host):
    if emulator.faults.should_fail("sysinv.host.unlock", host=_name(host)):
        host.update(availability="failed", operational="disabled", task=CONFIG_FAILED_TASK, ihost_action="")
        _subfunctions(host, "disabled", "failed")
        return False
    host.update(availability="intest", task="Testing")
    _subfunctions(host, "disabled", "intest")
    return True


def _phase_enabled(emulator, scope, host):
    from . import hostconfig

    updates = {"operational": "enabled", "availability": "available", "task": "", "ihost_action": "",
               "vim_progress_status": "services-enabled"}
    if host.get("invprovision") in ("upgrading", "provisioning", "unprovisioned"):
        updates["invprovision"] = "provisioned"
    host.update(updates)
    _subfunctions(host, "enabled", "available")
    hostconfig.apply_on_unlock(scope, host)
    enabled(emulator, scope, host)
    return True


def _phase_swacted(emulator, scope, host):
    host["task"] = ""
    if emulator.faults.should_fail("sysinv.host.swact", host=_name(host)):
        return False
    peers = [c for c in scope.all("ihost", personality="controller")
             if c["uuid"] != host["uuid"] and c.get("administrative") == "unlocked"
             and c.get("availability") in ("available", "degraded")]
    if not peers:
        return False
    host["_active"] = False
    peers[0]["_active"] = True
    scope.save("ihost", peers[0])
    return True


def _phase_reinstalling(emulator, scope, host):
    host.update(availability="offline", operational="disabled", install_state=None, install_state_info=None)
    _subfunctions(host, "disabled", "offline")
    return True


def _phase_preinstall(emulator, scope, host):
    host.update(install_state="preinstall", install_state_info=None, action_state="reinstalling")
    return True


def _phase_installing(emulator, scope, host):
    if emulator.faults.should_fail("sysinv.host.install", host=_name(host)):
        host.update(install_state="failed", install_state_info=None, task="")
        return False
    host.update(install_state="installing", install_state_info="512/1024")
    return True


def _phase_postinstall(emulator, scope, host):
    host.update(install_state="postinstall", install_state_info=None)
    return True


def _phase_install_booting(emulator, scope, host):
    host.update(install_state="booting", install_state_info=None)  # sysinv turns "installed" into "booting"
    return True


def _phase_installed(emulator, scope, host):
    host.update(install_state="completed", action_state="reinstalled", task="")
    agent_reported(emulator, scope, host)
    return True


def agent_reported(emulator, scope, host, active=False):
    """The host's agent and mtce report in: online and inventoried (ports, disks, interfaces)."""
    host.update(availability="online", inv_state="inventoried")
    _subfunctions(host, "disabled", "online")
    scope.save("ihost", host)
    inventory.inventory_host(emulator, scope, host, active=active)


def _phase_powered_off(emulator, scope, host):
    host.update(availability="power-off", operational="disabled", task="")
    _subfunctions(host, "disabled", "power-off")
    return True


PHASES = {
    "locked": _phase_locked, "reset": _phase_reset, "online": _phase_online, "offline": _phase_offline,
    "booting": _phase_booting, "rebooting": _phase_rebooting, "testing": _phase_testing,
    "enabled": _phase_enabled, "swacted": _phase_swacted, "reinstalling": _phase_reinstalling,
    "preinstall": _phase_preinstall, "installing": _phase_installing, "postinstall": _phase_postinstall,
    "install_booting": _phase_install_booting, "installed": _phase_installed,
    "powered_off": _phase_powered_off,
}


# -- after a host enables: initial config, PXE boot of the other machines -------------------------------------
def enabled(emulator, scope, host):
    from . import netstate

    if host.get("personality") != "controller":
        return
    if not netstate.platform_flag(scope, netstate.INITIAL_CONFIG_FLAG):
        netstate.set_platform_flag(scope, netstate.INITIAL_CONFIG_FLAG)  # controller_config's flag file
    boot_pending_hosts(emulator, scope)


def boot_pending_hosts(emulator, scope):
    """Machines of the hardware plan PXE-boot from the enabled controller: unknown ones get discovered, ones
    already added (host-add with their MAC) start installing."""
    from .hosts import host_for_machine

    if scope.name != "main":
        return
    delay = DISCOVERY_DELAY
    for entry in emulator.store.setting("hardware") or []:
        host = host_for_machine(scope, entry["mgmt_mac"])
        if host is None:
            if not emulator.scheduler.pending("sysinv.host.discover", scope=scope.name, mac=entry["mgmt_mac"]):
                emulator.scheduler.schedule(delay, "sysinv.host.discover", scope=scope.name, mac=entry["mgmt_mac"])
                delay += DISCOVERY_INTERVAL
        elif host.get("personality") and host.get("action_state") == "reinstalling" \
                and host.get("install_state") is None and not host.get("_op"):
            start(emulator, scope, host, "install")


@timer_action("sysinv.host.discover")
def discover(emulator, scope, mac):
    from .hosts import host_for_machine, new_host_record

    sc = emulator.store.scope(scope)
    if host_for_machine(sc, mac) is not None:
        return
    plan = inventory.plan_for_mac(emulator, mac)
    emulator.faults.crash_point("sysinv.host.discover", host=mac)
    new_host_record(emulator, sc, {"hostname": None, "personality": None, "mgmt_mac": mac.lower(),
                                   "invprovision": "unprovisioned", "boot_device": plan and plan["boot_device"],
                                   "rootfs_device": plan and plan["rootfs_device"], "_machine": mac.lower()})


def schedule_vim_delete(emulator, scope, host):
    emulator.scheduler.schedule(VIM_DELETE_DELAY, "sysinv.host.vim_delete", scope=scope.name, host=host["uuid"])


@timer_action("sysinv.host.vim_delete")
def vim_delete(emulator, scope, host):
    from .hosts import remove_host

    sc = emulator.store.scope(scope)
    rec = sc.get("ihost", host)
    if rec is not None:
        remove_host(sc, rec)


def on_restart(emulator, scope):
    """Timers survive a restart; reschedule the next phase of an operation whose timer is missing."""
    for host in scope.all("ihost"):
        if not host.get("_op"):
            continue
        if emulator.scheduler.pending("sysinv.host.phase", scope=scope.name, host=host["uuid"],
                                      token=host["_op_token"]):
            continue
        index = host.get("_op_index") or 0
        if index >= len(OPERATIONS.get(host["_op"], ())):
            _finish(host)
        else:
            _schedule(emulator, scope, host, index, delay=0)
        scope.save("ihost", host, touch=False)
