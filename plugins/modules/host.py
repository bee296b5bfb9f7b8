#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: host
short_description: Add, provision, lock, unlock, swact and delete StarlingX hosts
version_added: 0.1.0
description:
  - Manages one host of a StarlingX system through sysinv (C(/v1/ihosts)), the way the C(system host-add), C(host-update),
    C(host-lock), C(host-unlock), C(host-swact) and C(host-delete) commands do.
  - A host is found by O(name) (its hostname), else by O(mgmt_mac). A host that PXE-booted from the controller and
    appears without a personality or hostname is found by O(mgmt_mac) and provisioned (C(personality), and C(hostname)
    for workers and edge workers, plus C(subfunctions) when given), as C(system host-update <id> personality=...) does;
    sysinv then names controllers and storage hosts itself and installs the host.
  - A host that does not exist is added (C(POST /v1/ihosts)) when O(mgmt_mac) and O(personality) are given.
  - Only the difference is acted upon. In one run the order is - add or provision, then for O(administrative=locked)
    swact away (O(activity=standby)), lock and update the remaining fields; otherwise update the fields, unlock, and
    swact.
  - C(personality), C(hostname) and C(subfunctions) can not be changed once set (sysinv refuses; delete and re-add the
    host); the module fails before any request when asked to.
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - starlingx.platform.auth
  - starlingx.platform.wait
  - starlingx.platform.attributes
  - starlingx.platform.attributes.ACTION_GROUP
attributes:
  check_mode:
    support: full
    details:
      - No request other than reads is sent; the result tells what would be done (RV(actions)) and, in diff mode, the
        managed fields before and after.
  diff_mode:
    support: full
