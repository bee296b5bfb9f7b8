"""sysinv refuses arguments its controller methods do not declare, as wsme does (wsmeext/pecan.py ``wsexpose`` ->
wsme/rest/args.py ``get_args``): ``GET /v1/apps?limit=2000`` is a 400 ``Unknown argument: "limit"``.

The declarations are the real signatures (starlingx/config sysinv/api/controllers/v1/*.py): most ``get_all`` take
``marker, limit, sort_key, sort_dir`` (plus a parent uuid, ``personality`` for ihosts, ``network_type`` for
addrpools); ``KubeAppController.get_all(self)`` takes nothing; ``patch(self, name, directive, values, force=None)``
has no body argument, so its JSON body keys are arguments too.
"""

import json

import pytest
from aiohttp import web

from stx_emulator.services.sysinv import Sysinv, apitypes
from stx_emulator.testing import InProcessEmulator


def fault(body):
    inner = json.loads(body["error_message"])
    return inner["faultcode"], inner["faultstring"]


async def refused(api, method, path, message, json_body=None):
    status, body = await api.request("sysinv", method, path, json=json_body)
    assert status == 400, (path, status, body)
    assert fault(body) == ("Client", message), path


async def host_uuid(api, hostname="controller-0"):
    status, body = await api.get("sysinv", "/v1/ihosts/%s" % hostname)
    assert status == 200, body
    return body["uuid"]


async def first_uuid(api, path, key):
    status, body = await api.get("sysinv", path)
    assert status == 200 and body[key], (path, body)
    return body[key][0]["uuid"]


# -- every route is declared ------------------------------------------------------------------------------------
def test_every_sysinv_route_declares_its_real_arguments():
    app = web.Application()
    Sysinv(emulator=None).add_routes(app)
    undeclared = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter")
        if route.handler is apitypes.method_not_allowed:  # pecan's 405: no controller method runs
            continue
        if not isinstance(getattr(route.handler, "signature", None), apitypes.Signature):
            undeclared.append("%s %s" % (route.method, path))
    assert undeclared == []
    assert len(list(app.router.routes())) > 60


def test_signature_parses_the_declaration():
    sig = apitypes.Signature(("parent_uuid:uuid", "marker:uuid", "limit:int", "network_type", "sort_key",
                              "sort_dir"))
    assert sig.arguments[:3] == [("parent_uuid", "uuid"), ("marker", "uuid"), ("limit", "int")]
    assert sig.names == ["parent_uuid", "marker", "limit", "network_type", "sort_key", "sort_dir"]
    assert apitypes.Signature(("uuid",), body="patch").names == ["uuid", "patch"]
    with pytest.raises(ValueError):
        apitypes.Signature(("limit:integer",))


# -- unknown arguments ------------------------------------------------------------------------------------------
async def test_unknown_query_argument_is_refused_on_every_collection_family():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        host = await host_uuid(api)
        status, systems = await api.get("sysinv", "/v1/isystems")
        system = systems["isystems"][0]["uuid"]
        iface = await first_uuid(api, "/v1/ihosts/%s/iinterfaces" % host, "iinterfaces")
        collections = [
            "/v1/apps", "/v1/isystems", "/v1/isystems/%s/ihosts" % system, "/v1/ihosts", "/v1/ihosts/detail",
            "/v1/iinterfaces", "/v1/ihosts/%s/iinterfaces" % host, "/v1/ihosts/%s/ethernet_ports" % host,
            "/v1/ethernet_ports", "/v1/ihosts/%s/ports" % host, "/v1/ports", "/v1/iinterfaces/%s/ports" % iface,
            "/v1/ihosts/%s/idisks" % host, "/v1/idisks", "/v1/networks", "/v1/addrpools",
            "/v1/network_addresspools", "/v1/interface_networks", "/v1/ihosts/%s/interface_networks" % host,
            "/v1/iinterfaces/%s/interface_networks" % iface, "/v1/iextoam", "/v1/certificate",
            "/v1/apps/get_apps_update_status", "/v1",
        ]
        for path in collections:
            await refused(api, "GET", path + "?bogus=1", 'Unknown argument: "bogus"')
        # a paging argument where the real method has none
        await refused(api, "GET", "/v1/apps?limit=2000", 'Unknown argument: "limit"')
        await refused(api, "GET", "/v1/apps/get_all_apps_by_status?status=applied&limit=10",
                      'Unknown argument: "limit"')
        # single resources: get_one(uuid) takes nothing else
        network = await first_uuid(api, "/v1/networks", "networks")
        for path in ("/v1/ihosts/%s" % host, "/v1/isystems/%s" % system, "/v1/networks/%s" % network,
                     "/v1/iinterfaces/%s" % iface, "/v1/apps/cert-manager"):
            await refused(api, "GET", path + "?limit=1", 'Unknown argument: "limit"')
        # several: one faultstring naming them all (wsme joins a set; the emulator keeps the query order)
        await refused(api, "GET", "/v1/apps?limit=2000&marker=x", 'Unknown argument: "limit, marker"')


