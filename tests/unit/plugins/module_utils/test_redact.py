# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

from ansible_collections.starlingx.platform.plugins.module_utils.redact import (
    REDACTED, is_secret_key, redact, redact_headers, redact_text)


def test_secret_key_names():
    for key in ('password', 'admin_password', 'sysadmin_password', 'secret', 'auth_token', 'X-Auth-Token',
                'X-Subject-Token', 'unseal_keys', 'root_token', 'application_credential', 'Authorization',
                'Set-Cookie', 'bmc_password', 'passphrase'):
        assert is_secret_key(key), key
    for key in ('name', 'uuid', 'hostname', 'catalog', 'region', 'url', 'description', 'state'):
        assert not is_secret_key(key), key


def test_nested_documents():
    doc = {'auth': {'identity': {'methods': ['password'],
                                 'password': {'user': {'name': 'admin', 'password': 'pw'}}}},
           'keys': ['k1', 'k2'], 'token': {'catalog': [{'type': 'platform'}], 'id': 'abc'},
           'root_token': 'hvs.x', 'enabled': True, 'secret': None}
    out = redact(doc)
    assert out['auth']['identity']['password']['user'] == {'name': 'admin', 'password': REDACTED}
    assert out['auth']['identity']['methods'] == ['password']
    assert out['keys'] == [REDACTED, REDACTED]
    assert out['token']['catalog'] == [{'type': 'platform'}]
    assert out['root_token'] == REDACTED
    assert out['enabled'] is True and out['secret'] is None
    assert doc['root_token'] == 'hvs.x'  # the input is not modified


def test_headers():
    headers = redact_headers({'X-Auth-Token': 't', 'Content-Type': 'application/json', 'X-Subject-Token': 's'})
    assert headers == {'X-Auth-Token': REDACTED, 'Content-Type': 'application/json', 'X-Subject-Token': REDACTED}
    assert redact_headers(None) == {}


def test_text_forms():
    assert json.loads(redact_text('{"password": "pw", "a": 1}')) == {'password': REDACTED, 'a': 1}
    assert redact_text('user=admin&password=pw&x=1') == 'user=admin&password=%s&x=1' % REDACTED
    assert 'pw' not in redact_text("{'password': 'pw'")
    assert redact_text('X-Auth-Token: abc\nAccept: */*') == 'X-Auth-Token: %s\nAccept: */*' % REDACTED
    assert redact_text(b'no secrets here') == 'no secrets here'
    assert redact_text(None) is None
