# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.module import (
    AUTH_ARGUMENT_SPEC, WAIT_ARGUMENT_SPEC, StarlingXModule, values_differ)
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD


class Plain(StarlingXModule):
    argument_spec = dict(name=dict(type='str'))
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        return dict(name=self.params['name'], check_mode=self.check_mode)


class Waiting(StarlingXModule):
    argument_spec = dict(timeout=dict(type='int', default=30))
    wait_options = True

    def run(self):
        states = iter(['a', 'b', 'done'])
        state = self.wait(lambda: next(states), lambda s: s == 'done', what='the thing', poll_interval=0)
        return dict(state=state, timeout=self.params['timeout'], wait=self.params['wait'])


class Raising(StarlingXModule):
    argument_spec = dict(kind=dict(type='str'))

    def run(self):
        if self.params['kind'] == 'api':
            raise StarlingXError('Host must be locked.', status=400, method='PATCH',
                                 url='http://h/v1/ihosts/controller-0', body='{"error_message": "..."}',
                                 service='platform')
        raise KeyError('surprise')


class Reading(StarlingXModule):
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        system = SysinvAPI(self.client).system()
        before = {'name': 'old', 'description': 'd'}
        return dict(changed=True, echo='password was %s' % self.client._password, system_name=system['name'],
                    diff=self.diff_result(before, system, ['name', 'description']))


def main_of(cls):
    def main():
        cls()()
    return main


def test_auth_options_are_merged(module_args):
    with module_args({'name': 'x'}):
        module = Plain()
    for option in AUTH_ARGUMENT_SPEC:
        assert option in module.params
    for option in WAIT_ARGUMENT_SPEC:
        assert option not in module.params
    assert module.module.argument_spec['password']['no_log'] is True
    assert module.module.argument_spec['interface']['choices'] == ['public', 'internal', 'admin']


def test_wait_options_opt_in_and_module_spec_wins(run_module):
    failed, result = run_module(main_of(Waiting), {})
    assert not failed
    assert result['state'] == 'done'
    assert result['timeout'] == 30  # the module's own default replaces the fragment's 600
    assert result['wait'] is True
    assert result['waits'] == [{'what': 'the thing', 'polls': 3, 'elapsed': result['waits'][0]['elapsed']}]


def test_result_defaults_and_check_mode(run_module):
    failed, result = run_module(main_of(Plain), {'name': 'n'}, check_mode=True)
    assert not failed
    assert result['changed'] is False
    assert result['check_mode'] is True


def test_starlingx_error_becomes_fail_json_without_traceback(run_module):
    failed, result = run_module(main_of(Raising), {'kind': 'api'})
    assert failed
    assert result['msg'] == 'Host must be locked.'
    assert (result['status'], result['method'], result['url']) == (400, 'PATCH', 'http://h/v1/ihosts/controller-0')
    assert result['service'] == 'platform'
    assert 'exception' not in result


def test_unexpected_error_keeps_the_traceback(run_module, monkeypatch):
    try:  # ansible-core >= 2.19 includes tracebacks only when the controller enables them
        from ansible.module_utils._internal import _traceback
        monkeypatch.setattr(_traceback, '_module_tracebacks_enabled_events',
                            frozenset([_traceback.TracebackEvent.ERROR]))
    except ImportError:
        pass
    failed, result = run_module(main_of(Raising), {'kind': 'bug'})
    assert failed
    assert result['msg'] == "KeyError: 'surprise'"
    assert 'Traceback' in result['exception']


def test_diff_only_in_diff_mode_and_env_secrets_masked(run_module, fake_cloud, monkeypatch):
    monkeypatch.setenv('OS_AUTH_URL', fake_cloud.auth_url)
    monkeypatch.setenv('OS_USERNAME', 'admin')
    monkeypatch.setenv('OS_PASSWORD', ADMIN_PASSWORD)
    failed, result = run_module(main_of(Reading), {})
    assert not failed
    assert 'diff' not in result
    assert ADMIN_PASSWORD not in json.dumps(result)
    assert result['echo'] == 'password was ********'
    failed, result = run_module(main_of(Reading), {}, diff=True)
    assert result['diff'] == {'before': {'name': 'old', 'description': 'd'},
                              'after': {'name': 'stx-unit', 'description': 'unit test system'}}
    for token in fake_cloud.issued:
        assert token not in json.dumps(result)


def test_api_failure_of_a_module_hides_password(run_module, fake_cloud):
    failed, result = run_module(main_of(Reading), {'auth_url': fake_cloud.auth_url, 'username': 'admin',
                                                   'password': 'Wr0ng-Passw0rd!'})
    assert failed
    assert result['status'] == 401
    assert 'Wr0ng-Passw0rd!' not in json.dumps(result)


@pytest.mark.parametrize('current, desired, differ', [
    ('1500', 1500, False),
    ('true', True, False),
    (True, 'true', False),
    ('1500', 9000, True),
    (['a', 'b'], ['a', 'b'], False),
    ({'x': 1}, {'x': '1'}, False),
    (None, 'x', True),
    ('1.5', 1.5, False),
])
def test_values_differ(current, desired, differ):
    assert values_differ(current, desired) is differ


def test_build_patch_only_differing_managed_fields(module_args):
    with module_args({}):
        module = Plain()
    current = {'mtu': '1500', 'enabled': 'true', 'name': 'oam0', 'ifclass': 'platform'}
    desired = {'mtu': 1500, 'enabled': True, 'name': 'oam1', 'ifclass': None}
    assert module.build_patch(current, desired) == [{'op': 'replace', 'path': '/name', 'value': 'oam1'}]
    assert module.build_patch(current, {'mtu': 9000, 'name': 'oam1'}, fields=['mtu']) == [
        {'op': 'replace', 'path': '/mtu', 'value': 9000}]
    assert module.changed_fields(current, {'mtu': '1500'}) == {}


def test_diff_result_restricted_to_fields(module_args):
    with module_args({}):
        module = Plain()
    diff = module.diff_result({'a': 1, 'b': 2, 'secret': 's'}, {'a': 1, 'b': 3}, ['a', 'b'])
    assert diff == {'before': {'a': 1, 'b': 2}, 'after': {'a': 1, 'b': 3}}
    assert module.diff_result(None, {'a': 1}, ['a']) == {'before': {}, 'after': {'a': 1}}


def test_hide_adds_no_log_values(run_module):
    class Hiding(StarlingXModule):
        def run(self):
            self.hide('unseal-key-1')
            return dict(keys=['unseal-key-1'])

    failed, result = run_module(main_of(Hiding), {})
    assert len(result['keys']) == 1
    assert 'unseal-key-1' not in json.dumps(result)
