"""Semantic checks of sysinv interfaces, in the order interface.py runs them (check, _check_interface_data,
_check_ports, _check_interface_sriov, _check_interface_channels, _check_platform_interface_ratelimit ...).

Source: starlingx/config sysinv/api/controllers/v1/interface.py; texts are sysinv's. Used by interfaces.py.
"""

import string

from ...http import ApiError
from . import addressing, netstate

DEFAULT_MTU = 1500
MAX_IFNAME_LEN = 15
ETHERNET, VLAN, AE, VIRTUAL, VF = "ethernet", "vlan", "ae", "virtual", "vf"
SUPPORTED_TYPES = [AE, VLAN, ETHERNET, VIRTUAL, VF]
PLATFORM, DATA, PCI_PASSTHROUGH, PCI_SRIOV = "platform", "data", "pci-passthrough", "pci-sriov"
VALID_CLASSES = [PLATFORM, DATA, PCI_PASSTHROUGH, PCI_SRIOV]
PCI_CLASSES = [PCI_PASSTHROUGH, PCI_SRIOV]
NEUTRON_CLASSES = [DATA, PCI_PASSTHROUGH, PCI_SRIOV]
ACTIVE_STANDBY, BALANCED, LACP = "active_standby", "balanced", "802.3ad"
VALID_AEMODES = [ACTIVE_STANDBY, BALANCED, LACP]
VALID_PRIMARY_RESELECT = ["always", "better", "failure"]
PTP_ROLES = ["master", "slave", "none"]
IPV4_MODES = ["disabled", "static", "dhcp", "pool"]
IPV6_MODES = ["disabled", "static", "auto", "link-local", "pool"]
ADDRESS_NETWORK_TYPES = ["mgmt", "oam", "cluster-host", "data", "ironic", "storage", "admin"]
INTERNAL_NETWORK_TYPES = ["pxeboot", "cluster-host", "cluster-pod", "cluster-service"]
NULL_MAC = "00:00:00:00:00:00"
AE_ONLY = ("aemode", "schedpolicy", "txhashpolicy", "primary_reselect")
VLAN_ONLY = ("vlan_id", "vlan_type")

FIELDS = ("id", "uuid", "forihostid", "ihost_uuid", "ifname", "iftype", "ifclass", "imac", "imtu", "aemode",
          "schedpolicy", "txhashpolicy", "primary_reselect", "networktypelist", "datanetworks", "ifcapabilities",
          "vlan_id", "vlan_type", "uses", "used_by", "ipv4_mode", "ipv6_mode", "ipv4_pool", "ipv6_pool",
          "sriov_numvfs", "sriov_vf_driver", "ptp_role", "max_tx_rate", "max_rx_rate", "ovs_access", "channels",
          "sriov_vf_channels")


def working_copy(scope, iface):
    """The interface as objects.interface renders it: names in uses/used_by, networktypelist, ihost_uuid."""
    host = netstate.host_of(scope, iface) or {}
    data = {f: iface.get(f) for f in FIELDS}
    data["ihost_uuid"] = host.get("uuid")
    data["uses"] = netstate.interface_names(scope, iface.get("uses"))
    data["used_by"] = [i["ifname"] for i in netstate.used_by(scope, iface)]
    data["networktypelist"] = netstate.networktypelist(scope, iface)
    data["datanetworks"] = []
    data["created_at"] = iface.get("created_at")
    data["updated_at"] = iface.get("updated_at")
    for field in AE_ONLY:
        if iface.get("iftype") != AE:
            data[field] = None
    for field in VLAN_ONLY:
        if iface.get("iftype") != VLAN:
            data[field] = None
    return data


def interface_ports(scope, iface):
    return [p for p in scope.all("ethernet_port") if p.get("interface_id") == iface["id"]]


def host_ports(scope, host):
    return [p for p in scope.all("ethernet_port") if p.get("host_id") == host["id"]]


def link_port(scope, port, iface):
    """Point a port at an interface (or at none): ``interface_id`` and the ``interface_uuid`` of its view."""
    port["interface_id"] = iface["id"] if iface else None
    port["interface_uuid"] = iface["uuid"] if iface else None
    scope.save("ethernet_port", port)


# -- checks ---------------------------------------------------------------------------------------------------
def check_host_locked(host):
    if host.get("administrative") != netstate.LOCKED:
        raise ApiError(400, "Host must be locked.")