options:
  name:
    description:
      - Hostname, for example C(controller-1), C(worker-0) or C(storage-0).
      - Controllers can only be C(controller-0) and C(controller-1), storage hosts C(storage-N); workers and edge workers
        take letters, digits, C(_), C(.) and C(-) (at most 255 characters), and not C(controller-*) or C(storage*).
      - At least one of O(name) and O(mgmt_mac) is required.
    type: str
    aliases: [hostname]
  mgmt_mac:
    description:
      - MAC address of the host's management (PXE boot) interface, C(08:00:27:11:20:01) or C(08-00-27-11-20-01).
      - Used to find a PXE-discovered host that has no hostname yet, and to add a host that does not exist.
      - When the host is found by O(name) and has another management MAC, the module fails (C(mgmt_mac) can not be
        changed; delete and re-add the host).
    type: str
  state:
    description:
      - V(present) adds or provisions the host and applies the other options; V(absent) deletes it.
      - With V(absent) only O(name), O(mgmt_mac), O(force) and the wait options are used. sysinv deletes only locked
        hosts; an unlocked host makes the module fail before any request unless O(force=true), in which case it is
        force-locked (C(force-lock), which reboots it) first. The module waits (O(wait)) until the host is gone, as a
        provisioned worker is removed by the VIM a little after the C(DELETE).
    type: str
    choices: [present, absent]
    default: present
  personality:
    description:
      - Personality of the host. Required to add or provision a host; compared otherwise.
      - An All-in-one system accepts only V(controller), V(edgeworker), and V(worker) on a duplex system.
    type: str
    choices: [controller, worker, storage, edgeworker]
  subfunctions:
    description:
      - Subfunctions of the host, for example V([controller, worker]) or V([worker, lowlatency]); the personality is
        always one of them. sysinv sets them from the personality when not given.
      - Compared as a set. They can be set only while provisioning.
    type: list
    elements: str
  location:
    description:
      - Free-text location of the host (sysinv stores it as the C(locn) key of its C(location) dictionary).
    type: str
  clock_synchronization:
    description:
      - Clock synchronization of the host.
    type: str
    choices: [ntp, ptp]
  boot_device:
    description:
      - Installation parameter - the boot device, for example C(/dev/disk/by-path/pci-0000:00:0d.0-ata-1.0).
      - Installation parameters change only on a locked host; the module fails before any request when the host is
        unlocked and O(administrative=locked) is not asked for.
    type: str
  rootfs_device:
    description:
      - Installation parameter - the root file system device. See O(boot_device) for the lock rule.
    type: str
  install_output:
    description:
      - Installation parameter - the installer output. See O(boot_device) for the lock rule.
    type: str
    choices: [text, graphical]
  console:
    description:
      - Installation parameter - the console, for example C(ttyS0,115200). See O(boot_device) for the lock rule.
    type: str
  administrative:
    description:
      - V(locked) locks the host (C(lock), or C(force-lock) with O(force=true)) and waits until it is locked with no
        task left.
      - V(unlocked) unlocks it (C(unlock), or C(force-unlock) with O(force=true)). Before unlocking, when O(wait=true),
        the module waits for a newly installed host to be C(online) and inventoried, since sysinv refuses to unlock it
        otherwise. It then waits until the host is C(unlocked), C(enabled) and C(available), riding out the API restarts
        of the unlock (an All-in-one simplex controller reboots). It fails with the host's own status (task,
        availability, operational state, VIM progress) when the unlock fails (C(availability=failed)) or is rejected.
      - A host already in the requested state but still on its way (for example C(intest) after an interrupted run)
        is waited for.
      - Not set - the administrative state is not managed.
    type: str
    choices: [locked, unlocked]
  activity:
    description:
      - For a controller of a duplex system - whether it is the active controller (sysinv capability
        C(Personality=Controller-Active)) or the standby one (C(Controller-Standby)).
      - V(standby) on the active controller swacts it (C(swact), or C(force-swact) with O(force=true)), so that the
        other controller takes over; V(active) on the standby controller swacts the active one. The module then
        waits, riding out the API restart, until the roles have changed.
      - V(standby) with O(administrative=locked) swacts first and then locks - the way to lock an active controller.
      - Not set - which controller is active is not managed.
    type: str
    choices: [active, standby]
  force:
    description:
      - Use the forced variants of the actions - C(force-lock), C(force-unlock), C(force-swact) - and allow
        O(state=absent) to force-lock an unlocked host before deleting it.
      - A forced lock resets the host; use it only on a host that can not be locked normally.
    type: bool
    default: false
  timeout:
    description:
      - How long to wait, in seconds, for each wait (install, lock, unlock, swact, removal) when O(wait=true). A real
        unlock takes 10 to 20 minutes, an installation longer.
    type: int
    default: 1800
notes:
  - The module never creates a lock or unlock implicitly, except O(state=absent) with O(force=true).
  - Configure the host's interfaces (M(starlingx.platform.interface), M(starlingx.platform.interface_network)) between
    provisioning it and unlocking it.
seealso:
  - module: starlingx.platform.host_info
  - module: starlingx.platform.interface
  - module: starlingx.platform.interface_network
'''

EXAMPLES = r'''
- name: Provision controller-1 after it PXE-booted (it has no hostname yet)
  starlingx.platform.host:
    name: controller-1
    mgmt_mac: "08:00:27:11:20:01"
    personality: controller

- name: Provision a worker and wait for its installation
  starlingx.platform.host:
    name: worker-0
    mgmt_mac: "08:00:27:12:20:01"
    personality: worker
    location: rack 3, unit 12

- name: Unlock it once its interfaces are configured
  starlingx.platform.host:
    name: worker-0
    administrative: unlocked

- name: Lock controller-0 for maintenance (swact to controller-1 first if controller-0 is active)
  starlingx.platform.host:
    name: controller-0
    activity: standby
    administrative: locked

- name: Make controller-0 the active controller again
  starlingx.platform.host:
    name: controller-0
    administrative: unlocked
    activity: active

