"""Release profiles: where the real APIs of StarlingX releases differ.

``sw_version`` is the platform release (``MM.mm``) a system of that branch runs: what ``isystem.software_version``
shows and the major of USM's running release ``starlingx-<sw_version>.0`` (``patch`` is that GA release,
``MM.mm.pp``). Verified against the sources:

- stx-10 (r/stx.10.0) = 24.09: starlingx/update software/software/constants.py
  ``LOWEST_MAJOR_RELEASE_FOR_PATCH_SUPPORT = "24.09"`` (USM arrived with 24.09).
- stx-11 (r/stx.11.0) = 25.09: starlingx/update software/upgrade-scripts/*.py "upgrade from 24.09 to 25.09".
- stx-12 (r/stx.12.0) = 26.03: starlingx/update software/upgrade-scripts/04-remove-out-of-tree-service-parameter.py
  "upgrade from 25.09 to 26.03".
- master = 26.10: starlingx/update software/software/agent_hooks.py ``RELEASE_N = "26.10"`` (N-1 26.03, N-2 25.09)
  and software/scripts/major-release-upload ``MIN_METAPACKAGE_RELEASE = "26.10.0"``.

Other keys:

- ``api_style``: USM's precheck/start style: ``path`` (``POST /v1/deploy/{rel}/start``, stx 10-12) or ``body``
  (``POST /v1/deploy/start {"releases": [...]}``, master).
- ``max_majors``: major releases USM accepts (software_controller.py ``major_release_upload_check``: 2 on
  stx 10-12, plus one on a DC system controller; 3 on master, no limit on a system controller).
- ``options``: precheck/start accept ``options`` (stx 10's handlers have no ``**kwargs``, so pecan drops them) and
  the deployment records them (``deploy.options``, ``major_release`` ... in ``GET /v1/deploy``).
- ``preinstalled_patches``: release objects carry ``preinstalled_patches`` (release_data.py, stx 11+).
- ``metapackages``: release objects carry ``metapackages`` and ``pre_upgrade_deploy`` (master).
- ``deploy_host_failure``: how a failed host deploy is answered: ``200`` with ``error`` set (stx 10-12) or ``406``
  (master raises SoftwareError).
- ``kube_version``: the active Kubernetes version shown by the major-release precheck (nominal: one of the versions
  starlingx/config sysinv/common/kubernetes.py lists for that branch).
"""

PROFILES = {
    "stx-10": {"api_style": "path", "sw_version": "24.09", "patch": "24.09.0", "max_majors": 2, "options": False,
               "preinstalled_patches": False, "metapackages": False, "deploy_host_failure": 200,
               "kube_version": "v1.29.2"},
    "stx-11": {"api_style": "path", "sw_version": "25.09", "patch": "25.09.0", "max_majors": 2, "options": True,
               "preinstalled_patches": True, "metapackages": False, "deploy_host_failure": 200,
               "kube_version": "v1.32.2"},
    "stx-12": {"api_style": "path", "sw_version": "26.03", "patch": "26.03.0", "max_majors": 2, "options": True,
               "preinstalled_patches": True, "metapackages": False, "deploy_host_failure": 200,
               "kube_version": "v1.33.0"},
    "master": {"api_style": "body", "sw_version": "26.10", "patch": "26.10.0", "max_majors": 3, "options": True,
               "preinstalled_patches": True, "metapackages": True, "deploy_host_failure": 406,
               "kube_version": "v1.34.1"},
}
DEFAULT_PROFILE = "stx-11"


def profile(name):
    if name not in PROFILES:
        raise ValueError("release profile must be one of %s, not %r" % (", ".join(sorted(PROFILES)), name))
    return PROFILES[name]
