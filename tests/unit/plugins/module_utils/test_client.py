# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import base64
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import time

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils.client import (
    Client, join_url, keystone_v3_url, select_endpoint)
from ansible_collections.starlingx.platform.plugins.module_utils.dcmanager import DcManagerAPI
from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI, jsonpatch_replace
from ansible_collections.starlingx.platform.plugins.module_utils.usm import UsmAPI
from ansible_collections.starlingx.platform.plugins.module_utils.vim import VimAPI
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import (
    ADMIN_PASSWORD, APP_CRED_ID, APP_CRED_NAME, APP_CRED_SECRET, STANDALONE_REGION, FakeCloud, FakeServer,
    free_port)
from ansible_collections.starlingx.platform.tests.unit.http_fakes import (
    CLOSE, HANG, PARTIAL, REPLY_CLOSE, ProxyServer, ScriptedServer)


class Sleeps(list):
    """A sleep() that records its delays instead of sleeping."""

    def __call__(self, seconds):
        self.append(seconds)


def password_client(cloud, **kwargs):
    options = dict(auth_url=cloud.auth_url, username='admin', password=ADMIN_PASSWORD, sleep=Sleeps())
    options.update(kwargs)
    return Client(**options)


@pytest.fixture
def dc_cloud(clean_os_env):
    cloud = FakeCloud(dc=True)
    try:
        yield cloud
    finally:
        cloud.close()


# -- URLs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('base, path, expected', [
    ('http://h:6385/v1', '/v1/isystems', 'http://h:6385/v1/isystems'),
    ('http://h:6385/v1/', '/v1/ihosts/controller-0', 'http://h:6385/v1/ihosts/controller-0'),
    ('http://h:6385', '/v1/isystems', 'http://h:6385/v1/isystems'),
    ('http://h:15497', '/v1/release', 'http://h:15497/v1/release'),
    ('http://h:8119/v1.0', '/v1.0/subclouds', 'http://h:8119/v1.0/subclouds'),
    ('http://h:4545', '/api/orchestration/sw-upgrade/strategy', 'http://h:4545/api/orchestration/sw-upgrade/strategy'),
    ('http://h:6385/v1', '/v1/ihosts?limit=2000', 'http://h:6385/v1/ihosts?limit=2000'),
    ('http://h:6385/v1', '/v1', 'http://h:6385/v1'),
    ('http://h:6385/v1', 'http://other:1/v1/x', 'http://other:1/v1/x'),
    ('https://h/api', '/api/x', 'https://h/api/api/x'),  # only version segments are de-duplicated
])
def test_join_url_never_repeats_the_version(base, path, expected):
    assert join_url(base, path) == expected


@pytest.mark.parametrize('auth_url, expected', [
    ('http://h:5000', 'http://h:5000/v3'),
    ('http://h:5000/', 'http://h:5000/v3'),
    ('http://h:5000/v3/', 'http://h:5000/v3'),
    ('http://h/identity/v3', 'http://h/identity/v3'),
    ('http://h:5000/v2.0', 'http://h:5000/v3'),
])
def test_keystone_v3_url(auth_url, expected):
    assert keystone_v3_url(auth_url) == expected


def test_sysinv_requests_reach_v1_once(fake_cloud):
    client = password_client(fake_cloud)
    SysinvAPI(client).system()
    UsmAPI(client).releases()
    assert [r.path for r in fake_cloud.sysinv.requests] == ['/v1/isystems']
    assert [r.path for r in fake_cloud.usm.requests] == ['/v1/release']


# -- keystone ------------------------------------------------------------------------------------

def test_password_auth_body_and_single_authentication(fake_cloud):
    client = password_client(fake_cloud, project_name=None)
    api = SysinvAPI(client)
    api.system()
    api.hosts()
    api.host('controller-0')
    posts = fake_cloud.keystone.calls('POST', '/v3/auth/tokens')
    assert len(posts) == 1 and client.auth_count == 1
    auth = posts[0].json['auth']
    assert auth['identity'] == {'methods': ['password'], 'password': {
        'user': {'name': 'admin', 'domain': {'name': 'Default'}, 'password': ADMIN_PASSWORD}}}
    assert auth['scope'] == {'project': {'name': 'admin', 'domain': {'name': 'Default'}}}
    token = fake_cloud.issued[0]
    assert {r.headers['X-Auth-Token'] for r in fake_cloud.sysinv.requests} == {token}
    assert all(r.headers['Accept'] == 'application/json' for r in fake_cloud.sysinv.requests)


def test_password_auth_with_ids(fake_cloud):
    client = Client(auth_url=fake_cloud.keystone.url, user_id='u-admin', password=ADMIN_PASSWORD,
                    project_id='p-admin')
    assert client.get('platform', '/v1/isystems')[0] == 200
    auth = fake_cloud.keystone.calls('POST')[0].json['auth']
    assert auth['identity']['password']['user'] == {'id': 'u-admin', 'password': ADMIN_PASSWORD}
    assert auth['scope'] == {'project': {'id': 'p-admin'}}


def test_wrong_password_is_a_401_without_the_password(fake_cloud):
    client = password_client(fake_cloud, password='Wr0ng-Passw0rd!')
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    exc = err.value
    assert exc.status == 401
    assert exc.msg == 'authentication failed: The request you have made requires authentication.'
    assert exc.url == fake_cloud.auth_url + '/auth/tokens'
    assert 'Wr0ng-Passw0rd!' not in json.dumps(exc.to_dict()) + str(exc)
    assert fake_cloud.sysinv.requests == []
    assert len(fake_cloud.keystone.requests) == 1  # a 401 on POST is not retried


