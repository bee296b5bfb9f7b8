"""USM endpoints, envelope and quirks (usm-and-vim.md §2, §3, §7), with requests shaped like the software CLI."""

import pytest

from stx_emulator.testing import ADMIN_PASSWORD

from usm_env import UsmEnv, write_iso, write_patch

PATCH = "starlingx-25.09.1"


async def upload_patch(env, tmp_path, release_id=PATCH, **fields):
    status, body = await env.cli.upload(write_patch(tmp_path, release_id, **fields))
    assert status == 200 and body["error"] == "", body
    return body


async def started(env, tmp_path, release_id=PATCH, **fields):
    await upload_patch(env, tmp_path, release_id, **fields)
    status, body = await env.cli.start(release_id)
    assert status == 200, body
    await env.flush()
    assert await env.cli.state() == "start-done"


# -- location, version documents, auth -------------------------------------------------------------------------
async def test_catalog_version_documents_and_running_release():
    async with UsmEnv("aio-sx") as env:
        status, body = await env.api.request("keystone", "GET", "/v3/auth/catalog")
        usm = [s for s in body["catalog"] if s["type"] == "usm"][0]
        urls = {e["interface"]: e["url"] for e in usm["endpoints"]}
        assert usm["name"] == "usm" and urls["public"].endswith(":%d" % (15497 + env.offset))
        assert urls["internal"].endswith(":%d" % (5497 + env.offset))
        status, root = await env.api.get("usm", "/")
        assert status == 200 and root["name"] == "StarlingX USM API" and root["versions"][0]["id"] == "v1"
        status, v1 = await env.api.get("usm-public", "/v1")
        assert v1["media_types"][0]["type"] == "application/vnd.openstack.software.v1+json"
        assert [link["rel"] for link in v1["deploy_host"]] == ["self", "bookmark"]
        status, releases = await env.cli.list()
        assert status == 200 and [(r["release_id"], r["state"], r["sw_version"]) for r in releases] == [
            ("starlingx-25.09.0", "deployed", "25.09.0")]
        assert "preinstalled_patches" in releases[0] and "metapackages" not in releases[0]


async def test_unauthenticated_and_role_refusals():
    async with UsmEnv("aio-sx") as env:
        status, body = await env.api.request("usm", "GET", "/v1/release", auth=False)
        assert status == 401 and body["error"]["message"] == "The request you have made requires authentication."
        await env.api.request("admin", "POST", "/_emulator/users", auth=False, json={
            "name": "viewer", "password": ADMIN_PASSWORD, "roles": [["admin", "reader"]]})
        await env.api.login("viewer", ADMIN_PASSWORD)
        assert (await env.cli.list())[0] == 200
        status, body = await env.cli.start("starlingx-25.09.0")
        assert status == 403
        assert body == {"info": "", "warning": "", "error": "Not allowed/Role admin or configurator is needed"}


async def test_profiles_shape_release_objects():
    async with UsmEnv("aio-sx", profile="stx-10") as env:
        rel = (await env.cli.list())[1][0]
        assert rel["release_id"] == "starlingx-24.09.0" and "preinstalled_patches" not in rel
    async with UsmEnv("aio-sx", profile="master") as env:
        rel = (await env.cli.list())[1][0]
        assert rel["release_id"] == "starlingx-26.10.0"
        assert rel["metapackages"] == {} and rel["pre_upgrade_deploy"] == {} and rel["packages"] == []