- name: Remove a worker (lock it first if needed)
  starlingx.platform.host:
    name: worker-1
    state: absent
    force: true
'''

RETURN = r'''
host:
  description:
    - The host as sysinv reports it after the changes (before them in check mode); absent after a deletion.
    - Besides the keys below, every field of the sysinv ihost except its links.
  returned: success, unless the host is absent
  type: dict
  contains:
    uuid:
      description: UUID of the host.
      type: str
    hostname:
      description: Hostname (null for a PXE-discovered host not provisioned yet).
      type: str
      sample: controller-1
    personality:
      description: Personality.
      type: str
      sample: controller
    subfunctions:
      description: Comma-separated subfunctions.
      type: str
      sample: controller,worker
    administrative:
      description: C(locked) or C(unlocked).
      type: str
    operational:
      description: C(enabled) or C(disabled).
      type: str
    availability:
      description: C(available), C(online), C(offline), C(intest), C(degraded), C(failed), C(power-off).
      type: str
    task:
      description: Maintenance task in progress (empty when none).
      type: str
    mgmt_mac:
      description: Management MAC address.
      type: str
    mgmt_ip:
      description: Management IP address.
      type: str
    capabilities:
      description: Capabilities; C(Personality) is C(Controller-Active) or C(Controller-Standby) on controllers.
      type: dict
    location:
      description: Location; the free text is its C(locn) key.
      type: dict
    install_state:
      description: Installation progress (C(preinstall), C(installing), C(postinstall), C(booting), C(completed), C(failed)).
      type: str
    invprovision:
      description: C(unprovisioned), C(provisioning) or C(provisioned).
      type: str
actions:
  description:
    - What the module did (or would do in check mode), in order - C(add), C(provision), C(update), C(swact), C(lock),
      C(unlock), C(delete) (C(swact) may come before C(lock) or after C(unlock)). Waits that needed no action are not
      listed.
  returned: always
  type: list
  elements: str
  sample: [provision, unlock]
diff:
  description: The managed fields (and C(administrative) and C(activity)) before and after.
  returned: when diff mode is on
  type: dict
  sample: {"before": {"hostname": "controller-1", "administrative": "locked"},
           "after": {"hostname": "controller-1", "administrative": "unlocked"}}
waits:
  description: One entry per wait - what was waited for, how many polls and how many seconds it took.
  returned: when the module waited
  type: list
  elements: dict