def test_pre_issued_token_is_validated_once_and_reused(fake_cloud):
    token = fake_cloud.issue_token()
    client = Client(auth_url=fake_cloud.auth_url, auth_token=token)
    api = SysinvAPI(client)
    api.system()
    api.hosts()
    validations = fake_cloud.keystone.calls('GET', '/v3/auth/tokens')
    assert len(validations) == 1
    assert validations[0].headers['X-Auth-Token'] == token
    assert validations[0].headers['X-Subject-Token'] == token
    assert fake_cloud.keystone.calls('POST') == []
    assert {r.headers['X-Auth-Token'] for r in fake_cloud.sysinv.requests} == {token}
    assert client.expires_at == '2099-01-01T00:00:00.000000Z'


def test_invalid_token_is_reported(fake_cloud):
    client = Client(auth_url=fake_cloud.auth_url, auth_token='not-a-token')
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert err.value.status == 401
    assert err.value.msg.startswith('auth_token is invalid or expired')


def test_token_with_endpoint_override_needs_no_keystone(fake_cloud):
    token = fake_cloud.issue_token()
    client = Client(auth_token=token, endpoint_override={'sysinv': fake_cloud.sysinv.url + '/v1'})
    assert SysinvAPI(client).system()['name'] == 'stx-unit'
    assert fake_cloud.keystone.requests == []
    assert fake_cloud.sysinv.requests[0].path == '/v1/isystems'


def test_token_without_auth_url_or_override_fails_clearly(fake_cloud):
    client = Client(auth_token=fake_cloud.issue_token())
    with pytest.raises(StarlingXError, match='auth_url is required'):
        client.get('platform', '/v1/isystems')


def test_application_credential_by_id(fake_cloud):
    client = Client(auth_url=fake_cloud.auth_url, application_credential_id=APP_CRED_ID,
                    application_credential_secret=APP_CRED_SECRET)
    SysinvAPI(client).system()
    auth = fake_cloud.keystone.calls('POST')[0].json['auth']
    assert auth == {'identity': {'methods': ['application_credential'], 'application_credential': {
        'id': APP_CRED_ID, 'secret': APP_CRED_SECRET}}}


def test_application_credential_by_name_and_user(fake_cloud):
    client = Client(auth_url=fake_cloud.auth_url, application_credential_name=APP_CRED_NAME, username='admin',
                    application_credential_secret=APP_CRED_SECRET)
    SysinvAPI(client).system()
    cred = fake_cloud.keystone.calls('POST')[0].json['auth']['identity']['application_credential']
    assert cred == {'name': APP_CRED_NAME, 'secret': APP_CRED_SECRET,
                    'user': {'name': 'admin', 'domain': {'name': 'Default'}}}


def test_no_credentials(fake_cloud):
    client = Client(auth_url=fake_cloud.auth_url)
    with pytest.raises(StarlingXError, match='no credentials'):
        client.get('platform', '/v1/isystems')


def test_expired_token_is_renewed_once_with_a_password(fake_cloud):
    client = password_client(fake_cloud)
    api = SysinvAPI(client)
    api.system()
    fake_cloud.revoke_all()
    assert api.system()['uuid'] == fake_cloud.system['uuid']
    assert len(fake_cloud.keystone.calls('POST')) == 2
    statuses = [r.headers['X-Auth-Token'] for r in fake_cloud.sysinv.requests]
    assert len(statuses) == 3 and statuses[0] == statuses[1] != statuses[2]


def test_expired_pre_issued_token_is_not_renewed(fake_cloud):
    token = fake_cloud.issue_token()
    client = Client(auth_token=token, endpoint_override={'platform': fake_cloud.sysinv.url})
    fake_cloud.revoke_all()
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert err.value.status == 401
    assert err.value.msg == 'The request you have made requires authentication.'


# -- catalog -------------------------------------------------------------------------------------

def test_interface_selects_the_endpoint(fake_cloud):
    client = password_client(fake_cloud, interface='internal')
    SysinvAPI(client).system()
    UsmAPI(client).releases()
    assert fake_cloud.sysinv.requests == [] and fake_cloud.usm.requests == []
    assert len(fake_cloud.sysinv_internal.requests) == 1 and len(fake_cloud.usm_internal.requests) == 1


def test_interface_url_suffix_is_accepted(fake_cloud):
    client = password_client(fake_cloud, interface='adminURL')
    assert client.interface == 'admin'
    assert client.endpoint('platform') == fake_cloud.sysinv_internal.url + '/v1'


def test_single_region_is_used_when_region_is_unset(fake_cloud):
    client = password_client(fake_cloud)
    assert client.endpoint('platform') == fake_cloud.sysinv.url + '/v1'
    assert client.resolved_region() == STANDALONE_REGION


def test_ambiguous_region_names_the_regions(dc_cloud):
    client = password_client(dc_cloud)
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert 'several regions (RegionOne, SystemController, subcloud1)' in err.value.msg
    assert 'set region_name' in err.value.msg


@pytest.mark.parametrize('region, server', [('RegionOne', 'sysinv'), ('SystemController', 'sysinv_sc'),
                                            ('subcloud1', 'sysinv_subcloud')])
def test_region_selects_the_endpoint(dc_cloud, region, server):
    client = password_client(dc_cloud, region_name=region)
    SysinvAPI(client).system()
    assert len(getattr(dc_cloud, server).requests) == 1


def test_unknown_region_names_the_regions_offering_the_type(dc_cloud):
    client = password_client(dc_cloud, region_name='NoSuchRegion')
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert "region 'NoSuchRegion'" in err.value.msg
    assert 'RegionOne, SystemController, subcloud1' in err.value.msg


def test_dcmanager_uses_its_home_region(dc_cloud):
    client = password_client(dc_cloud, region_name='RegionOne')
    assert DcManagerAPI(client).subclouds()[0]['name'] == 'subcloud1'
    assert dc_cloud.dcmanager.requests[0].path == '/v1.0/subclouds'
    assert password_client(dc_cloud).endpoint('dcmanager') == dc_cloud.dcmanager.url + '/v1.0'


