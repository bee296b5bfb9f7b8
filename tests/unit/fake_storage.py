# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""An add-on to ``FakeInventory``: disks, the ceph storage backend and stors (OSDs).

``store = FakeStorage(inv)`` gives every host of ``inv`` (and hosts added later, on first use) two disks,
``/dev/sda`` (rootfs) and ``/dev/sdb``, and routes ``GET /v1/ihosts/{uuid}/idisks``, ``GET /v1/storage_backend``,
``POST /v1/storage_ceph``, ``DELETE /v1/storage_ceph/{uuid}``, ``GET /v1/ihosts/{uuid}/istors``,
``POST /v1/istors``, ``DELETE /v1/istors/{uuid}`` with sysinv's shapes and texts (starlingx/config
api/controllers/v1/storage.py, storage_ceph.py); only the rules the modules meet are modelled: ``confirmed``,
one ceph backend, a backend before a stor, the rootfs disk, a disk in use, a locked host for a delete.
"""

import uuid as uuidlib

from ansible_collections.starlingx.platform.tests.unit.fake_cloud import _json
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import ERROR


def _uuid():
    return str(uuidlib.uuid4())


class FakeStorage(object):

    def __init__(self, inv):
        self.inv = inv
        self.disks = {}
        self.backends = []
        self.stors = []
        for server in (inv.cloud.sysinv, inv.cloud.sysinv_internal):
            for method, pattern, handler in [
                ('GET', '/v1/ihosts/([^/]+)/idisks', self._host_disks),
                ('GET', '/v1/ihosts/([^/]+)/istors', self._host_stors),
                ('GET', '/v1/storage_backend', lambda r: _json(200, {'storage_backends': self.backends})),
                ('POST', '/v1/storage_ceph', self._post_ceph),
                ('DELETE', '/v1/storage_ceph/([^/]+)', self._delete_ceph),
                ('POST', '/v1/istors', self._post_stor),
                ('DELETE', '/v1/istors/([^/]+)', self._delete_stor),
            ]:
                server.route(method, pattern, handler, first=True)

    def add_ceph(self):
        backend = {'uuid': _uuid(), 'backend': 'ceph', 'name': 'ceph-store', 'state': 'configured', 'task': None,
                   'capabilities': {'replication': '2', 'min_replication': '1'},
                   'links': [{'href': 'http://x/v1/storage_backend/1', 'rel': 'self'}]}
        self.backends.append(backend)
        return backend

    def host_disks(self, host):
        if host['uuid'] not in self.disks:
            self.disks[host['uuid']] = [
                {'uuid': _uuid(), 'device_node': '/dev/sd%s' % letter, 'ihost_uuid': host['uuid'],
                 'device_path': '/dev/disk/by-path/pci-0000:00:0d.0-ata-%d.0' % (n + 1), 'istor_uuid': None,
                 'ipv_uuid': None, 'capabilities': {'stor_function': 'rootfs'} if letter == 'a' else {}}
                for n, letter in enumerate('ab')]
        return self.disks[host['uuid']]

    def disk(self, hostname, node):
        return next(d for d in self.host_disks(self.inv.host(hostname)) if d['device_node'] == node)

    def _host_disks(self, record, ident):
        host = self.inv.host(ident)
        if host is None:
            return ERROR(404, 'Server %s could not be found.' % ident)
        return _json(200, {'idisks': self.host_disks(host)})

    def _host_stors(self, record, ident):
        host = self.inv.host(ident)
        return _json(200, {'istors': [s for s in self.stors if s['ihost_uuid'] == host['uuid']]})

    def _post_ceph(self, record):
        body = record.json
        if not body.get('confirmed'):
            return ERROR(400, "\nWARNING : THIS OPERATION IS NOT REVERSIBLE AND CANNOT BE CANCELLED. \n\n... "
                              "Please set the 'confirmed' field to execute this operation for the ceph backend.")
        if self.backends:
            return ERROR(400, 'Only one ceph backend is supported.')
        backend = self.add_ceph()
        if body.get('name'):
            backend['name'] = body['name']
        return _json(200, backend)

    def _delete_ceph(self, record, ident):
        self.backends[:] = [b for b in self.backends if b['uuid'] != ident]
        return 204, b'', {}

    def _post_stor(self, record):
        body = record.json
        host = self.inv.host(body['ihost_uuid'])
        if not self.backends:
            return ERROR(400, 'System must have either a ceph or a ceph-rook backend')
        disk = next((d for d in self.host_disks(host) if d['uuid'] == body['idisk_uuid']), None)
        if disk['istor_uuid']:
            return ERROR(400, 'Disk already assigned.')
        stor = {'uuid': _uuid(), 'osdid': len(self.stors), 'function': body.get('function') or 'osd',
                'state': 'configuring-on-unlock', 'idisk_uuid': disk['uuid'], 'ihost_uuid': host['uuid'],
                'tier_name': 'storage', 'links': [{'href': 'http://x/v1/istors/1', 'rel': 'self'}]}
        disk['istor_uuid'] = stor['uuid']
        self.stors.append(stor)
        return _json(200, stor)

    def _delete_stor(self, record, ident):
        stor = next((s for s in self.stors if s['uuid'] == ident), None)
        if stor is None:
            return ERROR(404, 'Server %s could not be found.' % ident)
        host = self.inv.host(stor['ihost_uuid'])
        if host['administrative'] != 'locked':
            return ERROR(400, 'Host %s must be locked.' % host['hostname'])
        self.stors.remove(stor)
        for disk in self.host_disks(host):
            if disk['uuid'] == stor['idisk_uuid']:
                disk['istor_uuid'] = None
        return 204, b'', {}
