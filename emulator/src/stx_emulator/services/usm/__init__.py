"""USM, the StarlingX Unified Software Management API (``software`` CLI), on ports 15497 (public) and 5497.

Modules: ``states`` (state machines and error types), ``model`` (stored state), ``releases`` (release
operations), ``deploy`` (deployment operations and timers), ``health`` (precheck report), ``api`` (HTTP routing),
``inventory`` (the sysinv host functions USM and VIM use). Artifact formats: ``stx_emulator.usm_artifacts``.

Envelope (software/software/utils.py ``ExceptionHook``): every answer is ``{"info", "warning", "error"}`` plus
operation keys; SoftwareServiceError and SoftwareError are 406, webob client errors keep their status, anything
else is 500 "Internal error occurred. Error signature [xxxxxxxx]".

Differences from the real service:

- Patches and ISOs are the stand-ins described in usm_artifacts.py; signatures are checked against the emulated
  scheme, not the StarlingX certificates. Nothing is installed: an ostree commit id is a hash of the release id.
- The precheck runs the checks of deploy-precheck against the emulated state (hosts, ``alarm`` objects, ``app``
  objects, the deployment); Kubernetes version, license, Ceph, certificates and disk sizes always pass.
- Only one software agent behaviour is modelled: a host deploy succeeds after a nominal time unless the
  ``usm.deploy_host`` fault fires; "rejected by" and timeouts are not produced. An offline host is "unreachable".
- Deploy host answers after the emulated agent (time-scaled); with ``--time-scale 0`` at once.
- Master (body style) is modelled for precheck and start only: release selection (deploy-selected,
  remove-selected), metapackages, pre-upgrade-deploy, ``/v1/deploy/select``, ``/v1/system_deploy`` and
  ``/v1/release/metapackage`` are not. ``start`` with several releases deploys the newest one.
- An atomic store: when an operation fails half-way the real service may leave partial changes (e.g. abort
  with a host still deploying); the emulator rolls the whole request back.
- The N-1 load import on a system controller and subclouds' use of a release are not modelled.
- ``in_sync_controller`` is always true and ``software_sync`` always succeeds.
- No FM alarms are raised (900.020 "unlock the host", 900.021 deploy host failed, 900.022 cleanup); a host
  runs the software it was deployed with once it is unlocked, enabled and available again (``usm_host``
  objects: ``running`` and ``pending`` release of each host), and sysinv's ``ihost.sw_version`` follows a
  major-release host deploy, ``isystem.software_version`` follows activate and activate-rollback.
- The precheck result cache is valid for 300 s of wall-clock time whatever the time scale.
- The API is served by the active controller: SW_VERSION (what is a patch and what is a major release), the
  "must run on controller-0" rules and the running release follow that host.
"""

from ...http import ApiError, json_response
from ...service import Service
from . import api
from . import deploy
from . import states


class Usm(Service):
    name = "usm"
    service_type = "usm"
    ports = {"public": 15497, "internal": 5497, "admin": 5497}
    url_path = ""
    public_paths = ()  # authapi/config.py: acl_public_routes is empty
    read_roles = ("admin", "reader", "operator", "configurator")
    write_roles = ("admin", "configurator")

    def add_routes(self, app):
        api.add_routes(app, self)

    def render_error(self, error):
        if isinstance(error, states.UsmError):
            return json_response(error.body, status=error.status)
        return json_response({"info": "", "warning": "", "error": error.message}, status=error.status)

    def check_role(self, request, token):
        """authapi/hooks.py AccessPolicyHook."""
        roles = {r["name"] for r in token.get("roles", [])}
        if request.method in ("GET", "HEAD"):
            if not roles.intersection(self.read_roles):
                raise ApiError(403, "Not allowed/Role reader or operator is needed")
        elif not roles.intersection(self.write_roles):
            raise ApiError(403, "Not allowed/Role admin or configurator is needed")

    def on_restart(self, scope):
        store_scope = self.store.scope(scope)
        if store_scope.first("ihost") is None:
            return
        deploy.on_restart(self.emulator, store_scope)
