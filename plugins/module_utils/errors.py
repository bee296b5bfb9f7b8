# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""The collection's one exception type, and the entry point to the decoding of error envelopes.

Every failure that a module should report (HTTP error, connection failure, timeout, bad input
detected before a request) is a ``StarlingXError``. ``decode_error`` turns an error response of
any StarlingX service into the human message the service meant; the decoding itself lives in
``envelopes.py``, imported only when an error response is decoded.
"""

import json

# Longest body text kept in an exception (and so in a failed task's result).
MAX_BODY_CHARS = 2000


class StarlingXError(Exception):
    """A failure talking to (or validating input for) a StarlingX API.

    ``msg`` is the human message (for an HTTP error: the message decoded from the service's
    envelope). ``status`` is the HTTP status (None for connection failures, timeouts and input
    validation). ``body`` is kept as text, trimmed to ``MAX_BODY_CHARS``; the client redacts
    secrets before it gets here.
    """

    def __init__(self, msg, status=None, method=None, url=None, body=None, service=None):
        super(StarlingXError, self).__init__(msg)
        self.msg = msg
        self.status = status
        self.method = method
        self.url = url
        self.body = trim_body(body)
        self.service = service

    def __str__(self):
        if self.status is None and not self.url:
            return self.msg
        where = ' '.join(str(p) for p in (self.method, self.url) if p)
        status = 'HTTP %s' % self.status if self.status is not None else 'no response'
        return '%s (%s%s)' % (self.msg, status, ' from ' + where if where else '')

    def to_dict(self):
        """The keyword arguments for ``fail_json``: msg plus whatever is known."""
        result = {'msg': self.msg}
        for key in ('status', 'method', 'url', 'body', 'service'):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        return result


def trim_body(body, limit=MAX_BODY_CHARS):
    """Return ``body`` as text of at most ``limit`` characters (None stays None)."""
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode('utf-8', 'replace')
    elif not isinstance(body, str):
        try:
            body = json.dumps(body, sort_keys=True)
        except (TypeError, ValueError):
            body = str(body)
    if len(body) > limit:
        return '%s... [%d more characters]' % (body[:limit], len(body) - limit)
    return body


def header_value(headers, name):
    """A header from an HTTPMessage or a dict, case-insensitively (None when absent)."""
    if not headers:
        return None
    getter = getattr(headers, 'get', None)
    if getter is None:
        return None
    value = getter(name)
    if value is None and isinstance(headers, dict):
        lname = name.lower()
        for key, val in headers.items():
            if key.lower() == lname:
                return val
    return value


def decode_error(service, status, body_bytes, headers=None):
    """Return the human error message of an error response from ``service`` (see ``envelopes.py``).

    ``service`` is a keystone service type (``platform``, ``usm``, ``nfv``, ``dcmanager``,
    ``faultmanagement``, ``identity``) or an alias (``sysinv``, ``vim``, ``keystone``, ``fm``).
    Never raises: an unknown body yields a short text or ``HTTP <status> <reason>``.
    """
    from ansible_collections.starlingx.platform.plugins.module_utils.envelopes import decode
    return decode(service, status, body_bytes, headers)


def usm_check(body, status=200, method=None, url=None):
    """Raise if a USM reply carries a non-empty ``error`` (USM reports some failures with HTTP 200).

    Returns ``body`` unchanged otherwise, so calls can be chained:
    ``result = usm_check(client.post('usm', '/v1/deploy_host/controller-0')[2])``.
    """
    if isinstance(body, dict):
        error = body.get('error')
        if isinstance(error, str) and error.strip():
            raise StarlingXError(error.strip(), status=status, method=method, url=url, body=body, service='usm')
    return body
