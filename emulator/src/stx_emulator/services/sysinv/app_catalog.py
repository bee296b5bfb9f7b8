"""What the emulator knows about StarlingX applications: charts, nominal durations, platform-managed flags, the
tarballs each release ships in ``/usr/local/share/applications/helm``, and how a tarball name maps to an
application name and version.

Sources
- Chart (HelmRelease) names: the apps' ``fluxcd-manifests`` directories (starlingx/cert-manager-armada-app,
  nginx-ingress-controller-armada-app, oidc-auth-armada-app, platform-armada-app, vault-armada-app).
- ``platform_managed_app`` / ``forbidden_manual_operations``: the apps' ``files/metadata.yaml``
  (nginx-ingress-controller forbids manual ``delete`` and ``remove``; cert-manager, oidc-auth-apps,
  platform-integ-apps, vault and openbao are platform managed, see also shared/reference/openbao.md).
- Versions for 24.09: ``system application-list`` of a StarlingX 10.0 system (cert-manager 24.09-79,
  dell-storage 24.09-26, nginx-ingress-controller 24.09-66, oidc-auth-apps 24.09-63, platform-integ-apps
  24.09-144, rook-ceph 24.09-71). The other build numbers (24.09 vault and snmp, every later release) are
  illustrative: only the ``<sw_version>-<build>`` shape is real.
- Which apps bootstrap applies: ansible-playbooks ``roles/bootstrap/bringup-bootstrap-applications``
  (nginx-ingress-controller, then cert-manager; oidc-auth-apps too since stx 12.0, commit 223410cc, except on
  subclouds). The conductor uploads the other platform-managed tarballs by itself (application audit).
- Tarball names: ``<name>-<x.y>-<z>.tgz`` (the bootstrap playbook's own assumption:
  ``upload_and_apply_application.yml`` "application-name-version.tgz where version is x.y-z").

Nominal durations (seconds, multiplied by ``--time-scale``): upload about 10 s (the bootstrap playbook waits only
3 x 5 s for ``uploaded``), apply 75-300 s per platform app (2 min for an unknown app, 30 min for stx-openstack),
remove 60 s.
"""

import os
import posixpath
import re
from urllib.parse import urlsplit

HELM_DIR = "/usr/local/share/applications/helm"  # constants.HELM_APP_ISO_INSTALL_PATH

# name -> charts as (HelmRelease metadata name, chart label), apply and remove seconds, flags
PROFILES = {
    "nginx-ingress-controller": {"charts": [("ingress-nginx", "ingress-nginx")], "apply": 75,
                                 "platform_managed": True, "forbidden": ("delete", "remove")},
    "cert-manager": {"charts": [("cert-manager", "cert-manager")], "apply": 90, "platform_managed": True},
    "oidc-auth-apps": {"charts": [("dex", "dex"), ("oidc-client", "oidc-client"),
                                  ("secret-observer", "secret-observer")], "apply": 120, "platform_managed": True},
    "platform-integ-apps": {"charts": [("ceph-pools-audit", "ceph-pools-audit"),
                                       ("cephfs-provisioner", "cephfs-provisioner"),
                                       ("rbd-provisioner", "rbd-provisioner")], "apply": 150,
                            "platform_managed": True},
    "rook-ceph": {"charts": [("rook-ceph", "rook-ceph"), ("rook-ceph-cluster", "rook-ceph-cluster"),
                             ("rook-ceph-provisioner", "rook-ceph-provisioner")], "apply": 300,
                  "platform_managed": True},
    "dell-storage": {"charts": [("csi-powerstore", "csi-powerstore")], "apply": 120, "platform_managed": True},
    "vault": {"charts": [("vault", "vault"), ("vault-manager", "vault-manager")], "apply": 180,
              "platform_managed": True},
    "openbao": {"charts": [("openbao", "openbao"), ("openbao-manager", "openbao-manager")], "apply": 180,
                "platform_managed": True},
    "stx-openstack": {"charts": [(c, c) for c in (
        "ingress", "mariadb", "memcached", "rabbitmq", "keystone", "glance", "cinder", "placement", "nova",
        "neutron", "libvirt", "openvswitch", "heat", "horizon")], "apply": 1800, "remove": 600},
}
DEFAULT_APPLY_SECONDS = 120
DEFAULT_REMOVE_SECONDS = 60

# Upload phases: downloading (URL only), extracting, validating/uploading charts, images (--images only)
UPLOAD_DOWNLOAD_SECONDS = 10
UPLOAD_EXTRACT_SECONDS = 3
UPLOAD_CHARTS_SECONDS = 5
UPLOAD_IMAGES_SECONDS = 60
# Apply phases before the charts: overrides, images, manifest apply; the rest is spread over the charts
APPLY_OVERRIDES_SECONDS = 5
APPLY_IMAGES_SECONDS = 20
APPLY_MANIFEST_SECONDS = 5
ABORT_REACTION_SECONDS = 5  # the conductor's progress loop sleeps 5 s between checks (kube_app.py)
UPDATE_SWITCH_SECONDS = 3  # helm repository reconcile + suspending the old HelmReleases
UPDATE_CLEANUP_SECONDS = 10
RECOVER_CHARTS_SECONDS = 5
# A failed update: the new version shows apply-failed while perform_app_update's trigger_recovery checks for a
# USM activate-rollback and _perform_app_recover runs the recover lifecycle hooks and deactivates the new
# version's plugins; only then does the old version turn "recovering" (conductor/kube_app.py).
RECOVER_START_SECONDS = 3

