# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""yaml_text: deterministic YAML that reads back as the same data; masking secrets in YAML text."""

import pytest
import yaml

from ansible_collections.starlingx.platform.plugins.module_utils.yaml_text import dump, mask_lines, scalar

TRICKY = {
    'plain': 'duplex', 'path': '/home/sysadmin/app-1.0.tgz', 'subnet': '192.168.204.0/24,fd01::/64',
    'words': ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', '~', ''], 'number_like': ['1', '1.0', '0x1F', '1e3'],
    'date_like': '2026-01-01', 'colon': 'a: b', 'hash': 'a #b', 'quotes': 'it\'s "x"', 'backslash': 'C:\\x',
    'multiline': 'a\nb\tc', 'unicode': 'Zürich \u2028 \U0001F600', 'control': '\x01\x7f\x85',
    'leading_dash': '-x', 'star': '*alias', 'percent': '%x', 'at': '@x', 'regex': r'(?i)New password',
    'none': None, 'bools': [True, False], 'numbers': [0, -3, 1.5], 'empty_map': {}, 'empty_list': [],
    'nested': {'b': [{'x': 1, 'y': [1, [2, 3]]}, [], {}], 'a': {'deep': {'deeper': 'v'}}},
    7: 'int key',
}


def test_dump_reads_back_as_the_same_data():
    assert yaml.safe_load(dump(TRICKY)) == TRICKY


def test_dump_is_deterministic_and_ordered():
    text = dump({'b': 1, 'a': {'z': 1, 'y': 2}}, key_order=lambda d: ['b', 'a'], header=['first', 'second'])
    assert text == '---\n# first\n# second\nb: 1\na:\n  "y": 2\n  z: 1\n'
    assert dump({}) == '---\n{}\n'


@pytest.mark.parametrize('value, text', [
    ('duplex', 'duplex'), ('10.10.10.1', '"10.10.10.1"'), ('no', '"no"'), ('/x.tgz', '/x.tgz'), (None, 'null'),
    (True, 'true'), (12, '12'), ('a b', '"a b"'),
])
def test_scalar(value, text):
    assert scalar(value) == text


def _secret(name):
    return name in ('admin_password', 'password', 'password_change_responses')


def test_mask_lines_block_flow_and_nested_blocks():
    text = ('---\nadmin_password: "Se,cret"\nsystem_mode: duplex\ndocker_registries:\n'
            "  docker.io: {url: r.io, password: 'p,q', username: u}\n  quay.io:\n    password: abc\n    url: q\n"
            "password_change_responses:\n  yes/no: 'yes'\n  '(?i)New password': Xyz\npassword_change: false\n"
            '- password: x\n{"admin_password": "y", "a": 1}\nx: {a: {password: z}, b: [1, {password: w}]}\n')
    masked = mask_lines(text, _secret, '***')
    assert masked == ('---\nadmin_password: ***\nsystem_mode: duplex\ndocker_registries:\n'
                      '  docker.io: {url: r.io, password: ***, username: u}\n  quay.io:\n    password: ***\n'
                      '    url: q\npassword_change_responses:\n  ***\n  ***\npassword_change: false\n'
                      '- password: ***\n{"admin_password": ***, "a": 1}\nx: {a: {password: ***}, b: [1, {password: ***}]}\n')


def test_mask_lines_keeps_text_without_secrets():
    text = 'system_mode: duplex\ndns_servers:\n  - "8.8.8.8"\n'
    assert mask_lines(text, _secret) == text
    assert mask_lines('', _secret) == ''
