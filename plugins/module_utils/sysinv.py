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
# Collections whose real ``get_all`` declares no paging arguments (kube_app.py ``get_all(self)``): wsme answers
# 400 ``Unknown argument: "limit"`` to a ``limit`` there, so ``list()`` sends none.
UNPAGED_COLLECTIONS = frozenset(['apps'])


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
        if collection not in UNPAGED_COLLECTIONS:
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

    def create(self, collection, body):
        """POST a new resource (sysinv answers 200 with it); returns the created resource."""
        return self.request('POST', self.path(collection), json=body)[2]

    def delete(self, collection, ident):
        """DELETE a resource; True when deleted, False when it was already gone (404)."""
        status = self.request('DELETE', self.path(collection, ident), ok_statuses=(404,), expect_json=False)[0]
        return status != 404

    def host_by_mac(self, mac):
        """The ihost whose ``mgmt_mac`` is ``mac`` (case and ``-``/``:`` ignored); None when there is none."""
        wanted = normalize_mac(mac)
        for host in self.hosts():
            if host.get('mgmt_mac') and normalize_mac(host['mgmt_mac']) == wanted:
                return host
        return None

    def require_host(self, id_or_name):
        """The ihost with this id, uuid or hostname; a StarlingXError naming it when it does not exist."""
        host = self.host(id_or_name)
        if host is None:
            raise StarlingXError('host %s does not exist' % id_or_name, status=404, service=self.service_type)
        return host

    def host_interfaces(self, host_uuid):
        """The iinterfaces of a host (``GET /v1/ihosts/{uuid}/iinterfaces``)."""
        return self.list('ihosts/%s/iinterfaces' % host_uuid, key='iinterfaces')

    def host_ports(self, host_uuid):
        """The ethernet ports of a host; each names the interface on it (``interface_uuid``)."""
        return self.list('ihosts/%s/ethernet_ports' % host_uuid, key='ethernet_ports')

    def host_interface_networks(self, host_uuid):
        """The interface <-> platform network assignments of a host's interfaces."""
        return self.list('ihosts/%s/interface_networks' % host_uuid, key='interface_networks')

    def host_disks(self, host_uuid):
        """The disks of a host (``GET /v1/ihosts/{uuid}/idisks``)."""
        return self.list('ihosts/%s/idisks' % host_uuid, key='idisks')

    # -- storage (storage-backend-add, host-stor-add; shared/reference/sysinv.md section 13) ----------
    def storage_backend(self, backend):
        """The storage backend of type ``backend`` (``ceph``, ...); None when there is none."""
        found = [b for b in self.list('storage_backend', key='storage_backends') if b.get('backend') == backend]
        return found[0] if found else None

    def host_stors(self, host_uuid):
        """The stors (OSDs, journals) of a host (``GET /v1/ihosts/{uuid}/istors``)."""
        return self.list('ihosts/%s/istors' % host_uuid, key='istors')

    # -- applications (/v1/apps; shared/reference/sysinv.md section 9) -----------------------------
    def apps(self):
        """Every application, inactive versions left out. ``GET /v1/apps`` takes no paging arguments."""
        return (self.get('apps') or {}).get('apps') or []

    def app(self, name):
        """The application ``name`` (its version that is not inactive); None when there is none."""
        return self.find('apps', name)

    def app_upload(self, body):
        """``POST /v1/apps`` (``tarfile``, ``name``, ``app_version``, ``images``, ``binary_data``)."""
        return self.request('POST', self.path('apps'), json=body)[2]

    def app_directive(self, name, directive, values=None, force=None):
        """``PATCH /v1/apps/{name}?directive=apply|remove|abort[&force=True|False]`` with ``{"values": {...}}``."""
        params = {'directive': directive}
        if force is not None:
            params['force'] = 'True' if force else 'False'
        return self.request('PATCH', self.path('apps', name), params=params, json={'values': values or {}})[2]

    def app_update(self, body):
        """``POST /v1/apps/update`` (``tarfile``, ``name``, ``app_version``, ``reuse_user_overrides``, ...)."""
        return self.request('POST', self.path('apps', 'update'), json=body)[2]

    def app_delete(self, name, force=False):
        """``DELETE /v1/apps/{name}?force=True|False`` (204)."""
        self.request('DELETE', self.path('apps', name), params={'force': 'True' if force else 'False'},
                     expect_json=False)

    def oam(self):
        """The OAM network as ``GET /v1/iextoam`` shows it (``oam_subnet``, ``oam_floating_ip``, ``oam_c0_ip``,
        ``oam_c1_ip``, ``oam_gateway_ip``, ...); None when there is none."""
        items = self.list('iextoam', key='iextoams')
        return items[0] if items else None


def without_links(resource):
    """A sysinv resource without its ``links`` and link-list fields (``ports``, ``idisks``... of a host)."""
    if resource is None:
        return None
    return dict((k, v) for k, v in resource.items() if k != 'links' and not _is_link_list(v))


def _is_link_list(value):
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and 'href' in v for v in value)


def normalize_mac(mac):
    """``08-00-27-AA-BB-CC`` -> ``08:00:27:aa:bb:cc`` (the form sysinv stores)."""
    return str(mac).strip().lower().replace('-', ':')


def _next_marker(next_url):
    if not next_url:
        return None
    values = parse_qs(urlsplit(str(next_url)).query).get('marker')
    return values[0] if values else None
