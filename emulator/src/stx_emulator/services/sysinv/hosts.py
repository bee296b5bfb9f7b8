"""sysinv ``ihosts``: the hosts of a system, their provisioning and their maintenance actions.

Source: starlingx/config ``sysinv/api/controllers/v1/host.py`` (``Host`` fields and links, ``_do_post``,
``_patch``, ``action_check``, ``check_lock*``, ``check_unlock*``, ``check_swact``, ``check_provisioning``,
``delete``), ``objects/host.py`` (stored fields), ``common/constants.py`` (actions, tasks, states), and the
conductor's ``iport_update_by_ihost`` (interfaces created at inventory; see inventory.py).

Routes
  ``GET /v1/ihosts[?personality=]`` (key ``ihosts``, paginated), ``GET /v1/ihosts/detail``,
  ``POST /v1/ihosts`` (host-add), ``GET|PATCH|DELETE /v1/ihosts/{id}`` (``{id}``: integer id, uuid or hostname),
  ``GET /v1/ihosts/{mac}/mgmt_ip``, and the inventory sub-collections of inventory.py (``ethernet_ports``,
  ``idisks``). ``POST /v1/ihosts/{uuid}/update_mgmt_ipsec_state`` is ipsec.py's (registered by apps.py).

Interface for the other services (stable; all take the ``Scope`` of the system)
  ``find_host(scope, ident)``            host record by id, uuid or hostname; ApiError 404 "Server X could not be
                                         found." otherwise.
  ``lock(emulator, scope, host, force=False)``, ``unlock(...)``, ``swact(...)``, ``reboot(emulator, scope,
  host)``, ``reinstall(...)``, ``host_action(emulator, scope, host, action, user_agent="")``
                                         validate exactly as ``PATCH /action`` does (raise ApiError with
                                         sysinv's text), stage the action and schedule its progress
                                         (host_timeline.py); return the host record.
  ``patch_host(emulator, scope, host, patch, user_agent="")``  the whole PATCH logic.
  ``add_host(emulator, scope, fields, user_agent="")``          the whole POST logic.
  ``delete_host(emulator, scope, host, user_agent="")``        the whole DELETE logic.
  ``active_controller(scope)``, ``is_active_controller(scope, host)``, ``is_simplex(scope)``,
  ``system(scope)`` (the isystem record), ``host_view(host, scope=None, base="", expand=True)`` (the API
  representation), ``interface_network_types(scope, host=None)`` ((interface, {network types}) pairs),
  ``host_for_machine(scope, mac)`` (the host running on a machine of the hardware plan).
  Stored hosts carry internal keys (never shown): ``_active`` (the active controller), ``_machine`` (boot MAC
  of the machine in the hardware plan) and ``_op``/``_op_token``/``_op_index`` (operation in progress).

State machine (durations in host_timeline.py; progress runs on timers, scaled by ``--time-scale``)
  lock:   Locking -> locked/disabled/online.   force-lock: -> locked/disabled/offline (reset) -> online.
  unlock: Unlocking -> unlocked/disabled/offline "Rebooting" -> "Booting" -> intest "Testing" ->
          unlocked/enabled/available (invprovision provisioned). AIO-SX unlock reboots too.
  swact:  Swacting -> Personality Controller-Active/Standby flipped.
  reboot/reset (locked): offline -> online. reinstall (locked): offline -> install states -> online.
  PXE: once a controller is unlocked-enabled, each other machine of the topology's hardware plan boots and
  appears as an unprovisioned host (personality/hostname None, offline); a ``/personality`` (+``/hostname``)
  patch or a host-add with its mgmt_mac makes it install (install_state preinstall -> installing ->
  postinstall -> booting -> completed), after which it is online and inventoried, ready to unlock.

Restart: progress timers are stored with the state, so an action in progress when the emulator stops
resumes at its next phase on restart (an overdue phase runs at once). A host whose operation lost its timer
(cannot happen through the API) gets the next phase rescheduled by ``on_restart``.

Fault points (``--fault fail:point=...,host=NAME`` / ``crash:point=...``)
  fail:  ``sysinv.host.lock`` (VIM rejects: host stays unlocked), ``sysinv.host.unlock`` (enable fails: host
         unlocked/disabled/failed), ``sysinv.host.swact`` (swact does not happen), ``sysinv.host.install``
         (install_state failed; unlock then refused).
  crash: ``sysinv.host.<op>.<phase>`` before each phase commits (op/phases in host_timeline.OPERATIONS), e.g.
         ``sysinv.host.unlock.rebooting|booting|testing|enabled``, ``sysinv.host.lock.locked``,
         ``sysinv.host.swact.swacted``, ``sysinv.host.install.installing``; ``sysinv.host.discover`` (PXE boot).

Differences from the real service
- Maintenance (mtce), VIM and sm are not separate: their part of each action is the timed phases; the
  sm pre-checks are reduced to: a swact must come from the active controller and needs a standby peer
  (message text is the emulator's own).
- Memory, CPU, storage (OSD/monitor), PTP, kubernetes-upgrade and device checks of unlock are not modelled;
  storage hosts need a ``storage_backend`` record of backend ``ceph`` and an ``istor`` record (storage.py).
- The API keeps answering while an AIO-SX controller "reboots".
- A host added with a MAC that is not in the topology's hardware plan never boots (stays offline).
- The mtce task of a failed enable is "Configuration Failed, threshold reached, Lock/Unlock to retry"
  (approximation); force-lock resets the host (offline, then online after the reboot).
- Deleting a provisioned worker answers 204 and the host disappears 10 s later (the VIM's part).
- bm_* (board management) fields are stored but never validated against a BMC.
"""

import ast
import re

from ...http import ApiError, json_response, read_json
from . import host_timeline, inventory, netstate, networking, paginate
from .apitypes import wsexpose
from .patching import PatchConflict, apply_patch, validate_patch
from .system import (AIO, HOST_LIST_ARGS, SIMPLEX, base_url, initial_config_complete, is_aio, is_aio_duplex,
                     is_simplex, links, system)

KIND = "ihost"
CONTROLLER, WORKER, STORAGE, EDGEWORKER = "controller", "worker", "storage", "edgeworker"
CONTROLLER_0, CONTROLLER_1 = "controller-0", "controller-1"
LOCKED, UNLOCKED = "locked", "unlocked"
ENABLED, DISABLED = "enabled", "disabled"
ONLINE, OFFLINE, AVAILABLE = "online", "offline", "available"
UNPROVISIONED, PROVISIONING, PROVISIONED = "unprovisioned", "provisioning", "provisioned"
INVENTORIED = "inventoried"

