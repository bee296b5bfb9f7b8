# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json
import time

import pytest

from ansible_collections.starlingx.platform.plugins.modules import host as host_module
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import FakeInventory

NEW_MAC = '08:00:27:20:20:01'


@pytest.fixture
def inv(fake_cloud, monkeypatch):
    monkeypatch.setattr(time, 'sleep', lambda seconds: None)  # retries and polls without delay
    return FakeInventory.duplex(fake_cloud)


def run(run_module, inv, check_mode=False, diff=False, **params):
    args = {'auth_url': inv.cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD, 'poll_interval': 0}
    args.update(params)
    return run_module(host_module.main, args, check_mode=check_mode, diff=diff)


def bodies(inv, method, path):
    return [r.json for s in (inv.cloud.sysinv, inv.cloud.sysinv_internal) for r in s.requests
            if r.method == method and r.path == path]


# -- provisioning and adding ------------------------------------------------------------------------------------

def test_provisions_a_pxe_discovered_worker_and_waits_for_its_install(run_module, inv):
    found = inv.add_discovered(NEW_MAC)
    failed, result = run(run_module, inv, name='worker-0', mgmt_mac=NEW_MAC.upper().replace(':', '-'),
                         personality='worker', location='rack 3', diff=True)
    assert not failed, result
    assert result['changed'] is True and result['actions'] == ['provision']
    ops = bodies(inv, 'PATCH', '/v1/ihosts/%s' % found['uuid'])
    assert ops == [[{'op': 'replace', 'path': '/personality', 'value': 'worker'},
                    {'op': 'replace', 'path': '/hostname', 'value': 'worker-0'},
                    {'op': 'replace', 'path': '/location', 'value': {'locn': 'rack 3'}}]]
    assert result['host']['hostname'] == 'worker-0'
    assert (result['host']['availability'], result['host']['inv_state']) == ('online', 'inventoried')
    assert [w['what'] for w in result['waits']] == ['installation of host worker-0']
    assert result['diff']['before']['personality'] is None
    assert result['diff']['after']['personality'] == 'worker' and result['diff']['after']['location'] == 'rack 3'
    assert 'links' not in result['host']

    failed, again = run(run_module, inv, name='worker-0', mgmt_mac=NEW_MAC, personality='worker', location='rack 3')
    assert not failed and again['changed'] is False and again['actions'] == []
    assert len(inv.writes()) == 1


def test_provisions_a_controller_without_sending_its_hostname(run_module, inv):
    inv.hosts.remove(inv.host('controller-1'))
    found = inv.add_discovered(NEW_MAC)
    failed, result = run(run_module, inv, name='controller-1', mgmt_mac=NEW_MAC, personality='controller',
                         subfunctions=['controller', 'worker'])
    assert not failed, result
    assert bodies(inv, 'PATCH', '/v1/ihosts/%s' % found['uuid']) == [[
        {'op': 'replace', 'path': '/personality', 'value': 'controller'},
        {'op': 'replace', 'path': '/subfunctions', 'value': 'controller,worker'}]]
    assert result['host']['hostname'] == 'controller-1'


def test_provisioning_in_check_mode_sends_no_write(run_module, inv):
    inv.add_discovered(NEW_MAC)
    failed, result = run(run_module, inv, check_mode=True, diff=True, name='worker-0', mgmt_mac=NEW_MAC,
                         personality='worker', administrative='unlocked')
    assert not failed, result
    assert result['changed'] is True and result['actions'] == ['provision', 'unlock']
    assert result['diff']['after'] == {'hostname': 'worker-0', 'personality': 'worker', 'administrative': 'unlocked'}
    assert inv.writes() == []


def test_adds_a_host_that_does_not_exist(run_module, inv):
    failed, result = run(run_module, inv, name='worker-3', mgmt_mac='08-00-27-AB-CD-EF', personality='worker',
                         subfunctions=['worker', 'lowlatency'], clock_synchronization='ptp', wait=False)
    assert not failed, result
    assert result['actions'] == ['add']
    assert bodies(inv, 'POST', '/v1/ihosts') == [{'mgmt_mac': '08:00:27:ab:cd:ef', 'personality': 'worker',
                                                  'hostname': 'worker-3', 'subfunctions': 'worker,lowlatency',
                                                  'clock_synchronization': 'ptp'}]
    assert result['host']['hostname'] == 'worker-3' and 'waits' not in result