'''

import re

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule, values_differ
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI, normalize_mac, without_links

CONTROLLER = 'controller'
WORKER = 'worker'
STORAGE = 'storage'
EDGEWORKER = 'edgeworker'
CONTROLLER_NAMES = ('controller-0', 'controller-1')
ACTIVE = 'Controller-Active'
STANDBY = 'Controller-Standby'
# installation parameters: sysinv changes them only on a locked host
INSTALL_FIELDS = ('boot_device', 'rootfs_device', 'install_output', 'console')
PLAIN_FIELDS = ('clock_synchronization',) + INSTALL_FIELDS
VALID_SUBFUNCTIONS = {CONTROLLER: (CONTROLLER, WORKER, 'lowlatency'), WORKER: (WORKER, 'lowlatency'),
                      STORAGE: (STORAGE,), EDGEWORKER: (EDGEWORKER,)}
MAC_RE = re.compile(r'^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$')
WORKER_NAME_RE = re.compile(r'^[\w.-]+$')
STORAGE_NAME_RE = re.compile(r'^storage-[0-9]+$')
UP = ('online', 'available', 'degraded')
STATUS_KEYS = ('administrative', 'operational', 'availability', 'task', 'install_state', 'vim_progress_status',
               'mtce_info')


def describe(host):
    """One line of the host's maintenance status, for waits and errors."""
    if not isinstance(host, dict):
        return str(host)
    parts = ['%s=%s' % (key, host.get(key)) for key in STATUS_KEYS if host.get(key) not in (None, '')]
    activity = activity_of(host)
    if activity:
        parts.append('activity=%s' % activity)
    return '%s: %s' % (host.get('hostname') or host.get('uuid'), ', '.join(parts))


def activity_of(host):
    personality = ((host or {}).get('capabilities') or {}).get('Personality')
    return {ACTIVE: 'active', STANDBY: 'standby'}.get(personality)


def split_subfunctions(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(',')
    return [v.strip() for v in value if v and v.strip()]


def locn(host):
    location = (host or {}).get('location')
    if isinstance(location, dict):
        return location.get('locn')
    return location or None


class HostModule(StarlingXModule):
    argument_spec = dict(
        name=dict(type='str', aliases=['hostname']),
        mgmt_mac=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        personality=dict(type='str', choices=[CONTROLLER, WORKER, STORAGE, EDGEWORKER]),
        subfunctions=dict(type='list', elements='str'),
        location=dict(type='str'),
        clock_synchronization=dict(type='str', choices=['ntp', 'ptp']),
        boot_device=dict(type='str'),
        rootfs_device=dict(type='str'),
        install_output=dict(type='str', choices=['text', 'graphical']),
        console=dict(type='str'),
        administrative=dict(type='str', choices=['locked', 'unlocked']),
        activity=dict(type='str', choices=['active', 'standby']),
        force=dict(type='bool', default=False),
        timeout=dict(type='int', default=1800),
    )
    module_kwargs = dict(supports_check_mode=True, required_one_of=[('name', 'mgmt_mac')])
    wait_options = True

    # -- input ---------------------------------------------------------------------------------------------------
    def validate(self):
        """Every rule that can be checked without the API; fails naming the option, the value and the rule."""
        p = self.params
        if p['mgmt_mac'] is not None and not MAC_RE.match(p['mgmt_mac'].strip()):
            self.invalid('mgmt_mac', p['mgmt_mac'], 'must be a MAC address such as 08:00:27:11:20:01')
        if p['state'] == 'absent':
            return
        personality, name = p['personality'], p['name']
        if name is not None and personality is not None:
            self.check_hostname(name, personality)
        subfunctions = split_subfunctions(p['subfunctions'])
        if subfunctions is not None:
            if not subfunctions:
                self.invalid('subfunctions', p['subfunctions'], 'must not be empty')
            if personality is not None:
                valid = VALID_SUBFUNCTIONS[personality]
                if not set(subfunctions).issubset(valid) or personality not in subfunctions:
                    rule = 'must include the personality %s and only %s' % (personality, ', '.join(valid))
                    self.invalid('subfunctions', subfunctions, rule)
        if p['administrative'] == 'locked' and p['activity'] == 'active':
            self.invalid('activity', 'active', 'a locked controller can not be the active one (administrative=locked)')
        if p['activity'] is not None and personality not in (None, CONTROLLER):
            self.invalid('activity', p['activity'], 'applies to controllers only, not to personality %s' % personality)

    def check_hostname(self, name, personality):
        if personality == CONTROLLER and name not in CONTROLLER_NAMES:
            self.invalid('name', name, 'a controller is named controller-0 or controller-1')
        if personality == STORAGE and not STORAGE_NAME_RE.match(name):
            self.invalid('name', name, 'a storage host is named storage-<number>')
        if personality in (WORKER, EDGEWORKER):
            if not WORKER_NAME_RE.match(name) or len(name) > 255:
                self.invalid('name', name,
                             'may only contain letters, numbers, underscores, periods and hyphens (at most 255 characters)')
            if name in CONTROLLER_NAMES or name.startswith(STORAGE):
                self.invalid('name', name, 'is reserved: a %s can not be named controller-* or storage*' % personality)

    def invalid(self, option, value, rule):
        raise StarlingXError('%s=%r: %s' % (option, value, rule))

    # -- finding the host ----------------------------------------------------------------------------------------
    def find(self, api):
        name, mac = self.params['name'], self.params['mgmt_mac']
        host = api.host(name) if name else None
        if host is None and mac:
            host = api.host_by_mac(mac)
            if host is not None and name and host.get('hostname') and host['hostname'] != name:
                raise StarlingXError('the host with mgmt_mac %s is %s, not %s (a hostname can not be changed; delete '
                                     'and re-add the host)' % (normalize_mac(mac), host['hostname'], name))
        if host is not None and mac and host.get('mgmt_mac') and \
                normalize_mac(host['mgmt_mac']) != normalize_mac(mac):
            raise StarlingXError('host %s has mgmt_mac %s, not %s (mgmt_mac can not be changed; delete and re-add the '
                                 'host)' % (host.get('hostname'), host['mgmt_mac'], normalize_mac(mac)))
        return host

    def label(self, host=None):
        return (host or {}).get('hostname') or self.params['name'] or normalize_mac(self.params['mgmt_mac'])

    # -- run -----------------------------------------------------------------------------------------------------
    def run(self):
        self.validate()
        api = SysinvAPI(self.client)
        self.actions = []
        host = self.find(api)
        if self.params['state'] == 'absent':
            return self.absent(api, host)
        return self.present(api, host)

    def managed_fields(self):
        p = self.params
        fields = ['hostname', 'personality']
        for key in ('subfunctions', 'location') + PLAIN_FIELDS + ('administrative', 'activity'):
            if p.get(key) is not None:
                fields.append(key)
        return fields

    @staticmethod
    def managed_view(host):
        if host is None:
            return None
        view = dict((k, host.get(k)) for k in ('hostname', 'personality') + PLAIN_FIELDS + ('administrative',))
        view['subfunctions'] = split_subfunctions(host.get('subfunctions'))
        view['location'] = locn(host)
        view['activity'] = activity_of(host)
        return view

    def result(self, before, after, host):
        fields = self.managed_fields()
        changed = bool(self.actions)
        return dict(changed=changed, host=without_links(host), actions=self.actions,
                    diff=self.diff_result(before, after, fields))

    # -- absent --------------------------------------------------------------------------------------------------
    def absent(self, api, host):
        if host is None:
            return dict(changed=False, actions=[], diff={'before': {}, 'after': {}})
        before = self.managed_view(host)
        name = self.label(host)
        unlocked = host.get('administrative') == 'unlocked'
        if unlocked and not self.params['force']:
            raise StarlingXError('host %s is unlocked: sysinv deletes only locked hosts; lock it first '
                                 '(administrative=locked) or set force=true to force-lock it' % name)
        if unlocked:
            self.actions.append('lock')
        self.actions.append('delete')
        if not self.check_mode:
            if unlocked:
                host = self.lock(api, host)
            api.delete('ihosts', host['uuid'])
            if self.params['wait']:
                self.wait(lambda: api.host(host['uuid']), lambda h: h is None, what='removal of host %s' % name,
                          describe=lambda h: describe(h) if h else 'gone')
        return dict(changed=True, actions=self.actions, diff=self.diff_result(before, {}, self.managed_fields()))

    # -- present -------------------------------------------------------------------------------------------------
    def present(self, api, host):
        p = self.params
        before = self.managed_view(host)
        predicted = dict(before or {})
        installing = False
        if host is None:
            host, predicted = self.add(api)
            installing = True
        elif not host.get('personality'):
            host, predicted = self.provision(api, host, predicted)
            installing = True
        else:
            self.check_immutable(host)
        if installing and not self.check_mode and p['wait']:
            host = self.wait_installed(api, host)

        changes = {} if installing else self.field_changes(self.managed_view(host))
        target = p['administrative']
        admin_now = (host or predicted).get('administrative')
        needs_lock = [f for f in changes if f in INSTALL_FIELDS]
        if needs_lock and admin_now == 'unlocked' and target != 'locked':
            raise StarlingXError('host %s is unlocked: sysinv changes the installation parameters (%s) only on a '
                                 'locked host; set administrative=locked' % (self.label(host), ', '.join(needs_lock)))

        if target == 'locked':
            host = self.ensure_activity(api, host, predicted)
            host = self.ensure_locked(api, host, predicted)
            host = self.apply_changes(api, host, changes, predicted)
        else:
            host = self.apply_changes(api, host, changes, predicted)
            if target == 'unlocked':
                host = self.ensure_unlocked(api, host, predicted)
            host = self.ensure_activity(api, host, predicted)

        if self.actions and not self.check_mode:
            host = api.host(host['uuid']) or host
            after = self.managed_view(host)
        else:
            after = predicted
        return self.result(before, after, host)

    def add(self, api):
        """POST /v1/ihosts for a host that does not exist."""
        p = self.params
        missing = [o for o in ('mgmt_mac', 'personality') if p[o] is None]
        if missing:
            raise StarlingXError('host %s does not exist; to add it give %s'
                                 % (p['name'] or p['mgmt_mac'], ' and '.join(missing)))
        if p['name'] is None and p['personality'] in (WORKER, EDGEWORKER):
            raise StarlingXError('name is required to add a %s (sysinv names only controllers and storage hosts)'
                                 % p['personality'])
        body = {'mgmt_mac': normalize_mac(p['mgmt_mac']), 'personality': p['personality']}
        if p['name']:
            body['hostname'] = p['name']
        if p['subfunctions'] is not None:
            body['subfunctions'] = ','.join(split_subfunctions(p['subfunctions']))
        body.update(self.desired_fields(wire=True))
        self.actions.append('add')
        predicted = {'hostname': p['name'], 'personality': p['personality'], 'administrative': 'locked',
                     'subfunctions': split_subfunctions(p['subfunctions']) or [p['personality']]}
        predicted.update(self.desired_fields(wire=False))
        if self.check_mode:
            return None, predicted
        host = api.create('ihosts', body)
        return host, self.managed_view(host)

    def provision(self, api, host, predicted):
        """A PXE-discovered host (no personality): PATCH personality (+hostname, subfunctions, fields)."""
        p = self.params
        if p['personality'] is None:
            raise StarlingXError('host with mgmt_mac %s has no personality yet; give personality to provision it'
                                 % host.get('mgmt_mac'))
        if p['name'] is None and p['personality'] in (WORKER, EDGEWORKER):
            raise StarlingXError('name is required to provision a %s' % p['personality'])
        changes = {'personality': p['personality']}
        if p['personality'] in (WORKER, EDGEWORKER):
            changes['hostname'] = p['name']  # sysinv names controllers and storage hosts itself
        if p['subfunctions'] is not None:
            changes['subfunctions'] = ','.join(split_subfunctions(p['subfunctions']))
        for key, value in self.desired_fields(wire=True).items():
            if key == 'location' or values_differ(host.get(key), value):
                changes[key] = value
        self.actions.append('provision')
        predicted = dict(predicted, personality=p['personality'], hostname=p['name'] or host.get('hostname'),
                         subfunctions=split_subfunctions(p['subfunctions']) or [p['personality']])
        predicted.update(self.desired_fields(wire=False))
        if self.check_mode:
            return host, predicted
        host = api.patch('ihosts', host['uuid'], self.patch_ops(changes))
        if p['name'] and host.get('hostname') != p['name']:
            raise StarlingXError('sysinv named the provisioned host %s, not %s' % (host.get('hostname'), p['name']))
        return host, self.managed_view(host)

    def check_immutable(self, host):
        p = self.params
        if p['personality'] is not None and host.get('personality') != p['personality']:
            raise StarlingXError('host %s is a %s: personality can not be changed to %s (delete and re-add the host)'
                                 % (self.label(host), host.get('personality'), p['personality']))
        wanted = split_subfunctions(p['subfunctions'])
        current = split_subfunctions(host.get('subfunctions'))
        if wanted is not None and current and set(wanted) != set(current):
            raise StarlingXError('host %s has subfunctions %s: they can not be changed to %s (delete and re-add the '
                                 'host)' % (self.label(host), ','.join(current), ','.join(wanted)))
        if p['activity'] is not None and host.get('personality') != CONTROLLER:
            raise StarlingXError('activity=%s: host %s is a %s; only controllers are active or standby'
                                 % (p['activity'], self.label(host), host.get('personality')))

    def desired_fields(self, wire):
        """The plain fields the user manages: wire=True in sysinv's form (location as {"locn": ...})."""
        p = self.params
        fields = dict((k, p[k]) for k in PLAIN_FIELDS if p[k] is not None)
        if p['location'] is not None:
            fields['location'] = {'locn': p['location']} if wire else p['location']
        return fields

    def field_changes(self, current):
        """{field: wire value} of the plain fields that differ from ``current`` (a managed view)."""
        changes = {}
        for key, value in self.desired_fields(wire=False).items():
            if values_differ(current.get(key), value):
                changes[key] = {'locn': value} if key == 'location' else value
        return changes

    @staticmethod
    def patch_ops(changes):
        return [{'op': 'replace', 'path': '/' + key, 'value': value} for key, value in changes.items()]

    def apply_changes(self, api, host, changes, predicted):
        if not changes or 'provision' in self.actions or 'add' in self.actions:
            return host
        self.actions.append('update')
        predicted.update(self.desired_fields(wire=False))
        if self.check_mode:
            return host
        return api.patch('ihosts', host['uuid'], self.patch_ops(changes))

    # -- maintenance actions -------------------------------------------------------------------------------------
    def action(self, api, host, action, what):
        """PATCH /action; a refusal becomes an error naming the action, sysinv's message and the host status."""
        try:
            return api.host_action(host['uuid'], action)
        except StarlingXError as exc:
            if exc.status is None:  # no answer: nothing to add
                raise
            exc.msg = '%s rejected: %s (%s)' % (what, exc.msg, describe(host))
            raise

    def wait_installed(self, api, host):
        """A newly added or provisioned host installs; wait until it is online and inventoried."""
        name = self.label(host)

        def failed(h):
            if h.get('install_state') == 'failed':
                return 'the installation failed'
            return None

        return self.wait(lambda: api.require_host(host['uuid']), ready, failed=failed,
                         what='installation of host %s' % name, describe=describe)

    def lock(self, api, host):
        name = self.label(host)
        what = '%s of host %s' % ('force-lock' if self.params['force'] else 'lock', name)
        host = self.action(api, host, 'force-lock' if self.params['force'] else 'lock', what)
        if self.params['wait']:
            host = self.wait(lambda: api.require_host(host['uuid']), locked, failed=lock_failed, what=what,
                             describe=describe)
        return host

    def ensure_locked(self, api, host, predicted):
        current = predicted.get('administrative') if host is None else host.get('administrative')
        if current == 'locked':
            if host is not None and host.get('task') and self.params['wait'] and not self.check_mode:
                return self.wait(lambda: api.require_host(host['uuid']), locked, failed=lock_failed,
                                 what='lock of host %s' % self.label(host), describe=describe)
            return host
        self.actions.append('lock')
        predicted['administrative'] = 'locked'
        if self.check_mode:
            return host
        return self.lock(api, host)

    def ensure_unlocked(self, api, host, predicted):
        p = self.params
        name = self.label(host)
        what = '%s of host %s' % ('force-unlock' if p['force'] else 'unlock', name)
        current = predicted.get('administrative') if host is None else host.get('administrative')
        if current == 'unlocked':
            if host is not None and not unlocked(host):
                if host.get('availability') == 'failed':
                    raise StarlingXError('host %s is unlocked but failed: %s; lock and unlock it to retry'
                                         % (name, describe(host)))
                if p['wait'] and not self.check_mode:
                    host = self.wait(lambda: api.require_host(host['uuid']), unlocked, failed=unlock_failed,
                                     what='unlock of host %s' % name, describe=describe, transient_errors=True)
            return host
        self.actions.append('unlock')
        predicted['administrative'] = 'unlocked'
        if self.check_mode:
            return host
        if p['wait'] and not ready(host):
            host = self.wait(lambda: api.require_host(host['uuid']), ready,
                             failed=lambda h: 'the installation failed' if h.get('install_state') == 'failed' else None,
                             what='host %s to be online and inventoried before its unlock' % name, describe=describe)
        host = self.action(api, host, 'force-unlock' if p['force'] else 'unlock', what)
        if p['wait']:
            host = self.wait(lambda: api.require_host(host['uuid']), unlocked, failed=unlock_failed, what=what,
                             describe=describe, transient_errors=True)
        return host

    def ensure_activity(self, api, host, predicted):
        wanted = self.params['activity']
        if wanted is None:
            return host
        current = predicted.get('activity') if host is None else activity_of(host)
        if host is None or current == wanted:
            return host
        if current is None:
            raise StarlingXError('activity=%s: host %s is not an active or standby controller (capabilities %s)'
                                 % (wanted, self.label(host), host.get('capabilities')))
        if wanted == 'standby':
            target = host
        else:
            target = next((h for h in api.hosts(personality=CONTROLLER) if activity_of(h) == 'active'), None)
            if target is None:
                raise StarlingXError('activity=active: no active controller to swact from was found')
        self.actions.append('swact')
        predicted['activity'] = wanted
        if self.check_mode:
            return host
        return self.swact(api, host, target)

    def swact(self, api, host, target):
        """Swact ``target`` (the active controller) and wait until it is the standby one."""
        action = 'force-swact' if self.params['force'] else 'swact'
        what = '%s of host %s' % (action, self.label(target))
        reply = self.action(api, target, action, what)
        progress = {'seen': bool(reply.get('task'))}

        def swacted(h):
            return activity_of(h) == 'standby' and not h.get('task')

        def failed(h):
            if h.get('task'):
                progress['seen'] = True
                return None
            if activity_of(h) == 'active' and progress['seen']:
                return 'the host is still the active controller and no swact is in progress'
            return None

        def fetch():
            try:
                return api.require_host(target['uuid'])
            except StarlingXError:
                progress['seen'] = True  # the API restarts while services move
                raise

        if self.params['wait']:
            self.wait(fetch, swacted, failed=failed, what=what, describe=describe, transient_errors=True)
            return api.require_host(host['uuid'])
        return host if target is not host else reply


# -- wait predicates -----------------------------------------------------------------------------------------------
def ready(host):
    """Installed, booted and inventoried: what sysinv needs before an unlock."""
    return host.get('availability') in UP and host.get('inv_state') == 'inventoried'


def locked(host):
    return host.get('administrative') == 'locked' and not host.get('task')


def lock_failed(host):
    if host.get('administrative') == 'unlocked' and not host.get('task') and not host.get('ihost_action'):
        return 'the lock was rejected or failed (VIM progress: %s)' % host.get('vim_progress_status')
    return None


def unlocked(host):
    return (host.get('administrative'), host.get('operational'), host.get('availability')) == \
        ('unlocked', 'enabled', 'available')


def unlock_failed(host):
    if host.get('availability') == 'failed':
        return 'the host failed to enable (task: %s)' % (host.get('task') or 'none')
    if host.get('administrative') == 'locked' and not host.get('task'):
        return 'the host is locked and no unlock is in progress: the unlock was rejected'
    return None


def main():
    HostModule()()


if __name__ == '__main__':
    main()
