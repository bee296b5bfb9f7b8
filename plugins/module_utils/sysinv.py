# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""sysinv (``system``) API: service type ``platform``, port 6385, version prefix ``/v1``.

Facts (shared/reference/sysinv.md): POST/PATCH/GET answer 200, DELETE 204; PATCH takes a JSON-patch
list (the CLI sends ``replace`` with string values); collections are ``{"<key>": [...], "next": url}``
with ``next`` only when a page (``limit``, max 2000) is full; ``/v1/ihosts/{id}`` accepts an id, a
uuid or a hostname; errors are double-encoded (``errors.decode_error``).
"""

from urllib.parse import parse_qs, urlsplit

from ansible_collections.starlingx.platform.plugins.module_utils.client import ServiceAPI
from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError

PAGE_LIMIT = 2000


def jsonpatch_replace(changes):
    """``{"k": v}`` -> ``[{"op": "replace", "path": "/k", "value": v}]`` (insertion order kept)."""
    return [{'op': 'replace', 'path': '/' + str(key).lstrip('/'), 'value': value} for key, value in changes.items()]


class SysinvAPI(ServiceAPI):
    service_type = 'platform'
    version_prefix = '/v1'

    def list(self, collection, key=None, params=None):
        """All items of a collection (``ihosts``, ``networks``, ...), following ``next`` pages."""
        key = key or collection.split('/')[-1]
        query = dict(params or {})
        query.setdefault('limit', PAGE_LIMIT)
        items = []
        while True:
            body = self.get(collection, params=query) or {}
            items.extend(body.get(key) or [])
            marker = _next_marker(body.get('next'))
            if not marker or marker == query.get('marker'):
                return items
            query['marker'] = marker

    def system(self):
        """The single isystem of this region."""
        systems = self.list('isystems')
        if not systems:
            raise StarlingXError('sysinv returned no isystem (is the system bootstrapped?)', service=self.service_type)
        return systems[0]

    def hosts(self, personality=None):
        return self.list('ihosts', params={'personality': personality} if personality else None)

    def host(self, id_or_name):
        """The ihost with this id, uuid or hostname; None when it does not exist."""
        return self.find('ihosts', id_or_name)

    def patch(self, collection, ident, ops):
        """PATCH a resource with a JSON-patch list; returns the updated resource."""
        return self.request('PATCH', self.path(collection, ident), json=ops)[2]

    def host_action(self, id_or_name, action):
        """Run a maintenance action (lock, unlock, swact, ...) on a host."""
        return self.patch('ihosts', id_or_name, jsonpatch_replace({'action': action}))


def _next_marker(next_url):
    if not next_url:
        return None
    values = parse_qs(urlsplit(str(next_url)).query).get('marker')
    return values[0] if values else None
