"""Complete USM procedures through the raw HTTP API in the reference order (usm-and-vim.md §5), host actions
through sysinv's API, faults, and a restart in the middle of deploy start."""

import json
import os

from stx_emulator.testing import EmulatorProcess, http_json

from usm_env import UsmEnv, write_iso, write_patch

PATCH = "starlingx-25.09.1"
MAJOR = "starlingx-26.03.0"


async def deploy_start(env, release):
    status, body = await env.cli.start(release)
    assert status == 200, body
    assert await env.cli.state() in ("start", "start-done")
    await env.flush()
    assert await env.cli.state() == "start-done"


async def deploy_host(env, hostname, rollback=False):
    status, body = await env.cli.deploy_host(hostname, rollback=rollback)
    assert status == 200 and body["error"] == "", body
    return body


def running(env, hostname):
    return env.scope.first("usm_host", hostname=hostname)["running"]


async def test_in_service_patch_on_aio_dx(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        assert (await env.cli.precheck(PATCH))[0] == 200
        await deploy_start(env, PATCH)
        assert (await env.cli.show(PATCH))[1]["state"] == "deploying"
        # patches: controllers in any order, hosts stay unlocked
        await deploy_host(env, "controller-0")
        assert await env.cli.state() == "host"
        assert running(env, "controller-0") == "25.09.1" and running(env, "controller-1") == "25.09.0"
        status, body = await env.cli.deploy_host("controller-1", force=True)  # POST /v1/deploy_host/H/force
        assert (status, body["error"]) == (200, "")
        assert await env.cli.host_states() == {"controller-0": "deployed", "controller-1": "deployed"}
        assert await env.cli.state() == "host-done"
        status, body = await env.cli.action("activate")
        assert (status, body["info"]) == (200, "Deploy activate has started")
        assert await env.cli.state() in ("activate", "activate-done")
        await env.flush()
        assert await env.cli.state() == "activate-done"
        assert (await env.cli.action("complete"))[1]["info"] == "Deployment has been completed\n"
        # a patch stays deploying until the deployment is deleted
        assert await env.cli.is_state("is_deployed", PATCH) == (200, False)
        assert (await env.cli.show(PATCH))[1]["state"] == "deploying"
        assert await env.cli.deploy_delete() == (200, {"info": "Deploy deleted with success", "warning": "",
                                                       "error": ""})
        assert await env.cli.is_state("is_deployed", PATCH) == (200, True)
        assert await env.cli.deploy_show() == (200, []) and await env.cli.host_list() == (200, [])


async def test_reboot_required_patch_on_aio_sx_needs_lock_and_reboot(tmp_path):
    async with UsmEnv("aio-sx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        await deploy_start(env, PATCH)
        status, body = await env.cli.deploy_host("controller-0")
        assert status == 406 and body["error"] == "Host controller-0 must be locked."
        status, _ = await env.host_action("controller-0", "lock")
        assert status == 200 and env.host("controller-0")["administrative"] == "locked"
        body = await deploy_host(env, "controller-0", )
        assert body["info"] == "Host deployment was successful on controller-0.\n"
        # deployed, but the host runs the new software only after the unlock reboots it
        assert running(env, "controller-0") == "25.09.0"
        status, body = await env.cli.action("activate")
        assert status == 406 and body["error"] == "Hosts must be unlocked and online."
        assert (await env.host_action("controller-0", "unlock"))[0] == 200
        assert env.host("controller-0")["availability"] == "available"
        await env.cli.list()  # any USM request notices the reboot
        assert running(env, "controller-0") == "25.09.1"
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert (await env.cli.action("complete"))[0] == 200
        assert (await env.cli.deploy_delete())[0] == 200
        assert (await env.cli.show(PATCH))[1]["state"] == "deployed"


async def test_major_upgrade_aio_dx_raw_http_in_reference_order(tmp_path):
    async with UsmEnv("aio-dx") as env:
        iso, sig = write_iso(tmp_path, "26.03")
        status, body = await env.cli.upload(iso, sig)
        assert status == 200 and body["upload_info"][0]["starlingx-26.03.0.iso"]["id"] == MAJOR
        status, body = await env.cli.precheck(MAJOR)
        assert status == 200 and body["major_release"] is True
        await deploy_start(env, MAJOR)
        deploy = (await env.cli.deploy_show())[1][0]
        assert (deploy["from_release"], deploy["to_release"], deploy["reboot_required"]) == ("25.09.0", "26.03.0",
                                                                                           True)
        assert deploy["feed_repo"] == "/var/www/pages/feed/rel-26.03/ostree_repo"
        # every host must be locked, controller-1 first
        assert (await env.cli.deploy_host("controller-1"))[1]["error"] == "Host controller-1 must be locked."
        assert (await env.host_action("controller-1", "lock"))[0] == 200
        status, body = await env.cli.deploy_host("controller-0")
        assert status == 406 and body["error"] == ("controller-0 does not satisfy the right order of deployment "
                                                   "should be controller-1")
        body = await deploy_host(env, "controller-1")
        assert body["info"].startswith("Running major release deployment, major_release=26.03, force=False, "
                                       "async_req=False, commit_id=")
        assert body["info"].endswith("Host deployment was successful on controller-1.\n")
        assert env.host("controller-1")["sw_version"] == "26.03"  # sysinv ihost.sw_version follows
        assert await env.cli.state() == "host"
        assert (await env.host_action("controller-1", "unlock"))[0] == 200
        assert (await env.host_action("controller-0", "swact"))[0] == 200
        assert env.active_controller() == "controller-1"
        # the API now runs on controller-1, which runs 26.03 (SW_VERSION): 26.03.0 is not a major change there,
        # and with a deployment in progress the system is not "patch current"
        status, body = await env.cli.precheck(MAJOR)
        assert status == 406 and body["major_release"] is False
        assert "Deployment in progress: 25.09.0 to 26.03.0" in body["info"].splitlines()
        assert (await env.host_action("controller-0", "lock"))[0] == 200
        await deploy_host(env, "controller-0")
        assert await env.cli.state() == "host-done"
        assert (await env.host_action("controller-0", "unlock"))[0] == 200
        assert await env.cli.host_states() == {"controller-0": "deployed", "controller-1": "deployed"}
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert await env.cli.state() == "activate-done"
        assert env.scope.first("isystem")["software_version"] == "26.03"
        assert (await env.cli.action("complete"))[0] == 200
        # delete of a major deployment must run on controller-0; the text comes back in info, with 406
        assert await env.cli.deploy_delete() == (406, {
            "info": "Deploy delete can only be performed on controller-0.", "warning": "", "error": ""})
        assert (await env.host_action("controller-1", "swact"))[0] == 200
        assert env.active_controller() == "controller-0"
        assert (await env.cli.deploy_delete())[0] == 200
        states = {r["release_id"]: r["state"] for r in (await env.cli.list())[1]}
        assert states == {"starlingx-25.09.0": "unavailable", MAJOR: "deployed"}
        assert running(env, "controller-0") == running(env, "controller-1") == "26.03.0"
        # the old major can be deleted now, and a new major may be uploaded
        assert (await env.cli.delete("starlingx-25.09.0"))[1]["info"] == (
            "Deleted feed directory /var/www/pages/feed/rel-25.09\nstarlingx-25.09.0 has been deleted\n")


async def test_patch_abort_and_host_rollback_raw_http(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        await deploy_start(env, PATCH)
        assert (await env.host_action("controller-1", "lock"))[0] == 200
        await deploy_host(env, "controller-1")
        assert (await env.host_action("controller-1", "unlock"))[0] == 200
        assert await env.cli.host_states() == {"controller-0": "pending", "controller-1": "deployed"}
        assert (await env.cli.action("abort"))[1]["info"] == "Deployment has been aborted\n"
        deploy = (await env.cli.deploy_show())[1][0]
        assert deploy["state"] == "host-rollback"
        assert (deploy["from_release"], deploy["to_release"]) == ("25.09.1", "25.09.0")  # swapped
        # the pending host needs nothing; the deployed one rolls back (RR: locked)
        assert await env.cli.host_states() == {"controller-0": "rollback-deployed",
                                               "controller-1": "rollback-pending"}
        status, body = await env.cli.deploy_host("controller-1", rollback=True)
        assert status == 406 and body["error"] == "Host controller-1 must be locked."
        assert (await env.host_action("controller-1", "lock"))[0] == 200
        await deploy_host(env, "controller-1", rollback=True)
        assert await env.cli.state() == "host-rollback-done"
        status, body = await env.cli.deploy_delete()
        assert status == 406 and body["error"] == "Hosts must be unlocked and online."
        assert (await env.host_action("controller-1", "unlock"))[0] == 200
        await env.cli.list()
        assert running(env, "controller-1") == "25.09.0"
        assert (await env.cli.deploy_delete())[0] == 200
        assert (await env.cli.show(PATCH))[1]["state"] == "available"


async def test_patch_rollback_after_complete(tmp_path):
    async with UsmEnv("aio-sx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        await deploy_start(env, PATCH)
        await deploy_host(env, "controller-0")
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert (await env.cli.action("complete"))[0] == 200
        assert (await env.cli.action("abort"))[0] == 200
        assert await env.cli.state() == "activate-rollback-pending"
        assert await env.cli.host_states() == {"controller-0": "rollback-pending"}
        assert (await env.cli.action("activate_rollback"))[1]["info"] == "Deploy activate-rollback has started"
        assert env.scope.first("deploy")["state"] == "activate-rollback-done"  # patches: at once, no timer
        await deploy_host(env, "controller-0", rollback=True)
        assert await env.cli.state() == "host-rollback-done"
        assert (await env.cli.deploy_delete())[0] == 200
        assert (await env.cli.show(PATCH))[1]["state"] == "available"


async def test_removing_a_patch_by_starting_an_older_release(tmp_path):
    async with UsmEnv("aio-sx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        await deploy_start(env, PATCH)
        await deploy_host(env, "controller-0")
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert (await env.cli.action("complete"))[0] == 200
        assert (await env.cli.deploy_delete())[0] == 200
        status, body = await env.cli.start("starlingx-25.09.0")
        assert status == 200 and body["info"] == "%s has been removed from the repo\n" % PATCH
        assert await env.cli.state() == "start-done"  # synchronously
        assert (await env.cli.show(PATCH))[1]["state"] == "removing"
        assert (await env.cli.action("abort"))[0] == 406  # not from start-done
        status, body = await env.cli.deploy_delete()
        assert status == 406 and body["info"] == "Delete is not supported while removing a release"
        await deploy_host(env, "controller-0")
        assert (await env.cli.action("abort"))[1]["info"] == "Abort operation is not supported in patch removal"
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert (await env.cli.action("complete"))[0] == 200
        assert (await env.cli.deploy_delete())[0] == 200
        assert (await env.cli.show(PATCH))[1]["state"] == "available"


async def test_major_rollback_goes_controller_0_then_controller_1(tmp_path):
    async with UsmEnv("aio-dx") as env:
        iso, sig = write_iso(tmp_path, "26.03")
        assert (await env.cli.upload(iso, sig))[0] == 200
        await deploy_start(env, MAJOR)
        for host in ("controller-1", "controller-0"):
            if host == "controller-0":
                assert (await env.host_action("controller-0", "swact"))[0] == 200
            assert (await env.host_action(host, "lock"))[0] == 200
            await deploy_host(env, host)
            assert (await env.host_action(host, "unlock"))[0] == 200
        assert (await env.host_action("controller-1", "swact"))[0] == 200
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert (await env.cli.action("abort"))[0] == 200
        assert await env.cli.state() == "activate-rollback-pending"
        assert (await env.cli.action("activate_rollback"))[0] == 200
        assert env.scope.first("deploy")["state"] == "activate-rollback"  # a major release runs its scripts
        await env.flush()
        assert await env.cli.state() == "activate-rollback-done"
        assert env.scope.first("isystem")["software_version"] == "25.09"
        assert env.active_controller() == "controller-0"
        assert (await env.host_action("controller-1", "lock"))[0] == 200
        status, body = await env.cli.deploy_host("controller-1", rollback=True)
        assert status == 406 and body["error"] == ("controller-1 does not satisfy the right order of deployment "
                                                   "should be controller-0")
        assert (await env.host_action("controller-1", "unlock"))[0] == 200
        assert (await env.host_action("controller-0", "swact"))[0] == 200
        assert (await env.host_action("controller-0", "lock"))[0] == 200
        await deploy_host(env, "controller-0", rollback=True)
        assert env.host("controller-0")["sw_version"] == "25.09"
        assert (await env.host_action("controller-0", "unlock"))[0] == 200
        assert (await env.host_action("controller-1", "swact"))[0] == 200
        assert (await env.host_action("controller-1", "lock"))[0] == 200
        await deploy_host(env, "controller-1", rollback=True)
        assert (await env.host_action("controller-1", "unlock"))[0] == 200
        assert await env.cli.state() == "host-rollback-done"
        assert (await env.cli.deploy_delete())[0] == 200
        assert {r["release_id"]: r["state"] for r in (await env.cli.list())[1]} == {
            "starlingx-25.09.0": "deployed", MAJOR: "available"}


async def test_start_and_activate_faults(tmp_path):
    async with UsmEnv("aio-sx", faults=["fail:point=usm.deploy_start,count=1",
                                        "fail:point=usm.deploy_activate,count=1"]) as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        assert (await env.cli.start(PATCH))[0] == 200
        await env.flush()
        assert await env.cli.state() == "start-failed"
        assert (await env.cli.deploy_host("controller-0"))[1]["error"] == (
            "Current deployment (start-failed) is not ready to deploy host")
        assert (await env.cli.deploy_delete())[0] == 200
        assert (await env.cli.show(PATCH))[1]["state"] == "available"
        await deploy_start(env, PATCH)
        await deploy_host(env, "controller-0")
        assert (await env.cli.action("activate"))[0] == 200
        await env.flush()
        assert await env.cli.state() == "activate-failed"
        assert (await env.cli.action("activate"))[0] == 200  # re-run activate from activate-failed
        await env.flush()
        assert await env.cli.state() == "activate-done"


async def test_delete_from_start_done_refuses_when_a_host_is_deployed(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        await deploy_start(env, PATCH)
        assert (await env.cli.deploy_delete())[1]["info"] == "Deploy deleted with success"
        await deploy_start(env, PATCH)
        await deploy_host(env, "controller-1")
        status, body = await env.cli.deploy_delete()
        assert status == 406 and body["error"] == ("Deploy must be in the following states to be able to delete: "
                                                   "host-rollback-done, completed, start-done, start-failed")


# -- restart ---------------------------------------------------------------------------------------------------
def _usm(proc, token, method, path, body=None, headers=None):
    url = "http://127.0.0.1:%d%s" % (5497 + proc.port_offset, path)
    hdrs = {"X-Auth-Token": token}
    hdrs.update(headers or {})
    return http_json(method, url, body, hdrs)


def _upload_local(proc, token, path):
    import urllib.request

    req = urllib.request.Request("http://127.0.0.1:%d/v1/release" % (5497 + proc.port_offset),
                                 data=json.dumps([path]).encode(), method="POST",
                                 headers={"X-Auth-Token": token, "Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, json.load(resp)


def test_restart_in_the_middle_of_deploy_start_fails_it(tmp_path):
    state = str(tmp_path / "state.sqlite")
    patch = write_patch(tmp_path, PATCH, reboot_required=False)
    proc = EmulatorProcess(topology="aio-sx", state=state)
    with proc:
        token, _ = proc.token()
        assert _upload_local(proc, token, patch)[0] == 200
        assert proc.admin("PUT", "/_emulator/clock", {"time_scale": 1000})[0] == 200  # start: 30000 s
        status, _, body = _usm(proc, token, "POST", "/v1/deploy/%s/start" % PATCH, {})
        assert status == 200, body
        assert _usm(proc, token, "GET", "/v1/deploy")[2][0]["state"] == "start"
        proc.kill()
        proc.start()
        token, _ = proc.token()
        status, _, deploys = _usm(proc, token, "GET", "/v1/deploy")
        assert deploys[0]["state"] == "start-failed"
        timers = proc.admin("GET", "/_emulator/clock")[2]["pending_timers"]
        assert not [t for t in timers if t["action"] == "usm.deploy.start_done"]
        status, _, body = _usm(proc, token, "DELETE", "/v1/deploy")
        assert status == 200 and body["info"] == "Deploy deleted with success"


def test_crash_while_the_agent_deploys_a_host_fails_the_host(tmp_path):
    state = str(tmp_path / "state.sqlite")
    patch = write_patch(tmp_path, PATCH, reboot_required=False)
    proc = EmulatorProcess(topology="aio-sx", state=state, faults=["crash:point=usm.deploy_host.agent"])
    with proc:
        token, _ = proc.token()
        assert _upload_local(proc, token, patch)[0] == 200
        assert _usm(proc, token, "POST", "/v1/deploy/%s/start" % PATCH, {})[0] == 200
        assert _usm(proc, token, "GET", "/v1/deploy")[2][0]["state"] == "start-done"
        try:
            _usm(proc, token, "POST", "/v1/deploy_host/controller-0", None)
        except OSError:
            pass  # the process died under the request
        proc.proc.wait(10)
        assert proc.proc.returncode == 137
        proc.faults = []
        proc.start()
        token, _ = proc.token()
        assert _usm(proc, token, "GET", "/v1/deploy_host")[2][0]["host_state"] == "failed"
        assert _usm(proc, token, "GET", "/v1/deploy")[2][0]["state"] == "host-failed"
        status, _, body = _usm(proc, token, "POST", "/v1/deploy_host/controller-0", None)
        assert status == 200 and body["error"] == "", body
    assert os.path.exists(state)


def test_crash_in_the_activate_script_leaves_activate_failed(tmp_path):
    state = str(tmp_path / "state.sqlite")
    patch = write_patch(tmp_path, PATCH, reboot_required=False)
    proc = EmulatorProcess(topology="aio-sx", state=state, faults=["crash:point=usm.deploy_activate.script"])
    with proc:
        token, _ = proc.token()
        assert _upload_local(proc, token, patch)[0] == 200
        assert _usm(proc, token, "POST", "/v1/deploy/%s/start" % PATCH, {})[0] == 200
        assert _usm(proc, token, "POST", "/v1/deploy_host/controller-0", None)[0] == 200
        assert _usm(proc, token, "POST", "/v1/deploy/activate", {})[0] == 200
        try:  # the activate timer runs before this request is answered, and the process ends there
            _usm(proc, token, "GET", "/v1/deploy")
        except OSError:
            pass
        proc.proc.wait(10)
        assert proc.proc.returncode == 137
        proc.faults = []
        proc.start()
        token, _ = proc.token()
        assert _usm(proc, token, "GET", "/v1/deploy")[2][0]["state"] == "activate-failed"
        assert _usm(proc, token, "POST", "/v1/deploy/activate", {})[0] == 200  # re-run
        assert _usm(proc, token, "GET", "/v1/deploy")[2][0]["state"] == "activate-done"


async def test_a_major_release_is_uploaded_on_controller_0_only(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert (await env.host_action("controller-0", "swact"))[0] == 200
        iso, sig = write_iso(tmp_path, "26.03")
        assert await env.cli.upload(iso, sig) == (406, {"info": "Upload can only be performed on controller-0.",
                                                        "warning": "", "error": ""})
        # patches can be uploaded on either controller
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[1]["error"] == ""


async def test_a_dc_system_controller_keeps_one_more_major_release(tmp_path):
    async with UsmEnv("aio-sx") as env:
        system = env.scope.first("isystem")
        system["distributed_cloud_role"] = "systemcontroller"
        env.scope.save("isystem", system)
        env.emu.store.commit()
        for version in ("26.03", "26.09"):
            iso, sig = write_iso(tmp_path, version, ["25.09"])
            assert (await env.cli.upload(iso, sig))[0] == 200
        iso, sig = write_iso(tmp_path, "27.03", ["25.09"])
        status, body = await env.cli.upload(iso, sig)
        assert status == 406 and body["error"] == ("Major releases ['25.09', '26.03', '26.09'] have already been "
                                                   "uploaded in system controller. Max major releases is 3")
