"""Topology presets: the hosts of a system and their hardware, and the initial state of a new emulator.

``--fresh``: controller-0 is installed but not bootstrapped; no service listens until ``stx-emulator
bootstrap``. The other hosts of the topology PXE-boot once controller-0 is unlocked and available, and appear
in sysinv with no personality (see services/sysinv/hosts.py).
``--deployed``: bootstrapped with the default overrides and every host provisioned, unlocked and available.
"""

from .profiles import DEFAULT_PROFILE, profile

TOPOLOGIES = ("aio-sx", "aio-dx", "standard")

# Which hosts each topology has, in the order StarlingX installs them.
HOSTS = {
    "aio-sx": [("controller-0", "controller")],
    "aio-dx": [("controller-0", "controller"), ("controller-1", "controller")],
    "standard": [("controller-0", "controller"), ("controller-1", "controller"),
                 ("worker-0", "worker"), ("worker-1", "worker")],
    "standard-storage": [("controller-0", "controller"), ("controller-1", "controller"),
                         ("storage-0", "storage"), ("storage-1", "storage"),
                         ("worker-0", "worker"), ("worker-1", "worker")],
}


def _mac(index, port):
    return "08:00:27:%02x:%02x:%02x" % (0x10 + index, 0x20, port)


def hardware(index, hostname, personality):
    """Ports, disks, memory and CPUs of one emulated server (VirtualBox-like NICs and disks)."""
    ports = []
    for n, (name, pci) in enumerate((("enp0s3", "0000:00:03.0"), ("enp0s8", "0000:00:08.0"),
                                     ("enp0s9", "0000:00:09.0"), ("enp0s10", "0000:00:0a.0"))):
        ports.append({"name": name, "mac": _mac(index, n), "pciaddr": pci, "speed": 10000, "driver": "e1000",
                      "numa_node": 0, "pdevice": "82540EM Gigabit Ethernet Controller",
                      "pvendor": "Intel Corporation"})
    disks = [
        {"device_node": "/dev/sda", "device_path": "/dev/disk/by-path/pci-0000:00:0d.0-ata-1.0",
         "size_mib": 512000, "device_type": "SSD", "rpm": "Undetermined", "serial_id": "VB%08x" % (index * 16 + 1)},
        {"device_node": "/dev/sdb", "device_path": "/dev/disk/by-path/pci-0000:00:0d.0-ata-2.0",
         "size_mib": 204800, "device_type": "SSD", "rpm": "Undetermined", "serial_id": "VB%08x" % (index * 16 + 2)},
    ]
    return {
        "hostname": hostname,
        "personality": personality,
        "mgmt_mac": ports[1]["mac"] if personality != "controller" or index else ports[1]["mac"],
        "ports": ports,
        "disks": disks,
        "memory_mib": 32768 if personality != "worker" else 65536,
        "cpus": 8,
        "boot_device": "/dev/disk/by-path/pci-0000:00:0d.0-ata-1.0",
        "rootfs_device": "/dev/disk/by-path/pci-0000:00:0d.0-ata-1.0",
        "bm_type": "none",
    }


def host_plan(topology):
    return [hardware(i, name, personality) for i, (name, personality) in enumerate(HOSTS[topology])]


def initialise(emulator, topology, fresh, release_profile=DEFAULT_PROFILE):
    if topology not in HOSTS:
        raise ValueError("topology must be one of %s, not %r" % (", ".join(HOSTS), topology))
    prof = profile(release_profile)
    store = emulator.store
    store.set_setting("topology", topology)
    store.set_setting("fresh", bool(fresh))
    store.set_setting("release_profile", release_profile)
    store.set_setting("sw_version", prof["sw_version"])
    store.set_setting("hardware", host_plan(topology))
    store.set_setting("bootstrapped", False)
    if not fresh:
        from .bootstrap import bootstrap, default_overrides
        from .services.sysinv.provision import provision_all

        bootstrap(emulator, default_overrides(topology))
        provision_all(emulator)