def test_unknown_service_type(fake_cloud):
    client = password_client(fake_cloud)
    with pytest.raises(StarlingXError) as err:
        client.endpoint('dcmanager')
    assert "'dcmanager' is not in the keystone catalog" in err.value.msg
    assert 'platform' in err.value.msg


def test_select_endpoint_unknown_interface():
    catalog = [{'type': 'platform', 'endpoints': [{'interface': 'admin', 'region': 'R', 'url': 'http://a/v1'}]}]
    with pytest.raises(StarlingXError, match='no public endpoint.*interfaces offered: admin'):
        select_endpoint(catalog, 'platform', 'public')
    assert select_endpoint(catalog, 'platform', 'admin')['url'] == 'http://a/v1'


def test_endpoint_override_wins_over_catalog(fake_cloud):
    other = FakeServer('sysinv', fake_cloud)
    fake_cloud.servers.append(other)
    fake_cloud._sysinv_routes(other)
    client = password_client(fake_cloud, endpoint_override={'platform': other.url})
    SysinvAPI(client).system()
    assert [r.path for r in other.requests] == ['/v1/isystems']
    assert fake_cloud.sysinv.requests == []


def test_endpoints_map(dc_cloud):
    client = password_client(dc_cloud, region_name='SystemController')
    endpoints = client.endpoints()
    assert endpoints['platform'] == dc_cloud.sysinv_sc.url + '/v1'
    assert endpoints['dcmanager'] == dc_cloud.dcmanager.url + '/v1.0'
    # usm only exists in RegionOne: not offered in SystemController
    assert 'usm' not in endpoints


# -- errors through the client ---------------------------------------------------------------------

def test_sysinv_error_is_decoded(fake_cloud):
    client = password_client(fake_cloud)
    with pytest.raises(StarlingXError) as err:
        SysinvAPI(client).host_action('controller-0', 'unlock')
    exc = err.value
    assert (exc.msg, exc.status, exc.method, exc.service) == ('Host must be locked.', 400, 'PATCH', 'platform')
    assert exc.url == fake_cloud.sysinv.url + '/v1/ihosts/controller-0'
    assert 'faultstring' in exc.body
    assert fake_cloud.sysinv.requests[-1].json == jsonpatch_replace({'action': 'unlock'})


def test_sysinv_host_not_found_is_none(fake_cloud):
    assert SysinvAPI(password_client(fake_cloud)).host('compute-9') is None


def test_usm_error_on_http_200_is_a_failure(fake_cloud):
    usm = UsmAPI(password_client(fake_cloud))
    with pytest.raises(StarlingXError) as err:
        usm.action('POST', 'deploy_host', 'controller-0')
    assert err.value.msg == 'Host deployment failed on controller-0.'
    assert err.value.status == 200
    assert usm.release('starlingx-9.9.9') is None


def test_usm_406_message_in_info(fake_cloud):
    usm = UsmAPI(password_client(fake_cloud))
    with pytest.raises(StarlingXError) as err:
        usm.action('DELETE', 'deploy')
    assert (err.value.status, err.value.msg) == (406, 'Deploy delete can only be performed on controller-0.')


def test_vim_faultstring(fake_cloud):
    vim = VimAPI(password_client(fake_cloud))
    assert vim.strategy() is None
    with pytest.raises(StarlingXError) as err:
        vim.request('POST', '/api/orchestration/sw-upgrade/strategy', json={'controller-apply-type': 'serial'})
    assert (err.value.status, err.value.msg) == (409, 'strategy already exists of type:sw-upgrade')


def test_dcmanager_json_error(dc_cloud):
    dc = DcManagerAPI(password_client(dc_cloud))
    assert dc.subcloud('nope') is None
    with pytest.raises(StarlingXError) as err:
        dc.request('GET', dc.path('subclouds', 'nope'))
    assert err.value.msg == 'Subcloud not found'


def test_dcmanager_html_error_without_json_accept(dc_cloud):
    client = password_client(dc_cloud)
    with pytest.raises(StarlingXError) as err:
        client.get('dcmanager', '/v1.0/subclouds/nope', headers={'Accept': '*/*'})
    assert err.value.msg == 'Subcloud not found'


def test_non_json_success_body_is_an_error(fake_cloud):
    fake_cloud.sysinv.route('GET', '/v1/weird', lambda r: (200, b'<html>ok</html>', {'Content-Type': 'text/html'}))
    client = password_client(fake_cloud)
    with pytest.raises(StarlingXError, match='not JSON'):
        client.get('platform', '/v1/weird')
    assert client.get('platform', '/v1/weird', expect_json=False)[2] == b'<html>ok</html>'


# -- retries ---------------------------------------------------------------------------------------

def test_get_is_retried_on_503_until_success(fake_cloud):
    client = password_client(fake_cloud)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 503, times=2)
    assert SysinvAPI(client).system()['name'] == 'stx-unit'
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 3
    assert len(client._sleep) == 2


def test_get_retries_are_bounded(fake_cloud):
    client = password_client(fake_cloud, retries=2)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 503, times=10, body=b'')
    with pytest.raises(StarlingXError) as err:
        SysinvAPI(client).system()
    assert err.value.status == 503
    assert err.value.msg == 'HTTP 503 Service Unavailable'
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 3


@pytest.mark.parametrize('status', [502, 504])
def test_get_is_retried_on_502_and_504(fake_cloud, status):
    client = password_client(fake_cloud)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', status, times=1)
    SysinvAPI(client).system()
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 2


