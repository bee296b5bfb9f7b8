# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

from ansible_collections.starlingx.platform.plugins.modules import application_info
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD


def args(cloud, **extra):
    result = {'auth_url': cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    result.update(extra)
    return result


def test_lists_every_app_sorted_without_inactive_versions(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='uploaded')
    fake_cloud.add_app('cert-manager', '25.09-101', status='inactive')
    fake_cloud.add_app('cert-manager', '25.09-102')
    failed, result = run_module(application_info.main, args(fake_cloud))
    assert not failed and result['changed'] is False
    assert [(a['name'], a['app_version'], a['status']) for a in result['applications']] == [
        ('cert-manager', '25.09-102', 'applied'), ('snmp', '25.09-80', 'uploaded')]
    assert fake_cloud.sysinv.calls('GET', '/v1/apps')[0].query == ''  # /v1/apps takes no paging arguments


def test_one_app_has_its_timestamps(run_module, fake_cloud):
    fake_cloud.add_app('cert-manager', '25.09-102')
    failed, result = run_module(application_info.main, args(fake_cloud, name='cert-manager'))
    assert not failed
    [app] = result['applications']
    assert app['name'] == 'cert-manager' and app['progress'] == 'completed' and app['active'] is True
    assert app['created_at'] == '2026-01-01T00:00:00+00:00'
    assert [r.path for r in fake_cloud.sysinv.requests] == ['/v1/apps/cert-manager']


def test_a_missing_app_is_an_empty_list(run_module, fake_cloud):
    failed, result = run_module(application_info.main, args(fake_cloud, name='nope'))
    assert not failed and result['applications'] == []


def test_no_apps(run_module, fake_cloud):
    failed, result = run_module(application_info.main, args(fake_cloud), check_mode=True)
    assert not failed and result['applications'] == []


def test_server_error_is_surfaced(run_module, fake_cloud):
    fake_cloud.sysinv.fail('GET', '/v1/apps', 500, times=5, body={'error_message': json.dumps(
        {'faultcode': 'Server', 'faultstring': 'Database is unavailable', 'debuginfo': None})})
    failed, result = run_module(application_info.main, args(fake_cloud))
    assert failed and result['msg'] == 'Database is unavailable' and result['status'] == 500
