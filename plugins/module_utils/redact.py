# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Redaction of secrets in headers, JSON documents and free text (API log, error bodies).

A key is secret when its name matches ``SECRET_KEY`` (password, secret, token, key, credential,
authorization, cookie, ...), case-insensitively. Under such a key every scalar is replaced by
``REDACTED`` (also inside lists); dictionaries under it are walked, so a keystone token document
(``{"token": {"catalog": ...}}``) keeps its catalog while a ``{"token": "gAAAA..."}`` loses its value.
"""

import json
import re

REDACTED = '********'
SECRET_KEY = re.compile(r'pass(word|wd|phrase)?|secret|token|key|credential|authorization|cookie|private|pwd',
                        re.IGNORECASE)
# "password": "x"   'secret': 'x'   password=x   X-Auth-Token: x
_TEXT_PATTERNS = (
    re.compile(r'''(?P<pre>(["'])(?P<key>[^"']*)\2\s*:\s*)(?P<q>["'])(?P<val>(?:\\.|(?!(?P=q)).)*)(?P=q)'''),
    re.compile(r'''(?P<pre>(?<![\w-])(?P<key>[\w.-]+)=)(?P<val>[^&\s"']+)'''),
    re.compile(r'''(?P<pre>^|\n)(?P<key>[\w-]+)(?P<sep>:[ \t]*)(?P<val>[^\r\n]+)'''),
)


def is_secret_key(key):
    return isinstance(key, str) and SECRET_KEY.search(key) is not None


def redact(value, secret=False):
    """Return a copy of a JSON-like ``value`` with the values of secret keys replaced."""
    if isinstance(value, dict):
        return dict((k, redact(v, is_secret_key(k))) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [redact(v, secret) for v in value]
    if secret and value is not None and not isinstance(value, bool):
        return REDACTED
    return value


def redact_headers(headers):
    """Return a plain dict of ``headers`` with secret header values (X-Auth-Token, ...) replaced."""
    if not headers:
        return {}
    items = headers.items() if hasattr(headers, 'items') else headers
    return dict((k, REDACTED if is_secret_key(k) else v) for k, v in items)


def _sub_text(match):
    if not is_secret_key(match.group('key')):
        return match.group(0)
    groups = match.groupdict()
    if groups.get('q') is not None:
        return '%s%s%s%s' % (match.group('pre'), match.group('q'), REDACTED, match.group('q'))
    if groups.get('sep') is not None:
        return '%s%s%s%s' % (match.group('pre'), match.group('key'), match.group('sep'), REDACTED)
    return match.group('pre') + REDACTED


def redact_text(text):
    """Redact a body given as text: JSON is parsed and redacted, anything else is pattern-matched."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    stripped = text.strip()
    if stripped[:1] in ('{', '['):
        try:
            return json.dumps(redact(json.loads(stripped)), sort_keys=True)
        except ValueError:
            pass
    for pattern in _TEXT_PATTERNS:
        text = pattern.sub(_sub_text, text)
    return text
