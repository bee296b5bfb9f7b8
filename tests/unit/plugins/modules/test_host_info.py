# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

import pytest

from ansible_collections.starlingx.platform.plugins.modules import host_info
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import FakeInventory


@pytest.fixture
def inv(fake_cloud):
    inv = FakeInventory.duplex(fake_cloud)
    inv.add_host('worker-0', 'worker')
    inv.add_discovered('08:00:27:30:20:01')
    return inv


def run(run_module, inv, check_mode=False, **params):
    args = {'auth_url': inv.cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    args.update(params)
    return run_module(host_info.main, args, check_mode=check_mode)


def test_lists_every_host_without_links(run_module, inv):
    failed, result = run(run_module, inv)
    assert not failed and result['changed'] is False
    assert [h['hostname'] for h in result['hosts']] == ['controller-0', 'controller-1', 'worker-0', None]
    assert all('links' not in h for h in result['hosts'])
    assert result['hosts'][0]['capabilities']['Personality'] == 'Controller-Active'


def test_filters_by_personality_on_the_server(run_module, inv):
    failed, result = run(run_module, inv, personality='worker')
    assert not failed and [h['hostname'] for h in result['hosts']] == ['worker-0']
    assert [r.query for r in inv.cloud.sysinv.calls('GET', '/v1/ihosts')] == ['personality=worker&limit=2000']


def test_personality_none_returns_the_discovered_hosts(run_module, inv):
    failed, result = run(run_module, inv, personality='none')
    assert not failed
    assert [(h['hostname'], h['mgmt_mac']) for h in result['hosts']] == [(None, '08:00:27:30:20:01')]


def test_one_host_by_name(run_module, inv):
    failed, result = run(run_module, inv, name='controller-1')
    assert not failed and len(result['hosts']) == 1
    assert result['hosts'][0]['uuid'] == inv.host('controller-1')['uuid']


def test_name_and_personality_must_both_match(run_module, inv):
    failed, result = run(run_module, inv, name='controller-1', personality='worker')
    assert not failed and result['hosts'] == []


def test_an_unknown_host_is_an_empty_list(run_module, inv):
    failed, result = run(run_module, inv, check_mode=True, name='worker-9')
    assert not failed and result == dict(result, changed=False, hosts=[])
    assert {r.method for r in inv.cloud.sysinv.requests} == {'GET'}


def test_server_error_is_surfaced(run_module, inv):
    inv.cloud.sysinv.fail('GET', '/v1/ihosts', 500, times=9, body={'error_message': json.dumps(
        {'faultcode': 'Server', 'faultstring': 'Database is unavailable', 'debuginfo': None})})
    failed, result = run(run_module, inv)
    assert failed and result['msg'] == 'Database is unavailable' and result['status'] == 500
