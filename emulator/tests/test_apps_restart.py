"""What happens to application operations when the emulator (the sysinv conductor) restarts or crashes.

The conductor's ``_clear_stuck_applications`` resets every app still uploading, applying, updating, recovering or
removing; an update interrupted before its tarball was extracted restores the previous version instead.
In-process restarts reopen the same state file; the crash tests kill a real ``stx-emulator serve`` process at a
named crash point.
"""

import os
import time

import pytest

from apps_env import HELM, AppsEnv
from stx_emulator.testing import EmulatorProcess, http_json

RESET = ("Unexpected process termination while {} was in progress. The application status has changed from "
         "'{}' to '{}'.")


async def upload_steps_started(env):
    status, _ = await env.upload(HELM + "/snmp-25.09-80.tgz")
    assert status == 200
    env.advance(1)
    return [("snmp", "upload-failed", RESET.format("application-upload", "uploading", "upload-failed"))]


async def applying_unmanaged(env):
    await env.uploaded("hello-kitty", "0.1-1")
    await env.directive("hello-kitty", "apply")
    env.advance(10)
    return [("hello-kitty", "apply-failed", RESET.format("application-apply", "applying", "apply-failed"))]


async def applying_platform_managed(env):
    await env.directive("cert-manager", "apply")
    env.advance(40)
    return [("cert-manager", "uploaded", RESET.format("application-apply", "applying", "uploaded"))]


async def removing(env):
    await env.uploaded("hello-kitty", "0.1-1")
    await env.directive("hello-kitty", "apply")
    env.run_all()
    await env.directive("hello-kitty", "remove", force=False)
    env.advance(10)
    return [("hello-kitty", "remove-failed", RESET.format("application-remove", "removing", "remove-failed"))]


async def updating_before_extraction(env):
    await env.applied("hello-kitty", "0.1-1")
    await env.update(HELM + "/hello-kitty-0.1-2.tgz")
    env.advance(0.5)  # "Application update starting." only: no manifest directory yet
    assert (await env.show("hello-kitty"))["progress"] == "Application update starting."
    return [("hello-kitty", "applied", "completed", "0.1-1")]


async def updating_after_extraction(env):
    await env.applied("hello-kitty", "0.1-1")
    await env.update(HELM + "/hello-kitty-0.1-2.tgz")
    env.advance(30)
    return [("hello-kitty", "apply-failed", RESET.format("application-update", "updating", "apply-failed"), "0.1-2")]


async def updating_platform_managed(env):
    await env.update(HELM + "/cert-manager-25.09-999.tgz")
    env.advance(30)
    return [("cert-manager", "uploaded", RESET.format("application-update", "updating", "uploaded"), "25.09-999")]


async def recovering(env):
    await env.applied("hello-kitty", "0.1-1")
    env.emu.faults.add("fail:point=sysinv.app_update,app=hello-kitty")
    await env.update(HELM + "/hello-kitty-0.1-2.tgz")
    for _ in range(200):
        env.advance(1)
        if env.scope.first("app", name="hello-kitty", status="recovering"):
            break
    return [("hello-kitty", "apply-failed", RESET.format("application-update", "recovering", "apply-failed"),
             "0.1-1")]


@pytest.mark.parametrize("scenario", [upload_steps_started, applying_unmanaged, applying_platform_managed, removing,
                                      updating_before_extraction, updating_after_extraction,
                                      updating_platform_managed, recovering])
async def test_restart_resolves_interrupted_operations(tmp_path, scenario):
    state = str(tmp_path / "state.sqlite")
    async with AppsEnv(state=state) as env:
        expected = await scenario(env)
        assert env.pending_steps()
    async with AppsEnv(state=state) as env:
        assert env.emu.restarted
        assert env.pending_steps() == [] and env.scope.all("app_op") == []
        for name, status, progress, *version in expected:
            app = await env.show(name)
            assert (app["status"], app["progress"]) == (status, progress)
            if version:
                assert app["app_version"] == version[0]
            assert env.scope.first("app", name=name)["_op"] is None
        env.advance(3600)  # nothing resumes
        for name, status, *_ in expected:
            assert (await env.show(name))["status"] == status


async def test_restart_after_interrupted_update_keeps_the_old_version_inactive(tmp_path):
    state = str(tmp_path / "state.sqlite")
    async with AppsEnv(state=state) as env:
        await updating_after_extraction(env)
    async with AppsEnv(state=state) as env:
        versions = sorted((a["app_version"], a["status"]) for a in env.scope.all("app", name="hello-kitty"))
        assert versions == [("0.1-1", "inactive"), ("0.1-2", "apply-failed")]
        status, _ = await env.directive("hello-kitty", "apply")  # the operator can apply the new version again
        assert status == 200
        env.run_all()
        assert (await env.show("hello-kitty"))["status"] == "applied"


