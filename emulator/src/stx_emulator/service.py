"""Base class of an emulated StarlingX service.

A service declares its keystone catalog entry (``service_type``, ``name``, ports per interface and the path
prefix of its endpoint URLs), adds its routes, renders errors in its own envelope and says which paths need
no token. The server gives each port its own aiohttp application; ``request["scope"]`` is the state of the
system that owns the address the request came in on, ``request["region"]`` its region name.
"""

from aiohttp import web

from .http import ApiError, json_response


class Service:
    name = None  # keystone service name, e.g. "sysinv"
    service_type = None  # keystone service type, e.g. "platform"
    ports = {}  # interface -> port, e.g. {"public": 6385, "internal": 6385, "admin": 6385}
    url_path = ""  # appended to the catalog URL, e.g. "/v1"
    public_paths = ()  # exact paths that need no token (version documents)
    read_roles = ("admin", "reader", "operator", "configurator", "member")
    write_roles = ("admin", "configurator")
    in_catalog = True

    def __init__(self, emulator):
        self.emulator = emulator

    # -- to be provided by services ----------------------------------------------------------------------
    def add_routes(self, app):
        raise NotImplementedError

    def render_error(self, error):
        """The service's error envelope for an :class:`ApiError`."""
        return json_response({"error": {"code": error.status, "message": error.message}}, status=error.status)

    def forbidden_message(self):
        return "The requested action is not authorized"

    def on_restart(self, scope):
        """Resolve operations that were in progress when the emulator stopped, as the real service does."""

    # -- shared ------------------------------------------------------------------------------------------
    @property
    def store(self):
        return self.emulator.store

    def listen_ports(self):
        return sorted(set(self.ports.values()))

    def unauthorized(self):
        """keystonemiddleware's answer to a missing, invalid or expired token (all token-protected services)."""
        resp = json_response(
            {
                "error": {
                    "code": 401,
                    "title": "Unauthorized",
                    "message": "The request you have made requires authentication.",
                }
            },
            status=401,
        )
        resp.headers["WWW-Authenticate"] = "Keystone uri=\"%s\"" % self.emulator.auth_url()
        return resp

    def check_role(self, request, token):
        roles = {r["name"] for r in token.get("roles", [])}
        allowed = self.read_roles if request.method in ("GET", "HEAD") else self.write_roles
        if not roles.intersection(allowed):
            raise ApiError(403, self.forbidden_message())

    def not_found(self, request):
        return ApiError(404, "The resource could not be found.")

    def error_response(self, error):
        if isinstance(error, web.HTTPException):
            return error
        return self.render_error(error)
