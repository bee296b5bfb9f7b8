# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""bootstrap_rules: the bootstrap playbook's validation rules, derived defaults and secret handling."""

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils import bootstrap_rules as rules

DUAL = {
    'management_subnet': '192.168.204.0/24,fd01::/64',
    'cluster_host_subnet': '192.168.206.0/24,fd02::/64',
    'cluster_pod_subnet': '172.16.0.0/16,fd03::/64',
    'cluster_service_subnet': '10.96.0.0/12,fd04::/112',
    'external_oam_subnet': '10.10.10.0/24,fd00::/64',
    'external_oam_gateway_address': '10.10.10.1,fd00::1',
    'external_oam_floating_address': '10.10.10.2,fd00::2',
}
IPV6 = {
    'management_subnet': 'fd01::/64',
    'cluster_host_subnet': 'fd02::/64',
    'cluster_pod_subnet': 'fd03::/64',
    'cluster_service_subnet': 'fd04::/112',
    'external_oam_subnet': 'fd00::/64',
    'external_oam_gateway_address': 'fd00::1',
    'external_oam_floating_address': 'fd00::2',
    'management_multicast_subnet': 'ff05::18:3:0/124',
}
SUBCLOUD = {
    'system_mode': 'simplex',
    'distributed_cloud_role': 'subcloud',
    'region_name': 'subcloud1',
    'management_subnet': '192.168.101.0/24',
    'management_start_address': '192.168.101.2',
    'management_end_address': '192.168.101.50',
    'management_gateway_address': '192.168.101.1',
    'admin_subnet': '192.168.205.0/24',
    'admin_start_address': '192.168.205.2',
    'admin_end_address': '192.168.205.100',
    'admin_gateway_address': '192.168.205.1',
    'system_controller_subnet': '192.168.204.0/24',
    'system_controller_floating_address': '192.168.204.2',
    'system_controller_oam_subnet': '10.10.10.0/24',
    'system_controller_oam_floating_address': '10.10.10.2',
}
SECRET = 'Sup3r-S3cret*Pw'


def _with(base, **changes):
    config = dict(base)
    config.update(changes)
    return config


