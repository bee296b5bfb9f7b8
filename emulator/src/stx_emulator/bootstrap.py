"""What StarlingX's bootstrap playbook (starlingx/ansible-playbooks ``bootstrap.yml``) does to controller-0.

``bootstrap(emulator, overrides)`` validates the overrides with the rules, defaults and texts of the roles
``bootstrap/prepare-env`` (mandatory keys, the ``.bootstrap_finalized`` check), ``bootstrap/validate-config``
and ``common/validate-addresses`` (``parse_dual_stack.py``, ``validate_dual_stack_address_vs_subnet.py``,
``validate_address_range.yml``), ``common/validate-registries`` and ``bootstrap/store-passwd`` (admin password),
then does what ``persist-config/files/populate_initial_config.py``, ``bringup-essential-services`` and
``bringup-bootstrap-applications`` do, through the same functions as the sysinv API:

1. patch the system record (name = region name, system_type, system_mode, timezone, capabilities, role);
2. keystone admin password;
3. pools and networks: ``management-ipv4`` (+ secondary ``management-ipv6``), ``pxeboot``, ``oam-ipv4``,
   ``multicast-subnet-ipv4``, ``cluster-host-subnet-ipv4``, ``cluster-pod-subnet-ipv4``,
   ``cluster-service-subnet-ipv4``, ``system-controller-subnet`` / ``system-controller-oam-subnet`` (when
   given), ``admin-ipv4`` (when ``admin_subnet`` and ``admin_gateway_address`` are given, not on a system
   controller); secondary-family pools are attached with network_addresspools;
4. host controller-0 (locked, disabled, ``invprovision`` provisioning; the agent's inventory makes it online
   and inventoried, with its ports, disks and one ethernet interface per port);
5. the virtual interface ``lo`` (class platform, MTU 1500) with mgmt and cluster-host;
6. platform applications (apps.py ``ensure_platform_apps``: nginx-ingress-controller, cert-manager, and
   oidc-auth-apps except on a subcloud, applied; the other platform-managed apps uploaded);
7. settings ``bootstrapped`` and ``regions``.

Invalid overrides raise :class:`BootstrapError` (status 400) naming the key, its value (never a secret) and the
rule, before anything changes; a second bootstrap raises it with status 409. The region is ``RegionOne`` for a
system controller, the given ``region_name`` for a subcloud, a new uuid4 hex string otherwise (validate-config).
The system's ``name`` is the region name, as populate_initial_config.py sets it (there is no ``system_name`` key).
controller-0 ends ``invprovision`` provisioning (populate_initial_config.py); the first unlock makes it
provisioned.

Crash points: ``bootstrap.persist_config`` (after validation) and ``bootstrap.applications``; nothing of a
bootstrap is committed before it returns, so a crash leaves the system unbootstrapped.

Differences from the real playbook
- Messages are the playbook's own texts, prefixed with the key and value when the playbook's text does not name
  them. Addresses that sysinv (not the playbook) refuses while creating the pools are checked up front.
- Certificates, registries, images, Kubernetes and the password-change dialogue are not emulated beyond
  validating their shape; ``applications`` (user apps) are validated as a list but not uploaded.
- ``admin_password`` is checked against the historic StarlingX rule (/etc/keystone/password-rules.conf).
"""

import copy
import re
import uuid as uuidlib

import netaddr

PASSWORD_REGEX = r"^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#$%^&*()<>{}+=_\\\[\]\-?|~`,.;:]).{7,}$"
PASSWORD_RULE = ("ADMIN_PASSWORD: Password must have a minimum length of 7 characters, and must contain at least "
                 "1 upper case, 1 lower case, 1 digit, and 1 special character, excluding ' (single quote) and "
                 "\" (double quote)")
DOCKER_REGISTRY_KEYS = ("k8s.gcr.io", "gcr.io", "quay.io", "docker.io", "docker.elastic.co", "ghcr.io",
                        "registry.k8s.io", "icr.io")
REGISTRY_NAMES = {"k8s.gcr.io": "k8s", "gcr.io": "gcr", "quay.io": "quay", "docker.io": "docker",
                  "docker.elastic.co": "elastic", "ghcr.io": "ghcr", "registry.k8s.io": "registryk8s",
                  "icr.io": "icr", "defaults": "defaults"}

