"""VIM sw-deploy orchestration (usm-and-vim.md §6): the strategy API as sw-manager uses it, the stages built from
USM's state for each system type, and the apply driving USM and sysinv step by step."""

import json

import pytest

from usm_env import UsmEnv, write_iso, write_patch

PATCH = "starlingx-25.09.1"
MAJOR = "starlingx-26.03.0"


def layout(strategy, phase="apply-phase"):
    """[(stage-name, [step-name or step-name(hosts)])] of a phase."""
    out = []
    for stage in strategy[phase]["stages"]:
        steps = []
        for step in stage["steps"]:
            steps.append("%s(%s)" % (step["step-name"], ",".join(step["entity-names"])) if step["entity-names"]
                         else step["step-name"])
        out.append((stage["stage-name"], steps))
    return out


async def built(env, **kwargs):
    status, body = await env.vim.create(**kwargs)
    assert status == 200, body
    assert body["strategy"]["state"] == "building"
    await env.flush()
    status, body = await env.vim.show()
    return body["strategy"]


async def applied(env):
    status, body = await env.vim.apply()
    assert status == 202 and body["strategy"]["state"] == "applying", body
    await env.flush()
    return (await env.vim.show())[1]["strategy"]


async def upload_major(env, tmp_path):
    iso, sig = write_iso(tmp_path, "26.03")
    assert (await env.cli.upload(iso, sig))[0] == 200


# -- API --------------------------------------------------------------------------------------------------------
async def test_strategy_api_statuses_and_document(tmp_path):
    async with UsmEnv("aio-sx", time_scale=1.0, fake_clock=True) as env:
        assert await env.vim.show() == (200, {"strategy": None})
        assert (await env.vim.apply())[0] == 404
        assert (await env.vim.delete())[0] == 404
        assert (await env.instant(env.cli.upload(write_patch(tmp_path, PATCH))))[0] == 200
        status, body = await env.vim.create(release=PATCH)
        assert status == 200
        strategy = body["strategy"]
        assert set(strategy) == {"uuid", "name", "release", "controller-apply-type", "storage-apply-type",
                                 "swift-apply-type", "worker-apply-type", "max-parallel-worker-hosts",
                                 "default-instance-action", "alarm-restrictions", "state", "current-phase",
                                 "current-phase-completion-percentage", "build-phase", "apply-phase", "abort-phase"}
        assert (strategy["name"], strategy["release"], strategy["state"], strategy["current-phase"]) == (
            "sw-upgrade", PATCH, "building", "build")
        assert strategy["swift-apply-type"] == "ignore" and strategy["alarm-restrictions"] == "strict"
        phase = strategy["build-phase"]
        assert set(phase) == {"phase-name", "timeout", "total-stages", "current-stage", "stop-at-stage", "stages",
                              "inprogress", "completion-percentage", "result", "reason", "response",
                              "start-date-time", "end-date-time"}
        assert phase["inprogress"] is True and phase["stages"][0]["stage-name"] == "sw-upgrade-query"
        step = phase["stages"][0]["steps"][0]
        assert set(step) == {"step-id", "step-name", "timeout", "entity-type", "entity-uuids", "entity-names",
                             "result", "reason", "start-date-time", "end-date-time"}
        assert phase["stages"][0]["timeout"] == 60 + 60 + 60 + 1 and phase["timeout"] == 182
        status, body = await env.vim.create(release=PATCH)
        assert status == 409 and body == {"faultcode": "Client", "debuginfo": None,
                                          "faultstring": "strategy already exists of type:sw-upgrade"}
        assert (await env.vim.delete())[0] == 409  # building
        uuid = strategy["uuid"]
        status, body = await env.api.get("vim", "/api/orchestration/sw-upgrade/strategy/%s" % uuid)
        assert status == 200 and body["strategy"]["uuid"] == uuid
        status, body = await env.api.get("vim", "/api/orchestration/sw-upgrade/strategy/not-a-uuid")
        assert status == 400 and body["faultstring"] == "Invalid strategy uuid, uuid=not-a-uuid"
        env.advance(5)
        assert (await env.vim.show())[1]["strategy"]["state"] == "ready-to-apply"
        status, body = await env.api.post("vim", "/api/orchestration/sw-upgrade/strategy/actions",
                                          json={"action": "apply-stage"})
        assert status == 400 and body["faultstring"] == "No stage-id received"
        assert (await env.vim.abort())[0] == 500  # nothing is being applied
        status, body = await env.vim.delete()
        assert status == 204 and body is None
        assert await env.vim.show() == (200, {"strategy": None})


