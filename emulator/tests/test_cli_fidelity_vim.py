"""Requests the real ``sw-manager`` CLI (starlingx/nfv nfv-client, master and r/stx.11.0) sends, captured from
runs against the emulator."""

from usm_env import UsmEnv, write_patch

PATCH = "starlingx-25.09.1"
STRATEGY = "/api/orchestration/sw-upgrade/strategy"
# sw-manager sw-deploy-strategy create starlingx-25.09.1 (stx.11 client)
CREATE_BODY = {"controller-apply-type": "serial", "default-instance-action": "stop-start", "release": PATCH,
               "rollback": None, "delete": None, "storage-apply-type": "serial", "worker-apply-type": "serial",
               "alarm-restrictions": "strict"}


async def test_abort_without_stage_id_sends_null_and_aborts_the_strategy(tmp_path):
    # sw-manager sw-deploy-strategy abort (no --stage-id): nfv_client/openstack/sw_update.py abort_strategy always
    # posts {"action": "abort-stage", "stage-id": null}. wsme makes that None (not Unset), so nfv-vim does not
    # answer "No stage-id received" and aborts the whole strategy.
    async with UsmEnv("aio-sx", time_scale=1.0, fake_clock=True) as env:
        status, body = await env.instant(env.cli.upload(write_patch(tmp_path, PATCH)))
        assert status == 200, body
        status, body = await env.api.post("vim", STRATEGY, json=CREATE_BODY)
        assert status == 200, body
        env.advance(600)
        assert (await env.vim.show())[1]["strategy"]["state"] == "ready-to-apply"
        status, body = await env.api.post("vim", STRATEGY + "/actions", json={"action": "apply-all"})
        assert status == 202 and body["strategy"]["state"] == "applying", body
        env.advance(5)
        status, body = await env.api.post("vim", STRATEGY + "/actions",
                                          json={"action": "abort-stage", "stage-id": None})
        assert status == 202, body
        assert body["strategy"]["state"] in ("aborting", "aborted")
        # a request with no "stage-id" key at all is still refused
        status, body = await env.api.post("vim", STRATEGY + "/actions", json={"action": "abort-stage"})
        assert status == 400 and body["faultstring"] == "No stage-id received"


async def test_abort_with_null_stage_id_of_an_applied_strategy_is_rejected(tmp_path):
    # the same request once the strategy is applied: nfv-vim's abort fails ("apply not inprogress") -> 500
    async with UsmEnv("aio-sx") as env:
        status, body = await env.cli.upload(write_patch(tmp_path, PATCH, reboot_required=False))
        assert status == 200, body
        assert (await env.api.post("vim", STRATEGY, json=CREATE_BODY))[0] == 200
        await env.flush()
        assert (await env.api.post("vim", STRATEGY + "/actions", json={"action": "apply-all"}))[0] == 202
        await env.flush()
        assert (await env.vim.show())[1]["strategy"]["state"] == "applied"
        status, body = await env.api.post("vim", STRATEGY + "/actions",
                                          json={"action": "abort-stage", "stage-id": None})
        assert status == 500


async def test_reply_to_apply_shows_the_first_stage_in_progress(tmp_path):
    # sw-manager prints the current stage from the reply to apply-all: nfv_client _get_current_stage_and_step takes
    # the first in-progress stage, else the last one. nfv-vim starts stage 0 at once, so it shows sw-upgrade-start.
    async with UsmEnv("aio-sx", time_scale=1.0, fake_clock=True) as env:
        status, body = await env.instant(env.cli.upload(write_patch(tmp_path, PATCH)))
        assert status == 200, body
        assert (await env.api.post("vim", STRATEGY, json=CREATE_BODY))[0] == 200
        env.advance(600)
        status, body = await env.api.post("vim", STRATEGY + "/actions", json={"action": "apply-all"})
        assert status == 202, body
        stages = body["strategy"]["apply-phase"]["stages"]
        assert [s["inprogress"] for s in stages][:2] == [True, False]
        assert stages[0]["stage-name"] == "sw-upgrade-start" and stages[0]["result"] == "inprogress"
        assert all(step["result"] == "initial" for step in stages[0]["steps"])
