"""Test support for the sysinv networking tests (addrpools, networks, network_addresspools, iinterfaces,
interface_networks, iextoam): deployed or freshly bootstrapped systems, requests shaped as cgtsclient sends
them (JSON-patch lists of ``replace`` with string values), and small lookups."""

import contextlib
import json

from stx_emulator.testing import InProcessEmulator

from hosts_env import bootstrap, replace  # noqa: F401 - re-exported for the tests

IPV6_OAM = {"name": "oam-ipv6", "network": "fd00::", "prefix": "64", "floating_address": "fd00::2",
            "gateway_address": "fd00::1"}


def fault(body):
    """(faultcode, faultstring) of sysinv's double-encoded error body."""
    inner = json.loads(body["error_message"])
    return inner.get("faultcode"), inner["faultstring"]


def faultstring(body):
    return fault(body)[1]


@contextlib.asynccontextmanager
async def deployed(topology="aio-sx"):
    """A deployed system (bootstrapped, every host provisioned, unlocked and available)."""
    async with InProcessEmulator(topology=topology, fresh=False) as (emu, api):
        yield emu, api


@contextlib.asynccontextmanager
async def bootstrapped(topology="aio-sx", overrides=None):
    """Right after bootstrap: controller-0 locked, initial configuration not complete."""
    async with InProcessEmulator(topology=topology, fresh=True) as (emu, api):
        status, body = await bootstrap(api, overrides)
        assert status == 200, body
        await api.login()
        yield emu, api


async def get_ok(api, path):
    status, body = await api.get("sysinv", path)
    assert status == 200, body
    return body


async def pools(api, network_type=None):
    path = "/v1/addrpools" + ("?network_type=%s" % network_type if network_type else "")
    return (await get_ok(api, path))["addrpools"]


async def pool(api, name):
    for entry in await pools(api):
        if entry["name"] == name:
            return await get_ok(api, "/v1/addrpools/%s" % entry["uuid"])
    raise AssertionError("no pool %s" % name)


async def network(api, net_type):
    for entry in (await get_ok(api, "/v1/networks"))["networks"]:
        if entry["type"] == net_type:
            return entry
    raise AssertionError("no network %s" % net_type)


async def interfaces(api, host):
    return {i["ifname"]: i for i in (await get_ok(api, "/v1/ihosts/%s/iinterfaces" % host))["iinterfaces"]}


async def host(api, hostname):
    return await get_ok(api, "/v1/ihosts/%s" % hostname)


async def add_pool(api, **fields):
    return await api.post("sysinv", "/v1/addrpools", json=fields)


async def patch_pool(api, uuid, **fields):
    return await api.patch("sysinv", "/v1/addrpools/%s" % uuid, json=replace(**fields))


async def add_network(api, net_type, pool_uuid, name=None, dynamic="false"):
    body = {"type": net_type, "name": name or net_type, "dynamic": dynamic, "pool_uuid": pool_uuid}
    return await api.post("sysinv", "/v1/networks", json=body)


async def attach(api, network_uuid, pool_uuid):
    return await api.post("sysinv", "/v1/network_addresspools",
                          json={"network_uuid": network_uuid, "address_pool_uuid": pool_uuid})


async def assign(api, interface_uuid, network_uuid):
    return await api.post("sysinv", "/v1/interface_networks",
                          json={"interface_uuid": interface_uuid, "network_uuid": network_uuid})


async def patch_interface(api, uuid, **fields):
    return await api.patch("sysinv", "/v1/iinterfaces/%s" % uuid, json=replace(**fields))


async def host_action(api, hostname, action):
    status, body = await api.patch("sysinv", "/v1/ihosts/%s" % hostname, json=replace(action=action))
    assert status == 200, body
    await api.flush()
    return await host(api, hostname)


async def lock(api, hostname):
    record = await host_action(api, hostname, "lock")
    assert record["administrative"] == "locked", record
    return record


async def unlock(api, hostname):
    record = await host_action(api, hostname, "unlock")
    assert (record["administrative"], record["availability"]) == ("unlocked", "available"), record
    return record


def edit_system(emu, **fields):
    """Set isystem fields directly (states the API reaches only through long procedures)."""
    scope = emu.scope()
    record = scope.first("isystem")
    record.update(fields)
    scope.save("isystem", record)
    emu.store.commit()


def start_upgrade(emu):
    """A USM deployment in progress (GET /v1/deploy/software_upgrade is then not empty)."""
    emu.scope().add("deploy", {"from_release": "25.09.0", "to_release": "26.03.0", "state": "start-done"})
    emu.store.commit()


def flags(emu):
    return {f["name"] for f in emu.scope().all("platform_flag")}


def addresses(emu, **match):
    return emu.scope().all("address", **match)


def address_named(emu, name):
    found = emu.scope().all("address", name=name)
    return found[0] if found else None
