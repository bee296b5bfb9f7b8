#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: storage_backend
short_description: Add or delete the ceph storage backend of a StarlingX system
version_added: 0.1.0
description:
  - Adds the C(ceph) storage backend as C(system storage-backend-add ceph --confirmed) does
    (C(POST /v1/storage_ceph)), or deletes it (C(DELETE /v1/storage_ceph/{uuid})).
  - Adding the ceph backend is not reversible on a real system and needs O(confirmed=true); the module refuses
    before any request without it.
  - The backend must exist before OSDs are added (M(starlingx.platform.host_storage)) and before any host is given
    the C(storage) personality.
  - Only the presence of the backend is managed; an existing backend is never modified.
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
      - Only reads are sent; the result tells whether the backend would be added or deleted.
  diff_mode:
    support: full
options:
  backend:
    description:
      - Type of the backend. Only V(ceph) is supported.
    type: str
    choices: [ceph]
    default: ceph
  name:
    description:
      - Name given to a new backend; sysinv names it C(ceph-store) when omitted.
    type: str
  confirmed:
    description:
      - Confirms the addition of the ceph backend (C(--confirmed)); required to add it.
    type: bool
    default: false
  state:
    description:
      - V(present) adds the backend when there is none, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: starlingx.platform.host_storage
'''

EXAMPLES = r'''
- name: storage-backend-add ceph --confirmed
  starlingx.platform.storage_backend:
    backend: ceph
    confirmed: true
'''

RETURN = r'''
storage_backend:
  description:
    - The backend as sysinv reports it (C(GET /v1/storage_backend)); null when there is none (deleted, or would be
      added in check mode).
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the backend.
      type: str
    backend:
      description: Type of the backend.
      type: str
      sample: ceph
    name:
      description: Name of the backend.
      type: str
      sample: ceph-store
    state:
      description: State of the backend (C(configuring), C(configured), ...).
      type: str
    task:
      description: Current task of the backend.
      type: str
    capabilities:
      description: Capabilities (C(replication), C(min_replication), ...).
      type: dict
diff:
  description: C(backend) and C(present) before and after.
  returned: when diff mode is on
  type: dict
  sample: {"before": {"backend": "ceph", "present": false}, "after": {"backend": "ceph", "present": true}}
'''

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI, without_links


class StorageBackendModule(StarlingXModule):
    argument_spec = dict(
        backend=dict(type='str', default='ceph', choices=['ceph']),
        name=dict(type='str'),
        confirmed=dict(type='bool', default=False),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        p = self.params
        api = SysinvAPI(self.client)
        current = without_links(api.storage_backend(p['backend']))
        wanted = p['state'] == 'present'
        before = {'backend': p['backend'], 'present': current is not None}
        after = dict(before, present=wanted)
        diff = self.diff_result(before, after, list(before))
        if (current is not None) == wanted:
            return dict(changed=False, storage_backend=current, diff=diff)
        if not wanted:
            if not self.check_mode:
                api.delete('storage_%s' % p['backend'], current['uuid'])
            return dict(changed=True, storage_backend=None, diff=diff)
        if not p['confirmed']:
            raise StarlingXError('confirmed=false: adding the %s storage backend is not reversible and must be '
                                 'confirmed (confirmed=true, as storage-backend-add --confirmed)' % p['backend'])
        created = None
        if not self.check_mode:
            body = {'backend': p['backend'], 'confirmed': True}
            if p['name']:
                body['name'] = p['name']
            created = without_links(api.create('storage_%s' % p['backend'], body))
        return dict(changed=True, storage_backend=created, diff=diff)


def main():
    StorageBackendModule()()


if __name__ == '__main__':
    main()