def test_adding_needs_mgmt_mac_and_personality(run_module, inv):
    failed, result = run(run_module, inv, name='worker-3', personality='worker')
    assert failed and 'host worker-3 does not exist; to add it give mgmt_mac' in result['msg']
    failed, result = run(run_module, inv, mgmt_mac=NEW_MAC, personality='worker')
    assert failed and result['msg'].startswith('name is required to add a worker')
    assert inv.writes() == []


def test_a_failed_installation_is_reported_with_the_host_status(run_module, inv):
    found = inv.add_discovered(NEW_MAC)
    failed, result = run(run_module, inv, name='worker-0', mgmt_mac=NEW_MAC, personality='worker')
    assert not failed
    inv.hosts.remove(inv.host('worker-0'))
    found = inv.add_discovered(NEW_MAC)
    found['_steps'] = []
    original = inv._patch_host

    def patch_then_fail(record, ident):
        reply = original(record, ident)
        inv.host(ident)['_steps'] = [{'install_state': 'failed'}]
        return reply

    for server in (inv.cloud.sysinv, inv.cloud.sysinv_internal):
        server.route('PATCH', '/v1/ihosts/([^/]+)', patch_then_fail, first=True)
    failed, result = run(run_module, inv, name='worker-0', mgmt_mac=NEW_MAC, personality='worker')
    assert failed
    assert result['msg'].startswith('installation of host worker-0 failed: the installation failed')
    assert 'install_state=failed' in result['msg']


# -- lock and unlock --------------------------------------------------------------------------------------------

def test_lock_then_unlock_waits_and_is_idempotent(run_module, inv):
    failed, result = run(run_module, inv, name='controller-1', administrative='locked')
    assert not failed, result
    assert result['actions'] == ['lock'] and result['host']['administrative'] == 'locked'
    assert result['host']['task'] == ''
    c1 = inv.host('controller-1')['uuid']
    assert bodies(inv, 'PATCH', '/v1/ihosts/%s' % c1) == [[{'op': 'replace', 'path': '/action', 'value': 'lock'}]]

    failed, again = run(run_module, inv, name='controller-1', administrative='locked')
    assert not failed and again['changed'] is False

    failed, result = run(run_module, inv, name='controller-1', administrative='unlocked', diff=True)
    assert not failed, result
    assert result['actions'] == ['unlock']
    host = result['host']
    assert (host['administrative'], host['operational'], host['availability']) == ('unlocked', 'enabled', 'available')
    assert result['waits'][0]['what'] == 'unlock of host controller-1' and result['waits'][0]['polls'] == 3
    assert result['diff'] == {'before': {'hostname': 'controller-1', 'personality': 'controller',
                                         'administrative': 'locked'},
                              'after': {'hostname': 'controller-1', 'personality': 'controller',
                                        'administrative': 'unlocked'}}
    failed, again = run(run_module, inv, name='controller-1', administrative='unlocked')
    assert not failed and again['changed'] is False
    assert len(inv.writes()) == 2


def test_force_lock_and_force_unlock(run_module, inv):
    failed, result = run(run_module, inv, name='controller-1', administrative='locked', force=True)
    assert not failed and result['host']['administrative'] == 'locked'
    failed, result = run(run_module, inv, name='controller-1', administrative='unlocked', force=True)
    assert not failed
    c1 = inv.host('controller-1')['uuid']
    assert [ops[0]['value'] for ops in bodies(inv, 'PATCH', '/v1/ihosts/%s' % c1)] == ['force-lock', 'force-unlock']


def test_lock_in_check_mode_sends_nothing(run_module, inv):
    failed, result = run(run_module, inv, check_mode=True, name='controller-1', administrative='locked')
    assert not failed and result['changed'] is True and result['actions'] == ['lock']
    assert result['host']['administrative'] == 'unlocked'
    assert inv.writes() == []


