# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Deterministic YAML text for files a module writes on a target, with the standard library only.

``dump(data)`` writes block-style YAML (mappings, sequences, null, booleans, numbers, strings) that
PyYAML and Ansible read back as the same data. A string is written plain only when it cannot be read
as anything else (it starts with a letter, ``_`` or ``/`` and is not a YAML 1.1 boolean or null word);
every other string is double-quoted. Mapping keys are written in the order given by ``key_order``
(default: sorted), so the same data always gives the same text: a module can compare texts to decide
whether a file changes.

``mask_lines(text, is_secret, mask)`` replaces, in YAML text of unknown origin, the values of the keys
``is_secret`` accepts: ``key: value`` anywhere on a line (block or flow style) and every line of a block
nested under such a key. It is meant for diffs of files that may hold secrets.
"""

import math
import re

_PLAIN = re.compile(r'^[A-Za-z_/][A-Za-z0-9_./@+-]*$')
_RESERVED = frozenset(('y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null'))


def _quote(text):
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == '\\':
            out.append('\\\\')
        elif char == '\n':
            out.append('\\n')
        elif char == '\t':
            out.append('\\t')
        elif char == '\r':
            out.append('\\r')
        elif code < 0x20 or code == 0x7f:
            out.append('\\x%02x' % code)
        elif 0x80 <= code < 0xa0 or code in (0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff) or 0xd800 <= code <= 0xdfff:
            out.append('\\u%04x' % code)
        else:
            out.append(char)
    out.append('"')
    return ''.join(out)


def scalar(value):
    """The YAML text of a scalar (or of an empty mapping / sequence)."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return '.nan'
        if value in (float('inf'), float('-inf')):
            return '.inf' if value > 0 else '-.inf'
        return repr(value)
    if isinstance(value, dict):
        return '{}'
    if isinstance(value, (list, tuple)):
        return '[]'
    text = value if isinstance(value, str) else str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return _quote(text)


def _is_block(value):
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def _mapping(data, indent, lines, key_order):
    pad = ' ' * indent
    for key in key_order(data):
        value = data[key]
        if _is_block(value):
            lines.append('%s%s:' % (pad, scalar(key)))
            if isinstance(value, dict):
                _mapping(value, indent + 2, lines, _sorted)
            else:
                _sequence(value, indent + 2, lines)
        else:
            lines.append('%s%s: %s' % (pad, scalar(key), scalar(value)))


def _sequence(items, indent, lines):
    pad = ' ' * indent
    for item in items:
        if isinstance(item, dict) and item:
            nested = []
            _mapping(item, indent + 2, nested, _sorted)
            nested[0] = pad + '- ' + nested[0][indent + 2:]
            lines.extend(nested)
        elif _is_block(item):
            lines.append(pad + '-')
            _sequence(item, indent + 2, lines)
        else:
            lines.append('%s- %s' % (pad, scalar(item)))


def _sorted(data):
    return sorted(data, key=lambda k: (str(type(k)), str(k)))


def dump(data, key_order=None, header=None):
    """YAML text of the mapping ``data``; ``key_order(data)`` orders the top-level keys (default sorted).

    ``header`` lines are written as comments after the ``---`` document start.
    """
    lines = ['---']
    for line in header or ():
        lines.append(('# ' + line).rstrip())
    if data:
        _mapping(data, 0, lines, key_order or _sorted)
    else:
        lines.append('{}')
    return '\n'.join(lines) + '\n'


_BLOCK_ENTRY = re.compile(r"""^(?P<pre>\s*(?:-\s+)*(?P<q>["']?)(?P<key>[^"'#{}\[\],:\s][^"'#{}\[\],:]*?)(?P=q)\s*:)"""
                          r"""(?:(?P<sp>[ \t]+)(?P<val>.*?))?\s*$""")
_FLOW_ENTRY = re.compile(r"""(?P<pre>[{,]\s*(?P<q>["']?)(?P<key>[^\s"':{},\[\]]+)(?P=q)\s*:\s*)"""
                         r"""(?P<val>"(?:\\.|[^"\\])*"|'(?:''|[^'])*'|[^,}\]\s{\[][^,}\]]*?)(?=\s*[,}\]])""")
_BLOCK_SCALAR = ('', '|', '>', '|-', '>-', '|+', '>+')


def _mask_flow(text, is_secret, mask):
    def _replace(match):
        if not is_secret(match.group('key')):
            return match.group(0)
        return match.group('pre') + mask
    return _FLOW_ENTRY.sub(_replace, text)


def mask_lines(text, is_secret, mask='********'):
    """``text`` with the values of secret keys (``is_secret(name)``) replaced by ``mask``.

    Handles ``key: value`` lines (also as sequence items), block values nested under a secret key
    (every more-indented line is masked) and ``{key: value}`` flow mappings.
    """
    if not text:
        return text
    out = []
    block_indent = None
    for line in text.splitlines():
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if stripped == '' or stripped.startswith('#'):
                out.append(line)
                continue
            if indent > block_indent:
                out.append(' ' * indent + mask)
                continue
            block_indent = None
        entry = _BLOCK_ENTRY.match(line)
        if entry is None:
            out.append(_mask_flow(line, is_secret, mask))
            continue
        value = entry.group('val') or ''
        if is_secret(entry.group('key')):
            if value in _BLOCK_SCALAR:
                block_indent = indent
                out.append(line)
            else:
                out.append('%s %s' % (entry.group('pre'), mask))
            continue
        if value[:1] in ('{', '['):
            out.append(_mask_flow(line, is_secret, mask))
        else:
            out.append(line)
    return '\n'.join(out) + ('\n' if text.endswith('\n') else '')