LOCK, FORCE_LOCK, FORCE_UNSAFE_LOCK = "lock", "force-lock", "force-unsafe-lock"
UNLOCK, FORCE_UNLOCK = "unlock", "force-unlock"
SWACT, FORCE_SWACT = "swact", "force-swact"
REBOOT, RESET, REINSTALL, POWERON, POWEROFF = "reboot", "reset", "reinstall", "power-on", "power-off"
SUBFUNCTION_CONFIG = "subfunction_config"
VIM_SERVICES = ("services-enabled", "services-disabled", "services-disable-extend", "services-disable-failed",
                "services-delete-failed")
VALID_ACTIONS = (UNLOCK, FORCE_UNLOCK, LOCK, FORCE_LOCK, FORCE_UNSAFE_LOCK, SWACT, FORCE_SWACT, RESET, REBOOT,
                 REINSTALL, POWERON, POWEROFF) + VIM_SERVICES + (SUBFUNCTION_CONFIG,)
MTCE_ACTIONS = (REBOOT, REINSTALL, RESET, POWERON, POWEROFF, SWACT, UNLOCK, "services-disabled",
                "services-disable-failed", FORCE_SWACT)
TASKS = {UNLOCK: "Unlocking", FORCE_UNLOCK: "Force Unlocking", LOCK: "Locking", FORCE_LOCK: "Force Locking",
         FORCE_UNSAFE_LOCK: "Unsafely Force Locking", RESET: "Resetting", REBOOT: "Rebooting",
         REINSTALL: "Reinstalling", POWERON: "Powering-on", POWEROFF: "Powering-off", SWACT: "Swacting",
         FORCE_SWACT: "Force-Swacting"}
CLOCK_SYNCHRONIZATION = ["ntp", "ptp"]
MAC_RE = re.compile(r"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")

# objects/host.py fields (what the database keeps and a PATCH may touch)
OBJECT_FIELDS = (
    "id", "forisystemid", "isystem_uuid", "peer_id", "recordtype", "hostname", "personality", "kernel_running",
    "kernel_config_status", "subfunctions", "subfunction_oper", "subfunction_avail", "apparmor",
    "apparmor_config_status", "reserved", "uuid", "invprovision", "mgmt_mac", "mgmt_ip", "sw_version", "bm_ip",
    "bm_mac", "bm_type", "bm_username", "location", "serialid", "administrative", "operational", "availability",
    "ihost_action", "action_state", "inv_state", "mtce_info", "vim_progress_status", "action", "task", "uptime",
    "config_status", "config_applied", "config_target", "capabilities", "clock_synchronization", "boot_device",
    "rootfs_device", "hw_settle", "install_output", "console", "tboot", "vsc_controllers", "ttys_dcd",
    "install_state", "install_state_info", "iscsi_initiator_name", "device_image_update", "reboot_needed",
    "max_cpu_mhz_configured", "min_cpu_mhz_allowed", "max_cpu_mhz_allowed", "cstates_available", "nvme_host_id",
    "nvme_host_nqn")
BOOL_FIELDS = ("reserved", "ttys_dcd", "reboot_needed")
INT_FIELDS = ("id", "forisystemid", "peer_id", "uptime")
DICT_FIELDS = ("location", "capabilities")
# fields the API shows (Host wsme attributes, in declaration order), before and after the link lists
VIEW_FIELDS = ("id", "uuid", "hostname", "invprovision", "mgmt_mac", "mgmt_ip", "bm_ip", "bm_type", "bm_username",
               "personality", "subfunctions", "subfunction_oper", "subfunction_avail", "serialid",
               "administrative", "operational", "availability", "action", "ihost_action", "inv_state",
               "vim_progress_status", "task", "mtce_info", "reserved", "config_status", "config_applied",
               "config_target", "clock_synchronization", "uptime", "location", "capabilities", "forisystemid",
               "isystem_uuid", "peers")
VIEW_FIELDS_TAIL = ("boot_device", "rootfs_device", "hw_settle", "install_output", "console", "tboot", "ttys_dcd",
                    "apparmor", "install_state", "install_state_info", "max_cpu_mhz_configured",
                    "min_cpu_mhz_allowed", "max_cpu_mhz_allowed", "cstates_available", "iscsi_initiator_name",
                    "nvme_host_id", "nvme_host_nqn", "device_image_update", "reboot_needed", "sw_version",
                    "created_at", "updated_at")
LINK_COLLECTIONS = ("iinterfaces", "ports", "ethernet_ports", "inodes", "icpus", "imemorys", "istors", "idisks",
                    "partitions", "ceph_mon", "ipvs", "ilvgs", "host_fs", "kube_update_ca", "isensors",
                    "isensorgroups", "pci_devices", "lldp_agents", "lldp_neighbours", "labels")
# every attribute of the wsme Host type: what a POST body may carry
POST_FIELDS = VIEW_FIELDS + VIEW_FIELDS_TAIL + LINK_COLLECTIONS + ("forisystemid", "links", "bm_password",
                                                                   "vsc_controllers")


# -- lookups --------------------------------------------------------------------------------------------------
def find_host(scope, ident):
    """By integer id, uuid or hostname (sysinv's identity filter); 404 with sysinv's message otherwise."""
    ident = str(ident)
    host = None
    if ident.lstrip("-").isdigit():
        host = scope.first(KIND, id=int(ident))
    else:
        host = scope.get(KIND, ident) or scope.first(KIND, hostname=ident)
    if host is None:
        raise ApiError(404, "Server %s could not be found." % ident)
    return host


def host_by_mac(scope, mac):
    mac = normalize_mac(mac) if mac else mac
    return scope.first(KIND, mgmt_mac=mac) if mac else None


def host_for_machine(scope, mac):
    """The host running on the machine whose boot NIC is ``mac`` (see inventory.machine_of)."""
    mac = normalize_mac(mac)
    for host in scope.all(KIND):
        if (host.get("_machine") or host.get("mgmt_mac")) == mac:
            return host
    return None


def is_active_controller(scope, host):
    return host.get("personality") == CONTROLLER and bool(host.get("_active"))


def active_controller(scope):
    for host in scope.all(KIND, personality=CONTROLLER):
        if host.get("_active"):
            return host
    return None


def controllers(scope):
    return scope.all(KIND, personality=CONTROLLER)


def has_function(host, function):
    return function in (host.get("subfunctions") or "").split(",") or host.get("personality") == function


