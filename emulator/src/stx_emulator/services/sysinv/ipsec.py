"""Platform (management network) IPsec state in sysinv: ``POST /v1/ihosts/{uuid}/update_mgmt_ipsec_state``.

The ipsec-server on the active controller reports each host's enrolment with a raw JSON string body:
``"enabling"``, ``"enabled"`` or ``"disabled"``. sysinv keeps it in the host's ``capabilities.mgmt_ipsec``.
Source: starlingx/config ``sysinv/api/controllers/v1/host.py`` (``HostController.update_mgmt_ipsec_state``) and
``common/constants.py`` (``MGMT_IPSEC_*``). The answer is HTTP 200 with JSON ``true``, or ``false`` for a value
outside the three or a host that does not exist.

As in the real code, ``"disabled"`` removes the key only when the host has one; on a host without the key it is
stored as ``mgmt_ipsec: disabled``. The value ``upgrading`` is written only by a database upgrade script, never
through this call.

The route is registered by apps.py (the hosts module owns ``/v1/ihosts``).
"""

import json

from ...http import ApiError, json_response, read_json
from .apitypes import wsexpose

FLAG = "mgmt_ipsec"
ENABLING, ENABLED, DISABLED, UPGRADING = "enabling", "enabled", "disabled", "upgrading"


def _find_host(scope, ident):
    """The host by uuid, id or hostname (sysinv's identity filter), via hosts.find_host when it exists."""
    try:
        from .hosts import find_host
    except ImportError:
        find_host = None
    if find_host is not None:
        try:
            return find_host(scope, ident)
        except ApiError:
            return None
    host = scope.by_id("ihost", ident)
    return host if host is not None else scope.first("ihost", hostname=ident)


def set_state(scope, host, state):
    """Record ``state`` on ``host`` the way the API does (also for a fake ipsec-server in the emulator)."""
    capabilities = host.get("capabilities") or {}
    if isinstance(capabilities, str):
        capabilities = json.loads(capabilities or "{}")
    capabilities = dict(capabilities)
    if state == DISABLED and capabilities.get(FLAG) is not None:
        capabilities.pop(FLAG)
    else:
        capabilities[FLAG] = state
    host["capabilities"] = capabilities
    scope.save("ihost", host)


@wsexpose("uuid", body="data")
async def update_mgmt_ipsec_state(request):
    scope = request["scope"]
    raw = await request.read()
    if not raw.strip():
        raise ApiError(400, 'Missing argument: "data"')  # wsme check_arguments: the body is the argument
    data = await read_json(request)
    if data not in (ENABLING, ENABLED, DISABLED):
        return json_response(False)
    host = _find_host(scope, request.match_info["uuid"])
    if host is None:  # exception.ServerNotFound is caught: "Failed to retrieve host with specified uuid."
        return json_response(False)
    set_state(scope, host, data)
    return json_response(True)


def add_routes(app, service):
    app.router.add_post("/v1/ihosts/{uuid}/update_mgmt_ipsec_state", update_mgmt_ipsec_state)
