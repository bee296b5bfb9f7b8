# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import pytest

from ansible_collections.starlingx.platform.plugins.modules import host_storage
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import FakeInventory
from ansible_collections.starlingx.platform.tests.unit.fake_storage import FakeStorage


@pytest.fixture
def store(fake_cloud):
    inv = FakeInventory.duplex(fake_cloud)
    inv.add_host('storage-0', 'storage', administrative='locked')
    store = FakeStorage(inv)
    store.add_ceph()
    return store


def run(run_module, store, check_mode=False, diff=False, **params):
    args = {'auth_url': store.inv.cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    args.update(params)
    return run_module(host_storage.main, args, check_mode=check_mode, diff=diff)


@pytest.mark.parametrize('disk', ['/dev/sdb', '/dev/disk/by-path/pci-0000:00:0d.0-ata-2.0'])
def test_adds_an_osd_by_node_or_path_and_is_idempotent(run_module, store, disk):
    sdb = store.disk('storage-0', '/dev/sdb')
    failed, result = run(run_module, store, diff=True, host='storage-0', disk=disk)
    assert not failed, result
    assert result['changed'] is True
    assert [r.json for r in store.inv.cloud.sysinv.requests if r.method == 'POST'] == [
        {'ihost_uuid': store.inv.host('storage-0')['uuid'], 'idisk_uuid': sdb['uuid'], 'function': 'osd'}]
    assert result['stor']['idisk_uuid'] == sdb['uuid'] and 'links' not in result['stor']
    assert result['diff'] == {'before': {'host': 'storage-0', 'disk': '/dev/sdb', 'osd': False},
                              'after': {'host': 'storage-0', 'disk': '/dev/sdb', 'osd': True}}
    failed, again = run(run_module, store, host='storage-0', disk=sdb['uuid'])
    assert not failed and again['changed'] is False and again['stor']['uuid'] == result['stor']['uuid']
    assert store.inv.writes() == [('POST', '/v1/istors')]


def test_tier_uuid_is_sent(run_module, store):
    tier = '0b6c3b9e-8f1e-4c55-9d61-0c1f7a1c2d3e'
    failed, result = run(run_module, store, host='storage-0', disk='/dev/sdb', tier_uuid=tier)
    assert not failed, result
    assert [r.json.get('tier_uuid') for r in store.inv.cloud.sysinv.requests if r.method == 'POST'] == [tier]


def test_check_mode_sends_no_write(run_module, store):
    failed, result = run(run_module, store, check_mode=True, host='storage-0', disk='/dev/sdb')
    assert not failed and result['changed'] is True and result['stor'] is None
    assert store.inv.writes() == [] and store.stors == []


@pytest.mark.parametrize('disk, message', [
    ('/dev/sda', "disk='/dev/sda' is the rootfs disk of host storage-0"),
    ('/dev/sdz', "disk='/dev/sdz': host storage-0 has no disk with this device node, device path or UUID "
                 "(disks: /dev/sda, /dev/sdb)"),
])
def test_bad_disk_fails_before_any_write(run_module, store, disk, message):
    failed, result = run(run_module, store, host='storage-0', disk=disk)
    assert failed and message in result['msg']
    assert store.inv.writes() == []


def test_physical_volume_disk_is_refused(run_module, store):
    store.disk('storage-0', '/dev/sdb')['ipv_uuid'] = '5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f'
    failed, result = run(run_module, store, host='storage-0', disk='/dev/sdb')
    assert failed and 'LVM physical volume' in result['msg'] and store.inv.writes() == []


def test_absent_deletes_the_osd(run_module, store):
    failed, result = run(run_module, store, host='storage-0', disk='/dev/sdb')
    stor = result['stor']
    failed, result = run(run_module, store, host='storage-0', disk='/dev/sdb', state='absent')
    assert not failed and result['changed'] is True and result['stor'] is None
    assert store.inv.writes()[-1] == ('DELETE', '/v1/istors/%s' % stor['uuid'])
    failed, again = run(run_module, store, host='storage-0', disk='/dev/sdb', state='absent')
    assert not failed and again['changed'] is False


def test_server_refusal_is_surfaced(run_module, store):
    store.backends[:] = []
    failed, result = run(run_module, store, host='storage-0', disk='/dev/sdb')
    assert failed and result['msg'] == 'System must have either a ceph or a ceph-rook backend'


def test_unknown_host(run_module, store):
    failed, result = run(run_module, store, host='storage-9', disk='/dev/sdb')
    assert failed and 'host storage-9 does not exist' in result['msg']
