"""The VIM's software-deploy orchestration API (``sw-manager sw-deploy-strategy``) on port 4545.

Routes (nfv-vim api/controllers/v1/orchestration/sw_update/_sw_update_strategy.py, _sw_upgrade.py):
``GET /api/orchestration/sw-upgrade``, ``GET|POST|DELETE /api/orchestration/sw-upgrade/strategy``,
``GET /api/orchestration/sw-upgrade/strategy/{uuid}``, ``POST /api/orchestration/sw-upgrade/strategy/actions``.
Statuses: create 200 (409 "strategy already exists of type:sw-upgrade", 400 on a bad value), get 200 with
``{"strategy": null}`` when there is none, actions 202 (404 without a strategy, 500 when refused), delete 204
(404 without a strategy, 409 while building, applying or aborting unless ``force``). Errors are wsme's
``{"faultcode", "faultstring", "debuginfo"}``.

The strategy is built from USM's state and applied step by step on timers (build.py, engine.py), calling USM
and sysinv through their internal functions.

Differences from the real service:

- Only the sw-upgrade strategy type exists (no sw-patch, kube-*, fw-update, system-config-update).
- When a step fails, the strategy stays ``apply-failed`` (what sw-manager users see); the real nfv-common code
  also runs an (empty) abort phase at once. ``abort`` from apply-failed runs the abort phase (unlocking what the
  failed stage locked) and ends ``aborted``.
- There are no instances: migrate/stop-start steps never appear; host aggregates and instance groups are not
  considered for parallel worker batches.
- Alarms come from stored ``alarm`` objects (none unless a test adds them); ``wait-data-sync`` waits like
  ``wait-alarms-clear``.
- Step timeouts count the nominal seconds the step waited; stage and phase timers are not separate.
- The strategy document's ``release`` is a string on every profile but master, where it is a list.
- Abort ends the running stage after its current step (nfv-common's stage abort); the reference's "after the
  current stage" is the visible effect when the step was the stage's last.

Crash point: ``vim.strategy.step`` (with ``step=<step-name>``) before a step starts; the strategy resumes from
that step after a restart (its timers are stored).
"""

import json
import re
import uuid as uuidlib

from ...http import ApiError, json_response
from ...service import Service
from ..usm import inventory
from ..usm import model as UM
from . import build as B
from . import engine as E
from . import model as V

PREFIX = "/api/orchestration/sw-upgrade"
APPLY_TYPES = ("serial", "parallel", "ignore")
INSTANCE_ACTIONS = ("migrate", "stop-start")
ALARM_RESTRICTIONS = ("strict", "relaxed", "permissive")
ACTIONS = ("apply-all", "apply-stage", "abort", "abort-stage")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
WEBOB = {400: "The server could not comply with the request since it is either malformed or otherwise incorrect.",
         404: "The resource could not be found.",
         409: "There was a conflict when trying to complete your request.",
         500: "The server has either erred or is incapable of performing the requested operation."}
CREATE_FIELDS = ("controller-apply-type", "release", "rollback", "delete", "snapshot", "storage-apply-type",
                 "worker-apply-type", "max-parallel-worker-hosts", "default-instance-action", "alarm-restrictions")


def abort(status, message=None):
    return ApiError(status, message or WEBOB.get(status, "Error"))


def _invalid(field, value, message):
    return abort(400, "Invalid input for field/attribute %s. Value: '%s'. %s" % (field, value, message))


def _enum(body, field, values, default=None, mandatory=True):
    if field not in body or body[field] is None:
        if mandatory:
            raise _invalid(field, None, "Mandatory field missing.")
        return default
    value = body[field]
    if value not in values:
        raise _invalid(field, value, "Value should be one of: %s" % ", ".join(values))
    return value


def _bool(body, field):
    value = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes", "on", "y", "t"):
        return True
    if str(value).lower() in ("false", "0", "no", "off", "n", "f"):
        return False
    raise _invalid(field, value, "Invalid value for a boolean")