async def test_create_validation():
    async with UsmEnv("aio-sx") as env:
        status, body = await env.vim.create(release=PATCH, controller="sideways")
        assert status == 400 and body["faultstring"] == (
            "Invalid input for field/attribute controller-apply-type. Value: 'sideways'. "
            "Value should be one of: serial, parallel, ignore")
        status, body = await env.vim.create(release=PATCH, max_parallel=11)
        assert status == 400 and body["faultstring"] == "Invalid value for max-parallel-worker-hosts"
        status, body = await env.api.post("vim", "/api/orchestration/sw-upgrade/strategy",
                                          json={"release": PATCH, "storage-apply-type": "serial"})
        assert status == 400 and "Mandatory field missing." in body["faultstring"]
        assert await env.vim.show() == (200, {"strategy": None})


@pytest.mark.parametrize("kwargs, reason", [
    ({}, "Release or rollback must be set"),
    ({"release": PATCH, "rollback": True}, "Cannot set both release and rollback"),
    ({"rollback": True, "delete": True}, "Cannot set both delete and rollback, delete is set by default"),
])
async def test_invalid_combinations_fail_the_build_at_once(kwargs, reason):
    async with UsmEnv("aio-sx") as env:
        status, body = await env.vim.create(**kwargs)
        assert status == 200
        assert body["strategy"]["state"] == "build-failed"
        assert body["strategy"]["build-phase"]["result"] == "failed"
        assert body["strategy"]["build-phase"]["reason"] == reason
        status, body = await env.vim.apply()
        assert status == 500


async def test_build_failures_from_usm_state(tmp_path):
    async with UsmEnv("aio-sx") as env:
        strategy = await built(env, release="starlingx-25.09.7")
        assert strategy["state"] == "build-failed"
        assert strategy["build-phase"]["reason"].startswith("Could not obtain deployment information from USM")
        assert (await env.vim.delete())[0] == 204
        # the running release counts as a downgrade target: the build succeeds and USM refuses the start
        strategy = await built(env, release="starlingx-25.09.0")
        assert strategy["state"] == "ready-to-apply"
        strategy = await applied(env)
        assert strategy["state"] == "apply-failed"
        assert strategy["apply-phase"]["reason"] == ("Software deploy start was rejected: The software version "
                                                     "format for this release is not correct.")
        assert "'error-message': ['Software deploy start was rejected" in strategy["apply-phase"]["response"]
        assert (await env.vim.delete())[0] == 204
        # an unhealthy system fails the precheck step of the build
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        env.emu.faults.add("fail:point=usm.precheck")
        strategy = await built(env, release=PATCH)
        assert strategy["state"] == "build-failed"
        step = strategy["build-phase"]["stages"][0]["steps"][2]
        assert step["step-name"] == "sw-deploy-precheck" and step["result"] == "failed"
        assert step["reason"].startswith("Software deploy precheck was rejected: The following issues have been "
                                         "detected, which prevent deploying %s" % PATCH)
        assert strategy["build-phase"]["reason"] == step["reason"]