def check_mtu(value):
    """_check_interface_mtu + utils.validate_mtu."""
    if value is None:
        return None
    if not str(value).isdigit():
        raise ApiError(400, "MTU is an integer value.")
    value = int(value)
    if value < 576 or value > 9216:
        raise ApiError(400, "MTU must be between 576 and 9216 bytes.")
    return value


def check_vlan_id(data):
    """_check_interface_vlan_id."""
    vlan_id = data.get("vlan_id")
    if vlan_id is not None:
        if not str(vlan_id).isdigit():
            raise ApiError(400, "VLAN id is an integer value.")
        if int(vlan_id) < 1 or int(vlan_id) > 4094:
            raise ApiError(400, "VLAN id must be between 1 and 4094.")
        data["vlan_id"] = int(vlan_id)
    if data.get("iftype") == VLAN and vlan_id is None:
        raise ApiError(400, "VLAN id must be specified.")


def set_defaults(data):
    defaults = {"imtu": DEFAULT_MTU, "aemode": ACTIVE_STANDBY, "txhashpolicy": None, "primary_reselect": None,
                "vlan_id": None, "sriov_numvfs": 0, "sriov_vf_driver": None, "ptp_role": "none",
                "max_tx_rate": None, "max_rx_rate": None, "ovs_access": None}
    if data.get("ifclass") == DATA:
        defaults["ipv4_mode"] = "disabled"
        defaults["ipv6_mode"] = "disabled"
    for key, value in defaults.items():
        if key in data and data[key] is None:
            data[key] = value
    return data


def _check_name(scope, op, data, host):
    ifname = data.get("ifname")
    if ifname and not ifname.strip():
        raise ApiError(400, "Interface name cannot be whitespace.")
    if not isinstance(ifname, str):
        raise ApiError(500, "'%s' object has no attribute 'islower'" % type(ifname).__name__)
    if not ifname.islower():
        raise ApiError(400, "Interface name must be in lower case.")
    if len(ifname) > MAX_IFNAME_LEN:
        raise ApiError(400, "Interface {} has name length greater than {}.".format(ifname, MAX_IFNAME_LEN))
    if data.get("iftype") == VLAN and data.get("vlan_id") is not None:
        invalid = set(string.punctuation.replace("_", "")) - {"."}
        if any(c in invalid for c in ifname):
            raise ApiError(400, "Cannot use special characters in vlan interface name.")
    for char in string.punctuation:
        if char in "-_.":
            continue
        if char in ifname:
            raise ApiError(400, "Cannot use '{}' as a special character in interface name.".format(char))
    this_id = 0 if op == "add" else data["id"]
    for other in scope.all("iinterface", forihostid=host["id"]):
        if other["id"] != this_id and other.get("ifname") == ifname:
            raise ApiError(400, "Interface Name {} must be unique.".format(ifname))


def lower_interface(scope, name, host):
    return netstate.interface_get(scope, name, host)


def _check_address_mode(scope, data, existing):
    """_check_address_mode."""
    ipv4_mode, ipv6_mode = data.get("ipv4_mode"), data.get("ipv6_mode")
    for mode, valid, family in ((ipv4_mode, IPV4_MODES, "IPv4"), (ipv6_mode, IPV6_MODES, "IPv6")):
        if mode is not None and not isinstance(mode, str):
            raise ApiError(500, "Invalid %s address mode %s" % (family, mode))
        if mode is not None and mode not in valid:
            raise ApiError(500, "Unsupported %s address mode %s" % (family, mode))
    if data.get("ifclass") not in (PLATFORM, DATA):
        if (ipv4_mode and ipv4_mode != "disabled") or (ipv6_mode and ipv6_mode != "disabled"):
            raise ApiError(404, "Address mode attributes only supported on '%s' interfaces"
                           % ", ".join(ADDRESS_NETWORK_TYPES))
    pools = []
    for key, family, version in (("ipv4", "IPv4", addressing.IPV4), ("ipv6", "IPv6", addressing.IPV6)):
        mode, pool_ident = data.get(key + "_mode"), data.get(key + "_pool")
        if mode != "pool" and pool_ident:
            raise ApiError(409, "Specifying an %s address pool requires setting the address mode to 'pool'"
                           % family)
        if mode == "pool":
            if not pool_ident:
                raise ApiError(409, "%s address pool name not specified" % family)
            pool = netstate.pool_get(scope, pool_ident)
            if pool["family"] != version:
                raise ApiError(409, "Address pool IP family does not match requested family")
            data[key + "_pool"] = pool["uuid"]
            pools.append(pool)
    if existing:
        for key, version, family in (("ipv4", addressing.IPV4, "IPv4"), ("ipv6", addressing.IPV6, "IPv6")):
            mode = data.get(key + "_mode")
            if mode != existing.get(key + "_mode") and existing.get(key + "_mode") == "static" and \
                    mode and mode != "disabled" and \
                    scope.all("address", interface_id=data["id"], family=version):
                raise ApiError(409, "Static %s addresses still exist on interface" % family)
    if pools:
        netstate.check_pool_overlaps(scope, pools)