async def test_restart_forgets_the_apps_update_status(tmp_path):
    state = str(tmp_path / "state.sqlite")
    async with AppsEnv(state=state) as env:
        await env.api.post("sysinv", "/v1/apps/update_all")
        env.run_all()
        status, body = await env.api.get("sysinv", "/v1/apps/get_apps_update_status")
        assert body is not None
    async with AppsEnv(state=state) as env:
        status, body = await env.api.get("sysinv", "/v1/apps/get_apps_update_status")
        assert status == 200 and body is None


# -- crashes of a real emulator process -----------------------------------------------------------------------
def seeded_state(path):
    """A deployed system's state file, plus hello-kitty 0.1-1 uploaded (not platform managed)."""
    from stx_emulator.server import Emulator
    from stx_emulator.services.sysinv import app_ops

    emu = Emulator(state=path, fresh=False, topology="aio-sx")
    app_ops.new_app(emu.scope(), "hello-kitty", "0.1-1", "uploaded", progress="completed")
    emu.store.close()
    return path


def sysinv(proc, method, path, token, body=None):
    url = "http://127.0.0.1:%d%s" % (6385 + proc.port_offset, path)
    return http_json(method, url, body, headers={"X-Auth-Token": token})


def wait_for_exit(proc, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.proc.poll() is not None:
            return proc.proc.returncode
        time.sleep(0.05)
    raise AssertionError("the emulator did not crash")


@pytest.mark.parametrize("fault, request_, expected", [
    ("crash:point=sysinv.app_apply.applying,app=hello-kitty",
     ("PATCH", "/v1/apps/hello-kitty?directive=apply", {"values": {}}),
     ("0.1-1", "apply-failed", RESET.format("application-apply", "applying", "apply-failed"))),
    ("crash:point=sysinv.app_upload.uploading,app=snmp,step=up_validate",
     ("POST", "/v1/apps", {"tarfile": HELM + "/snmp-25.09-80.tgz"}),
     ("25.09-80", "upload-failed", RESET.format("application-upload", "uploading", "upload-failed"))),
])
def test_crash_during_an_operation(tmp_path, fault, request_, expected):
    state = seeded_state(str(tmp_path / "state.sqlite"))
    name = "snmp" if "snmp" in fault else "hello-kitty"
    proc = EmulatorProcess(fresh=True, state=state, faults=[fault])
    proc.start()
    try:
        token, _ = proc.token()
        method, path, body = request_
        status, _, answer = sysinv(proc, method, path, token, body)
        assert status == 200, answer
        assert wait_for_exit(proc) == 137
    finally:
        proc.kill()
    with EmulatorProcess(fresh=True, state=state) as again:
        token, _ = again.token()
        status, _, app = sysinv(again, "GET", "/v1/apps/%s" % name, token)
        assert status == 200
        assert (app["app_version"], app["status"], app["progress"]) == expected


def test_crash_during_an_update_before_extraction_restores_the_old_version(tmp_path):
    state = seeded_state(str(tmp_path / "state.sqlite"))
    with EmulatorProcess(fresh=True, state=state) as proc:
        token, _ = proc.token()
        sysinv(proc, "PATCH", "/v1/apps/hello-kitty?directive=apply", token, {"values": {}})
        status, _, app = sysinv(proc, "GET", "/v1/apps/hello-kitty", token)
        assert app["status"] == "applied"
    crashing = EmulatorProcess(fresh=True, state=state,
                               faults=["crash:point=sysinv.app_update.updating,app=hello-kitty,step=up_extract"])
    crashing.start()
    try:
        token, _ = crashing.token()
        status, _, answer = sysinv(crashing, "POST", "/v1/apps/update", token,
                                   {"tarfile": HELM + "/hello-kitty-0.1-2.tgz"})
        assert status == 200 and answer["status"] == "updating"
        assert wait_for_exit(crashing) == 137
    finally:
        crashing.kill()
    with EmulatorProcess(fresh=True, state=state) as again:
        token, _ = again.token()
        status, _, app = sysinv(again, "GET", "/v1/apps/hello-kitty", token)
        assert (app["app_version"], app["status"], app["progress"], app["active"]) == \
            ("0.1-1", "applied", "completed", True)
        status, _, listed = sysinv(again, "GET", "/v1/apps/get_all_apps_by_status?status=updating", token)
        assert listed == []
    assert os.path.exists(state)