async def test_unknown_argument_on_writes_is_refused_before_anything_changes():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        await refused(api, "PATCH", "/v1/ihosts/controller-1?dry_run=1", 'Unknown argument: "dry_run"',
                      [{"op": "replace", "path": "/action", "value": "lock"}])
        status, host = await api.get("sysinv", "/v1/ihosts/controller-1")
        assert host["administrative"] == "unlocked" and host["ihost_action"] in (None, "")
        await refused(api, "POST", "/v1/apps?wait=1", 'Unknown argument: "wait"',
                      {"tarfile": "/usr/local/share/applications/helm/vault-25.09-66.tgz"})
        status, apps = await api.get("sysinv", "/v1/apps")
        assert "vault" not in {a["name"] for a in apps["apps"]}
        await refused(api, "PATCH", "/v1/apps/cert-manager?directive=remove&recursive=True",
                      'Unknown argument: "recursive"', {"values": {}})
        await refused(api, "DELETE", "/v1/apps/cert-manager?purge=1", 'Unknown argument: "purge"')
        status, app = await api.get("sysinv", "/v1/apps/cert-manager")
        assert app["status"] == "applied"
        pool = await first_uuid(api, "/v1/addrpools", "addrpools")
        await refused(api, "DELETE", "/v1/addrpools/%s?force=True" % pool, 'Unknown argument: "force"')
        status, _ = await api.get("sysinv", "/v1/addrpools/%s" % pool)
        assert status == 200


# -- declared arguments -----------------------------------------------------------------------------------------
async def test_paging_arguments_are_accepted_on_the_paginated_collections():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, everything = await api.get("sysinv", "/v1/networks")
        uuids = [n["uuid"] for n in everything["networks"]]
        assert status == 200 and len(uuids) > 2
        status, page = await api.get("sysinv", "/v1/networks?limit=2&sort_key=id&sort_dir=asc")
        assert status == 200 and [n["uuid"] for n in page["networks"]] == uuids[:2]
        assert "marker=%s" % uuids[1] in page["next"]
        status, page = await api.get("sysinv", "/v1/networks?limit=2&marker=%s" % uuids[1])
        assert status == 200 and [n["uuid"] for n in page["networks"]] == uuids[2:4]
        status, page = await api.get("sysinv", "/v1/networks?sort_dir=desc")
        assert [n["uuid"] for n in page["networks"]] == uuids[::-1]
        host = await host_uuid(api)
        for path, key in (("/v1/isystems", "isystems"), ("/v1/ihosts", "ihosts"), ("/v1/ihosts/detail", "ihosts"),
                          ("/v1/ihosts/%s/iinterfaces" % host, "iinterfaces"),
                          ("/v1/ihosts/%s/ethernet_ports" % host, "ethernet_ports"),
                          ("/v1/ihosts/%s/ports" % host, "ports"), ("/v1/ihosts/%s/idisks" % host, "idisks"),
                          ("/v1/addrpools", "addrpools"), ("/v1/network_addresspools", "network_addresspools"),
                          ("/v1/ihosts/%s/interface_networks" % host, "interface_networks"),
                          ("/v1/iextoam", "iextoams"), ("/v1/certificate", "certificates")):
            status, body = await api.get("sysinv", path + "?limit=2000&sort_key=id&sort_dir=asc")
            assert status == 200 and key in body, (path, body)