def _check_ratelimit(scope, data):
    """_check_platform_interface_ratelimit."""
    ifclass, iftype = data.get("ifclass"), data.get("iftype")
    if not (ifclass == PLATFORM and iftype in (ETHERNET, AE, VLAN)):
        raise ApiError(400, "max_tx_rate/max_rx_rate modification not allowed for the provided interface class "
                            "{} and interface type {}".format(ifclass, iftype))
    types = data.get("networktypelist") or []
    if types:
        if set(types).intersection(INTERNAL_NETWORK_TYPES):
            raise ApiError(400, "Rate limit is not allowed for internal network types {}"
                           .format(INTERNAL_NETWORK_TYPES))
        if netstate.MGMT in types and not netstate.dc_role(scope):
            raise ApiError(400, "Rate limit for mgmt interfaces is only allowed for DC setups")
    for key in ("max_tx_rate", "max_rx_rate"):
        value = data.get(key)
        if value is not None:
            if not str(value).isdigit():
                raise ApiError(400, "%s must be an non-negative integer value." % key)
            if int(value) < 0:
                raise ApiError(400, "Value of %s shall be greater than or equal to 0 Mbps" % key)


def _check_interface_class(scope, host, data, existing):
    ifclass = data.get("ifclass")
    if not ifclass or ifclass == "none":
        return
    if ifclass not in VALID_CLASSES:
        raise ApiError(400, "Invalid interface class %s" % ifclass)
    if existing and ifclass != existing.get("ifclass") and \
            not (ifclass == PCI_SRIOV and existing.get("ifclass") == PLATFORM):
        if existing.get("ifclass") == PLATFORM and existing.get("used_by"):
            raise ApiError(400, "The class of an interface with platform networks cannot be changed to %s since "
                                "it is being used by %s" % (ifclass, existing["used_by"]))
        if ifclass == PLATFORM and existing.get("ifclass") in NEUTRON_CLASSES and existing.get("used_by"):
            raise ApiError(400, "The class of a non-platform interface cannot be changed to platform since it is "
                                "being used by %s" % existing["used_by"])
    if ifclass == DATA and netstate.WORKER not in (host.get("subfunctions") or host.get("personality") or ""):
        raise ApiError(400, "The data interface class is only supported on nodes supporting worker functions")
    if ifclass in PCI_CLASSES and data.get("iftype") not in (ETHERNET, VF):
        raise ApiError(400, "The {} interface class is only valid on Ethernet and VF interfaces"
                       .format(", ".join(PCI_CLASSES)))