def test_unlock_rides_out_api_restarts(run_module, inv):
    inv.host('controller-1').update(administrative='locked', operational='disabled', availability='online')
    c1 = inv.host('controller-1')['uuid']
    inv.cloud.sysinv.fail('GET', '/v1/ihosts/%s' % c1, 503, times=8)  # two polls' worth of retries
    failed, result = run(run_module, inv, name='controller-1', administrative='unlocked')
    assert not failed, result
    assert result['host']['availability'] == 'available'
    assert result['waits'][0]['polls'] == 5


def test_failed_unlock_reports_the_host_status(run_module, inv):
    inv.host('controller-1').update(administrative='locked', operational='disabled', availability='online')
    original = inv._action

    def unlock_then_fail(host, action):
        reply = original(host, action)
        host['_steps'] = [{'administrative': 'unlocked', 'availability': 'offline', 'task': 'Rebooting'},
                          {'availability': 'failed', 'task': 'Configuration Failed, threshold reached, '
                                                             'Lock/Unlock to retry'}]
        return reply

    inv._action = unlock_then_fail
    failed, result = run(run_module, inv, name='controller-1', administrative='unlocked')
    assert failed
    assert result['msg'].startswith('unlock of host controller-1 failed: the host failed to enable '
                                    '(task: Configuration Failed, threshold reached, Lock/Unlock to retry)')
    assert 'availability=failed' in result['msg'] and 'administrative=unlocked' in result['msg']

    failed, again = run(run_module, inv, name='controller-1', administrative='unlocked')
    assert failed and 'is unlocked but failed' in again['msg'] and 'lock and unlock it to retry' in again['msg']
    failed, checked = run(run_module, inv, check_mode=True, name='controller-1', administrative='unlocked')
    assert failed and 'is unlocked but failed' in checked['msg']


def test_rejected_unlock_carries_sysinv_message_and_host_status(run_module, inv):
    inv.host('controller-1').update(administrative='locked', operational='disabled', availability='offline')
    failed, result = run(run_module, inv, name='controller-1', administrative='unlocked', wait=False)
    assert failed
    assert result['msg'] == ("unlock of host controller-1 rejected: Host controller-1 is not online. Wait for "
                             "'online' availability status and then 'unlock' (controller-1: administrative=locked, "
                             "operational=disabled, availability=offline, install_state=completed, "
                             "vim_progress_status=services-enabled, activity=standby)")
    assert result['status'] == 400


def test_unlock_waits_for_a_new_host_to_come_online_first(run_module, inv):
    inv.add_discovered(NEW_MAC)
    failed, result = run(run_module, inv, name='worker-0', mgmt_mac=NEW_MAC, personality='worker', wait=False)
    assert not failed and 'waits' not in result
    inv.host('worker-0').update(availability='offline', inv_state=None, install_state='installing', _steps=[
        {}, {}, {'install_state': 'completed', 'availability': 'online', 'inv_state': 'inventoried'}])
    failed, result = run(run_module, inv, name='worker-0', administrative='unlocked')
    assert not failed, result
    assert [w['what'] for w in result['waits']] == [
        'host worker-0 to be online and inventoried before its unlock', 'unlock of host worker-0']
    assert result['host']['availability'] == 'available'


def test_an_interrupted_unlock_is_waited_for_without_a_new_request(run_module, inv):
    inv.host('controller-1').update(operational='disabled', availability='intest', task='Testing',
                                    _steps=[{'operational': 'enabled', 'availability': 'available', 'task': ''}])
    failed, result = run(run_module, inv, name='controller-1', administrative='unlocked')
    assert not failed and result['changed'] is False
    assert result['host']['availability'] == 'available' and inv.writes() == []


def test_lock_rejected_by_the_vim_fails(run_module, inv):
    original = inv._action

    def lock_rejected(host, action):
        reply = original(host, action)
        host['_steps'] = [{'task': '', 'ihost_action': '', 'vim_progress_status': 'services-disable-failed'}]
        return reply

    inv._action = lock_rejected
    failed, result = run(run_module, inv, name='controller-1', administrative='locked')
    assert failed
    assert result['msg'].startswith('lock of host controller-1 failed: the lock was rejected or failed '
                                    '(VIM progress: services-disable-failed)')


