"""sysinv isystems: fields, links and the PATCH rules of system.py (``system modify``)."""

import pytest

from hosts_env import action, faultstring, replace, show
from stx_emulator.testing import InProcessEmulator

LIST_FIELDS = {"uuid", "name", "system_type", "system_mode", "description", "contact", "location", "latitude",
               "longitude", "software_version", "timezone", "links", "capabilities", "region_name",
               "distributed_cloud_role", "service_project_name", "security_feature", "created_at", "updated_at"}


async def _system(api):
    status, body = await api.get("sysinv", "/v1/isystems")
    assert status == 200
    return body["isystems"][0]


async def _modify(api, **fields):
    system = await _system(api)
    return await api.patch("sysinv", "/v1/isystems/%s" % system["uuid"], json=replace(**fields))


async def test_system_fields_and_links():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await api.get("sysinv", "/v1/isystems")
        assert status == 200 and set(body) == {"isystems"} and len(body["isystems"]) == 1
        listed = body["isystems"][0]
        assert set(listed) == LIST_FIELDS
        assert listed["system_type"] == "All-in-one" and listed["system_mode"] == "simplex"
        assert listed["name"] == listed["region_name"] and len(listed["region_name"]) == 32
        assert listed["service_project_name"] == "services" and listed["security_feature"] == "spectre_meltdown_v1"
        caps = listed["capabilities"]
        assert caps == {"region_config": False, "vswitch_type": "none", "shared_services": "[]",
                        "sdn_enabled": False, "https_enabled": True, "bm_region": "External"}
        status, one = await api.get("sysinv", "/v1/isystems/%s" % listed["uuid"])
        assert set(one) == LIST_FIELDS | {"services", "ihosts"}
        assert one["links"][0]["href"].endswith("/v1/isystems/%s" % listed["uuid"])
        assert one["ihosts"][0]["href"].endswith("/v1/isystems/%s/ihosts" % listed["uuid"])
        status, hosts = await api.get("sysinv", "/v1/isystems/%s/ihosts" % listed["uuid"])
        assert [h["hostname"] for h in hosts["ihosts"]] == ["controller-0"]
        status, body = await api.get("sysinv", "/v1/isystems/4b8e4a1c-8c51-4a6b-8f84-33c3a1e0a001")
        assert status == 404 and faultstring(body) == ("Server 4b8e4a1c-8c51-4a6b-8f84-33c3a1e0a001 could not be "
                                                       "found.")


async def test_post_and_delete_are_forbidden():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        system = await _system(api)
        status, body = await api.post("sysinv", "/v1/isystems", json={"name": "x"})
        assert status == 403 and faultstring(body) == "Operation not permitted."
        status, body = await api.delete("sysinv", "/v1/isystems/%s" % system["uuid"])
        assert status == 403 and faultstring(body) == "Operation not permitted."


@pytest.mark.parametrize("fields,message", [
    ({"software_version": "26.03"}, "software_version field cannot be modified."),
    ({"system_type": "Standard"}, "system_type field cannot be modified."),
    ({"timezone": "Mars/Olympus"}, "Timezone file Mars/Olympus does not exist."),
    ({"latitude": "91"}, "Latitude must be between -90 and +90"),
    ({"longitude": "-181.5"}, "Longitude must be between -180 and +180"),
    ({"name": "caf\u00e9"}, "System values must not contain special characters."),
    ({"vswitch_type": "none"}, "vswitch_type is already set as none"),
    ({"security_feature": "spectre_all"}, "Unexpected value spectre_all specified for security_feature"),
    ({"distributed_cloud_role": "edge"}, "Unexpected value 'edge' specified for distributed_cloud_role"),
    ({"distributed_cloud_role": "systemcontroller"},
     "Cannot set distributed_cloud_role to 'systemcontroller' after initial configuration"),
    ({"system_mode": "duplex"}, "Cannot modify system mode if host 'controller-0' is not locked."),
])
async def test_patch_rules(fields, message):
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        before = await _system(api)
        status, body = await _modify(api, **fields)
        assert status == 400 and faultstring(body) == message
        assert await _system(api) == before


async def test_plain_and_pseudo_path_updates():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        status, body = await _modify(api, name="lab-1", contact="ops", timezone="America/Toronto",
                                     latitude="45.5", https_enabled="false", vswitch_type="ovs-dpdk",
                                     security_feature="spectre_meltdown_all")
        assert status == 200, body
        assert (body["name"], body["contact"], body["timezone"], body["latitude"]) == (
            "lab-1", "ops", "America/Toronto", "45.5")
        assert body["capabilities"]["https_enabled"] is False and body["capabilities"]["vswitch_type"] == "ovs-dpdk"
        assert body["security_feature"] == "spectre_meltdown_all"
        status, body = await _modify(api, distributed_cloud_role="subcloud")  # None -> subcloud is allowed
        assert status == 200 and body["distributed_cloud_role"] == "subcloud"
        status, body = await _modify(api, distributed_cloud_role="systemcontroller")
        assert status == 400 and faultstring(body) == "distributed_cloud_role is already set  as 'subcloud'"


async def test_system_mode_rules_on_standard_and_duplex():
    async with InProcessEmulator(topology="standard", fresh=False) as (emu, api):
        status, body = await _modify(api, system_mode="simplex")
        assert status == 400 and faultstring(body) == "system_mode can only be modified on an AIO system"
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, body = await _modify(api, system_mode="simplex")
        assert status == 400 and faultstring(body) == "Cannot modify system mode from duplex to simplex."


async def test_simplex_to_duplex_migration():
    async with InProcessEmulator(topology="aio-sx", fresh=False) as (emu, api):
        await action(api, "controller-0", "lock")
        await api.flush()
        status, body = await _modify(api, system_mode="duplex")
        assert status == 400 and faultstring(body) == ("Cannot modify system mode to duplex when the management "
                                                       "interface is configured on loopback. ")
        # what migrate_sx_to_dx requires: mgmt and cluster-host off lo (the DX install-guide layout)
        scope = emu.scope()
        emu.store.set_setting("topology", "aio-dx")
        from stx_emulator.services.sysinv import networking, provision

        host = scope.first("ihost", hostname="controller-0")
        lo = [i for i in scope.all("iinterface") if i["ifname"] == "lo"][0]
        for link in scope.all("interface_network", interface_id=lo["id"]):
            networking.delete_assignment(scope, link)
        for ntype in ("mgmt", "cluster-host"):
            provision._assign(scope, host, "enp0s8", ntype)
        emu.store.commit()
        status, body = await _modify(api, system_mode="duplex")
        assert status == 200, body
        assert body["system_mode"] == "duplex" and body["capabilities"]["simplex_to_duplex_migration"] is True
        assert (await show(api, "controller-0"))["administrative"] == "locked"


async def test_mode_change_before_initial_configuration_is_free():
    async with InProcessEmulator(topology="aio-sx", fresh=True) as (emu, api):
        from hosts_env import bootstrap

        assert (await bootstrap(api))[0] == 200
        await api.login()
        status, body = await _modify(api, system_mode="duplex-direct")
        assert status == 200 and body["system_mode"] == "duplex-direct"
        assert "simplex_to_duplex-direct_migration" not in body["capabilities"]