def _check_interface_data(scope, op, data, host, existing):
    """_check_interface_data (the parts that apply to the emulated hardware)."""
    _check_name(scope, op, data, host)
    this_id = 0 if op == "add" else data["id"]
    iftype = data.get("iftype")
    uses = data.get("uses") or []
    if iftype == VLAN:
        if not uses:
            raise ApiError(500, "list index out of range")
        lower = lower_interface(scope, uses[0], host)
        lower_data = working_copy(scope, lower)
        vlan_id = data.get("vlan_id")
        if lower.get("iftype") == VLAN:
            raise ApiError(400, "VLAN interfaces cannot be created over existing VLAN interfaces")
        if data.get("ifclass") == PLATFORM and op != "modify":
            platform_vlans = [str(i.get("vlan_id")) for i in scope.all("iinterface", forihostid=host["id"])
                              if i.get("iftype") == VLAN and i.get("ifclass") == PLATFORM]
            if str(vlan_id) in platform_vlans:
                raise ApiError(400, "VLAN id %s already in use on another platform interface" % vlan_id)
        lower_vlans = [str(i.get("vlan_id")) for i in netstate.used_by(scope, lower)
                       if i.get("iftype") == VLAN and i.get("vlan_id")]
        if op != "modify" and str(vlan_id) in lower_vlans:
            raise ApiError(400, "VLAN id %s already in use on interface %s" % (vlan_id, lower["ifname"]))
        if lower_data.get("ifclass") == DATA and data.get("ifclass") == PLATFORM:
            raise ApiError(400, "Platform VLAN interface cannot be created over a data interface ")
        if lower_data.get("ifclass") == PLATFORM and data.get("ifclass") == DATA:
            raise ApiError(400, "Data VLAN interface cannot be created over a platform interface ")
    if iftype != ETHERNET:
        for other in scope.all("iinterface", forihostid=host["id"]):
            if other["id"] == this_id or not other.get("uses"):
                continue
            for parent_id in other["uses"]:
                parent = scope.by_id("iinterface", parent_id)
                if parent is None or (parent["uuid"] not in uses and parent["ifname"] not in uses):
                    continue
                if other.get("iftype") == AE and iftype != VF:
                    raise ApiError(400, "Interface '{}' is already used by another 'aggregated ethernet' interface "
                                        "'{}'".format(parent["ifname"], other["ifname"]))
                if other.get("iftype") == VLAN and iftype not in (VLAN, VF):
                    raise ApiError(400, "Interface '{}' is already used by another VLAN interface '{}'"
                                   .format(parent["ifname"], other["ifname"]))
    if iftype == AE:
        for name in uses:
            member = lower_interface(scope, name, host)
            if (member.get("ptp_role") or "none") != "none":
                raise ApiError(400, "None of interfaces being used in an 'aggregated ethernet' interface can have a "
                                    "PTP role (must be 'none').")
            if member.get("ifclass") and member.get("ifclass") != PCI_SRIOV:
                raise ApiError(400, "All interfaces being used in an 'aggregated ethernet' interface must have the "
                                    "interface class set to 'none' or 'pci-sriov'.")
    for name in data.get("used_by") or []:
        upper = lower_interface(scope, name, host)
        if upper.get("iftype") == AE:
            if (data.get("ptp_role") or "none") != "none":
                raise ApiError(400, "Interface '{}' is being used by interface '{}' as an 'aggregated ethernet' "
                                    "interface and therefore the PTP role cannot be changed from 'none'."
                               .format(data["ifname"], upper["ifname"]))
            if data.get("ifclass") and data.get("ifclass") != PCI_SRIOV:
                raise ApiError(400, "Interface '{}' is being used by interface '{}' as an 'aggregated ethernet' "
                                    "interface and therefore the interface class cannot be changed from 'none' or "
                                    "'pci-sriov'.".format(data["ifname"], upper["ifname"]))
    _check_interface_class(scope, host, data, existing)
    _check_address_mode(scope, data, existing)

    aemode, txhashpolicy = data.get("aemode"), data.get("txhashpolicy")
    if iftype == AE and aemode not in VALID_AEMODES:
        raise ApiError(400, "Invalid aggregated ethernet mode '%s' " % aemode)
    if aemode in (BALANCED, LACP):
        if (data.get("ptp_role") or "none") != "none":
            raise ApiError(400, "PTP isn't supported by 'aggregated ethernet' interface type in 'balanced' or "
                                "'802.3ad' mode.")
        if not txhashpolicy:
            raise ApiError(400, "Device interface with 'aggregated ethernet' interface type in 'balanced' or "
                                "'802.3ad' mode require a valid Tx Hash Policy.")
    elif aemode == ACTIVE_STANDBY and txhashpolicy is not None:
        raise ApiError(400, "Device interface with interface type 'aggregated ethernet' in '%s' mode should not "
                            "specify a Tx Hash Policy." % aemode)
    reselect = data.get("primary_reselect")
    if reselect is not None:
        if iftype != AE:
            raise ApiError(400, "The option primary_reselect is only applicable to bonded interface. ")
        if aemode != ACTIVE_STANDBY:
            raise ApiError(400, "Device interface with interface type 'aggregated ethernet' in '%s' mode should "
                                "not specify primary_reselect option." % aemode)
        if data.get("ifclass") != PLATFORM and reselect != "always":
            raise ApiError(400, "The option primary_reselect must be 'always' for non-platform interfaces. ")
        if reselect not in VALID_PRIMARY_RESELECT:
            raise ApiError(400, "Invalid bonding primary reselect option: '{}'. Valid options must be one of {}"
                           .format(reselect, ", ".join(VALID_PRIMARY_RESELECT)))
    if not iftype or iftype not in SUPPORTED_TYPES:
        raise ApiError(400, "Device interface type must be one of {}".format(", ".join(SUPPORTED_TYPES)))
    if iftype == AE and data.get("ifclass") not in (PLATFORM, DATA):
        raise ApiError(400, "Device interface class with interface type 'aggregated ethernet' must be 'platform' "
                            "or 'data' ")
    if iftype == AE and data.get("ifclass") == DATA and aemode in (BALANCED, LACP) and txhashpolicy != "layer2":
        raise ApiError(400, "Device interface with interface class 'data', and interface type 'aggregated "
                            "ethernet' must have a Tx Hash Policy of 'layer2'.")
    types = data.get("networktypelist")
    if types is not None and iftype == AE:
        if netstate.MGMT in types and aemode not in (LACP, ACTIVE_STANDBY):
            raise ApiError(400, "Device interface with network type {}, and interface type 'aggregated ethernet' "
                                "must be in mode {}".format(str(types), ", ".join([LACP, ACTIVE_STANDBY])))
        if any(t in (netstate.OAM, netstate.CLUSTER_HOST) for t in types) and aemode not in VALID_AEMODES:
            raise ApiError(400, "Device interface with network type '%s', and interface type 'aggregated ethernet' "
                                "must be in mode 'active_standby' or 'balanced' or '802.3ad'." % str(types))
    if iftype in (VLAN, VF, ETHERNET):
        for name in uses:
            parent = lower_interface(scope, name, host)
            if int(data["imtu"]) > int(parent.get("imtu") or 0):
                raise ApiError(400, "Interface MTU (%s) cannot be larger than MTU of underlying interface (%s)"
                               % (data["imtu"], parent.get("imtu")))
    for name in data.get("used_by") or []:
        upper = lower_interface(scope, name, host)
        if upper.get("imtu") and int(data["imtu"]) < int(upper["imtu"]):
            raise ApiError(400, "Interface MTU (%s) cannot be smaller than the interface MTU (%s) using this "
                                "interface" % (data["imtu"], upper["imtu"]))
    if iftype == VF:
        if data.get("ifclass") != PCI_SRIOV:
            raise ApiError(400, "VF interfaces must have an interface class of %s" % PCI_SRIOV)
        if len(uses) > 1:
            raise ApiError(400, "VF interfaces can only use one lower pci-sriov interface")
        lower = lower_interface(scope, uses[0], host) if uses else None
        if lower is None or lower.get("ifclass") != PCI_SRIOV:
            raise ApiError(400, "VF interfaces must be created over an interface of class %s" % PCI_SRIOV)
    ptp_role = data.get("ptp_role")
    if ptp_role is not None:
        if ptp_role not in PTP_ROLES:
            raise ApiError(400, "Interface ptp_role must be one of {}".format(", ".join(PTP_ROLES)))
        if ptp_role != "none" and data.get("ifclass") not in (PLATFORM, PCI_SRIOV, VF):
            raise ApiError(400, "Invalid interface class for ptp_role: {0}. Device interface class must be one of "
                                "{1}".format(ptp_role, ", ".join([PLATFORM, PCI_SRIOV, VF])))
    if data.get("max_tx_rate") is not None or data.get("max_rx_rate") is not None:
        if iftype == VF:
            raise ApiError(400, "max_rx_rate is not applicable for VF interfaces")
        _check_ratelimit(scope, data)


