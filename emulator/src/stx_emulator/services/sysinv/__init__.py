"""sysinv, the StarlingX platform inventory API (``system`` CLI), on port 6385 under ``/v1``.

The service is split by resource: ``system`` (isystems), ``hosts`` (ihosts and their actions),
``networking`` (networks, addrpools, network_addresspools, interfaces, interface_networks, iextoam, rate limits),
``apps`` (kube applications), ``storage`` (storage backends, stors). Each module has ``add_routes(app, service)``.

Errors use sysinv's double-encoded envelope (api/middleware/parsable_error.py):
``{"error_message": "{\\"faultcode\\": \\"Client\\", \\"faultstring\\": \\"...\\", \\"debuginfo\\": null}"}``;
``faultcode`` is ``Server`` for 5xx.

Every route's handler declares the arguments of the real controller method (``apitypes.wsexpose``): query
arguments the real method does not declare are refused as wsme refuses them (400 ``Unknown argument: "x"``).
"""

import importlib
import json

from ...http import ApiError, json_response
from ...service import Service
from .apitypes import wsexpose

RESOURCE_MODULES = ("system", "hosts", "networking", "apps", "storage")
MAX_LIMIT = 2000


class Sysinv(Service):
    name = "sysinv"
    service_type = "platform"
    ports = {"public": 6385, "internal": 6385, "admin": 6385}
    url_path = "/v1"
    public_paths = ("/", "/v1", "/v1/")
    read_roles = ("admin", "reader", "operator", "configurator")
    write_roles = ("admin", "configurator")

    def add_routes(self, app):
        app.router.add_get("/", wsexpose()(self.root))  # RootController.get / v1.Controller.get: no arguments
        app.router.add_get("/v1", wsexpose()(self.v1))
        app.router.add_get("/v1/", wsexpose()(self.v1))
        for name in RESOURCE_MODULES:
            importlib.import_module("%s.%s" % (__name__, name)).add_routes(app, self)

    def render_error(self, error):
        inner = {"faultcode": "Server" if error.status >= 500 else "Client", "faultstring": error.message,
                 "debuginfo": None}
        return json_response({"error_message": json.dumps(inner)}, status=error.status)

    def not_found(self, request):
        return ApiError(404, "The resource could not be found.")

    def on_restart(self, scope):
        for name in RESOURCE_MODULES:
            module = importlib.import_module("%s.%s" % (__name__, name))
            hook = getattr(module, "on_restart", None)
            if hook:
                hook(self.emulator, scope)

    # -- version documents ---------------------------------------------------------------------------------
    @staticmethod
    def _base(request):
        return "%s://%s" % (request.scheme, request.host)

    async def root(self, request):
        base = self._base(request)
        return json_response({
            "name": "StarlingX System API",
            "description": "StarlingX System API allows for the management of physical servers.  This includes "
                           "inventory collection and configuration of hosts, ports, interfaces, CPUs, disk, "
                           "memory, and system configuration.  The API also supports the configuration of the "
                           "cloud's SNMP interface. ",
            "versions": [{"id": "v1", "links": [{"href": base + "/v1/", "rel": "self"}]}],
            "default_version": {"id": "v1", "links": [{"href": base + "/v1/", "rel": "self"}]},
        })

    async def v1(self, request):
        base = self._base(request) + "/v1/"
        resources = ("isystems", "ihosts", "iinterfaces", "networks", "addrpools", "network_addresspools",
                     "interface_networks", "iextoam", "apps")
        doc = {"id": "v1", "links": [{"href": base, "rel": "self"}],
               "media_types": [{"base": "application/json", "type": "application/vnd.openstack.sysinv.v1+json"}]}
        for res in resources:
            doc[res] = [{"href": base + res + "/", "rel": "self"}, {"href": base + res + "/", "rel": "bookmark"}]
        return json_response(doc)


def paginate(request, key, items, view=None):
    """sysinv collection: ``{key: [...], "next": url}``; ``next`` only when the page is full.

    Honours ``limit`` (default and max 2000), ``marker`` (uuid of the last item seen), ``sort_key``, ``sort_dir``;
    the handler declares them (``apitypes.wsexpose``), so their presence and types are checked before.
    """
    query = request.query
    limit = int(query.get("limit", MAX_LIMIT))  # an integer: apitypes.wsexpose refused anything else
    if limit < 0:  # api/controllers/v1/utils.py validate_limit
        raise ApiError(400, "Limit must be positive")
    limit = min(limit or MAX_LIMIT, MAX_LIMIT)
    sort_key = query.get("sort_key", "id")
    sort_dir = query.get("sort_dir", "asc")
    if sort_dir not in ("asc", "desc"):
        raise ApiError(400, "Invalid sort direction: %s. Acceptable values are 'asc' or 'desc'" % sort_dir)
    items = sorted(items, key=lambda o: (o.get(sort_key) is None, o.get(sort_key)), reverse=sort_dir == "desc")
    marker = query.get("marker")
    if marker:
        uuids = [o.get("uuid") for o in items]
        if marker not in uuids:
            raise ApiError(400, "Marker %s not found" % marker)  # TODO(sysinv): check real text
        items = items[uuids.index(marker) + 1:]
    page = items[:limit]
    body = {key: [view(o) if view else o for o in page]}
    if page and len(page) == limit:
        url = request.url.with_query({**dict(query), "limit": str(limit), "marker": page[-1]["uuid"]})
        body["next"] = str(url)
    return body