# host_vars/bootstrap/default.yml
DEFAULTS = {
    "system_mode": "simplex",
    "distributed_cloud_role": "none",
    "timezone": "UTC",
    "dns_servers": ["8.8.8.8", "8.8.4.4"],
    "pxeboot_subnet": "169.254.202.0/24",
    "management_subnet": "192.168.204.0/24",
    "cluster_host_subnet": "192.168.206.0/24",
    "cluster_pod_subnet": "172.16.0.0/16",
    "cluster_service_subnet": "10.96.0.0/12",
    "external_oam_subnet": "10.10.10.0/24",
    "external_oam_gateway_address": "10.10.10.1",
    "external_oam_floating_address": "10.10.10.2",
    "management_multicast_subnet": "239.1.1.0/28",
    "management_dynamic_address_allocation": True,
    "cluster_host_dynamic_address_allocation": True,
    "docker_registries": {key: {"url": None} for key in DOCKER_REGISTRY_KEYS},
    "admin_username": "admin",
    "admin_password": "St8rlingXCloud*",
    "password_change": False,
    "override_files_dir": "/home/sysadmin",
    "wipe_ceph_osds": False,
    "enable_volume_snapshot_support": True,
    "applications": [],
    "add_docker_prefix": False,
    "kernel": "standard",
}
MANDATORY = ("system_mode", "timezone", "pxeboot_subnet", "management_subnet", "cluster_host_subnet",
             "cluster_pod_subnet", "cluster_service_subnet", "external_oam_subnet", "external_oam_gateway_address",
             "external_oam_floating_address", "management_multicast_subnet",
             "management_dynamic_address_allocation", "cluster_host_dynamic_address_allocation", "dns_servers",
             "docker_registries", "admin_username", "admin_password", "override_files_dir")
SUBNET_KEYS = ("pxeboot_subnet", "management_subnet", "cluster_host_subnet", "cluster_pod_subnet",
               "cluster_service_subnet", "external_oam_subnet", "management_multicast_subnet")
# dual-stack address overrides, with the subnet each belongs to (validate-config)
ADDRESS_KEYS = {
    "external_oam_gateway_address": "external_oam_subnet", "external_oam_floating_address": "external_oam_subnet",
    "external_oam_start_address": "external_oam_subnet", "external_oam_end_address": "external_oam_subnet",
    "external_oam_node_0_address": "external_oam_subnet", "external_oam_node_1_address": "external_oam_subnet",
    "management_floating_address": "management_subnet", "management_start_address": "management_subnet",
    "management_end_address": "management_subnet", "management_gateway_address": "management_subnet",
    "cluster_host_start_address": "cluster_host_subnet", "cluster_host_end_address": "cluster_host_subnet",
    "cluster_host_floating_address": "cluster_host_subnet", "cluster_pod_start_address": "cluster_pod_subnet",
    "cluster_pod_end_address": "cluster_pod_subnet", "cluster_service_start_address": "cluster_service_subnet",
    "cluster_service_end_address": "cluster_service_subnet",
    "management_multicast_start_address": "management_multicast_subnet",
    "management_multicast_end_address": "management_multicast_subnet",
}
ADMIN_ADDRESS_KEYS = {"admin_start_address": "admin_subnet", "admin_end_address": "admin_subnet",
                      "admin_floating_address": "admin_subnet", "admin_gateway_address": "admin_subnet"}
# network (validate_address_range name) -> override key prefix, subnet key
NETWORKS = (("pxeboot", "pxeboot", "pxeboot_subnet"), ("management", "management", "management_subnet"),
            ("cluster_host", "cluster_host", "cluster_host_subnet"),
            ("cluster_pod", "cluster_pod", "cluster_pod_subnet"),
            ("cluster_service", "cluster_service", "cluster_service_subnet"),
            ("oam", "external_oam", "external_oam_subnet"),
            ("multicast", "management_multicast", "management_multicast_subnet"),
            ("admin", "admin", "admin_subnet"))
START_END_EQUAL_ALLOWED = ("admin", "management", "cluster_host", "pxeboot")
CALICO_CHOICES = {
    "calico_encapsulation": ("None", "VXLAN", "VXLANCrossSubnet", "IPIP", "IPIPCrossSubnet"),
    "calico_chain_insert_mode": ("Insert", "Append"), "calico_iptables_backend": ("NFT", "Legacy", "Auto"),
    "calico_linux_dataplane": ("Iptables", "Nftables", "BPF", "VPP"), "calico_bgp": ("Enabled", "Disabled"),
    "calico_host_ports": ("Enabled", "Disabled"), "calico_multi_interface_mode": ("None", "Multus"),
    "calico_windows_dataplane": ("HNS", "Disabled"),
}
SECRET_KEYS = ("admin_password", "vault_admin_password")


class BootstrapError(Exception):
    """A bootstrap that the playbook would fail; ``status`` is the HTTP status of the admin endpoint."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def default_overrides(topology):
    """The overrides ``--deployed`` uses: the playbook defaults with the system mode of the topology."""
    overrides = copy.deepcopy(DEFAULTS)
    overrides["system_mode"] = "simplex" if topology == "aio-sx" else "duplex"
    return overrides


def system_type_of(topology):
    return "All-in-one" if str(topology).startswith("aio") else "Standard"


# -- validation helpers ---------------------------------------------------------------------------------------
def _show(key, value):
    return "'******'" if key in SECRET_KEYS or "password" in key else repr(value)


def _fail(key, value, rule, status=400):
    raise BootstrapError("%s %s: %s" % (key, _show(key, value), rule), status)


def _ipaddr_ok(item):
    """ansible's ``ipaddr`` filter: an address or a network."""
    try:
        netaddr.IPNetwork(str(item).strip())
        return str(item).strip() != ""
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return False