def test_get_is_not_retried_on_500(fake_cloud):
    client = password_client(fake_cloud)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 500, times=1,
                           body={'error_message': json.dumps({'faultstring': 'boom', 'faultcode': 'Server'})})
    with pytest.raises(StarlingXError) as err:
        SysinvAPI(client).system()
    assert (err.value.status, err.value.msg) == (500, 'boom')
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 1


def test_get_is_retried_on_connection_reset(fake_cloud):
    client = password_client(fake_cloud)
    fake_cloud.sysinv.drop('GET', '/v1/isystems', times=2)
    assert SysinvAPI(client).system()['name'] == 'stx-unit'
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 3


def test_get_reset_retries_are_bounded(fake_cloud):
    client = password_client(fake_cloud, retries=1)
    fake_cloud.sysinv.drop('GET', '/v1/isystems', times=5)
    with pytest.raises(StarlingXError) as err:
        SysinvAPI(client).system()
    assert err.value.status is None
    assert 'cannot reach the platform API' in err.value.msg and '(after 2 attempts)' in err.value.msg
    assert len(fake_cloud.sysinv.calls('GET', '/v1/isystems')) == 2


def test_delete_is_retried_on_503(fake_cloud):
    fake_cloud.sysinv.route('DELETE', '/v1/things/([^/]+)', lambda r, ident: (204, b'', {}))
    client = password_client(fake_cloud)
    fake_cloud.sysinv.fail('DELETE', '/v1/things/1', 503, times=1)
    assert client.delete('platform', '/v1/things/1')[0] == 204
    assert len(fake_cloud.sysinv.calls('DELETE')) == 2


@pytest.mark.parametrize('method', ['POST', 'PATCH'])
def test_writes_are_not_retried_on_503(fake_cloud, method):
    client = password_client(fake_cloud)
    fake_cloud.sysinv.fail(method, '/v1/ihosts/controller-0', 503, times=1)
    with pytest.raises(StarlingXError) as err:
        client.request('platform', method, '/v1/ihosts/controller-0', json=[])
    assert err.value.status == 503
    assert len(fake_cloud.sysinv.calls(method)) == 1
    assert client._sleep == []


@pytest.mark.parametrize('method', ['POST', 'PATCH'])
def test_writes_are_not_retried_after_a_reset(fake_cloud, method):
    client = password_client(fake_cloud)
    fake_cloud.sysinv.drop(method, '/v1/ihosts/controller-0', times=1)
    with pytest.raises(StarlingXError) as err:
        client.request('platform', method, '/v1/ihosts/controller-0', json=[])
    assert err.value.status is None
    assert len(fake_cloud.sysinv.calls(method)) == 1


def test_write_is_retried_when_the_connection_was_refused(fake_cloud):
    port = free_port()
    late = FakeServer('sysinv', fake_cloud, port=port, start=False)
    fake_cloud._sysinv_routes(late)
    fake_cloud.servers.append(late)
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if late._httpd is None:
            late.start()  # the API comes back while the client backs off

    client = password_client(fake_cloud, sleep=sleep,
                             endpoint_override={'platform': 'http://127.0.0.1:%d/v1' % port})
    status, _headers, host = client.patch('platform', '/v1/ihosts/controller-0',
                                          json=jsonpatch_replace({'action': 'lock'}))
    assert status == 200 and host['administrative'] == 'locked'
    assert len(sleeps) == 1
    assert len(late.calls('PATCH')) == 1  # sent exactly once


def test_refused_write_retries_are_bounded(fake_cloud):
    client = password_client(fake_cloud, retries=2,
                             endpoint_override={'platform': 'http://127.0.0.1:%d/v1' % free_port()})
    client.authenticate()
    before = client.request_count
    with pytest.raises(StarlingXError) as err:
        client.post('platform', '/v1/ihosts', json={'hostname': 'compute-0'})
    assert client.request_count - before == 3
    assert 'Connection refused' in err.value.msg or 'ConnectionRefusedError' in err.value.msg


def test_backoff_grows_and_is_capped(fake_cloud):
    client = password_client(fake_cloud, retries=5, backoff=1.0, backoff_max=4.0)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 503, times=5)
    SysinvAPI(client).system()
    delays = client._sleep
    assert len(delays) == 5
    for attempt, delay in enumerate(delays, 1):
        cap = min(4.0, 1.0 * 2 ** (attempt - 1))
        assert cap / 2 <= delay <= cap


def test_retry_after_is_honoured_up_to_the_cap(fake_cloud):
    client = password_client(fake_cloud, backoff=0.01, backoff_max=3.0)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 503, times=1, headers={'Retry-After': '2'})
    SysinvAPI(client).system()
    assert client._sleep == [2.0]


# -- TLS -------------------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def self_signed(tmp_path_factory):
    if not shutil.which('openssl'):
        pytest.skip('openssl is not installed')
    folder = tmp_path_factory.mktemp('tls')
    cert, key = str(folder / 'cert.pem'), str(folder / 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
                    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
                   check=True, capture_output=True)
    return cert, key


def test_tls_verification(fake_cloud, self_signed):
    secure = FakeServer('sysinv', fake_cloud, tls=self_signed)
    fake_cloud.servers.append(secure)
    fake_cloud._sysinv_routes(secure)
    override = {'platform': secure.url + '/v1'}
    token = fake_cloud.issue_token()

    strict = Client(auth_token=token, endpoint_override=override, sleep=Sleeps())
    with pytest.raises(StarlingXError, match='CERTIFICATE_VERIFY_FAILED|certificate verify failed'):
        strict.get('platform', '/v1/isystems')
    assert strict.request_count == 1  # certificate errors are not retried

    insecure = Client(auth_token=token, endpoint_override=override, validate_certs=False)
    assert insecure.get('platform', '/v1/isystems')[0] == 200

    with_ca = Client(auth_token=token, endpoint_override=override, ca_cert=self_signed[0])
    assert with_ca.get('platform', '/v1/isystems')[0] == 200


