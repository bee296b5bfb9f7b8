# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Validation of StarlingX bootstrap overrides (``localhost.yml``) with the rules of the bootstrap playbook.

The rules, defaults and texts are those of starlingx/ansible-playbooks (``host_vars/bootstrap/default.yml``,
roles ``bootstrap/prepare-env``, ``bootstrap/validate-config``, ``bootstrap/store-passwd``,
``common/validate-addresses`` with ``parse_dual_stack.py`` and ``validate_dual_stack_address_vs_subnet.py``,
``common/validate-registries``), plus the address pool rules sysinv applies when
``populate_initial_config.py`` creates the pools (so that a bad floating or gateway address is refused
before the bootstrap, not half-way through it).

``validate(overrides, system_type)`` merges the overrides over the playbook defaults, checks everything and
returns a :class:`Report`: every rejected value as a :class:`Finding` (key, value, rule; ``str()`` is the
message, a secret value shown masked), warnings, the effective configuration with the derived addresses
(ranges, floating, controller and OAM unit addresses) and the address plan per network. All problems are
collected; nothing stops at the first one.

Deliberate differences from the playbook (stricter, each one something that fails later on a real system or
is certainly a mistake): a subnet with host bits set, a subnet written without a prefix length, an address
written with one, ``dns_servers`` entries that are networks, and registry ``type`` values are refused
whatever the other registry settings; a ``.tgz`` application path must end in ``.tgz``.

Also here, for the module (and the bootstrap role) that write the override files: which keys are secrets
(``is_secret_key``, ``split_secrets``, ``masked``), the key order of the file (``key_order``) and the
keystone password rules file parser (``read_password_rules``).

