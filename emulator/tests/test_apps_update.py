"""sysinv application update A -> B (``POST /v1/apps/update``): checks, success, failure with recovery, abort,
and the USM-facing ``update_all`` / ``rollback_all_apps`` / ``get_apps_update_status``."""

import pytest

from apps_env import HELM, AppsEnv, faultstring

A, B = "25.09-66", "25.09-70"
TAR_B = HELM + "/vault-%s.tgz" % B


@pytest.fixture
async def env():
    async with AppsEnv() as env:
        await env.applied("vault", A)
        env.events.clear()
        yield env


async def names_and_versions(env):
    status, body = await env.api.get("sysinv", "/v1/apps")
    return sorted((a["name"], a["app_version"]) for a in body["apps"] if a["name"] == "vault")


async def test_update_success(env):
    status, body = await env.update(TAR_B, reuse_user_overrides="true")
    assert status == 200
    assert (body["name"], body["app_version"], body["status"], body["progress"], body["active"]) == \
        ("vault", B, "updating", None, True)
    assert await names_and_versions(env) == [("vault", B)]  # A is inactive, hidden
    took = env.run_all()
    assert env.history("vault") == [
        (A, "inactive", None),
        (B, "updating", None),
        (B, "updating", "Application update starting."),
        (B, "updating", "extracting application tar file"),
        (B, "updating", "validating and uploading charts"),
        (B, "update-starting", "completed"),
        (B, "updating", "completed"),
        (B, "updating", "generating application overrides"),
        (B, "updating", "retrieving docker images"),
        (B, "updating", "applying application manifest"),
        (B, "updating", "Applying app vault. Overall completion: 0%"),
        (B, "updating", "Applying app vault. Chart vault applied. Overall completion: 50%"),
        (B, "applied", "completed"),
        (B, "updating", "cleanup application version %s" % A),
        (B, "applied", "Application update from version %s to version %s completed." % (A, B))]
    assert 180 < took < 240
    status, inactive = await env.api.get("sysinv", "/v1/apps/get_all_apps_by_status?status=inactive")
    assert [(a["name"], a["app_version"]) for a in inactive] == [("vault", A)]


async def test_update_back_reuses_the_inactive_version(env):
    old = env.scope.first("app", name="vault", app_version=A)
    await env.update(TAR_B)
    env.run_all()
    status, body = await env.update(HELM + "/vault-%s.tgz" % A)
    assert status == 200 and body["created_at"] == old["created_at"] and body["status"] == "updating"
    env.run_all()
    app = await env.show("vault")
    assert (app["app_version"], app["status"]) == (A, "applied")
    assert len(env.scope.all("app", name="vault")) == 2


async def test_update_failure_recovers_the_old_version(env):
    env.emu.faults.add("fail:point=sysinv.app_update,app=vault")
    await env.update(TAR_B)
    env.run_all()
    history = env.history("vault")
    failed = history.index((B, "apply-failed", 'Failed to apply helm release "vault".: operation aborted, check '
                                              'system inventory logs for details'))
    assert history[failed + 1:] == [
        (A, "recovering", "Application update from version %s to version %s aborted. recovering version %s "
         % (A, B, A)),
        ("gone", B),
        (A, "recovering", "recovering helm charts"),
        (A, "recovering", "Applying app vault. Overall completion: 0%"),
        (A, "recovering", "Applying app vault. Chart vault applied. Overall completion: 50%"),
        (A, "applied", "Application update from version %s to version %s aborted. Application recover to version "
                       "%s completed. Please check logs for details." % (A, B, A))]
    assert await names_and_versions(env) == [("vault", A)]
    assert env.scope.all("app", status="inactive") == []
    assert env.scope.all("app_op") == [] and env.pending_steps() == []


async def test_update_recovery_failure_leaves_the_old_version_apply_failed(env):
    env.emu.faults.add("fail:point=sysinv.app_update,app=vault")
    env.emu.faults.add("fail:point=sysinv.app_update.recover,app=vault")
    await env.update(TAR_B)
    env.run_all()
    app = await env.show("vault")
    assert (app["app_version"], app["status"]) == (A, "apply-failed")
    assert app["progress"] == ("Application update from version %s to version %s aborted. Application recover to "
                               'version %s aborted. Failed to apply helm release "vault".Please check logs for '
                               "details." % (A, B, A))


async def test_update_upload_failure_recovers_without_reapplying(env):
    env.emu.faults.add("fail:point=sysinv.app_upload,app=vault")
    await env.update(TAR_B)
    env.run_all()
    history = env.history("vault")
    assert (B, "apply-failed", "Upload of application vault (%s) failed: Failed to validate application manifest."
            % B) in history
    assert not any(len(h) == 3 and h[2] and h[2].startswith("Applying app") for h in history[history.index(
        (B, "apply-failed", "Upload of application vault (%s) failed: Failed to validate application manifest." % B)):])
    assert history[-1] == (A, "applied", "Application update from version %s to version %s aborted. Application "
                                         "recover to version %s completed. Please check logs for details." % (A, B, A))


async def test_abort_update_recovers_the_old_version(env):
    await env.update(TAR_B)
    env.advance(45)
    assert (await env.show("vault"))["progress"] == "Applying app vault. Overall completion: 0%"
    status, body = await env.directive("vault", "abort")
    assert status == 200 and body["status"] == "updating"
    env.run_all()
    history = env.history("vault")
    assert (B, "apply-failed", "operation aborted by user") in history
    app = await env.show("vault")
    assert (app["app_version"], app["status"]) == (A, "applied")
    assert app["progress"].startswith("Application update from version %s to version %s aborted." % (A, B))