def interface_network_types(scope, host=None):
    """[(iinterface, {network types})] of the host (or of every host), from networking's records."""
    networks = {}
    for net in scope.all("network"):
        networks[net["uuid"]] = net.get("type")
        networks[net["id"]] = net.get("type")
    ifnets = scope.all("interface_network")
    out = []
    for iface in scope.all("iinterface"):
        if host is not None and not (iface.get("forihostid") == host["id"] or iface.get("ihost_uuid") == host["uuid"]):
            continue
        types = set(iface.get("networktypelist") or [])
        for ifnet in ifnets:
            if ifnet.get("interface_uuid") == iface["uuid"] or ifnet.get("interface_id") == iface["id"]:
                ntype = ifnet.get("network_type") or networks.get(ifnet.get("network_uuid")) or \
                    networks.get(ifnet.get("network_id"))
                if ntype:
                    types.add(ntype)
        out.append((iface, types))
    return out


def normalize_mac(mac):
    return str(mac).strip().lower().replace("-", ":")


def valid_mac(mac):
    return isinstance(mac, str) and bool(MAC_RE.match(mac.strip()))


def default_subfunctions(scope, personality):
    """tsc.subfunctions of the installed load for a controller; the personality otherwise."""
    if personality == CONTROLLER:
        if is_aio(scope):
            lowlatency = (system(scope) or {}).get("_lowlatency")
            return "controller,worker,lowlatency" if lowlatency else "controller,worker"
        return CONTROLLER
    return personality


def update_subfunctions(host):
    """sysinv ``_update_subfunctions``: the personality always leads its subfunctions."""
    subfunctions = host.get("subfunctions") or ""
    personality = host.get("personality") or ""
    if not subfunctions:
        subfunctions = personality
    parts = subfunctions.split(",")
    if personality and personality not in parts:
        parts.insert(0, personality)
    return ",".join(p for p in parts if p)


# -- records --------------------------------------------------------------------------------------------------
def new_host_record(emulator, scope, fields):
    sysrec = system(scope) or {}
    record = {key: None for key in OBJECT_FIELDS if key not in ("id", "uuid")}
    record.update({
        "forisystemid": sysrec.get("id"), "isystem_uuid": sysrec.get("uuid"), "recordtype": "standard",
        "kernel_config_status": "", "subfunction_oper": DISABLED, "subfunction_avail": "not-installed",
        "apparmor": "disabled", "apparmor_config_status": "", "reserved": False, "administrative": LOCKED,
        "operational": DISABLED, "availability": OFFLINE, "action": "none", "uptime": 0, "capabilities": {},
        "location": {}, "clock_synchronization": "ntp", "bm_type": "none", "boot_device": "/dev/sda",
        "rootfs_device": "/dev/sda", "hw_settle": "0", "install_output": "text", "console": "ttyS0,115200",
        "tboot": "false", "ttys_dcd": False, "reboot_needed": False,
        "sw_version": emulator.store.setting("sw_version"),
        "_active": False, "_op": None, "_op_token": None,
    })
    record.update(fields)
    return scope.add(KIND, record)


def host_view(host, scope=None, base="", expand=True):
    """The API representation (``Host.convert_with_links``)."""
    view = {}
    caps = dict(host.get("capabilities") or {})
    if host.get("personality") == CONTROLLER:
        caps["Personality"] = "Controller-Active" if host.get("_active") else "Controller-Standby"
    for key in VIEW_FIELDS:
        if key == "forisystemid" and not expand:
            continue
        if key == "capabilities":
            view[key] = caps
        elif key == "mgmt_ip":
            view[key] = netstate.host_mgmt_ip(scope, host) if scope is not None else host.get("mgmt_ip")
        elif key == "peers":
            view[key] = None
        else:
            view[key] = host.get(key)
    view["links"] = links(base, "ihosts", host["uuid"])
    if expand:
        for collection in LINK_COLLECTIONS:
            view[collection] = links(base, "ihosts", host["uuid"] + "/" + collection)
    for key in VIEW_FIELDS_TAIL:
        view[key] = host.get(key)
    return view


# -- host-add (POST) ------------------------------------------------------------------------------------------
def _no_controllers_exist(scope):
    names = {h.get("hostname") for h in scope.all(KIND)}
    return CONTROLLER_0 not in names and CONTROLLER_1 not in names


def unlocked_enabled_controller(scope):
    for c in controllers(scope):
        if c.get("administrative") == UNLOCKED and c.get("operational") == ENABLED:
            return c
    return None


def _block_add_host_semantic_checks(scope, host):
    if not _no_controllers_exist(scope) and host.get("personality") is None:
        if unlocked_enabled_controller(scope) is None:
            raise ApiError(400, "Provisioning request for new host '%s' is not permitted while there is no "
                                "unlocked-enabled controller. Unlock controller-0, wait for it to enable and "
                                "then retry." % host.get("mgmt_mac"))


def _validate_hostname(hostname, personality):
    if personality in (WORKER, EDGEWORKER):
        if not re.match(r"^[\w\.\-]+$", hostname):
            raise ApiError(400, "Name may only contain letters, numbers, underscores, periods and hyphens.")
        if len(hostname) > 255:
            raise ApiError(400, "Name restricted to at most 255 characters.")
        if hostname in (CONTROLLER_0, CONTROLLER_1) or hostname.startswith(STORAGE):
            raise ApiError(400, "%s Reject attempt to configure invalid hostname for personality %s."
                           % (hostname, personality))
    elif personality == CONTROLLER:
        valid = [CONTROLLER_0, CONTROLLER_1]
        if hostname not in valid:
            raise ApiError(400, "Host with personality=%s can only have a hostname from %s" % (personality, valid))
    elif personality == STORAGE:
        if not re.match("^%s-[0-9]+$" % STORAGE, hostname):
            raise ApiError(400, "Host with personality=%s can only have a hostname starting with %s-(number)"
                           % (personality, STORAGE))
    else:
        raise ApiError(400, "%s: Reject attempt to configure with invalid personality=%s " % (hostname, personality))


def _personality_check(scope, personality):
    if personality in (CONTROLLER, None, "", EDGEWORKER):
        return
    if personality == WORKER and is_aio_duplex(scope):
        return
    if is_aio(scope):
        raise ApiError(400, "Personality [%s] for host is not compatible with installed software. " % personality)


def _check_worker(host):
    hostname = host.get("hostname") or ""
    if not hostname:
        raise ApiError(400, "Host %s of personality %s, must be provisioned with a hostname."
                       % (host.get("uuid"), host.get("personality")))
    if hostname in (CONTROLLER_0, CONTROLLER_1) or hostname.startswith(STORAGE):
        raise ApiError(400, "Hostname %s is not allowed for personality 'worker'. Please check hostname and "
                            "personality." % hostname)


