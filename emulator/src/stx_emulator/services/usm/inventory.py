"""What USM and VIM need from sysinv's host inventory.

Reads and every host action go through services/sysinv/hosts.py (``find_host``, ``lock``, ``unlock``, ``swact``,
``active_controller``, ``is_simplex``, ``system``), the same functions sysinv's HTTP handlers use, so a lock
requested by the VIM behaves exactly like ``system host-lock``.
"""

import importlib

from ...http import ApiError

IHOST = "ihost"


def _hosts():
    return importlib.import_module("stx_emulator.services.sysinv.hosts")


def hosts(scope):
    """Every provisioned host (a personality and a hostname), sorted by id."""
    return [h for h in scope.all(IHOST) if h.get("hostname") and h.get("personality")]


def find_host(scope, name):
    """The host record, or None (sysinv's lookup raises its 404)."""
    try:
        return _hosts().find_host(scope, name)
    except ApiError:
        return None


def system(scope):
    return _hosts().system(scope)


def is_simplex(scope):
    return bool(_hosts().is_simplex(scope))


def is_system_controller(scope):
    system_ = system(scope) or {}
    return system_.get("distributed_cloud_role") == "systemcontroller"


def active_controller(scope):
    """Hostname of the active controller (the host USM's API runs on), or None."""
    active = _hosts().active_controller(scope)
    if isinstance(active, dict):
        return active.get("hostname")
    return active


def is_aio(host):
    return "worker" in (host.get("subfunctions") or "") and host.get("personality") == "controller"


def lock(emulator, scope, host, force=False):
    return _hosts().lock(emulator, scope, host, force=force)


def unlock(emulator, scope, host):
    return _hosts().unlock(emulator, scope, host)


def swact(emulator, scope, host):
    return _hosts().swact(emulator, scope, host)


def reboot(emulator, scope, host):
    return _hosts().reboot(emulator, scope, host)


def is_locked(host):
    return host.get("administrative") == "locked"


def is_unlocked_available(host):
    """sysinv_utils.are_all_hosts_unlocked_and_online: unlocked and available or degraded."""
    return host.get("administrative") == "unlocked" and host.get("availability") in ("available", "degraded")


def is_locked_online(host):
    """sysinv_utils.is_host_locked_and_online."""
    return host.get("administrative") == "locked" and host.get("availability") == "online"