def _family_of_address(item):
    if netaddr.valid_ipv4(item):
        return 4
    if netaddr.valid_ipv6(item):
        return 6
    raise ValueError("Invalid IP address: %s" % item)


def _family_of_cidr(item):
    try:
        netaddr.IPNetwork(item, version=6)
        return 6
    except Exception:
        pass
    try:
        netaddr.IPNetwork(item)
        if item.split("/")[1] != "":
            return 4
    except Exception:
        pass
    raise ValueError("Invalid IP network: %s" % item)


def parse_dual_stack(key, value):
    """``parse_dual_stack.py``: "primary[,secondary]" -> (primary, secondary or None)."""
    if not isinstance(value, str):
        _fail(key, value, "must be a string of one address/subnet or two comma separated (IPv4 and IPv6)")
    for item in value.split(","):
        if not _ipaddr_ok(item):
            raise BootstrapError("%s:%s Validating:%s: not a valid IP address or subnet" % (key, value, item))
    values = value.split(",")
    try:
        if len(values) > 2:
            raise ValueError("More than two IPs not supported")
        families, kinds = [], []
        for item in values:
            if "/" in item:
                kinds.append("cidr")
                families.append(_family_of_cidr(item))
            else:
                kinds.append("address")
                families.append(_family_of_address(item))
        if len(values) == 2 and families[0] == families[1]:
            raise ValueError("Dual-stack of same IP family not supported")
        if len(values) == 2 and kinds[0] != kinds[1]:
            raise ValueError("Value should be both either Subnet or Address")
    except ValueError as exc:
        raise BootstrapError("An error occurred during parsing %s:%s : %s" % (key, value, exc))
    return values[0], (values[1] if len(values) == 2 else None)


def _check_address_vs_subnet(address_key, address_value, subnet_key, subnet_value):
    """``validate_dual_stack_address_vs_subnet.py``."""
    subnets, addresses = subnet_value.split(","), address_value.split(",")
    try:
        if len(subnets) != len(addresses):
            raise ValueError("Not of same size (single or dual-stack)")
        for i, address in enumerate(addresses):
            if netaddr.IPAddress(address).version != netaddr.IPNetwork(subnets[i]).version:
                raise ValueError("IP family does not match on sequence")
    except ValueError as exc:
        raise BootstrapError("An error occurred during validating %s:%s vs %s:%s : %s"
                             % (address_key, address_value, subnet_key, subnet_value, exc))


def _bool_setting(config, key, message):
    if key in config and not isinstance(config[key], bool):
        _fail(key, config[key], message)


def _validate_range(network, subnet_key, start, end, subnet, system_mode, dc_role):
    """``validate_address_range.yml``."""
    where = "%s %s (range %s-%s)" % (subnet_key, subnet, start, end)
    try:
        start_ip, end_ip = netaddr.IPAddress(start), netaddr.IPAddress(end)
    except (netaddr.AddrFormatError, ValueError):
        raise BootstrapError("%s: %s start and end address must be valid IP addresses" % (where, network))
    if not start_ip < end_ip:
        if network in START_END_EQUAL_ALLOWED and not start_ip == end_ip:
            raise BootstrapError("%s: Failed validation, %s start address must be less than or equal to end "
                                 "address." % (where, network))
        if network not in START_END_EQUAL_ALLOWED:
            raise BootstrapError("%s: Failed validation, %s start address must be less than end address."
                                 % (where, network))
    if start_ip not in subnet or end_ip not in subnet:
        raise BootstrapError("%s: Failed validation, %s start or end address must be within its subnet range."
                             % (where, network))
    min_size = 3 if system_mode == "simplex" and network in START_END_EQUAL_ALLOWED else 5
    minimum = {"cluster_pod": 65536, "cluster_service": 65536, "pxeboot": min_size, "multicast": 6,
               "management": min_size, "cluster_host": min_size, "oam": 5, "admin": min_size}[network]
    if subnet.size < minimum:
        raise BootstrapError("%s: Failed validation, %s subnet must contain at least %d addresses."
                             % (where, network, minimum))
    if network == "cluster_service" and subnet.size > 1048576:
        raise BootstrapError("%s: Failed validation, %s subnet must not contain more than %d addresses."
                             % (where, network, 1048576))
    size = int(end_ip) - int(start_ip) + 1
    if size < minimum - 2:
        raise BootstrapError("%s: Failed validation, %s address range must contain at least %d addresses."
                             % (where, network, minimum - 2))
    if dc_role == "systemcontroller" and network == "management" and size >= subnet.size - 2:
        raise BootstrapError("%s: Failed validation, %s address range too large, no addresses left for System "
                             "Controller gateway(s)" % (where, network))


def _default_end(subnet):
    return str(subnet[-1] if subnet.version == 6 else subnet[-2])


