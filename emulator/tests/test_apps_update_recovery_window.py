"""A failed application update: the new version stays ``apply-failed`` for a few seconds before the old version
turns ``recovering`` (conductor/kube_app.py: perform_app_update -> trigger_recovery -> _perform_app_recover runs
the recover lifecycle hooks and deactivates the new version's plugins before it updates any status), so a client
polling the app can see the failure."""

import pytest

from apps_env import HELM, AppsEnv
from stx_emulator.services.sysinv import app_catalog

A, B = "25.09-66", "25.09-70"


@pytest.fixture
async def env():
    async with AppsEnv() as env:
        await env.applied("vault", A)
        env.events.clear()
        yield env


def failed_record(env):
    record = env.scope.first("app", name="vault", app_version=B)
    return record if record is not None and record["status"] == "apply-failed" else None


@pytest.mark.parametrize("point", ["sysinv.app_update", "sysinv.app_upload"])
async def test_new_version_is_apply_failed_for_a_few_seconds_before_recovery(env, point):
    env.emu.faults.add("fail:point=%s,app=vault" % point)
    status, body = await env.update(HELM + "/vault-%s.tgz" % B)
    assert status == 200, body
    for _ in range(2000):  # move the clock until the new version has failed
        if failed_record(env):
            break
        env.advance(0.25)
    assert failed_record(env), env.history("vault")
    delay = app_catalog.RECOVER_START_SECONDS
    assert 1 <= delay <= 10
    shown = await env.show("vault")  # what a client polling GET /v1/apps/vault sees
    assert (shown["app_version"], shown["status"]) == (B, "apply-failed")
    env.advance(delay - 0.5)
    shown = await env.show("vault")
    assert (shown["app_version"], shown["status"]) == (B, "apply-failed")
    env.advance(0.5)
    shown = await env.show("vault")
    assert (shown["app_version"], shown["status"]) == (A, "recovering")
    env.run_all()
    timed = env.history("vault", with_time=True)
    failed_at = next(t for t, *state in timed if state[:2] == [B, "apply-failed"])
    recovering_at = next(t for t, *state in timed if state[:2] == [A, "recovering"])
    assert recovering_at - failed_at == pytest.approx(delay)
    assert (await env.show("vault"))["status"] == "applied"
