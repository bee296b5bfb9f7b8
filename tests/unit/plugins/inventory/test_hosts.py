# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import importlib
import json
import os

import pytest
import yaml

from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD

NAME = 'starlingx.platform.hosts'

# The inventory plugin is controller code: importing it (ansible.utils.display) switches ansible-core >= 2.19 to the
# controller's traceback policy for the whole process, which the module tests do not expect. So it is imported
# only inside these tests, and the module-side policy is put back after each one.
try:
    from ansible.module_utils._internal import _traceback
except ImportError:  # ansible-core < 2.19
    _traceback = None


@pytest.fixture(autouse=True)
def _keep_module_traceback_policy():
    saved = _traceback._is_traceback_enabled if _traceback else None
    yield
    if _traceback:
        _traceback._is_traceback_enabled = saved


@pytest.fixture
def hosts():
    return importlib.import_module('ansible_collections.starlingx.platform.plugins.inventory.hosts')


def _register_options(hosts):
    """What the plugin loader does when it loads the plugin: register its documented options."""
    from ansible import constants as C
    from ansible.plugins.loader import fragment_loader
    from ansible.utils.plugin_docs import get_docstring
    doc = get_docstring(hosts.__file__, fragment_loader, plugin_type='inventory')[0]
    C.config.initialize_plugin_configuration_definitions('inventory', NAME, doc['options'])


def standard_hosts():
    def host(ident, name, personality, admin='unlocked', oper='enabled', avail='available', mgmt=None):
        return {'id': ident, 'uuid': 'c0c0c0c0-0000-4000-8000-00000000000%d' % ident, 'hostname': name,
                'personality': personality, 'subfunctions': personality, 'administrative': admin,
                'operational': oper, 'availability': avail, 'task': '', 'invprovision': 'provisioned',
                'mgmt_mac': '08:00:27:00:00:0%d' % ident, 'mgmt_ip': mgmt, 'bm_ip': None, 'bm_type': 'none',
                'capabilities': {}, 'sw_version': '25.09', 'config_status': None,
                'vim_progress_status': 'services-enabled', 'install_state': None, 'reboot_needed': False,
                'uptime': 1234, 'bm_password': None}
    return [
        host(1, 'controller-0', 'controller', mgmt='192.168.204.2'),
        host(2, 'controller-1', 'controller', mgmt='192.168.204.3'),
        host(3, 'worker-0', 'worker', admin='locked', oper='disabled', avail='online', mgmt='192.168.204.50'),
        host(4, 'storage-0', 'storage', admin='locked', oper='disabled', avail='power-off', mgmt='192.168.204.60'),
        host(5, None, None, admin='locked', oper='disabled', avail='offline'),  # PXE-discovered, no hostname yet
    ]


@pytest.fixture
def standard(fake_cloud):
    fake_cloud.hosts = standard_hosts()
    fake_cloud.system.update(system_mode='duplex', system_type='Standard')
    fake_cloud.oam.update(oam_c0_ip='10.10.10.3', oam_c1_ip='10.10.10.4')
    return fake_cloud


@pytest.fixture
def parse(tmp_path, hosts):
    from ansible.inventory.data import InventoryData
    from ansible.parsing.dataloader import DataLoader
    _register_options(hosts)

    def _parse(config, cache=False, name='inv.starlingx.yml'):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(dict({'plugin': NAME}, **config)))
        inventory = InventoryData()
        plugin = hosts.InventoryModule()
        plugin._load_name = plugin.ansible_name = NAME
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        try:
            plugin.update_cache_if_changed()  # as InventoryManager does after parse()
        except AttributeError:
            pass  # no cache configured
        return inventory, plugin

    return _parse


def creds(cloud, **extra):
    return dict({'auth_url': cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}, **extra)


def members(inventory, group):
    return sorted(h.name for h in inventory.groups[group].get_hosts()) if group in inventory.groups else []


def hostvars(inventory, name):
    return inventory.get_host(name).get_vars()


