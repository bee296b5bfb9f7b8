"""``--deployed``: every host of the topology provisioned the way the StarlingX install guides do it.

:func:`provision_all` runs after :func:`stx_emulator.bootstrap.bootstrap` and goes through the same functions
as the API (hosts.patch_host / unlock, networking's interface functions), with time stopped at scale 0 so
that each unlock, PXE discovery and install completes at once:

- controller-0: OAM on its first NIC (enp0s3); on AIO-SX mgmt and cluster-host stay on ``lo``; on AIO-DX and
  Standard ``lo`` loses its networks and class, and the boot NIC (enp0s8) gets mgmt and cluster-host;
  then unlock -> unlocked/enabled/available, Controller-Active.
- the other machines PXE-boot and appear; each gets its personality (and hostname for workers and storage),
  installs, and comes online with ``mgmt0`` (mgmt) on its boot NIC; controller-1 gets OAM on enp0s3 and
  cluster-host on mgmt0, workers and storage hosts cluster-host on mgmt0; then unlock.
- standard-storage: a ceph storage backend (``storage-backend-add ceph --confirmed``) before the storage
  hosts, and one OSD (``istor`` on /dev/sdb) per storage host before its unlock.

Platform applications are applied by bootstrap already.
"""

from ...http import ApiError
from . import hosts, inventory, networking, storage

OAM_PORT = "enp0s3"


def drain(emulator, limit=100000):
    """Run every pending timer, and whatever they schedule, until none is left."""
    import time

    for _ in range(limit):
        timers = emulator.scheduler.pending()
        if not timers:
            return
        now = time.time()
        for timer in timers:
            timer["due"] = min(timer["due"], now)
        emulator.run_due()
    raise RuntimeError("provisioning did not settle")


def _interface(scope, host, ifname):
    for iface, _types in hosts.interface_network_types(scope, host):
        if iface.get("ifname") == ifname:
            return iface
    raise RuntimeError("%s has no interface %s" % (host.get("hostname"), ifname))


def _assign(scope, host, ifname, network_type):
    iface = _interface(scope, host, ifname)
    if iface.get("ifclass") in (None, "none"):  # host-if-modify <host> <if> -c platform
        networking.update_interface(scope, iface, [{"op": "replace", "path": "/ifclass", "value": "platform"}])
        iface = _interface(scope, host, ifname)
    networking.assign_interface_network(scope, iface, scope.first("network", type=network_type))


def _port_interface_name(emulator, host, index):
    plan = inventory.machine_of(emulator, host)
    return plan["ports"][index]["name"]


def configure_controller_0(emulator, scope, host):
    _assign(scope, host, OAM_PORT, "oam")
    if hosts.is_simplex(scope):
        return
    lo = _interface(scope, host, "lo")
    for link in scope.all("interface_network", interface_id=lo["id"]):
        networking.delete_assignment(scope, link)
    networking.update_interface(scope, _interface(scope, host, "lo"),
                                [{"op": "replace", "path": "/ifclass", "value": "none"}])
    mgmt_port = _port_interface_name(emulator, host, 1)
    _assign(scope, host, mgmt_port, "mgmt")
    _assign(scope, host, mgmt_port, "cluster-host")


def _add_osd(scope, host, device_node="/dev/sdb"):
    """``host-stor-add <host> <uuid of /dev/sdb>``."""
    disk = [d for d in scope.all("idisk", ihost_uuid=host["uuid"]) if d.get("device_node") == device_node]
    if disk and not scope.all(storage.STOR, ihost_uuid=host["uuid"]):
        storage.add_stor(scope, host, disk[0]["uuid"])


def _provision(emulator, scope, entry):
    host = hosts.host_for_machine(scope, entry["mgmt_mac"])
    if host is None:
        raise RuntimeError("%s did not PXE boot" % entry["hostname"])
    personality = entry["personality"]
    patch = [{"op": "replace", "path": "/personality", "value": personality}]
    if personality in (hosts.WORKER, hosts.STORAGE):
        patch.append({"op": "replace", "path": "/hostname", "value": entry["hostname"]})
    hosts.patch_host(emulator, scope, host, patch)
    drain(emulator)  # install -> online, inventoried
    if personality == hosts.CONTROLLER:
        _assign(scope, host, OAM_PORT, "oam")
    _assign(scope, host, "mgmt0", "cluster-host")
    if personality == hosts.STORAGE:
        _add_osd(scope, host)
    hosts.unlock(emulator, scope, host)
    drain(emulator)
    return host


def provision_all(emulator):
    """Provision, unlock and enable every host of the topology's hardware plan (``--deployed``)."""
    scope = emulator.scope("main")
    clock = emulator.clock
    saved = clock.time_scale
    clock.time_scale = 0.0
    try:
        controller_0 = hosts.find_host(scope, hosts.CONTROLLER_0)
        configure_controller_0(emulator, scope, controller_0)
        hosts.unlock(emulator, scope, controller_0)
        drain(emulator)  # unlock -> enabled; the other machines PXE-boot and appear
        plan = emulator.store.setting("hardware") or []
        if any(entry["personality"] == hosts.STORAGE for entry in plan):
            if storage.ceph_backend(scope) is None:  # storage-backend-add ceph --confirmed
                storage.add_ceph_backend(scope, {"confirmed": True})
        for entry in plan[1:]:
            _provision(emulator, scope, entry)
    except ApiError as exc:  # a provisioning step the API refused: a bug in the emulator, not user input
        raise RuntimeError("provisioning failed: %s" % exc.message)
    finally:
        clock.time_scale = saved
    return [hosts.host_view(h, scope, expand=False) for h in scope.all(hosts.KIND)]
