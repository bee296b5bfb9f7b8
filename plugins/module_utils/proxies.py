# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Proxies from the environment for ``transport.Transport``, read as curl and urllib read them.

Imported by the transport only when ``http_proxy`` or ``https_proxy`` is set (in any case).

* ``https_proxy`` / ``http_proxy``: lower case first; an empty lower-case variable disables the
  upper-case one; ``HTTP_PROXY`` is ignored when ``REQUEST_METHOD`` is set (CGI, httpoxy).
  ``[http://][user:password@]host[:port]``: credentials (percent-decoded) become
  ``Proxy-Authorization: Basic``; the scheme may be ``http`` or ``https`` but the proxy is always
  reached in clear text (as urllib did); errors name the variable, never the credentials.
* ``no_proxy`` / ``NO_PROXY``: comma- or space-separated ``*``, host names (matching themselves and
  their subdomains; a leading ``.`` or ``*.`` is ignored), IP addresses, CIDR ranges, each
  optionally with ``:port`` (IPv6 in brackets when a port follows).
"""

import base64
import ipaddress
from urllib.parse import unquote, urlsplit

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.transport import DEFAULT_PORTS, bracket


class Proxy(object):
    """A proxy from ``http_proxy`` / ``https_proxy``: ``[http://][user:password@]host[:port]``."""

    def __init__(self, value, variable):
        text = value.strip()
        parts = urlsplit(text if '://' in text else 'http://' + text)
        scheme = parts.scheme.lower()
        try:
            port = parts.port
        except ValueError:
            port = -1
        if scheme not in DEFAULT_PORTS or not parts.hostname or port == -1:
            raise StarlingXError('%s=%r is not a usable proxy: expected http://[user:password@]host[:port]'
                                 % (variable, _without_credentials(text)))
        self.host = parts.hostname
        self.port = port or DEFAULT_PORTS[scheme]
        self.display = 'http://%s:%d' % (bracket(self.host), self.port)
        self.headers = {}
        if parts.username is not None:
            credentials = '%s:%s' % (unquote(parts.username), unquote(parts.password or ''))
            self.headers['Proxy-Authorization'] = 'Basic ' + base64.b64encode(credentials.encode('utf-8')).decode()


def _without_credentials(text):
    scheme, sep, rest = text.rpartition('://')
    return scheme + sep + rest.rpartition('@')[2]


def _env_value(environ, name):
    """``name`` in lower case, else upper case (``HTTP_PROXY`` not under CGI: httpoxy); '' when unset."""
    if name in environ:
        return environ[name].strip(), name
    upper = name.upper()
    if upper == 'HTTP_PROXY' and 'REQUEST_METHOD' in environ:
        return '', upper
    return environ.get(upper, '').strip(), upper


def from_environment(environ):
    """``({'http': Proxy or None, 'https': Proxy or None}, no_proxy_entries)``."""
    proxies = {}
    for scheme in DEFAULT_PORTS:
        value, variable = _env_value(environ, scheme + '_proxy')
        proxies[scheme] = Proxy(value, variable) if value else None
    no_proxy = _env_value(environ, 'no_proxy')[0]
    entries = [e for e in no_proxy.replace(' ', ',').split(',') if e]
    return proxies, entries


def bypass(host, port, no_proxy):
    """True when the ``no_proxy`` entries exclude ``host:port`` from proxying (see the module docstring)."""
    host = host.lower().rstrip('.')
    for entry in no_proxy:
        entry = entry.lower()
        if entry == '*':
            return True
        name, entry_port = entry, None
        if entry.startswith('['):
            name, _sep, rest = entry[1:].partition(']')
            entry_port = rest[1:] or None
        elif entry.count(':') == 1:
            name, entry_port = entry.split(':')
        if entry_port is not None and entry_port != str(port):
            continue
        if '/' in name:
            if _in_network(host, name):
                return True
            continue
        name = name[2:] if name.startswith('*.') else name.lstrip('.')
        if name and (host == name or host.endswith('.' + name)):
            return True
    return False


def _in_network(host, cidr):
    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False