# -- API log and redaction ---------------------------------------------------------------------------

def read_log(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle]


def test_api_log_one_redacted_line_per_request(fake_cloud, tmp_path):
    log = str(tmp_path / 'api.log')
    client = password_client(fake_cloud, api_log_path=log)
    fake_cloud.sysinv.fail('GET', '/v1/isystems', 503, times=1)
    SysinvAPI(client).system()
    with pytest.raises(StarlingXError):
        SysinvAPI(client).host_action('controller-0', 'unlock')
    entries = read_log(log)
    assert [(e['method'], e['status']) for e in entries] == [
        ('POST', 201), ('GET', 503), ('GET', 200), ('PATCH', 400)]
    assert entries[1]['retrying'] is True
    assert all(isinstance(e['elapsed'], float) for e in entries)
    assert entries[0]['url'] == fake_cloud.auth_url + '/auth/tokens'
    assert entries[0]['request_body']['auth']['identity']['password']['user']['password'] == '********'
    assert entries[0]['request_body']['auth']['identity']['password']['user']['name'] == 'admin'
    assert entries[0]['response_headers']['X-Subject-Token'] == '********'
    assert entries[0]['response_body']['token']['catalog']  # the catalog stays readable
    assert entries[2]['request_headers']['X-Auth-Token'] == '********'
    assert entries[2]['response_body']['isystems'][0]['name'] == 'stx-unit'
    assert entries[3]['request_body'] == [{'op': 'replace', 'path': '/action', 'value': 'unlock'}]
    raw = open(log).read()
    assert ADMIN_PASSWORD not in raw
    assert fake_cloud.issued[0] not in raw
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


def test_api_log_redacts_token_validation_and_app_secret(fake_cloud, tmp_path):
    log = str(tmp_path / 'api.log')
    Client(auth_url=fake_cloud.auth_url, application_credential_id=APP_CRED_ID,
           application_credential_secret=APP_CRED_SECRET, api_log_path=log).authenticate()
    token = fake_cloud.issued[-1]
    Client(auth_url=fake_cloud.auth_url, auth_token=token, api_log_path=log).authenticate()
    raw = open(log).read()
    assert APP_CRED_SECRET not in raw
    assert token not in raw
    entries = read_log(log)
    assert entries[1]['request_headers']['X-Subject-Token'] == '********'


def test_api_log_records_connection_errors(fake_cloud, tmp_path):
    log = str(tmp_path / 'api.log')
    client = password_client(fake_cloud, api_log_path=log, retries=1)
    fake_cloud.sysinv.drop('GET', '/v1/isystems', times=1)
    SysinvAPI(client).system()
    entries = read_log(log)
    assert entries[1]['status'] is None and entries[1]['error'] and entries[1]['retrying']
    assert entries[2]['status'] == 200


def test_no_log_file_without_api_log_path(fake_cloud, tmp_path):
    assert os.getcwd() == str(tmp_path)  # clean_os_env runs the test in tmp_path
    SysinvAPI(password_client(fake_cloud)).system()
    assert os.listdir(str(tmp_path)) == []


def test_secrets_lists_what_the_client_holds(fake_cloud):
    client = password_client(fake_cloud)
    client.authenticate()
    assert set(client.secrets()) == {ADMIN_PASSWORD, fake_cloud.issued[0]}


# -- clouds.yaml / environment end to end -------------------------------------------------------------

def test_from_params_with_awx_devstack_cloud(fake_cloud, tmp_path, monkeypatch):
    clouds = tmp_path / 'awx_clouds.yaml'
    clouds.write_text(
        'clouds:\n'
        '  devstack:\n'
        '    auth:\n'
        '      auth_url: %s\n'
        '      username: admin\n'
        '      password: %s\n'
        '      project_name: admin\n'
        '      project_domain_name: Default\n'
        '      domain_name: Default\n'
        '    verify: false\n'
        '    region_name: %s\n' % (fake_cloud.keystone.url, json.dumps(ADMIN_PASSWORD), STANDALONE_REGION))
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', str(clouds))
    client = Client.from_params({'cloud': 'devstack'})
    assert client.validate_certs is False
    assert client.region_name == STANDALONE_REGION
    SysinvAPI(client).system()
    auth = fake_cloud.keystone.calls('POST')[0].json['auth']
    assert auth['identity']['password']['user']['domain'] == {'name': 'Default'}
    assert auth['scope']['project'] == {'name': 'admin', 'domain': {'name': 'Default'}}


def test_from_params_with_os_environment(fake_cloud, monkeypatch):
    monkeypatch.setenv('OS_AUTH_URL', fake_cloud.auth_url)
    monkeypatch.setenv('OS_USERNAME', 'admin')
    monkeypatch.setenv('OS_PASSWORD', ADMIN_PASSWORD)
    monkeypatch.setenv('OS_PROJECT_NAME', 'admin')
    monkeypatch.setenv('OS_USER_DOMAIN_NAME', 'Default')
    monkeypatch.setenv('OS_PROJECT_DOMAIN_NAME', 'Default')
    monkeypatch.setenv('OS_REGION_NAME', STANDALONE_REGION)
    monkeypatch.setenv('OS_ENDPOINT_TYPE', 'internalURL')
    client = Client.from_params({})
    SysinvAPI(client).system()
    assert len(fake_cloud.sysinv_internal.requests) == 1
    assert ADMIN_PASSWORD in client.secrets()


# -- service API classes -------------------------------------------------------------------------------