def _controller_storage_node_setup(scope, host, exclude_uuid=None):
    """Hostname (and subfunctions) sysinv assigns to a new controller or storage host; returns updates."""
    updates = {"subfunctions": host["personality"]}
    if host["personality"] == CONTROLLER:
        names = {h.get("hostname") for h in controllers(scope) if h["uuid"] != exclude_uuid}
        if CONTROLLER_0 in names and CONTROLLER_1 in names:
            raise ApiError(400, "Two controller nodes have already been configured. This host can not be "
                                "configured as a controller.")
        if CONTROLLER_0 in names:
            updates["hostname"] = CONTROLLER_1
        elif CONTROLLER_1 in names:
            updates["hostname"] = CONTROLLER_0
        else:
            raise ApiError(400, "Attempting to provision a controller when none exists. This is impossible.")
        updates["subfunctions"] = default_subfunctions(scope, CONTROLLER)
    elif host["personality"] == STORAGE:
        if not scope.first("storage_backend", backend="ceph"):
            raise ApiError(400, "Storage nodes can only be configured if storage cluster is configured for the "
                                "Ceph backend.")
        current = [h.get("hostname") for h in scope.all(KIND, personality=STORAGE)
                   if h["uuid"] != exclude_uuid and re.match("^storage-[0-9]+$", h.get("hostname") or "")]
        candidates = ["storage-%s" % x for x in range(len(scope.all(KIND, personality=STORAGE)) + 1)]
        hostname = None
        for name in reversed(candidates):
            if name not in current:
                hostname = name
                break
        if host.get("hostname") and host["hostname"] != hostname:
            raise ApiError(400, "Storage name %s not allowed.  Expected %s. Storage nodes can be one of: "
                                "storage-#." % (host["hostname"], hostname))
        updates["hostname"] = hostname
    return updates


def add_host(emulator, scope, fields, user_agent=""):
    """``POST /v1/ihosts`` (``HostController._do_post``). Returns the host record."""
    unknown = sorted(set(fields) - set(POST_FIELDS))
    if unknown:
        raise ApiError(400, "Unknown attribute for argument host: %s" % ", ".join(unknown))
    host = {key: value for key, value in fields.items() if key in OBJECT_FIELDS}
    host.setdefault("hostname", None)
    host.setdefault("personality", None)
    personality = host["personality"]

    # _new_host_semantic_checks
    if not _no_controllers_exist(scope):
        _block_add_host_semantic_checks(scope, host)
        if is_simplex(scope):
            raise ApiError(400, "Host-add Rejected: Adding a host on a simplex system is not allowed.")
    if not host["hostname"]:
        if personality not in (CONTROLLER, STORAGE):
            raise ApiError(400, "Host-add Rejected. Must provide a hostname for a node of personality %s"
                           % personality)
    else:
        _validate_hostname(host["hostname"], personality)
    mgmt_mac = host.get("mgmt_mac")
    if not mgmt_mac:
        raise ApiError(400, "Host-add Rejected: Must provide MAC Address of the host mgmt interface")
    if not valid_mac(mgmt_mac):
        raise ApiError(400, "Host-add Rejected: Must provide a valid format of a MAC Address")
    _personality_check(scope, personality)

    if personality not in (CONTROLLER, STORAGE):
        if host["hostname"] in [h.get("hostname") for h in scope.all(KIND)]:
            raise ApiError(400, "Host-add Rejected: Hostname already exists")
    host["mgmt_mac"] = normalize_mac(mgmt_mac)
    existing = host_by_mac(scope, host["mgmt_mac"])
    if existing is not None and (existing.get("hostname") or existing.get("personality")):
        raise ApiError(400, "Host-add Rejected: Host with mgmt_mac %s already exists" % host["mgmt_mac"])
    if not host.get("bm_type"):
        host["bm_type"] = "dynamic" if host.get("bm_ip") and host.get("bm_username") else "none"
    host["subfunctions"] = update_subfunctions(host) or None
    host["capabilities"] = _as_dict(host.get("capabilities"), "capabilities") or {}
    if "location" in host:
        host["location"] = _as_dict(host.get("location"), "location") or {}
    for key in BOOL_FIELDS:
        if key in host:
            host[key] = _as_bool(host[key])

    if personality == CONTROLLER and _no_controllers_exist(scope):
        # the first controller, created by bootstrap (populate_initial_config.py)
        host["subfunctions"] = default_subfunctions(scope, CONTROLLER)
        host["_active"] = True
        return new_host_record(emulator, scope, host)

    if personality in (CONTROLLER, STORAGE):
        host.update(_controller_storage_node_setup(scope, host,
                                                   exclude_uuid=existing["uuid"] if existing else None))
    host["action_state"] = "reinstalling"
    for key in ("administrative", "operational", "availability", "invprovision", "task", "uptime", "action",
                "install_state", "install_state_info", "inv_state", "id", "uuid"):
        host.pop(key, None)  # maintenance owns these for a host it adds
    if existing is not None:
        for key, value in host.items():
            if value:
                existing[key] = value
        scope.save(KIND, existing)
        record = existing
    else:
        host["invprovision"] = UNPROVISIONED
        record = new_host_record(emulator, scope, host)
    _configure_host(emulator, scope, record)
    return record


def _configure_host(emulator, scope, host):
    """conductor ``configure_ihost``: addresses for the new host, then (if its machine exists) the install."""
    networking.allocate_host_addresses(scope, host)
    if inventory.machine_of(emulator, host) and unlocked_enabled_controller(scope) is not None \
            and host.get("install_state") in (None, "failed") and not host.get("_op"):
        host_timeline.start(emulator, scope, host, "install")


# -- PATCH ----------------------------------------------------------------------------------------------------
def _as_bool(value):
    if value is None or isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "t", "true", "on", "y", "yes")


def _as_dict(value, field):
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raise ApiError(400, "Invalid input for field/attribute %s. Value: '%s'." % (field, value))
    try:
        return dict(value)
    except (TypeError, ValueError):
        return None


def _parse(field, value):
    if value is None:
        return None
    if field in BOOL_FIELDS:
        return _as_bool(value)
    if field in INT_FIELDS:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(500, "invalid literal for int() with base 10: '%s'" % value)
    if field in DICT_FIELDS:
        return _as_dict(value, field)
    return str(value) if not isinstance(value, str) else value


def _validate_capabilities(old_caps, new_caps):
    if isinstance(new_caps, str):
        try:
            new_caps = ast.literal_eval(new_caps)
        except (ValueError, SyntaxError):
            pass
    if not isinstance(new_caps, dict):
        raise ApiError(400, "Changing capabilities type is not allowed: old_value={}, new_value={}".format(
            old_caps, new_caps))
    old_is_set, old_value = "Personality" in old_caps, old_caps.get("Personality")
    new_is_set, new_value = "Personality" in new_caps, new_caps.get("Personality")
    if new_is_set:  # Personality is virtual: it may never be set
        if old_is_set:
            raise ApiError(400, "Changing capability not allowed: name={}, old_value={}, new_value={}. ".format(
                "Personality", old_value, new_value))
        raise ApiError(400, "Setting capability not allowed: name={}, value={}. ".format("Personality", new_value))
    old_sf, new_sf = old_caps.get("stor_function"), new_caps.get("stor_function")
    if ("stor_function" in old_caps, old_sf) != ("stor_function" in new_caps, new_sf):
        if "stor_function" in old_caps:
            raise ApiError(400, "Changing capability not allowed: name={}, old_value={}, new_value={}. ".format(
                "stor_function", old_sf, new_sf))
        raise ApiError(400, "Setting capability not allowed: name={}, value={}. ".format("stor_function", new_sf))


