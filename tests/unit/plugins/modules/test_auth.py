# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

import pytest

from ansible_collections.starlingx.platform.plugins.modules import auth
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import (
    ADMIN_PASSWORD, APP_CRED_ID, APP_CRED_SECRET, STANDALONE_REGION, FakeCloud)


def password_args(cloud, **extra):
    args = {'auth_url': cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    args.update(extra)
    return args


def test_login_returns_token_endpoints_and_region(run_module, fake_cloud):
    failed, result = run_module(auth.main, password_args(fake_cloud))
    assert not failed
    assert result['changed'] is False
    assert result['auth_token'] == fake_cloud.issued[0]
    assert result['expires_at'] == '2099-01-01T00:00:00.000000Z'
    assert result['region_name'] == STANDALONE_REGION
    assert result['interface'] == 'public'
    assert result['endpoints'] == {
        'identity': fake_cloud.auth_url,
        'platform': fake_cloud.sysinv.url + '/v1',
        'usm': fake_cloud.usm.url,
        'nfv': fake_cloud.vim.url,
    }
    assert result['user']['name'] == 'admin' and result['project']['name'] == 'admin'
    assert result['roles'] == ['admin', 'member', 'reader']
    assert ADMIN_PASSWORD not in json.dumps(result)
    assert len(fake_cloud.keystone.requests) == 1
    assert fake_cloud.sysinv.requests == []


def test_internal_interface(run_module, fake_cloud):
    failed, result = run_module(auth.main, password_args(fake_cloud, interface='internal'))
    assert result['endpoints']['usm'] == fake_cloud.usm_internal.url
    assert result['endpoints']['platform'] == fake_cloud.sysinv_internal.url + '/v1'


def test_check_mode_still_logs_in(run_module, fake_cloud):
    failed, result = run_module(auth.main, password_args(fake_cloud), check_mode=True)
    assert not failed and result['auth_token'] == fake_cloud.issued[0]


def test_token_round_trip(run_module, fake_cloud):
    _failed, first = run_module(auth.main, password_args(fake_cloud))
    failed, second = run_module(auth.main, {'auth_url': fake_cloud.auth_url, 'auth_token': first['auth_token']})
    assert not failed
    assert second['auth_token'] == first['auth_token']
    assert second['endpoints'] == first['endpoints']
    assert len(fake_cloud.keystone.calls('POST')) == 1
    assert len(fake_cloud.keystone.calls('GET', '/v3/auth/tokens')) == 1


def test_application_credential(run_module, fake_cloud):
    failed, result = run_module(auth.main, {'auth_url': fake_cloud.auth_url,
                                            'application_credential_id': APP_CRED_ID,
                                            'application_credential_secret': APP_CRED_SECRET})
    assert not failed
    assert result['auth_token'] == fake_cloud.issued[0]
    assert APP_CRED_SECRET not in json.dumps(result)


def test_awx_credential_clouds_yaml(run_module, fake_cloud, tmp_path, monkeypatch):
    clouds = tmp_path / 'tmpXYZ'
    clouds.write_text('clouds:\n  devstack:\n    auth:\n      auth_url: %s\n      username: admin\n'
                      '      password: %s\n      project_name: admin\n      project_domain_name: Default\n'
                      '      domain_name: Default\n    verify: true\n' % (fake_cloud.keystone.url,
                                                                          json.dumps(ADMIN_PASSWORD)))
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', str(clouds))
    failed, result = run_module(auth.main, {'cloud': 'devstack'})
    assert not failed and result['auth_token'] == fake_cloud.issued[0]
    # the password read from clouds.yaml never shows up in the result
    assert ADMIN_PASSWORD not in json.dumps(result)


def test_wrong_password_fails_with_401_and_no_secret(run_module, fake_cloud):
    failed, result = run_module(auth.main, password_args(fake_cloud, password='Wr0ng-Passw0rd!'))
    assert failed
    assert result['status'] == 401
    assert result['url'] == fake_cloud.auth_url + '/auth/tokens'
    assert 'requires authentication' in result['msg']
    assert 'Wr0ng-Passw0rd!' not in json.dumps(result)


def test_unknown_region_names_regions(run_module, fake_cloud):
    failed, result = run_module(auth.main, password_args(fake_cloud, region_name='NoSuchRegion'))
    assert failed
    assert 'NoSuchRegion' in result['msg'] and STANDALONE_REGION in result['msg']


def test_dc_without_region_leaves_ambiguous_types_out(run_module, clean_os_env):
    cloud = FakeCloud(dc=True)
    try:
        failed, result = run_module(auth.main, password_args(cloud))
        assert not failed
        assert result['region_name'] is None
        assert 'platform' not in result['endpoints']
        assert result['endpoints']['dcmanager'] == cloud.dcmanager.url + '/v1.0'
        failed, result = run_module(auth.main, password_args(cloud, region_name='RegionOne'))
        assert result['region_name'] == 'RegionOne'
        assert result['endpoints']['platform'] == cloud.sysinv.url + '/v1'
        assert result['endpoints']['dcmanager'] == cloud.dcmanager.url + '/v1.0'
    finally:
        cloud.close()


def test_token_without_auth_url_fails(run_module, fake_cloud):
    failed, result = run_module(auth.main, {'auth_token': 'abc'})
    assert failed and 'auth_url is required' in result['msg']
    assert 'abc' not in json.dumps(result).replace('"msg"', '')


@pytest.mark.parametrize('bad', [{'interface': 'private'}, {'validate_certs': 'maybe'}])
def test_argument_validation(run_module, fake_cloud, bad):
    failed, result = run_module(auth.main, password_args(fake_cloud, **bad))
    assert failed
    assert fake_cloud.keystone.requests == []