# -- stages per system type ------------------------------------------------------------------------------------
async def test_aio_dx_major_upgrade_through_the_strategy(tmp_path):
    async with UsmEnv("aio-dx") as env:
        await upload_major(env, tmp_path)
        strategy = await built(env, release=MAJOR)
        assert strategy["state"] == "ready-to-apply"
        assert layout(strategy, "build-phase") == [("sw-upgrade-query", ["query-alarms", "query-upgrade",
                                                                         "sw-deploy-precheck"])]
        host_steps = lambda h: ["query-alarms", "swact-hosts(%s)" % h, "lock-hosts(%s)" % h,  # noqa: E731
                                "upgrade-hosts(%s)" % h, "system-stabilize", "unlock-hosts(%s)" % h,
                                "wait-alarms-clear"]
        assert layout(strategy) == [
            ("sw-upgrade-start", ["swact-hosts(controller-1)", "start-upgrade", "query-alarms"]),
            ("sw-upgrade-worker-hosts", host_steps("controller-1")),   # AIO controllers follow worker logic
            ("sw-upgrade-worker-hosts", host_steps("controller-0")),
            ("sw-upgrade-complete", ["swact-hosts(controller-1)", "query-alarms", "activate-upgrade",
                                     "complete-upgrade", "query-alarms"]),
        ]
        steps = {s["step-name"]: s["timeout"] for st in strategy["apply-phase"]["stages"] for s in st["steps"]}
        assert steps["start-upgrade"] == 3600 and steps["upgrade-hosts"] == 3600
        assert steps["activate-upgrade"] == 3600 and steps["complete-upgrade"] == 300
        assert steps["lock-hosts"] == 900 and steps["unlock-hosts"] == 1800 and steps["wait-alarms-clear"] == 2400
        strategy = await applied(env)
        assert strategy["state"] == "applied" and strategy["apply-phase"]["result"] == "success"
        assert all(s["result"] == "success" for st in strategy["apply-phase"]["stages"] for s in st["steps"])
        upgrade_steps = [s for st in strategy["apply-phase"]["stages"] for s in st["steps"]
                         if s["step-name"] == "upgrade-hosts"]
        assert [s["reason"] for s in upgrade_steps] == ["Deploy hosts succeeded for all hosts, retries=0"] * 2
        # by default USM is left completed; the hosts run the new release and controller-0 is active again
        assert await env.cli.state() == "completed"
        assert env.active_controller() == "controller-0"
        assert {h["hostname"]: h["sw_version"] for h in env.scope.all("ihost")} == {
            "controller-0": "26.03", "controller-1": "26.03"}
        assert all(h["administrative"] == "unlocked" for h in env.scope.all("ihost"))
        # a second strategy with delete resumes from completed: only the delete stage
        assert (await env.vim.delete())[0] == 204
        strategy = await built(env, release=MAJOR)
        assert strategy["build-phase"]["reason"] == "Software deployment is already complete, pending delete"
        assert (await env.vim.delete())[0] == 204
        strategy = await built(env, release=MAJOR, delete=True)
        assert layout(strategy) == [("sw-deploy-delete", ["swact-hosts(controller-1)", "deploy-delete"])]
        strategy = await applied(env)
        assert strategy["state"] == "applied"
        assert {r["release_id"]: r["state"] for r in (await env.cli.list())[1]} == {
            "starlingx-25.09.0": "unavailable", MAJOR: "deployed"}


