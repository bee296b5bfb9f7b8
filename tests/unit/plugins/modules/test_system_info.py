# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

from ansible_collections.starlingx.platform.plugins.modules import system_info
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD, STANDALONE_REGION


def args(cloud, **extra):
    result = {'auth_url': cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    result.update(extra)
    return result


def test_returns_the_system(run_module, fake_cloud):
    failed, result = run_module(system_info.main, args(fake_cloud))
    assert not failed
    assert result['changed'] is False
    system = result['system']
    assert system['uuid'] == fake_cloud.system['uuid']
    assert (system['system_type'], system['system_mode']) == ('All-in-one', 'simplex')
    assert system['region_name'] == STANDALONE_REGION
    assert system['software_version'] == '25.09'
    assert system['distributed_cloud_role'] is None
    assert system['capabilities']['https_enabled'] is True
    assert 'links' not in system
    assert sorted(system) == sorted(system_info.FIELDS)
    # one login, one GET
    assert [(r.method, r.path) for r in fake_cloud.all_requests()] == [
        ('POST', '/v3/auth/tokens'), ('GET', '/v1/isystems')]


def test_check_mode_sends_the_same_read(run_module, fake_cloud):
    _failed, normal = run_module(system_info.main, args(fake_cloud))
    failed, checked = run_module(system_info.main, args(fake_cloud), check_mode=True)
    assert not failed and checked['system'] == normal['system']
    assert {r.method for r in fake_cloud.sysinv.requests} == {'GET'}


def test_token_and_override_read_without_keystone(run_module, fake_cloud):
    token = fake_cloud.issue_token()
    failed, result = run_module(system_info.main, {
        'auth_token': token, 'endpoint_override': {'platform': fake_cloud.sysinv.url + '/v1'}})
    assert not failed and result['system']['name'] == 'stx-unit'
    assert fake_cloud.keystone.requests == []
    assert token not in json.dumps(result)


def test_transient_503_is_retried(run_module, fake_cloud):
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 503, times=1)
    failed, result = run_module(system_info.main, args(fake_cloud))
    assert not failed
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 2


def test_server_error_reports_status_url_and_message(run_module, fake_cloud):
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 500, times=5, body={'error_message': json.dumps(
        {'faultcode': 'Server', 'faultstring': 'Database is unavailable', 'debuginfo': None})})
    failed, result = run_module(system_info.main, args(fake_cloud))
    assert failed
    assert result['msg'] == 'Database is unavailable'
    assert result['status'] == 500 and result['method'] == 'GET'
    assert result['url'].startswith(fake_cloud.sysinv.url + '/v1/isystems')
    assert 'exception' not in result
    assert ADMIN_PASSWORD not in json.dumps(result)
    assert fake_cloud.issued[0] not in json.dumps(result)


def test_api_log_has_no_secrets(run_module, fake_cloud, tmp_path):
    log = tmp_path / 'api.jsonl'
    failed, result = run_module(system_info.main, args(fake_cloud, api_log_path=str(log)))
    assert not failed
    text = log.read_text()
    assert len(text.splitlines()) == 2
    assert ADMIN_PASSWORD not in text and fake_cloud.issued[0] not in text


def test_ambiguous_region_fails_with_regions(run_module, clean_os_env):
    from ansible_collections.starlingx.platform.tests.unit.fake_cloud import FakeCloud
    cloud = FakeCloud(dc=True)
    try:
        failed, result = run_module(system_info.main, args(cloud))
        assert failed and 'RegionOne, SystemController, subcloud1' in result['msg']
        failed, result = run_module(system_info.main, args(cloud, region_name='SystemController'))
        assert not failed and len(cloud.sysinv_sc.requests) == 1
    finally:
        cloud.close()
