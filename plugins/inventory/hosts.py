# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import annotations

DOCUMENTATION = r'''
---
name: hosts
short_description: The hosts of a running StarlingX system, from sysinv
version_added: 0.1.0
description:
  - Reads the hosts of a StarlingX system from its sysinv API (C(GET /v1/ihosts)) with the system
    (C(GET /v1/isystems)) and its OAM addresses (C(GET /v1/iextoam)), and makes them inventory hosts named by
    their hostname.
  - Groups every host by personality (C(controller), C(worker), C(storage), C(edgeworker)) and by state - its
    administrative (C(locked), C(unlocked)), operational (C(enabled), C(disabled)) and availability (C(available),
    C(online), C(offline), C(degraded), C(intest), C(power_off), C(failed)) values. Group names keep only letters,
    digits and C(_) (C(power-off) becomes C(power_off)).
  - Host variables carry the host's sysinv fields, its management address and, for controllers, its OAM address,
    all named with O(vars_prefix).
  - Hosts discovered by PXE boot that have no hostname yet are left out.
  - The inventory file must end in C(starlingx.yml) or C(starlingx.yaml), for example C(inv.starlingx.yml).
  - Authentication works as for the collection's modules, with the same options, C(clouds.yaml) and C(OS_*)
    variables; precedence is options of the inventory file, then the C(clouds.yaml) entry, then the environment.
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as a source of this plugin.
    required: true
    choices: [starlingx.platform.hosts]
    type: str
  auth_url:
    description:
      - Keystone URL, for example C(https://10.10.10.2:5000/v3).
    type: str
    env:
      - name: OS_AUTH_URL
  username:
    description: Keystone user name.
    type: str
    env:
      - name: OS_USERNAME
  password:
    description: Keystone password.
    type: str
    env:
      - name: OS_PASSWORD
  project_name:
    description: Project to scope the token to; C(admin) when none is set.
    type: str
    env:
      - name: OS_PROJECT_NAME
  user_domain_name:
    description: Domain of O(username); C(Default) when none is set.
    type: str
    env:
      - name: OS_USER_DOMAIN_NAME
  project_domain_name:
    description: Domain of O(project_name); C(Default) when none is set.
    type: str
    env:
      - name: OS_PROJECT_DOMAIN_NAME
  region_name:
    description:
      - Keystone region of the system. When not set, the region that offers the sysinv (C(platform)) service is used
        if there is only one.
    type: str
    env:
      - name: OS_REGION_NAME
  interface:
    description: Catalog interface of the endpoints; C(public) when none is set.
    type: str
    choices: [public, internal, admin]
    env:
      - name: OS_INTERFACE
  auth_token:
    description: A Keystone token issued earlier, used instead of a password.
    type: str
    env:
      - name: OS_AUTH_TOKEN
  application_credential_id:
    description: ID of a Keystone application credential.
    type: str
    env:
      - name: OS_APPLICATION_CREDENTIAL_ID
  application_credential_name:
    description: Name of an application credential of O(username).
    type: str
    env:
      - name: OS_APPLICATION_CREDENTIAL_NAME
  application_credential_secret:
    description: Secret of the application credential.
    type: str
    env:
      - name: OS_APPLICATION_CREDENTIAL_SECRET
  cloud:
    description:
      - Name of a cloud in C(clouds.yaml), searched in E(OS_CLIENT_CONFIG_FILE), C(./clouds.yaml),
        C(~/.config/openstack/clouds.yaml) and C(/etc/openstack/clouds.yaml).
      - The AWX/AAP OpenStack credential works unchanged - it sets E(OS_CLIENT_CONFIG_FILE) to a file with one cloud,
        which is used when nothing else gives an O(auth_url).
    type: str
    env:
      - name: OS_CLOUD
  validate_certs:
    description: Whether to verify TLS certificates; V(true) when not set (or C(verify) in O(cloud)).
    type: bool
  ca_cert:
    description: CA bundle used to verify TLS certificates.
    type: path
    env:
      - name: OS_CACERT
  api_timeout:
    description: Timeout in seconds of each HTTP request; 60 when not set.
    type: int
  endpoint_override:
    description: URL per service type used instead of the catalog, for example C(platform=https://10.10.10.2:6385/v1).
    type: dict
  api_log_path:
    description: Append one JSON line per HTTP request to this file (mode 0600); secrets are redacted.
    type: path
  vars_prefix:
    description: Prefix of the host variables this plugin sets.
    type: str
    default: stx_
  ansible_host_source:
    description:
      - What C(ansible_host) is set to.
      - V(oam) - a controller's own OAM address (the OAM floating address on a simplex system), any other host's
        management address.
      - V(mgmt) - every host's management address.
      - V(none) - not set (use O(compose) to set it).
    type: str
    choices: [oam, mgmt, none]
    default: oam
notes:
  - Variables set on every host (with the default prefix) - C(stx_id), C(stx_uuid), C(stx_hostname),
    C(stx_personality), C(stx_subfunctions), C(stx_administrative), C(stx_operational), C(stx_availability),
    C(stx_task), C(stx_invprovision), C(stx_mgmt_mac), C(stx_mgmt_ip), C(stx_bm_ip), C(stx_bm_type),
    C(stx_capabilities), C(stx_sw_version), C(stx_config_status), C(stx_vim_progress_status), C(stx_install_state),
    C(stx_reboot_needed), C(stx_oam_floating_ip), C(stx_oam_c0_ip), C(stx_oam_c1_ip) (null on simplex),
    C(stx_oam_subnet), C(stx_oam_gateway_ip), C(stx_system_name),
    C(stx_system_mode), C(stx_system_type), C(stx_software_version), C(stx_region_name),
    C(stx_distributed_cloud_role); on controllers also C(stx_oam_ip).
  - The addresses are those of the primary address family (what C(/v1/iextoam) and C(mgmt_ip) show).
  - The cache (O(cache=true)) holds what sysinv returned, never credentials.
'''

