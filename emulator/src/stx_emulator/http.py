"""HTTP helpers shared by the emulated services: JSON bodies, the one error type and request parsing."""

import json

from aiohttp import web


class ApiError(Exception):
    """An error answered in the envelope of the service that raised it (see ``Service.render_error``).

    ``extra`` carries service-specific fields (USM's ``system_healthy``, keystone's ``title`` ...).
    """

    def __init__(self, status, message, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def json_response(data, status=200, headers=None):
    if status in (204, 304):
        # No body and no Content-Type, as pecan answers (pecan/core.py ``_handle_empty_response_body``); clients
        # such as nfv_client's rest_api.request parse any application/json reply and fail on the empty body.
        return web.Response(status=status, headers=headers)
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        content_type="application/json",
        headers=headers,
    )


async def read_json(request, default=None, required=False):
    """The JSON body; ``default`` when empty. A body that is not JSON is a 400 in the service's envelope."""
    raw = await request.read()
    if not raw.strip():
        if required:
            raise ApiError(400, "Request body is required")
        return default
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(400, "Invalid JSON body")


def query_bool(value):
    return str(value).lower() in ("1", "true", "yes", "on")