async def test_aio_sx_reboot_required_patch_stages(tmp_path):
    async with UsmEnv("aio-sx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        strategy = await built(env, release=PATCH, delete=True)
        assert layout(strategy) == [
            ("sw-upgrade-start", ["start-upgrade", "query-alarms"]),
            ("sw-upgrade-worker-hosts", ["query-alarms", "lock-hosts(controller-0)", "upgrade-hosts(controller-0)",
                                         "system-stabilize", "unlock-hosts(controller-0)", "wait-alarms-clear"]),
            ("sw-upgrade-complete", ["query-alarms", "activate-upgrade", "complete-upgrade", "query-alarms"]),
            ("sw-deploy-delete", ["deploy-delete"]),
        ]
        strategy = await applied(env)
        assert strategy["state"] == "applied"
        assert await env.cli.is_state("is_deployed", PATCH) == (200, True)


async def test_in_service_patch_has_no_host_actions(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        strategy = await built(env, release=PATCH)
        # patches: the controller that is not active goes first; no swact, lock or unlock
        assert layout(strategy) == [
            ("sw-upgrade-start", ["start-upgrade", "query-alarms"]),
            ("sw-upgrade-worker-hosts", ["query-alarms", "upgrade-hosts(controller-1)"]),
            ("sw-upgrade-worker-hosts", ["query-alarms", "upgrade-hosts(controller-0)"]),
            ("sw-upgrade-complete", ["system-stabilize", "query-alarms", "activate-upgrade", "complete-upgrade",
                                     "query-alarms"]),
        ]


async def test_standard_with_storage_serial_and_parallel_workers(tmp_path):
    async with UsmEnv("standard-storage") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        strategy = await built(env, release=PATCH, worker="parallel", storage="parallel", max_parallel=2)
        assert strategy["storage-apply-type"] == "serial"  # USM deploys storage hosts one at a time
        names = [(name, [s for s in steps if "(" in s]) for name, steps in layout(strategy)]
        assert names == [
            ("sw-upgrade-start", []),
            ("sw-upgrade-controllers", ["swact-hosts(controller-1)", "lock-hosts(controller-1)",
                                        "upgrade-hosts(controller-1)", "unlock-hosts(controller-1)"]),
            ("sw-upgrade-controllers", ["swact-hosts(controller-0)", "lock-hosts(controller-0)",
                                        "upgrade-hosts(controller-0)", "unlock-hosts(controller-0)"]),
            ("sw-upgrade-storage-hosts", ["lock-hosts(storage-0)", "upgrade-hosts(storage-0)",
                                          "unlock-hosts(storage-0)"]),
            ("sw-upgrade-storage-hosts", ["lock-hosts(storage-1)", "upgrade-hosts(storage-1)",
                                          "unlock-hosts(storage-1)"]),
            ("sw-upgrade-worker-hosts", ["lock-hosts(worker-0,worker-1)", "upgrade-hosts(worker-0,worker-1)",
                                         "unlock-hosts(worker-0,worker-1)"]),
            ("sw-upgrade-complete", []),
        ]
        assert layout(strategy)[3][1][-1] == "wait-data-sync"
        strategy = await applied(env)
        assert strategy["state"] == "applied"
        assert set((await env.cli.host_states()).values()) == {"deployed"}
        assert (await env.vim.delete())[0] == 204
        # serial workers: one stage each; ignore: none
        assert (await env.cli.deploy_delete())[0] == 200
        assert (await env.cli.upload(write_patch(tmp_path, "starlingx-25.09.2")))[0] == 200
        strategy = await built(env, release="starlingx-25.09.2", worker="serial", storage="ignore")
        assert [name for name, _ in layout(strategy)] == [
            "sw-upgrade-start", "sw-upgrade-controllers", "sw-upgrade-controllers", "sw-upgrade-worker-hosts",
            "sw-upgrade-worker-hosts", "sw-upgrade-complete"]


async def test_build_resumes_from_usm_state(tmp_path):
    async with UsmEnv("aio-dx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        assert (await env.cli.start(PATCH))[0] == 200
        await env.flush()
        assert (await env.host_action("controller-1", "lock"))[0] == 200
        assert (await env.cli.deploy_host("controller-1"))[1]["error"] == ""
        assert (await env.host_action("controller-1", "unlock"))[0] == 200
        strategy = await built(env, release=PATCH)
        # started and controller-1 deployed and unlocked: no start stage, only controller-0
        assert [(n, [s for s in steps if "upgrade-hosts" in s]) for n, steps in layout(strategy)] == [
            ("sw-upgrade-worker-hosts", ["upgrade-hosts(controller-0)"]),
            ("sw-upgrade-complete", [])]
        step = strategy["build-phase"]["stages"][0]["steps"][2]
        assert step["reason"] == "Deployment already in progress, skipping precheck"
        strategy = await applied(env)
        assert strategy["state"] == "applied"
        assert (await env.vim.delete())[0] == 204
        assert await env.cli.state() == "completed"


# -- failures, abort and rollback -------------------------------------------------------------------------------
async def test_a_failing_host_deploy_fails_the_apply_with_the_step_reason(tmp_path):
    async with UsmEnv("aio-dx", faults=["fail:point=usm.deploy_host,host=controller-1"]) as env:
        await upload_major(env, tmp_path)
        await built(env, release=MAJOR)
        strategy = await applied(env)
        assert strategy["state"] == "apply-failed"
        stage = strategy["apply-phase"]["stages"][1]
        step = [s for s in stage["steps"] if s["step-name"] == "upgrade-hosts"][0]
        expected = "Deploy hosts failed for some hosts: %s" % json.dumps(
            {"controller-1": "Host was detected in failed state"}, indent=2)
        assert step["result"] == "failed" and step["reason"] == expected
        assert stage["result"] == "failed" and stage["reason"] == expected
        assert strategy["apply-phase"]["result"] == "failed" and strategy["apply-phase"]["reason"] == expected
        assert [s["result"] for s in stage["steps"]][-3:] == ["initial", "initial", "initial"]
        assert await env.cli.state() == "host-failed"
        assert env.host("controller-1")["administrative"] == "locked"
        # abort from apply-failed runs the abort phase: unlock what the failed stage locked
        status, body = await env.vim.abort()
        assert status == 202 and body["strategy"]["state"] == "aborting"
        await env.flush()
        strategy = (await env.vim.show())[1]["strategy"]
        assert strategy["state"] == "aborted"
        assert layout(strategy, "abort-phase") == [("sw-upgrade-worker-hosts", ["unlock-hosts(controller-1)"])]
        assert env.host("controller-1")["administrative"] == "unlocked"


async def test_a_failing_deploy_start_fails_the_apply(tmp_path):
    async with UsmEnv("aio-sx", faults=["fail:point=usm.deploy_start"]) as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH)))[0] == 200
        await built(env, release=PATCH)
        strategy = await applied(env)
        assert strategy["state"] == "apply-failed"
        assert strategy["apply-phase"]["reason"] == ("Failed during software deploy start, check "
                                                     "/var/log/nfv-vim.log or /var/log/software.log for more "
                                                     "information.")
        assert await env.cli.state() == "start-failed"


