#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: interface_network
short_description: Assign a platform network to an interface of a StarlingX host
version_added: 0.1.0
description:
  - Assigns a platform network (C(mgmt), C(oam), C(cluster-host), C(pxeboot), C(storage), C(admin), ...) to an
    interface of a host, or removes the assignment, through sysinv C(/v1/interface_networks), as
    C(system interface-network-assign) and C(interface-network-remove) do.
  - sysinv gives an interface of no class the class C(platform) when a network is assigned to it; only C(platform)
    and C(pci-sriov) interfaces carry platform networks.
  - The module checks before any request what sysinv would refuse and can be known in advance - a network of that
    type already on another interface of the host (C(mgmt), C(oam), C(cluster-host), C(pxeboot), C(storage) and
    C(admin) are one per host), an interface of another class, a C(data) or C(pci-*) network, C(pxeboot) sharing an
    interface, C(oam) or C(admin) on a host that is not a controller - because sysinv changes the interface's class
    before refusing.
  - sysinv has no lock requirement here; moving C(mgmt) on a configured All-in-one simplex system starts its
    management network reconfiguration.
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - starlingx.platform.auth
  - starlingx.platform.attributes
  - starlingx.platform.attributes.ACTION_GROUP
attributes:
  check_mode:
    support: full
    details:
      - Only reads are sent; the result tells whether the assignment would change.
  diff_mode:
    support: full
options:
  host:
    description:
      - Hostname (or id or UUID) of the host.
    type: str
    required: true
  ifname:
    description:
      - Name (or UUID) of the interface.
      - (The option is not called C(interface), which is the auth option selecting the catalog interface.)
    type: str
    required: true
  network:
    description:
      - The platform network - its type (C(mgmt), C(oam), C(cluster-host), ...; there is one network per type), else its
        name, else its UUID.
    type: str
    required: true
  state:
    description:
      - V(present) assigns the network to the interface, V(absent) removes the assignment.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: starlingx.platform.interface
'''

EXAMPLES = r'''
- name: OAM on the first port of controller-0
  starlingx.platform.interface_network:
    host: controller-0
    ifname: oam0
    network: oam

- name: Management and cluster-host on the second port
  starlingx.platform.interface_network:
    host: controller-0
    ifname: enp0s8
    network: "{{ item }}"
  loop: [mgmt, cluster-host]

- name: Take mgmt off lo
  starlingx.platform.interface_network:
    host: controller-0
    ifname: lo
    network: mgmt
    state: absent
'''

RETURN = r'''
interface_network:
  description:
    - The assignment as sysinv reports it; null when there is none (removed, or would be created in check mode).
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the assignment.
      type: str
    interface_uuid:
      description: UUID of the interface.
      type: str
    ifname:
      description: Name of the interface.
      type: str
      sample: enp0s8
    network_uuid:
      description: UUID of the network.
      type: str
    network_name:
      description: Name of the network.
      type: str
      sample: mgmt
    network_type:
      description: Type of the network.
      type: str
      sample: mgmt
diff:
  description: C(host), C(interface), C(network) (the network's type) and C(assigned) before and after.
  returned: when diff mode is on
  type: dict
  sample: {"before": {"host": "controller-0", "interface": "enp0s8", "network": "mgmt", "assigned": false},
           "after": {"host": "controller-0", "interface": "enp0s8", "network": "mgmt", "assigned": true}}
'''

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI

ONE_PER_HOST = ('mgmt', 'oam', 'cluster-host', 'pxeboot', 'storage', 'admin')
NOT_ASSIGNABLE = ('data', 'pci-passthrough', 'pci-sriov')
ASSIGNABLE_CLASSES = (None, 'none', 'platform', 'pci-sriov')


class InterfaceNetworkModule(StarlingXModule):
    argument_spec = dict(
        host=dict(type='str', required=True),
        ifname=dict(type='str', required=True),
        network=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        p = self.params
        api = SysinvAPI(self.client)
        network = self.find_network(api.list('networks'))
        host = api.require_host(p['host'])
        interfaces = api.host_interfaces(host['uuid'])
        iface = next((i for i in interfaces if p['ifname'] in (i.get('ifname'), i.get('uuid'))), None)
        if iface is None:
            raise StarlingXError('host %s has no interface %s (interfaces: %s)' % (
                p['host'], p['ifname'], ', '.join(sorted(i.get('ifname') or '' for i in interfaces)) or 'none'))
        links = api.host_interface_networks(host['uuid'])
        link = next((x for x in links if x.get('interface_uuid') == iface['uuid']
                     and x.get('network_uuid') == network['uuid']), None)
        view = {'host': host.get('hostname'), 'interface': iface.get('ifname'), 'network': network.get('type')}
        before = dict(view, assigned=link is not None)
        wanted = p['state'] == 'present'
        if (link is not None) == wanted:
            return dict(changed=False, interface_network=link, diff=self.diff_result(before, before, list(before)))
        if wanted:
            self.check_assignable(host, iface, network, links)
            if not self.check_mode:
                link = api.create('interface_networks', {'interface_uuid': iface['uuid'],
                                                         'network_uuid': network['uuid']})
        else:
            if not self.check_mode:
                api.delete('interface_networks', link['uuid'])
            link = None
        return dict(changed=True, interface_network=link if wanted else None,
                    diff=self.diff_result(before, dict(view, assigned=wanted), list(before)))

    def find_network(self, networks):
        ident = self.params['network']
        for key in ('type', 'name', 'uuid'):
            found = [n for n in networks if n.get(key) == ident]
            if found:
                return found[0]
        raise StarlingXError('network=%r: no platform network has this type, name or UUID (networks: %s)' % (
            ident, ', '.join(sorted('%s (%s)' % (n.get('name'), n.get('type')) for n in networks)) or 'none'))

    def check_assignable(self, host, iface, network, links):
        """What sysinv refuses after it has already changed the interface's class."""
        net_type = network.get('type')
        name = iface.get('ifname')
        on_iface = [x.get('network_type') for x in links if x.get('interface_uuid') == iface.get('uuid')]
        if net_type in NOT_ASSIGNABLE:
            raise StarlingXError('network=%r: a network of type %s can not be assigned to an interface'
                                 % (self.params['network'], net_type))
        if iface.get('ifclass') not in ASSIGNABLE_CLASSES:
            raise StarlingXError('interface %s is of class %s: only platform and pci-sriov interfaces (or one of no '
                                 'class) carry platform networks' % (name, iface.get('ifclass')))
        if net_type in ONE_PER_HOST:
            for link in links:
                if link.get('network_type') == net_type and link.get('interface_uuid') != iface.get('uuid'):
                    raise StarlingXError('network %s is already assigned to interface %s of host %s (one interface '
                                         'per host); remove that assignment first'
                                         % (net_type, link.get('ifname'), self.params['host']))
        if on_iface and (net_type == 'pxeboot' or 'pxeboot' in on_iface):
            raise StarlingXError('interface %s carries %s: the pxeboot network must be alone on its interface'
                                 % (name, ', '.join(on_iface)))
        if net_type in ('oam', 'admin') and host.get('personality') != 'controller':
            raise StarlingXError('network %s is only supported on controllers; host %s is a %s'
                                 % (net_type, host.get('hostname'), host.get('personality')))


def main():
    InterfaceNetworkModule()()


if __name__ == '__main__':
    main()
