#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: interface
short_description: Configure the network interfaces of a StarlingX host
version_added: 0.1.0
description:
  - Manages one interface of a host through sysinv (C(/v1/iinterfaces)), as C(system host-if-modify),
    C(host-if-add) and C(host-if-delete) do - class, MTU, VLAN and aggregated Ethernet settings, platform rate limits
    and IP address modes.
  - sysinv creates one C(ethernet) interface per port of a host, named after the port. Such an interface is found
    by O(name) or, when no interface has that name yet, by its port (O(ports)); it is then renamed to O(name). It can
    not be created or deleted.
  - C(vlan) and C(ae) (aggregated Ethernet, a bond) interfaces are created and deleted.
  - A C(virtual) interface (C(lo), created by the bootstrap) can be modified - for example O(ifclass=none) to move the
    management network off it - but not created or deleted.
  - sysinv changes an interface only on a locked host, except a change of O(max_tx_rate) and O(max_rx_rate) alone,
    which applies at run time. The module fails before any request when asked for something else on an unlocked
    host.
  - Platform networks are assigned to interfaces with M(starlingx.platform.interface_network).
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
      - Only reads are sent; the result tells what would change.
  diff_mode:
    support: full
options:
  host:
    description:
      - Hostname (or id or UUID) of the host.
    type: str
    required: true
  name:
    description:
      - Interface name - lower case, at most 15 characters, letters, digits, C(-), C(_) and C(.) (a VLAN
        interface's name may not contain C(-)).
    type: str
    required: true
    aliases: [ifname]
  state:
    description:
      - V(present) creates or updates the interface, V(absent) deletes it (C(vlan) and C(ae) only; the host must be
        locked).
    type: str
    choices: [present, absent]
    default: present
  iftype:
    description:
      - Type of the interface. Required to create one (V(vlan) or V(ae)); for an existing interface the module fails
        when the type differs (sysinv can not change it).
      - V(ethernet) selects the interface sysinv created for a port (see O(ports)).
    type: str
    choices: [ethernet, vlan, ae]
  ifclass:
    description:
      - Interface class. V(none) clears it (sysinv stores no class).
      - M(starlingx.platform.interface_network) sets V(platform) itself when it assigns a network to an interface of
        no class.
    type: str
    choices: [platform, data, pci-sriov, pci-passthrough, none]
  mtu:
    description:
      - MTU (576 to 9216). An interface's MTU can not exceed its lower interface's; an C(ae) gives its MTU to its members.
    type: int
  ports:
    description:
      - For an C(ethernet) interface - the port it is on (one port name, for example V([enp0s8])). When no interface
        is called O(name) yet, the interface on this port is renamed to O(name); when one is, it must be on this port.
    type: list
    elements: str
  uses:
    description:
      - For an C(ae) interface - the member interfaces (names), compared as a set. Members must have no class.
    type: list
    elements: str
  lower:
    description:
      - For a C(vlan) interface - the interface it runs over.
    type: str
  vlan_id:
    description:
      - For a C(vlan) interface - the VLAN id (1 to 4094). Required to create one.
    type: int
  aemode:
    description:
      - For an C(ae) interface - the bonding mode. sysinv uses V(active_standby) when not given.
      - V(balanced) and V(802.3ad) need O(txhashpolicy); V(active_standby) takes none.
    type: str
    choices: [active_standby, balanced, 802.3ad]
  txhashpolicy:
    description:
      - For an C(ae) interface in V(balanced) or V(802.3ad) mode - the transmit hash policy.
    type: str
    choices: [layer2, layer2+3, layer3+4]
  max_tx_rate:
    description:
      - Platform rate limit of transmitted traffic, in Mbit/s (an integer, 0 or more).
      - Allowed only on a C(platform) class interface of type C(ethernet), C(ae) or C(vlan) that carries no
        C(pxeboot), C(cluster-host), C(cluster-pod) or C(cluster-service) network, and on one carrying C(mgmt) only on
        a distributed cloud system. The module checks these rules before any request.
      - A change of the rate limits alone applies to an unlocked host.
    type: int
  max_rx_rate:
    description:
      - Platform rate limit of received traffic, in Mbit/s. Same rules as O(max_tx_rate).
    type: int
  ipv4_mode:
    description:
      - IPv4 address mode (interfaces of class C(platform) or C(data)).
    type: str
    choices: [disabled, static, pool]
  ipv4_pool:
    description:
      - Name or UUID of the IPv4 address pool, with O(ipv4_mode=pool).
    type: str
  ipv6_mode:
    description:
      - IPv6 address mode (interfaces of class C(platform) or C(data)).
    type: str
    choices: [disabled, static, link-local, pool]
  ipv6_pool:
    description:
      - Name or UUID of the IPv6 address pool, with O(ipv6_mode=pool).
    type: str
notes:
  - Numbers are sent as strings in the JSON patch, as the C(system) command does; sysinv converts them.
  - Removing a rate limit (back to none) is not supported by the C(system) command nor by this module.
seealso:
  - module: starlingx.platform.interface_network
  - module: starlingx.platform.host
'''

EXAMPLES = r'''
- name: Name the OAM port's interface and make it a platform interface
  starlingx.platform.interface:
    host: controller-0
    name: oam0
    iftype: ethernet
    ports: [enp0s3]
    ifclass: platform

- name: Take the management network's class off lo (AIO-DX, before moving mgmt to a NIC)
  starlingx.platform.interface:
    host: controller-0
    name: lo
    ifclass: none

- name: A bond of two ports for the management network
  starlingx.platform.interface:
    host: controller-0
    name: bond0
    iftype: ae
    uses: [enp0s9, enp0s10]
    aemode: 802.3ad
    txhashpolicy: layer2
    ifclass: platform
    mtu: 9000

- name: A VLAN over the bond
  starlingx.platform.interface:
    host: controller-0
    name: vlan100
    iftype: vlan
    lower: bond0
    vlan_id: 100
    ifclass: platform

- name: Limit the OAM traffic (works on an unlocked host)
  starlingx.platform.interface:
    host: controller-0
    name: oam0
    max_tx_rate: 1000
    max_rx_rate: 1000

- name: Delete the VLAN
  starlingx.platform.interface:
    host: controller-0
    name: vlan100
    state: absent
'''

RETURN = r'''
interface:
  description:
    - The interface as sysinv reports it after the change (before it in check mode), without its links, plus C(ports)
      (names of its ports) and C(networks) (types of the platform networks assigned to it). Absent when there is no
      interface (deleted, or would be created in check mode).
  returned: success, when the interface exists
  type: dict
  contains:
    uuid:
      description: UUID of the interface.
      type: str
    ifname:
      description: Name.
      type: str
      sample: oam0
    iftype:
      description: Type (C(ethernet), C(vlan), C(ae), C(virtual), C(vf)).
      type: str
    ifclass:
      description: Class (null when none).
      type: str
    imtu:
      description: MTU.
      type: int
    uses:
      description: Names of the lower interfaces.
      type: list
      elements: str
    used_by:
      description: Names of the interfaces over this one.
      type: list
      elements: str
    vlan_id:
      description: VLAN id (C(vlan) interfaces).
      type: int
    aemode:
      description: Bonding mode (C(ae) interfaces).
      type: str
    txhashpolicy:
      description: Transmit hash policy (C(ae) interfaces).
      type: str
    max_tx_rate:
      description: Transmit rate limit in Mbit/s, or null.
      type: int
    max_rx_rate:
      description: Receive rate limit in Mbit/s, or null.
      type: int
    ports:
      description: Names of the ports the interface is on.
      type: list
      elements: str
      sample: [enp0s3]
    networks:
      description: Types of the platform networks assigned to the interface.
      type: list
      elements: str
      sample: [oam]
diff:
  description: The managed options before and after (C(name), C(iftype), C(ifclass), C(mtu), C(lower), C(uses), ...).
  returned: when diff mode is on
  type: dict
'''

import string

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule, values_differ
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI, without_links

ETHERNET = 'ethernet'
VLAN = 'vlan'
AE = 'ae'
VIRTUAL = 'virtual'
RATE_FIELDS = ('max_tx_rate', 'max_rx_rate')
RATE_TYPES = (ETHERNET, AE, VLAN)
INTERNAL_NETWORK_TYPES = ('pxeboot', 'cluster-host', 'cluster-pod', 'cluster-service')
MAX_IFNAME_LEN = 15
# option -> sysinv field, for the options compared one to one
SIMPLE = (('name', 'ifname'), ('ifclass', 'ifclass'), ('mtu', 'imtu'), ('vlan_id', 'vlan_id'), ('aemode', 'aemode'),
          ('txhashpolicy', 'txhashpolicy'), ('max_tx_rate', 'max_tx_rate'), ('max_rx_rate', 'max_rx_rate'),
          ('ipv4_mode', 'ipv4_mode'), ('ipv6_mode', 'ipv6_mode'))
NUMERIC = ('mtu', 'vlan_id', 'max_tx_rate', 'max_rx_rate')
DIFF_FIELDS = ('name', 'iftype', 'ifclass', 'mtu', 'ports', 'lower', 'uses', 'vlan_id', 'aemode', 'txhashpolicy',
               'max_tx_rate', 'max_rx_rate', 'ipv4_mode', 'ipv4_pool', 'ipv6_mode', 'ipv6_pool')


def interface_view(iface, ports, links):
    """The interface without links, with the names of its ports and the types of its networks."""
    if iface is None:
        return None
    view = without_links(iface)
    view.pop('ports', None)
    view['ports'] = [p.get('name') for p in ports if p.get('interface_uuid') == iface.get('uuid')]
    view['networks'] = sorted(set(link.get('network_type') for link in links
                                  if link.get('interface_uuid') == iface.get('uuid')))
    return view


class InterfaceModule(StarlingXModule):
    argument_spec = dict(
        host=dict(type='str', required=True),
        name=dict(type='str', required=True, aliases=['ifname']),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        iftype=dict(type='str', choices=[ETHERNET, VLAN, AE]),
        ifclass=dict(type='str', choices=['platform', 'data', 'pci-sriov', 'pci-passthrough', 'none']),
        mtu=dict(type='int'),
        ports=dict(type='list', elements='str'),
        uses=dict(type='list', elements='str'),
        lower=dict(type='str'),
        vlan_id=dict(type='int'),
        aemode=dict(type='str', choices=['active_standby', 'balanced', '802.3ad']),
        txhashpolicy=dict(type='str', choices=['layer2', 'layer2+3', 'layer3+4']),
        max_tx_rate=dict(type='int'),
        max_rx_rate=dict(type='int'),
        ipv4_mode=dict(type='str', choices=['disabled', 'static', 'pool']),
        ipv4_pool=dict(type='str'),
        ipv6_mode=dict(type='str', choices=['disabled', 'static', 'link-local', 'pool']),
        ipv6_pool=dict(type='str'),
    )
    module_kwargs = dict(supports_check_mode=True)

    def invalid(self, option, value, rule):
        raise StarlingXError('%s=%r: %s' % (option, value, rule))

    # -- input ---------------------------------------------------------------------------------------------------
    def validate(self):
        p = self.params
        name, iftype = p['name'], p['iftype']
        if not name.strip() or not name.islower():
            self.invalid('name', name, 'an interface name is lower case (with at least one letter)')
        if len(name) > MAX_IFNAME_LEN:
            self.invalid('name', name, 'an interface name has at most %d characters' % MAX_IFNAME_LEN)
        bad = set(name) & (set(string.punctuation) - set('-_.'))
        if bad or ' ' in name:
            self.invalid('name', name, 'an interface name may contain only letters, digits, "-", "_" and "."')
        if iftype == VLAN and '-' in name:
            self.invalid('name', name, 'a VLAN interface name may not contain "-"')
        if p['state'] == 'absent':
            return
        if p['mtu'] is not None and not 576 <= p['mtu'] <= 9216:
            self.invalid('mtu', p['mtu'], 'the MTU must be between 576 and 9216')
        if p['vlan_id'] is not None and not 1 <= p['vlan_id'] <= 4094:
            self.invalid('vlan_id', p['vlan_id'], 'the VLAN id must be between 1 and 4094')
        for key in RATE_FIELDS:
            if p[key] is not None and p[key] < 0:
                self.invalid(key, p[key], 'a rate limit is an integer of Mbit/s, 0 or more')
        for option, only in (('ports', ETHERNET), ('uses', AE), ('aemode', AE), ('txhashpolicy', AE),
                             ('lower', VLAN), ('vlan_id', VLAN)):
            if p[option] is not None and iftype not in (None, only):
                self.invalid(option, p[option], 'applies to iftype %s only, not %s' % (only, iftype))
        if p['ports'] is not None and len(p['ports']) != 1:
            self.invalid('ports', p['ports'], 'an ethernet interface is on exactly one port')
        if p['uses'] is not None and not p['uses']:
            self.invalid('uses', p['uses'], 'an ae interface needs at least one member')
        if p['aemode'] == 'active_standby' and p['txhashpolicy'] is not None:
            self.invalid('txhashpolicy', p['txhashpolicy'], 'an ae interface in active_standby mode takes no '
                                                            'transmit hash policy')
        for family in ('ipv4', 'ipv6'):
            pool, mode = p[family + '_pool'], p[family + '_mode']
            if pool is not None and mode != 'pool':
                self.invalid(family + '_pool', pool, 'an address pool needs %s_mode=pool' % family)
            if mode == 'pool' and pool is None:
                self.invalid(family + '_mode', mode, '%s_mode=pool needs %s_pool' % (family, family))

    # -- run -----------------------------------------------------------------------------------------------------
    def run(self):
        self.validate()
        p = self.params
        api = SysinvAPI(self.client)
        host = api.require_host(p['host'])
        interfaces = api.host_interfaces(host['uuid'])
        ports = api.host_ports(host['uuid'])
        links = api.host_interface_networks(host['uuid'])
        pools = api.list('addrpools') if (p['ipv4_pool'] or p['ipv6_pool']) else []
        self.pools = pools
        for option in ('ipv4_pool', 'ipv6_pool'):
            if p[option] is not None:
                self.pool_uuid(option, p[option])  # an unknown pool fails now, in check mode too
        iface = self.find(interfaces, ports)
        if p['state'] == 'absent':
            return self.absent(api, host, iface, ports, links)
        return self.present(api, host, iface, interfaces, ports, links)

    def find(self, interfaces, ports):
        p = self.params
        by_name = next((i for i in interfaces if i.get('ifname') == p['name']), None)
        if not p['ports']:
            return by_name
        port_name = p['ports'][0]
        port = next((x for x in ports if x.get('name') == port_name), None)
        if port is None:
            raise StarlingXError('host %s has no port %s (ports: %s)' % (p['host'], port_name, ', '.join(
                sorted(x.get('name') or '' for x in ports)) or 'none'))
        on_port = next((i for i in interfaces if i.get('uuid') == port.get('interface_uuid')), None)
        if by_name is not None:
            if on_port is None or on_port.get('uuid') != by_name.get('uuid'):
                raise StarlingXError('interface %s of host %s is not on port %s (the port carries %s)'
                                     % (p['name'], p['host'], port_name, (on_port or {}).get('ifname') or 'none'))
            return by_name
        if on_port is None:
            raise StarlingXError('port %s of host %s carries no interface' % (port_name, p['host']))
        return on_port

    def pool_name(self, ident):
        for pool in self.pools:
            if ident in (pool.get('uuid'), pool.get('name')):
                return pool.get('name')
        return ident

    def pool_uuid(self, option, ident):
        for pool in self.pools:
            if ident in (pool.get('uuid'), pool.get('name')):
                return pool['uuid']
        raise StarlingXError('%s=%r: no such address pool (pools: %s)' % (
            option, ident, ', '.join(sorted(x.get('name') or '' for x in self.pools)) or 'none'))

    def managed_view(self, iface, ports):
        """The interface in the module's own terms (option names; class none instead of null)."""
        if iface is None:
            return None
        view = dict((option, iface.get(field)) for option, field in SIMPLE)
        view['iftype'] = iface.get('iftype')
        view['ifclass'] = iface.get('ifclass') or 'none'
        uses = list(iface.get('uses') or [])
        view['lower'] = uses[0] if iface.get('iftype') == VLAN and uses else None
        view['uses'] = sorted(uses) if iface.get('iftype') == AE else None
        view['ports'] = [x.get('name') for x in ports if x.get('interface_uuid') == iface.get('uuid')]
        for family in ('ipv4', 'ipv6'):
            pool = iface.get(family + '_pool')
            view[family + '_pool'] = self.pool_name(pool) if pool else None
        return view

    def desired(self):
        p = self.params
        wanted = dict((option, p[option]) for option, _field in SIMPLE if p[option] is not None)
        for option in ('iftype', 'lower', 'ipv4_pool', 'ipv6_pool'):
            if p[option] is not None:
                wanted[option] = p[option]
        if p['uses'] is not None:
            wanted['uses'] = sorted(set(p['uses']))
        if p['ports'] is not None:
            wanted['ports'] = list(p['ports'])
        for family in ('ipv4', 'ipv6'):
            if p[family + '_pool'] is not None:
                wanted[family + '_pool'] = self.pool_name(p[family + '_pool'])
        return wanted

    # -- absent --------------------------------------------------------------------------------------------------
    def absent(self, api, host, iface, ports, links):
        if iface is None:
            return dict(changed=False, diff={'before': {}, 'after': {}})
        p = self.params
        name = iface.get('ifname')
        if iface.get('iftype') == VIRTUAL:
            raise StarlingXError('interface %s of host %s is virtual: it can not be deleted' % (name, p['host']))
        if iface.get('iftype') == ETHERNET and not iface.get('uses'):
            raise StarlingXError('interface %s of host %s is the ethernet interface of a port: sysinv never deletes '
                                 'those (set ifclass=none to stop using it)' % (name, p['host']))
        self.require_locked(host, 'delete interface %s' % name)
        before = self.managed_view(iface, ports)
        if not self.check_mode:
            api.delete('iinterfaces', iface['uuid'])
        return dict(changed=True, diff=self.diff_result(before, {}, DIFF_FIELDS))

    def require_locked(self, host, what):
        if host.get('administrative') != 'locked':
            raise StarlingXError('host %s is %s: sysinv can %s only on a locked host (lock it first)'
                                 % (host.get('hostname'), host.get('administrative'), what))

    # -- present -------------------------------------------------------------------------------------------------
    def present(self, api, host, iface, interfaces, ports, links):
        p = self.params
        wanted = self.desired()
        before = self.managed_view(iface, ports)
        if iface is None:
            return self.create(api, host, interfaces, ports, links, wanted)
        iftype = iface.get('iftype')
        if p['iftype'] is not None and p['iftype'] != iftype:
            raise StarlingXError('interface %s of host %s is of type %s, not %s (sysinv can not change the type; '
                                 'delete it and create it again)'
                                 % (iface.get('ifname'), p['host'], iftype, p['iftype']))
        for option, only in (('uses', AE), ('aemode', AE), ('txhashpolicy', AE), ('lower', VLAN),
                             ('vlan_id', VLAN), ('ports', ETHERNET)):
            if p[option] is not None and iftype != only:
                self.invalid(option, p[option], 'applies to iftype %s only; interface %s is %s'
                             % (only, iface.get('ifname'), iftype))
        changes = dict((k, v) for k, v in wanted.items()
                       if k not in ('iftype', 'ports') and values_differ(before.get(k), v))
        after = dict(before, **changes)
        if changes:
            rates_only = set(changes).issubset(RATE_FIELDS)
            if not rates_only:
                self.require_locked(host, 'change %s of interface %s' % (', '.join(sorted(changes)),
                                                                         iface.get('ifname')))
            if set(changes) & set(RATE_FIELDS):
                self.check_rate_limits(api, after, iface, links)
            self.check_lowers(interfaces, after, iface)
            if after.get('aemode') in ('balanced', '802.3ad') and not after.get('txhashpolicy'):
                self.invalid('aemode', after['aemode'], 'an ae interface in %s mode needs txhashpolicy'
                             % after['aemode'])
        result_iface = iface
        if changes and not self.check_mode:
            result_iface = api.patch('iinterfaces', iface['uuid'], self.patch_ops(changes))
            ports = api.host_ports(host['uuid'])
            after = self.managed_view(result_iface, ports)
        return dict(changed=bool(changes), interface=interface_view(result_iface, ports, links),
                    diff=self.diff_result(before, after, DIFF_FIELDS))

    def create(self, api, host, interfaces, ports, links, wanted):
        p = self.params
        if p['iftype'] is None:
            raise StarlingXError('host %s has no interface %s; give iftype (vlan or ae) to create it'
                                 % (p['host'], p['name']))
        if p['iftype'] == ETHERNET:
            raise StarlingXError('host %s has no interface %s; sysinv creates the ethernet interfaces, one per port: '
                                 'give ports to select (and rename) one' % (p['host'], p['name']))
        if p['iftype'] == VLAN and (p['lower'] is None or p['vlan_id'] is None):
            self.invalid('iftype', VLAN, 'creating a vlan interface needs lower and vlan_id')
        if p['iftype'] == AE:
            if p['uses'] is None:
                self.invalid('iftype', AE, 'creating an ae interface needs uses (its members)')
            if p['ifclass'] not in ('platform', 'data'):
                self.invalid('ifclass', p['ifclass'], "an ae interface's class must be platform or data")
            if p['aemode'] in ('balanced', '802.3ad') and p['txhashpolicy'] is None:
                self.invalid('aemode', p['aemode'], 'an ae interface in %s mode needs txhashpolicy' % p['aemode'])
        self.require_locked(host, 'create interface %s' % p['name'])
        after = dict(wanted)
        after.setdefault('ifclass', 'none')
        self.check_lowers(interfaces, after, None)
        if any(p[k] is not None for k in RATE_FIELDS):
            self.check_rate_limits(api, after, None, links)
        body = {'ihost_uuid': host['uuid'], 'ifname': p['name'], 'iftype': p['iftype'],
                'uses': [p['lower']] if p['iftype'] == VLAN else list(p['uses'])}
        for option, field in SIMPLE[1:]:
            if p[option] is not None:
                body[field] = str(p[option]) if option in NUMERIC else p[option]
        for family in ('ipv4', 'ipv6'):
            if p[family + '_pool'] is not None:
                body[family + '_pool'] = self.pool_uuid(family + '_pool', p[family + '_pool'])
        created = None
        if not self.check_mode:
            created = api.create('iinterfaces', body)
        return dict(changed=True, interface=interface_view(created, ports, links),
                    diff=self.diff_result({}, after, DIFF_FIELDS))

    def check_lowers(self, interfaces, after, iface):
        names = set(i.get('ifname') for i in interfaces if iface is None or i.get('uuid') != iface.get('uuid'))
        for option in ('lower', 'uses'):
            value = after.get(option)
            wanted = [value] if isinstance(value, str) else (value or [])
            missing = [n for n in wanted if n not in names]
            if missing and self.params[option] is not None:
                self.invalid(option, self.params[option], 'host %s has no interface %s'
                             % (self.params['host'], ', '.join(missing)))

    def check_rate_limits(self, api, after, iface, links):
        """The platform rate limit rules of sysinv (_check_platform_interface_ratelimit)."""
        option = 'max_tx_rate' if self.params['max_tx_rate'] is not None else 'max_rx_rate'
        value = self.params[option]
        ifclass = after.get('ifclass')
        iftype = after.get('iftype') or self.params['iftype']
        if ifclass != 'platform' or iftype not in RATE_TYPES:
            self.invalid(option, value, 'rate limits apply only to platform interfaces of type ethernet, ae or vlan '
                                        '(interface %s is %s, class %s)' % (self.params['name'], iftype, ifclass))
        if iface is None:
            return
        types = set(link.get('network_type') for link in links if link.get('interface_uuid') == iface.get('uuid'))
        internal = sorted(types & set(INTERNAL_NETWORK_TYPES))
        if internal:
            self.invalid(option, value, 'rate limits are not allowed on an interface carrying internal networks '
                                        '(%s)' % ', '.join(internal))
        if 'mgmt' in types and not api.system().get('distributed_cloud_role'):
            self.invalid(option, value, 'a rate limit on the mgmt interface needs a distributed cloud system')

    def patch_ops(self, changes):
        ops = []
        for option, value in changes.items():
            if option == 'lower':
                ops.append({'op': 'replace', 'path': '/usesmodify', 'value': value})
            elif option == 'uses':
                ops.append({'op': 'replace', 'path': '/usesmodify', 'value': ','.join(self.params['uses'])})
            elif option in ('ipv4_pool', 'ipv6_pool'):
                ops.append({'op': 'replace', 'path': '/' + option,
                            'value': self.pool_uuid(option, self.params[option])})
            else:
                field = dict(SIMPLE)[option]
                ops.append({'op': 'replace', 'path': '/' + field,
                            'value': str(value) if option in NUMERIC else value})
        return ops


def main():
    InterfaceModule()()


if __name__ == '__main__':
    main()