def test_groups_by_personality_and_state(parse, standard):
    inventory, _plugin = parse(creds(standard))
    assert sorted(inventory.hosts) == ['controller-0', 'controller-1', 'storage-0', 'worker-0']
    assert members(inventory, 'controller') == ['controller-0', 'controller-1']
    assert members(inventory, 'worker') == ['worker-0']
    assert members(inventory, 'storage') == ['storage-0']
    assert members(inventory, 'unlocked') == ['controller-0', 'controller-1']
    assert members(inventory, 'locked') == ['storage-0', 'worker-0']
    assert members(inventory, 'enabled') == ['controller-0', 'controller-1']
    assert members(inventory, 'disabled') == ['storage-0', 'worker-0']
    assert members(inventory, 'available') == ['controller-0', 'controller-1']
    assert members(inventory, 'online') == ['worker-0']
    assert members(inventory, 'power_off') == ['storage-0']  # sanitized
    assert 'power-off' not in inventory.groups and 'offline' not in inventory.groups


def test_host_vars_with_mgmt_and_oam_addresses(parse, standard):
    inventory, _plugin = parse(creds(standard))
    c1 = hostvars(inventory, 'controller-1')
    assert c1['stx_mgmt_ip'] == '192.168.204.3'
    assert c1['stx_oam_ip'] == '10.10.10.4'
    assert c1['stx_oam_floating_ip'] == '10.10.10.2'
    assert (c1['stx_oam_c0_ip'], c1['stx_oam_c1_ip']) == ('10.10.10.3', '10.10.10.4')
    assert c1['stx_oam_subnet'] == '10.10.10.0/24' and c1['stx_oam_gateway_ip'] == '10.10.10.1'
    assert c1['ansible_host'] == '10.10.10.4'
    assert c1['stx_system_mode'] == 'duplex' and c1['stx_system_name'] == 'stx-unit'
    assert c1['stx_region_name'] == standard.system['region_name']
    assert (c1['stx_personality'], c1['stx_administrative'], c1['stx_availability']) == (
        'controller', 'unlocked', 'available')
    assert hostvars(inventory, 'controller-0')['stx_oam_ip'] == '10.10.10.3'
    w0 = hostvars(inventory, 'worker-0')
    assert 'stx_oam_ip' not in w0
    assert w0['ansible_host'] == '192.168.204.50'  # no OAM address: management
    assert 'stx_uptime' not in w0 and 'stx_bm_password' not in w0


def test_simplex_controller_uses_the_oam_floating_address(parse, fake_cloud):
    fake_cloud.hosts = standard_hosts()[:1]
    inventory, _plugin = parse(creds(fake_cloud))
    c0 = hostvars(inventory, 'controller-0')
    assert c0['stx_oam_ip'] == '10.10.10.2' and c0['ansible_host'] == '10.10.10.2'


def test_prefix_and_ansible_host_source(parse, standard):
    inventory, _plugin = parse(creds(standard, vars_prefix='sysinv_', ansible_host_source='mgmt'))
    c0 = hostvars(inventory, 'controller-0')
    assert c0['sysinv_mgmt_ip'] == '192.168.204.2' and 'stx_mgmt_ip' not in c0
    assert c0['ansible_host'] == '192.168.204.2'
    inventory, _plugin = parse(creds(standard, ansible_host_source='none'))
    assert 'ansible_host' not in hostvars(inventory, 'controller-0')


def test_constructed_compose_groups_keyed_groups(parse, standard):
    inventory, _plugin = parse(creds(standard, compose={'ansible_user': "'sysadmin'", 'rack': 'stx_id * 10'},
                                     groups={'needs_unlock': "stx_administrative == 'locked'"},
                                     keyed_groups=[{'key': 'stx_availability', 'prefix': 'avail'}]))
    assert hostvars(inventory, 'worker-0')['ansible_user'] == 'sysadmin'
    assert hostvars(inventory, 'worker-0')['rack'] == 30
    assert members(inventory, 'needs_unlock') == ['storage-0', 'worker-0']
    assert members(inventory, 'avail_online') == ['worker-0']


def test_auth_from_os_environment(parse, standard, monkeypatch):
    monkeypatch.setenv('OS_AUTH_URL', standard.auth_url)
    monkeypatch.setenv('OS_USERNAME', 'admin')
    monkeypatch.setenv('OS_PASSWORD', ADMIN_PASSWORD)
    monkeypatch.setenv('OS_PROJECT_NAME', 'admin')
    monkeypatch.setenv('OS_REGION_NAME', standard.main_region)
    inventory, _plugin = parse({})
    assert members(inventory, 'controller') == ['controller-0', 'controller-1']