async def test_resource_specific_arguments_are_accepted():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        status, body = await api.get("sysinv", "/v1/ihosts?personality=controller&limit=2000")
        assert status == 200 and {h["personality"] for h in body["ihosts"]} == {"controller"}
        status, body = await api.get("sysinv", "/v1/addrpools?network_type=mgmt")
        assert status == 200 and [p["name"] for p in body["addrpools"]] == ["management-ipv4"]
        status, body = await api.get("sysinv", "/v1/apps/get_all_apps_by_status?status=applied")
        assert status == 200 and "cert-manager" in {a["name"] for a in body}
        status, one = await api.get("sysinv", "/v1/apps/kube_app_get_by_id?id=1")
        assert status == 200 and one["name"]


async def test_app_directive_and_force_are_accepted_from_query_or_body():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        # cgtsclient's shape: directive (and force) in the query, values in the body
        status, body = await api.patch("sysinv", "/v1/apps/cert-manager?directive=remove&force=True",
                                       json={"values": {}})
        assert status == 200 and body["status"] == "removing", body
        await api.flush()
        # not a body method: the body's keys are arguments, directive may come from there too
        status, body = await api.patch("sysinv", "/v1/apps/cert-manager", json={"directive": "apply", "values": {}})
        assert status == 200 and body["status"] == "applying", body
        await api.flush()
        status, apps = await api.get("sysinv", "/v1/apps/get_all_apps_by_status?status=uploaded")
        uploaded = [a["name"] for a in apps]
        assert uploaded
        status, _ = await api.delete("sysinv", "/v1/apps/%s?force=True" % uploaded[0])
        assert status == 204


async def test_app_patch_body_is_checked_as_arguments():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        path = "/v1/apps/cert-manager?directive=apply"
        await refused(api, "PATCH", path, 'Unknown argument: "mode"', {"values": {}, "mode": "normal"})
        await refused(api, "PATCH", path, "Parameter directive was given several times",
                      {"directive": "apply", "values": {}})
        await refused(api, "PATCH", path, "Request must be a JSON dict", [{"values": {}}])
        status, body = await api.request("sysinv", "PATCH", path, data=b"{values",
                                         headers={"Content-Type": "application/json"})
        assert status == 400 and fault(body) == ("Client", "Request is not in valid JSON format")
        await refused(api, "PATCH", path, 'Missing argument: "values"', {})
        await refused(api, "PATCH", "/v1/apps/cert-manager", 'Missing argument: "directive"', {"values": {}})
        status, app = await api.get("sysinv", "/v1/apps/cert-manager")
        assert app["status"] == "applied"


# -- argument types ---------------------------------------------------------------------------------------------
async def test_typed_arguments_are_converted_as_wsme_does():
    async with InProcessEmulator(topology="aio-dx", fresh=False) as (emu, api):
        await refused(api, "GET", "/v1/networks?limit=abc",
                      "Invalid input for field/attribute limit. Value: 'abc'. unable to convert to int. "
                      "Error: invalid literal for int() with base 10: 'abc'")
        await refused(api, "GET", "/v1/networks?marker=nope",
                      "Invalid input for field/attribute marker. Value: 'nope'. unable to convert to uuid. "
                      "Error: Expected a uuid but received nope.")
        # conversion (args_from_args) comes before the unknown-argument check (args_from_params)
        await refused(api, "GET", "/v1/ihosts?limit=x&bogus=1",
                      "Invalid input for field/attribute limit. Value: 'x'. unable to convert to int. "
                      "Error: invalid literal for int() with base 10: 'x'")
        await refused(api, "GET", "/v1/ihosts?limit=-1", "Limit must be positive")
        # ihosts declares marker as text: a non-uuid marker is not a conversion error there
        status, body = await api.get("sysinv", "/v1/ihosts?marker=controller-0")
        if status != 200:
            assert "unable to convert" not in fault(body)[1]