async def test_update_during_activate_rollback_skips_recovery(env):
    env.scope.add("deploy", {"state": "activate-rollback"})
    env.emu.faults.add("fail:point=sysinv.app_update,app=vault")
    await env.update(TAR_B)
    env.run_all()
    app = await env.show("vault")
    assert (app["app_version"], app["status"]) == (B, "apply-failed")
    assert app["progress"] == "Application vault update from version %s to version %s failed and recovery skipped." % (
        A, B)


@pytest.mark.parametrize("body, message", [
    ({"tarfile": HELM + "/nope-1.0-1.tgz"}, "Application-update rejected: application not found."),
    ({"tarfile": "http://mirror.example.com/vault-25.09-70.tgz"},
     "Application-update rejected: application not found."),  # a URL names nothing until downloaded
    ({"tarfile": HELM + "/vault-%s.tgz" % A}, "Application-update rejected: the version %s is already applied." % A),
    ({"tarfile": TAR_B, "reuse_user_overrides": "yes"},
     "Application-update rejected: invalid reuse_user_overrides setting."),
    ({"tarfile": TAR_B, "reuse_attributes": True}, "Application-update rejected: invalid reuse_attributes setting."),
    ({"tarfile": HELM + "/vault-25.09-70.zip"},
     "Application-update rejected: %s/vault-25.09-70.zip has unrecognizable tar file extension. Supported "
     "extensions are: .tgz and .tar.gz." % HELM),
    ({"tarfile": HELM + "/platform-integ-apps-25.09-200.tgz"},
     "Application-update rejected: operation is not allowed while the current status is uploaded."),
])
async def test_update_rejections(env, body, message):
    status, answer = await env.api.post("sysinv", "/v1/apps/update", json=body)
    assert status == 400 and faultstring(answer) == message
    assert (await env.show("vault"))["app_version"] == A


async def test_update_refused_while_updating(env):
    await env.update(TAR_B)
    status, body = await env.update(HELM + "/vault-25.09-71.tgz")
    assert status == 400 and faultstring(body) == "Application-update rejected: update is already in progress."


async def test_remove_after_update_destroys_inactive_versions(env):
    await env.update(TAR_B)
    env.run_all()
    await env.directive("vault", "remove", force=False)
    env.run_all()
    assert [(a["app_version"], a["status"]) for a in env.scope.all("app", name="vault")] == [(B, "uploaded")]


async def test_delete_removes_every_version(env):
    await env.update(TAR_B)
    env.run_all()
    env.emu.faults.add("fail:point=sysinv.app_remove,app=vault")
    await env.directive("vault", "remove", force=True)  # a failed forced remove keeps the inactive version
    env.run_all()
    assert sorted(a["status"] for a in env.scope.all("app", name="vault")) == ["inactive", "uploaded"]
    status, _ = await env.api.delete("sysinv", "/v1/apps/vault?force=False")
    assert status == 204 and env.scope.all("app", name="vault") == []


# -- USM ------------------------------------------------------------------------------------------------------
async def test_update_all_and_rollback_all_apps():
    from stx_emulator.services.sysinv import app_catalog
    from stx_emulator.services.sysinv.system import system

    async with AppsEnv() as env:
        status, body = await env.api.get("sysinv", "/v1/apps/get_apps_update_status")
        assert status == 200 and body is None
        old = app_catalog.bundle("25.09")
        new = app_catalog.bundle("26.03")
        sysrec = system(env.scope)
        sysrec["software_version"] = "26.03"
        env.scope.save("isystem", sysrec)
        env.emu.store.commit()
        status, body = await env.api.post("sysinv", "/v1/apps/update_all")
        assert status == 204
        status, body = await env.api.get("sysinv", "/v1/apps/get_apps_update_status")
        assert body == {"status": "in_progress", "updated_apps": [], "failed_apps": []}
        env.run_all()
        status, body = await env.api.get("sysinv", "/v1/apps/get_apps_update_status")
        assert body["status"] == "completed" and body["failed_apps"] == []
        assert sorted(body["updated_apps"]) == sorted(n for n in old if env.scope.first("app", name=n))
        cert = await env.show("cert-manager")
        assert (cert["app_version"], cert["status"]) == (new["cert-manager"], "applied")
        assert cert["progress"] == "Application update from version %s to version %s completed." % (
            old["cert-manager"], new["cert-manager"])
        rook = await env.show("rook-ceph")
        assert (rook["app_version"], rook["status"]) == (new["rook-ceph"], "uploaded")

        env.emu.faults.add("fail:point=sysinv.app_update,app=cert-manager")
        status, _ = await env.api.post("sysinv", "/v1/apps/rollback_all_apps")
        assert status == 204
        env.run_all()
        status, body = await env.api.get("sysinv", "/v1/apps/get_apps_update_status")
        assert body["status"] == "failed" and body["failed_apps"] == ["cert-manager"]
        assert (await env.show("nginx-ingress-controller"))["app_version"] == old["nginx-ingress-controller"]
        cert = await env.show("cert-manager")
        assert (cert["app_version"], cert["status"]) == (new["cert-manager"], "applied")  # recovered