def test_server_error_on_lock_surfaces_sysinv_faultstring(run_module, inv):
    failed, result = run(run_module, inv, name='controller-0', administrative='locked')
    assert failed
    assert 'controller-0 : Rejected: Can not lock an active controller.' in result['msg']
    assert result['msg'].startswith('lock of host controller-0 rejected: ')
    assert result['status'] == 400 and result['method'] == 'PATCH'
    assert 'exception' not in result and ADMIN_PASSWORD not in json.dumps(result)


# -- swact ------------------------------------------------------------------------------------------------------

def test_standby_swacts_the_active_controller(run_module, inv):
    failed, result = run(run_module, inv, name='controller-0', activity='standby', diff=True)
    assert not failed, result
    assert result['actions'] == ['swact']
    assert result['host']['capabilities']['Personality'] == 'Controller-Standby'
    assert inv.host('controller-1')['_active'] is True
    assert result['diff']['before']['activity'] == 'active' and result['diff']['after']['activity'] == 'standby'
    failed, again = run(run_module, inv, name='controller-0', activity='standby')
    assert not failed and again['changed'] is False


def test_active_swacts_the_other_controller(run_module, inv):
    failed, result = run(run_module, inv, name='controller-1', activity='active', force=True)
    assert not failed, result
    c0 = inv.host('controller-0')['uuid']
    assert bodies(inv, 'PATCH', '/v1/ihosts/%s' % c0) == [
        [{'op': 'replace', 'path': '/action', 'value': 'force-swact'}]]
    assert result['host']['hostname'] == 'controller-1'
    assert result['host']['capabilities']['Personality'] == 'Controller-Active'


def test_locking_the_active_controller_swacts_first(run_module, inv):
    failed, result = run(run_module, inv, name='controller-0', activity='standby', administrative='locked')
    assert not failed, result
    assert result['actions'] == ['swact', 'lock']
    c0 = inv.host('controller-0')['uuid']
    assert [ops[0]['value'] for ops in bodies(inv, 'PATCH', '/v1/ihosts/%s' % c0)] == ['swact', 'lock']
    assert result['host']['administrative'] == 'locked'


def test_a_swact_that_does_not_happen_fails(run_module, inv):
    original = inv._action

    def stalled(host, action):
        reply = original(host, action)
        host['_steps'] = [{'task': ''}]  # task cleared, still active
        return reply

    inv._action = stalled
    failed, result = run(run_module, inv, name='controller-0', activity='standby')
    assert failed
    assert result['msg'].startswith('swact of host controller-0 failed: the host is still the active controller')


def test_swact_rides_out_api_restarts(run_module, inv):
    c0 = inv.host('controller-0')['uuid']
    inv.cloud.sysinv.drop('GET', '/v1/ihosts/%s' % c0, times=4)
    failed, result = run(run_module, inv, name='controller-0', activity='standby')
    assert not failed, result
    assert result['host']['capabilities']['Personality'] == 'Controller-Standby'


# -- fields -----------------------------------------------------------------------------------------------------

def test_updates_fields_and_respects_the_lock_rule_for_install_parameters(run_module, inv):
    failed, result = run(run_module, inv, name='controller-1', location='lab B', clock_synchronization='ptp',
                         diff=True)
    assert not failed, result
    assert result['actions'] == ['update']
    c1 = inv.host('controller-1')['uuid']
    assert bodies(inv, 'PATCH', '/v1/ihosts/%s' % c1)[0] == [
        {'op': 'replace', 'path': '/clock_synchronization', 'value': 'ptp'},
        {'op': 'replace', 'path': '/location', 'value': {'locn': 'lab B'}}]
    assert result['diff']['before']['location'] is None and result['diff']['after']['location'] == 'lab B'

    failed, result = run(run_module, inv, name='controller-1', console='tty0')
    assert failed and "installation parameters (console) only on a locked host" in result['msg']
    failed, result = run(run_module, inv, name='controller-1', console='tty0', administrative='locked')
    assert not failed and result['actions'] == ['lock', 'update']
    assert bodies(inv, 'PATCH', '/v1/ihosts/%s' % c1)[-1] == [
        {'op': 'replace', 'path': '/console', 'value': 'tty0'}]