def _validate_delta(delta, user_agent):
    restricted = ["uuid", "id", "created_at", "updated_at", "cstatus", "mgmt_mac", "mgmt_ip", "invprovision",
                  "recordtype", "ihost_action", "action_state", "inv_state", "iconfig_applied", "iconfig_target"]
    if not user_agent.startswith("mtce"):
        restricted += ["administrative", "availability", "operational", "subfunction_oper", "subfunction_avail",
                       "reserved", "mtce_info", "task", "uptime"]
    if not user_agent.startswith("vim"):
        restricted += ["vim_progress_status"]
    intersection = set(delta) & set(restricted)
    if intersection:
        raise ApiError(400, "Change %s contains restricted %s." % (sorted(delta), intersection))


class _Update:
    """sysinv's ``HostUpdate``: the original host, the patched one and the values to apply."""

    def __init__(self, orig, patched, delta, record):
        self.record = record  # the stored host (with the emulator's internal fields)
        self.orig = orig
        self.patch = patched
        self.delta = delta
        self.val = {}
        self.action = None
        self.configure_required = False
        self.displayid = patched.get("hostname") or patched.get("uuid")


def _check_lock_controller(scope, upd, force=False):
    if not is_simplex(scope) and is_active_controller(scope, upd.record):
        raise ApiError(400, "%s : Rejected: Can not lock an active controller." % upd.orig["hostname"])


def _check_lock(scope, upd):
    if upd.orig["administrative"] == LOCKED:
        raise ApiError(400, "Avoiding %s action on already 'locked' host %s" % (upd.patch["action"],
                                                                                upd.orig["hostname"]))
    if upd.patch.get("personality") == CONTROLLER:
        _check_lock_controller(scope, upd)


def _apps_in_progress(scope, statuses):
    return [app for app in scope.all("app") if app.get("status") in statuses]


def _check_unlock_interfaces(scope, upd):
    host = upd.patch
    if host.get("personality") not in (CONTROLLER, WORKER, STORAGE):
        return
    types = interface_network_types(scope, upd.orig)
    mgmt = [iface for iface, t in types if "mgmt" in t]
    if not mgmt:
        raise ApiError(400, "Cannot unlock host %s without configuring a management interface." % upd.displayid)
    simplex_aio = is_simplex(scope) and is_aio(scope)
    if mgmt[0].get("iftype") == "virtual" and not simplex_aio:
        raise ApiError(400, "Cannot unlock host %s when management interface is configured on a virtual "
                            "interface." % upd.displayid)
    cluster = [iface for iface, t in types if "cluster-host" in t]
    if not cluster:
        raise ApiError(400, "Cannot unlock host %s without configuring a cluster-host interface." % upd.displayid)
    if cluster[0].get("iftype") == "virtual" and not simplex_aio:
        raise ApiError(400, "Cannot unlock host %s when cluster-host interface is configured on a virtual "
                            "interface." % upd.displayid)
    if host.get("personality") == CONTROLLER and scope.first("network", type="admin"):
        if not [iface for iface, t in types if "admin" in t]:
            raise ApiError(400, "Cannot unlock host %s without assigning the admin network to an interface"
                           % upd.displayid)
    upd.configure_required = True


def _check_unlock(scope, upd, force):
    orig = upd.orig
    if orig.get("install_state") == "failed":
        raise ApiError(400, "Cannot unlock host %s due to installation failure" % upd.displayid)
    if orig["administrative"] == UNLOCKED:
        host_action = orig.get("ihost_action") or ""
        if host_action.startswith(LOCK) or host_action.startswith(FORCE_LOCK) or \
                host_action.startswith(FORCE_UNSAFE_LOCK):
            raise ApiError(400, "Host unlock rejected due to in progress action %s" % host_action.strip("-"))
        raise ApiError(400, "Avoiding 'unlock' action on already 'unlocked' host %s" % orig["hostname"])
    if orig.get("availability") == POWEROFF:
        raise ApiError(400, "Can not 'Unlock a Powered-Off' host %s; Power-on, wait for 'online' status and then "
                            "'unlock'" % upd.displayid)
    if not force and orig.get("availability") != ONLINE:
        raise ApiError(400, "Host %s is not online. Wait for 'online' availability status and then 'unlock'"
                       % upd.displayid)
    if not (upd.patch.get("mgmt_mac") and upd.patch.get("hostname") and upd.patch.get("personality")
            and upd.patch.get("subfunctions")):
        raise ApiError(400, "Can not unlock an unprovisioned host %s. Please perform 'Edit Host' to provision host."
                       % upd.displayid)
    if orig.get("action_state") == "reinstalling" and not force:
        raise ApiError(400, "Can not unlock host %s undergoing reinstall. Please ensure host has completed "
                            "reinstall prior to unlock." % upd.displayid)
    if orig.get("inv_state") != INVENTORIED:
        raise ApiError(400, "Can not unlock host %s that has not yet been inventoried. Please wait for host to "
                            "complete initial inventory prior to unlock." % upd.displayid)
    blocked = ["applying", "updating", "recovering", "removing"]
    extra = ""
    if is_simplex(scope):
        blocked.append("uploading")
        extra = "uploaded, "
    if _apps_in_progress(scope, blocked) and not force:
        raise ApiError(400, "Rejected: Can not unlock host %s while an application is being %sapplied, updated, "
                            "recovered or removed. Please try again later." % (upd.displayid, extra))
    personality = upd.patch.get("personality")
    if personality == CONTROLLER:
        if not [iface for iface, t in interface_network_types(scope, orig) if "oam" in t]:
            raise ApiError(400, "Can not unlock a controller host without an oam interface. Add an oam interface "
                                "before re-attempting this command.")
    if has_function(upd.patch, WORKER):
        if orig.get("invprovision") is None:
            raise ApiError(400, "Can not unlock an unconfigured host %s. Please configure host and wait for "
                                "Availability State 'online' prior to unlock." % upd.displayid)
    elif personality == STORAGE:
        if not scope.all("istor", ihost_uuid=orig["uuid"]):
            raise ApiError(400, "Can not unlock a storage node without any Storage Volumes configured")
    _check_unlock_interfaces(scope, upd)
    upd.configure_required = True


