# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

import pytest

from ansible_collections.starlingx.platform.plugins.modules import interface_network
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD
from ansible_collections.starlingx.platform.tests.unit.fake_inventory import FakeInventory


@pytest.fixture
def inv(fake_cloud):
    inv = FakeInventory.duplex(fake_cloud)
    inv.add_host('worker-0', 'worker', administrative='locked')
    return inv


def run(run_module, inv, check_mode=False, diff=False, **params):
    args = {'auth_url': inv.cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD}
    args.update(params)
    return run_module(interface_network.main, args, check_mode=check_mode, diff=diff)


def test_assigns_by_type_and_is_idempotent(run_module, inv):
    iface = inv.interface('worker-0', 'enp0s8')
    failed, result = run(run_module, inv, diff=True, host='worker-0', ifname='enp0s8', network='mgmt')
    assert not failed, result
    assert result['changed'] is True
    assert [r.json for r in inv.cloud.sysinv.requests if r.method == 'POST'] == [
        {'interface_uuid': iface['uuid'], 'network_uuid': inv.network('mgmt')['uuid']}]
    assert result['interface_network']['network_type'] == 'mgmt'
    assert result['interface_network']['ifname'] == 'enp0s8'
    assert iface['ifclass'] == 'platform'
    assert result['diff'] == {
        'before': {'host': 'worker-0', 'interface': 'enp0s8', 'network': 'mgmt', 'assigned': False},
        'after': {'host': 'worker-0', 'interface': 'enp0s8', 'network': 'mgmt', 'assigned': True}}
    failed, again = run(run_module, inv, host='worker-0', ifname='enp0s8', network='mgmt')
    assert not failed and again['changed'] is False
    assert again['interface_network']['uuid'] == result['interface_network']['uuid']
    assert len(inv.writes()) == 1


def test_network_by_name_or_uuid(run_module, inv):
    inv.network('storage')['name'] = 'storage-net'
    failed, result = run(run_module, inv, host='worker-0', ifname='enp0s9', network='storage-net')
    assert not failed and result['interface_network']['network_type'] == 'storage'
    failed, result = run(run_module, inv, host='worker-0', ifname='enp0s9',
                         network=inv.network('storage')['uuid'])
    assert not failed and result['changed'] is False


def test_check_mode_sends_no_write(run_module, inv):
    failed, result = run(run_module, inv, check_mode=True, host='worker-0', ifname='enp0s8',
                         network='cluster-host')
    assert not failed and result['changed'] is True and result['interface_network'] is None
    assert inv.writes() == []
    link = inv.assign('worker-0', 'enp0s8', 'cluster-host')
    failed, result = run(run_module, inv, check_mode=True, host='worker-0', ifname='enp0s8',
                         network='cluster-host', state='absent')
    assert not failed and result['changed'] is True and link in inv.links and inv.writes() == []


def test_removes_an_assignment(run_module, inv):
    oam = inv.interface('controller-1', 'enp0s3')
    link = next(x for x in inv.links if x['interface_uuid'] == oam['uuid'])
    failed, result = run(run_module, inv, host='controller-1', ifname='enp0s3', network='oam', state='absent')
    assert not failed and result['changed'] is True and result['interface_network'] is None
    assert inv.writes() == [('DELETE', '/v1/interface_networks/%s' % link['uuid'])]
    failed, again = run(run_module, inv, host='controller-1', ifname='enp0s3', network='oam', state='absent')
    assert not failed and again['changed'] is False


@pytest.mark.parametrize('host, ifname, network, message', [
    ('controller-0', 'enp0s9', 'mgmt', 'network mgmt is already assigned to interface enp0s8 of host controller-0'),
    ('worker-0', 'enp0s3', 'oam', 'network oam is only supported on controllers; host worker-0 is a worker'),
    ('controller-0', 'enp0s8', 'pxeboot', 'the pxeboot network must be alone on its interface'),
    ('worker-0', 'enp0s8', 'nope', "network='nope': no platform network has this type, name or UUID"),
    ('worker-0', 'eth7', 'mgmt', 'host worker-0 has no interface eth7 (interfaces: enp0s3, enp0s8, enp0s9)'),
    ('worker-7', 'eth7', 'mgmt', 'host worker-7 does not exist'),
])
def test_refusals_known_in_advance_fail_before_any_write(run_module, inv, host, ifname, network, message):
    failed, result = run(run_module, inv, host=host, ifname=ifname, network=network)
    assert failed and message in result['msg'], result['msg']
    assert inv.writes() == []


def test_an_interface_of_another_class_is_refused(run_module, inv):
    inv.interface('worker-0', 'enp0s9')['ifclass'] = 'data'
    failed, result = run(run_module, inv, host='worker-0', ifname='enp0s9', network='storage')
    assert failed and 'interface enp0s9 is of class data' in result['msg'] and inv.writes() == []


def test_server_error_surfaces_faultstring(run_module, inv):
    inv.cloud.sysinv.fail('POST', '/v1/interface_networks', 400, body={'error_message': json.dumps(
        {'faultcode': 'Client', 'faultstring': 'Interface enp0s8 does not have associated cluster-host interface on '
                                               'controller.', 'debuginfo': None})})
    failed, result = run(run_module, inv, host='worker-0', ifname='enp0s8', network='cluster-host')
    assert failed and result['status'] == 400
    assert result['msg'] == 'Interface enp0s8 does not have associated cluster-host interface on controller.'