class Vim(Service):
    name = "vim"
    service_type = "nfv"
    ports = {"public": 4545, "internal": 4545, "admin": 4545}
    url_path = ""
    read_roles = ("admin", "reader", "operator", "configurator", "member")
    write_roles = ("admin", "configurator")

    def add_routes(self, app):
        r = app.router
        r.add_get(PREFIX, self.describe)
        r.add_get(PREFIX + "/strategy", self.get_strategy)
        r.add_post(PREFIX + "/strategy", self.create)
        r.add_delete(PREFIX + "/strategy", self.delete)
        r.add_post(PREFIX + "/strategy/actions", self.actions)
        r.add_get(PREFIX + "/strategy/{uuid}", self.get_one)

    def render_error(self, error):
        body = {"faultcode": "Server" if error.status >= 500 else "Client", "faultstring": error.message,
                "debuginfo": None}
        return json_response(body, status=error.status)

    def not_found(self, request):
        return abort(404)

    # -- helpers --------------------------------------------------------------------------------------------
    def view(self, request, strategy):
        if strategy is None:
            return {"strategy": None}
        body_style = (self.store.setting("release_profile") or "") == "master"
        return {"strategy": V.strategy_view(strategy, release_as_list=body_style)}

    @staticmethod
    async def _body(request):
        raw = await request.read()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise abort(400, "Invalid JSON body")
        if not isinstance(body, dict):
            raise abort(400, "Invalid input for request body")
        return body

    # -- handlers -------------------------------------------------------------------------------------------
    async def describe(self, request):
        base = "%s://%s" % (request.scheme, request.host)
        return json_response({"id": "sw-upgrade", "links": [
            {"href": base + "/orchestration/sw-upgrade/", "rel": "self"},
            {"href": base + "/orchestration/sw-upgrade/strategy/", "rel": "strategy"}]})

    async def get_strategy(self, request):
        return json_response(self.view(request, E.load(self.emulator, request["scope"])))

    async def get_one(self, request):
        uuid = request.match_info["uuid"]
        if not UUID_RE.match(uuid):
            raise abort(400, "Invalid strategy uuid, uuid=%s" % uuid)
        strategy = E.load(self.emulator, request["scope"])
        if strategy is None or strategy["uuid"] != uuid:
            raise abort(404)
        return json_response(self.view(request, strategy))

    async def create(self, request):
        scope = request["scope"]
        body = await self._body(request)
        unknown = [k for k in body if k not in CREATE_FIELDS]
        if unknown:
            raise abort(400, "Unknown attribute for argument request_data: %s" % ", ".join(sorted(unknown)))
        fields = {
            "controller_apply_type": _enum(body, "controller-apply-type", APPLY_TYPES),
            "storage_apply_type": _enum(body, "storage-apply-type", APPLY_TYPES),
            "worker_apply_type": _enum(body, "worker-apply-type", APPLY_TYPES),
            "default_instance_action": _enum(body, "default-instance-action", INSTANCE_ACTIONS),
            "alarm_restrictions": _enum(body, "alarm-restrictions", ALARM_RESTRICTIONS, "strict", mandatory=False),
            "swift_apply_type": "ignore",
            "rollback": _bool(body, "rollback"), "delete": _bool(body, "delete"),
            "snapshot": _bool(body, "snapshot"),
        }
        release = body.get("release")
        if isinstance(release, list):
            if (self.store.setting("release_profile") or "") != "master":
                raise _invalid("release", release, "Wrong type. Expected '%s', got '%s'" % (str, list))
            release = release[-1] if release else None
        elif release is not None and not isinstance(release, str):
            raise _invalid("release", release, "Wrong type. Expected '%s', got '%s'" % (str, type(release)))
        fields["release"] = release or None
        maxp = body.get("max-parallel-worker-hosts")
        if maxp is not None:
            try:
                maxp = int(maxp)
            except (TypeError, ValueError):
                raise _invalid("max-parallel-worker-hosts", maxp, "Invalid integer value")
            if maxp < 2 or maxp > 10:
                raise abort(400, "Invalid value for max-parallel-worker-hosts")
        fields["max_parallel_worker_hosts"] = maxp if maxp is not None else 2
        if fields["storage_apply_type"] == "parallel":  # objects/_sw_upgrade.py: USM deploys storage serially
            fields["storage_apply_type"] = "serial"
        if E.load(self.emulator, scope) is not None:
            raise abort(409, "strategy already exists of type:sw-upgrade")
        UM.Ctx(self.emulator, scope)  # USM's initial state exists before the VIM queries it
        strategy = B.new_strategy(str(uuidlib.uuid4()), fields, inventory.is_simplex(scope))
        scope.add(V.KIND, strategy)
        reason = B.initial_checks(strategy)
        runner = E.Runner(self.emulator, scope, strategy)
        if reason:
            B.build_failed(strategy, reason)
            runner.save()
        else:
            strategy["state"] = V.BUILDING
            B.build_query_stage(strategy)
            runner.start_phase(V.PHASE_BUILD, delay=2)
        return json_response(self.view(request, strategy))

    async def actions(self, request):
        scope = request["scope"]
        body = await self._body(request)
        action = _enum(body, "action", ACTIONS)
        # Only a missing "stage-id" is refused: wsme turns an explicit null into None, not Unset, so the real
        # API goes on and aborts/applies the whole strategy (sw-manager's abort always sends "stage-id", null
        # without --stage-id; nfv-vim _sw_update_strategy.py SwUpdateStrategyActionAPI.post).
        if "stage-id" not in body and action in ("apply-stage", "abort-stage"):
            raise abort(400, "No stage-id received")
        stage_id = body.get("stage-id")
        if stage_id is not None:
            try:
                stage_id = int(stage_id)
            except (TypeError, ValueError):
                raise _invalid("stage-id", stage_id, "Invalid integer value")
        strategy = E.load(self.emulator, scope)
        if strategy is None:
            raise abort(404)
        runner = E.Runner(self.emulator, scope, strategy)
        if action in ("apply-all", "apply-stage"):
            ok, _reason = runner.apply(stage_id if action == "apply-stage" else None)
        else:
            ok, _reason = runner.abort(stage_id if action == "abort-stage" else None)
        if not ok:
            raise abort(500)
        runner.save()
        return json_response(self.view(request, strategy), status=202)

    async def delete(self, request):
        scope = request["scope"]
        body = await self._body(request)
        force = bool(_bool(body, "force"))
        strategy = E.load(self.emulator, scope)
        if strategy is None:
            raise abort(404)
        if not force and strategy["state"] in (V.BUILDING, V.APPLYING, V.ABORTING):
            raise abort(409)
        self.emulator.scheduler.cancel("vim.strategy.tick", scope=scope.name, strategy=strategy["uuid"])
        scope.remove(V.KIND, strategy)
        return json_response(None, status=204)