@pytest.mark.parametrize('params, message', [
    ({'name': 'controller-1', 'mgmt_mac': '08:00:27:zz:00:01'}, "mgmt_mac='08:00:27:zz:00:01': must be a MAC"),
    ({'name': 'controller-2', 'personality': 'controller'}, "name='controller-2': a controller is named"),
    ({'name': 'ctl', 'personality': 'storage'}, "name='ctl': a storage host is named storage-<number>"),
    ({'name': 'controller-1', 'personality': 'worker'}, "name='controller-1': is reserved"),
    ({'name': 'worker 1', 'personality': 'worker'}, "name='worker 1': may only contain letters"),
    ({'name': 'worker-1', 'personality': 'worker', 'subfunctions': ['controller']},
     "subfunctions=['controller']: must include the personality worker"),
    ({'name': 'controller-1', 'administrative': 'locked', 'activity': 'active'}, "activity='active': a locked"),
    ({'name': 'worker-1', 'personality': 'worker', 'activity': 'standby'},
     "activity='standby': applies to controllers only"),
])
def test_bad_input_fails_before_any_request_to_sysinv(run_module, inv, params, message):
    failed, result = run(run_module, inv, **params)
    assert failed and message in result['msg']
    assert inv.cloud.sysinv.requests == []


@pytest.mark.parametrize('params, message', [
    ({'name': 'controller-1', 'subfunctions': ['controller']}, 'has subfunctions controller,worker: they can not'),
    ({'name': 'controller-1', 'mgmt_mac': NEW_MAC}, 'has mgmt_mac 08:00:27:11:20:01, not 08:00:27:20:20:01'),
])
def test_immutable_fields_fail_before_any_write(run_module, inv, params, message):
    failed, result = run(run_module, inv, **params)
    assert failed and message in result['msg']
    assert inv.writes() == []


def test_personality_change_is_refused_naming_both(run_module, inv):
    inv.add_host('worker-0', 'worker')
    failed, result = run(run_module, inv, name='worker-0', personality='edgeworker')
    assert failed and result['msg'] == ('host worker-0 is a worker: personality can not be changed to edgeworker '
                                        '(delete and re-add the host)')
    assert inv.writes() == []


# -- absent -----------------------------------------------------------------------------------------------------

def test_absent_refuses_an_unlocked_host_without_force(run_module, inv):
    inv.add_host('worker-0', 'worker')
    failed, result = run(run_module, inv, name='worker-0', state='absent')
    assert failed and 'host worker-0 is unlocked: sysinv deletes only locked hosts' in result['msg']
    assert inv.writes() == []


def test_absent_with_force_locks_deletes_and_waits_for_removal(run_module, inv):
    worker = inv.add_host('worker-0', 'worker')
    failed, result = run(run_module, inv, check_mode=True, name='worker-0', state='absent', force=True)
    assert not failed and result['actions'] == ['lock', 'delete'] and inv.writes() == []
    failed, result = run(run_module, inv, name='worker-0', state='absent', force=True, diff=True)
    assert not failed, result
    assert result['actions'] == ['lock', 'delete'] and 'host' not in result
    assert inv.writes() == [('PATCH', '/v1/ihosts/%s' % worker['uuid']), ('DELETE', '/v1/ihosts/%s' % worker['uuid'])]
    assert inv.host('worker-0') is None
    assert [w['what'] for w in result['waits']] == ['force-lock of host worker-0', 'removal of host worker-0']
    assert result['diff']['after'] == {}
    failed, again = run(run_module, inv, name='worker-0', state='absent')
    assert not failed and again['changed'] is False


def test_absent_finds_a_discovered_host_by_mac(run_module, inv):
    inv.add_discovered(NEW_MAC)
    failed, result = run(run_module, inv, mgmt_mac=NEW_MAC, state='absent')
    assert not failed and result['changed'] is True
    assert all(h.get('mgmt_mac') != NEW_MAC for h in inv.hosts)


def test_delete_server_error_is_surfaced(run_module, inv):
    worker = inv.add_host('worker-0', 'worker', administrative='locked')
    inv.cloud.sysinv.fail('DELETE', '/v1/ihosts/%s' % worker['uuid'], 500, times=9, body={'error_message': json.dumps(
        {'faultcode': 'Server', 'faultstring': 'Host worker-0 is being upgraded', 'debuginfo': None})})
    failed, result = run(run_module, inv, name='worker-0', state='absent')
    assert failed and result['msg'] == 'Host worker-0 is being upgraded' and result['status'] == 500