def _check_in_subnet(key, address, subnet_key, subnet):
    ip = netaddr.IPAddress(address)
    if ip not in subnet:
        _fail(key, address, "the address must be within %s %s" % (subnet_key, subnet))
    if subnet.version == 4 and subnet.size > 2 and ip in (subnet.network, subnet.broadcast):
        _fail(key, address, "the address can not be the network or broadcast address of %s %s"
              % (subnet_key, subnet))


def _check_in_range(key, address, start, end):
    ip = netaddr.IPAddress(address)
    if not netaddr.IPAddress(start) <= ip <= netaddr.IPAddress(end):
        _fail(key, address, "the address must be within the address range %s-%s of its pool" % (start, end))


# -- validation -----------------------------------------------------------------------------------------------
def validate(overrides, topology):
    """Merge the overrides with the defaults and validate them; returns the bootstrap configuration."""
    if not isinstance(overrides, dict):
        raise BootstrapError("overrides must be a mapping of bootstrap keys to values")
    config = copy.deepcopy(DEFAULTS)
    for key, value in overrides.items():
        if key == "docker_registries" and isinstance(value, dict):
            continue
        config[key] = copy.deepcopy(value)
    if "vault_admin_password" in overrides:
        config["admin_password"] = overrides["vault_admin_password"]
    user_registries = overrides.get("vault_docker_registries", overrides.get("docker_registries"))
    if user_registries is not None and not isinstance(user_registries, dict):
        _fail("docker_registries", user_registries, "must be a mapping of registry names to {url, username, "
                                                    "password, type, secure}")
    registries = {key: {"url": key} for key in DOCKER_REGISTRY_KEYS}
    registries.update(copy.deepcopy(user_registries or {}))
    config["docker_registries"] = registries

    # bootstrap/prepare-env
    for key in MANDATORY:
        if config.get(key) is None:
            raise BootstrapError("Mandatory configuration parameter %s is not defined." % key)
    system_type = system_type_of(topology)
    config["system_type"] = system_type
    admin_network = "admin_subnet" in config and "admin_gateway_address" in config
    dc_role = config.get("distributed_cloud_role")
    if admin_network and dc_role == "systemcontroller":
        _fail("admin_subnet", config["admin_subnet"],
              "Admin network parameters cannot be specified for a system controller host.")
    config["admin_network"] = admin_network

    # bootstrap/validate-config: system parameters
    system_mode = str(config["system_mode"]).lower()
    if system_type == "Standard":
        system_mode = "duplex"  # "System type is Standard, system mode will be set to duplex."
    elif system_mode not in ("simplex", "duplex", "duplex-direct"):
        _fail("system_mode", config["system_mode"],
              "Invalid system mode. Valid values are: simplex, duplex or duplex-direct.")
    config["system_mode"] = system_mode
    if "virtual_system" in config:
        if not isinstance(config["virtual_system"], bool):
            _fail("virtual_system", config["virtual_system"],
                  "virtual_system is misconfigured. Valid value is either 'True' or 'False'.")
        if config["virtual_system"] and system_type != "All-in-one":
            _fail("virtual_system", config["virtual_system"],
                  "Virtual system setting is only supported for All-in-one system")
    if dc_role not in ("none", "systemcontroller", "subcloud"):
        _fail("distributed_cloud_role", dc_role,
              "Invalid distributed cloud role. Valid values are: none, systemcontroller, or subcloud.")
    if dc_role == "systemcontroller" and system_type == "All-in-one":
        if system_mode == "simplex":
            _fail("distributed_cloud_role", dc_role, "A simplex All-in-one controller cannot be configured as "
                                                     "Distributed Cloud System Controller")
        if config.get("virtual_system"):
            _fail("virtual_system", config["virtual_system"],
                  "Virtual system setting is not supported for Distributed Cloud System Controller")
    for key, choices in CALICO_CHOICES.items():
        if key in config and config[key] not in choices:
            _fail(key, config[key], "Invalid %s '%s'. Valid values are: %s." % (key, config[key], ", ".join(choices)))
    if "calico_mtu" in config:
        try:
            mtu = int(config["calico_mtu"])
        except (TypeError, ValueError):
            mtu = 0
        if mtu < 576 or mtu > 9216:
            _fail("calico_mtu", config["calico_mtu"], "Invalid calico_mtu '%s'. Must be an integer between 576 and "
                                                      "9216." % config["calico_mtu"])
    from .services.sysinv.system import valid_timezone

    if not valid_timezone(config["timezone"]):
        _fail("timezone", config["timezone"], "The provided timezone %s is invalid." % config["timezone"])
    dns = config["dns_servers"]
    if not isinstance(dns, list):
        _fail("dns_servers", dns, "must be a list of 1 to 3 IP addresses")
    if len(dns) == 0 or len(dns) > 3:
        _fail("dns_servers", dns, "The number of DNS servers exceeds maximum allowable number of 3.")
    for server in dns:
        if not isinstance(server, str) or not netaddr.valid_ipv4(server) and not netaddr.valid_ipv6(server):
            _fail("dns_servers", server, "DNS Server: %s is not a valid IP address" % server)

    # networks: dual-stack parsing
    parsed = {}
    subnet_keys = SUBNET_KEYS + (("admin_subnet",) if admin_network else ())
    for key in subnet_keys + ("external_oam_gateway_address", "external_oam_floating_address"):
        parsed[key] = parse_dual_stack(key, config[key])
    for key in subnet_keys:
        for item in parsed[key]:
            if item is not None and "/" not in item:
                # the playbook reads a bare address as a single-address network and fails its size checks
                _fail(key, config[key], "%s is not a subnet: give the network as address/prefix length" % item)
    address_keys = dict(ADDRESS_KEYS, **(ADMIN_ADDRESS_KEYS if admin_network else {}))
    for key in address_keys:
        if key in config and key not in parsed:
            parsed[key] = parse_dual_stack(key, config[key])
    for key, subnet_key in address_keys.items():
        if key in config:
            _check_address_vs_subnet(key, config[key], subnet_key, config[subnet_key])
    subnets = {key: (netaddr.IPNetwork(parsed[key][0]),
                     netaddr.IPNetwork(parsed[key][1]) if parsed[key][1] else None) for key in subnet_keys}
    if subnets["pxeboot_subnet"][0].version != 4 or parsed["pxeboot_subnet"][1]:
        _fail("pxeboot_subnet", config["pxeboot_subnet"], "pxeboot_subnet subnet must always be IPv4")
    mgmt = subnets["management_subnet"][0]
    if mgmt.version == 6 and mgmt.prefixlen < 64:
        _fail("management_subnet", config["management_subnet"], "IPv6 minimum prefix length is 64")
    _bool_setting(config, "management_dynamic_address_allocation",
                  "management_dynamic_address_allocation is misconfigured. Valid value is either 'True' or 'False'.")
    _bool_setting(config, "cluster_host_dynamic_address_allocation",
                  "cluster_host_dynamic_address_allocation is misconfigured. Valid value is either 'True' or "
                  "'False'.")
    if dc_role == "systemcontroller" and ("management_start_address" not in config
                                          or "management_end_address" not in config):
        _fail("management_start_address", config.get("management_start_address", "derived"),
              "management_start_address and management_end_address are required for System Controller as this "
              "configuration requires address space left for gateway address(es).")
    for subnet in subnets["management_multicast_subnet"]:
        if subnet is not None and not subnet.is_multicast():
            _fail("management_multicast_subnet", config["management_multicast_subnet"],
                  "Invalid multicast subnet: management_multicast_subnet -> %s" % subnet)
    for key in ("management_multicast_subnet", "cluster_host_subnet", "cluster_pod_subnet",
                "cluster_service_subnet", "external_oam_subnet"):
        if subnets[key][0].version != mgmt.version:
            _fail(key, config[key], "Cluster, oam and mgmt must have same family address type: %s and %s"
                  % (parsed["management_subnet"][0], parsed[key][0]))
    if admin_network and subnets["admin_subnet"][0].version != mgmt.version:
        _fail("admin_subnet", config["admin_subnet"], "Admin subnet must have same IP family of platform network "
                                                      "parameters")
    dual = {key: parsed[key][1] is not None for key in ("cluster_pod_subnet", "cluster_service_subnet",
                                                        "cluster_host_subnet", "external_oam_subnet")}
    cluster = [dual["cluster_pod_subnet"], dual["cluster_service_subnet"], dual["cluster_host_subnet"]]
    if any(cluster) and not all(cluster):
        key = [k for k in ("cluster_pod_subnet", "cluster_service_subnet", "cluster_host_subnet") if dual[k]][0]
        _fail(key, config[key], "To have dual-stack, cluster networks (pod, host, and service) must have IPv4 and "
                                "IPv6 subnets defined")
    if dual["cluster_pod_subnet"] and not dual["external_oam_subnet"]:
        _fail("external_oam_subnet", config["external_oam_subnet"], "To have dual-stack cluster pod network, OAM "
                                                                    "must have IPv4 and IPv6 subnets defined")

    # address pairs: derived defaults, then range validation (primary, then secondary)
    pairs = {0: {}, 1: {}}
    for network, prefix, subnet_key in NETWORKS:
        if subnet_key not in subnets:
            continue
        for index in (0, 1):
            subnet = subnets[subnet_key][index]
            if subnet is None:
                continue

            def given(name, _index=index):
                key = "%s_%s" % (prefix, name)
                if key not in config:
                    return None
                if network == "pxeboot":
                    return str(config[key]) if _index == 0 else None
                return parsed[key][_index] if key in parsed else None

            start = given("start_address") or str(subnet[1])
            end = given("end_address") or (str(subnet[-2]) if network == "pxeboot" else _default_end(subnet))
            pair = {"start": start, "end": end, "subnet": subnet, "subnet_key": subnet_key,
                    "start_given": given("start_address") is not None}
            if network in ("pxeboot", "management", "cluster_host", "admin"):
                pair["floating"] = given("floating_address") or given("start_address") or str(subnet[1])
                pair["floating_key"] = "%s_floating_address" % prefix
            if network in ("management", "admin"):
                pair["gateway"] = given("gateway_address")
            pairs[index][network] = pair
    for index in (0, 1):
        for network, pair in pairs[index].items():
            _validate_range(network, pair["subnet_key"], pair["start"], pair["end"], pair["subnet"], system_mode,
                            dc_role)
    # OAM: floating (mandatory), gateway and unit addresses (derived floating+1/+2)
    for index in (0, 1):
        oam = pairs[index].get("oam")
        if oam is None:
            continue
        floating = parsed["external_oam_floating_address"][index]
        gateway = parsed["external_oam_gateway_address"][index]
        if floating is None:
            _fail("external_oam_floating_address", config["external_oam_floating_address"],
                  "a floating address is required for each family of external_oam_subnet")
        oam["floating"] = floating
        oam["gateway"] = gateway
        node0 = parsed.get("external_oam_node_0_address", (None, None))[index]
        node1 = parsed.get("external_oam_node_1_address", (None, None))[index]
        oam["c0"] = node0 or str(netaddr.IPAddress(floating) + 1)
        oam["c1"] = node1 or str(netaddr.IPAddress(floating) + 2)
        subnet = oam["subnet"]
        _check_in_subnet("external_oam_floating_address", floating, "external_oam_subnet", subnet)
        _check_in_range("external_oam_floating_address", floating, oam["start"], oam["end"])
        if gateway:
            _check_in_subnet("external_oam_gateway_address", gateway, "external_oam_subnet", subnet)
        if system_mode != "simplex":
            for key, value in (("external_oam_node_0_address", oam["c0"]), ("external_oam_node_1_address", oam["c1"])):
                _check_in_subnet(key, value, "external_oam_subnet", subnet)
                _check_in_range(key, value, oam["start"], oam["end"])
            if len({floating, oam["c0"], oam["c1"], gateway}) < (4 if gateway else 3):
                _fail("external_oam_node_0_address", oam["c0"], "the OAM floating, controller-0, controller-1 and "
                                                                "gateway addresses must be different")
    for index in (0, 1):
        for network, pair in pairs[index].items():
            if network == "oam":
                continue
            if pair.get("floating"):
                _check_in_subnet(pair["floating_key"], pair["floating"], pair["subnet_key"], pair["subnet"])
                _check_in_range(pair["floating_key"], pair["floating"], pair["start"], pair["end"])
            if pair.get("gateway"):
                _check_in_subnet("%s_gateway_address" % ("admin" if network == "admin" else "management"),
                                 pair["gateway"], pair["subnet_key"], pair["subnet"])
    config["pairs"] = pairs

    # system controller networks (set by dcmanager for subclouds)
    sc_values = [config.get(k) for k in ("system_controller_subnet", "system_controller_floating_address",
                                         "system_controller_oam_subnet", "system_controller_oam_floating_address")]
    config["system_controller"] = None
    if all(v and str(v).strip().lower() != "none" for v in sc_values):
        for key in ("system_controller_subnet", "system_controller_oam_subnet"):
            if not _ipaddr_ok(config[key]) or "/" not in str(config[key]):
                _fail(key, config[key], "must be a subnet")
        config["system_controller"] = {
            "subnet": netaddr.IPNetwork(config["system_controller_subnet"]),
            "floating": str(config["system_controller_floating_address"]),
            "oam_subnet": netaddr.IPNetwork(config["system_controller_oam_subnet"]),
            "oam_floating": str(config["system_controller_oam_floating_address"]),
        }

    # common/validate-registries
    for key in list((user_registries or {}).keys()):
        if key not in DOCKER_REGISTRY_KEYS + ("defaults",):
            raise BootstrapError("docker_registries: Unknown registry key: '%s'. Acceptable keys are %s "
                                 % (key, ", ".join(DOCKER_REGISTRY_KEYS + ("defaults",))))
    for key, registry in registries.items():
        if not isinstance(registry, dict):
            _fail("docker_registries.%s" % key, registry, "must be a mapping with url, username, password, type "
                                                          "and secure")
        if ("username" in registry) != ("password" in registry):
            raise BootstrapError("docker_registries.%s: %s registry username and password must both be specified "
                                 "or not at all" % (key, REGISTRY_NAMES.get(key, key)))
        if "type" in registry and registry["type"] not in ("docker", "aws-ecr"):
            _fail("docker_registries.%s.type" % key, registry["type"],
                  "Registry type for %s is not supported. Valid value is either 'docker' or 'aws-ecr'." % key)
        if "secure" in registry and not isinstance(registry["secure"], bool):
            _fail("docker_registries.%s.secure" % key, registry["secure"],
                  "'secure' parameter of registry %s is misconfigured. Valid value is either 'True' or 'False'."
                  % key)
    if not isinstance(config.get("additional_local_registry_images", []), list):
        _fail("additional_local_registry_images", config["additional_local_registry_images"],
              "additional_local_registry_images must be a list")
    applications = config.get("applications")
    if not isinstance(applications, list) or not all(isinstance(a, dict) for a in applications):
        _fail("applications", config.get("applications"), "must be a list of {tarball path: overrides} mappings")
    oidc = config.get("apiserver_oidc") or {}
    if not isinstance(oidc, dict) or not (len(oidc) == 0 or (
            len(oidc) in (3, 4) and {"client_id", "issuer_url", "username_claim"} <= set(oidc)
            and (len(oidc) == 3 or "groups_claim" in oidc))):
        _fail("apiserver_oidc", oidc, "If OpenID Connect parameters are specified, you must specify all 3 "
                                      "apiserver_oidc: client_id, issuer_url, username_claim or apiserver_oidc: "
                                      "groups_claim in addition to the previous 3.")
    if config.get("kernel") not in ("standard", "lowlatency"):
        _fail("kernel", config.get("kernel"), "kernel must be either 'standard' or 'lowlatency'")

    # bootstrap/store-passwd
    password = config["admin_password"]
    quoted = isinstance(password, str) and ('"' in password or "'" in password)
    if not isinstance(password, str) or quoted or not re.match(PASSWORD_REGEX, password):
        _fail("admin_password", password, PASSWORD_RULE)

    # region (validate-config)
    if dc_role == "systemcontroller":
        config["region_name"] = "RegionOne"
    elif dc_role == "subcloud":
        if not config.get("region_name"):
            _fail("region_name", config.get("region_name"), "a subcloud's region_name is given by dcmanager and "
                                                            "must be set")
    else:
        config["region_name"] = uuidlib.uuid4().hex
    return config


