"""Keystone v3 (the parts StarlingX clients use): version discovery, tokens, catalog, application credentials.

Behaviour follows keystone: ``POST /v3/auth/tokens`` answers 201 with the token id in ``X-Subject-Token`` and
the token document (with the catalog when project-scoped); ``GET``/``HEAD /v3/auth/tokens`` validate the token
in ``X-Subject-Token`` (404 when it is unknown or expired); ``DELETE`` revokes it (204). Errors use keystone's
``{"error": {"code", "title", "message"}}``.

Differences from the real service: tokens are random strings (not Fernet), stored in the emulator's state, so
a restart keeps them valid (as Fernet tokens do); only the users, projects and roles that StarlingX creates for
an administrator exist (``admin`` in projects ``admin``; more through ``POST /_emulator/users``); no
``/v3/users`` or ``/v3/projects`` CRUD beyond application credentials.
"""

import hashlib
import secrets
import time
from datetime import datetime, timezone

from .http import ApiError, json_response, read_json
from .service import Service

TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict"}
AUTH_REQUIRED = "The request you have made requires authentication."
DEFAULT_DOMAIN = {"id": "default", "name": "Default"}
SCOPE = "main"  # keystone of the (standalone or system-controller) system


def hexid(*parts):
    return hashlib.md5("/".join(parts).encode()).hexdigest()  # noqa: S324 - identifiers, not security