def _check_swact(scope, upd, force):
    orig = upd.orig
    if orig.get("personality") != CONTROLLER:
        raise ApiError(400, "Swact action not allowed for non controller host %s." % orig.get("hostname"))
    if orig["administrative"] == LOCKED:
        raise ApiError(400, "Controller is Locked ; No services to Swact")
    if is_simplex(scope):
        raise ApiError(400, "Swact action not allowed for a simplex system.")
    peers = [c for c in controllers(scope) if c.get("hostname") != orig.get("hostname")]
    for peer in peers:
        if peer.get("operational") != ENABLED:
            raise ApiError(400, "%s is not enabled and has operational state %s.Standby controller must be  "
                                "operationally enabled." % (peer.get("hostname"), peer.get("operational")))
        if WORKER in (peer.get("subfunctions") or "").split(",") and peer.get("subfunction_oper") != ENABLED:
            raise ApiError(400, "%s subfunction is not enabled and has operational state %s.Standby controller "
                                "subfunctions %s must all be operationally enabled."
                           % (peer.get("hostname"), peer.get("subfunction_oper"), peer.get("subfunctions")))
        task = peer.get("task") or ""
        for reject in (LOCK, FORCE_LOCK, FORCE_UNSAFE_LOCK):
            if task and task.startswith(TASKS[reject]):
                raise ApiError(400, "%s is currently being locked. Cannot Swact to a controller with an in-progress "
                                    "lock operation." % peer.get("hostname"))
        if peer.get("config_target") and peer.get("config_target") != peer.get("config_applied") \
                and not is_active_controller(scope, peer):
            raise ApiError(400, "%s target Config %s not yet applied. Apply target Config via Lock/Unlock prior to "
                                "Swact" % (peer.get("hostname"), peer.get("config_target")))
    # sm's swact pre-check (emulator wording): services can only move from the active to an available standby
    if not is_active_controller(scope, upd.record):
        raise ApiError(400, "Swact rejected: %s is not the active controller; its services cannot be swacted."
                       % orig.get("hostname"))
    if not [p for p in peers if p.get("administrative") == UNLOCKED and p.get("availability") in
            (AVAILABLE, "degraded")]:
        raise ApiError(400, "Swact rejected: no standby controller is available to take over services from %s."
                       % orig.get("hostname"))
    if not force:
        for app in _apps_in_progress(scope, ["applying"]):
            raise ApiError(400, "Swact action not allowed. %s apply is in progress." % app["name"])


def _check_reboot(scope, upd):
    if upd.orig["administrative"] == UNLOCKED:
        raise ApiError(400, "Can not 'Reboot' an 'unlocked' host %s; Please 'Lock' first" % upd.displayid)
    if is_simplex(scope):
        raise ApiError(400, "Rebooting a simplex system is not allowed.")


def _check_reset(scope, upd):
    if is_simplex(scope):
        raise ApiError(400, "Can not 'Reset' a simplex system")
    if upd.orig["administrative"] == UNLOCKED:
        raise ApiError(400, "Can not 'Reset' an 'unlocked' host %s; Please 'Lock' first" % upd.displayid)


def _check_reinstall(scope, upd):
    if is_simplex(scope):
        raise ApiError(400, "Reinstalling a simplex system is not allowed.")
    orig = upd.orig
    if orig["administrative"] == UNLOCKED:
        raise ApiError(400, "Can not 'Reinstall' an 'unlocked' host %s; Please 'Lock' first" % upd.displayid)
    if orig.get("availability") != ONLINE and orig.get("bm_type") is None:
        raise ApiError(400, "Can not 'Reinstall' %s while it is 'offline' and a board management controller is "
                            "not provisioned. Please provision a board management controller or wait for this "
                            "host's availability state to be 'online' and then re-issue the reinstall command."
                       % upd.displayid)
    upd.configure_required = True


def _check_poweron(scope, upd):
    if upd.orig["administrative"] == UNLOCKED:
        raise ApiError(400, "Can not 'Power-On' an already Powered-on and 'unlocked' host %s" % upd.displayid)
    if is_simplex(scope):
        raise ApiError(400, "Can not 'Power-On' an already Powered-on simplex system")


def _check_poweroff(scope, upd):
    if is_simplex(scope):
        raise ApiError(400, "Can not 'Power-Off' a simplex system via system commands")
    if upd.orig["administrative"] == UNLOCKED:
        raise ApiError(400, "Can not 'Power-Off' an 'unlocked' host %s; Please 'Lock' first" % upd.displayid)


def _action_check(scope, action, upd):
    """sysinv ``action_check``: validate, then stage ihost_action/task. Returns the action to run or None."""
    if not action or action.lower() == "none":
        return None
    if action not in VALID_ACTIONS:
        raise ApiError(400, "'%s' is not a supported maintenance action" % action)
    force_unlock = action == FORCE_UNLOCK
    if force_unlock:
        action = UNLOCK
    upd.action = action
    if action == UNLOCK:
        _check_unlock(scope, upd, force_unlock)
        upd.val.update(ihost_action=UNLOCK, task=TASKS[UNLOCK])
    elif action == LOCK:
        _check_lock(scope, upd)
        upd.val.update(ihost_action=LOCK, task=TASKS[LOCK])
    elif action in (FORCE_LOCK, FORCE_UNSAFE_LOCK):
        if upd.patch.get("personality") == CONTROLLER:
            _check_lock_controller(scope, upd, force=True)
        upd.val.update(ihost_action=action, task=TASKS[action])
    elif action in (SWACT, FORCE_SWACT):
        if action == SWACT:
            _check_swact(scope, upd, force=False)
    elif action == REBOOT:
        _check_reboot(scope, upd)
    elif action == RESET:
        _check_reset(scope, upd)
    elif action == REINSTALL:
        _check_reinstall(scope, upd)
    elif action == POWERON:
        _check_poweron(scope, upd)
    elif action == POWEROFF:
        _check_poweroff(scope, upd)
    elif action in VIM_SERVICES:
        upd.val["vim_progress_status"] = action
    elif action == SUBFUNCTION_CONFIG:
        if not upd.patch.get("subfunctions") or upd.patch.get("personality") == upd.patch.get("subfunctions"):
            raise ApiError(400, "This host is not configured with a subfunction.")
    if action in MTCE_ACTIONS and action in TASKS:
        upd.val["task"] = TASKS[action]
    if action == REINSTALL:
        caps = dict(upd.orig.get("capabilities") or {})
        caps.pop("mgmt_ipsec", None)
        upd.val.update(capabilities=caps, action_state="reinstalling", inv_state="reinstalling")
    return action