async def test_progress_is_visible_and_abort_stops_after_the_current_step(tmp_path):
    async with UsmEnv("aio-sx", time_scale=1.0, fake_clock=True) as env:
        assert (await env.instant(env.cli.upload(write_patch(tmp_path, PATCH))))[0] == 200
        assert (await env.vim.create(release=PATCH))[0] == 200
        env.advance(10)
        assert (await env.vim.show())[1]["strategy"]["state"] == "ready-to-apply"
        assert (await env.vim.apply())[0] == 202
        env.advance(40)  # deploy start takes 30 s: the start stage is done, the host stage is locking
        strategy = (await env.vim.show())[1]["strategy"]
        assert strategy["state"] == "applying"
        assert 0 < strategy["current-phase-completion-percentage"] < 100
        stage = strategy["apply-phase"]["stages"][1]
        # nfv-common updates a result at every step: a running stage whose first step passed shows "success"
        assert stage["inprogress"] is True and stage["result"] == "success"
        assert [s["result"] for s in stage["steps"][:2]] == ["success", "wait"]  # query-alarms, lock-hosts
        assert await env.cli.state() == "start-done"
        status, body = await env.vim.abort(stage_id=0)
        assert status == 500  # stage 0 is not the one being applied
        status, body = await env.vim.abort(stage_id=1)
        assert status == 202 and body["strategy"]["state"] == "aborting"
        env.advance(600)
        strategy = (await env.vim.show())[1]["strategy"]
        assert strategy["state"] == "aborted"
        stage = strategy["apply-phase"]["stages"][1]
        # the lock finished, nothing after it ran; the abort phase unlocked the host
        assert [s["result"] for s in stage["steps"]][:3] == ["success", "success", "initial"]
        assert stage["result"] == "aborted" and strategy["apply-phase"]["result"] == "aborted"
        assert strategy["apply-phase"]["stages"][2]["result"] == "initial"
        assert layout(strategy, "abort-phase") == [("sw-upgrade-worker-hosts", ["unlock-hosts(controller-0)"])]
        assert env.host("controller-0")["administrative"] == "unlocked"
        # abort does not roll USM back
        assert await env.cli.state() == "start-done"
        assert (await env.vim.delete())[0] == 204