def ts(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "000Z"


class Keystone(Service):
    name = "keystone"
    service_type = "identity"
    ports = {"public": 5000, "internal": 5000, "admin": 5000}
    url_path = ""
    public_paths = ("/", "/v3", "/v3/", "/v3/auth/tokens")

    def add_routes(self, app):
        r = app.router
        r.add_get("/", self.versions)
        r.add_get("/v3", self.version)
        r.add_get("/v3/", self.version)
        r.add_post("/v3/auth/tokens", self.issue)
        r.add_get("/v3/auth/tokens", self.validate)
        r.add_delete("/v3/auth/tokens", self.revoke)
        r.add_get("/v3/auth/catalog", self.get_catalog)
        r.add_get("/v3/auth/projects", self.auth_projects)
        r.add_post("/v3/users/{user_id}/application_credentials", self.create_app_cred)
        r.add_get("/v3/users/{user_id}/application_credentials", self.list_app_creds)
        r.add_delete("/v3/users/{user_id}/application_credentials/{cred_id}", self.delete_app_cred)

    def render_error(self, error):
        title = error.extra.get("title") or TITLES.get(error.status, "Error")
        return json_response({"error": {"code": error.status, "title": title, "message": error.message}}, error.status)

    def forbidden_message(self):
        return "You are not authorized to perform the requested action."

    # -- identities ---------------------------------------------------------------------------------------
    @property
    def db(self):
        return self.store.scope(SCOPE)

    def ensure_defaults(self, admin_password):
        """Create the admin user and the projects StarlingX bootstrap creates (idempotent)."""
        db = self.db
        for project in ("admin", "services"):
            if not db.first("keystone_project", name=project):
                db.add("keystone_project", {"uuid": hexid("project", project), "name": project,
                                            "domain_id": "default"})
        user = db.first("keystone_user", name="admin")
        if user is None:
            self.add_user("admin", admin_password, [("admin", "admin")])
        else:
            user["password_sha256"] = self._hash(admin_password)
            db.save("keystone_user", user)

    def add_user(self, name, password, roles):
        """roles: [(project_name, role_name)]"""
        db = self.db
        user = db.first("keystone_user", name=name)
        record = {"name": name, "domain_id": "default", "password_sha256": self._hash(password),
                  "roles": [{"project": p, "role": r} for p, r in roles]}
        if user is None:
            record["uuid"] = hexid("user", name)
            return db.add("keystone_user", record)
        user.update(record)
        return db.save("keystone_user", user)

    @staticmethod
    def _hash(password):
        return hashlib.sha256(password.encode()).hexdigest()

    @staticmethod
    def _domain_ok(ref):
        if not ref:
            return True
        if "id" in ref:
            return ref["id"] == "default"
        if "name" in ref:
            return ref["name"] == "Default"
        return False

    def _find_user(self, ref):
        if not isinstance(ref, dict):
            raise ApiError(400, "Invalid input for field 'identity/password/user': not an object")
        if "id" in ref:
            return self.db.get("keystone_user", ref["id"])
        if "name" in ref:
            if "domain" not in ref:
                raise ApiError(400, "Expecting to find domain in user. The server could not comply with the "
                                    "request since it is either malformed or otherwise incorrect. The client is "
                                    "assumed to be in error.")
            if not self._domain_ok(ref["domain"]):
                return None
            return self.db.first("keystone_user", name=ref["name"])
        raise ApiError(400, "Expecting to find id or name in user.")

    def _project(self, ref):
        if "id" in ref:
            return self.db.get("keystone_project", ref["id"])
        if "name" in ref:
            if not self._domain_ok(ref.get("domain")) or "domain" not in ref:
                return None
            return self.db.first("keystone_project", name=ref["name"])
        return None

    # -- tokens -------------------------------------------------------------------------------------------
    def token_ttl(self):
        return int(self.store.setting("token_ttl", 3600))

    def lookup(self, token_id):
        """The valid token record for an ``X-Auth-Token`` value, or None."""
        if not token_id:
            return None
        token = self.store.get("_emulator", "token", token_id)
        if token is None or token["expires"] <= time.time():
            return None
        return token

    def _authenticate(self, identity):
        methods = identity.get("methods")
        if not isinstance(methods, list) or not methods:
            raise ApiError(400, "Invalid input for field 'identity/methods': None is not of type 'array'")
        method = methods[0]
        if method == "password":
            user_ref = (identity.get("password") or {}).get("user")
            user = self._find_user(user_ref)
            password = (user_ref or {}).get("password")
            if user is None or password is None or user["password_sha256"] != self._hash(str(password)):
                raise ApiError(401, AUTH_REQUIRED)
            return user, None, ["password"]
        if method == "token":
            old = self.lookup((identity.get("token") or {}).get("id"))
            if old is None:
                raise ApiError(401, AUTH_REQUIRED)
            return self.db.get("keystone_user", old["user_id"]), None, ["token"] + old["methods"]
        if method == "application_credential":
            ref = identity.get("application_credential") or {}
            cred = None
            if "id" in ref:
                cred = self.db.get("keystone_app_cred", ref["id"])
            elif "name" in ref:
                user = self._find_user(ref.get("user") or {})
                if user is not None:
                    cred = self.db.first("keystone_app_cred", name=ref["name"], user_id=user["uuid"])
            if cred is None or cred["secret_sha256"] != self._hash(str(ref.get("secret", ""))):
                raise ApiError(401, AUTH_REQUIRED)
            if cred.get("expires") and cred["expires"] <= time.time():
                raise ApiError(401, AUTH_REQUIRED)
            return self.db.get("keystone_user", cred["user_id"]), cred, ["application_credential"]
        raise ApiError(401, "Attempted to authenticate with an unsupported method.")

    async def issue(self, request):
        body = await read_json(request, required=True)
        auth = (body or {}).get("auth") if isinstance(body, dict) else None
        if not isinstance(auth, dict) or not isinstance(auth.get("identity"), dict):
            raise ApiError(400, "Invalid input for field 'auth': 'identity' is a required property")
        user, cred, methods = self._authenticate(auth["identity"])
        if user is None:
            raise ApiError(401, AUTH_REQUIRED)
        project = None
        if cred is not None:
            project = self.db.get("keystone_project", cred["project_id"])
        elif isinstance(auth.get("scope"), dict):
            ref = auth["scope"].get("project")
            if ref is None:
                raise ApiError(401, AUTH_REQUIRED)
            project = self._project(ref)
            if project is None:
                raise ApiError(401, "Could not find project: %s." % (ref.get("name") or ref.get("id")),
                               title="Unauthorized")
        roles = []
        if project is not None:
            roles = [r["role"] for r in user["roles"] if r["project"] == project["name"]]
            if not roles:
                raise ApiError(401, "User %s has no access to project %s" % (user["uuid"], project["uuid"]))
        now = time.time()
        token = {
            "uuid": "gAAAAAB" + secrets.token_urlsafe(140)[:176],
            "user_id": user["uuid"],
            "project_id": project["uuid"] if project else None,
            "roles": [{"id": hexid("role", r), "name": r} for r in roles],
            "methods": methods,
            "issued": now,
            "expires": now + self.token_ttl(),
        }
        self.store.add("_emulator", "token", token)
        request["journal_skip"] = True  # authentication is not a change to the system
        return json_response({"token": self.document(token)}, status=201, headers={"X-Subject-Token": token["uuid"]})

    def document(self, token, with_catalog=True):
        user = self.db.get("keystone_user", token["user_id"])
        doc = {
            "methods": token["methods"],
            "user": {"id": user["uuid"], "name": user["name"], "domain": DEFAULT_DOMAIN,
                     "password_expires_at": None},
            "audit_ids": [hexid("audit", token["uuid"])[:22]],
            "expires_at": ts(token["expires"]),
            "issued_at": ts(token["issued"]),
        }
        if token["project_id"]:
            project = self.db.get("keystone_project", token["project_id"])
            doc["project"] = {"id": project["uuid"], "name": project["name"], "domain": DEFAULT_DOMAIN}
            doc["is_domain"] = False
            doc["roles"] = token["roles"]
            if with_catalog:
                doc["catalog"] = self.emulator.catalog()
        return doc

    def _subject(self, request):
        caller = self.lookup(request.headers.get("X-Auth-Token"))
        if caller is None:
            raise ApiError(401, AUTH_REQUIRED)
        subject = self.lookup(request.headers.get("X-Subject-Token"))
        if subject is None:
            raise ApiError(404, "Failed to validate token")
        return subject

    async def validate(self, request):
        subject = self._subject(request)
        nocatalog = "nocatalog" in request.query
        return json_response({"token": self.document(subject, with_catalog=not nocatalog)},
                             headers={"X-Subject-Token": subject["uuid"]})

    async def revoke(self, request):
        subject = self._subject(request)
        self.store.remove("_emulator", "token", subject)
        request["journal_skip"] = True
        return json_response(None, status=204)

    async def get_catalog(self, request):
        if self.lookup(request.headers.get("X-Auth-Token")) is None:
            raise ApiError(401, AUTH_REQUIRED)
        return json_response({"catalog": self.emulator.catalog(),
                              "links": {"self": str(request.url), "previous": None, "next": None}})

    async def auth_projects(self, request):
        token = self.lookup(request.headers.get("X-Auth-Token"))
        if token is None:
            raise ApiError(401, AUTH_REQUIRED)
        user = self.db.get("keystone_user", token["user_id"])
        names = {r["project"] for r in user["roles"]}
        projects = [{"id": p["uuid"], "name": p["name"], "domain_id": "default", "enabled": True}
                    for p in self.db.all("keystone_project") if p["name"] in names]
        return json_response({"projects": projects, "links": {"self": str(request.url)}})

    # -- application credentials --------------------------------------------------------------------------
    def _owner(self, request):
        token = self.lookup(request.headers.get("X-Auth-Token"))
        if token is None:
            raise ApiError(401, AUTH_REQUIRED)
        if token["user_id"] != request.match_info["user_id"]:
            raise ApiError(403, self.forbidden_message())
        return token

    async def create_app_cred(self, request):
        token = self._owner(request)
        body = await read_json(request, required=True)
        ref = (body or {}).get("application_credential") if isinstance(body, dict) else None
        if not isinstance(ref, dict) or not ref.get("name"):
            raise ApiError(400, "Invalid input for field 'application_credential/name'")
        if self.db.first("keystone_app_cred", name=ref["name"], user_id=token["user_id"]):
            raise ApiError(409, "Conflict occurred attempting to store application_credential - Duplicate entry.")
        secret = ref.get("secret") or secrets.token_urlsafe(64)
        cred = self.db.add("keystone_app_cred", {
            "uuid": secrets.token_hex(16), "name": ref["name"], "description": ref.get("description"),
            "user_id": token["user_id"], "project_id": token["project_id"],
            "secret_sha256": self._hash(secret), "expires": None, "roles": token["roles"],
        })
        doc = self._cred_doc(cred)
        doc["secret"] = secret
        return json_response({"application_credential": doc}, status=201)

    def _cred_doc(self, cred):
        return {"id": cred["uuid"], "name": cred["name"], "description": cred["description"],
                "user_id": cred["user_id"], "project_id": cred["project_id"], "roles": cred["roles"],
                "expires_at": None, "unrestricted": False, "access_rules": []}

    async def list_app_creds(self, request):
        token = self._owner(request)
        creds = self.db.all("keystone_app_cred", user_id=token["user_id"])
        return json_response({"application_credentials": [self._cred_doc(c) for c in creds]})

    async def delete_app_cred(self, request):
        token = self._owner(request)
        cred = self.db.get("keystone_app_cred", request.match_info["cred_id"])
        if cred is None or cred["user_id"] != token["user_id"]:
            raise ApiError(404, "Could not find application credential: %s." % request.match_info["cred_id"])
        self.db.remove("keystone_app_cred", cred)
        return json_response(None, status=204)

    # -- discovery ----------------------------------------------------------------------------------------
    def _v3(self, request):
        return {
            "id": "v3.14",
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
            "links": [{"rel": "self", "href": "%s/v3/" % self.base_url(request)}],
            "media-types": [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}],
        }

    @staticmethod
    def base_url(request):
        return "%s://%s" % (request.scheme, request.host)

    async def versions(self, request):
        return json_response({"versions": {"values": [self._v3(request)]}}, status=300)

    async def version(self, request):
        return json_response({"version": self._v3(request)})
