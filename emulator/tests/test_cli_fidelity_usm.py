"""Requests the real master ``software`` CLI (starlingx/update software-client) sends, captured from a run against
a ``--release-profile master`` emulator, and the fields its tables need."""

from usm_env import UsmEnv, write_patch

PATCH = "starlingx-26.10.1"


async def test_master_deploy_show_and_host_list_carry_pre_upgrade_deploy(tmp_path):
    # software deploy show / deploy host-list (software_client/v1/deploy_shell.py) index every row with
    # "pre_upgrade_deploy"; without it the CLI prints only 'pre_upgrade_deploy' (a KeyError) and exits 1.
    async with UsmEnv("aio-dx", profile="master") as env:
        status, body = await env.cli.upload(write_patch(tmp_path, PATCH))
        assert status == 200 and body["error"] == "", body
        # software deploy start starlingx-26.10.1
        status, body = await env.api.post("usm", "/v1/deploy/start", json={"releases": [PATCH]})
        assert status == 200, body
        await env.flush()
        status, deploys = await env.cli.deploy_show()
        assert status == 200 and len(deploys) == 1
        deploy = deploys[0]
        for key in ("from_release", "to_release", "reboot_required", "pre_upgrade_deploy", "state"):
            assert key in deploy, key
        assert deploy["pre_upgrade_deploy"] is False and deploy["state"] == "start-done"
        status, rows = await env.cli.host_list()
        assert status == 200 and {r["hostname"] for r in rows} == {"controller-0", "controller-1"}
        for row in rows:
            for key in ("hostname", "software_release", "target_release", "reboot_required", "pre_upgrade_deploy",
                        "host_state"):
                assert key in row, key
            assert row["pre_upgrade_deploy"] is False


async def test_stx11_deploy_views_keep_their_fields(tmp_path):
    # the stx.11 CLI has no Pre-Upgrade column and r/stx.11.0 USM sends no such key
    async with UsmEnv("aio-sx") as env:
        status, body = await env.cli.upload(write_patch(tmp_path, "starlingx-25.09.1"))
        assert status == 200, body
        status, body = await env.cli.start("starlingx-25.09.1")
        assert status == 200, body
        await env.flush()
        assert "pre_upgrade_deploy" not in (await env.cli.deploy_show())[1][0]
        assert "pre_upgrade_deploy" not in (await env.cli.host_list())[1][0]
