#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: host_storage
short_description: Add or delete an OSD on a disk of a StarlingX host
version_added: 0.1.0
description:
  - Makes a disk of a host a ceph OSD as C(system host-stor-add <host> osd <disk uuid>) does
    (C(POST /v1/istors)), or deletes that OSD as C(host-stor-delete) does (C(DELETE /v1/istors/{uuid})).
  - The disk is named by its device node (C(/dev/sdb)), its device path (C(/dev/disk/by-path/...)) or its UUID.
  - Needs the ceph storage backend (M(starlingx.platform.storage_backend)). sysinv adds OSDs only to storage hosts
    when the system has storage hosts, otherwise only to controllers; a storage host must be locked, a controller
    locked or enabled. Deleting an OSD needs a locked host. The module refuses before any request a disk that
    does not exist on the host, the rootfs disk and a disk used as an LVM physical volume.
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
      - Only reads are sent; the result tells whether the OSD would be added or deleted.
  diff_mode:
    support: full
options:
  host:
    description:
      - Hostname (or id or UUID) of the host.
    type: str
    required: true
  disk:
    description:
      - The disk - its device node (C(/dev/sdb)), device path or UUID.
    type: str
    required: true
  tier_uuid:
    description:
      - UUID of the storage tier of a new OSD; sysinv picks the only tier when omitted.
    type: str
  state:
    description:
      - V(present) makes the disk an OSD, V(absent) deletes the OSD on it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: starlingx.platform.storage_backend
'''

EXAMPLES = r'''
- name: host-stor-add storage-0 /dev/sdb
  starlingx.platform.host_storage:
    host: storage-0
    disk: /dev/sdb
'''

RETURN = r'''
stor:
  description:
    - The OSD as sysinv reports it; null when there is none (deleted, or would be added in check mode).
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the stor.
      type: str
    osdid:
      description: Ceph OSD id.
      type: int
    function:
      description: Function of the stor.
      type: str
      sample: osd
    state:
      description: State (C(configuring-on-unlock), C(configuring), C(configured), ...).
      type: str
    idisk_uuid:
      description: UUID of the disk.
      type: str
    ihost_uuid:
      description: UUID of the host.
      type: str
    tier_name:
      description: Name of the storage tier.
      type: str
      sample: storage
diff:
  description: C(host), C(disk) (its device node) and C(osd) (whether it is an OSD) before and after.
  returned: when diff mode is on
  type: dict
  sample: {"before": {"host": "storage-0", "disk": "/dev/sdb", "osd": false},
           "after": {"host": "storage-0", "disk": "/dev/sdb", "osd": true}}
'''

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI, without_links


class HostStorageModule(StarlingXModule):
    argument_spec = dict(
        host=dict(type='str', required=True),
        disk=dict(type='str', required=True),
        tier_uuid=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        p = self.params
        api = SysinvAPI(self.client)
        host = api.require_host(p['host'])
        disk = self.find_disk(api.host_disks(host['uuid']))
        stor = next((s for s in api.host_stors(host['uuid']) if s.get('idisk_uuid') == disk['uuid']), None)
        wanted = p['state'] == 'present'
        view = {'host': host.get('hostname'), 'disk': disk.get('device_node')}
        before = dict(view, osd=stor is not None)
        diff = self.diff_result(before, dict(view, osd=wanted), list(before))
        if (stor is not None) == wanted:
            return dict(changed=False, stor=without_links(stor), diff=diff)
        if not wanted:
            if not self.check_mode:
                api.delete('istors', stor['uuid'])
            return dict(changed=True, stor=None, diff=diff)
        self.check_usable(disk)
        created = None
        if not self.check_mode:
            body = {'ihost_uuid': host['uuid'], 'idisk_uuid': disk['uuid'], 'function': 'osd'}
            if p['tier_uuid']:
                body['tier_uuid'] = p['tier_uuid']
            created = without_links(api.create('istors', body))
        return dict(changed=True, stor=created, diff=diff)

    def find_disk(self, disks):
        ident = self.params['disk']
        for disk in disks:
            if ident in (disk.get('device_node'), disk.get('device_path'), disk.get('uuid')):
                return disk
        raise StarlingXError('disk=%r: host %s has no disk with this device node, device path or UUID (disks: %s)'
                             % (ident, self.params['host'],
                                ', '.join(sorted(d.get('device_node') or '' for d in disks)) or 'none'))

    def check_usable(self, disk):
        """What sysinv refuses for the disk itself (storage.py ``_check_disk``)."""
        name = self.params['disk']
        if (disk.get('capabilities') or {}).get('stor_function') == 'rootfs':
            raise StarlingXError('disk=%r is the rootfs disk of host %s: it can not be an OSD'
                                 % (name, self.params['host']))
        if disk.get('ipv_uuid'):
            raise StarlingXError('disk=%r is an LVM physical volume of host %s: it can not be an OSD'
                                 % (name, self.params['host']))
        if disk.get('istor_uuid'):
            raise StarlingXError('disk=%r of host %s is already used by stor %s'
                                 % (name, self.params['host'], disk['istor_uuid']))


def main():
    HostStorageModule()()


if __name__ == '__main__':
    main()