# Tarballs shipped by each release (sw_version -> {name: version}) and the ones the conductor uploads by itself.
_BUILDS = {
    "24.09": {"cert-manager": 79, "dell-storage": 26, "nginx-ingress-controller": 66, "oidc-auth-apps": 63,
              "platform-integ-apps": 144, "rook-ceph": 71, "vault": 47, "snmp": 63},
    "25.09": {"cert-manager": 102, "dell-storage": 41, "nginx-ingress-controller": 88, "oidc-auth-apps": 84,
              "platform-integ-apps": 171, "rook-ceph": 105, "vault": 66, "openbao": 35, "snmp": 80},
    "26.03": {"cert-manager": 31, "dell-storage": 14, "nginx-ingress-controller": 27, "oidc-auth-apps": 29,
              "platform-integ-apps": 45, "rook-ceph": 38, "vault": 22, "openbao": 19, "snmp": 21},
    "26.10": {"cert-manager": 12, "dell-storage": 6, "nginx-ingress-controller": 10, "oidc-auth-apps": 11,
              "platform-integ-apps": 17, "rook-ceph": 15, "vault": 9, "openbao": 8, "snmp": 7},
}
AUTO_UPLOADED = ("cert-manager", "dell-storage", "nginx-ingress-controller", "oidc-auth-apps",
                 "platform-integ-apps", "rook-ceph")
BOOTSTRAP_APPLIED = ("nginx-ingress-controller", "cert-manager")
OIDC_APPLIED_SINCE = "26.03"


def profile(name):
    return PROFILES.get(name, {})


def charts(name):
    return list(profile(name).get("charts") or [(name, name)])


def apply_seconds(name):
    return profile(name).get("apply", DEFAULT_APPLY_SECONDS)


def remove_seconds(name):
    return profile(name).get("remove", DEFAULT_REMOVE_SECONDS)


def is_platform_managed(name):
    return bool(profile(name).get("platform_managed"))


def forbidden_operations(name):
    return tuple(profile(name).get("forbidden", ()))


def is_openstack(name):
    return name.endswith("openstack")  # cutils.is_app_openstack


def release_major(sw_version):
    """``25.09.1`` -> ``25.09``."""
    parts = str(sw_version or "").split(".")
    return ".".join(parts[:2])


def bundle(sw_version):
    """{name: version} of the tarballs the release ships (empty for an unknown release)."""
    builds = _BUILDS.get(release_major(sw_version), {})
    major = release_major(sw_version)
    return {name: "%s-%d" % (major, build) for name, build in builds.items()}


def known_releases():
    return sorted(_BUILDS)


def previous_release(sw_version):
    older = [r for r in known_releases() if r < release_major(sw_version)]
    return older[-1] if older else None


def bundle_tarball(name, version):
    return posixpath.join(HELM_DIR, "%s-%s.tgz" % (name, version))


# -- tarball names -----------------------------------------------------------------------------------------
_STX_VERSION = re.compile(r"^(?P<name>.+?)-(?P<version>\d+\.\d+-\d+)(?:-[A-Za-z].*)?$")
_SEMVER = re.compile(r"^(?P<name>.+?)-(?P<version>\d+(?:\.\d+)*(?:[-+][\w.]+)?)$")


def is_url(value):
    """cutils.is_url: an RFC 3986 reference with a scheme and a host."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


def tarball_basename(tarfile):
    if is_url(tarfile):
        return posixpath.basename(urlsplit(tarfile).path)
    return os.path.basename(str(tarfile))


def has_tar_extension(path):
    return path.endswith(".tgz") or path.endswith(".tar.gz")


def name_version_from_filename(tarfile):
    """``.../cert-manager-24.09-79.tgz`` -> ``("cert-manager", "24.09-79")``; ``(None, None)`` if no version.

    StarlingX builds name tarballs ``<name>-<x.y>-<z>[-<suffix>].tgz`` (stx-openstack adds
    ``-debian-stable-versioned``); other tarballs ``<name>-<semver>.tgz``.
    """
    base = tarball_basename(tarfile)
    for ext in (".tar.gz", ".tgz"):
        if base.endswith(ext):
            base = base[:-len(ext)]
            break
    for pattern in (_STX_VERSION, _SEMVER):
        match = pattern.match(base)
        if match:
            return match.group("name"), match.group("version")
    return None, None