Requires netaddr (``HAS_NETADDR``); Python 3.9+ standard library otherwise.
"""

import copy
import difflib
import os
import re
import traceback

try:
    import zoneinfo
except ImportError:  # pragma: no cover - Python < 3.9
    zoneinfo = None

try:
    import netaddr
except ImportError:
    HAS_NETADDR = False
    NETADDR_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_NETADDR = True
    NETADDR_IMPORT_ERROR = None

from ansible_collections.starlingx.platform.plugins.module_utils.redact import REDACTED

ALL_IN_ONE = 'All-in-one'
STANDARD = 'Standard'
SYSTEM_TYPES = (ALL_IN_ONE, STANDARD)
SYSTEM_MODES = ('simplex', 'duplex', 'duplex-direct')
DC_ROLES = ('none', 'systemcontroller', 'subcloud')
MASK = REDACTED

# The historic /etc/keystone/password-rules.conf of StarlingX (store-passwd reads the file on the target).
PASSWORD_REGEX = r"^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[!@#$%^&*()<>{}+=_\\\[\]\-?|~`,.;:]).{7,}$"
PASSWORD_DESCRIPTION = ('Password must have a minimum length of 7 characters, and must contain at least 1 upper case, '
                        '1 lower case, 1 digit, and 1 special character')

REGISTRY_KEYS = ('k8s.gcr.io', 'gcr.io', 'quay.io', 'docker.io', 'docker.elastic.co', 'ghcr.io', 'registry.k8s.io',
                 'icr.io')
# the names validate-registries uses in its messages
REGISTRY_NAMES = {'k8s.gcr.io': 'k8s', 'gcr.io': 'gcr', 'quay.io': 'quay', 'docker.io': 'docker',
                  'docker.elastic.co': 'elastic', 'ghcr.io': 'ghcr', 'registry.k8s.io': 'registryk8s', 'icr.io': 'icr',
                  'defaults': 'defaults'}
REGISTRY_TYPES = ('docker', 'aws-ecr')

# host_vars/bootstrap/default.yml (override_files_dir, password_change_responses and k8s_plugins left out)
DEFAULTS = {
    'system_mode': 'simplex',
    'distributed_cloud_role': 'none',
    'timezone': 'UTC',
    'dns_servers': ['8.8.8.8', '8.8.4.4'],
    'pxeboot_subnet': '169.254.202.0/24',
    'management_subnet': '192.168.204.0/24',
    'cluster_host_subnet': '192.168.206.0/24',
    'cluster_pod_subnet': '172.16.0.0/16',
    'cluster_service_subnet': '10.96.0.0/12',
    'external_oam_subnet': '10.10.10.0/24',
    'external_oam_gateway_address': '10.10.10.1',
    'external_oam_floating_address': '10.10.10.2',
    'management_multicast_subnet': '239.1.1.0/28',
    'management_dynamic_address_allocation': True,
    'cluster_host_dynamic_address_allocation': True,
    'docker_registries': dict((key, {'url': None}) for key in REGISTRY_KEYS),
    'user_dns_host_records': None,
    'apiserver_extra_volumes': [],
    'controllermanager_extra_volumes': [],
    'scheduler_extra_volumes': [],
    'admin_username': 'admin',
    'admin_password': 'St8rlingXCloud*',
    'password_change': False,
    'wipe_ceph_osds': False,
    'enable_volume_snapshot_support': True,
    'applications': [],
    'add_docker_prefix': False,
    'kernel': 'standard',
}

# bootstrap/prepare-env "Mandatory configuration parameter ... is not defined" (override_files_dir left out:
# it is where the files are, not a key of them)
MANDATORY = ('system_mode', 'timezone', 'pxeboot_subnet', 'management_subnet', 'cluster_host_subnet',
             'cluster_pod_subnet', 'cluster_service_subnet', 'external_oam_subnet', 'external_oam_gateway_address',
             'external_oam_floating_address', 'management_multicast_subnet', 'management_dynamic_address_allocation',
             'cluster_host_dynamic_address_allocation', 'dns_servers', 'docker_registries', 'admin_username',
             'admin_password')


class Network(object):
    """A bootstrap network: the name validate_address_range uses, the override key prefix, its addresses."""

    def __init__(self, name, prefix, floating=False, gateway=False, nodes=False, dual=True, min_size=5,
                 start_end_equal=False):
        self.name = name
        self.prefix = prefix
        self.floating = floating
        self.gateway = gateway
        self.nodes = nodes
        self.dual = dual
        self.min_size = min_size
        self.start_end_equal = start_end_equal

    @property
    def subnet_key(self):
        return self.prefix + '_subnet'

    def key(self, what):
        return '%s_%s_address' % (self.prefix, what)

    def address_kinds(self):
        kinds = ['start', 'end']
        if self.floating:
            kinds.append('floating')
        if self.gateway:
            kinds.append('gateway')
        if self.nodes:
            kinds += ['node_0', 'node_1']
        return kinds

    def address_keys(self):
        return [self.key(kind) for kind in self.address_kinds()]


NETWORKS = (
    Network('pxeboot', 'pxeboot', floating=True, dual=False, start_end_equal=True),
    Network('management', 'management', floating=True, gateway=True, start_end_equal=True),
    Network('cluster_host', 'cluster_host', floating=True, start_end_equal=True),
    Network('cluster_pod', 'cluster_pod', min_size=65536),
    Network('cluster_service', 'cluster_service', min_size=65536),
    Network('oam', 'external_oam', floating=True, gateway=True, nodes=True),
    Network('multicast', 'management_multicast', min_size=6),
    Network('admin', 'admin', floating=True, gateway=True, start_end_equal=True),
)
NETWORK_BY_NAME = dict((n.name, n) for n in NETWORKS)
MAX_SUBNET_SIZE = {'cluster_service': 1048576}
MINIMUM_IPV6_PREFIX = 64
TYPICAL_SUBNET_PREFIX = 24
SYSTEM_CONTROLLER_KEYS = ('system_controller_subnet', 'system_controller_floating_address',
                          'system_controller_oam_subnet', 'system_controller_oam_floating_address')
ADDRESS_KEYS = frozenset(key for network in NETWORKS for key in network.address_keys())
NETWORK_KEYS = frozenset([n.subnet_key for n in NETWORKS] + list(ADDRESS_KEYS) + list(SYSTEM_CONTROLLER_KEYS))

CALICO_CHOICES = (
    ('calico_encapsulation', ('None', 'VXLAN', 'VXLANCrossSubnet', 'IPIP', 'IPIPCrossSubnet')),
    ('calico_chain_insert_mode', ('Insert', 'Append')),
    ('calico_iptables_backend', ('NFT', 'Legacy', 'Auto')),
    ('calico_linux_dataplane', ('Iptables', 'Nftables', 'BPF', 'VPP')),
    ('calico_bgp', ('Enabled', 'Disabled')),
    ('calico_host_ports', ('Enabled', 'Disabled')),
    ('calico_multi_interface_mode', ('None', 'Multus')),
    ('calico_windows_dataplane', ('HNS', 'Disabled')),
)
CALICO_RANGES = (('calico_mtu', 576, 9216), ('calico_ippool_block_size_v4', 20, 32),
                 ('calico_ippool_block_size_v6', 116, 128))
EXTRA_VOLUME_KEYS = ('apiserver_extra_volumes', 'controllermanager_extra_volumes', 'scheduler_extra_volumes')

# The keys the playbooks read from the override files (host_vars/bootstrap/default.yml and the roles); others
# are written as given, with a warning.
KNOWN_KEYS = frozenset(list(DEFAULTS) + list(MANDATORY) + list(NETWORK_KEYS) + [
    'admin_subnet', 'region_name', 'virtual_system', 'docker_http_proxy', 'docker_https_proxy', 'docker_no_proxy',
    'additional_local_registry_images', 'banner', 'docker_fs_size', 'docker_distribution_fs_size', 'ssl_ca_cert',
    'etcd_root_ca_cert', 'etcd_root_ca_key', 'system_root_ca_cert', 'system_local_ca_cert', 'system_local_ca_key',
    'system_platform_certificate', 'k8s_root_ca_cert', 'k8s_root_ca_key', 'apiserver_cert_sans', 'apiserver_oidc',
    'apiserver_extra_args', 'apiserver_feature_gates', 'controllermanager_extra_args', 'scheduler_extra_args',
    'kubelet_extra_args', 'kubelet_configurations', 'networking_configurations', 'kubernetes_version',
    'etcd_version', 'calico_kubelet_volume_plugin_path', 'password_change_responses', 'enforce_password_change',
    'k8s_plugins', 'vault_admin_username', 'vault_admin_password', 'vault_docker_registries',
    'vault_password_change_responses', 'ansible_become_pass', 'ansible_become_password', 'ansible_ssh_pass',
    'ansible_password', 'ansible_ssh_user', 'ansible_user', 'ansible_host', 'ansible_port', 'override_files_dir',
] + [item[0] for item in CALICO_CHOICES] + [item[0] for item in CALICO_RANGES])

# Keys whose values are secrets, at any depth (a registry's ``password``); see is_secret_key.
SECRET_NAMES = frozenset(('admin_password', 'vault_admin_password', 'password', 'ansible_become_pass',
                          'ansible_become_password', 'ansible_ssh_pass', 'ansible_password',
                          'password_change_responses', 'vault_password_change_responses'))


def is_secret_key(name):
    """True for the keys whose values are secrets (passwords, private keys, password-change responses)."""
    name = str(name)
    return name in SECRET_NAMES or name.endswith('_password') or name.endswith('_ca_key')


def _registries_hold_secrets(registries):
    return isinstance(registries, dict) and any(
        isinstance(entry, dict) and any(is_secret_key(k) for k in entry) for entry in registries.values())


def is_secret_entry(key, value):
    """True for the top-level overrides that belong in the secrets file."""
    if key == 'vault_docker_registries':
        return True
    if key == 'docker_registries':
        return _registries_hold_secrets(value)
    return is_secret_key(key)


def split_secrets(overrides):
    """``(public, secrets)``: the top-level overrides without and with secret values.

    ``docker_registries`` moves as a whole when one registry has a password: Ansible does not merge a
    variable defined in two override files, the later file wins.
    """
    public, secrets = {}, {}
    for key, value in overrides.items():
        (secrets if is_secret_entry(key, value) else public)[key] = value
    return public, secrets


def masked(value, secret=False):
    """A copy of ``value`` with every value under a secret key replaced by ``MASK``."""
    if isinstance(value, dict):
        return dict((k, masked(v, secret or is_secret_key(k))) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [masked(v, secret) for v in value]
    if secret and value is not None and not isinstance(value, bool):
        return MASK
    return value


# Order of the keys in the written file: the order of host_vars/bootstrap/default.yml, network by network.
_ORDER = ['system_mode', 'distributed_cloud_role', 'region_name', 'timezone', 'dns_servers']
for _network in NETWORKS:
    _ORDER.append(_network.subnet_key)
    _ORDER += _network.address_keys()
    if _network.name in ('management', 'cluster_host'):
        _ORDER.append('%s_dynamic_address_allocation' % _network.prefix)
_ORDER += list(SYSTEM_CONTROLLER_KEYS) + [
    'docker_registries', 'vault_docker_registries', 'docker_http_proxy', 'docker_https_proxy', 'docker_no_proxy',
    'additional_local_registry_images', 'user_dns_host_records', 'admin_username', 'admin_password',
    'vault_admin_username', 'vault_admin_password', 'applications']
_ORDER_INDEX = dict((key, index) for index, key in enumerate(_ORDER))


def key_order(data):
    """The keys of ``data`` in the order of the override file: known keys first, then the others sorted."""
    return sorted(data, key=lambda k: (_ORDER_INDEX.get(k, len(_ORDER)), str(k)))


def read_password_rules(text):
    """``(regex, description)`` from /etc/keystone/password-rules.conf (``password_regex = ...`` lines).

    Like store-passwd: the regex is the value's first word without surrounding double quotes; the
    description, when missing, is "Password does not meet complexity criteria.". ``(None, None)`` when the
    file has no password_regex.
    """
    regex = description = None
    for line in (text or '').splitlines():
        name, sep, value = line.partition('=')
        if not sep:
            continue
        name = name.strip()
        if name == 'password_regex' and value.split():
            regex = value.split()[0].strip('"')
        elif name == 'password_regex_description':
            description = value.strip()
    if regex is None:
        return None, None
    return regex, description or 'Password does not meet complexity criteria.'


def system_type_from_platform_conf(text):
    """The ``system_type`` of /etc/platform/platform.conf, or None."""
    for line in (text or '').splitlines():
        name, sep, value = line.partition('=')
        if sep and name.strip() == 'system_type' and value.strip() in SYSTEM_TYPES:
            return value.strip()
    return None


_TIMEZONES = None


def valid_timezone(name):
    """True when ``name`` is in the zoneinfo database (bootstrap stats /usr/share/zoneinfo/<name>)."""
    global _TIMEZONES
    if not isinstance(name, str) or not name or '..' in name.split('/') or name.startswith('/'):
        return False
    if _TIMEZONES is None:
        try:
            _TIMEZONES = set(zoneinfo.available_timezones()) if zoneinfo is not None else set()
        except Exception:  # pylint: disable=broad-except
            _TIMEZONES = set()
    if _TIMEZONES:
        return name in _TIMEZONES or name == 'UTC'
    return name == 'UTC' or os.path.isfile(os.path.join('/usr/share/zoneinfo', name))


# -- findings and the report ------------------------------------------------------------------------------------
def show(key, value):
    """How a value appears in a message: quoted, or MASK for a secret."""
    if is_secret_key(str(key).rsplit('.', 1)[-1].split('[')[0]):
        return "'%s'" % MASK
    if isinstance(value, str):
        return "'%s'" % value
    return repr(masked(value))


class Finding(object):
    """A rejected value: the key (dotted for nested values), the value and the rule it breaks."""

    def __init__(self, key, value, rule):
        self.key = key
        self.value = value
        self.rule = rule

    @property
    def message(self):
        return '%s %s: %s' % (self.key, show(self.key, self.value), self.rule)

    def __str__(self):
        return self.message

    def __repr__(self):
        return '<Finding %s>' % self.message


class Report(object):
    """What validate() found: ``errors`` (Findings), ``warnings`` (texts), the effective configuration."""

    def __init__(self):
        self.errors = []
        self.warnings = []
        self.config = {}
        self.networks = {}
        self.system_type = None

    @property
    def ok(self):
        return not self.errors

    @property
    def messages(self):
        return [finding.message for finding in self.errors]

    def effective(self):
        """The effective configuration with secret values masked."""
        return masked(self.config)


# -- address parsing ---------------------------------------------------------------------------------------------
def _pton_flags():
    return getattr(netaddr, 'INET_PTON', 0)


def parse_address(text):
    """An IPAddress from a strict textual address (inet_pton rules, no prefix), or None."""
    if not isinstance(text, str) or not text or text.strip() != text or '/' in text:
        return None
    try:
        return netaddr.IPAddress(text, flags=_pton_flags())
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return None


def parse_subnet(text):
    """An IPNetwork from ``address/prefix`` (strict address, decimal prefix within the family), or None."""
    if not isinstance(text, str) or text.count('/') != 1:
        return None
    address, prefix = text.split('/')
    ip = parse_address(address)
    if ip is None or not re.match(r'^[0-9]{1,3}$', prefix) or int(prefix) > (32 if ip.version == 4 else 128):
        return None
    try:
        return netaddr.IPNetwork('%s/%d' % (ip, int(prefix)))
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return None


def _family(item):
    return 'IPv%d' % item.version


class Validator(object):
    """One validation run; see validate()."""

    def __init__(self, overrides, system_type=ALL_IN_ONE, password_rule=None):
        self.user = overrides
        self.system_type = system_type
        self.password_regex, self.password_description = password_rule or (PASSWORD_REGEX, PASSWORD_DESCRIPTION)
        self.report = Report()
        self.config = {}
        # parsed dual-stack values: key -> list of IPNetwork / IPAddress (primary first); None when invalid
        self.parsed = {}
        self.bad = set()   # keys found invalid: checks that need them are skipped

    # -- helpers ----------------------------------------------------------------------------------------------
    def error(self, key, value, rule):
        if key in DEFAULTS and isinstance(self.user, dict) and key not in self.user:
            rule += ' (%s is the playbook default: set it to match the other overrides)' % key
        self.report.errors.append(Finding(key, value, rule))
        self.bad.add(key.split('.')[0])

    def warn(self, text):
        self.report.warnings.append(text)

    def given(self, key):
        """True when the configuration sets ``key`` (neither absent nor the playbook's "derived" marker)."""
        value = self.config.get(key)
        return key in self.config and value is not None and value != 'derived'

    # -- entry point -----------------------------------------------------------------------------------------
    def run(self):
        report = self.report
        report.system_type = self.system_type
        if not isinstance(self.user, dict):
            self.error('overrides', self.user, 'must be a mapping of bootstrap keys to values')
            return report
        if self.system_type not in SYSTEM_TYPES:
            self.error('system_type', self.system_type, 'must be one of %s' % ', '.join(SYSTEM_TYPES))
            return report
        self.merge()
        self.check_keys()
        self.check_system()
        self.check_dns()
        self.check_networks()
        self.check_system_controller_networks()
        self.check_registries()
        self.check_docker_proxy()
        self.check_lists_and_maps()
        self.check_applications()
        self.check_kubernetes()
        self.check_certificates()
        self.check_password()
        report.config = self.config
        return report

    def merge(self):
        config = copy.deepcopy(DEFAULTS)
        for key, value in self.user.items():
            config[key] = copy.deepcopy(value)
        if 'vault_docker_registries' in self.user:
            config['docker_registries'] = copy.deepcopy(self.user['vault_docker_registries'])
        self.config = config

    # -- keys ------------------------------------------------------------------------------------------------
    def check_keys(self):
        for key in self.user:
            if not isinstance(key, str):
                self.error(str(key), self.user[key], 'override keys must be strings')
                continue
            if key in KNOWN_KEYS:
                continue
            close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1, cutoff=0.85)
            self.warn("%s is not a key the bootstrap playbook reads%s; it is written as given"
                      % (key, " (did you mean %s?)" % close[0] if close else ''))
        for key in MANDATORY:
            if self.config.get(key) is None or self.config.get(key) == '':
                self.error(key, self.config.get(key), 'Mandatory configuration parameter %s is not defined.' % key)
        for key in NETWORK_KEYS:
            if key in self.user and key not in MANDATORY and (self.user[key] is None or self.user[key] == ''):
                self.error(key, self.user[key], 'must not be empty: remove the key to use the derived default')

    # -- system ----------------------------------------------------------------------------------------------
    def check_system(self):
        config = self.config
        mode = config.get('system_mode')
        role = config.get('distributed_cloud_role')
        if self.system_type == STANDARD:
            if mode != 'duplex':
                self.warn('System type is Standard, system mode will be set to duplex (system_mode %s ignored).'
                          % show('system_mode', mode))
            config['system_mode'] = mode = 'duplex'
        elif mode is not None:
            if not isinstance(mode, str) or mode.lower() not in SYSTEM_MODES:
                self.error('system_mode', mode, 'Invalid system mode. Valid values are: simplex, duplex or '
                                                'duplex-direct.')
                mode = None
            else:
                config['system_mode'] = mode = mode.lower()
        self.mode = mode
        if role not in DC_ROLES:
            self.error('distributed_cloud_role', role,
                       'Invalid distributed cloud role. Valid values are: none, systemcontroller, or subcloud.')
            role = None
        self.role = role
        virtual = config.get('virtual_system')
        if 'virtual_system' in config:
            if not isinstance(virtual, bool):
                self.error('virtual_system', virtual,
                           "virtual_system is misconfigured. Valid value is either 'True' or 'False'.")
            elif virtual and self.system_type != ALL_IN_ONE:
                self.error('virtual_system', virtual, 'Virtual system setting is only supported for All-in-one '
                                                      'system')
        if role == 'systemcontroller' and self.system_type == ALL_IN_ONE:
            if mode == 'simplex':
                self.error('distributed_cloud_role', role, 'A simplex All-in-one controller cannot be configured as '
                                                           'Distributed Cloud System Controller')
            if virtual is True:
                self.error('virtual_system', virtual, 'Virtual system setting is not supported for Distributed Cloud '
                                                      'System Controller')
        self.admin_network = 'admin_subnet' in config and 'admin_gateway_address' in config
        if self.admin_network and role == 'systemcontroller':
            self.error('admin_subnet', config['admin_subnet'],
                       'Admin network parameters cannot be specified for a system controller host.')
            self.admin_network = False
        elif ('admin_subnet' in config) != ('admin_gateway_address' in config):
            given = 'admin_subnet' if 'admin_subnet' in config else 'admin_gateway_address'
            self.warn('%s is ignored: the admin network needs both admin_subnet and admin_gateway_address' % given)
        if role == 'subcloud' and not config.get('region_name'):
            self.warn('distributed_cloud_role is subcloud but region_name is not set: dcmanager passes it to the '
                      'bootstrap playbook; set it when bootstrapping the subcloud directly')
        timezone = config.get('timezone')
        if timezone is not None and not valid_timezone(timezone):
            self.error('timezone', timezone, 'The provided timezone %s is invalid (not in the zoneinfo database).'
                       % timezone)
        for key in ('management_dynamic_address_allocation', 'cluster_host_dynamic_address_allocation'):
            if config.get(key) is not None and not isinstance(config[key], bool):
                self.error(key, config[key], "%s is misconfigured. Valid value is either 'True' or 'False'." % key)
        if not isinstance(config.get('admin_username'), str) and config.get('admin_username') is not None:
            self.error('admin_username', config['admin_username'], 'must be a string')

    def check_dns(self):
        servers = self.config.get('dns_servers')
        if servers is None:
            return
        if not isinstance(servers, list):
            self.error('dns_servers', servers, 'must be a list of 1 to 3 DNS server IP addresses')
            return
        if not servers:
            self.error('dns_servers', servers, 'at least one DNS server is required (1 to 3)')
        elif len(servers) > 3:
            self.error('dns_servers', servers, 'The number of DNS servers exceeds maximum allowable number of 3.')
        for index, server in enumerate(servers):
            if parse_address(server) is None:
                self.error('dns_servers[%d]' % index, server, 'DNS Server: %s is not a valid IP address' % (server,))

    # -- networks --------------------------------------------------------------------------------------------
    def networks(self):
        """The networks of this configuration (admin only with admin_subnet and admin_gateway_address)."""
        return [n for n in NETWORKS if n.name != 'admin' or self.admin_network]

    def parse_dual_stack(self, key, kind):
        """parse_dual_stack.py for the value of ``key``; ``kind`` is 'subnet' or 'address'."""
        value = self.config[key]
        if not isinstance(value, str):
            self.error(key, value, 'must be a string: one %s, or an IPv4 and an IPv6 one separated by a comma '
                                   '("v4,v6")' % kind)
            return None
        items = value.split(',')
        if len(items) > 2:
            self.error(key, value, 'More than two IPs not supported (dual stack is one IPv4 and one IPv6 %s, '
                                   'primary first)' % kind)
            return None
        parsed = []
        for item in items:
            subnet = parse_subnet(item)
            address = parse_address(item)
            if subnet is None and address is None:
                hint = ' (no spaces around the comma)' if item.strip() != item else ''
                self.error(key, value, "'%s' is not a valid IP address or subnet%s" % (item, hint))
                return None
            parsed.append(subnet if subnet is not None else address)
        if len(parsed) == 2 and parsed[0].version == parsed[1].version:
            self.error(key, value, 'Dual-stack of same IP family not supported')
            return None
        if len(parsed) == 2 and isinstance(parsed[0], netaddr.IPNetwork) != isinstance(parsed[1], netaddr.IPNetwork):
            self.error(key, value, 'Value should be both either Subnet or Address')
            return None
        for item in parsed:
            if kind == 'subnet' and not isinstance(item, netaddr.IPNetwork):
                self.error(key, value, "'%s' is not a subnet: write it as address/prefix (CIDR)" % item)
                return None
            if kind == 'address' and isinstance(item, netaddr.IPNetwork):
                self.error(key, value, "'%s' is not an IP address: write the address without a prefix length"
                           % item)
                return None
        return parsed

    def check_subnet_syntax(self, key, subnets):
        value = self.config[key]
        ok = True
        for subnet in subnets:
            if subnet.ip != subnet.network:
                self.error(key, value, 'host bits are set in %s: the subnet address is %s' % (subnet, subnet.cidr))
                ok = False
            elif subnet.network.value == 0:
                self.error(key, value, 'Network must not be null (%s)' % subnet)
                ok = False
        return ok

    def check_networks(self):
        config = self.config
        networks = self.networks()
        # 1. dual-stack syntax (subnets, then addresses), address vs subnet families
        for network in networks:
            key = network.subnet_key
            if config.get(key) is None or key in self.bad:
                continue
            subnets = self.parse_dual_stack(key, 'subnet')
            if subnets is not None and self.check_subnet_syntax(key, subnets):
                self.parsed[key] = subnets
        for network in networks:
            for key in network.address_keys():
                if not self.given(key) or key in self.bad:
                    continue
                addresses = self.parse_dual_stack(key, 'address')
                if addresses is None:
                    continue
                self.parsed[key] = addresses
                subnets = self.parsed.get(network.subnet_key)
                if subnets is None:
                    continue
                if len(addresses) != len(subnets):
                    self.error(key, config[key], 'Not of same size (single or dual-stack) as %s %s'
                               % (network.subnet_key, show(network.subnet_key, config[network.subnet_key])))
                elif any(a.version != s.version for a, s in zip(addresses, subnets)):
                    self.error(key, config[key], 'IP family does not match on sequence with %s %s'
                               % (network.subnet_key, show(network.subnet_key, config[network.subnet_key])))
        # 2. family rules
        parsed = self.parsed
        pxeboot = parsed.get('pxeboot_subnet')
        if pxeboot is not None and (len(pxeboot) > 1 or pxeboot[0].version != 4):
            self.error('pxeboot_subnet', config['pxeboot_subnet'], 'pxeboot_subnet subnet must always be IPv4')
            del parsed['pxeboot_subnet']
        for key in ('pxeboot_start_address', 'pxeboot_end_address', 'pxeboot_floating_address'):
            if parsed.get(key) and (len(parsed[key]) > 1 or parsed[key][0].version != 4):
                self.error(key, config[key], 'pxeboot addresses are IPv4 only (the pxeboot network is IPv4)')
                del parsed[key]
        mgmt = parsed.get('management_subnet')
        if mgmt is not None and mgmt[0].version == 6 and mgmt[0].prefixlen < MINIMUM_IPV6_PREFIX:
            self.error('management_subnet', config['management_subnet'],
                       'IPv6 minimum prefix length is %d' % MINIMUM_IPV6_PREFIX)
        for subnet in parsed.get('management_multicast_subnet') or ():
            multicast_range = netaddr.IPNetwork('224.0.0.0/4' if subnet.version == 4 else 'ff00::/8')
            if subnet not in multicast_range:
                self.error('management_multicast_subnet', config['management_multicast_subnet'],
                           'Invalid multicast subnet: management_multicast_subnet -> %s' % subnet)
        if mgmt is not None:
            for key in ('management_multicast_subnet', 'cluster_host_subnet', 'cluster_pod_subnet',
                        'cluster_service_subnet', 'external_oam_subnet'):
                other = parsed.get(key)
                if other is not None and other[0].version != mgmt[0].version:
                    rule = ('Cluster, oam and mgmt must have same family address type: %s and %s (the primary, '
                            'first, family must be the same)' % (mgmt[0], other[0]))
                    self.error(key, config[key], rule)
            admin = parsed.get('admin_subnet')
            if admin is not None and admin[0].version != mgmt[0].version:
                self.error('admin_subnet', config['admin_subnet'],
                           'Admin subnet must have same IP family of platform network parameters (management_subnet '
                           'primary %s)' % _family(mgmt[0]))
        cluster_keys = ('cluster_pod_subnet', 'cluster_host_subnet', 'cluster_service_subnet')
        counts = dict((k, len(parsed[k])) for k in cluster_keys + ('external_oam_subnet',) if parsed.get(k))
        dual = [k for k in cluster_keys if counts.get(k) == 2]
        single = [k for k in cluster_keys if counts.get(k) == 1]
        if dual and single:
            for key in single:
                self.error(key, config[key], 'To have dual-stack, cluster networks (pod, host, and service) must have '
                                             'IPv4 and IPv6 subnets defined (%s %s dual-stack)'
                           % (' and '.join(dual), 'is' if len(dual) == 1 else 'are'))
        if counts.get('cluster_pod_subnet') == 2 and counts.get('external_oam_subnet') == 1:
            self.error('external_oam_subnet', config['external_oam_subnet'],
                       'To have dual-stack cluster pod network, OAM must have IPv4 and IPv6 subnets defined')
        if self.role == 'systemcontroller' and not (self.given('management_start_address')
                                                    and self.given('management_end_address')):
            missing = [k for k in ('management_start_address', 'management_end_address') if not self.given(k)]
            self.error(missing[0], config.get(missing[0], 'derived'),
                       'management_start_address and management_end_address are required for System Controller as '
                       'this configuration requires address space left for gateway address(es).')
        if self.admin_network and not (self.given('admin_start_address') or self.given('admin_floating_address')):
            self.error('admin_start_address', config.get('admin_start_address', 'derived'),
                       'the admin network needs admin_start_address (or admin_floating_address): validate-config '
                       'derives the admin floating address from it')
        if self.system_type == STANDARD:
            for key in ('pxeboot_subnet', 'management_subnet', 'cluster_host_subnet', 'external_oam_subnet',
                        'management_multicast_subnet'):
                if parsed.get(key) and parsed[key][0].prefixlen < TYPICAL_SUBNET_PREFIX:
                    self.warn('WARNING: Subnet prefix of less than /%d is not typical. This will affect scaling of '
                              'the system! (%s %s)' % (TYPICAL_SUBNET_PREFIX, key, parsed[key][0]))
        # 3. sizes, ranges and pool addresses, primary then secondary family
        for network in networks:
            subnets = parsed.get(network.subnet_key)
            if subnets is None or network.subnet_key in self.bad:
                continue
            plans = []
            for index, subnet in enumerate(subnets):
                plan = self.check_family(network, index, subnet)
                if plan is not None:
                    plans.append(plan)
            if len(plans) == len(subnets):
                self.report.networks[network.name] = plans
                self.set_derived(network, plans)

    def _given_address(self, network, kind, index):
        """The address of ``kind`` for family ``index`` as given, '' when not given, None when invalid."""
        key = network.key(kind)
        if key in self.bad:
            return None
        if not self.given(key):
            return ''
        if key not in self.parsed:
            return None
        items = self.parsed[key]
        if network.subnet_key in self.parsed and len(items) != len(self.parsed[network.subnet_key]):
            return None
        if any(a.version != s.version for a, s in zip(items, self.parsed[network.subnet_key])):
            return None
        return items[index]

    def check_family(self, network, index, subnet):
        """Size, range and pool address checks of one family of a network; its address plan, or None."""
        config = self.config
        mode = self.mode
        subnet_key = network.subnet_key
        subnet_value = config[subnet_key]
        where = ' (%s %s)' % (_family(subnet), subnet) if len(self.parsed[subnet_key]) > 1 else ''
        ok = True
        # validate_address_range.yml: subnet sizes
        min_size = network.min_size
        if network.start_end_equal and mode == 'simplex':
            min_size = 3
        if subnet.size < min_size:
            self.error(subnet_key, subnet_value, 'Failed validation, %s subnet must contain at least %d addresses.%s'
                       % (network.name, min_size, where))
            ok = False
        max_size = MAX_SUBNET_SIZE.get(network.name)
        if max_size and subnet.size > max_size:
            self.error(subnet_key, subnet_value, 'Failed validation, %s subnet must not contain more than %d '
                                                 'addresses.%s' % (network.name, max_size, where))
            ok = False
        given = dict((kind, self._given_address(network, kind, index)) for kind in network.address_kinds())
        if None in given.values():
            return None
        start = given['start'] or subnet[1]
        end = given['end'] or (subnet[-1] if subnet.version == 6 else subnet[-2])
        range_key = network.key('start') if given['start'] else network.key('end') if given['end'] else subnet_key
        range_value = config[range_key]
        range_text = ' (range %s-%s in %s)' % (start, end, subnet)
        # validate_address_range.yml: range
        if not start < end:
            if network.start_end_equal and start != end:
                self.error(range_key, range_value, 'Failed validation, %s start address must be less than or equal '
                                                   'to end address.%s' % (network.name, range_text))
                return None
            if not network.start_end_equal:
                self.error(range_key, range_value, 'Failed validation, %s start address must be less than end '
                                                   'address.%s' % (network.name, range_text))
                return None
        if start not in subnet or end not in subnet:
            self.error(range_key, range_value, 'Failed validation, %s start or end address must be within its subnet '
                                               'range.%s' % (network.name, range_text))
            return None
        range_size = int(end) - int(start) + 1
        if ok and range_size < min_size - 2:
            self.error(range_key, range_value, 'Failed validation, %s address range must contain at least %d '
                                               'addresses.%s' % (network.name, min_size - 2, range_text))
            ok = False
        if self.role == 'systemcontroller' and network.name == 'management' and range_size >= subnet.size - 2:
            self.error(range_key, range_value, 'Failed validation, %s address range too large, no addresses left for '
                                               'System Controller gateway(s)%s' % (network.name, range_text))
            ok = False
        # sysinv address pool (populate_initial_config.py creates it with this range)
        if start == subnet.network:
            self.error(range_key, range_value, 'sysinv refuses an address range that includes the network address '
                                               '%s%s' % (subnet.network, range_text))
            ok = False
        if subnet.version == 4 and end == subnet.broadcast:
            self.error(range_key, range_value, 'sysinv refuses an address range that includes the broadcast address '
                                               '%s%s' % (subnet.broadcast, range_text))
            ok = False
        plan = {'family': subnet.version, 'subnet': str(subnet), 'start': str(start), 'end': str(end),
                'floating': None, 'controller0': None, 'controller1': None, 'gateway': None}
        pool = {}   # pool field -> (key, address, how it was derived or None when given)
        if network.floating:
            if given['floating']:
                pool['floating_address'] = (network.key('floating'), given['floating'], None)
            elif network.name != 'oam':
                pool['floating_address'] = (network.key('floating'), start, 'derived: the range start')
        floating = pool.get('floating_address', (None, None))[1]
        plan['floating'] = floating and str(floating)
        if network.name == 'oam' and floating is not None and mode != 'simplex':
            for unit, kind, step in (('controller0', 'node_0', 1), ('controller1', 'node_1', 2)):
                address = given[kind] or self._step(floating, step)
                how = None if given[kind] else 'derived: external_oam_floating_address + %d' % step
                if address is None:
                    self.error(network.key(kind), 'derived', 'external_oam_floating_address + %d is not an address'
                               % step)
                    ok = False
                    continue
                plan[unit] = str(address)
                pool['%s_address' % unit] = (network.key(kind), address, how)
        elif floating is not None and network.name in ('management', 'cluster_host', 'pxeboot'):
            for unit, step in (('controller0', 1), ('controller1', 2)):
                address = floating if mode == 'simplex' else self._step(floating, step)
                plan[unit] = str(address) if address is not None else None
                if mode != 'simplex' and (address is None or not start <= address <= end):
                    self.warn('%s: the %s address %s (floating + %d) is outside the range %s-%s'
                              % (network.name, unit, address, step, start, end))
        if network.gateway and given['gateway']:
            plan['gateway'] = str(given['gateway'])
            pool['gateway_address'] = (network.key('gateway'), given['gateway'], None)
        pool = [(field,) + pool[field] for field in ('floating_address', 'controller0_address',
                                                     'controller1_address', 'gateway_address') if field in pool]
        if ok and not self.check_pool_addresses(network, subnet, start, end, pool):
            ok = False
        return plan if ok else None

    @staticmethod
    def _step(address, step):
        try:
            return address + step
        except (IndexError, ValueError):
            return None

    def check_pool_addresses(self, network, subnet, start, end, pool):
        """sysinv address pool rules for the floating, controller and gateway addresses."""
        ok = True
        seen = {}
        for field, key, address, how in pool:
            value = self.config.get(key) if how is None else 'derived'
            note = '' if how is None else ' (%s = %s)' % (how, address)
            if address.version != subnet.version or address not in subnet:
                self.error(key, value, 'the address %s must be within %s %s%s'
                           % (address, network.subnet_key, subnet, note))
                ok = False
                continue
            if address == subnet.network:
                self.error(key, value, 'Cannot use network address: %s (sysinv)%s' % (subnet.network, note))
                ok = False
                continue
            if subnet.version == 4 and address == subnet.broadcast:
                self.error(key, value, 'Cannot use broadcast address: %s (sysinv)%s' % (subnet.broadcast, note))
                ok = False
                continue
            if field != 'gateway_address' and not start <= address <= end:
                self.error(key, value, 'IP Address %s is not in range: %s-%s (sysinv: the %s must be in the address '
                                       'range of its pool)%s' % (address, start, end, field, note))
                ok = False
            if address in seen:
                self.error(key, value, '%s can not be the same as %s: %s (sysinv)%s'
                           % (field, seen[address], address, note))
                ok = False
            seen.setdefault(address, field)
        return ok

    def set_derived(self, network, plans):
        """Put the derived start/end/floating/node addresses in the effective configuration ("v4,v6")."""
        def joined(field):
            values = [plan[field] for plan in plans]
            return ','.join(values) if all(values) else None

        fields = [('start', 'start'), ('end', 'end')]
        if network.floating and network.name != 'oam':
            fields.append(('floating', 'floating'))
        for kind, field in fields:
            key = network.key(kind)
            if not self.given(key) and joined(field):
                self.config[key] = joined(field)
        if network.name == 'oam':
            for kind, step in (('node_0', 1), ('node_1', 2)):
                key = network.key(kind)
                if self.given(key):
                    continue
                values = [self._step(netaddr.IPAddress(plan['floating']), step) for plan in plans]
                if all(v is not None for v in values):
                    self.config[key] = ','.join(str(v) for v in values)

    def check_system_controller_networks(self):
        config = self.config
        given = [k for k in SYSTEM_CONTROLLER_KEYS if config.get(k) not in (None, '', 'none', 'None')]
        if not given:
            return
        missing = [k for k in SYSTEM_CONTROLLER_KEYS if k not in given]
        for key in missing:
            self.error(key, config.get(key), 'the system controller networks need all of %s (%s given)'
                       % (', '.join(SYSTEM_CONTROLLER_KEYS), ', '.join(given)))
        if missing:
            return
        for subnet_key, address_key in (('system_controller_subnet', 'system_controller_floating_address'),
                                        ('system_controller_oam_subnet', 'system_controller_oam_floating_address')):
            subnets = self.parse_dual_stack(subnet_key, 'subnet')
            addresses = self.parse_dual_stack(address_key, 'address')
            if subnets is None or addresses is None:
                continue
            if len(subnets) != len(addresses) or any(a not in s for a, s in zip(addresses, subnets)):
                self.error(address_key, config[address_key], 'must be within %s %s'
                           % (subnet_key, show(subnet_key, config[subnet_key])))

    # -- registries ------------------------------------------------------------------------------------------
    def check_registries(self):
        key = 'vault_docker_registries' if 'vault_docker_registries' in self.user else 'docker_registries'
        registries = self.config.get('docker_registries')
        if registries is None:
            return
        if not isinstance(registries, dict):
            self.error(key, registries, 'must be a mapping of registry names (%s, defaults) to {url, username, '
                                        'password, type, secure}' % ', '.join(REGISTRY_KEYS))
            return
        acceptable = REGISTRY_KEYS + ('defaults',)
        for name in registries:
            if name not in acceptable:
                self.error('%s.%s' % (key, name), registries[name], "Unknown registry key: '%s'. Acceptable keys are %s"
                           % (name, ', '.join(acceptable)))
        for name in acceptable:
            if name not in registries:
                continue
            entry = registries[name]
            where = '%s.%s' % (key, name)
            if not isinstance(entry, dict):
                self.error(where, entry, 'must be a mapping with url, username, password, type and secure')
                continue
            if ('username' in entry) != ('password' in entry):
                self.error(where, entry, '%s registry username and password must both be specified or not at all'
                           % REGISTRY_NAMES[name])
            if 'type' in entry and entry['type'] not in REGISTRY_TYPES:
                self.error(where + '.type', entry['type'], "Registry type for %s is not supported. Valid value is "
                                                           "either 'docker' or 'aws-ecr'." % name)
            if 'secure' in entry and not isinstance(entry['secure'], bool):
                self.error(where + '.secure', entry['secure'], "'secure' parameter of registry %s is misconfigured. "
                                                               "Valid value is either 'True' or 'False'." % name)
            url = entry.get('url')
            if url is not None and not valid_domain_or_ip(url):
                self.error(where + '.url', url, 'is not a valid registry address: a domain name or IP address, with an '
                                                'optional :port and /path')

    def check_docker_proxy(self):
        config = self.config
        for key in ('docker_http_proxy', 'docker_https_proxy'):
            value = config.get(key)
            if value is not None and value != 'undef' and not valid_url(value):
                self.error(key, value, '%s is an invalid URL (scheme://host[:port] expected).' % (value,))
        no_proxy = config.get('docker_no_proxy')
        if no_proxy is None:
            return
        if not isinstance(no_proxy, list):
            self.error('docker_no_proxy', no_proxy, 'must be a list of domain names or IP addresses')
            return
        invalid = [entry for entry in no_proxy if not valid_domain_or_ip(entry)]
        if invalid:
            self.error('docker_no_proxy', no_proxy, 'Invalid addresses: %s' % invalid)

    # -- other shapes ----------------------------------------------------------------------------------------
    def check_lists_and_maps(self):
        config = self.config
        images = config.get('additional_local_registry_images', [])
        if images is not None and not isinstance(images, list):
            self.error('additional_local_registry_images', images, 'additional_local_registry_images must be a list')
        records = config.get('user_dns_host_records')
        if records is not None:
            self.check_dns_host_records(records)
        kernel = config.get('kernel')
        if kernel not in ('standard', 'lowlatency'):
            self.error('kernel', kernel, "kernel must be either 'standard' or 'lowlatency'")
        for key, choices in CALICO_CHOICES:
            if key in config and config[key] not in choices:
                self.error(key, config[key], "Invalid %s '%s'. Valid values are: %s."
                           % (key, config[key], ', '.join(choices)))
        for key, low, high in CALICO_RANGES:
            if key in config:
                try:
                    number = int(config[key])
                except (TypeError, ValueError):
                    number = None
                if isinstance(config[key], bool) or number is None or not low <= number <= high:
                    self.error(key, config[key], "Invalid %s '%s'. Must be an integer between %d and %d."
                               % (key, config[key], low, high))
        path = config.get('calico_kubelet_volume_plugin_path')
        if 'calico_kubelet_volume_plugin_path' in config and not (isinstance(path, str) and path.startswith('/')):
            self.error('calico_kubelet_volume_plugin_path', path, "Invalid calico_kubelet_volume_plugin_path '%s'. "
                                                                  "Must be an absolute path." % (path,))

    def check_dns_host_records(self, records):
        if not isinstance(records, dict):
            self.error('user_dns_host_records', records, 'must be a mapping of record names to '
                                                         '"name[,name...],address[,address]" strings')
            return
        seen = []
        for host, value in records.items():
            key = 'user_dns_host_records.%s' % host
            if not isinstance(value, str):
                self.error(key, value, 'must be a string of comma separated domain names and IP addresses')
                continue
            entries = [v.strip() for v in value.split(',')]
            values = set(entries)
            if values in seen:
                self.error(key, value, 'User dns host-records has duplicate: %s' % value)
            seen.append(values)
            names = [v for v in entries if not v.isdigit() and parse_address(v) is None]
            addresses = [v for v in entries if parse_address(v) is not None]
            bad = [v for v in names if not _HOSTNAME.match(v)]
            if bad:
                self.error(key, value, 'Invalid DNS domain name: %s' % bad[0])
            elif not names or not addresses:
                self.error(key, value, 'User dns host-records has invalid format: {%s: %s} (at least one name and '
                                       'one IP address)' % (host, value))

    def check_applications(self):
        applications = self.config.get('applications')
        if applications is None:
            return
        if not isinstance(applications, list):
            self.error('applications', applications,
                       'must be a list of {tarball path: {overrides: [...]} or null} mappings')
            return
        for index, application in enumerate(applications):
            key = 'applications[%d]' % index
            if not isinstance(application, dict) or len(application) != 1:
                self.error(key, application, 'Malformed application yaml: each item must be a mapping with exactly '
                                             'one key, the application tarball path')
                continue
            path, settings = list(application.items())[0]
            if not isinstance(path, str) or not path.endswith('.tgz'):
                name = str(path).rsplit('/', 1)[-1]
                self.error(key, path, 'File %s has unrecognizable tarfile extension (.tgz expected).' % name)
            if settings is None:
                continue
            if not isinstance(settings, dict):
                self.error(key, settings, 'the settings of %s must be a mapping (overrides: [...]) or null' % path)
                continue
            overrides = settings.get('overrides')
            if 'overrides' not in settings:
                continue
            if not isinstance(overrides, list):
                self.error('%s.overrides' % key, overrides, 'must be a list of {chart, namespace, values-path}')
                continue
            for number, override in enumerate(overrides):
                fields = ('chart', 'namespace', 'values-path')
                if not isinstance(override, dict) or not all(f in override for f in fields):
                    self.error('%s.overrides[%d]' % (key, number), override,
                               'an application override needs chart, namespace and values-path')

    def check_kubernetes(self):
        config = self.config
        oidc = config.get('apiserver_oidc', {})
        if oidc is None:
            oidc = {}
        required = set(('client_id', 'issuer_url', 'username_claim'))
        if not isinstance(oidc, dict) or not (len(oidc) == 0 or (
                required <= set(oidc) and (len(oidc) == 3 or (len(oidc) == 4 and 'groups_claim' in oidc)))):
            self.error('apiserver_oidc', oidc, 'If OpenID Connect parameters are specified, you must specify all 3 '
                                               'apiserver_oidc: client_id, issuer_url, username_claim or '
                                               'apiserver_oidc: groups_claim in addition to the previous 3.')
        for key in EXTRA_VOLUME_KEYS:
            volumes = config.get(key)
            if volumes is None:
                continue
            if not isinstance(volumes, list):
                self.error(key, volumes, 'must be a list of extra volumes')
                continue
            for index, volume in enumerate(volumes):
                if not (isinstance(volume, dict) and all(f in volume for f in ('name', 'mountPath', 'hostPath',
                                                                               'pathType', 'readOnly'))
                        and volume['pathType'] in ('File', 'DirectoryOrCreate')
                        and isinstance(volume['readOnly'], bool)):
                    self.error('%s[%d]' % (key, index), volume,
                               "Attribute is missing in extra volume. Or readOnly attribute's value is not 'false' or "
                               "'true' Or pathType attribute's value is not 'File' or 'DirectoryOrCreate'")

    def check_certificates(self):
        config = self.config
        if bool(config.get('etcd_root_ca_cert')) != bool(config.get('etcd_root_ca_key')):
            key = 'etcd_root_ca_cert' if config.get('etcd_root_ca_cert') else 'etcd_root_ca_key'
            self.error(key, config.get(key), 'etcd_root_ca_cert and etcd_root_ca_key must be provided as a pair')
        local_ca = ('system_root_ca_cert', 'system_local_ca_cert', 'system_local_ca_key')
        provided = [k for k in local_ca if config.get(k)]
        if provided and len(provided) != len(local_ca):
            self.error(provided[0], config.get(provided[0]), 'To set the local issuer, system_root_ca_cert, '
                                                             'system_local_ca_cert and system_local_ca_key must be '
                                                             'provided.')

    # -- admin password (bootstrap/store-passwd) --------------------------------------------------------------
    def check_password(self):
        config = self.config
        if 'vault_admin_password' in config and 'vault_admin_username' in config:
            key = 'vault_admin_password'
        else:
            key = 'admin_password'
        password = config.get(key)
        if password is None:
            return
        rule = 'ADMIN_PASSWORD: %s, excluding \' (single quote) and " (double quote)' % self.password_description
        if not isinstance(password, str):
            self.error(key, password, 'must be a string. ' + rule)
            return
        try:
            matches = re.match(self.password_regex, password) is not None
        except re.error:
            matches = False
            self.warn('the password_regex of the password rules cannot be used by Python: %s' % self.password_regex)
        if '"' in password or "'" in password or not matches:
            self.error(key, password, rule)


