"""``POST /v1/ihosts/{uuid}/update_mgmt_ipsec_state``: the host's ``capabilities.mgmt_ipsec`` (ipsec.py)."""

import pytest

from apps_env import AppsEnv, faultstring


@pytest.fixture
async def env():
    async with AppsEnv(time_scale=0) as env:
        yield env


def host(env):
    return env.scope.first("ihost", hostname="controller-0")


async def post_state(env, ident, raw):
    return await env.api.post("sysinv", "/v1/ihosts/%s/update_mgmt_ipsec_state" % ident, data=raw,
                              headers={"Content-Type": "application/json"})


async def test_enrolment_states_are_recorded_in_capabilities(env):
    uuid = host(env)["uuid"]
    assert "mgmt_ipsec" not in (host(env).get("capabilities") or {})
    assert await post_state(env, uuid, b'"enabling"') == (200, True)
    assert host(env)["capabilities"]["mgmt_ipsec"] == "enabling"
    assert await post_state(env, uuid, b'"enabled"') == (200, True)
    assert host(env)["capabilities"]["mgmt_ipsec"] == "enabled"
    assert await post_state(env, uuid, b'"disabled"') == (200, True)
    assert "mgmt_ipsec" not in host(env)["capabilities"]
    entry = (await env.api.journal())[-1]
    assert (entry["method"], entry["body"]) == ("POST", "disabled")


async def test_disabled_on_a_host_without_the_flag_stores_it(env):
    """host.py pops the key only when it is present; otherwise it writes the value as given."""
    assert await post_state(env, host(env)["uuid"], b'"disabled"') == (200, True)
    assert host(env)["capabilities"]["mgmt_ipsec"] == "disabled"


@pytest.mark.parametrize("raw", [b'"upgrading"', b'"ENABLED"', b'{"state": "enabled"}', b"1", b"null"])
async def test_invalid_values_answer_false_and_change_nothing(env, raw):
    before = dict(host(env).get("capabilities") or {})
    assert await post_state(env, host(env)["uuid"], raw) == (200, False)
    assert dict(host(env).get("capabilities") or {}) == before


async def test_empty_body_is_a_missing_argument(env):
    status, body = await post_state(env, host(env)["uuid"], b"")
    assert status == 400 and faultstring(body) == 'Missing argument: "data"'


async def test_unknown_host_answers_false(env):
    assert await post_state(env, "0c7b4e1e-0000-4000-8000-000000000000", b'"enabled"') == (200, False)


async def test_host_by_id_and_hostname_and_other_capabilities_kept(env):
    record = host(env)
    record["capabilities"] = dict(record.get("capabilities") or {}, stor_function="monitor")
    env.scope.save("ihost", record)
    env.emu.store.commit()
    assert await post_state(env, record["id"], b'"enabling"') == (200, True)
    assert await post_state(env, "controller-0", b'"enabled"') == (200, True)
    assert host(env)["capabilities"] == {"stor_function": "monitor", "mgmt_ipsec": "enabled"}


async def test_needs_a_token(env):
    status, _ = await env.api.post("sysinv", "/v1/ihosts/%s/update_mgmt_ipsec_state" % host(env)["uuid"],
                                   data=b'"enabled"', headers={"X-Auth-Token": "bogus"})
    assert status == 401