async def test_apply_stage_by_stage(tmp_path):
    async with UsmEnv("aio-sx") as env:
        assert (await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False)))[0] == 200
        await built(env, release=PATCH)
        assert (await env.vim.apply(stage_id=1))[0] == 500  # not the next stage
        assert (await env.vim.apply(stage_id=0))[0] == 202
        await env.flush()
        strategy = (await env.vim.show())[1]["strategy"]
        assert strategy["state"] == "applying"
        assert [s["result"] for s in strategy["apply-phase"]["stages"]] == ["success", "initial", "initial"]
        assert await env.cli.state() == "start-done"
        assert (await env.vim.apply(stage_id=1))[0] == 202
        await env.flush()
        assert (await env.vim.apply())[0] == 202  # the rest
        await env.flush()
        assert (await env.vim.show())[1]["strategy"]["state"] == "applied"


async def test_rollback_strategy_after_a_partial_major_upgrade(tmp_path):
    async with UsmEnv("aio-dx") as env:
        await upload_major(env, tmp_path)
        assert (await env.cli.start(MAJOR))[0] == 200
        await env.flush()
        await env.host_action("controller-1", "lock")
        assert (await env.cli.deploy_host("controller-1"))[1]["error"] == ""
        await env.host_action("controller-1", "unlock")
        strategy = await built(env, rollback=True)
        assert strategy["release"] is None
        assert layout(strategy, "build-phase") == [("sw-upgrade-query", ["query-alarms", "query-upgrade"])]
        # controller-0 is pending and unlocked: nothing to roll back there
        assert layout(strategy) == [
            ("sw-upgrade-rollback-start", ["query-alarms", "sw-deploy-abort", "sw-deploy-activate-rollback"]),
            ("sw-upgrade-worker-hosts", ["query-alarms", "swact-hosts(controller-1)", "lock-hosts(controller-1)",
                                         "upgrade-hosts(controller-1)", "system-stabilize",
                                         "unlock-hosts(controller-1)", "wait-alarms-clear"]),
            ("sw-upgrade-rollback-complete", ["query-alarms", "swact-hosts(controller-1)", "deploy-delete"]),
        ]
        strategy = await applied(env)
        assert strategy["state"] == "applied"
        start = strategy["apply-phase"]["stages"][0]["steps"]
        assert start[1]["reason"] == "Deployment has been aborted"
        assert await env.cli.deploy_show() == (200, [])
        assert (await env.cli.show(MAJOR))[1]["state"] == "available"
        assert env.host("controller-1")["sw_version"] == "25.09"


async def test_rollback_build_refusals(tmp_path):
    async with UsmEnv("aio-sx", time_scale=1.0, fake_clock=True) as env:
        assert (await env.instant(env.cli.upload(write_patch(tmp_path, PATCH))))[0] == 200
        assert (await env.cli.start(PATCH))[0] == 200
        assert (await env.vim.create(rollback=True))[0] == 200
        env.advance(5)  # the build runs before the deploy start (30 s) finishes
        strategy = (await env.vim.show())[1]["strategy"]
        assert strategy["build-phase"]["reason"] == ("Software rollback cannot be initiated while sw-deploy-start "
                                                     "is in progress")
        assert (await env.vim.delete())[0] == 204
        env.advance(60)
        assert await env.cli.state() == "start-done"
        assert (await env.vim.create(rollback=True))[0] == 200
        env.advance(5)
        strategy = (await env.vim.show())[1]["strategy"]
        # start-done: the pending, unlocked host needs nothing
        assert [n for n, _ in layout(strategy)] == ["sw-upgrade-rollback-start", "sw-upgrade-rollback-complete"]
        assert (await env.vim.delete())[0] == 204
        # a locked pending host gets a "do nothing" stage after the delete (that unlocks it)
        env.emu.clock.time_scale = 0.0
        await env.host_action("controller-0", "lock")
        env.emu.clock.time_scale = 1.0
        assert (await env.vim.create(rollback=True))[0] == 200
        env.advance(5)
        strategy = (await env.vim.show())[1]["strategy"]
        assert layout(strategy)[1:] == [
            ("sw-upgrade-rollback-complete", ["query-alarms", "deploy-delete"]),
            ("sw-upgrade-worker-hosts", ["query-alarms", "lock-hosts(controller-0)",
                                         "sw-deploy-do-nothing(controller-0)", "system-stabilize",
                                         "unlock-hosts(controller-0)", "wait-alarms-clear"])]
        assert (await env.vim.apply())[0] == 202
        env.advance(3600)
        strategy = (await env.vim.show())[1]["strategy"]
        assert strategy["state"] == "applied", strategy["apply-phase"]["reason"]
        assert (await env.cli.show(PATCH))[1]["state"] == "available"
        assert env.host("controller-0")["administrative"] == "unlocked"


