# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""transport.py and proxies.py helpers: URL splitting, proxy variables, no_proxy matching.

The network paths (keep-alive, reconnects, tunnels, TLS) are tested through the client in test_client.py.
"""

import base64

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.proxies import bypass, from_environment
from ansible_collections.starlingx.platform.plugins.module_utils.transport import Transport, split_url


@pytest.mark.parametrize('url, expected', [
    ('http://h:6385/v1/isystems', ('http', 'h', 6385, '/v1/isystems')),
    ('https://H.example/', ('https', 'h.example', 443, '/')),
    ('http://h', ('http', 'h', 80, '/')),
    ('http://h/v1/ihosts?limit=2&marker=u1', ('http', 'h', 80, '/v1/ihosts?limit=2&marker=u1')),
    ('https://[fd00::1]:6385/v1', ('https', 'fd00::1', 6385, '/v1')),
])
def test_split_url(url, expected):
    assert split_url(url) == expected


@pytest.mark.parametrize('url', ['ftp://h/x', 'h:6385/v1', 'http:///v1', 'http://h:port/v1'])
def test_split_url_rejects(url):
    with pytest.raises(ValueError):
        split_url(url)


def test_malformed_url_is_a_reply_error_not_an_exception():
    reply = Transport(environ={}).request('GET', 'ftp://h/x')
    assert isinstance(reply.error, ValueError) and reply.sent is False


@pytest.mark.parametrize('entries, host, port, expected', [
    (['*'], 'anything', 80, True),
    (['example.com'], 'example.com', 80, True),
    (['example.com'], 'api.example.com', 443, True),
    (['.example.com'], 'api.example.com', 443, True),
    (['*.example.com'], 'api.example.com', 443, True),
    (['example.com'], 'badexample.com', 80, False),
    (['Example.COM'], 'example.com.', 80, True),
    (['10.0.0.0/8'], '10.20.30.40', 6385, True),
    (['10.0.0.0/8'], '11.0.0.1', 6385, False),
    (['10.0.0.0/8'], 'controller', 6385, False),
    (['fd00::/16'], 'fd00::5', 6385, True),
    (['::1'], '::1', 5000, True),
    (['[::1]:5000'], '::1', 5000, True),
    (['[::1]:5000'], '::1', 6385, False),
    (['192.168.204.1:6385'], '192.168.204.1', 6385, True),
    (['192.168.204.1:6385'], '192.168.204.1', 5000, False),
    ([], 'example.com', 80, False),
])
def test_bypass_proxy(entries, host, port, expected):
    assert bypass(host, port, entries) is expected


def test_proxy_variables():
    proxies, no_proxy = from_environment({
        'https_proxy': 'http://user:p%40ss@proxy.lab:3128', 'HTTPS_PROXY': 'http://ignored:1',
        'HTTP_PROXY': 'proxy.lab', 'NO_PROXY': 'localhost, 127.0.0.1,.lab'})
    https, plain = proxies['https'], proxies['http']
    assert (https.host, https.port, https.display) == ('proxy.lab', 3128, 'http://proxy.lab:3128')
    assert https.headers == {'Proxy-Authorization': 'Basic ' + base64.b64encode(b'user:p@ss').decode()}
    assert (plain.host, plain.port, plain.headers) == ('proxy.lab', 80, {})
    assert no_proxy == ['localhost', '127.0.0.1', '.lab']


def test_empty_lower_case_variable_disables_the_upper_case_one():
    proxies, _no_proxy = from_environment({'http_proxy': '', 'HTTP_PROXY': 'http://proxy:3128'})
    assert proxies['http'] is None


def test_upper_case_http_proxy_is_ignored_under_cgi():
    proxies, _no_proxy = from_environment({'HTTP_PROXY': 'http://evil:3128', 'REQUEST_METHOD': 'GET'})
    assert proxies['http'] is None
    proxies, _no_proxy = from_environment({'http_proxy': 'http://good:3128', 'REQUEST_METHOD': 'GET'})
    assert proxies['http'].host == 'good'


@pytest.mark.parametrize('value', ['socks5://proxy:1080', 'http://proxy:notaport', 'http://'])
def test_unusable_proxy_names_the_variable_without_credentials(value):
    with pytest.raises(StarlingXError) as err:
        from_environment({'https_proxy': value.replace('://', '://u:secret@', 1)})
    assert 'https_proxy=' in err.value.msg and 'secret' not in err.value.msg


def test_no_proxy_variable_means_no_proxy():
    transport = Transport(environ={'no_proxy': '*', 'PATH': '/bin'})
    assert transport.proxy_for('https', 'example.com', 443) is None


def test_proxy_for_applies_no_proxy():
    transport = Transport(environ={'https_proxy': 'proxy:3128', 'no_proxy': 'internal.lab'})
    assert transport.proxy_for('https', 'api.internal.lab', 443) is None
    assert transport.proxy_for('https', 'example.com', 443).display == 'http://proxy:3128'
    assert transport.proxy_for('http', 'example.com', 80) is None  # no http_proxy