def test_auth_from_clouds_yaml_ranks_above_the_environment(parse, standard, monkeypatch, tmp_path):
    clouds = tmp_path / 'clouds.yaml'
    clouds.write_text(yaml.safe_dump({'clouds': {'devstack': {
        'auth': {'auth_url': standard.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD,
                 'project_name': 'admin', 'domain_name': 'Default'}, 'verify': False}}}))
    monkeypatch.setenv('OS_CLIENT_CONFIG_FILE', str(clouds))
    monkeypatch.setenv('OS_PASSWORD', 'wrong')  # a module would use the cloud's password: so does the plugin
    inventory, _plugin = parse({'cloud': 'devstack'})
    assert 'controller-0' in inventory.hosts
    # AWX: only OS_CLIENT_CONFIG_FILE, one cloud in it
    monkeypatch.delenv('OS_PASSWORD')
    inventory, _plugin = parse({})
    assert 'controller-1' in inventory.hosts


def test_options_in_the_file_rank_above_the_environment(parse, standard, monkeypatch):
    monkeypatch.setenv('OS_AUTH_URL', 'http://127.0.0.1:9/v3')  # nothing listens there
    monkeypatch.setenv('OS_PASSWORD', 'wrong')
    inventory, _plugin = parse(creds(standard))
    assert 'worker-0' in inventory.hosts


def test_wrong_password_fails_with_keystone_message(parse, standard):
    from ansible.errors import AnsibleParserError
    with pytest.raises(AnsibleParserError) as failure:
        parse(creds(standard, password='wrong'))
    message = str(failure.value)
    assert NAME in message and 'requires authentication' in message
    assert 'wrong' not in message


def test_server_error_carries_the_faultstring(parse, standard):
    standard.sysinv.fail('GET', '/v1/ihosts', 500, times=5, body={'error_message': json.dumps(
        {'faultcode': 'Server', 'faultstring': 'Database is unavailable', 'debuginfo': None})})
    from ansible.errors import AnsibleParserError
    with pytest.raises(AnsibleParserError) as failure:
        parse(creds(standard))
    assert 'Database is unavailable' in str(failure.value) and 'HTTP 500' in str(failure.value)


def test_reads_only(parse, standard):
    parse(creds(standard))
    assert {r.method for r in standard.sysinv.requests} == {'GET'}
    assert sorted({r.path for r in standard.sysinv.requests}) == ['/v1/iextoam', '/v1/ihosts', '/v1/isystems']


def test_cache_is_used_and_holds_no_secret(parse, standard, tmp_path):
    cache_dir = tmp_path / 'cache'
    config = creds(standard, cache=True, cache_plugin='jsonfile', cache_connection=str(cache_dir))
    parse(config, cache=False)  # refresh: read sysinv, write the cache
    files = os.listdir(str(cache_dir))
    assert len(files) == 1
    content = (cache_dir / files[0]).read_text()
    assert ADMIN_PASSWORD not in content and 'controller-1' in content
    reads = len(standard.all_requests())
    standard.sysinv.fail('GET', '/v1/ihosts', 500, times=10)
    inventory, _plugin = parse(config, cache=True)
    assert members(inventory, 'controller') == ['controller-0', 'controller-1']
    assert len(standard.all_requests()) == reads  # nothing sent: served from the cache


def test_verify_file(tmp_path, hosts):
    plugin = hosts.InventoryModule()
    for name, expected in (('inv.starlingx.yml', True), ('starlingx.yaml', True), ('inv.yml', False),
                           ('hosts.ini', False)):
        path = tmp_path / name
        path.write_text('plugin: %s\n' % NAME)
        assert plugin.verify_file(str(path)) is expected, name


@pytest.mark.parametrize('value, expected', [
    ('power-off', 'power_off'), ('controller', 'controller'), ('in test', 'in_test'), ('1x', '_1x')])
def test_group_name(hosts, value, expected):
    assert hosts.group_name(value) == expected