def _stage_administrative_update(upd):
    if "administrative" in upd.delta and upd.patch.get("administrative") == UNLOCKED:
        if upd.orig.get("invprovision") in (UNPROVISIONED, None):
            upd.val["invprovision"] = PROVISIONING
    if "operational" in upd.delta and upd.patch.get("operational") == ENABLED:
        if upd.orig.get("invprovision") in ("upgrading", PROVISIONING, UNPROVISIONED):
            upd.val["invprovision"] = PROVISIONED


def _check_provisioning(scope, upd, patch):
    delta = upd.delta
    if upd.orig.get("invprovision") in ("upgrading", PROVISIONED, PROVISIONING):
        if any(p in ("hostname", "personality", "subfunctions") for p in delta):
            raise ApiError(400, "The following fields can not be modified because this host %s has been configured: "
                                "hostname, personality, subfunctions" % upd.orig.get("hostname"))
    if any(p in ("boot_device", "rootfs_device", "hw_settle", "install_output", "console", "tboot") for p in delta):
        if upd.patch.get("administrative") != LOCKED:
            raise ApiError(400, "Host must be locked before updating installation parameters.")
        upd.configure_required = True
    if "personality" in delta:
        if upd.orig.get("personality"):
            raise ApiError(400, "Can not change personality after it has been set. Host %s must be deleted and "
                                "re-added in order to change the personality." % upd.orig.get("hostname"))
        if upd.patch.get("personality") in (CONTROLLER, STORAGE):
            upd.val.update(_controller_storage_node_setup(scope, upd.patch, exclude_uuid=upd.orig["uuid"]))
        elif upd.patch.get("personality") == WORKER:
            _check_worker(upd.patch)
        upd.configure_required = True
    if "subfunctions" in delta:
        if upd.orig.get("subfunctions"):
            raise ApiError(400, "Can not change subfunctions after it has been set. Host %s must be deleted and "
                                "re-added in order to change the subfunctions." % upd.orig.get("hostname"))
        valid = {WORKER: (WORKER, "lowlatency"), CONTROLLER: (CONTROLLER, WORKER, "lowlatency"),
                 STORAGE: (STORAGE,)}.get(upd.patch.get("personality"), ())
        subfunctions = set((upd.patch.get("subfunctions") or "").split(","))
        if not subfunctions.issubset(valid):
            raise ApiError(400, "%s subfunctions %s contains unsupported values.  Allowable: %s."
                           % (upd.displayid, subfunctions, valid))
    if "hostname" in delta and upd.orig.get("hostname") and upd.patch.get("hostname") != upd.orig["hostname"]:
        raise ApiError(400, "The hostname field can not be modified because the hostname %s has already been "
                            "configured. If changing hostname is required, please delete this host, then readd."
                       % upd.orig["hostname"])
    for first in patch:
        for second in patch:
            if first["path"] == second["path"] and first.get("value") != second.get("value"):
                raise ApiError(400, "Illegal duplicate parameters passed.")
    if "personality" in delta or "hostname" in delta:
        personality = upd.patch.get("personality") or ""
        hostname = upd.patch.get("hostname") or ""
        if personality and hostname:
            _validate_hostname(hostname, personality)
    if "personality" in delta:
        _personality_check(scope, upd.patch.get("personality"))


def _check_updates_while_unlocked(upd, user_agent):
    if upd.patch.get("administrative") == UNLOCKED and not user_agent.startswith("mtce"):
        restricted = ("administrative", "availability", "operational", "subfunction_oper", "subfunction_avail",
                      "task", "uptime")
        if set(upd.delta).issubset(restricted):
            raise ApiError(400, "Change set %s contains a subset of restricted %s." % (set(upd.delta), restricted))


def patch_host(emulator, scope, host, patch, user_agent=""):
    """``PATCH /v1/ihosts/{id}`` (``HostController._patch``): validate, apply, start the action's progress."""
    validate_patch(patch)
    patch = [dict(p) for p in patch]
    orig = {key: host.get(key) for key in OBJECT_FIELDS}
    _block_add_host_semantic_checks(scope, orig)
    for p in patch:
        if p["path"] == "/mgmt_mac" and p.get("value") is not None:
            if not valid_mac(p["value"]):
                raise ApiError(400, "Expected a MAC address but received %s." % p["value"])
            p["value"] = normalize_mac(p["value"])
    doc = dict(orig, bm_password=None)
    try:
        patched = apply_patch(doc, patch)
    except PatchConflict as exc:
        raise ApiError(400, "Patching Error: %s" % exc)
    if patched.get("clock_synchronization") not in CLOCK_SYNCHRONIZATION:
        raise ApiError(400, "Host update failed: clock_synchronization: invalid choice: '%s', choose from %s"
                       % (patched.get("clock_synchronization"), CLOCK_SYNCHRONIZATION))
    _validate_capabilities(orig.get("capabilities") or {}, patched.get("capabilities"))
    for key in OBJECT_FIELDS:
        if key not in patched:  # a "remove" puts the default back
            patched[key] = None
        patched[key] = _parse(key, patched[key])
    delta = [key for key in OBJECT_FIELDS if patched[key] != orig.get(key)]
    password_changed = any(p["path"] == "/bm_password" for p in patch)
    if password_changed and not delta:
        delta.append("bm_username")
    if not delta:
        return host
    _validate_delta(delta, user_agent)
    upd = _Update(orig, patched, delta, host)
    action = _action_check(scope, patched.get("action"), upd)
    if "administrative" in delta or "operational" in delta:
        _stage_administrative_update(upd)
    remaining = [key for key in delta if key not in ("location", "serialid")]
    if user_agent.startswith("mtce"):
        mtce_fields = ("operational", "availability", "task", "uptime", "subfunction_oper", "subfunction_avail")
        remaining = [k for k in remaining if k not in mtce_fields]
    if remaining:
        _check_provisioning(scope, upd, patch)
        if orig.get("administrative") == UNLOCKED:
            _check_updates_while_unlocked(upd, user_agent)
            if "apparmor" in delta:
                raise ApiError(400, "This update is not allowed as host:%s is unlocked." % upd.displayid)
        if "apparmor" in delta and patched.get("apparmor") not in ("enabled", "disabled"):
            raise ApiError(400, "Invalid apparmor state. Allowed values:enabled, disabled.")
    new = dict(patched)
    new.update(upd.val)
    if "personality" in delta:
        new["subfunctions"] = update_subfunctions(new)
    if upd.configure_required and not (new.get("hostname") and new.get("personality")):
        raise ApiError(400, "Please provision 'hostname' and 'personality'.")
    new["action"] = "none"
    new.pop("bm_password", None)
    for key in OBJECT_FIELDS:
        if key in ("id", "uuid"):
            continue
        host[key] = new.get(key)
    scope.save(KIND, host)
    if action is not None:
        host_timeline.start_action(emulator, scope, host, action)
    elif upd.configure_required:
        _configure_host(emulator, scope, host)
    if "operational" in delta and host.get("operational") == ENABLED and user_agent.startswith("mtce"):
        host_timeline.enabled(emulator, scope, host)
    return host


