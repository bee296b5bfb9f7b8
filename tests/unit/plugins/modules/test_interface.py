# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

import pytest

from ansible_collections.starlingx.platform.plugins.modules import interface as interface_module
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import FakeInventory


@pytest.fixture
def inv(fake_cloud):
    inv = FakeInventory.duplex(fake_cloud)
    inv.host('controller-1').update(administrative='locked', operational='disabled', availability='online')
    return inv


def run(run_module, inv, check_mode=False, diff=False, **params):
    args = {'auth_url': inv.cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    args.update(params)
    return run_module(interface_module.main, args, check_mode=check_mode, diff=diff)


def patches(inv, iface):
    return [r.json for r in inv.cloud.sysinv.requests if r.method == 'PATCH' and
            r.path == '/v1/iinterfaces/%s' % iface['uuid']]


# -- ethernet -----------------------------------------------------------------------------------------------------

def test_renames_a_port_interface_and_sets_its_class(run_module, inv):
    iface = inv.interface('controller-1', 'enp0s9')
    failed, result = run(run_module, inv, diff=True, host='controller-1', name='data0', iftype='ethernet',
                         ports=['enp0s9'], ifclass='platform', mtu=9000)
    assert not failed, result
    assert result['changed'] is True
    assert patches(inv, iface) == [[{'op': 'replace', 'path': '/ifname', 'value': 'data0'},
                                    {'op': 'replace', 'path': '/ifclass', 'value': 'platform'},
                                    {'op': 'replace', 'path': '/imtu', 'value': '9000'}]]
    assert result['interface']['ifname'] == 'data0' and result['interface']['ports'] == ['enp0s9']
    assert result['interface']['imtu'] == 9000 and 'links' not in result['interface']
    assert result['diff'] == {
        'before': {'name': 'enp0s9', 'iftype': 'ethernet', 'ifclass': 'none', 'mtu': 1500, 'ports': ['enp0s9'],
                   'lower': None, 'uses': None, 'vlan_id': None, 'aemode': None, 'txhashpolicy': None,
                   'max_tx_rate': None, 'max_rx_rate': None, 'ipv4_mode': None, 'ipv4_pool': None,
                   'ipv6_mode': None, 'ipv6_pool': None},
        'after': {'name': 'data0', 'iftype': 'ethernet', 'ifclass': 'platform', 'mtu': 9000, 'ports': ['enp0s9'],
                  'lower': None, 'uses': None, 'vlan_id': None, 'aemode': None, 'txhashpolicy': None,
                  'max_tx_rate': None, 'max_rx_rate': None, 'ipv4_mode': None, 'ipv4_pool': None,
                  'ipv6_mode': None, 'ipv6_pool': None}}

    failed, again = run(run_module, inv, host='controller-1', name='data0', iftype='ethernet', ports=['enp0s9'],
                        ifclass='platform', mtu=9000)
    assert not failed and again['changed'] is False
    assert len(inv.writes()) == 1


def test_check_mode_sends_no_write(run_module, inv):
    failed, result = run(run_module, inv, check_mode=True, diff=True, host='controller-1', name='data0',
                         ports=['enp0s9'], ifclass='platform')
    assert not failed and result['changed'] is True
    assert result['interface']['ifname'] == 'enp0s9'
    assert result['diff']['after']['name'] == 'data0'
    assert inv.writes() == []


def test_the_interface_of_another_port_is_refused(run_module, inv):
    failed, result = run(run_module, inv, host='controller-1', name='enp0s3', ports=['enp0s9'])
    assert failed and result['msg'] == ('interface enp0s3 of host controller-1 is not on port enp0s9 (the port '
                                        'carries enp0s9)')
    failed, result = run(run_module, inv, host='controller-1', name='x0', ports=['eth7'])
    assert failed and result['msg'] == 'host controller-1 has no port eth7 (ports: enp0s3, enp0s8, enp0s9)'
    assert inv.writes() == []


def test_ethernet_interfaces_are_neither_created_nor_deleted(run_module, inv):
    failed, result = run(run_module, inv, host='controller-1', name='eth9', iftype='ethernet')
    assert failed and 'sysinv creates the ethernet interfaces, one per port' in result['msg']
    failed, result = run(run_module, inv, host='controller-1', name='enp0s9', state='absent')
    assert failed and 'is the ethernet interface of a port: sysinv never deletes those' in result['msg']
    assert inv.writes() == []


def test_changes_need_a_locked_host(run_module, inv):
    failed, result = run(run_module, inv, host='controller-0', name='enp0s9', ifclass='platform', mtu=1400)
    assert failed
    assert result['msg'] == ('host controller-0 is unlocked: sysinv can change ifclass, mtu of interface enp0s9 '
                             'only on a locked host (lock it first)')
    assert inv.writes() == []


def test_iftype_can_not_change(run_module, inv):
    failed, result = run(run_module, inv, host='controller-1', name='enp0s9', iftype='ae', uses=['enp0s3'])
    assert failed and 'is of type ethernet, not ae' in result['msg']


# -- rate limits --------------------------------------------------------------------------------------------------

def test_rate_limits_alone_change_an_unlocked_host(run_module, inv):
    iface = inv.interface('controller-0', 'enp0s3')  # platform, oam
    failed, result = run(run_module, inv, host='controller-0', name='enp0s3', max_tx_rate=1000, max_rx_rate=500)
    assert not failed, result
    assert patches(inv, iface) == [[{'op': 'replace', 'path': '/max_tx_rate', 'value': '1000'},
                                    {'op': 'replace', 'path': '/max_rx_rate', 'value': '500'}]]
    assert (result['interface']['max_tx_rate'], result['interface']['max_rx_rate']) == (1000, 500)
    failed, again = run(run_module, inv, host='controller-0', name='enp0s3', max_tx_rate=1000, max_rx_rate=500)
    assert not failed and again['changed'] is False


@pytest.mark.parametrize('host, name, params, message', [
    ('controller-1', 'enp0s9', {'max_tx_rate': 100}, 'rate limits apply only to platform interfaces of type '
                                                     'ethernet, ae or vlan (interface enp0s9 is ethernet, class none)'),
    ('controller-0', 'enp0s8', {'max_rx_rate': 100}, 'rate limits are not allowed on an interface carrying internal '
                                                     'networks (cluster-host)'),
    ('controller-1', 'enp0s3', {'max_tx_rate': -1}, 'a rate limit is an integer of Mbit/s, 0 or more'),
    ('controller-1', 'enp0s3', {'max_tx_rate': 10, 'ifclass': 'data'}, 'rate limits apply only to platform'),
])
def test_rate_limit_rules_are_checked_before_any_write(run_module, inv, host, name, params, message):
    failed, result = run(run_module, inv, host=host, name=name, **params)
    assert failed and message in result['msg']
    assert inv.writes() == []


def test_rate_limit_on_mgmt_needs_a_distributed_cloud(run_module, inv, fake_cloud):
    inv.links[:] = [x for x in inv.links if inv.network('cluster-host')['uuid'] != x['network_uuid']]
    failed, result = run(run_module, inv, host='controller-1', name='enp0s8', max_tx_rate=100)
    assert failed and result['msg'] == ('max_tx_rate=100: a rate limit on the mgmt interface needs a distributed '
                                        'cloud system')
    fake_cloud.system['distributed_cloud_role'] = 'subcloud'
    failed, result = run(run_module, inv, host='controller-1', name='enp0s8', max_tx_rate=100)
    assert not failed and result['interface']['max_tx_rate'] == 100


# -- vlan and ae --------------------------------------------------------------------------------------------------

def test_creates_a_vlan_then_changes_and_deletes_it(run_module, inv):
    failed, result = run(run_module, inv, host='controller-1', name='vlan100', iftype='vlan', lower='enp0s8',
                         vlan_id=100, ifclass='platform', mtu=1400)
    assert not failed, result
    posted = [r.json for r in inv.cloud.sysinv.requests if r.method == 'POST']
    assert posted == [{'ihost_uuid': inv.host('controller-1')['uuid'], 'ifname': 'vlan100', 'iftype': 'vlan',
                       'uses': ['enp0s8'], 'ifclass': 'platform', 'imtu': '1400', 'vlan_id': '100'}]
    assert result['interface']['uses'] == ['enp0s8'] and result['interface']['vlan_id'] == 100

    failed, again = run(run_module, inv, host='controller-1', name='vlan100', iftype='vlan', lower='enp0s8',
                        vlan_id=100, ifclass='platform', mtu=1400)
    assert not failed and again['changed'] is False

    failed, result = run(run_module, inv, host='controller-1', name='vlan100', lower='enp0s9', vlan_id=200)
    assert not failed and result['changed']
    assert patches(inv, inv.interface('controller-1', 'vlan100'))[-1] == [
        {'op': 'replace', 'path': '/vlan_id', 'value': '200'},
        {'op': 'replace', 'path': '/usesmodify', 'value': 'enp0s9'}]

    failed, result = run(run_module, inv, host='controller-1', name='vlan100', state='absent')
    assert not failed and result['changed'] is True
    assert inv.interface('controller-1', 'vlan100') is None
    failed, again = run(run_module, inv, host='controller-1', name='vlan100', state='absent')
    assert not failed and again['changed'] is False


def test_creates_an_ae_and_changes_its_members(run_module, inv):
    failed, result = run(run_module, inv, host='controller-1', name='bond0', iftype='ae', uses=['enp0s9'],
                         aemode='802.3ad', txhashpolicy='layer2', ifclass='platform')
    assert not failed, result
    assert result['interface']['aemode'] == '802.3ad'
    failed, again = run(run_module, inv, host='controller-1', name='bond0', iftype='ae', uses=['enp0s9'])
    assert not failed and again['changed'] is False
    inv.interface('controller-1', 'enp0s3')['ifclass'] = None
    failed, result = run(run_module, inv, host='controller-1', name='bond0', uses=['enp0s9', 'enp0s3'], diff=True)
    assert not failed and result['changed']
    assert patches(inv, inv.interface('controller-1', 'bond0')) == [[
        {'op': 'replace', 'path': '/usesmodify', 'value': 'enp0s9,enp0s3'}]]
    assert result['diff']['after']['uses'] == ['enp0s3', 'enp0s9']


def test_creation_in_check_mode_sends_no_write(run_module, inv):
    failed, result = run(run_module, inv, check_mode=True, diff=True, host='controller-1', name='vlan7',
                         iftype='vlan', lower='enp0s8', vlan_id=7)
    assert not failed and result['changed'] is True and result['interface'] is None
    assert result['diff']['after'] == {'name': 'vlan7', 'iftype': 'vlan', 'ifclass': 'none', 'lower': 'enp0s8',
                                       'vlan_id': 7}
    assert inv.writes() == []


@pytest.mark.parametrize('params, message', [
    ({'name': 'Bond0', 'iftype': 'ae'}, "name='Bond0': an interface name is lower case"),
    ({'name': 'averyveryverylongname'}, 'has at most 15 characters'),
    ({'name': 'bond#0'}, 'may contain only letters, digits'),
    ({'name': 'vlan-7', 'iftype': 'vlan', 'lower': 'enp0s8', 'vlan_id': 7}, 'a VLAN interface name may not contain'),
    ({'name': 'vlan7', 'iftype': 'vlan', 'lower': 'enp0s8', 'vlan_id': 4095}, 'vlan_id=4095: the VLAN id must be'),
    ({'name': 'vlan7', 'iftype': 'vlan', 'lower': 'enp0s8'}, 'creating a vlan interface needs lower and vlan_id'),
    ({'name': 'vlan7', 'iftype': 'vlan', 'lower': 'eth9', 'vlan_id': 7}, "lower='eth9': host controller-1 has no "
                                                                         "interface eth9"),
    ({'name': 'bond0', 'iftype': 'ae', 'uses': ['enp0s9'], 'ifclass': 'platform', 'aemode': 'balanced'},
     'an ae interface in balanced mode needs txhashpolicy'),
    ({'name': 'bond0', 'iftype': 'ae', 'uses': ['enp0s9'], 'aemode': 'active_standby', 'txhashpolicy': 'layer2'},
     'takes no transmit hash policy'),
    ({'name': 'bond0', 'iftype': 'ae', 'uses': ['enp0s9']}, "an ae interface's class must be platform or data"),
    ({'name': 'bond0', 'iftype': 'vlan', 'uses': ['enp0s9']}, 'applies to iftype ae only, not vlan'),
    ({'name': 'enp0s9', 'mtu': 100}, 'mtu=100: the MTU must be between 576 and 9216'),
    ({'name': 'enp0s9', 'ports': ['enp0s8', 'enp0s9']}, 'an ethernet interface is on exactly one port'),
    ({'name': 'enp0s9', 'ipv4_pool': 'mgmt-ipv4'}, 'an address pool needs ipv4_mode=pool'),
    ({'name': 'enp0s9', 'ipv4_mode': 'pool', 'ipv4_pool': 'nope'}, "ipv4_pool='nope': no such address pool"),
    ({'name': 'newif'}, 'give iftype (vlan or ae) to create it'),
])
def test_bad_input_fails_before_any_write(run_module, inv, params, message):
    params = dict(params)
    failed, result = run(run_module, inv, host='controller-1', **params)
    assert failed and message in result['msg'], result['msg']
    assert inv.writes() == []


def test_an_unknown_pool_fails_in_check_mode_too(run_module, inv):
    failed, result = run(run_module, inv, check_mode=True, host='controller-1', name='enp0s9', ipv4_mode='pool',
                         ipv4_pool='nope')
    expected = ("ipv4_pool='nope': no such address pool (pools: cluster-host-ipv4, data-pool-v4, mgmt-ipv4, "
                'oam-ipv4, pxeboot-ipv4, storage-ipv4)')
    assert failed and result['msg'] == expected
    assert inv.writes() == []


def test_address_mode_and_pool_by_name(run_module, inv):
    iface = inv.interface('controller-1', 'enp0s9')
    iface['ifclass'] = 'platform'
    pool = next(p for p in inv.pools if p['name'] == 'data-pool-v4')
    failed, result = run(run_module, inv, host='controller-1', name='enp0s9', ipv4_mode='pool',
                         ipv4_pool='data-pool-v4')
    assert not failed, result
    assert patches(inv, iface) == [[{'op': 'replace', 'path': '/ipv4_mode', 'value': 'pool'},
                                    {'op': 'replace', 'path': '/ipv4_pool', 'value': pool['uuid']}]]
    failed, again = run(run_module, inv, host='controller-1', name='enp0s9', ipv4_mode='pool',
                        ipv4_pool=pool['uuid'])
    assert not failed and again['changed'] is False


def test_the_class_of_lo_can_be_cleared(run_module, inv):
    host = inv.host('controller-1')
    lo = inv._new_interface(host, ifname='lo', iftype='virtual', ifclass='platform')
    failed, result = run(run_module, inv, host='controller-1', name='lo', ifclass='none')
    assert not failed and result['changed'] is True and lo['ifclass'] is None
    assert patches(inv, lo) == [[{'op': 'replace', 'path': '/ifclass', 'value': 'none'}]]
    failed, result = run(run_module, inv, host='controller-1', name='lo', state='absent')
    assert failed and 'is virtual: it can not be deleted' in result['msg']


def test_unknown_host_fails_naming_it(run_module, inv):
    failed, result = run(run_module, inv, host='worker-7', name='enp0s3')
    assert failed and result['msg'] == 'host worker-7 does not exist'


def test_server_error_surfaces_faultstring(run_module, inv):
    iface = inv.interface('controller-1', 'enp0s9')
    inv.cloud.sysinv.fail('PATCH', '/v1/iinterfaces/%s' % iface['uuid'], 400, body={'error_message': json.dumps(
        {'faultcode': 'Client', 'faultstring': 'Interface MTU (9000) cannot be larger than MTU of underlying '
                                               'interface (1500)', 'debuginfo': None})})
    failed, result = run(run_module, inv, host='controller-1', name='enp0s9', mtu=9000)
    assert failed and result['status'] == 400 and result['method'] == 'PATCH'
    assert result['msg'] == 'Interface MTU (9000) cannot be larger than MTU of underlying interface (1500)'
