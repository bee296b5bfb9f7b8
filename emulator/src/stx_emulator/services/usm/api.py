"""USM's HTTP API: pecan's routing of software/software/api/controllers (root.py, v1/release.py, v1/deploy.py,
v1/deploy_host.py, v1/software.py) mapped onto aiohttp.

Pecan rules kept: a custom action is the **last** path segment and earlier segments are positional arguments
(``/v1/release/A/B/is_available``); JSON body keys become keyword arguments, unknown keys are dropped unless the
handler takes ``**kwargs``; ``force`` counts when present, whatever its value (``force is not None``).
"""

import asyncio
import json
import os
import urllib.parse

from aiohttp import web

from ...http import json_response
from . import deploy as D
from . import model as M
from . import releases as R
from . import states as S

RELEASE_GET_ACTIONS = ("is_available", "is_committed", "is_deployed")
RELEASE_POST_ACTIONS = ("commit", "commit_dry_run")
DEPLOY_POST_ACTIONS = ("abort", "activate", "activate_rollback", "precheck", "start", "complete", "software_sync")


def add_routes(app, service):
    h = Handlers(service)
    r = app.router
    r.add_get("/", h.root)
    r.add_get("/v1", h.v1)
    r.add_get("/v1/", h.v1)
    r.add_get("/v1/release", h.release_list)
    r.add_get("/v1/release/", h.release_list)
    r.add_post("/v1/release", h.release_upload)
    r.add_post("/v1/release/", h.release_upload)
    r.add_delete("/v1/release", h.release_delete)
    r.add_get("/v1/release/{tail:.+}", h.release_get)
    r.add_post("/v1/release/{tail:.+}", h.release_post)
    r.add_delete("/v1/release/{tail:.+}", h.release_delete)
    r.add_get("/v1/deploy", h.deploy_show)
    r.add_get("/v1/deploy/", h.deploy_show)
    r.add_delete("/v1/deploy", h.deploy_delete)
    r.add_delete("/v1/deploy/", h.deploy_delete)
    r.add_get("/v1/deploy/software_upgrade", h.software_upgrade)
    r.add_post("/v1/deploy/{tail:.+}", h.deploy_post)
    r.add_get("/v1/deploy_host", h.deploy_host_list)
    r.add_get("/v1/deploy_host/", h.deploy_host_list)
    r.add_get("/v1/deploy_host/next", h.deploy_host_next)
    r.add_post("/v1/deploy_host", h.deploy_host_post)
    r.add_post("/v1/deploy_host/{tail:.+}", h.deploy_host_post)
    r.add_get("/v1/software/in_sync_controller", h.in_sync)


