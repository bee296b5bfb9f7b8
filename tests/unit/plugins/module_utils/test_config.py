# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import os

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils.config import resolve
from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError

AWX_CLOUDS = """clouds:
  devstack:
    auth:
      auth_url: https://10.10.10.2:5000
      username: admin
      password: S3cret-AWX
      project_name: admin
      project_domain_name: ProjectDom
      domain_name: UserDom
    verify: false
    region_name: RegionOne
"""

TWO_CLOUDS = """clouds:
  lab1:
    auth: {auth_url: 'http://lab1:5000/v3', username: u1, password: p1}
    region_name: R1
    interface: internal
    cacert: ~/ca.pem
    api_timeout: 30
    platform_endpoint_override: http://lab1:6385/v1
  lab2:
    auth: {auth_url: 'http://lab2:5000/v3', token: tok2}
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def test_defaults_with_explicit_password(clean_os_env):
    options = resolve({'auth_url': 'http://h:5000', 'username': 'admin', 'password': 'pw'}, {})
    assert options['auth_method'] == 'password'
    assert options['interface'] == 'public'
    assert options['validate_certs'] is True
    assert options['api_timeout'] == 60
    assert options['endpoint_override'] == {}


def test_awx_devstack_cloud_via_os_client_config_file(tmp_path):
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'awx' / 'clouds.yaml', AWX_CLOUDS)}
    options = resolve({'cloud': 'devstack'}, env)
    assert options['auth_url'] == 'https://10.10.10.2:5000'
    assert (options['username'], options['password'], options['project_name']) == ('admin', 'S3cret-AWX', 'admin')
    # domain_name is both domains unless a specific one is given
    assert options['user_domain_name'] == 'UserDom'
    assert options['project_domain_name'] == 'ProjectDom'
    assert options['validate_certs'] is False
    assert options['region_name'] == 'RegionOne'
    assert options['auth_method'] == 'password'


def test_awx_single_cloud_is_used_without_a_cloud_name(tmp_path):
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', AWX_CLOUDS)}
    assert resolve({}, env)['password'] == 'S3cret-AWX'
    # an explicit auth_url means the user did not want the file
    assert 'password' not in resolve({'auth_url': 'http://other:5000'}, env)


def test_domain_name_alone_sets_both_domains(tmp_path):
    text = 'clouds:\n  c:\n    auth: {auth_url: "http://h", username: u, password: p, domain_name: D}\n'
    options = resolve({'cloud': 'c'}, {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', text)})
    assert options['user_domain_name'] == 'D' and options['project_domain_name'] == 'D'


def test_os_cloud_selects_the_cloud_and_other_keys(tmp_path):
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', TWO_CLOUDS), 'OS_CLOUD': 'lab1',
           'HOME': str(tmp_path)}
    options = resolve({}, env)
    assert options['auth_url'] == 'http://lab1:5000/v3'
    assert options['region_name'] == 'R1'
    assert options['interface'] == 'internal'
    assert options['api_timeout'] == 30.0
    assert options['ca_cert'] == os.path.expanduser('~/ca.pem')
    assert options['endpoint_override'] == {'platform': 'http://lab1:6385/v1'}


def test_token_cloud(tmp_path):
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', TWO_CLOUDS)}
    options = resolve({'cloud': 'lab2'}, env)
    assert options['auth_method'] == 'token' and options['auth_token'] == 'tok2'


def test_unknown_cloud_names_the_clouds(tmp_path):
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', TWO_CLOUDS)}
    with pytest.raises(StarlingXError) as err:
        resolve({'cloud': 'nope'}, env)
    assert "cloud 'nope' not found" in err.value.msg and 'lab1, lab2' in err.value.msg


def test_missing_os_client_config_file(tmp_path):
    with pytest.raises(StarlingXError, match='does not exist'):
        resolve({'cloud': 'x'}, {'OS_CLIENT_CONFIG_FILE': str(tmp_path / 'missing.yaml')})


def test_no_clouds_yaml_anywhere(clean_os_env):
    with pytest.raises(StarlingXError, match='no clouds.yaml was found'):
        if os.path.exists('/etc/openstack/clouds.yaml'):
            pytest.skip('/etc/openstack/clouds.yaml exists on this machine')
        resolve({'cloud': 'x'}, {})


def test_search_order_cwd_then_home(clean_os_env, tmp_path):
    home = tmp_path / 'home'
    write(home / '.config' / 'openstack' / 'clouds.yaml', TWO_CLOUDS)
    assert resolve({'cloud': 'lab1'}, {})['username'] == 'u1'
    write(tmp_path / 'clouds.yaml', 'clouds:\n  lab1:\n    auth: {auth_url: "http://cwd", username: cwd, password: p}\n')
    assert resolve({'cloud': 'lab1'}, {})['username'] == 'cwd'


def test_parameters_override_the_cloud(tmp_path):
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', AWX_CLOUDS)}
    options = resolve({'cloud': 'devstack', 'region_name': 'subcloud1', 'validate_certs': True,
                       'password': 'param-pw'}, env)
    assert options['region_name'] == 'subcloud1'
    assert options['validate_certs'] is True
    assert options['password'] == 'param-pw'
    assert options['username'] == 'admin'


def test_environment_fallbacks():
    env = {'OS_AUTH_URL': 'http://e:5000/v3', 'OS_USERNAME': 'eu', 'OS_PASSWORD': 'ep', 'OS_PROJECT_NAME': 'ep1',
           'OS_USER_DOMAIN_NAME': 'UD', 'OS_PROJECT_DOMAIN_NAME': 'PD', 'OS_REGION_NAME': 'ER',
           'OS_ENDPOINT_TYPE': 'internalURL', 'OS_CACERT': '/etc/ssl/ca.pem'}
    options = resolve({}, env)
    assert (options['auth_url'], options['username'], options['password']) == ('http://e:5000/v3', 'eu', 'ep')
    assert (options['project_name'], options['user_domain_name'], options['project_domain_name']) == ('ep1', 'UD', 'PD')
    assert options['region_name'] == 'ER'
    assert options['interface'] == 'internal'
    assert options['ca_cert'] == '/etc/ssl/ca.pem'


def test_os_interface_wins_over_os_endpoint_type():
    assert resolve({}, {'OS_INTERFACE': 'admin', 'OS_ENDPOINT_TYPE': 'publicURL'})['interface'] == 'admin'
    assert resolve({}, {'OS_ENDPOINT_TYPE': 'publicURL'})['interface'] == 'public'


def test_bad_interface_is_rejected():
    with pytest.raises(StarlingXError, match='interface must be one of'):
        resolve({}, {'OS_INTERFACE': 'private'})


def test_environment_token():
    options = resolve({'auth_url': 'http://h'}, {'OS_AUTH_TOKEN': 'envtok'})
    assert options['auth_method'] == 'token' and options['auth_token'] == 'envtok'


def test_credentials_come_from_one_layer():
    # a password given as a parameter is not overridden by a token in the environment
    options = resolve({'username': 'admin', 'password': 'pw'}, {'OS_AUTH_TOKEN': 'envtok', 'OS_AUTH_URL': 'http://h'})
    assert options['auth_method'] == 'password' and 'auth_token' not in options
    # and a token parameter is not mixed with an environment password
    options = resolve({'auth_token': 'tok'}, {'OS_USERNAME': 'u', 'OS_PASSWORD': 'envpw'})
    assert options['auth_method'] == 'token' and 'password' not in options


def test_application_credential_drops_project_scope():
    options = resolve({'application_credential_id': 'id', 'application_credential_secret': 's'},
                      {'OS_PROJECT_NAME': 'admin', 'OS_PASSWORD': 'pw', 'OS_AUTH_URL': 'http://h'})
    assert options['auth_method'] == 'application_credential'
    assert 'project_name' not in options and 'password' not in options


def test_endpoint_override_aliases_and_merge(tmp_path):
    options = resolve({'endpoint_override': {'sysinv': 'http://a/v1', 'vim': 'http://b'}},
                      {})
    assert options['endpoint_override'] == {'platform': 'http://a/v1', 'nfv': 'http://b'}
    with pytest.raises(StarlingXError):
        resolve({'endpoint_override': 'http://x'}, {})


def test_yaml_is_not_imported_without_cloud(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def guarded(name, *args, **kwargs):
        if name == 'yaml':
            raise AssertionError('yaml imported')
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, '__import__', guarded)
    assert resolve({'auth_url': 'http://h', 'username': 'u', 'password': 'p'}, {})['username'] == 'u'


def test_missing_pyyaml_gives_a_clear_message(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_yaml(name, *args, **kwargs):
        if name == 'yaml':
            raise ImportError('No module named yaml')
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, '__import__', no_yaml)
    env = {'OS_CLIENT_CONFIG_FILE': write(tmp_path / 'c.yaml', AWX_CLOUDS)}
    with pytest.raises(StarlingXError, match='PyYAML is required'):
        resolve({'cloud': 'devstack'}, env)