def test_sysinv_list_follows_next_pages(fake_cloud):
    hosts = [{'uuid': 'u%d' % i, 'hostname': 'h%d' % i} for i in range(5)]

    def page(record):
        query = dict(p.split('=') for p in record.query.split('&') if p)
        limit = int(query['limit'])
        start = [h['uuid'] for h in hosts].index(query['marker']) + 1 if 'marker' in query else 0
        items = hosts[start:start + limit]
        body = {'ihosts': items}
        if len(items) == limit:
            body['next'] = 'http://10.0.0.1:6385/v1/ihosts?limit=%d&marker=%s' % (limit, items[-1]['uuid'])
        return 200, json.dumps(body).encode(), {'Content-Type': 'application/json'}

    fake_cloud.sysinv.routes.insert(0, ('GET', re.compile('^/v1/ihosts$'), page))
    api = SysinvAPI(password_client(fake_cloud))
    assert [h['hostname'] for h in api.list('ihosts', params={'limit': 2})] == ['h0', 'h1', 'h2', 'h3', 'h4']
    # the next link's host is not followed: every page goes to the catalog endpoint
    assert [r.query for r in fake_cloud.sysinv.calls('GET', '/v1/ihosts')] == [
        'limit=2', 'limit=2&marker=u1', 'limit=2&marker=u3']


def test_service_paths_are_quoted():
    api = SysinvAPI(None)
    assert api.path('ihosts', 'controller-0', 'iinterfaces') == '/v1/ihosts/controller-0/iinterfaces'
    assert api.path('ihosts/uuid-1/labels') == '/v1/ihosts/uuid-1/labels'
    assert api.path('apps', 'a b?') == '/v1/apps/a%20b%3F'
    assert VimAPI(None).path('api', 'orchestration') == '/api/orchestration'
    assert DcManagerAPI(None).path('subclouds', 7) == '/v1.0/subclouds/7'
    assert UsmAPI(None).path() == '/v1'


# -- transport: keep-alive ---------------------------------------------------------------------------

@pytest.fixture
def scripted(clean_os_env):
    servers = []

    def make(**kwargs):
        server = ScriptedServer(**kwargs)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def token_client(url, **kwargs):
    options = dict(auth_token='tok', endpoint_override={'platform': url + '/v1'}, sleep=Sleeps(), environ={})
    options.update(kwargs)
    return Client(**options)


@pytest.fixture
def keep_alive_cloud(monkeypatch, fake_cloud):
    """``fake_cloud`` answering HTTP/1.1 with keep-alive; ``accepted`` lists (service, client port) per TCP connection."""
    from ansible_collections.starlingx.platform.tests.unit import fake_cloud as fakes
    accepted = []
    setup = fakes._Handler.setup

    def counting_setup(handler):
        accepted.append((handler.server.fake.name, handler.client_address[1]))
        setup(handler)

    monkeypatch.setattr(fakes._Handler, 'protocol_version', 'HTTP/1.1')
    monkeypatch.setattr(fakes._Handler, 'setup', counting_setup)
    fake_cloud.accepted = accepted
    return fake_cloud


def test_one_kept_alive_connection_per_service(keep_alive_cloud):
    client = password_client(keep_alive_cloud)
    api = SysinvAPI(client)
    api.system()
    api.hosts()
    api.host('controller-0')
    UsmAPI(client).releases()
    assert client.request_count == 5  # keystone POST, 3 sysinv GETs, 1 USM GET
    assert sorted(name for name, _port in keep_alive_cloud.accepted) == ['keystone', 'sysinv', 'usm']
    assert client.transport.connections_opened == 3
    client.close()


def test_replies_on_a_kept_alive_connection_do_not_wait_for_a_delayed_ack(keep_alive_cloud):
    # fake_cloud writes headers and body separately without TCP_NODELAY (http.server): on a reused
    # connection its body waits for the client's ACK of the headers, 40 ms when the ACK is delayed
    client = password_client(keep_alive_cloud, endpoint_override={'platform': keep_alive_cloud.sysinv.url})
    client.get('platform', '/v1/isystems')
    durations = []
    for _attempt in range(5):
        started = time.monotonic()
        client.get('platform', '/v1/isystems')
        durations.append(time.monotonic() - started)
    assert client.transport.connections_opened == 2  # keystone, sysinv
    if hasattr(socket, 'TCP_QUICKACK'):
        assert min(durations) < 0.02, durations


def test_server_without_keep_alive_gets_a_connection_per_request(fake_cloud):
    client = password_client(fake_cloud)  # fake_cloud answers HTTP/1.0: the server closes after each reply
    SysinvAPI(client).system()
    SysinvAPI(client).hosts()
    assert client.transport.connections_opened == 3


def test_https_connection_is_kept_alive(keep_alive_cloud, self_signed):
    secure = FakeServer('sysinv', keep_alive_cloud, tls=self_signed)
    keep_alive_cloud.servers.append(secure)
    keep_alive_cloud._sysinv_routes(secure)
    client = Client(auth_token=keep_alive_cloud.issue_token(), endpoint_override={'platform': secure.url},
                    ca_cert=self_signed[0], environ={})
    for _attempt in range(3):
        assert client.get('platform', '/v1/isystems')[0] == 200
    assert [name for name, _port in keep_alive_cloud.accepted] == ['sysinv']
    assert client.transport.connections_opened == 1


def test_connection_closed_by_the_server_while_idle_is_replaced_before_sending(scripted, tmp_path):
    server = scripted(default=REPLY_CLOSE)  # the server closes every connection after its reply
    log = str(tmp_path / 'api.log')
    client = token_client(server.url, api_log_path=log)
    client.get('platform', '/v1/isystems')
    assert server.wait_closed(1)
    time.sleep(0.05)  # let the FIN reach the client
    client.post('platform', '/v1/ihosts', json={'hostname': 'compute-0'})
    assert [(r.connection, r.index, r.method) for r in server.requests] == [(1, 1, 'GET'), (2, 1, 'POST')]
    assert client._sleep == [] and client.request_count == 2
    assert [e.get('reconnected') for e in read_log(log)] == [None, None]  # nothing was sent on the closed one