def _check_ports(scope, op, data, host, port_names):
    """_check_ports."""
    this_id = 0 if op == "add" else data["id"]
    if not port_names:
        raise ApiError(400, "A port must be selected.")
    if data.get("iftype") == ETHERNET and len(port_names) > 1:
        raise ApiError(400, "For Ethernet, select a single port.")
    ports = host_ports(scope, host)
    for port in ports:
        if port.get("name") in port_names or port["uuid"] in port_names:
            if port.get("interface_id") and port["interface_id"] != this_id:
                other = scope.by_id("iinterface", port["interface_id"]) or {}
                raise ApiError(400, "Another interface %s is already using this port" % other.get("uuid"))
        if port.get("name") == "".join((data.get("ifname") or "").split()):
            if data.get("iftype") == AE:
                raise ApiError(400, "Aggregated Ethernet interface name cannot be '%s'. An Aggregated Ethernet name "
                                    "must not be the same as an existing port name. " % port["name"])
            if port["uuid"] not in port_names and port["name"] not in port_names:
                raise ApiError(400, "Interface name cannot be '%s'. Port name can be used as interface name only if "
                                    "the interface uses that port. " % port["name"])
    for name in port_names:
        if not any(name in (p.get("name"), p["uuid"]) for p in ports):
            raise ApiError(400, "Port %s does not exist." % name)


