# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Decoding of each StarlingX service's error envelope (``errors.decode_error``, on failures only).

``decode`` turns an error response of any StarlingX service into the human message the service meant:

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
from http.client import responses as _HTTP_REASONS

from ansible_collections.starlingx.platform.plugins.module_utils.errors import MAX_BODY_CHARS, header_value, trim_body

# Longest message taken from a non-JSON body.
MAX_MESSAGE_CHARS = 500

SERVICE_ALIASES = {
    'sysinv': 'platform',
    'fm': 'faultmanagement',
    'vim': 'nfv',
    'keystone': 'identity',
    'software': 'usm',
}


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


def decode(service, status, body_bytes, headers=None):
    """The message of an error response from ``service`` (see ``errors.decode_error``)."""
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
