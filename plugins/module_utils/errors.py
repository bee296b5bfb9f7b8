# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""The collection's one exception type and the decoding of each service's error envelope.

Every failure that a module should report (HTTP error, connection failure, timeout, bad input
detected before a request) is a ``StarlingXError``. ``decode_error`` turns an error response of
any StarlingX service into the human message the service meant:

============  ==========================================================================
service       envelope
============  ==========================================================================
platform      sysinv/fm (wsme): ``{"error_message": "<JSON string with faultstring>"}``
usm           ``{"info", "warning", "error"}``: message = error or info
nfv           VIM: ``{"faultcode", "faultstring", "debuginfo"}``
dcmanager     ``Accept: application/json``: ``{"code", "title", "description"}``;
              otherwise webob HTML (``<h1>`` + explanation ``<br /><br />`` detail) or plain text
identity      keystone (and keystonemiddleware 401s of every service):
              ``{"error": {"code", "title", "message"}}``
============  ==========================================================================

Shapes are tried service-first, then in a fixed order, because a service may answer with another
service's envelope (keystonemiddleware's 401, haproxy's HTML 503).
"""

import json
import re

try:
    from http.client import responses as _HTTP_REASONS
except ImportError:  # pragma: no cover
    _HTTP_REASONS = {}

# Longest body text kept in an exception (and so in a failed task's result).
MAX_BODY_CHARS = 2000
# Longest message taken from a non-JSON body.
MAX_MESSAGE_CHARS = 500

SERVICE_ALIASES = {
    'sysinv': 'platform',
    'fm': 'faultmanagement',
    'vim': 'nfv',
    'keystone': 'identity',
    'software': 'usm',
}


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


def _text(body_bytes):
    if body_bytes is None:
        return ''
    if isinstance(body_bytes, bytes):
        return body_bytes.decode('utf-8', 'replace')
    return str(body_bytes)


def _clean(message):
    if message is None:
        return None
    if not isinstance(message, str):
        message = str(message)
    message = message.strip()
    return message or None


# -- JSON envelopes ------------------------------------------------------------------------------

def _sysinv(doc):
    """``{"error_message": "<json string>"}``; the inner string may also be plain text or a dict."""
    if 'error_message' not in doc:
        return None
    inner = doc['error_message']
    if isinstance(inner, str):
        try:
            inner = json.loads(inner)
        except ValueError:
            return _clean(inner)
    if isinstance(inner, dict):
        return _clean(inner.get('faultstring')) or _clean(inner.get('message')) or _clean(json.dumps(inner))
    return _clean(inner)


def _usm(doc):
    """``{"info", "warning", "error"}``: error first, else info (some 406s put the text there)."""
    if 'error' not in doc or isinstance(doc.get('error'), dict):
        return None
    if not ('info' in doc or 'warning' in doc):
        return None
    return _clean(doc.get('error')) or _clean(doc.get('info')) or _clean(doc.get('warning'))


def _vim(doc):
    if 'faultstring' not in doc:
        return None
    return _clean(doc.get('faultstring'))


def _keystone(doc):
    err = doc.get('error')
    if not isinstance(err, dict):
        return None
    return _clean(err.get('message')) or _clean(err.get('title'))


def _webob_json(doc):
    """dcmanager with ``Accept: application/json``: ``{"code", "title", "description"}``."""
    if 'description' in doc or ('title' in doc and 'code' in doc):
        description = _clean(doc.get('description'))
        if description:
            return description
        message = _clean(doc.get('message'))
        if message:
            # webob's own JSON formatter puts "explanation\n\ndetail" in message.
            return message.split('\n\n')[-1].strip() or message
        return _clean(doc.get('title'))
    return None


_EXTRACTORS = {
    'platform': _sysinv,
    'faultmanagement': _sysinv,
    'usm': _usm,
    'nfv': _vim,
    'dcmanager': _webob_json,
    'identity': _keystone,
}
_ORDER = (_sysinv, _keystone, _usm, _vim, _webob_json)


def _from_json(service, doc):
    if not isinstance(doc, dict):
        return None
    first = _EXTRACTORS.get(service)
    extractors = ((first,) if first else ()) + tuple(e for e in _ORDER if e is not first)
    for extractor in extractors:
        message = extractor(doc)
        if message:
            return message
    for key in ('message', 'detail', 'msg', 'reason'):
        message = _clean(doc.get(key)) if isinstance(doc.get(key), str) else None
        if message:
            return message
    return None


# -- HTML and plain text -------------------------------------------------------------------------

_TAG = re.compile(r'<[^>]+>')
_BODY = re.compile(r'<body[^>]*>(.*?)</body>', re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r'<(h1|title)[^>]*>.*?</\1>', re.IGNORECASE | re.DOTALL)
_DOUBLE_BR = re.compile(r'<br\s*/?>\s*<br\s*/?>', re.IGNORECASE)
_COMMENT = re.compile(r'<!--.*?-->', re.DOTALL)
_SPACES = re.compile(r'\s+')
_STATUS_LINE = re.compile(r'^\d{3}\s+[^\n]*$')


def _strip_tags(html):
    text = _TAG.sub(' ', html)
    for entity, char in (('&nbsp;', ' '), ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"'), ('&#39;', "'"), ('&amp;', '&')):
        text = text.replace(entity, char)
    return _SPACES.sub(' ', text).strip()


def _from_html(text):
    """webob/haproxy HTML: the detail after ``<br /><br />`` if any, else the text after ``<h1>``."""
    text = _COMMENT.sub('', text)
    match = _BODY.search(text)
    body = match.group(1) if match else text
    body = _TITLE.sub(' ', body)
    parts = [_strip_tags(p) for p in _DOUBLE_BR.split(body)]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return parts[-1]


def _from_plain(text):
    """webob plain text: ``"404 Not Found\\n\\nexplanation\\n\\n detail"`` -> the last paragraph."""
    text = text.strip()
    if not text:
        return None
    paragraphs = [p.strip() for p in re.split(r'\n\s*\n', text) if p.strip()]
    if len(paragraphs) > 1 and _STATUS_LINE.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    message = _SPACES.sub(' ', paragraphs[-1]) if paragraphs else text
    return message[:MAX_MESSAGE_CHARS]


def decode_error(service, status, body_bytes, headers=None):
    """Return the human error message of an error response from ``service``.

    ``service`` is a keystone service type (``platform``, ``usm``, ``nfv``, ``dcmanager``,
    ``faultmanagement``, ``identity``) or an alias (``sysinv``, ``vim``, ``keystone``, ``fm``).
    Never raises: an unknown body yields a short text or ``HTTP <status> <reason>``.
    """
    service = SERVICE_ALIASES.get(service, service)
    text = _text(body_bytes).strip()
    message = None
    if text:
        doc = None
        if text[0] in '{["' or text in ('null', 'true', 'false'):
            try:
                doc = json.loads(text)
            except ValueError:
                doc = None
        if isinstance(doc, dict):
            message = _from_json(service, doc)
        elif isinstance(doc, str):
            message = _clean(doc)
        elif doc is None:
            content_type = (header_value(headers, 'Content-Type') or '').lower()
            if 'html' in content_type or text.lstrip().startswith('<'):
                message = _from_html(text)
            else:
                message = _from_plain(text)
    if message:
        return trim_body(message, MAX_BODY_CHARS)
    reason = _HTTP_REASONS.get(status, '') if status is not None else ''
    if status is None:
        return 'request failed'
    return ('HTTP %s %s' % (status, reason)).strip()


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