_LABEL = r'[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?'
_HOSTNAME = re.compile(r'^%s(?:\.%s)*\.?$' % (_LABEL, _LABEL))


def valid_domain_or_ip(text):
    """A registry or no-proxy location: ``host[:port][/path]`` with a domain name or IPv4, or an IPv6 address
    (bare, or in brackets with a port) - the rule of sysinv's is_valid_domain_or_ip."""
    if not isinstance(text, str) or not text:
        return False
    location = text.split('/')[0]
    parts = location.split(':')
    if len(parts) <= 2:
        host = parts[0]
        if len(parts) == 2 and not parts[1].isdigit():
            return False
        return bool(_HOSTNAME.match(host)) or parse_address(host) is not None
    if location.startswith('['):
        host, closing, port = location[1:].partition(']')
        return bool(closing) and parse_address(host) is not None and host.count(':') >= 2 and (
            port == '' or (port.startswith(':') and port[1:].isdigit()))
    return parse_address(location) is not None


def valid_url(text):
    """A proxy URL: scheme://host[:port][/...] (sysinv's is_url: scheme and host required)."""
    if not isinstance(text, str):
        return False
    match = re.match(r'^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]+)', text)
    if not match:
        return False
    host = match.group(2).rpartition('@')[2]
    if host.startswith('['):
        inner, closing, port = host[1:].partition(']')
        return bool(closing) and parse_address(inner) is not None and (port == '' or (port.startswith(':') and port[1:].isdigit()))
    name, port = host.partition(':')[::2]
    return (bool(_HOSTNAME.match(name)) or parse_address(name) is not None) and (port == '' or port.isdigit())


def validate(overrides, system_type=ALL_IN_ONE, password_rule=None):
    """Validate bootstrap ``overrides`` for a system of ``system_type`` (All-in-one or Standard).

    ``password_rule`` is ``(regex, description)`` from the target's password rules file (read_password_rules),
    the historic StarlingX rule when None. Returns a Report; needs netaddr (check HAS_NETADDR first).
    """
    return Validator(overrides, system_type=system_type, password_rule=password_rule).run()