async def test_delete_while_applying_needs_force(tmp_path):
    async with UsmEnv("aio-sx", time_scale=1.0, fake_clock=True) as env:
        assert (await env.instant(env.cli.upload(write_patch(tmp_path, PATCH))))[0] == 200
        assert (await env.vim.create(release=PATCH))[0] == 200
        env.advance(10)
        assert (await env.vim.apply())[0] == 202
        env.advance(5)
        assert (await env.vim.show())[1]["strategy"]["state"] == "applying"
        status, body = await env.vim.delete()
        assert status == 409 and body["faultstring"] == ("There was a conflict when trying to complete your "
                                                         "request.")
        assert (await env.vim.delete(force=True))[0] == 204
        assert await env.vim.show() == (200, {"strategy": None})
        assert not env.emu.scheduler.pending("vim.strategy.tick")


def test_a_strategy_resumes_after_a_crash(tmp_path):
    from stx_emulator.testing import EmulatorProcess, http_json

    state = str(tmp_path / "state.sqlite")
    patch = write_patch(tmp_path, PATCH)
    proc = EmulatorProcess(topology="aio-sx", state=state, faults=["crash:point=vim.strategy.step,step=unlock-hosts"])
    with proc:
        token, _ = proc.token()
        vim = "http://127.0.0.1:%d/api/orchestration/sw-upgrade/strategy" % (4545 + proc.port_offset)
        usm = "http://127.0.0.1:%d/v1" % (5497 + proc.port_offset)
        headers = {"X-Auth-Token": token}
        import urllib.request
        req = urllib.request.Request(usm + "/release", data=json.dumps([patch]).encode(), method="POST",
                                     headers={"X-Auth-Token": token, "Content-Type": "text/plain"})
        urllib.request.urlopen(req, timeout=30).read()
        status, _, body = http_json("POST", vim, {"controller-apply-type": "serial", "release": PATCH,
                                                  "storage-apply-type": "serial", "worker-apply-type": "serial",
                                                  "default-instance-action": "stop-start",
                                                  "alarm-restrictions": "strict"}, headers)
        assert status == 200, body
        assert http_json("GET", vim, None, headers)[2]["strategy"]["state"] == "ready-to-apply"
        assert http_json("POST", vim + "/actions", {"action": "apply-all"}, headers)[0] == 202
        try:
            proc.admin("POST", "/_emulator/clock/flush")  # runs the strategy up to the crash
        except OSError:
            pass
        proc.proc.wait(10)
        assert proc.proc.returncode == 137
        proc.faults = []
        proc.start()
        token, _ = proc.token()
        headers = {"X-Auth-Token": token}
        proc.admin("POST", "/_emulator/clock/flush")
        strategy = http_json("GET", vim, None, headers)[2]["strategy"]
        assert strategy["state"] == "applied", strategy["apply-phase"]["reason"]
        assert http_json("GET", usm + "/deploy", None, headers)[2][0]["state"] == "completed"
