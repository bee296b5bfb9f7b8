# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""bootstrap_config: validation before any write, files and modes, secrets apart, check mode, diff, idempotence."""

import json
import os
import stat

import pytest
import yaml

from ansible_collections.starlingx.platform.plugins.modules import bootstrap_config

PASSWORD = 'Adm1n-Pa55word*'
REGISTRY_PASSWORD = 'R3gistry-Pa55'
OVERRIDES = {
    'system_mode': 'duplex',
    'timezone': 'Europe/Paris',
    'dns_servers': ['10.20.0.10', '10.20.0.11'],
    'external_oam_subnet': '10.20.1.0/24',
    'external_oam_gateway_address': '10.20.1.1',
    'external_oam_floating_address': '10.20.1.10',
    'management_subnet': '192.168.204.0/24,fd01::/64',
    'admin_password': PASSWORD,
    'docker_registries': {'defaults': {'url': 'registry.example.com:5000', 'username': 'stx',
                                       'password': REGISTRY_PASSWORD}},
    'applications': [{'/home/sysadmin/apps/demo-1.0-1.tgz': None}],
}


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / 'home'
    home.mkdir()
    monkeypatch.setenv('HOME', str(home))
    monkeypatch.setattr(bootstrap_config, 'PLATFORM_CONF', str(tmp_path / 'no-platform.conf'))
    return home


@pytest.fixture
def run(run_module, home, tmp_path, monkeypatch):
    # ansible-core 2.19+: once controller code has been imported in this process (other tests do), module warnings
    # go to the controller's display instead of the result; a module process is never the controller.
    try:
        from ansible.module_utils import _internal
    except ImportError:  # ansible-core < 2.19
        _internal = None
    if _internal is not None:
        monkeypatch.setattr(_internal, 'is_controller', False, raising=False)

    def _run(overrides=None, check_mode=False, diff=False, **params):
        args = dict(overrides=OVERRIDES if overrides is None else overrides,
                    password_rules_file=str(tmp_path / 'no-rules.conf'))
        args.update(params)
        return run_module(bootstrap_config.main, args, check_mode=check_mode, diff=diff)
    return _run


