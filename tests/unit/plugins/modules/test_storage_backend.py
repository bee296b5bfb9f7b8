# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import pytest

from ansible_collections.starlingx.platform.plugins.modules import storage_backend
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import FakeInventory
from ansible_collections.starlingx.platform.tests.unit.fake_storage import FakeStorage


@pytest.fixture
def store(fake_cloud):
    return FakeStorage(FakeInventory.duplex(fake_cloud))


def run(run_module, store, check_mode=False, diff=False, **params):
    args = {'auth_url': store.inv.cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    args.update(params)
    return run_module(storage_backend.main, args, check_mode=check_mode, diff=diff)


def posts(store):
    return [r.json for r in store.inv.cloud.sysinv.requests if r.method == 'POST' and r.path == '/v1/storage_ceph']


def test_adds_ceph_confirmed_and_is_idempotent(run_module, store):
    failed, result = run(run_module, store, diff=True, confirmed=True)
    assert not failed, result
    assert result['changed'] is True
    assert posts(store) == [{'backend': 'ceph', 'confirmed': True}]
    assert result['storage_backend']['backend'] == 'ceph' and 'links' not in result['storage_backend']
    assert result['diff'] == {'before': {'backend': 'ceph', 'present': False},
                              'after': {'backend': 'ceph', 'present': True}}
    failed, again = run(run_module, store, confirmed=True)
    assert not failed and again['changed'] is False
    assert again['storage_backend']['uuid'] == result['storage_backend']['uuid']
    assert store.inv.writes() == [('POST', '/v1/storage_ceph')]


def test_name_is_sent(run_module, store):
    failed, result = run(run_module, store, confirmed=True, name='ceph-main')
    assert not failed and result['storage_backend']['name'] == 'ceph-main'
    assert posts(store) == [{'backend': 'ceph', 'confirmed': True, 'name': 'ceph-main'}]


def test_unconfirmed_fails_before_any_write(run_module, store):
    failed, result = run(run_module, store)
    assert failed
    assert 'confirmed=false' in result['msg'] and 'not reversible' in result['msg']
    assert store.inv.writes() == []


def test_unconfirmed_is_fine_when_the_backend_exists(run_module, store):
    store.add_ceph()
    failed, result = run(run_module, store)
    assert not failed and result['changed'] is False and store.inv.writes() == []


def test_check_mode_sends_no_write(run_module, store):
    failed, result = run(run_module, store, check_mode=True, confirmed=True)
    assert not failed and result['changed'] is True and result['storage_backend'] is None
    backend = store.add_ceph()
    failed, result = run(run_module, store, check_mode=True, state='absent')
    assert not failed and result['changed'] is True and store.backends == [backend]
    assert store.inv.writes() == []


def test_absent_deletes_then_is_unchanged(run_module, store):
    backend = store.add_ceph()
    failed, result = run(run_module, store, state='absent')
    assert not failed and result['changed'] is True and result['storage_backend'] is None
    assert store.inv.writes() == [('DELETE', '/v1/storage_ceph/%s' % backend['uuid'])]
    failed, again = run(run_module, store, state='absent')
    assert not failed and again['changed'] is False


def test_server_error_is_surfaced(run_module, store):
    store.inv.cloud.sysinv.fail('POST', '/v1/storage_ceph', 400,
                                body=store.inv.cloud.sysinv_error(400, 'Make sure network mgmt exists')[1])
    failed, result = run(run_module, store, confirmed=True)
    assert failed and 'Make sure network mgmt exists' in result['msg']