# (id, overrides, system_type, key, value as shown in the message, rule text)
INVALID = [
    ('system-mode', {'system_mode': 'triplex'}, None, 'system_mode', "'triplex'",
     'Invalid system mode. Valid values are: simplex, duplex or duplex-direct.'),
    ('system-mode-empty', {'system_mode': None}, None, 'system_mode', 'None',
     'Mandatory configuration parameter system_mode is not defined.'),
    ('dc-role', {'distributed_cloud_role': 'central'}, None, 'distributed_cloud_role', "'central'",
     'Invalid distributed cloud role. Valid values are: none, systemcontroller, or subcloud.'),
    ('sx-system-controller', {'distributed_cloud_role': 'systemcontroller'}, None, 'distributed_cloud_role',
     "'systemcontroller'", 'A simplex All-in-one controller cannot be configured as Distributed Cloud System'),
    ('system-controller-admin-network',
     {'system_mode': 'duplex', 'distributed_cloud_role': 'systemcontroller', 'management_start_address':
      '192.168.204.2', 'management_end_address': '192.168.204.50', 'admin_subnet': '192.168.205.0/24',
      'admin_gateway_address': '192.168.205.1'}, None, 'admin_subnet', "'192.168.205.0/24'",
     'Admin network parameters cannot be specified for a system controller host.'),
    ('virtual-system-standard', {'virtual_system': True}, rules.STANDARD, 'virtual_system', 'True',
     'Virtual system setting is only supported for All-in-one system'),
    ('timezone', {'timezone': 'Mars/Olympus_Mons'}, None, 'timezone', "'Mars/Olympus_Mons'",
     'The provided timezone Mars/Olympus_Mons is invalid'),
    ('dns-none', {'dns_servers': []}, None, 'dns_servers', '[]', 'at least one DNS server is required'),
    ('dns-too-many', {'dns_servers': ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4']}, None, 'dns_servers',
     "'8.8.4.4'", 'The number of DNS servers exceeds maximum allowable number of 3.'),
    ('dns-not-ip', {'dns_servers': ['8.8.8.888']}, None, 'dns_servers[0]', "'8.8.8.888'",
     'DNS Server: 8.8.8.888 is not a valid IP address'),
    ('dns-network', {'dns_servers': ['8.8.8.8', '10.0.0.0/8']}, None, 'dns_servers[1]', "'10.0.0.0/8'",
     'is not a valid IP address'),
    ('subnet-bad-prefix', {'management_subnet': '192.168.204.0/33'}, None, 'management_subnet',
     "'192.168.204.0/33'", "'192.168.204.0/33' is not a valid IP address or subnet"),
    ('dual-three-entries', {'management_subnet': '192.168.204.0/24,fd01::/64,fd02::/64'}, None,
     'management_subnet', "'192.168.204.0/24,fd01::/64,fd02::/64'", 'More than two IPs not supported'),
    ('dual-same-family', {'cluster_host_subnet': '192.168.206.0/24,192.168.207.0/24'}, None, 'cluster_host_subnet',
     "'192.168.206.0/24,192.168.207.0/24'", 'Dual-stack of same IP family not supported'),
    ('dual-subnet-and-address', {'external_oam_subnet': '10.10.10.0/24,fd00::1'}, None, 'external_oam_subnet',
     "'10.10.10.0/24,fd00::1'", 'Value should be both either Subnet or Address'),
    ('dual-space', {'management_subnet': '192.168.204.0/24, fd01::/64'}, None, 'management_subnet',
     "'192.168.204.0/24, fd01::/64'", 'no spaces around the comma'),
    ('subnet-host-bits', {'management_subnet': '192.168.204.5/24'}, None, 'management_subnet',
     "'192.168.204.5/24'", 'host bits are set in 192.168.204.5/24: the subnet address is 192.168.204.0/24'),
    ('subnet-without-prefix', {'cluster_host_subnet': '192.168.206.0'}, None, 'cluster_host_subnet',
     "'192.168.206.0'", 'is not a subnet: write it as address/prefix'),
    ('address-with-prefix', {'external_oam_floating_address': '10.10.10.2/24'}, None,
     'external_oam_floating_address', "'10.10.10.2/24'", 'is not an IP address: write the address without'),
    ('pxeboot-ipv6', {'pxeboot_subnet': 'fd05::/64'}, None, 'pxeboot_subnet', "'fd05::/64'",
     'pxeboot_subnet subnet must always be IPv4'),
    ('pxeboot-dual', {'pxeboot_subnet': '169.254.202.0/24,fd05::/64'}, None, 'pxeboot_subnet',
     "'169.254.202.0/24,fd05::/64'", 'pxeboot_subnet subnet must always be IPv4'),
    ('ipv6-prefix', _with(IPV6, management_subnet='fd01::/56'), None, 'management_subnet', "'fd01::/56'",
     'IPv6 minimum prefix length is 64'),
    ('multicast-not-multicast', {'management_multicast_subnet': '10.1.1.0/28'}, None, 'management_multicast_subnet',
     "'10.1.1.0/28'", 'Invalid multicast subnet: management_multicast_subnet -> 10.1.1.0/28'),
    ('primary-family', {'cluster_pod_subnet': 'fd03::/64'}, None, 'cluster_pod_subnet', "'fd03::/64'",
     'Cluster, oam and mgmt must have same family address type: 192.168.204.0/24 and fd03::/64'),
    ('admin-family', _with(SUBCLOUD, admin_subnet='fd05::/64', admin_start_address='fd05::2',
                           admin_end_address='fd05::100', admin_gateway_address='fd05::1'), None, 'admin_subnet',
     "'fd05::/64'", 'Admin subnet must have same IP family of platform network parameters'),
    ('kube-dual-partial', {'cluster_pod_subnet': '172.16.0.0/16,fd03::/64'}, None, 'cluster_host_subnet',
     "'192.168.206.0/24'", 'To have dual-stack, cluster networks (pod, host, and service) must have IPv4 and IPv6'),
    ('kube-dual-needs-oam', _with(DUAL, external_oam_subnet='10.10.10.0/24', external_oam_gateway_address='10.10.10.1',
                                  external_oam_floating_address='10.10.10.2'), None, 'external_oam_subnet',
     "'10.10.10.0/24'", 'To have dual-stack cluster pod network, OAM must have IPv4 and IPv6 subnets defined'),
    ('address-vs-subnet-size', _with(DUAL, external_oam_floating_address='10.10.10.2'), None,
     'external_oam_floating_address', "'10.10.10.2'", 'Not of same size (single or dual-stack) as external_oam_subnet'),
    ('address-vs-subnet-order', {'management_subnet': '192.168.204.0/24,fd01::/64',
                                 'management_start_address': 'fd01::2,192.168.204.2'}, None,
     'management_start_address', "'fd01::2,192.168.204.2'", 'IP family does not match on sequence'),
    ('pod-too-small', {'cluster_pod_subnet': '172.16.0.0/24'}, None, 'cluster_pod_subnet', "'172.16.0.0/24'",
     'Failed validation, cluster_pod subnet must contain at least 65536 addresses.'),
    ('service-too-large', {'cluster_service_subnet': '10.96.0.0/11'}, None, 'cluster_service_subnet',
     "'10.96.0.0/11'", 'Failed validation, cluster_service subnet must not contain more than 1048576 addresses.'),
    ('service-ipv6-too-large', _with(DUAL, cluster_service_subnet='10.96.0.0/12,fd04::/64'), None,
     'cluster_service_subnet', "'10.96.0.0/12,fd04::/64'",
     'cluster_service subnet must not contain more than 1048576 addresses. (IPv6 fd04::/64)'),
    ('oam-too-small', {'external_oam_subnet': '10.10.10.0/30', 'external_oam_gateway_address': '10.10.10.1',
                       'external_oam_floating_address': '10.10.10.2'}, None, 'external_oam_subnet',
     "'10.10.10.0/30'", 'Failed validation, oam subnet must contain at least 5 addresses.'),
    ('multicast-too-small', {'management_multicast_subnet': '239.1.1.0/30'}, None, 'management_multicast_subnet',
     "'239.1.1.0/30'", 'Failed validation, multicast subnet must contain at least 6 addresses.'),
    ('mgmt-too-small-duplex', {'system_mode': 'duplex', 'management_subnet': '192.168.204.0/30'}, None,
     'management_subnet', "'192.168.204.0/30'", 'Failed validation, management subnet must contain at least 5'),
    ('range-reversed', {'management_start_address': '192.168.204.20', 'management_end_address': '192.168.204.10'},
     None, 'management_start_address', "'192.168.204.20'",
     'Failed validation, management start address must be less than or equal to end address.'),
    ('range-equal-pod', {'cluster_pod_start_address': '172.16.0.10', 'cluster_pod_end_address': '172.16.0.10'},
     None, 'cluster_pod_start_address', "'172.16.0.10'",
     'Failed validation, cluster_pod start address must be less than end address.'),
    ('range-outside-subnet', {'management_end_address': '192.168.205.2'}, None, 'management_end_address',
     "'192.168.205.2'", 'Failed validation, management start or end address must be within its subnet range.'),
    ('range-too-small', {'system_mode': 'duplex', 'cluster_host_start_address': '192.168.206.2',
                         'cluster_host_end_address': '192.168.206.3'}, None, 'cluster_host_start_address',
     "'192.168.206.2'", 'Failed validation, cluster_host address range must contain at least 3 addresses.'),
    ('range-network-address', {'management_start_address': '192.168.204.0'}, None, 'management_start_address',
     "'192.168.204.0'", 'sysinv refuses an address range that includes the network address 192.168.204.0'),
    ('range-broadcast', {'management_end_address': '192.168.204.255'}, None, 'management_end_address',
     "'192.168.204.255'", 'sysinv refuses an address range that includes the broadcast address 192.168.204.255'),
    ('oam-floating-outside', {'external_oam_floating_address': '10.10.11.2'}, None, 'external_oam_floating_address',
     "'10.10.11.2'", 'the address 10.10.11.2 must be within external_oam_subnet 10.10.10.0/24'),
    ('oam-subnet-with-default-addresses', {'external_oam_subnet': '10.20.1.0/24'}, None,
     'external_oam_floating_address', "'10.10.10.2'",
     'must be within external_oam_subnet 10.20.1.0/24 (external_oam_floating_address is the playbook default'),
    ('oam-gateway-broadcast', {'external_oam_gateway_address': '10.10.10.255'}, None,
     'external_oam_gateway_address', "'10.10.10.255'", 'Cannot use broadcast address: 10.10.10.255'),
    ('oam-gateway-is-floating', {'external_oam_gateway_address': '10.10.10.2'}, None,
     'external_oam_gateway_address', "'10.10.10.2'",
     'gateway_address can not be the same as floating_address: 10.10.10.2'),
    ('oam-node-outside-range', {'system_mode': 'duplex', 'external_oam_start_address': '10.10.10.1',
                                'external_oam_end_address': '10.10.10.10', 'external_oam_node_0_address': '10.10.10.20'},
     None, 'external_oam_node_0_address', "'10.10.10.20'", 'IP Address 10.10.10.20 is not in range: 10.10.10.1-10.10.10.10'),
    ('oam-derived-node-outside', {'system_mode': 'duplex', 'external_oam_floating_address': '10.10.10.254'}, None,
     'external_oam_node_1_address', "'derived'",
     'the address 10.10.11.0 must be within external_oam_subnet 10.10.10.0/24 (derived: external_oam_floating_address'),
    ('mgmt-floating-outside-range', {'management_start_address': '192.168.204.10',
                                     'management_floating_address': '192.168.204.2'}, None,
     'management_floating_address', "'192.168.204.2'", 'IP Address 192.168.204.2 is not in range: 192.168.204.10-'),
    ('system-controller-range-required', {'system_mode': 'duplex', 'distributed_cloud_role': 'systemcontroller'},
     None, 'management_start_address', "'derived'",
     'management_start_address and management_end_address are required for System Controller'),
    ('system-controller-range-too-large', {'system_mode': 'duplex', 'distributed_cloud_role': 'systemcontroller',
                                           'management_start_address': '192.168.204.1',
                                           'management_end_address': '192.168.204.254'}, None,
     'management_start_address', "'192.168.204.1'",
     'Failed validation, management address range too large, no addresses left for System Controller gateway(s)'),
    ('admin-network-without-start', {'distributed_cloud_role': 'subcloud', 'region_name': 'sc1',
                                     'admin_subnet': '192.168.205.0/24', 'admin_gateway_address': '192.168.205.1'},
     None, 'admin_start_address', "'derived'", 'the admin network needs admin_start_address'),
    ('dynamic-allocation-string', {'management_dynamic_address_allocation': 'yes'}, None,
     'management_dynamic_address_allocation', "'yes'",
     "management_dynamic_address_allocation is misconfigured. Valid value is either 'True' or 'False'."),
    ('empty-address', {'management_gateway_address': ''}, None, 'management_gateway_address', "''",
     'must not be empty: remove the key to use the derived default'),
    ('registry-unknown', {'docker_registries': {'my.registry.io': {'url': 'my.registry.io'}}}, None,
     'docker_registries.my.registry.io', "{'url': 'my.registry.io'}", "Unknown registry key: 'my.registry.io'."),
    ('registry-type', {'docker_registries': {'docker.io': {'url': 'reg.example.com', 'type': 'harbor'}}}, None,
     'docker_registries.docker.io.type', "'harbor'",
     "Registry type for docker.io is not supported. Valid value is either 'docker' or 'aws-ecr'."),
    ('registry-credentials-pair', {'docker_registries': {'quay.io': {'url': 'r.example.com', 'username': 'stx'}}},
     None, 'docker_registries.quay.io', "'username': 'stx'",
     'quay registry username and password must both be specified or not at all'),
    ('registry-secure', {'docker_registries': {'gcr.io': {'url': 'r.example.com', 'secure': 'no'}}}, None,
     'docker_registries.gcr.io.secure', "'no'", "'secure' parameter of registry gcr.io is misconfigured."),
    ('registry-url', {'docker_registries': {'defaults': {'url': 'http://bad host/x'}}}, None,
     'docker_registries.defaults.url', "'http://bad host/x'", 'is not a valid registry address'),
    ('registries-not-mapping', {'docker_registries': ['docker.io']}, None, 'docker_registries', "['docker.io']",
     'must be a mapping of registry names'),
    ('proxy-url', {'docker_http_proxy': 'proxy.example.com:3128'}, None, 'docker_http_proxy',
     "'proxy.example.com:3128'", 'proxy.example.com:3128 is an invalid URL'),
    ('password-weak', {'admin_password': 'weakpass'}, None, 'admin_password', "'%s'" % rules.MASK,
     'ADMIN_PASSWORD: Password must have a minimum length of 7 characters, and must contain at least 1 upper case'),
    ('password-quote', {'admin_password': "Li69nux*'"}, None, 'admin_password', "'%s'" % rules.MASK,
     "excluding ' (single quote) and \" (double quote)"),
    ('vault-password', {'vault_admin_username': 'admin', 'vault_admin_password': 'short'}, None,
     'vault_admin_password', "'%s'" % rules.MASK, 'ADMIN_PASSWORD: Password must have a minimum length of 7'),
    ('applications-not-list', {'applications': '/home/sysadmin/app-1.0.tgz'}, None, 'applications',
     "'/home/sysadmin/app-1.0.tgz'", 'must be a list of'),
    ('application-extension', {'applications': [{'/home/sysadmin/app-1.0.tar.gz': None}]}, None, 'applications[0]',
     "'/home/sysadmin/app-1.0.tar.gz'", 'File app-1.0.tar.gz has unrecognizable tarfile extension'),
    ('application-two-keys', {'applications': [{'/a-1.tgz': None, '/b-1.tgz': None}]}, None, 'applications[0]',
     "'/a-1.tgz': None", 'Malformed application yaml'),
    ('application-override', {'applications': [{'/a-1.tgz': {'overrides': [{'chart': 'a'}]}}]}, None,
     'applications[0].overrides[0]', "{'chart': 'a'}", 'an application override needs chart, namespace and values-path'),
    ('oidc-partial', {'apiserver_oidc': {'client_id': 'stx'}}, None, 'apiserver_oidc', "{'client_id': 'stx'}",
     'If OpenID Connect parameters are specified, you must specify all 3'),
    ('calico-mtu', {'calico_mtu': 100}, None, 'calico_mtu', '100',
     "Invalid calico_mtu '100'. Must be an integer between 576 and 9216."),
    ('kernel', {'kernel': 'realtime'}, None, 'kernel', "'realtime'", "kernel must be either 'standard' or 'lowlatency'"),
    ('etcd-ca-pair', {'etcd_root_ca_cert': '/home/sysadmin/etcd-ca.crt'}, None, 'etcd_root_ca_cert',
     "'/home/sysadmin/etcd-ca.crt'", 'etcd_root_ca_cert and etcd_root_ca_key must be provided as a pair'),
    ('system-controller-networks-partial', {'system_controller_subnet': '192.168.204.0/24'}, None,
     'system_controller_floating_address', 'None', 'the system controller networks need all of'),
    ('dns-host-records', {'user_dns_host_records': {'srv': 'example.com'}}, None, 'user_dns_host_records.srv',
     "'example.com'", 'User dns host-records has invalid format'),
]


@pytest.mark.parametrize('overrides, system_type, key, shown, rule', [case[1:] for case in INVALID],
                         ids=[case[0] for case in INVALID])
def test_invalid_configuration_is_rejected_naming_key_value_and_rule(overrides, system_type, key, shown, rule):
    report = rules.validate(overrides, system_type or rules.ALL_IN_ONE)
    assert not report.ok
    matching = [f for f in report.errors if f.key == key and rule in f.rule]
    assert matching, 'no finding on %s with %r in %s' % (key, rule, report.messages)
    message = matching[0].message
    assert message.startswith(key + ' ')
    assert shown in message
    assert rule in message


def test_there_are_at_least_25_distinct_invalid_configurations():
    assert len(set(case[0] for case in INVALID)) == len(INVALID) >= 25


@pytest.mark.parametrize('overrides', [
    {'admin_password': SECRET + "'"},
    {'docker_registries': {'docker.io': {'url': 'r.example.com', 'username': 'u', 'password': SECRET,
                                         'type': 'bad'}}},
    {'docker_registries': {'quay.io': {'password': SECRET}}},
    {'ansible_become_pass': SECRET, 'system_mode': 'x'},
], ids=['admin-password', 'registry-type', 'registry-pair', 'other-error'])
def test_secret_values_never_appear_in_messages(overrides):
    report = rules.validate(overrides)
    assert not report.ok
    assert all(SECRET not in message for message in report.messages)
    assert SECRET not in repr(report.effective())


def test_all_errors_are_collected_in_one_run():
    report = rules.validate({
        'system_mode': 'triplex', 'timezone': 'Nowhere/Land', 'dns_servers': [],
        'cluster_pod_subnet': '172.16.0.0/24', 'external_oam_floating_address': '10.10.11.2',
        'admin_password': 'weak', 'applications': [{'/x.zip': None}],
    })
    keys = set(f.key for f in report.errors)
    assert set(['system_mode', 'timezone', 'dns_servers', 'cluster_pod_subnet', 'external_oam_floating_address',
                'admin_password', 'applications[0]']) <= keys


def test_an_invalid_subnet_does_not_cascade_into_range_errors():
    report = rules.validate({'management_subnet': '192.168.204.0/33', 'management_start_address': '192.168.204.2'})
    assert [f.key for f in report.errors] == ['management_subnet']


# -- valid configurations and derived defaults ------------------------------------------------------------------
def test_simplex_defaults():
    report = rules.validate({})
    assert report.ok, report.messages
    config = report.config
    assert config['system_mode'] == 'simplex'
    assert config['management_start_address'] == '192.168.204.1'
    assert config['management_end_address'] == '192.168.204.254'
    assert config['management_floating_address'] == '192.168.204.1'
    assert config['cluster_pod_end_address'] == '172.16.255.254'
    assert config['management_multicast_end_address'] == '239.1.1.14'
    assert config['external_oam_node_0_address'] == '10.10.10.3'
    mgmt = report.networks['management'][0]
    assert (mgmt['controller0'], mgmt['controller1']) == ('192.168.204.1', '192.168.204.1')
    oam = report.networks['oam'][0]
    assert oam['floating'] == '10.10.10.2' and oam['gateway'] == '10.10.10.1'
    assert oam['controller0'] is None  # the simplex OAM pool has no unit addresses
    assert 'admin' not in report.networks


def test_small_management_subnet_is_valid_on_simplex_only():
    small = {'management_subnet': '192.168.204.0/30'}
    assert rules.validate(small).ok
    assert not rules.validate(dict(small, system_mode='duplex')).ok


def test_duplex_with_explicit_ranges():
    report = rules.validate({
        'system_mode': 'duplex', 'timezone': 'Europe/Paris', 'dns_servers': ['10.20.0.10'],
        'management_subnet': '192.168.204.0/24', 'management_start_address': '192.168.204.2',
        'management_end_address': '192.168.204.50',
        'external_oam_subnet': '10.20.1.0/24', 'external_oam_gateway_address': '10.20.1.1',
        'external_oam_floating_address': '10.20.1.10', 'external_oam_node_1_address': '10.20.1.20',
    })
    assert report.ok, report.messages
    mgmt = report.networks['management'][0]
    assert (mgmt['start'], mgmt['end'], mgmt['floating']) == ('192.168.204.2', '192.168.204.50', '192.168.204.2')
    assert (mgmt['controller0'], mgmt['controller1']) == ('192.168.204.3', '192.168.204.4')
    oam = report.networks['oam'][0]
    assert (oam['controller0'], oam['controller1']) == ('10.20.1.11', '10.20.1.20')
    assert report.config['external_oam_node_0_address'] == '10.20.1.11'
    assert report.config['external_oam_node_1_address'] == '10.20.1.20'


def test_dual_stack_duplex():
    report = rules.validate(dict(DUAL, system_mode='duplex'))
    assert report.ok, report.messages
    config = report.config
    assert config['management_start_address'] == '192.168.204.1,fd01::1'
    assert config['management_end_address'] == '192.168.204.254,fd01::ffff:ffff:ffff:ffff'
    assert config['cluster_service_end_address'] == '10.111.255.254,fd04::ffff'
    assert config['external_oam_node_0_address'] == '10.10.10.3,fd00::3'
    families = [plan['family'] for plan in report.networks['cluster_pod']]
    assert families == [4, 6]
    assert [p['controller1'] for p in report.networks['oam']] == ['10.10.10.4', 'fd00::4']
    assert len(report.networks['multicast']) == 1


def test_ipv6_single_stack():
    report = rules.validate(dict(IPV6, system_mode='duplex'))
    assert report.ok, report.messages
    assert report.networks['pxeboot'][0]['family'] == 4
    assert report.config['management_end_address'] == 'fd01::ffff:ffff:ffff:ffff'


def test_standard_forces_duplex_and_warns_on_short_prefixes():
    report = rules.validate({'system_mode': 'simplex', 'management_subnet': '192.168.0.0/16'}, rules.STANDARD)
    assert report.ok, report.messages
    assert report.config['system_mode'] == 'duplex'
    assert any('System type is Standard, system mode will be set to duplex' in w for w in report.warnings)
    assert any('Subnet prefix of less than /24 is not typical' in w and 'management_subnet' in w
               for w in report.warnings)
    assert not any('prefix' in w for w in rules.validate({'management_subnet': '192.168.0.0/16'}).warnings)


def test_system_controller():
    report = rules.validate({'system_mode': 'duplex', 'distributed_cloud_role': 'systemcontroller',
                             'management_start_address': '192.168.204.2', 'management_end_address': '192.168.204.50',
                             'management_gateway_address': '192.168.204.1'})
    assert report.ok, report.messages
    assert report.networks['management'][0]['gateway'] == '192.168.204.1'


def test_subcloud_with_admin_network():
    report = rules.validate(SUBCLOUD)
    assert report.ok, report.messages
    admin = report.networks['admin'][0]
    assert (admin['start'], admin['end'], admin['floating'], admin['gateway']) == (
        '192.168.205.2', '192.168.205.100', '192.168.205.2', '192.168.205.1')
    assert report.config['admin_floating_address'] == '192.168.205.2'
    assert report.warnings == []


def test_subcloud_without_region_name_is_warned():
    report = rules.validate(dict(SUBCLOUD, region_name=None))
    assert report.ok
    assert any('region_name' in w for w in report.warnings)


def test_admin_subnet_without_gateway_is_ignored_with_a_warning():
    report = rules.validate({'admin_subnet': '192.168.205.0/24'})
    assert report.ok
    assert 'admin' not in report.networks
    assert any('admin_subnet is ignored' in w for w in report.warnings)


def test_unknown_keys_are_warned_with_a_suggestion():
    report = rules.validate({'mangement_multicast_start_address': '239.1.1.2', 'my_site_key': 1})
    assert report.ok
    assert any('did you mean management_multicast_start_address' in w for w in report.warnings)
    assert any(w.startswith('my_site_key is not a key') for w in report.warnings)


def test_derived_marker_means_not_given():
    report = rules.validate({'management_start_address': 'derived'})
    assert report.ok
    assert report.config['management_start_address'] == '192.168.204.1'


def test_registries_accept_the_documented_shapes():
    report = rules.validate({'docker_registries': {
        'defaults': {'url': 'registry.example.com:5000', 'username': 'u', 'password': 'p', 'type': 'docker'},
        'docker.io': {'url': '[fd00::10]:9001/docker.io', 'secure': False},
        'quay.io': {'url': '10.10.10.5/quay.io', 'type': 'aws-ecr'},
        'k8s.gcr.io': {'url': None},
    }, 'docker_http_proxy': 'http://proxy.example.com:3128', 'docker_no_proxy': ['1.2.3.4', 'internal.example']})
    assert report.ok, report.messages


def test_vault_docker_registries_are_the_ones_validated():
    report = rules.validate({'docker_registries': {'docker.io': {'url': 'ok.example.com'}},
                             'vault_docker_registries': {'nope.io': {}}})
    assert [f.key for f in report.errors] == ['vault_docker_registries.nope.io']


# -- password rules, secrets, key order ----------------------------------------------------------------------------
def test_read_password_rules_like_store_passwd():
    text = ('[security_compliance]\n'
            'password_regex = "^(?=.*\\d)(?=.*[a-z]).{12,}$"\n'
            'password_regex_description = Password must have at least 12 characters\n')
    regex, description = rules.read_password_rules(text)
    assert regex == '^(?=.*\\d)(?=.*[a-z]).{12,}$'
    assert description == 'Password must have at least 12 characters'
    assert rules.read_password_rules('unique_last_password_count = 2\n') == (None, None)
    assert rules.read_password_rules('password_regex = ^.{3,}$\n')[1] == 'Password does not meet complexity criteria.'


def test_a_stricter_password_rule_applies():
    rule = ('^(?=.*\\d)(?=.*[a-z])(?=.*[A-Z]).{12,}$', 'Password must have at least 12 characters')
    assert rules.validate({'admin_password': 'Li69nux*'}).ok
    report = rules.validate({'admin_password': 'Li69nux*'}, password_rule=rule)
    assert report.messages == ["admin_password '%s': ADMIN_PASSWORD: Password must have at least 12 characters, "
                               "excluding ' (single quote) and \" (double quote)" % rules.MASK]


def test_split_secrets_moves_whole_registries_only_with_passwords():
    overrides = {'system_mode': 'duplex', 'admin_password': 'x', 'ansible_become_pass': 'y',
                 'password_change': True, 'docker_registries': {'docker.io': {'url': 'r', 'password': 'z',
                                                                              'username': 'u'}}}
    public, secrets = rules.split_secrets(overrides)
    assert sorted(public) == ['password_change', 'system_mode']
    assert sorted(secrets) == ['admin_password', 'ansible_become_pass', 'docker_registries']
    public, secrets = rules.split_secrets({'docker_registries': {'docker.io': {'url': 'r'}}})
    assert 'docker_registries' in public and secrets == {}


def test_masked_hides_nested_secrets_only():
    data = {'admin_password': 'x', 'password_change': False, 'docker_registries': {'docker.io': {
        'url': 'r', 'password': 'z'}}, 'password_change_responses': {'yes/no': 'yes'}, 'etcd_root_ca_key': 'k'}
    result = rules.masked(data)
    assert result == {'admin_password': rules.MASK, 'password_change': False,
                      'docker_registries': {'docker.io': {'url': 'r', 'password': rules.MASK}},
                      'password_change_responses': {'yes/no': rules.MASK}, 'etcd_root_ca_key': rules.MASK}


def test_key_order_follows_the_playbook_defaults_then_sorted():
    keys = ['zeta', 'admin_password', 'management_subnet', 'system_mode', 'alpha', 'management_start_address',
            'pxeboot_subnet']
    assert rules.key_order(dict.fromkeys(keys)) == ['system_mode', 'pxeboot_subnet', 'management_subnet',
                                                    'management_start_address', 'admin_password', 'alpha', 'zeta']


@pytest.mark.parametrize('location, valid', [
    ('registry.example.com', True), ('registry.example.com:5000/stx', True), ('10.10.10.5:9001/k8s.gcr.io', True),
    ('[fd00::5]:9001/quay.io', True), ('fd00::5', True), ('localhost', True),
    ('http://registry.example.com', False), ('bad host', False), ('registry:port', False), ('', False),
])
def test_valid_domain_or_ip(location, valid):
    assert rules.valid_domain_or_ip(location) is valid


def test_system_type_from_platform_conf():
    assert rules.system_type_from_platform_conf('nodetype=controller\nsystem_type=Standard\n') == rules.STANDARD
    assert rules.system_type_from_platform_conf('nodetype=controller\n') is None


@pytest.mark.parametrize('name, valid', [('UTC', True), ('America/New_York', True), ('Europe/Paris', True),
                                         ('Mars/Olympus', False), ('../etc/passwd', False), ('', False)])
def test_valid_timezone(name, valid):
    assert rules.valid_timezone(name) is valid
