"""Test support for the sysinv system/host/bootstrap tests: requests shaped as cgtsclient sends them, a clock the
test moves, and helpers to configure interfaces the way the install guides do."""

from apps_env import faultstring  # sysinv's double-encoded error text

ADMIN_PASSWORD = "St8rlingXCloud*"


def replace(**fields):
    """A cgtsclient JSON patch: every value a string, op ``replace``."""
    return [{"op": "replace", "path": "/" + key, "value": value} for key, value in fields.items()]


async def action(api, host, value, **headers):
    return await api.patch("sysinv", "/v1/ihosts/%s" % host, json=replace(action=value), headers=headers or None)


async def show(api, host):
    status, body = await api.get("sysinv", "/v1/ihosts/%s" % host)
    assert status == 200, body
    return body


def state(body):
    return body["administrative"], body["operational"], body["availability"]


from stx_emulator.testing import SteppedClock  # noqa: E402

FakeClock = SteppedClock  # frozen clock with advance(seconds)


async def bootstrap(api, overrides=None):
    status, body = await api.request("admin", "POST", "/_emulator/bootstrap", json={"overrides": overrides or {}},
                                     auth=False)
    return status, body


def host_record(emu, hostname):
    return emu.scope().first("ihost", hostname=hostname)


def configure_controller_0(emu):
    """The install guide's interface steps for controller-0 (OAM; mgmt/cluster-host off lo unless AIO-SX)."""
    from stx_emulator.services.sysinv import provision

    provision.configure_controller_0(emu, emu.scope(), host_record(emu, "controller-0"))
    emu.store.commit()


__all__ = ["ADMIN_PASSWORD", "FakeClock", "action", "bootstrap", "configure_controller_0", "faultstring",
           "host_record", "replace", "show", "state"]