@pytest.mark.parametrize('method, tls', [('GET', False), ('POST', False), ('PATCH', False), ('POST', True)])
def test_reused_connection_closed_without_reply_is_resent_once_on_a_new_one(
        scripted, tmp_path, self_signed, method, tls):
    # the server closes the kept-alive connection when the 2nd request arrives
    server = scripted(script={(1, 2): CLOSE}, tls=self_signed if tls else None)
    log = str(tmp_path / 'api.log')
    client = token_client(server.url, api_log_path=log, ca_cert=self_signed[0])
    client.get('platform', '/v1/isystems')
    status, _headers, body = client.request('platform', method, '/v1/ihosts/controller-0', json=[])
    assert status == 200 and body == {'isystems': [{'name': 'scripted'}]}
    assert [(r.connection, r.index) for r in server.requests] == [(1, 1), (1, 2), (2, 1)]
    assert [(r.connection, r.index) for r in server.answered] == [(1, 1), (2, 1)]
    assert client._sleep == []  # not a retry of the policy: no backoff
    entries = read_log(log)
    assert [(e['method'], e['status'], e['attempt'], e.get('reconnected')) for e in entries] == [
        ('GET', 200, 1, None), (method, 200, 1, True)]


def test_resend_on_a_new_connection_happens_once(scripted):
    server = scripted(script={(1, 2): CLOSE, (2, 1): CLOSE})
    client = token_client(server.url)
    client.get('platform', '/v1/isystems')
    with pytest.raises(StarlingXError) as err:
        client.post('platform', '/v1/ihosts', json={'hostname': 'compute-0'})
    assert 'RemoteDisconnected' in err.value.msg
    assert [(r.connection, r.index) for r in server.requests] == [(1, 1), (1, 2), (2, 1)]


def test_post_on_a_new_connection_closed_without_reply_is_not_resent(scripted):
    server = scripted(script={(1, 1): CLOSE})
    client = token_client(server.url)
    with pytest.raises(StarlingXError) as err:
        client.post('platform', '/v1/ihosts', json={'hostname': 'compute-0'})
    assert err.value.status is None and 'cannot reach the platform API' in err.value.msg
    assert len(server.requests) == 1


def test_post_is_not_resent_after_part_of_a_reply_on_a_reused_connection(scripted):
    server = scripted(script={(1, 2): PARTIAL})
    client = token_client(server.url)
    client.get('platform', '/v1/isystems')
    with pytest.raises(StarlingXError):
        client.post('platform', '/v1/ihosts', json={'hostname': 'compute-0'})
    assert [(r.connection, r.index) for r in server.requests] == [(1, 1), (1, 2)]


def test_get_after_part_of_a_reply_follows_the_retry_policy(scripted):
    server = scripted(script={(1, 2): PARTIAL})
    client = token_client(server.url)
    client.get('platform', '/v1/isystems')
    assert client.get('platform', '/v1/isystems')[0] == 200
    assert [(r.connection, r.index) for r in server.requests] == [(1, 1), (1, 2), (2, 1)]
    assert len(client._sleep) == 1  # an ordinary retry, with backoff


def test_timeout_is_reported_and_get_is_retried(scripted):
    server = scripted(default=HANG)
    client = token_client(server.url, api_timeout=0.2, retries=1)
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert err.value.msg == 'cannot reach the platform API at %s/v1/isystems: timed out (after 2 attempts)' % server.url
    assert len(server.requests) == 2


def test_ipv6_literal_host(scripted):
    if not socket.has_ipv6:
        pytest.skip('no IPv6')
    try:
        server = scripted(host='::1')
    except OSError:
        pytest.skip('::1 is not available')
    client = token_client(server.url)
    assert client.get('platform', '/v1/ihosts', params={'personality': 'controller', 'limit': 2})[0] == 200
    assert client.get('platform', '/v1/isystems')[0] == 200
    request = server.requests[0]
    assert request.headers['Host'] == '[::1]:%d' % server.port
    assert request.target == '/v1/ihosts?personality=controller&limit=2'
    assert server.connections == 1


def test_request_headers(scripted):
    server = scripted()
    client = token_client(server.url)
    client.post('platform', '/v1/ihosts', json={'hostname': 'compute-0'})
    headers = server.requests[0].headers
    assert headers['User-Agent'] == 'starlingx.platform-ansible'
    assert headers['X-Auth-Token'] == 'tok' and headers['Content-Type'] == 'application/json'
    assert headers['Host'] == '127.0.0.1:%d' % server.port
    assert server.requests[0].body == b'{"hostname":"compute-0"}'


# -- transport: proxies ---------------------------------------------------------------------------------

@pytest.fixture
def proxy():
    servers = []

    def make(**kwargs):
        server = ProxyServer(**kwargs)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def test_https_goes_through_a_connect_tunnel(keep_alive_cloud, self_signed, proxy):
    secure = FakeServer('sysinv', keep_alive_cloud, tls=self_signed)
    keep_alive_cloud.servers.append(secure)
    keep_alive_cloud._sysinv_routes(secure)
    tunnel = proxy(credentials='stx user:p@ss')
    environ = {'https_proxy': 'http://stx%%20user:p%%40ss@127.0.0.1:%d' % tunnel.port, 'no_proxy': 'example.com'}
    client = Client(auth_token=keep_alive_cloud.issue_token(), endpoint_override={'platform': secure.url},
                    ca_cert=self_signed[0], environ=environ)
    assert SysinvAPI(client).system()['name'] == 'stx-unit'
    assert SysinvAPI(client).hosts()[0]['hostname'] == 'controller-0'
    # one tunnel, kept alive (http.client sends CONNECT as HTTP/1.0 before Python 3.12)
    assert [line.rsplit(' ', 1)[0] for line, _headers in tunnel.seen] == ['CONNECT 127.0.0.1:%d' % secure.port]
    assert tunnel.seen[0][1]['Proxy-Authorization'] == 'Basic ' + base64.b64encode(b'stx user:p@ss').decode()
    assert [r.path for r in secure.requests] == ['/v1/isystems', '/v1/ihosts']
    assert 'Proxy-Authorization' not in secure.requests[0].headers  # the origin never sees the proxy credentials
    assert client.transport.connections_opened == 1