async def body_kwargs(request):
    """A JSON body as keyword arguments (pecan); anything else is no arguments."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def segments(request):
    return [s for s in request.match_info.get("tail", "").split("/") if s != ""]


def reply(result):
    """(status, body) or body."""
    if isinstance(result, tuple):
        status, body = result
        return json_response(body, status=status)
    return json_response(result)


class Handlers:
    def __init__(self, service):
        self.service = service
        self.emulator = service.emulator

    def ctx(self, request):
        return M.Ctx(self.emulator, request["scope"])

    async def wait(self, nominal_seconds):
        delay = self.emulator.clock.real_delay(nominal_seconds)
        if delay > 0:
            await asyncio.sleep(delay)

    # -- version documents ------------------------------------------------------------------------------------
    @staticmethod
    def _base(request):
        return "%s://%s" % (request.scheme, request.host)

    async def root(self, request):
        version = {"id": "v1", "links": [{"href": self._base(request) + "/v1/", "rel": "self"}]}
        return json_response({
            "name": "StarlingX USM API",
            "description": "Unified Software Management API allows for a single REST API / CLI and single "
                           "procedure for updating the StarlingX software on a Standalone Cloud or Distributed Cloud.",
            "versions": [version], "default_version": version})

    async def v1(self, request):
        base = self._base(request)
        doc = {"id": "v1", "links": [{"href": base + "/v1/", "rel": "self"}],
               "media_types": [{"base": "application/json",
                                "type": "application/vnd.openstack.software.v1+json"}]}
        for name in ("software", "release", "deploy", "deploy_host"):
            doc[name] = [{"href": "%s/v1/%s/" % (base, name), "rel": "self"},
                         {"href": "%s/%s/" % (base, name), "rel": "bookmark"}]
        return json_response(doc)

    # -- releases ---------------------------------------------------------------------------------------------
    async def release_list(self, request):
        return json_response(R.query(self.ctx(request), request.query.get("show"), request.query.get("release")))

    async def release_get(self, request):
        args = segments(request)
        ctx = self.ctx(request)
        if args and args[-1] in RELEASE_GET_ACTIONS:
            state = {"is_available": S.AVAILABLE, "is_committed": S.COMMITTED,
                     "is_deployed": S.DEPLOYED}[args[-1]]
            return json_response(R.check_state(ctx, args[:-1], state))
        if len(args) == 1:
            return json_response(R.show(ctx, args[0]))
        raise web.HTTPNotFound()

    async def release_post(self, request):
        args = segments(request)
        if not args or args[-1] not in RELEASE_POST_ACTIONS:
            raise web.HTTPNotFound()
        return json_response(R.commit(self.ctx(request), args[:-1], dry_run=args[-1] == "commit_dry_run"))

    async def release_delete(self, request):
        return json_response(R.delete(self.ctx(request), segments(request)))

    async def release_upload(self, request):
        files = []
        if request.content_type == "text/plain":
            raw = await request.read()
            try:
                paths = list(json.loads(raw.decode("utf-8")))
            except (ValueError, TypeError):
                raise S.internal_error("upload.local_files")
            missing = [p for p in paths if not os.path.isfile(str(p))]
            if paths and missing:
                raise S.service_error(error="File(s) not found on the active controller: %s" % ", ".join(missing))
            for path in paths:
                with open(path, "rb") as handle:
                    files.append((path, handle.read()))
        elif request.content_type.startswith("multipart/"):
            seen = {}
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                data = await part.read(decode=False)
                if part.filename is None:
                    continue
                name = os.path.basename(urllib.parse.unquote(part.filename))
                seen[name] = bytes(data)
            files = [("%s/%s" % (R.SCRATCH, name), data) for name, data in sorted(seen.items())]
        if not files:
            raise S.service_error(error="No files uploaded")
        nominal = sum(300 if path.endswith(R.ISO_EXT) else 5 for path, _ in files)
        await self.wait(nominal)
        self.emulator.faults.crash_point("usm.upload.import")
        return json_response(R.upload(self.ctx(request), files))

    # -- deployment -------------------------------------------------------------------------------------------
    async def deploy_show(self, request):
        return json_response(D.show(self.ctx(request), request.query.get("from_release"),
                                    request.query.get("to_release")))

    async def software_upgrade(self, request):
        return json_response(D.software_upgrade(self.ctx(request)))

    async def deploy_delete(self, request):
        return reply(D.delete(self.ctx(request)))

    async def deploy_post(self, request):
        args = segments(request)
        action = args[-1]
        args = args[:-1]
        if action not in DEPLOY_POST_ACTIONS:
            raise web.HTTPNotFound()
        kwargs = await body_kwargs(request)
        ctx = self.ctx(request)
        body_style = ctx.api_style == "body"
        if action in ("precheck", "start"):
            return await self._precheck_or_start(request, ctx, action, args, kwargs, body_style)
        if args:
            raise S.internal_error("deploy.%s.unexpected_arguments" % action)
        if action == "software_sync":
            return json_response({"result": True})
        op = {"abort": D.abort, "activate": D.activate, "activate_rollback": D.activate_rollback,
              "complete": D.complete}[action]
        return reply(op(ctx))

    async def _precheck_or_start(self, request, ctx, action, args, kwargs, body_style):
        force = "force" in kwargs and kwargs["force"] is not None
        if body_style:
            # master: precheck(**kwargs) / start(releases=None, force=None, **kwargs); a positional -> TypeError
            if args:
                raise S.internal_error("deploy.%s.positional" % action)
            releases = kwargs.get("releases") or []
            if isinstance(releases, str):
                releases = [releases]
            if action == "precheck":
                request["journal_readonly"] = True
                await self.wait(D.DURATIONS["precheck"])
                return reply(D.precheck_body(ctx, releases, force, kwargs.get("region_name"), kwargs.get("options")))
            if not releases:
                raise S.internal_error("deploy.start.no_releases")
            target = max(releases, key=lambda rid: M.version_tuple(rid.rsplit("-", 1)[-1]))
            extra = {k: v for k, v in kwargs.items() if k not in ("releases", "force")}
            return reply(D.start(ctx, target, force, extra))
        # stx 10-12: precheck(release, force=None, region_name=None, **kwargs) / start(release, force=None, **kwargs)
        if len(args) > 1:
            raise web.HTTPNotFound()
        release = args[0] if args else kwargs.get("release")
        if release is None:
            raise S.internal_error("deploy.%s.missing_release" % action)
        extra = {k: v for k, v in kwargs.items() if k not in ("release", "force", "region_name")}
        if action == "precheck":
            request["journal_readonly"] = True
            await self.wait(D.DURATIONS["precheck"])
            return reply(D.precheck(ctx, release, force, kwargs.get("region_name"), extra.get("options")))
        if "region_name" in kwargs:
            extra["region_name"] = kwargs["region_name"]
        return reply(D.start(ctx, release, force, extra))

    # -- deploy host ------------------------------------------------------------------------------------------
    async def deploy_host_list(self, request):
        return json_response(D.host_list(self.ctx(request)))

    async def deploy_host_next(self, request):
        return json_response(D.next_host(self.ctx(request), request.query.get("hostname")))

    async def deploy_host_post(self, request):
        args = segments(request)
        ctx = self.ctx(request)
        if args == ["install_local"]:
            kwargs = await body_kwargs(request)
            return json_response(D.install_local(ctx, bool(kwargs.get("delete"))))
        if not args:
            return json_response({"error": "Host must be specified for install"})
        force = "force" in args[1:]
        rollback = "rollback" in args[1:]
        plan = D.host_begin(ctx, args[0], force=force, rollback=rollback)
        if "reply" in plan:
            return json_response(plan["reply"])
        # the host is deploying while the agent works: that is stored state, as on the real controller
        self.emulator.store.commit()
        self.emulator.faults.crash_point("usm.deploy_host.agent", host=args[0])
        await self.wait(plan["duration"])
        return reply(D.host_finish(self.ctx(request), plan))

    async def in_sync(self, request):
        return json_response({"in_sync": True})
