# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""An add-on to ``FakeCloud``: sysinv hosts, ports, interfaces, networks and interface_networks.

``inv = FakeInventory(fake_cloud)`` puts its routes in front of the fake sysinv's defaults (public and
internal endpoints share the state) and replaces ``fake_cloud.hosts`` with its own list. The answers follow
sysinv's shapes and texts (shared/reference/sysinv.md §3, §7, §8); only the rules the modules meet are
modelled.

Time: an accepted maintenance action (lock, unlock, swact, install after provisioning) queues the states the
host goes through in ``host['_steps']``; each GET that returns the host applies the next one, so a module that
polls sees the progress. ``inv.script(hostname, [{...}, ...])`` replaces the queue (to make an unlock fail, a
swact stall...). ``inv.writes()`` lists the non-GET requests the fake sysinv received.

Builders: ``add_host(hostname, personality, ...)`` (ports ``enp0s3``, ``enp0s8``, ``enp0s9`` and one ethernet
interface per port, named after it), ``add_discovered(mac)`` (a PXE-booted host: no hostname, no personality),
``assign(hostname, ifname, network_type)``; ``FakeInventory.duplex(cloud)`` builds an AIO-DX system: both
controllers unlocked, enabled and available, controller-0 active, OAM on ``enp0s3``, mgmt and cluster-host on
``enp0s8``.
"""

import json
import uuid as uuidlib

from ansible_collections.starlingx.platform.tests.unit.fake_cloud import FakeCloud, _json

ERROR = FakeCloud.sysinv_error
PORT_NAMES = ('enp0s3', 'enp0s8', 'enp0s9')
INSTALL_FIELDS = ('boot_device', 'rootfs_device', 'install_output', 'console', 'hw_settle', 'tboot')
RATE_PATHS = {'/max_tx_rate', '/max_rx_rate'}
INTERNAL_NETWORK_TYPES = ('pxeboot', 'cluster-host', 'cluster-pod', 'cluster-service')
NONDUPLICATE_TYPES = ('mgmt', 'oam', 'cluster-host', 'pxeboot', 'storage', 'admin')
TASKS = {'lock': 'Locking', 'force-lock': 'Force Locking', 'unlock': 'Unlocking', 'force-unlock': 'Force Unlocking',
         'swact': 'Swacting', 'force-swact': 'Force-Swacting'}


def _uuid():
    return str(uuidlib.uuid4())


def _mac(host_index, port_index):
    return '08:00:27:%02x:20:%02x' % (0x10 + host_index, port_index)


class FakeInventory(object):

    def __init__(self, cloud, system_mode='duplex'):
        self.cloud = cloud
        cloud.system['system_mode'] = system_mode
        self.hosts = []
        cloud.hosts = self.hosts
        self.ports = []
        self.interfaces = []
        self.networks = []
        self.pools = []
        self.links = []
        self._ids = {'host': 0, 'iface': 0, 'link': 0, 'net': 0}
        for ntype in ('mgmt', 'oam', 'cluster-host', 'pxeboot', 'storage'):
            pool = {'uuid': _uuid(), 'name': '%s-ipv4' % ntype, 'family': 4}
            self.pools.append(pool)
            self._ids['net'] += 1
            self.networks.append({'id': self._ids['net'], 'uuid': _uuid(), 'name': ntype, 'type': ntype,
                                  'dynamic': True, 'pool_uuid': pool['uuid']})
        self.pools.append({'uuid': _uuid(), 'name': 'data-pool-v4', 'family': 4})
        for server in (cloud.sysinv, cloud.sysinv_internal):
            self._routes(server)

    # -- builders --------------------------------------------------------------------------------------------
    @classmethod
    def duplex(cls, cloud):
        inv = cls(cloud)
        for index, name in enumerate(('controller-0', 'controller-1')):
            inv.add_host(name, 'controller', subfunctions='controller,worker', active=index == 0)
            inv.assign(name, 'enp0s3', 'oam')
            inv.assign(name, 'enp0s8', 'mgmt')
            inv.assign(name, 'enp0s8', 'cluster-host')
        return inv

    def add_host(self, hostname, personality, administrative='unlocked', subfunctions=None, active=False, **fields):
        self._ids['host'] += 1
        index = self._ids['host'] - 1
        up = administrative == 'unlocked'
        host = {
            'id': self._ids['host'], 'uuid': _uuid(), 'hostname': hostname, 'personality': personality,
            'subfunctions': subfunctions or personality, 'administrative': administrative,
            'operational': 'enabled' if up else 'disabled', 'availability': 'available' if up else 'online',
            'task': '', 'ihost_action': '', 'action': 'none', 'vim_progress_status':
                'services-enabled' if up else 'services-disabled',
            'invprovision': 'provisioned' if up else 'provisioning', 'inv_state': 'inventoried',
            'install_state': 'completed', 'mgmt_mac': _mac(index, 1), 'mgmt_ip': '192.168.204.%d' % (2 + index),
            'location': {}, 'capabilities': {}, 'clock_synchronization': 'ntp', 'boot_device': '/dev/sda',
            'rootfs_device': '/dev/sda', 'install_output': 'text', 'console': 'ttyS0,115200', 'mtce_info': None,
            'links': [{'href': 'http://x/v1/ihosts/%d' % self._ids['host'], 'rel': 'self'}], '_active': active,
        }
        host.update(fields)
        self.hosts.append(host)
        for n, name in enumerate(PORT_NAMES):
            self._add_port(host, name, _mac(index, n))
        return host

    def add_discovered(self, mac):
        """A PXE-booted host: locked, offline, no hostname or personality, no inventory yet."""
        self._ids['host'] += 1
        host = {'id': self._ids['host'], 'uuid': _uuid(), 'hostname': None, 'personality': None,
                'subfunctions': None, 'administrative': 'locked', 'operational': 'disabled', 'availability': 'offline',
                'task': '', 'ihost_action': '', 'action': 'none', 'vim_progress_status': None,
                'invprovision': 'unprovisioned', 'inv_state': None, 'install_state': None, 'mgmt_mac': mac,
                'mgmt_ip': None, 'location': {}, 'capabilities': {}, 'clock_synchronization': 'ntp',
                'boot_device': '/dev/sda', 'rootfs_device': '/dev/sda', 'install_output': 'text',
                'console': 'ttyS0,115200', 'mtce_info': None, 'links': [], '_active': False}
        self.hosts.append(host)
        return host

    def _add_port(self, host, name, mac):
        iface = self._new_interface(host, ifname=name, iftype='ethernet', ifclass=None)
        self.ports.append({'uuid': _uuid(), 'name': name, 'mac': mac, 'host_uuid': host['uuid'],
                           'interface_uuid': iface['uuid']})

    def _new_interface(self, host, **fields):
        self._ids['iface'] += 1
        iface = {'id': self._ids['iface'], 'uuid': _uuid(), 'ifname': None, 'iftype': 'ethernet', 'ifclass': None,
                 'imtu': 1500, 'ihost_uuid': host['uuid'], 'forihostid': host['id'], 'aemode': None,
                 'txhashpolicy': None, 'vlan_id': None, 'uses': [], 'used_by': [], 'ipv4_mode': None,
                 'ipv4_pool': None, 'ipv6_mode': None, 'ipv6_pool': None, 'max_tx_rate': None, 'max_rx_rate': None,
                 'ptp_role': 'none', 'sriov_numvfs': 0}
        iface.update(fields)
        self.interfaces.append(iface)
        return iface

    def assign(self, hostname, ifname, network_type):
        iface = self.interface(hostname, ifname)
        iface['ifclass'] = 'platform'
        network = self.network(network_type)
        self._ids['link'] += 1
        link = {'id': self._ids['link'], 'uuid': _uuid(), 'interface_uuid': iface['uuid'],
                'network_uuid': network['uuid']}
        self.links.append(link)
        return link

    # -- lookups ----------------------------------------------------------------------------------------------
    def host(self, ident):
        for host in self.hosts:
            if str(ident) in (str(host['id']), host['uuid'], host.get('hostname')):
                return host
        return None

    def interface(self, hostname, ifname):
        host = self.host(hostname)
        for iface in self.interfaces:
            if iface['ihost_uuid'] == host['uuid'] and iface['ifname'] == ifname:
                return iface
        return None

    def network(self, ident):
        for network in self.networks:
            if ident in (network['type'], network['name'], network['uuid']):
                return network
        return None

    def networks_of(self, iface):
        uuids = [link['network_uuid'] for link in self.links if link['interface_uuid'] == iface['uuid']]
        return [n['type'] for n in self.networks if n['uuid'] in uuids]

    def script(self, hostname, steps):
        self.host(hostname)['_steps'] = [dict(step) for step in steps]

    def writes(self):
        return [(r.method, r.path) for s in (self.cloud.sysinv, self.cloud.sysinv_internal) for r in s.requests
                if r.method != 'GET']

    # -- views -------------------------------------------------------------------------------------------------
    def host_view(self, host):
        view = dict((k, v) for k, v in host.items() if not k.startswith('_'))
        view['capabilities'] = dict(host.get('capabilities') or {})
        if host.get('personality') == 'controller':
            view['capabilities']['Personality'] = 'Controller-Active' if host['_active'] else 'Controller-Standby'
        return view

    def interface_view(self, iface):
        view = dict(iface)
        view['uses'] = [self._by_id(i)['ifname'] for i in iface['uses']]
        view['used_by'] = [i['ifname'] for i in self.interfaces if iface['id'] in i['uses']]
        view['links'] = [{'href': 'http://x/v1/iinterfaces/%s' % iface['uuid'], 'rel': 'self'}]
        if iface.get('ifclass') not in ('platform', 'data'):
            for key in ('ipv4_mode', 'ipv6_mode', 'ipv4_pool', 'ipv6_pool'):
                view.pop(key)
        return view

    def link_view(self, link):
        iface = next(i for i in self.interfaces if i['uuid'] == link['interface_uuid'])
        network = next(n for n in self.networks if n['uuid'] == link['network_uuid'])
        return {'id': link['id'], 'uuid': link['uuid'], 'forihostid': iface['forihostid'],
                'interface_uuid': iface['uuid'], 'ifname': iface['ifname'], 'network_id': network['id'],
                'network_uuid': network['uuid'], 'network_name': network['name'], 'network_type': network['type']}

    def _by_id(self, iface_id):
        return next(i for i in self.interfaces if i['id'] == iface_id)

    def _advance(self, host):
        steps = host.get('_steps')
        if steps:
            step = steps.pop(0)
            if step.pop('_remove', False):
                self.hosts.remove(host)
                return None
            if step.pop('_swacted', False):  # services moved: the peer controller is the active one now
                for other in self.hosts:
                    if other.get('personality') == 'controller':
                        other['_active'] = other is not host
            host.update(step)
        return host

    # -- routes ------------------------------------------------------------------------------------------------
    def _routes(self, server):
        routes = [
            ('GET', '/v1/ihosts', self._list_hosts),
            ('POST', '/v1/ihosts', self._post_host),
            ('GET', '/v1/ihosts/([^/]+)', self._get_host),
            ('PATCH', '/v1/ihosts/([^/]+)', self._patch_host),
            ('DELETE', '/v1/ihosts/([^/]+)', self._delete_host),
            ('GET', '/v1/ihosts/([^/]+)/iinterfaces', self._host_interfaces),
            ('GET', '/v1/ihosts/([^/]+)/ethernet_ports', self._host_ports),
            ('GET', '/v1/ihosts/([^/]+)/interface_networks', self._host_links),
            ('POST', '/v1/iinterfaces', self._post_interface),
            ('PATCH', '/v1/iinterfaces/([^/]+)', self._patch_interface),
            ('DELETE', '/v1/iinterfaces/([^/]+)', self._delete_interface),
            ('POST', '/v1/interface_networks', self._post_link),
            ('DELETE', '/v1/interface_networks/([^/]+)', self._delete_link),
            ('GET', '/v1/networks', lambda r: _json(200, {'networks': self.networks})),
            ('GET', '/v1/addrpools', lambda r: _json(200, {'addrpools': self.pools})),
        ]
        for method, pattern, handler in reversed(routes):
            server.route(method, pattern, handler, first=True)

    # hosts
    def _list_hosts(self, record):
        personality = dict(p.split('=', 1) for p in record.query.split('&') if '=' in p).get('personality')
        hosts = [self._advance(h) for h in list(self.hosts)]
        hosts = [h for h in hosts if h is not None and (not personality or h.get('personality') == personality)]
        return _json(200, {'ihosts': [self.host_view(h) for h in hosts]})

    def _get_host(self, record, ident):
        host = self.host(ident)
        if host is not None:
            host = self._advance(host)
        if host is None:
            return ERROR(404, 'Server %s could not be found.' % ident)
        return _json(200, self.host_view(host))

    def _post_host(self, record):
        body = record.json
        mac = body.get('mgmt_mac')
        if not mac:
            return ERROR(400, 'Host-add Rejected: Must provide MAC Address of the host mgmt interface')
        if any(h.get('mgmt_mac') == mac and h.get('hostname') for h in self.hosts):
            return ERROR(400, 'Host-add Rejected: Host with mgmt_mac %s already exists' % mac)
        personality = body.get('personality')
        hostname = body.get('hostname')
        if personality == 'controller':
            hostname = 'controller-1' if self.host('controller-0') else 'controller-0'
        host = self.add_host(hostname, personality, administrative='locked', mgmt_mac=mac,
                             subfunctions=body.get('subfunctions') or personality, availability='offline',
                             invprovision='unprovisioned', inv_state=None, install_state=None)
        for key in ('location',) + INSTALL_FIELDS + ('clock_synchronization',):
            if key in body:
                host[key] = body[key]
        host['_steps'] = [{'install_state': 'installing'},
                          {'install_state': 'completed', 'availability': 'online', 'inv_state': 'inventoried'}]
        return _json(200, self.host_view(host))

    def _patch_host(self, record, ident):
        host = self.host(ident)
        if host is None:
            return ERROR(404, 'Server %s could not be found.' % ident)
        ops = record.json
        values = dict((op['path'].lstrip('/'), op['value']) for op in ops)
        for key in ('uuid', 'mgmt_mac', 'mgmt_ip', 'invprovision', 'administrative', 'task'):
            if key in values:
                return ERROR(400, "Change ['%s'] contains restricted {'%s'}." % (key, key))
        if 'action' in values:
            return self._action(host, values['action'])
        if 'personality' in values and host.get('personality'):
            return ERROR(400, 'Can not change personality after it has been set. Host %s must be deleted and '
                              're-added in order to change the personality.' % host['hostname'])
        if any(k in values for k in INSTALL_FIELDS) and host['administrative'] != 'locked':
            return ERROR(400, 'Host must be locked before updating installation parameters.')
        if 'personality' in values:
            personality = values['personality']
            if personality == 'controller':
                values['hostname'] = 'controller-1' if self.host('controller-0') else 'controller-0'
            elif not values.get('hostname'):
                return ERROR(400, 'Host %s of personality %s, must be provisioned with a hostname.'
                             % (host['uuid'], personality))
            values.setdefault('subfunctions', personality)
            values['invprovision'] = 'provisioning'
            host['_steps'] = [{'install_state': 'installing'},
                              {'install_state': 'completed', 'availability': 'online', 'inv_state': 'inventoried'}]
            for n, name in enumerate(PORT_NAMES):
                self._add_port(host, name, host['mgmt_mac'][:-2] + '%02x' % n)
        host.update(values)
        return _json(200, self.host_view(host))

    def _action(self, host, action):
        name = host.get('hostname')
        admin = host['administrative']
        peers = [h for h in self.hosts if h.get('personality') == 'controller' and h is not host]
        if action in ('lock', 'force-lock'):
            if admin == 'locked':
                return ERROR(400, "Avoiding %s action on already 'locked' host %s" % (action, name))
            if host.get('_active') and self.cloud.system['system_mode'] != 'simplex':
                return ERROR(400, '%s : Rejected: Can not lock an active controller.' % name)
            steps = [{'administrative': 'locked', 'operational': 'disabled', 'availability': 'online', 'task': '',
                      'ihost_action': '', 'vim_progress_status': 'services-disabled'}]
        elif action in ('unlock', 'force-unlock'):
            if admin == 'unlocked':
                return ERROR(400, "Avoiding 'unlock' action on already 'unlocked' host %s" % name)
            if action == 'unlock' and host['availability'] != 'online':
                return ERROR(400, "Host %s is not online. Wait for 'online' availability status and then 'unlock'"
                             % name)
            steps = [{'administrative': 'unlocked', 'availability': 'offline', 'task': 'Rebooting'},
                     {'availability': 'intest', 'task': 'Testing'},
                     {'operational': 'enabled', 'availability': 'available', 'task': '', 'ihost_action': '',
                      'invprovision': 'provisioned', 'vim_progress_status': 'services-enabled'}]
        elif action in ('swact', 'force-swact'):
            if host.get('personality') != 'controller':
                return ERROR(400, 'Swact action not allowed for non controller host %s.' % name)
            if self.cloud.system['system_mode'] == 'simplex':
                return ERROR(400, 'Swact action not allowed for a simplex system.')
            if not host.get('_active'):
                return ERROR(400, 'Swact rejected: %s is not the active controller.' % name)
            if not peers:
                return ERROR(400, 'Swact rejected: no standby controller is available.')
            host.update(task=TASKS[action], _steps=[{'task': '', '_swacted': True}])
            return _json(200, self.host_view(host))
        else:
            return ERROR(400, "'%s' is not a supported maintenance action" % action)
        host.update(task=TASKS[action], ihost_action=action)
        host['_steps'] = steps
        return _json(200, self.host_view(host))

    def _delete_host(self, record, ident):
        host = self.host(ident)
        if host is None:
            return ERROR(404, 'Server %s could not be found.' % ident)
        if host['administrative'] == 'unlocked':
            return ERROR(500, 'Unable to complete the action delete because Host %s is in administrative state = '
                              'unlocked.' % host['hostname'], faultcode='Server')
        if host.get('personality') == 'worker' and host.get('invprovision') == 'provisioned':
            host['_steps'] = [{}, {'_remove': True}]  # the VIM removes it a little later
        else:
            self.hosts.remove(host)
        return 204, b'', {}

    # interfaces
    def _host_for(self, ident):
        host = self.host(ident)
        return host

    def _host_interfaces(self, record, ident):
        host = self._host_for(ident)
        if host is None:
            return ERROR(400, 'Invalid ihost %s' % ident)
        return _json(200, {'iinterfaces': [self.interface_view(i) for i in self.interfaces
                                           if i['ihost_uuid'] == host['uuid']]})

    def _host_ports(self, record, ident):
        host = self._host_for(ident)
        ports = [p for p in self.ports if host is not None and p['host_uuid'] == host['uuid']]
        return _json(200, {'ethernet_ports': ports})

    def _host_links(self, record, ident):
        host = self._host_for(ident)
        uuids = [i['uuid'] for i in self.interfaces if host is not None and i['ihost_uuid'] == host['uuid']]
        return _json(200, {'interface_networks': [self.link_view(link) for link in self.links
                                                  if link['interface_uuid'] in uuids]})

    def _lower_ids(self, host, names):
        ids = []
        for name in names or []:
            found = [i for i in self.interfaces if i['ihost_uuid'] == host['uuid'] and name in (i['ifname'], i['uuid'])]
            if not found:
                return None, ERROR(404, 'Interface %s could not be found.' % name)
            ids.append(found[0]['id'])
        return ids, None

    def _post_interface(self, record):
        body = record.json
        host = self.host(body.get('ihost_uuid'))
        if host['administrative'] != 'locked':
            return ERROR(400, 'Host must be locked.')
        if any(i['ihost_uuid'] == host['uuid'] and i['ifname'] == body['ifname'] for i in self.interfaces):
            return ERROR(400, 'Interface Name %s must be unique.' % body['ifname'])
        if body.get('iftype') == 'vlan' and not body.get('vlan_id'):
            return ERROR(400, 'VLAN id must be specified.')
        uses, error = self._lower_ids(host, body.get('uses'))
        if error:
            return error
        fields = dict((k, v) for k, v in body.items() if k not in ('ihost_uuid', 'uses', 'ports'))
        for key in ('imtu', 'vlan_id', 'max_tx_rate', 'max_rx_rate'):
            if fields.get(key) is not None:
                fields[key] = int(fields[key])
        if fields.get('ifclass') == 'none':
            fields['ifclass'] = None
        if fields.get('iftype') == 'ae':
            fields.setdefault('aemode', 'active_standby')
        iface = self._new_interface(host, uses=uses, **fields)
        return _json(200, self.interface_view(iface))

    def _patch_interface(self, record, ident):
        iface = next((i for i in self.interfaces if i['uuid'] == ident), None)
        if iface is None:
            return ERROR(404, 'Interface %s could not be found.' % ident)
        host = self.host(iface['ihost_uuid'])
        ops = record.json
        paths = set(op['path'] for op in ops)
        values = dict((op['path'].lstrip('/'), op['value']) for op in ops)
        rate_only = paths and paths.issubset(RATE_PATHS) and iface['ifclass'] == 'platform' and \
            iface['iftype'] in ('ethernet', 'ae', 'vlan')
        if not rate_only and host['administrative'] != 'locked':
            return ERROR(400, 'Host must be locked.')
        if paths & RATE_PATHS:
            ifclass = values.get('ifclass', iface['ifclass'])
            if ifclass != 'platform':
                return ERROR(400, 'max_tx_rate/max_rx_rate modification not allowed for the provided interface '
                                  'class %s and interface type %s' % (ifclass, iface['iftype']))
            if set(self.networks_of(iface)) & set(INTERNAL_NETWORK_TYPES):
                return ERROR(400, 'Rate limit is not allowed for internal network types %s'
                             % list(INTERNAL_NETWORK_TYPES))
        if 'usesmodify' in values:
            uses, error = self._lower_ids(host, values.pop('usesmodify').split(','))
            if error:
                return error
            iface['uses'] = uses
        for key in ('imtu', 'vlan_id', 'max_tx_rate', 'max_rx_rate'):
            if values.get(key) is not None:
                values[key] = int(values[key])
        if values.get('ifclass') == 'none':
            values['ifclass'] = None
        iface.update(values)
        return _json(200, self.interface_view(iface))

    def _delete_interface(self, record, ident):
        iface = next((i for i in self.interfaces if i['uuid'] == ident), None)
        if iface is None:
            return ERROR(404, 'Interface %s could not be found.' % ident)
        if self.host(iface['ihost_uuid'])['administrative'] != 'locked':
            return ERROR(400, 'Host must be locked.')
        if iface['iftype'] == 'ethernet' and not iface['uses']:
            return ERROR(400, 'Cannot delete a system created ethernet interface')
        self.interfaces.remove(iface)
        self.links[:] = [link for link in self.links if link['interface_uuid'] != iface['uuid']]
        return 204, b'', {}

    # interface_networks
    def _post_link(self, record):
        body = record.json
        iface = next((i for i in self.interfaces if i['uuid'] == body.get('interface_uuid')), None)
        network = next((n for n in self.networks if n['uuid'] == body.get('network_uuid')), None)
        if iface is None or network is None:
            return ERROR(404, 'Interface or network could not be found.')
        if not iface['ifclass']:
            iface['ifclass'] = 'platform'
        if iface['ifclass'] not in ('platform', 'pci-sriov'):
            return ERROR(400, "An interface with interface class '%s' cannot assign platform networks."
                         % iface['ifclass'])
        if network['type'] in NONDUPLICATE_TYPES:
            for other in self.interfaces:
                if other['ihost_uuid'] == iface['ihost_uuid'] and other is not iface and \
                        network['type'] in self.networks_of(other):
                    return ERROR(400, "An interface with '%s' network type is already provisioned on this node"
                                 % network['type'])
        self._ids['link'] += 1
        link = {'id': self._ids['link'], 'uuid': _uuid(), 'interface_uuid': iface['uuid'],
                'network_uuid': network['uuid']}
        self.links.append(link)
        return _json(200, self.link_view(link))

    def _delete_link(self, record, ident):
        link = next((x for x in self.links if x['uuid'] == ident), None)
        if link is None:
            return ERROR(404, 'Interface network %s could not be found.' % ident)
        self.links.remove(link)
        return 204, b'', {}


def body_of(request):
    return json.loads(request.body.decode('utf-8')) if request.body else None