def _mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def _warnings(result):
    """Warning texts (ansible-core 2.19+ sends them as structured events, the controller turns them into text)."""
    return [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings', [])]


def _load(path):
    return yaml.safe_load(path.read_text())


def test_writes_the_overrides_with_mode_0600(run, home):
    failed, result = run()
    assert not failed, result
    dest = home / 'localhost.yml'
    assert result['changed'] is True
    assert result['dest'] == str(dest)
    assert result['secrets_dest'] is None
    assert _load(dest) == OVERRIDES
    assert _mode(dest) == 0o600
    text = dest.read_text()
    assert text.startswith('---\n# StarlingX bootstrap overrides, written by starlingx.platform.bootstrap_config.')
    assert text.index('system_mode:') < text.index('management_subnet:') < text.index('admin_password:')
    assert 'derived' not in text and 'management_start_address' not in text


def test_returns_effective_overrides_masked_and_networks(run):
    failed, result = run(validate_only=True)
    assert not failed
    effective = result['overrides']
    assert effective['admin_password'] == '********'
    assert effective['docker_registries']['defaults']['password'] == '********'
    assert effective['management_start_address'] == '192.168.204.1,fd01::1'
    assert effective['external_oam_node_1_address'] == '10.20.1.12'
    assert effective['cluster_pod_subnet'] == '172.16.0.0/16'
    assert result['networks']['oam'][0]['controller0'] == '10.20.1.11'
    assert result['system_type'] == 'All-in-one'
    assert result['errors'] == []


def test_secrets_never_reach_the_output(run):
    results = [run(diff=True, secrets_dest='~/secrets.yml'), run(diff=True, check_mode=True),
               run(overrides=dict(OVERRIDES, admin_password=PASSWORD + "'"))]
    assert [failed for failed, result in results] == [False, False, True]
    for failed, result in results:
        out = json.dumps(result)
        assert 'invocation' in result
        assert PASSWORD not in out and REGISTRY_PASSWORD not in out


def test_secrets_are_not_logged_on_the_target(run, monkeypatch):
    from ansible.module_utils import basic
    logged = []
    monkeypatch.setattr(basic, 'has_journal', False)
    monkeypatch.setattr(basic.AnsibleModule, '_log_to_syslog', lambda self, msg: logged.append(msg))
    failed, result = run()
    assert not failed
    assert all(PASSWORD not in msg and REGISTRY_PASSWORD not in msg for msg in logged)


def test_validate_only_writes_nothing(run, home):
    failed, result = run(validate_only=True)
    assert not failed and result['changed'] is False
    assert list(home.iterdir()) == []


def test_secrets_are_kept_apart(run, home):
    failed, result = run(secrets_dest='~/secrets.yml')
    assert not failed, result
    dest, secrets = home / 'localhost.yml', home / 'secrets.yml'
    assert result['secrets_dest'] == str(secrets)
    assert _mode(dest) == 0o600 and _mode(secrets) == 0o600
    public, private = _load(dest), _load(secrets)
    assert sorted(private) == ['admin_password', 'docker_registries']
    assert private['admin_password'] == PASSWORD
    assert private['docker_registries'] == OVERRIDES['docker_registries']
    assert 'admin_password' not in public and 'docker_registries' not in public
    assert dict(public, **private) == OVERRIDES
    assert PASSWORD not in dest.read_text() and REGISTRY_PASSWORD not in dest.read_text()
    assert str(secrets) in dest.read_text()


def test_registries_without_passwords_stay_in_the_main_file(run, home):
    overrides = dict(OVERRIDES, docker_registries={'docker.io': {'url': 'registry.example.com'}})
    failed, result = run(overrides=overrides, secrets_dest=str(home / 'secrets.yml'))
    assert not failed
    assert _load(home / 'secrets.yml') == {'admin_password': PASSWORD}
    assert _load(home / 'localhost.yml')['docker_registries'] == {'docker.io': {'url': 'registry.example.com'}}


def test_check_mode_writes_nothing_and_reports_the_change(run, home):
    failed, result = run(check_mode=True, diff=True, secrets_dest='~/secrets.yml')
    assert not failed
    assert result['changed'] is True
    assert list(home.iterdir()) == []
    assert [d['after_header'] for d in result['diff']] == [str(home / 'localhost.yml'), str(home / 'secrets.yml')]
    assert result['diff'][0]['before'] == ''
    assert 'system_mode: duplex' in result['diff'][0]['after']


def test_second_run_is_unchanged(run, home):
    assert run(secrets_dest='~/secrets.yml')[1]['changed'] is True
    before = (home / 'localhost.yml').stat().st_mtime_ns
    failed, result = run(secrets_dest='~/secrets.yml')
    assert not failed and result['changed'] is False
    assert (home / 'localhost.yml').stat().st_mtime_ns == before
    failed, result = run(check_mode=True, secrets_dest='~/secrets.yml')
    assert result['changed'] is False


def test_a_changed_value_is_rewritten_and_shown_in_the_diff(run, home):
    run()
    failed, result = run(overrides=dict(OVERRIDES, timezone='UTC'), diff=True)
    assert not failed and result['changed'] is True
    assert 'timezone: Europe/Paris' in result['diff']['before']
    assert 'timezone: UTC' in result['diff']['after']
    assert _load(home / 'localhost.yml')['timezone'] == 'UTC'


def test_diff_masks_secrets_before_and_after(run, home):
    dest = home / 'localhost.yml'
    dest.write_text('admin_password: Old-Pa55word*\ndocker_registries:\n  docker.io: {url: r.io, username: u, '
                    'password: 0ld-Registry}\nansible_become_pass: |\n  multi\n  line\n')
    failed, result = run(diff=True, check_mode=True)
    assert not failed
    diff = result['diff']
    for text in (diff['before'], diff['after']):
        for secret in ('Old-Pa55word*', '0ld-Registry', 'multi', PASSWORD, REGISTRY_PASSWORD):
            assert secret not in text
    assert 'admin_password: ********' in diff['before'] and 'admin_password: ********' in diff['after']
    assert 'url: r.io' in diff['before']


def test_mode_is_corrected_without_rewriting(run, home):
    run()
    dest = home / 'localhost.yml'
    content = dest.read_text()
    os.chmod(str(dest), 0o644)
    failed, result = run()
    assert not failed and result['changed'] is True
    assert _mode(dest) == 0o600 and dest.read_text() == content
    assert run()[1]['changed'] is False


def test_invalid_overrides_fail_before_anything_is_written(run, home):
    dest = home / 'localhost.yml'
    dest.write_text('system_mode: simplex\n')
    os.chmod(str(dest), 0o600)
    overrides = dict(OVERRIDES, system_mode='triplex', management_start_address='192.168.205.2,fd01::2',
                     admin_password='weak')
    failed, result = run(overrides=overrides, secrets_dest='~/secrets.yml')
    assert failed
    assert len(result['errors']) == 3
    assert result['msg'].startswith('3 invalid bootstrap overrides, nothing written: ')
    assert any(e.startswith("system_mode 'triplex': Invalid system mode") for e in result['errors'])
    assert any(e.startswith("admin_password '********': ADMIN_PASSWORD") for e in result['errors'])
    assert dest.read_text() == 'system_mode: simplex\n'
    assert not (home / 'secrets.yml').exists()


def test_backup_keeps_the_previous_file_private(run, home):
    run()
    failed, result = run(overrides=dict(OVERRIDES, timezone='UTC'), backup=True)
    assert not failed
    backup = result['backup_file']
    assert os.path.exists(backup) and _mode(backup) == 0o600
    assert yaml.safe_load(open(backup).read())['timezone'] == 'Europe/Paris'


def test_secrets_dest_must_differ_from_dest(run, home):
    failed, result = run(secrets_dest=str(home / 'localhost.yml'))
    assert failed and 'must differ from dest' in result['msg']


def test_the_target_password_rules_apply(run, tmp_path):
    rules_file = tmp_path / 'password-rules.conf'
    rules_file.write_text('[security_compliance]\npassword_regex = "^.{20,}$"\n'
                          'password_regex_description = Password must have at least 20 characters\n')
    failed, result = run(password_rules_file=str(rules_file))
    assert failed
    assert result['errors'] == ["admin_password '********': ADMIN_PASSWORD: Password must have at least 20 "
                                "characters, excluding ' (single quote) and \" (double quote)"]
    rules_file.write_text('[security_compliance]\nunique_last_password_count = 2\n')
    failed, result = run(password_rules_file=str(rules_file))
    assert failed and 'Required option password_regex not found' in result['msg']


def test_system_type_is_read_from_platform_conf(run, tmp_path, monkeypatch):
    conf = tmp_path / 'platform.conf'
    conf.write_text('nodetype=controller\nsystem_type=Standard\n')
    monkeypatch.setattr(bootstrap_config, 'PLATFORM_CONF', str(conf))
    failed, result = run(overrides=dict(OVERRIDES, system_mode='simplex'), validate_only=True)
    assert not failed
    assert result['system_type'] == 'Standard'
    assert result['overrides']['system_mode'] == 'duplex'
    assert any('system mode will be set to duplex' in w for w in _warnings(result))
    failed, result = run(overrides=dict(OVERRIDES, system_mode='simplex'), validate_only=True,
                         system_type='All-in-one')
    assert result['overrides']['system_mode'] == 'simplex'


def test_unknown_keys_are_written_with_a_warning(run, home):
    failed, result = run(overrides=dict(OVERRIDES, site_note='lab 3'))
    assert not failed
    assert any(w.startswith('site_note is not a key the bootstrap playbook reads') for w in _warnings(result))
    assert _load(home / 'localhost.yml')['site_note'] == 'lab 3'


def test_missing_directory_fails(run, home):
    failed, result = run(dest=str(home / 'missing' / 'localhost.yml'))
    assert failed and 'does not exist' in result['msg']
