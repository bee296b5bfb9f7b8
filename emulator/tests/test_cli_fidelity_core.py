"""Core HTTP behaviour the real CLIs depend on (captured requests of sw-manager, starlingx/nfv nfv-client)."""

from stx_emulator.testing import InProcessEmulator

# sw-manager sw-deploy-strategy create starlingx-25.09.0 (nfv_client/openstack/sw_update.py create_strategy)
CREATE_BODY = {"controller-apply-type": "serial", "default-instance-action": "stop-start",
               "release": "starlingx-25.09.0", "rollback": None, "delete": None, "storage-apply-type": "serial",
               "worker-apply-type": "serial", "alarm-restrictions": "strict"}
STRATEGY = "/api/orchestration/sw-upgrade/strategy"


async def test_204_has_no_body_and_no_content_type():
    # sw-manager sw-deploy-strategy delete: nfv_client rest_api.request calls response.json() whenever the reply
    # is application/json, so a 204 must carry no Content-Type (pecan drops it, core.py
    # _handle_empty_response_body); with one the CLI fails "Expecting value: line 1 column 1 (char 0)".
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await api.post("vim", STRATEGY, json=CREATE_BODY)
        assert status == 200, body
        await api.flush()
        status, body, headers = await api.request("vim", "DELETE", STRATEGY, json={"force": False},
                                                  with_headers=True)
        assert status == 204
        assert body is None
        assert "Content-Type" not in headers
        status, body, headers = await api.request("vim", "DELETE", STRATEGY, json={"force": False},
                                                  with_headers=True)
        assert status == 404 and headers["Content-Type"].startswith("application/json")