def host_action(emulator, scope, host, action, user_agent=""):
    """Any maintenance action, exactly as ``PATCH [{"op":"replace","path":"/action","value":action}]``."""
    return patch_host(emulator, scope, host, [{"op": "replace", "path": "/action", "value": action}], user_agent)


def lock(emulator, scope, host, force=False):
    return host_action(emulator, scope, host, FORCE_LOCK if force else LOCK)


def unlock(emulator, scope, host, force=False):
    return host_action(emulator, scope, host, FORCE_UNLOCK if force else UNLOCK)


def swact(emulator, scope, host, force=False):
    return host_action(emulator, scope, host, FORCE_SWACT if force else SWACT)


def reboot(emulator, scope, host):
    return host_action(emulator, scope, host, REBOOT)


def reinstall(emulator, scope, host):
    return host_action(emulator, scope, host, REINSTALL)


# -- DELETE ---------------------------------------------------------------------------------------------------
def delete_host(emulator, scope, host, user_agent=""):
    """``DELETE /v1/ihosts/{id}``. Returns True when the host is gone now, False when the VIM finishes later."""
    if is_simplex(scope) and host.get("hostname") == CONTROLLER_0:
        raise ApiError(400, "Deleting controller-0 on a simplex system is not allowed.")
    if host.get("administrative") == UNLOCKED:
        # exception.HostLocked has no HTTP code, so sysinv answers 500 ("Server" fault)
        raise ApiError(500, "Unable to complete the action delete because Host %s is in administrative state = "
                            "unlocked." % (host.get("hostname") or host["uuid"]))
    if not user_agent.startswith("vim") and host.get("hostname") and host.get("personality") and \
            host.get("invprovision") in ("upgrading", PROVISIONED) and WORKER in (host.get("subfunctions") or ""):
        host_timeline.schedule_vim_delete(emulator, scope, host)  # the VIM deletes it once services are gone
        return False
    remove_host(scope, host)
    return True


def remove_host(scope, host):
    networking.delete_host_networking(scope, host)
    networking.release_host_addresses(scope, host)
    inventory.remove_host_inventory(scope, host)
    for stor in scope.all("istor", ihost_uuid=host["uuid"]):
        scope.remove("istor", stor)
    scope.remove(KIND, host)


# -- HTTP -----------------------------------------------------------------------------------------------------
def _user_agent(request):
    return request.headers.get("User-Agent", "")


@wsexpose(*HOST_LIST_ARGS)
async def list_hosts(request):
    scope = request["scope"]
    personality = request.query.get("personality")
    hosts = scope.all(KIND)
    if personality:
        hosts = [h for h in hosts if h.get("personality") == personality]
    base = base_url(request)
    return json_response(paginate(request, "ihosts", hosts, lambda h: host_view(h, scope, base, expand=False)))


@wsexpose(*HOST_LIST_ARGS)
async def list_hosts_detail(request):
    scope = request["scope"]
    base = base_url(request)
    return json_response(paginate(request, "ihosts", scope.all(KIND), lambda h: host_view(h, scope, base)))


@wsexpose("uuid")
async def get_host(request):
    scope = request["scope"]
    return json_response(host_view(find_host(scope, request.match_info["id"]), scope, base_url(request)))


@wsexpose(body="host")
async def post_host(request):
    scope = request["scope"]
    body = await read_json(request, required=True)
    if not isinstance(body, dict):
        raise ApiError(400, "Invalid input for field/attribute host. Value: '%s'." % body)
    host = add_host(request.app["service"].emulator, scope, body, _user_agent(request))
    return json_response(host_view(host, scope, base_url(request)))


@wsexpose("uuid", body="patch")
async def patch_host_handler(request):
    scope = request["scope"]
    host = find_host(scope, request.match_info["id"])
    patch = await read_json(request, required=True)
    host = patch_host(request.app["service"].emulator, scope, host, patch, _user_agent(request))
    return json_response(host_view(host, scope, base_url(request)))


@wsexpose("ihost_id")
async def delete_host_handler(request):
    scope = request["scope"]
    host = find_host(scope, request.match_info["id"])
    delete_host(request.app["service"].emulator, scope, host, _user_agent(request))
    return json_response(None, status=204)


@wsexpose("mac")
async def mgmt_ip(request):
    scope = request["scope"]
    mac = request.match_info["id"]
    if not valid_mac(mac):
        return json_response(0)
    host = host_by_mac(scope, mac)
    if host is None or not host.get("hostname"):
        return json_response(None)
    address = netstate.host_mgmt_ip(scope, host)
    if address is None:
        raise ApiError(400, "Failed to get '%s' mgmt_ip from mac '%s'" % (host["hostname"], host["mgmt_mac"]))
    pool = None
    net = scope.first("network", type="mgmt")
    if net is not None and net.get("address_pool_id") is not None:
        pool = scope.by_id("addrpool", net["address_pool_id"])
    floating = None
    for addr in scope.all("address"):
        if addr.get("name") == "controller-mgmt":
            floating = addr.get("address")
    return json_response({"hostname": host["hostname"], "netmask": str(pool.get("prefix")) if pool else None,
                          "subnet": "%s/%s" % (pool.get("network"), pool.get("prefix")) if pool else None,
                          "address": address, "floating": floating})


def add_routes(app, service):
    r = app.router
    r.add_get("/v1/ihosts", list_hosts)
    r.add_get("/v1/ihosts/", list_hosts)
    r.add_post("/v1/ihosts", post_host)
    r.add_get("/v1/ihosts/detail", list_hosts_detail)
    r.add_get("/v1/ihosts/{id}", get_host)
    r.add_patch("/v1/ihosts/{id}", patch_host_handler)
    r.add_delete("/v1/ihosts/{id}", delete_host_handler)
    r.add_get("/v1/ihosts/{id}/mgmt_ip", mgmt_ip)
    inventory.add_routes(app)


def on_restart(emulator, scope_name):
    host_timeline.on_restart(emulator, emulator.store.scope(scope_name))


__all__ = ["find_host", "lock", "unlock", "swact", "reboot", "reinstall", "host_action", "patch_host", "add_host",
           "delete_host", "active_controller", "is_active_controller", "is_simplex", "system", "host_view",
           "interface_network_types", "initial_config_complete", "AIO", "SIMPLEX"]
