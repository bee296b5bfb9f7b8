"""sysinv applications: list/show, upload, apply, remove, abort, delete, with the real texts and timings.

Each test drives the API the way cgtsclient does (``PATCH /v1/apps/X?directive=apply`` with ``{"values": {}}``,
``DELETE /v1/apps/X?force=False``) and moves the emulated clock itself (time scale 1, see apps_env.py).
"""

import base64
import io
import json
import tarfile

import pytest

from apps_env import HELM, AppsEnv, faultstring
from stx_emulator.services.sysinv import app_catalog

BRIEF = {"name", "app_version", "manifest_name", "manifest_file", "status", "progress", "active"}
FULL = BRIEF | {"created_at", "updated_at"}


@pytest.fixture
async def env():
    async with AppsEnv() as env:
        yield env


def tarball(files):
    """An in-memory .tgz with ``files`` {path: text}; a path ending in / is a directory."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, text in files.items():
            info = tarfile.TarInfo(path.rstrip("/"))
            if path.endswith("/"):
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                data = text.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return base64.urlsafe_b64encode(buf.getvalue()).decode()


APP_TARBALL = {"metadata.yaml": "app_name: hello-kitty\napp_version: 0.1.0\n",
               "fluxcd-manifests/": "", "fluxcd-manifests/base/": "",
               "fluxcd-manifests/kustomization.yaml": "resources: [base]\n"}


# -- list / show ----------------------------------------------------------------------------------------------
async def test_list_has_the_bootstrap_apps_with_the_brief_fields(env):
    status, body = await env.api.get("sysinv", "/v1/apps")
    assert status == 200 and set(body) == {"apps"}
    apps = {a["name"]: a for a in body["apps"]}
    for app in apps.values():
        assert set(app) == BRIEF
        assert app["app_version"].startswith("25.09-")
        assert app["manifest_name"] == app["name"] + "-fluxcd-manifests"
        assert app["manifest_file"] == "fluxcd-manifests"
        assert app["progress"] == "completed"
    assert apps["nginx-ingress-controller"]["status"] == "applied" and apps["nginx-ingress-controller"]["active"]
    assert apps["cert-manager"]["status"] == "applied"
    assert apps["platform-integ-apps"]["status"] == "uploaded" and not apps["platform-integ-apps"]["active"]
    assert apps["oidc-auth-apps"]["status"] == "uploaded"  # applied at bootstrap only since 26.03
    status, again = await env.api.get("sysinv", "/v1/apps/")
    assert status == 200 and again == body


async def test_bootstrap_of_a_26_03_system_applies_oidc_auth_apps_too():
    async with AppsEnv(release_profile="stx-12") as env:
        status, body = await env.api.get("sysinv", "/v1/apps")
        apps = {a["name"]: (a["app_version"], a["status"]) for a in body["apps"]}
        assert apps["oidc-auth-apps"] == (app_catalog.bundle("26.03")["oidc-auth-apps"], "applied")
        assert apps["cert-manager"][0].startswith("26.03-")


async def test_show_adds_timestamps_and_unknown_app_is_404(env):
    app = await env.show("cert-manager")
    assert set(app) == FULL and app["created_at"].endswith("+00:00")
    status, body = await env.api.get("sysinv", "/v1/apps/nope")
    assert status == 404 and faultstring(body) == "No application with name nope."


async def test_ensure_platform_apps_is_idempotent_and_follows_the_release(env):
    from stx_emulator.services.sysinv.apps import app, ensure_platform_apps

    before = len(env.scope.all("app"))
    ensure_platform_apps(env.emu, "main")
    assert len(env.scope.all("app")) == before
    assert app(env.scope, "cert-manager")["app_version"] == app_catalog.bundle("25.09")["cert-manager"]
    assert app(env.scope, "nope") is None


def test_ensure_platform_apps_applies_oidc_since_26_03_but_not_on_a_subcloud():
    from stx_emulator.server import Emulator
    from stx_emulator.services.sysinv.apps import app, ensure_platform_apps
    from stx_emulator.services.sysinv.system import create_system

    for role, expected in ((None, "applied"), ("subcloud", "uploaded")):
        emu = Emulator(fresh=True, release_profile="stx-12")
        scope = emu.scope()
        create_system(scope, "26.03", distributed_cloud_role=role)
        ensure_platform_apps(emu, scope)
        assert app(scope, "oidc-auth-apps")["status"] == expected
        assert app(scope, "cert-manager")["app_version"].startswith("26.03-")
        ensure_platform_apps(emu, scope, applied=False)  # never demotes
        assert app(scope, "cert-manager")["status"] == "applied"
    emu = Emulator(fresh=True, release_profile="stx-10")
    create_system(emu.scope(), "24.09")
    assert {a["status"] for a in ensure_platform_apps(emu, "main", applied=False)} == {"uploaded"}
    assert app(emu.scope(), "cert-manager")["app_version"] == "24.09-79"


# -- upload ---------------------------------------------------------------------------------------------------
async def test_upload_goes_through_the_conductor_steps(env):
    status, body = await env.upload(HELM + "/vault-25.09-66.tgz")
    assert status == 200 and set(body) == FULL
    assert (body["name"], body["app_version"], body["status"], body["progress"], body["active"]) == \
        ("vault", "25.09-66", "uploading", None, False)
    assert body["manifest_name"] == "vault-fluxcd-manifests"
    took = env.run_all()
    assert env.history("vault") == [
        ("25.09-66", "uploading", None),
        ("25.09-66", "uploading", "extracting application tar file"),
        ("25.09-66", "uploading", "validating and uploading charts"),
        ("25.09-66", "uploaded", "completed")]
    assert 5 <= took <= 15  # the bootstrap playbook waits 3 x 5 s for "uploaded"
    assert (await env.show("vault"))["status"] == "uploaded"


async def test_upload_with_images_downloads_them(env):
    await env.upload(HELM + "/vault-25.09-66.tgz", images=True)
    env.run_all()
    assert ("25.09-66", "uploading", "retrieving docker images") in env.history("vault")


async def test_upload_from_url_uses_placeholders_until_downloaded(env):
    url = "http://mirror.example.com/apps/hello-kitty-24.09-1.tgz"
    status, body = await env.upload(url)
    assert status == 200
    assert body["name"].startswith("app-name-placeholder-") and len(body["name"]) == len("app-name-placeholder-") + 16
    assert body["app_version"].startswith("app-version-placeholder-")
    assert (body["manifest_name"], body["manifest_file"]) == ("manifest-placeholder", "tarfile-placeholder")
    env.advance(0)
    status, listed = await env.api.get("sysinv", "/v1/apps")
    placeholder = [a for a in listed["apps"] if a["name"] == body["name"]][0]
    assert placeholder["progress"] == "downloading tarfile"
    env.run_all()
    app = await env.show("hello-kitty")
    assert (app["app_version"], app["status"], app["manifest_name"]) == \
        ("24.09-1", "uploaded", "hello-kitty-fluxcd-manifests")


async def test_upload_from_url_without_a_version_in_the_name_fails(env):
    url = "https://mirror.example.com/apps/latest.tgz"
    status, body = await env.upload(url)
    env.run_all()
    status, failed = await env.api.get("sysinv", "/v1/apps/%s" % body["name"])
    assert failed["status"] == "upload-failed"
    full = ("Upload of application %s (%s) failed: application name or/and version is/are not included in the tar "
            "file. Please specify the application name via --app-name or/and version via --app-version."
            % (body["name"], body["app_version"]))
    assert len(full) > 255 and failed["progress"] == full[:252] + "..."  # the progress column is 255 characters


async def test_upload_explicit_name_and_version_win_over_the_file_name(env):
    status, body = await env.upload("/home/sysadmin/my-app-1.0-3.tgz", name="other", app_version="2.0-1")
    assert status == 200 and (body["name"], body["app_version"]) == ("other", "2.0-1")


async def test_upload_reads_a_real_tarball(env):
    status, body = await env.upload("/home/sysadmin/renamed-9.9-9.tgz", binary_data=tarball(APP_TARBALL),
                                    name="ignored")
    assert status == 200 and (body["name"], body["app_version"]) == ("hello-kitty", "0.1.0")
    entry = (await env.api.journal())[-1]
    assert entry["body"]["binary_data"] == "******"


async def test_upload_of_a_tarball_without_fluxcd_manifests_is_rejected(env):
    files = {"metadata.yaml": "app_name: hello-kitty\napp_version: 0.1.0\n", "charts/": ""}
    status, body = await env.upload("/home/sysadmin/hello-kitty-0.1.0.tgz", binary_data=tarball(files))
    assert status == 400
    assert faultstring(body) == ("Application-upload rejected: Application-upload rejected: FluxCD manifest "
                                 "structure is not present")


@pytest.mark.parametrize("fields, status, message", [
    ({"tarfile": HELM + "/cert-manager-25.09-102.tgz"}, 400,
     "Application-upload rejected: application cert-manager already exists."),
    ({"tarfile": "/home/sysadmin/app-1.0-1.zip"}, 400,
     "Application-upload rejected: /home/sysadmin/app-1.0-1.zip has unrecognizable tar file extension. "
     "Supported extensions are: .tgz and .tar.gz."),
    ({"tarfile": "/home/sysadmin/noversion.tgz"}, 400,
     "Application-upload rejected: application name or/and version is/are not included in the tar file. "
     "Please specify the application name via --app-name or/and version via --app-version."),
    ({}, 500, "Application-upload rejected: tar file must be specified."),
])
async def test_upload_rejections(env, fields, status, message):
    got, body = await env.api.post("sysinv", "/v1/apps", json=fields)
    assert got == status and faultstring(body) == message
    assert env.scope.first("app", status="uploading") is None


async def test_upload_without_a_body_is_a_missing_argument(env):
    status, body = await env.api.post("sysinv", "/v1/apps", data=b"", headers={"Content-Type": "application/json"})
    assert status == 400 and faultstring(body) == 'Missing argument: "body"'


async def test_upload_with_bad_binary_data_cannot_be_saved(env):
    status, body = await env.upload("/home/sysadmin/app-1.0-1.tgz", binary_data="a")
    assert status == 400
    message = faultstring(body)
    assert message.startswith("Could not save the application on path /tmp/tarball_uploads/")
    assert message.endswith("-app-1.0-1.tgz")


async def test_upload_fault_fails_the_upload_and_delete_cleans_it(env):
    env.emu.faults.add("fail:point=sysinv.app_upload,app=vault")
    await env.upload(HELM + "/vault-25.09-66.tgz")
    env.run_all()
    app = await env.show("vault")
    assert app["status"] == "upload-failed"
    assert app["progress"] == "Upload of application vault (25.09-66) failed: Failed to validate application manifest."
    status, _ = await env.api.delete("sysinv", "/v1/apps/vault?force=False")
    assert status == 204
    status, _ = await env.api.get("sysinv", "/v1/apps/vault")
    assert status == 404


async def test_unhealthy_kubernetes_rejects_operations(env):
    env.emu.faults.add("fail:point=sysinv.app_k8s_health")
    status, body = await env.upload(HELM + "/vault-25.09-66.tgz")
    assert status == 400 and faultstring(body) == "Kubernetes endpoints are not accessible for application operations"
    status, body = await env.directive("cert-manager", "apply")
    assert status == 400 and faultstring(body) == "Kubernetes endpoints are not accessible for application operations"
    assert (await env.show("cert-manager"))["status"] == "applied"


# -- apply ----------------------------------------------------------------------------------------------------
async def test_apply_reports_the_conductor_progress(env):
    await env.uploaded("vault", "25.09-66")
    env.events.clear()
    status, body = await env.directive("vault", "apply")
    assert status == 200 and set(body) == FULL
    assert (body["status"], body["progress"]) == ("applying", None)
    took = env.run_all()
    assert env.history("vault") == [
        ("25.09-66", "applying", None),
        ("25.09-66", "applying", "generating application overrides"),
        ("25.09-66", "applying", "retrieving docker images"),
        ("25.09-66", "applying", "applying application manifest"),
        ("25.09-66", "applying", "Applying app vault. Overall completion: 0%"),
        ("25.09-66", "applying", "Applying app vault. Chart vault applied. Overall completion: 50%"),
        ("25.09-66", "applied", "completed")]
    assert took == pytest.approx(app_catalog.apply_seconds("vault"))
    app = await env.show("vault")
    assert app["active"] is True


async def test_apply_with_three_charts_rounds_the_percentages(env):
    env.events.clear()
    status, _ = await env.directive("oidc-auth-apps", "apply")
    assert status == 200
    env.run_all()
    progress = [p for _, s, p in env.history("oidc-auth-apps") if p and p.startswith("Applying")]
    assert progress == ["Applying app oidc-auth-apps. Overall completion: 0%",
                        "Applying app oidc-auth-apps. Chart dex applied. Overall completion: 33%",
                        "Applying app oidc-auth-apps. Chart oidc-client applied. Overall completion: 67%"]


async def test_reapply_from_applied_and_from_apply_failed(env):
    status, body = await env.directive("cert-manager", "apply")
    assert status == 200 and body["status"] == "applying" and body["progress"] is None
    env.run_all()
    assert (await env.show("cert-manager"))["status"] == "applied"
    fault = env.emu.faults.add("fail:point=sysinv.app_apply,app=cert-manager,count=1")
    await env.directive("cert-manager", "apply")
    env.run_all()
    assert (await env.show("cert-manager"))["status"] == "apply-failed"
    assert fault["fired"] == 1
    status, _ = await env.directive("cert-manager", "apply")
    assert status == 200
    env.run_all()
    assert (await env.show("cert-manager"))["status"] == "applied"


async def test_apply_failure_names_the_failing_helm_release(env):
    env.emu.faults.add("fail:point=sysinv.app_apply,app=oidc-auth-apps,chart=secret-observer")
    await env.directive("oidc-auth-apps", "apply")
    env.run_all()
    history = env.history("oidc-auth-apps")
    assert history[-2][2] == "Applying app oidc-auth-apps. Chart oidc-client applied. Overall completion: 67%"
    assert history[-1][1:] == ("apply-failed", 'Failed to apply helm release "secret-observer".: operation aborted, '
                                               "check system inventory logs for details")


@pytest.mark.parametrize("path, body, status, message", [
    ("/v1/apps/nope?directive=apply", {"values": {}}, 400, "Application-apply rejected: application not found."),
    ("/v1/apps/cert-manager?directive=install", {"values": {}}, 403, "Operation not permitted."),
    ("/v1/apps/cert-manager", {"values": {}}, 400, 'Missing argument: "directive"'),
    ("/v1/apps/cert-manager?directive=apply", {}, 400, 'Missing argument: "values"'),
    ("/v1/apps/cert-manager?directive=apply", {"values": {"mode": "normal"}}, 400,
     "Application-apply rejected: Mode is not supported for app cert-manager."),
])
async def test_apply_request_rejections(env, path, body, status, message):
    got, answer = await env.api.patch("sysinv", path, json=body)
    assert got == status and faultstring(answer) == message


async def test_apply_refused_while_applying_and_while_uploading(env):
    await env.directive("cert-manager", "apply")
    status, body = await env.directive("cert-manager", "apply")
    assert status == 400 and faultstring(body) == "Application-apply rejected: install/update is already in progress."
    await env.upload(HELM + "/vault-25.09-66.tgz")
    status, body = await env.directive("vault", "apply")
    assert status == 400
    assert faultstring(body) == ("Application-apply rejected: operation is not allowed while the current status is "
                                 "uploading.")


async def test_openstack_apply_modes(env):
    await env.uploaded("stx-openstack", "25.09-0")
    status, body = await env.directive("stx-openstack", "apply", {"mode": "bogus"})
    assert status == 400
    assert faultstring(body) == ("Application-apply rejected: Mode bogus for app stx-openstack is not valid. Valid "
                                 "modes are ['restore_db', 'restore_storage', 'normal'].")
    status, body = await env.directive("stx-openstack", "apply", {"mode": "normal"})
    assert status == 200 and body["status"] == "applying"
    assert env.scope.first("app", name="stx-openstack")["mode"] == "normal"
    assert env.run_all() == pytest.approx(1800)


async def test_abort_apply_fails_it_within_five_seconds(env):
    await env.directive("cert-manager", "apply")
    env.advance(10)
    assert (await env.show("cert-manager"))["progress"] == "retrieving docker images"
    status, body = await env.directive("cert-manager", "abort")
    assert status == 200 and body["status"] == "applying"  # the conductor notices later
    env.advance(4.9)
    assert (await env.show("cert-manager"))["status"] == "applying"
    env.advance(0.1)
    app = await env.show("cert-manager")
    # a platform-managed app too: only a restart resets to 'uploaded'
    assert (app["status"], app["progress"]) == ("apply-failed", "operation aborted by user")
    assert env.pending_steps() == []


async def test_abort_during_chart_progress(env):
    await env.uploaded("vault", "25.09-66")
    await env.directive("vault", "apply")
    env.advance(40)
    assert (await env.show("vault"))["progress"] == "Applying app vault. Overall completion: 0%"
    await env.directive("vault", "abort")
    env.run_all()
    app = await env.show("vault")
    assert (app["status"], app["progress"]) == ("apply-failed", "operation aborted by user")


async def test_abort_refused_unless_an_operation_runs(env):
    status, body = await env.directive("cert-manager", "abort")
    assert status == 400
    assert faultstring(body) == ("Application-abort rejected: operation is not allowed while the current status is "
                                 "applied.")
    status, body = await env.directive("nope", "abort")
    assert status == 400 and faultstring(body) == "Application-abort rejected: application not found."


# -- remove ---------------------------------------------------------------------------------------------------
async def test_remove_progress_and_result(env):
    env.events.clear()
    status, body = await env.directive("cert-manager", "remove", force=False)
    assert status == 200 and (body["status"], body["progress"]) == ("removing", None)
    took = env.run_all()
    assert env.history("cert-manager") == [
        (body["app_version"], "removing", None),
        (body["app_version"], "removing", "deleting application manifest"),
        (body["app_version"], "uploaded", "completed")]
    assert took == pytest.approx(60)
    assert (await env.show("cert-manager"))["active"] is False


async def test_remove_rejections_and_nginx_needs_force(env):
    status, body = await env.directive("platform-integ-apps", "remove", force=False)
    assert status == 400
    assert faultstring(body) == ("Application-remove rejected: operation is not allowed while the current status is "
                                 "uploaded.")
    status, body = await env.directive("nginx-ingress-controller", "remove", force=False)
    assert status == 400
    assert faultstring(body) == ("Application-remove rejected: Remove is disabled for this version of "
                                 "nginx-ingress-controller")
    status, body = await env.directive("nginx-ingress-controller", "remove", force=True)
    assert status == 200 and body["status"] == "removing"


async def test_remove_fault_and_forced_remove_fault(env):
    env.emu.faults.add("fail:point=sysinv.app_remove,app=cert-manager,count=2")
    await env.directive("cert-manager", "remove", force=False)
    env.run_all()
    app = await env.show("cert-manager")
    assert (app["status"], app["progress"]) == ("remove-failed",
                                                "operation aborted, check system inventory logs for details")
    assert app["active"] is False
    await env.directive("cert-manager", "remove", force=True)  # allowed from remove-failed
    env.run_all()
    app = await env.show("cert-manager")
    assert (app["status"], app["progress"]) == (
        "uploaded", "Application remove failed. Status forced to 'uploaded'. Use native helm commands to clean up "
                    "application helm releases.")


async def test_abort_remove(env):
    await env.directive("cert-manager", "remove", force=False)
    env.advance(1)
    await env.directive("cert-manager", "abort")
    env.run_all()
    app = await env.show("cert-manager")
    assert (app["status"], app["progress"]) == ("remove-failed", "operation aborted by user")


# -- delete ---------------------------------------------------------------------------------------------------
async def test_delete_only_from_uploaded_or_upload_failed(env):
    status, body = await env.api.delete("sysinv", "/v1/apps/cert-manager?force=False")
    assert status == 400
    assert faultstring(body) == ("Application-delete rejected: operation is not allowed while the current status is "
                                 "applied.")
    status, body = await env.api.delete("sysinv", "/v1/apps/nope?force=False")
    assert status == 400 and faultstring(body) == "Application-delete rejected: application not found."
    status, body = await env.api.delete("sysinv", "/v1/apps/platform-integ-apps?force=False")
    assert status == 204 and body is None
    assert env.scope.first("app", name="platform-integ-apps") is None


async def test_delete_of_nginx_needs_force(env):
    await env.directive("nginx-ingress-controller", "remove", force=True)
    env.run_all()
    status, body = await env.api.delete("sysinv", "/v1/apps/nginx-ingress-controller?force=False")
    assert status == 400
    assert faultstring(body) == ("Application-delete rejected: Delete is disabled for this version of "
                                 "nginx-ingress-controller")
    status, _ = await env.api.delete("sysinv", "/v1/apps/nginx-ingress-controller?force=True")
    assert status == 204


async def test_full_lifecycle_at_time_scale_zero():
    async with AppsEnv(time_scale=0) as env:
        status, _ = await env.upload(HELM + "/vault-25.09-66.tgz")
        assert (await env.show("vault"))["status"] == "uploaded"  # due steps ran before this request
        await env.directive("vault", "apply")
        assert (await env.show("vault"))["status"] == "applied"
        await env.directive("vault", "remove", force=False)
        assert (await env.show("vault"))["status"] == "uploaded"
        status, _ = await env.api.delete("sysinv", "/v1/apps/vault?force=False")
        assert status == 204
        kinds = {e["method"] + " " + e["path"] for e in await env.api.journal()}
        assert kinds == {"POST /v1/apps", "PATCH /v1/apps/vault", "DELETE /v1/apps/vault"}


# -- USM-facing queries ---------------------------------------------------------------------------------------
async def test_get_all_apps_by_status_and_by_id(env):
    status, body = await env.api.get("sysinv", "/v1/apps/get_all_apps_by_status?status=applied")
    assert status == 200 and sorted(a["name"] for a in body) == ["cert-manager", "nginx-ingress-controller"]
    assert set(body[0]) == FULL
    status, body = await env.api.get("sysinv", "/v1/apps/get_all_apps_by_status?status=weird")
    assert status == 400 and faultstring(body) == "get_all_apps_by_status rejected: status weird is not valid."
    ident = env.scope.first("app", name="cert-manager")["id"]
    status, body = await env.api.get("sysinv", "/v1/apps/kube_app_get_by_id?id=%d" % ident)
    assert status == 200 and body["name"] == "cert-manager"
    status, body = await env.api.get("sysinv", "/v1/apps/kube_app_get_by_id?id=9999")
    assert status == 404 and faultstring(body) == "No application with id 9999."


def test_tarball_names():
    assert app_catalog.name_version_from_filename("/x/cert-manager-24.09-79.tgz") == ("cert-manager", "24.09-79")
    assert app_catalog.name_version_from_filename("platform-integ-apps-24.09-144.tar.gz") == \
        ("platform-integ-apps", "24.09-144")
    assert app_catalog.name_version_from_filename("stx-openstack-25.09-0-debian-stable-versioned.tgz") == \
        ("stx-openstack", "25.09-0")
    assert app_catalog.name_version_from_filename("http://h/a/hello-kitty-0.1.0.tgz") == ("hello-kitty", "0.1.0")
    assert app_catalog.name_version_from_filename("latest.tgz") == (None, None)
    assert json.dumps(app_catalog.bundle("25.09.1")) == json.dumps(app_catalog.bundle("25.09"))