EXAMPLES = r'''
# inv.starlingx.yml - credentials from OS_* (for example after "source /etc/platform/openrc")
---
plugin: starlingx.platform.hosts

# inv.starlingx.yml - explicit endpoint (the password from OS_PASSWORD), constructed groups and a cache
---
plugin: starlingx.platform.hosts
auth_url: https://10.10.10.2:5000/v3
username: admin
ca_cert: /etc/ssl/certs/stx-ca.pem
keyed_groups:
  - key: stx_subfunctions.split(',')
    prefix: subfunction
groups:
  aio_controllers: "'worker' in stx_subfunctions and stx_personality == 'controller'"
compose:
  ansible_user: "'sysadmin'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/stx-inventory
cache_timeout: 300

# inv.starlingx.yml - the AWX/AAP OpenStack credential (OS_CLIENT_CONFIG_FILE, cloud "devstack")
---
plugin: starlingx.platform.hosts
cloud: devstack
'''

import re

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI
from ansible_collections.starlingx.platform.plugins.plugin_utils.options import client_from_plugin

HOST_FIELDS = ('id', 'uuid', 'hostname', 'personality', 'subfunctions', 'administrative', 'operational',
               'availability', 'task', 'invprovision', 'mgmt_mac', 'mgmt_ip', 'bm_ip', 'bm_type', 'capabilities',
               'sw_version', 'config_status', 'vim_progress_status', 'install_state', 'reboot_needed')
SYSTEM_FIELDS = ('name', 'system_mode', 'system_type', 'software_version', 'region_name', 'distributed_cloud_role')
OAM_FIELDS = ('oam_subnet', 'oam_gateway_ip', 'oam_floating_ip', 'oam_c0_ip', 'oam_c1_ip')
STATE_FIELDS = ('administrative', 'operational', 'availability')
FILE_SUFFIXES = ('starlingx.yml', 'starlingx.yaml')
_INVALID_GROUP_CHARS = re.compile(r'[^A-Za-z0-9_]')