# -- bootstrap ------------------------------------------------------------------------------------------------
def _version_text(subnet):
    return "ipv%d" % subnet.version


def _pool_fields(name, subnet, pair=None, **addresses):
    fields = {"name": name, "network": str(subnet.network), "prefix": subnet.prefixlen}
    if pair is not None:
        fields["ranges"] = [[pair["start"], pair["end"]]]
    for key, value in addresses.items():
        if value:
            fields[key] = value
    return fields


def _networking():
    from .services.sysinv import networking

    return networking


def _create_networks(emulator, scope, config):
    """populate_initial_config.py ``populate_network_config``."""
    from .http import ApiError

    net = _networking()
    pairs = config["pairs"]
    created = {"pools": [], "networks": []}

    def pool(fields, keys):
        try:
            record = net.create_pool(scope, **fields)
        except ApiError as exc:
            raise BootstrapError("%s: sysinv refused address pool %s: %s" % (keys, fields["name"], exc.message))
        created["pools"].append(record["name"])
        return record

    def network(ntype, record, dynamic):
        try:
            result = net.create_network(scope, ntype, ntype, record["uuid"], dynamic)
        except ApiError as exc:
            raise BootstrapError("sysinv refused network %s (pool %s): %s" % (ntype, record["name"], exc.message))
        created["networks"].append(ntype)
        return result

    def secondary(result, record):
        try:
            net.assign_secondary_pool(scope, result, record)
        except ApiError as exc:
            raise BootstrapError("sysinv refused the secondary pool %s: %s" % (record["name"], exc.message))

    def family_pools(network_name, prefix, keys, ntype, dynamic, **extra):
        primary = pairs[0][network_name]
        addresses = {k: primary.get(v) for k, v in extra.items()}
        first = pool(_pool_fields("%s-%s" % (prefix, _version_text(primary["subnet"])), primary["subnet"],
                                  primary, **addresses), keys)
        result = network(ntype, first, dynamic)
        second = pairs[1].get(network_name)
        if second is not None:
            addresses = {k: second.get(v) for k, v in extra.items()}
            secondary(result, pool(_pool_fields("%s-%s" % (prefix, _version_text(second["subnet"])),
                                                second["subnet"], second, **addresses), keys))
        return result

    simplex = config["system_mode"] == "simplex"
    family_pools("management", "management", "management_subnet", "mgmt",
                 config["management_dynamic_address_allocation"], floating_address="floating",
                 gateway_address="gateway")
    pxe = pairs[0]["pxeboot"]
    network("pxeboot", pool(_pool_fields("pxeboot", pxe["subnet"], pxe, floating_address=pxe["floating"]),
                            "pxeboot_subnet"), True)
    oam_extra = {"floating_address": "floating", "gateway_address": "gateway"}
    if not simplex:
        oam_extra.update(controller0_address="c0", controller1_address="c1")
    family_pools("oam", "oam", "external_oam_subnet", "oam", False, **oam_extra)
    family_pools("multicast", "multicast-subnet", "management_multicast_subnet", "multicast", False)
    family_pools("cluster_host", "cluster-host-subnet", "cluster_host_subnet", "cluster-host",
                 config["cluster_host_dynamic_address_allocation"], floating_address="floating")
    family_pools("cluster_pod", "cluster-pod-subnet", "cluster_pod_subnet", "cluster-pod", False)
    family_pools("cluster_service", "cluster-service-subnet", "cluster_service_subnet", "cluster-service", False)
    sc = config["system_controller"]
    if sc is not None:
        mgmt_pool = pool(_pool_fields("system-controller-subnet", sc["subnet"], floating_address=sc["floating"]),
                         "system_controller_subnet")
        oam_pool = pool(_pool_fields("system-controller-oam-subnet", sc["oam_subnet"],
                                     floating_address=sc["oam_floating"]), "system_controller_oam_subnet")
        network("system-controller", mgmt_pool, False)
        network("system-controller-oam", oam_pool, False)
    if config["admin_network"] and config["distributed_cloud_role"] != "systemcontroller":
        family_pools("admin", "admin", "admin_subnet", "admin", False, floating_address="floating",
                     gateway_address="gateway")
    return created