# -- releases ---------------------------------------------------------------------------------------------------
async def test_list_filters_show_and_release(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        iso, sig = write_iso(tmp_path, "26.03")
        assert (await env.cli.upload(iso, sig))[0] == 200
        ids = lambda body: [r["release_id"] for r in body]  # noqa: E731
        assert ids((await env.cli.list(state="available"))[1]) == [PATCH, "starlingx-26.03.0"]
        assert ids((await env.cli.list(state="deployed"))[1]) == ["starlingx-25.09.0"]
        # release matches when the release's MM.mm is a substring of the value
        assert ids((await env.cli.list(release="25.09.1"))[1]) == ["starlingx-25.09.0", PATCH]
        assert ids((await env.cli.list(release="26"))[1]) == []
        # an unknown show value is ignored, so the release filter applies; a valid show wins over release
        assert ids((await env.cli.list(state="bogus", release="26.03"))[1]) == ["starlingx-26.03.0"]
        assert ids((await env.cli.list(state="deployed", release="26.03"))[1]) == ["starlingx-25.09.0"]
        assert ids((await env.cli.list(state="bogus"))[1]) == ["starlingx-25.09.0", PATCH, "starlingx-26.03.0"]
        status, body = await env.cli.show("starlingx-9.9.9")
        assert status == 404 and body == {"info": "", "warning": "", "error": "Release starlingx-9.9.9 not found"}
        status, body = await env.cli.show(PATCH)
        assert status == 200 and body["state"] == "available" and body["sw_version"] == "25.09.1"


async def test_upload_patch_multipart_local_and_errors(tmp_path):
    async with UsmEnv("aio-sx") as env:
        path = write_patch(tmp_path, PATCH, requires=["starlingx-25.09.0"])
        status, body = await env.cli.upload(path)
        assert status == 200 and body["info"] == "%s is now uploaded\n" % PATCH and body["error"] == ""
        assert body["upload_info"] == [{"%s.patch" % PATCH: {"id": PATCH, "sw_release": "25.09.1"}}]
        status, body = await env.cli.upload_local(path)
        assert status == 200 and body["info"] == "%s is already uploaded. Updated metadata only\n" % PATCH
        status, body = await env.cli.upload_local(str(tmp_path / "missing.patch"))
        assert status == 406
        assert body["error"] == "File(s) not found on the active controller: %s" % (tmp_path / "missing.patch")
        other = tmp_path / "notes.txt"
        other.write_text("x")
        status, body = await env.cli.upload(str(other))
        assert status == 406 and body["error"] == ("The file extension is not supported. Supported extensions "
                                                   "include .patch, .iso and .sig")
        status, body = await env.api.request("usm", "POST", "/v1/release", json={})
        assert status == 406 and body["error"] == "No files uploaded"
        # a file that is not a patch at all: the tar subprocess fails and nothing catches it
        garbage = tmp_path / "garbage.patch"
        garbage.write_bytes(b"not a tar")
        status, body = await env.cli.upload(str(garbage))
        assert status == 500 and body["error"].startswith("Internal error occurred. Error signature [")
        # a patch that fails verification: HTTP 200 with error set
        status, body = await env.cli.upload(write_patch(tmp_path, "starlingx-25.09.2", tamper=True))
        assert status == 200 and body["error"] == "Failed to upload release starlingx-25.09.2\n"
        assert body["upload_info"] == []
        status, body = await env.cli.upload(write_patch(tmp_path, "starlingx-26.03.1"))
        assert status == 200 and body["error"] == "Failed to upload release starlingx-26.03.1\n"  # 26.03 absent
        status, body = await env.cli.upload(write_patch(tmp_path, "starlingx-24.09.5"))  # no 24.09 feed here
        assert status == 200 and body["error"] == "Failed to upload release starlingx-24.09.5\n"


async def test_upload_major_release_rules(tmp_path):
    async with UsmEnv("aio-sx") as env:
        iso, sig = write_iso(tmp_path, "26.03")
        status, body = await env.cli.upload(iso)
        assert status == 200 and body["error"] == "Missing upgrade file or signature file\n"
        bad_sig = tmp_path / "bad.sig"
        bad_sig.write_text("0" * 64)
        status, body = await env.cli.upload(iso, str(bad_sig))
        assert status == 406 and body["error"] == (
            "Software /scratch/upload_files/starlingx-26.03.0.iso:/scratch/upload_files/bad.sig signature "
            "validation failed")
        status, body = await env.cli.upload_local(iso, sig)
        assert status == 200 and body["upload_info"] == [{
            "starlingx-26.03.0.iso": {"id": "starlingx-26.03.0", "sw_release": "26.03.0"},
            "starlingx-26.03.0.sig": {"id": None, "sw_release": None}}]
        assert (await env.cli.show("starlingx-26.03.0"))[1]["state"] == "available"
        iso2, sig2 = write_iso(tmp_path, "26.09", ["26.03"])
        status, body = await env.cli.upload(iso2, sig2)
        assert status == 406 and body["error"] == ("Major releases ['25.09', '26.03'] have already been uploaded. "
                                                   "Max major releases is 2")
        same, same_sig = write_iso(tmp_path, "25.09", [], basename="same")
        status, body = await env.cli.upload(same, same_sig)
        assert status == 200
        assert body["info"] == "Uploaded release 25.09.0 is the same as current release on the controller"


async def test_major_release_limit_is_three_on_master(tmp_path):
    async with UsmEnv("aio-sx", profile="master") as env:
        for version in ("27.03", "27.09"):
            iso, sig = write_iso(tmp_path, version, ["26.10"])
            status, body = await env.cli.upload(iso, sig)
            assert status == 200, body
        iso, sig = write_iso(tmp_path, "28.03", ["26.10"])
        status, body = await env.cli.upload(iso, sig)
        assert status == 406 and "Max major releases is 3" in body["error"]


async def test_unsupported_upgrade_path_is_refused(tmp_path):
    async with UsmEnv("aio-sx") as env:
        iso, sig = write_iso(tmp_path, "26.03", ["24.09"])
        status, body = await env.cli.upload(iso, sig)
        assert status == 406 and body["error"] == "Current release 25.09 not supported to upgrade to 26.03.0"


async def test_delete_release_rules(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        await upload_patch(env, tmp_path, "starlingx-25.09.2")
        status, body = await env.cli.delete("starlingx-25.09.0", "nope-1.2.3")
        assert status == 406 and body["error"] == ("Release nope-1.2.3 can not be found\n"
                                                   "Release starlingx-25.09.0 is not ready to be deleted\n")
        status, body = await env.cli.delete(PATCH, "starlingx-25.09.2")
        assert status == 200 and body == {"info": "%s has been deleted\nstarlingx-25.09.2 has been deleted\n" % PATCH,
                                          "warning": "", "error": ""}
        assert [r["release_id"] for r in (await env.cli.list())[1]] == ["starlingx-25.09.0"]


async def test_is_available_deployed_committed_take_several_ids(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        assert await env.cli.is_state("is_available", PATCH) == (200, True)
        assert await env.cli.is_state("is_available", PATCH, "starlingx-25.09.0") == (200, False)
        assert await env.cli.is_state("is_deployed", "starlingx-25.09.0") == (200, True)
        assert await env.cli.is_state("is_committed", "starlingx-25.09.0") == (200, False)
        assert await env.cli.is_state("is_deployed", "nope") == (200, False)


async def test_commit(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH, reboot_required=False)
        status, body = await env.cli.commit(PATCH)
        assert status == 200 and body == {"info": "", "error": "The following patches are not applied and cannot be "
                                                              "committed:\n    %s\n" % PATCH}
        status, body = await env.cli.commit("starlingx-25.09.0", dry_run=True)
        assert body == {"info": "This commit operation would free 0.00 MiB", "error": ""}
        status, body = await env.cli.commit("starlingx-25.09.0")
        assert body == {"info": "The releases have been committed.", "error": ""}
        assert await env.cli.is_state("is_committed", "starlingx-25.09.0") == (200, True)
        await upload_patch(env, tmp_path, "starlingx-25.09.3", status="DEV")
        status, body = await env.cli.commit("starlingx-25.09.0")
        assert body["error"] == ("A commit cannot be performed with non-REL status patches in the system:\n"
                                 "    starlingx-25.09.3\n")


# -- precheck ---------------------------------------------------------------------------------------------------
async def test_precheck_healthy_and_unhealthy(tmp_path):
    async with UsmEnv("aio-dx") as env:
        await upload_patch(env, tmp_path, PATCH)
        status, body = await env.cli.precheck(PATCH)
        assert status == 200 and body["system_healthy"] is True and body["error"] == ""
        lines = body["info"].splitlines()
        assert lines[0] == "System Health:"
        assert "All hosts are unlocked/enabled: [OK]" in lines and "All hosts are patch current: [OK]" in lines
        assert lines[-1] == "Required patches are deployed, unavailable or available: [OK]"
        assert {k: body[k] for k in ("major_release", "reboot_required", "prepatched_iso", "apply_operation")} == {
            "major_release": False, "reboot_required": True, "prepatched_iso": False, "apply_operation": True}
        journal = await env.api.journal()
        assert journal[-1]["path"] == "/v1/deploy/%s/precheck" % PATCH and journal[-1]["readonly"] is True
        # a locked host makes the system unhealthy: 406, system_healthy false, the report in info and error
        await env.host_action("controller-1", "lock")
        status, body = await env.cli.precheck(PATCH)
        assert status == 406 and body["system_healthy"] is False
        assert "All hosts are unlocked/enabled: [Fail]" in body["info"].splitlines()
        assert "Locked or disabled hosts: controller-1" in body["info"].splitlines()
        assert body["error"] == ("The following issues have been detected, which prevent deploying %s\n" % PATCH
                                 + body["info"])


async def test_precheck_fault_force_and_missing_release(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        env.emu.faults.add("fail:point=usm.precheck")
        status, body = await env.cli.precheck(PATCH)
        assert status == 406 and "No alarms: [Fail]" in body["info"]
        env.emu.faults.clear()
        env.scope.add("alarm", {"alarm_id": "100.104", "mgmt_affecting": "False", "severity": "minor"})
        env.emu.store.commit()
        assert (await env.cli.precheck(PATCH))[0] == 406
        # force is tested with "is not None": even "false" means force, which admits the minor alarm
        status, body = await env.api.post("usm", "/v1/deploy/%s/precheck" % PATCH, json={"force": "false"})
        assert status == 200 and "No alarms: [OK]" in body["info"]
        status, body = await env.cli.precheck("starlingx-25.09.9")
        assert status == 406 and body["error"] == (
            "Software release version corresponding to the specified release starlingx-25.09.9 does not exist. "
            "Try deleting and re-uploading the software for recovery.")


async def test_major_precheck_checks_upgrade_path_and_snapshot(tmp_path):
    async with UsmEnv("aio-dx") as env:
        iso, sig = write_iso(tmp_path, "26.03", [("25.09", PATCH)])
        assert (await env.cli.upload(iso, sig))[0] == 200
        status, body = await env.cli.precheck("starlingx-26.03.0", options=["snapshot=true"])
        lines = body["info"].splitlines()
        assert status == 406 and body["major_release"] is True
        assert "Active controller is controller-0: [OK]" in lines
        assert "Valid upgrade path from release 25.09 to 26.03: [OK]" in lines
        assert "Required patches are applied: [Fail]" in lines and "-> Patches not applied: [%s]" % PATCH in lines
        assert "(LVM snapshots) System is AIO-SX: [Fail]" in lines


async def test_options_validation_lands_in_info_and_is_stored(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        status, body = await env.cli.precheck(PATCH, options=["snapshot"])
        assert status == 406 and body == {"info": "Invalid format: 'snapshot'. Expected format is key=value",
                                          "warning": "", "error": ""}
        status, body = await env.cli.start(PATCH, options=["OS_AUTH_URL=x"])
        assert status == 406 and body["info"] == "OS_AUTH_URL is a reserved word and can't be used."
        status, body = await env.cli.start(PATCH, options=["snapshot=true"])
        assert status == 200
        assert (await env.cli.deploy_show())[1][0]["options"] == {"snapshot": "true"}
    async with UsmEnv("aio-sx", profile="stx-10") as env:
        await upload_patch(env, tmp_path, "starlingx-24.09.1")
        status, body = await env.cli.start("starlingx-24.09.1", options=["bad"])  # stx 10 drops options
        assert status == 200
        deploy = (await env.cli.deploy_show())[1][0]
        assert "options" not in deploy and "major_release" not in deploy


async def test_precheck_cache_is_reused_for_300_seconds(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        assert (await env.cli.precheck(PATCH))[0] == 200
        env.emu.faults.add("fail:point=usm.precheck")
        # a healthy cached result younger than 300 s and no options: start does not check again
        assert (await env.cli.start(PATCH))[0] == 200
        assert (await env.cli.deploy_delete())[0] == 200
        # the cache was consumed by the start: the next start runs the (now unhealthy) precheck
        status, body = await env.cli.start(PATCH)
        assert status == 406 and body["system_healthy"] is False
        assert body["error"].endswith("Please fix above issues then retry the deploy.\n")
        # with force a patch skips the precheck altogether
        assert (await env.cli.start(PATCH, force=True))[0] == 200


@pytest.mark.parametrize("age, options, expected", [(299, None, 200), (301, None, 406), (10, ["a=b"], 406)])
async def test_precheck_cache_expiry_and_options(tmp_path, age, options, expected):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        assert (await env.cli.precheck(PATCH))[0] == 200
        env.emu.faults.add("fail:point=usm.precheck")
        cache = env.scope.first("precheck_cache")
        cache["timestamp"] -= age
        env.scope.save("precheck_cache", cache)
        env.emu.store.commit()
        assert (await env.cli.start(PATCH, options=options))[0] == expected


# -- deploy guards and quirks -------------------------------------------------------------------------------------
async def test_start_guards(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await started(env, tmp_path)
        status, body = await env.cli.start(PATCH)
        assert status == 406 and body["error"] == ("There is already a deployment in progress (start-done). "
                                                   "Please complete/delete the current deployment.")
        for action, message in (
                ("activate", "Activate deployment only when current deployment state is host-done, activate-failed"),
                ("complete", "Deploy must be in activate-done state to be able to complete."),
                ("activate_rollback", "Activate-rollback deployment only when current deployment state is "
                                      "activate-rollback-pending, activate-rollback-failed"),
                ("abort", "Deploy must be in the following states to be able to abort: activate, activate-done, "
                          "activate-failed, completed, host, host-done, host-failed")):
            assert await env.cli.action(action) == (406, {"info": "", "warning": "", "error": message})


async def test_deploy_host_without_deployment_is_500_and_other_refusals(tmp_path):
    async with UsmEnv("aio-sx") as env:
        for rollback in (False, True):
            status, body = await env.cli.deploy_host("controller-0", rollback=rollback)
            assert status == 500 and body["error"].startswith("Internal error occurred. Error signature [")
        status, body = await env.api.request("usm", "POST", "/v1/deploy_host")
        assert status == 200 and body == {"error": "Host must be specified for install"}
        await started(env, tmp_path)
        status, body = await env.cli.deploy_host("worker-9")
        assert status == 406 and body["error"] == "Host worker-9 can not be found"
        status, body = await env.cli.deploy_host("controller-0", rollback=True)
        assert status == 406 and body["error"] == "Current deployment (start-done) is not ready to rollback host"


async def test_deploy_host_failure_is_200_with_error_on_stx11(tmp_path):
    async with UsmEnv("aio-dx", faults=["fail:point=usm.deploy_host,host=controller-1,count=1"]) as env:
        await started(env, tmp_path, reboot_required=False)
        status, body = await env.cli.deploy_host("controller-1")
        assert status == 200 and body == {"info": "", "warning": "",
                                          "error": "Host deployment failed on controller-1.\n"}
        assert await env.cli.host_states() == {"controller-0": "pending", "controller-1": "failed"}
        assert await env.cli.state() == "host-failed"
        # deploy host is re-entrant from host-failed
        status, body = await env.cli.deploy_host("controller-1")
        assert status == 200 and body["info"] == "Host deployment was successful on controller-1.\n"
        assert await env.cli.state() == "host"


async def test_deploy_host_failure_is_406_on_master(tmp_path):
    async with UsmEnv("aio-sx", profile="master", faults=["fail:point=usm.deploy_host"]) as env:
        await upload_patch(env, tmp_path, "starlingx-26.10.1", reboot_required=False)
        status, body = await env.api.post("usm", "/v1/deploy/start", json={"releases": ["starlingx-26.10.1"]})
        assert status == 200, body
        await env.flush()
        status, body = await env.cli.deploy_host("controller-0")
        assert status == 406 and body == {"info": "", "warning": "",
                                          "error": "Host deployment failed on controller-0.\n"}


async def test_wrong_api_style_is_500(tmp_path):
    async with UsmEnv("aio-sx") as env:
        await upload_patch(env, tmp_path, PATCH)
        for action in ("precheck", "start"):
            status, body = await env.api.post("usm", "/v1/deploy/%s" % action, json={"releases": [PATCH]})
            assert status == 500 and body["error"].startswith("Internal error occurred. Error signature [")
    async with UsmEnv("aio-sx", profile="master") as env:
        await upload_patch(env, tmp_path, "starlingx-26.10.1")
        status, body = await env.cli.precheck("starlingx-26.10.1")
        assert status == 500
        status, body = await env.api.post("usm", "/v1/deploy/precheck",
                                          json={"releases": ["starlingx-26.10.1"], "force": "true"})
        assert status == 200, body
        assert body["additional_data"]["starlingx-26.10.1"]["system_healthy"] is True
        assert body["info"].startswith("starlingx-26.10.1:\nSystem Health:")


async def test_views_and_small_endpoints(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert await env.api.get("usm", "/v1/deploy/software_upgrade") == (200, None)
        assert await env.cli.deploy_show() == (200, [])
        assert await env.cli.host_list() == (200, [])
        assert await env.api.get("usm", "/v1/software/in_sync_controller") == (200, {"in_sync": True})
        assert await env.api.post("usm", "/v1/deploy/software_sync", json={}) == (200, {"result": True})
        assert await env.api.get("usm", "/v1/deploy_host/next?hostname=controller-0") == (200, False)
        await started(env, tmp_path)
        assert await env.api.get("usm", "/v1/deploy/software_upgrade") == (
            200, {"from_release": "25.09", "to_release": "25.09", "state": "start-done"})
        rows = (await env.cli.host_list())[1]
        assert rows == [{"hostname": h, "software_release": "25.09.0", "target_release": "25.09.1",
                         "reboot_required": True, "host_state": "pending"} for h in ("controller-0", "controller-1")]
        # with both query values the deployment itself comes back, not a list
        status, deploy = await env.api.get("usm", "/v1/deploy?from_release=25.09.0&to_release=25.09.1")
        assert isinstance(deploy, dict) and deploy["state"] == "start-done"
        assert await env.api.get("usm", "/v1/deploy?from_release=25.09.0&to_release=9.9.9") == (200, [])
        assert await env.api.get("usm", "/v1/deploy_host/next?hostname=controller-0") == (200, True)
        status, body = await env.api.post("usm", "/v1/deploy_host/install_local", json={"delete": False})
        assert body["info"].startswith("Software Deploy operation is in progress.")