def test_http_goes_to_the_proxy_with_absolute_uris(fake_cloud, proxy):
    forward = proxy()
    environ = {'HTTP_PROXY': '127.0.0.1:%d' % forward.port}  # upper case, no scheme
    client = password_client(fake_cloud, environ=environ)
    SysinvAPI(client).system()
    lines = [line for line, _headers in forward.seen]
    assert lines == ['POST %s/auth/tokens HTTP/1.1' % fake_cloud.auth_url,
                     'GET %s/v1/isystems?limit=2000 HTTP/1.1' % fake_cloud.sysinv.url]
    assert forward.seen[1][1]['Host'] == fake_cloud.sysinv.url.split('//')[1]
    assert [r.path for r in fake_cloud.sysinv.requests] == ['/v1/isystems']


def test_proxy_authentication_failure_is_an_http_error(fake_cloud, proxy):
    forward = proxy(credentials='u:right')
    client = password_client(fake_cloud, environ={'http_proxy': 'http://u:wrong@127.0.0.1:%d' % forward.port})
    with pytest.raises(StarlingXError) as err:
        client.authenticate()
    assert err.value.status == 407
    assert 'wrong' not in json.dumps(err.value.to_dict())


def test_no_proxy_bypasses_the_proxy(fake_cloud):
    dead = 'http://127.0.0.1:%d' % free_port()
    client = password_client(fake_cloud, environ={'http_proxy': dead, 'no_proxy': 'localhost, 127.0.0.1'})
    assert SysinvAPI(client).system()['name'] == 'stx-unit'


def test_unreachable_proxy_is_named_in_the_error(fake_cloud):
    port = free_port()
    client = password_client(fake_cloud, retries=0, environ={'http_proxy': 'http://user:secret@127.0.0.1:%d' % port,
                                                             'NO_PROXY': 'example.com'})
    with pytest.raises(StarlingXError) as err:
        client.authenticate()
    assert 'through proxy http://127.0.0.1:%d' % port in err.value.msg
    assert 'Connection refused' in err.value.msg or 'ConnectionRefusedError' in err.value.msg
    assert 'secret' not in err.value.msg


def test_lower_case_proxy_variable_wins(fake_cloud, proxy):
    forward = proxy()
    environ = {'http_proxy': 'http://127.0.0.1:%d' % forward.port, 'HTTP_PROXY': 'http://127.0.0.1:%d' % free_port()}
    SysinvAPI(password_client(fake_cloud, environ=environ)).system()
    assert len(forward.seen) == 2


def test_proxies_come_from_the_process_environment(fake_cloud, proxy, monkeypatch):
    forward = proxy()
    monkeypatch.setenv('http_proxy', 'http://127.0.0.1:%d' % forward.port)
    monkeypatch.delenv('no_proxy', raising=False)
    monkeypatch.delenv('NO_PROXY', raising=False)
    client = Client.from_params({'auth_url': fake_cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD})
    SysinvAPI(client).system()
    assert len(forward.seen) == 2


# -- transport: TLS errors ----------------------------------------------------------------------------------

@pytest.fixture
def secure_sysinv(fake_cloud, self_signed):
    secure = FakeServer('sysinv', fake_cloud, tls=self_signed)
    fake_cloud.servers.append(secure)
    fake_cloud._sysinv_routes(secure)
    return secure


def test_untrusted_certificate_names_the_ca_problem(fake_cloud, secure_sysinv):
    client = Client(auth_token=fake_cloud.issue_token(), endpoint_override={'platform': secure_sysinv.url},
                    environ={})
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert 'TLS certificate verification failed' in err.value.msg
    assert 'not signed by a CA this host trusts: set ca_cert' in err.value.msg


def test_wrong_ca_cert_is_named(fake_cloud, secure_sysinv, tmp_path):
    other = tmp_path / 'other'
    other.mkdir()
    other_cert = str(other / 'cert.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', str(other / 'key.pem'),
                    '-out', other_cert, '-days', '2', '-subj', '/CN=other'], check=True, capture_output=True)
    client = Client(auth_token=fake_cloud.issue_token(), endpoint_override={'platform': secure_sysinv.url},
                    ca_cert=other_cert, environ={})
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert 'not signed by the CA in ca_cert (%s)' % other_cert in err.value.msg
    assert client.request_count == 1


def test_host_name_mismatch_is_named(fake_cloud, secure_sysinv, self_signed):
    url = 'https://localhost:%d' % secure_sysinv.port  # the certificate is for IP 127.0.0.1 only
    client = Client(auth_token=fake_cloud.issue_token(), endpoint_override={'platform': url},
                    ca_cert=self_signed[0], environ={})
    with pytest.raises(StarlingXError) as err:
        client.get('platform', '/v1/isystems')
    assert 'TLS certificate verification failed' in err.value.msg
    assert 'not valid for this host name or address' in err.value.msg
    assert client.request_count == 1


def test_unusable_ca_cert_is_a_clear_error(fake_cloud, secure_sysinv, tmp_path):
    client = Client(auth_token='t', endpoint_override={'platform': secure_sysinv.url},
                    ca_cert=str(tmp_path / 'missing.pem'), environ={})
    with pytest.raises(StarlingXError, match='ca_cert .*missing.pem cannot be used as a CA bundle'):
        client.get('platform', '/v1/isystems')
    assert secure_sysinv.requests == []