def bootstrap(emulator, overrides):
    """Bootstrap controller-0 of the ``main`` system. Returns a summary; raises BootstrapError."""
    if emulator.bootstrapped:
        raise BootstrapError("The bootstrap of host localhost has already been finalized. Please re-install "
                             "before attempting to bootstrap it again.", status=409)
    topology = emulator.store.setting("topology") or "aio-sx"
    config = validate(overrides, topology)

    from .services.sysinv import apps as apps_module
    from .services.sysinv import host_timeline, hosts, system as system_module

    scope = emulator.scope("main")
    emulator.faults.crash_point("bootstrap.persist_config")
    # 1. the system record (sysinv creates it; populate_system_config patches it)
    sysrec = system_module.system(scope) or system_module.create_system(
        scope, software_version=emulator.store.setting("sw_version"))
    dc_role = None if config["distributed_cloud_role"] == "none" else config["distributed_cloud_role"]
    capabilities = {"region_config": dc_role == "subcloud", "vswitch_type": "none", "shared_services": "[]",
                    "sdn_enabled": False, "https_enabled": True}
    values = {"system_mode": config["system_mode"], "capabilities": capabilities, "timezone": config["timezone"],
              "service_project_name": "services", "distributed_cloud_role": dc_role,
              "region_name": config["region_name"], "name": config["region_name"],
              "system_type": config["system_type"]}
    system_module.update_system(scope, [{"op": "replace", "path": "/" + k, "value": v} for k, v in values.items()])
    if config.get("kernel") == "lowlatency" and config["system_type"] == "All-in-one":
        sysrec["_lowlatency"] = True
        scope.save("isystem", sysrec)
    # 2. keystone
    emulator.keystone.ensure_defaults(config["admin_password"])
    # 3. networks
    created = _create_networks(emulator, scope, config)
    # 4. controller-0, inventoried by its agent
    plan = (emulator.store.setting("hardware") or [{}])[0]
    host = hosts.add_host(emulator, scope, {
        "personality": "controller", "hostname": "controller-0", "mgmt_mac": plan.get("mgmt_mac"),
        "administrative": "locked", "operational": "disabled", "availability": "offline",
        "invprovision": "provisioning", "rootfs_device": plan.get("rootfs_device"),
        "boot_device": plan.get("boot_device"), "console": "ttyS0,115200", "tboot": "", "install_output": "text",
    })
    host_timeline.agent_reported(emulator, scope, host, active=True)
    # 5. lo carries mgmt and cluster-host until the operator moves them (bringup-essential-services)
    net = _networking()
    lo = net.create_interface(scope, host, ifname="lo", iftype="virtual", ifclass="platform", imtu=1500)
    for ntype in ("mgmt", "cluster-host"):
        net.assign_interface_network(scope, lo, scope.first("network", type=ntype))
    # 6. platform applications
    emulator.faults.crash_point("bootstrap.applications")
    applications = []
    if hasattr(apps_module, "ensure_platform_apps"):
        applications = [{"name": a["name"], "status": a["status"]}
                        for a in apps_module.ensure_platform_apps(emulator, scope, applied=True)]
    # 7. done
    emulator.store.set_setting("bootstrapped", True)
    emulator.store.set_setting("regions", {"main": {"name": config["region_name"], "address": emulator.address}})
    return {
        "system": {"uuid": sysrec["uuid"], "name": sysrec["name"], "system_type": sysrec["system_type"],
                   "system_mode": sysrec["system_mode"], "region_name": sysrec["region_name"],
                   "distributed_cloud_role": sysrec["distributed_cloud_role"], "timezone": sysrec["timezone"]},
        "region_name": config["region_name"],
        "hosts": [{"hostname": host["hostname"], "uuid": host["uuid"], "administrative": host["administrative"],
                   "operational": host["operational"], "availability": host["availability"]}],
        "address_pools": created["pools"],
        "networks": created["networks"],
        "applications": applications,
        "auth_url": emulator.auth_url(),
    }