def group_name(value):
    """A valid Ansible group name: every character other than a letter, digit or ``_`` becomes ``_``."""
    name = _INVALID_GROUP_CHARS.sub('_', str(value))
    return '_' + name if name[:1].isdigit() else name


def oam_address(host, oam, system_mode):
    """The OAM address of a controller (its unit address; the floating one on simplex); None otherwise."""
    if host.get('personality') != 'controller' or not oam:
        return None
    if system_mode == 'simplex':
        return oam.get('oam_floating_ip') or oam.get('oam_c0_ip')
    unit = {'controller-0': 'oam_c0_ip', 'controller-1': 'oam_c1_ip'}.get(host.get('hostname'))
    return oam.get(unit) if unit else None


def host_vars(host, system, oam):
    """The variables of one host, without prefix."""
    values = dict((field, host.get(field)) for field in HOST_FIELDS)
    oam = oam or {}
    values.update(oam_floating_ip=oam.get('oam_floating_ip'), oam_c0_ip=oam.get('oam_c0_ip'),
                  oam_c1_ip=oam.get('oam_c1_ip'), oam_subnet=oam.get('oam_subnet'),
                  oam_gateway_ip=oam.get('oam_gateway_ip'))
    address = oam_address(host, oam, system.get('system_mode'))
    if address:
        values['oam_ip'] = address
    values.update(system_name=system.get('name'), system_mode=system.get('system_mode'),
                  system_type=system.get('system_type'), software_version=system.get('software_version'),
                  region_name=system.get('region_name'), distributed_cloud_role=system.get('distributed_cloud_role'))
    return values


def host_groups(host):
    """Personality and state groups of a host."""
    groups = []
    for value in [host.get('personality')] + [host.get(field) for field in STATE_FIELDS]:
        if value:
            name = group_name(value)
            if name not in groups:
                groups.append(name)
    return groups


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'starlingx.platform.hosts'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(FILE_SUFFIXES)

    def fetch(self, configured):
        """What sysinv says: ``{"system": {...}, "oam": {...} | None, "hosts": [...]}`` (no credentials)."""
        try:
            api = SysinvAPI(client_from_plugin(self, configured))
            system = api.system()
            hosts = api.hosts()
            oam = api.oam()
        except StarlingXError as exc:
            raise AnsibleParserError('%s: %s' % (self.NAME, exc))
        return {
            'system': dict((field, system.get(field)) for field in SYSTEM_FIELDS),
            'oam': dict((field, oam.get(field)) for field in OAM_FIELDS) if oam else None,
            'hosts': [dict((field, host.get(field)) for field in HOST_FIELDS) for host in hosts],
        }

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        configured = self._read_config_data(path) or {}
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        update_cache = self.get_option('cache') and not cache
        data = None
        if use_cache:
            try:
                data = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if data is None:
            data = self.fetch(configured)
        if update_cache:
            self._cache[cache_key] = data
        self.populate(data)

    def populate(self, data):
        prefix = self.get_option('vars_prefix') or ''
        source = self.get_option('ansible_host_source')
        strict = self.get_option('strict')
        system = data.get('system') or {}
        for host in sorted(data.get('hosts') or [], key=lambda h: str(h.get('hostname'))):
            name = host.get('hostname')
            if not name:
                continue
            self.inventory.add_host(name)
            variables = host_vars(host, system, data.get('oam'))
            for key, value in variables.items():
                self.inventory.set_variable(name, prefix + key, value)
            address = None
            if source == 'oam':
                address = variables.get('oam_ip') or host.get('mgmt_ip')
            elif source == 'mgmt':
                address = host.get('mgmt_ip')
            if address:
                self.inventory.set_variable(name, 'ansible_host', address)
            for group in host_groups(host):
                self.inventory.add_child(self.inventory.add_group(group), name)
            hostvars = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option('compose'), hostvars, name, strict=strict)
            hostvars = self.inventory.get_host(name).get_vars()
            self._add_host_to_composed_groups(self.get_option('groups'), hostvars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, name, strict=strict)
