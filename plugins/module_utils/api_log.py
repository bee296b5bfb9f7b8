# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""The opt-in API log (``api_log_path``): one JSON line per HTTP attempt, secrets redacted.

Imported by ``client.Client`` only when ``api_log_path`` is set. A line holds time, method, URL,
status, elapsed seconds, attempt number, request and response headers and bodies (JSON bodies
parsed and redacted with ``redact.py``, other text redacted by pattern, form bodies and binary data
by size only), ``error`` for a failed attempt, ``retrying`` when the client tries again and
``reconnected`` when a kept-alive connection closed by the server was replaced. The file is
created with mode 0600 and appended to.
"""

import json
import os
import time

from ansible_collections.starlingx.platform.plugins.module_utils.errors import header_value, trim_body
from ansible_collections.starlingx.platform.plugins.module_utils.redact import redact, redact_headers, redact_text

# Longest response body kept (parsed) in one API log line.
LOG_BODY_CHARS = 65536


def write_entry(path, method, url, headers, body, reply, elapsed, attempt, retry, error=None):
    """Append the line of one attempt (``reply`` is a ``transport.Reply``; ``error`` its description)."""
    entry = {
        'time': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'method': method,
        'url': url,
        'status': reply.status,
        'elapsed': round(elapsed, 4),
        'attempt': attempt,
        'request_headers': redact_headers(headers),
        'request_body': log_body(body, headers.get('Content-Type')),
        'response_headers': redact_headers(reply.headers) if reply.headers is not None else None,
        'response_body': log_body(reply.body, header_value(reply.headers, 'Content-Type')),
    }
    if error is not None:
        entry['error'] = error
    if retry:
        entry['retrying'] = True
    if reply.reconnected:
        entry['reconnected'] = True
    if reply.proxy:
        entry['proxy'] = reply.proxy
    line = json.dumps(entry, sort_keys=True, default=str) + '\n'
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode('utf-8'))
    finally:
        os.close(fd)


def log_body(body, content_type):
    """A request/response body for the API log: parsed + redacted JSON, else redacted text or a size."""
    if body is None or body == b'' or body == '':
        return None
    if isinstance(body, bytes):
        try:
            text = body.decode('utf-8')
        except UnicodeDecodeError:
            return '<%d bytes of binary data>' % len(body)
    else:
        text = str(body)
    content_type = (content_type or '').lower()
    if 'multipart' in content_type or 'x-www-form-urlencoded' in content_type:
        # form fields (dcmanager passwords) cannot be redacted reliably: log the size only
        return '<%d bytes of %s>' % (len(text), content_type.split(';')[0])
    stripped = text.strip()
    if stripped[:1] in ('{', '[', '"') or stripped in ('null', 'true', 'false'):
        try:
            value = redact(json.loads(stripped))
            if len(stripped) <= LOG_BODY_CHARS:
                return value
            return trim_body(json.dumps(value), LOG_BODY_CHARS)
        except ValueError:
            pass
    return trim_body(redact_text(text), LOG_BODY_CHARS)