def check(scope, op, data, host, ports=None, ifaces=None, existing=None, patch=None):
    """_check: the lock requirement, then ports, lower interfaces and the interface data."""
    check_host = True
    if op == "modify" and patch is not None:
        paths = {p["path"] for p in patch}
        if data.get("ifclass") == PLATFORM and data.get("iftype") in (ETHERNET, AE, VLAN) and paths and \
                paths.issubset({"/max_tx_rate", "/max_rx_rate"}):
            check_host = False
        if paths and paths.issubset({"/channels", "/sriov_vf_channels"}):
            check_host = False
    if check_host:
        check_host_locked(host)
    if ports:
        _check_ports(scope, op, data, host, ports)
    if ifaces:
        if len(ifaces) > 1 and data.get("iftype") == VLAN:
            raise ApiError(400, "Can only have one interface for vlan type. (%s)" % ifaces)
        if data.get("iftype") == ETHERNET:
            if len(ifaces) > 1:
                raise ApiError(400, "Can only have one lower interface for ethernet type.(%s)" % ifaces)
            lower = lower_interface(scope, ifaces[0], host)
            if not (lower.get("iftype") == ETHERNET and lower.get("ifclass") == PCI_SRIOV):
                raise ApiError(400, "Can only use pci-sriov ethernet interface for ethernet type. (%s)" % ifaces)
        for name in ifaces:
            lower_interface(scope, name, host)
    if data.get("ovs_access"):
        raise ApiError(400, "Can only set ovs-access to ethernet interface over a pci-sriov ethernet interface")
    _check_interface_data(scope, op, data, host, existing)


def check_channels(existing, patch):
    """_check_interface_channels (for --channels; --vf-channels needs SR-IOV, which the emulator lacks)."""
    for p in patch:
        if p["path"] == "/channels":
            if existing.get("iftype") == VF:
                raise ApiError(400, "The --channels option is not supported on VF type interfaces. Use "
                                    "--vf-channels to configure channels on VF interfaces.")
            if existing.get("iftype") not in (ETHERNET, AE):
                msg = "Cannot apply channel settings to interfaces of type '%s'." % existing.get("iftype")
                if existing.get("uses"):
                    msg += " Did you mean '%s'?" % existing["uses"][0]
                raise ApiError(400, msg)
            if p.get("value") is not None:
                try:
                    value = int(p["value"])
                except (TypeError, ValueError):
                    raise ApiError(400, "The --channels value must be an integer.")
                if value <= 0:
                    raise ApiError(400, "The --channels value must be greater than 0.")
        elif p["path"] == "/sriov_vf_channels" and existing.get("ifclass") != PCI_SRIOV:
            raise ApiError(400, "The --vf-channels option is only supported on pci-sriov classed interfaces.")


def check_sriov(scope, existing, ifclass, numvfs, vf_driver, host):
    """_check_interface_sriov on the patched values."""
    if not ifclass:
        return
    if numvfs is not None and str(numvfs).isdigit() and int(numvfs) > 0 and ifclass != PCI_SRIOV:
        raise ApiError(400, "Number of SR-IOV VFs is specified but interface class is not pci-sriov.")
    if vf_driver is not None and ifclass != PCI_SRIOV:
        raise ApiError(400, "SR-IOV VF driver is specified but interface class is not pci-sriov.")
    if ifclass == PCI_SRIOV:
        if numvfs is None:
            raise ApiError(400, "Value for number of SR-IOV VFs must be specified.")
        if not str(numvfs).isdigit():
            raise ApiError(400, "Value for number of SR-IOV VFs is an integer value.")
        if int(numvfs) <= 0:
            raise ApiError(400, "Value for number of SR-IOV VFs must be > 0.")
        if vf_driver is not None and vf_driver not in ("vfio", "netdevice"):
            raise ApiError(400, "Value for SR-IOV VF driver must be one of vfio, netdevice")
        if existing.get("iftype") == ETHERNET:
            ports = [p for p in host_ports(scope, host) if p.get("interface_id") == existing["id"]]
            if len(ports) != 1:
                raise ApiError(400, "Exactly one port must be enabled.")
            total = ports[0].get("sriov_totalvfs")
            if not total:
                raise ApiError(400, "SR-IOV can't be configured on this interface")
            if int(numvfs) > total:
                raise ApiError(400, "The interface support a maximum of %s VFs" % total)
