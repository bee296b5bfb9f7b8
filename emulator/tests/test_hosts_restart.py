"""A host action in progress survives an emulator restart (SIGKILL, or a crash at a named step) and completes."""

import time

from stx_emulator.testing import EmulatorProcess, http_json

SCALE = 0.01  # unlock: 10 s + 150 s + 150 s + 90 s nominal -> 4 s


class Sysinv:
    def __init__(self, proc):
        self.proc = proc
        self.token, _ = proc.token()
        self.base = "http://127.0.0.1:%d/v1" % (6385 + proc.port_offset)

    def host(self, name):
        status, _, body = http_json("GET", "%s/ihosts/%s" % (self.base, name), headers={"X-Auth-Token": self.token})
        assert status == 200, body
        return body

    def action(self, name, value):
        status, _, body = http_json("PATCH", "%s/ihosts/%s" % (self.base, name),
                                    [{"op": "replace", "path": "/action", "value": value}],
                                    headers={"X-Auth-Token": self.token})
        assert status == 200, body
        return body

    def wait(self, name, predicate, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            host = self.host(name)
            if predicate(host):
                return host
            time.sleep(0.05)
        raise AssertionError("%s never reached the state: %s" % (name, self.host(name)))


def _available(host):
    return (host["administrative"], host["operational"], host["availability"]) == ("unlocked", "enabled",
                                                                                   "available")


def test_unlock_resumes_after_sigkill(tmp_path):
    state = str(tmp_path / "state.db")
    with EmulatorProcess(topology="aio-dx", fresh=False, state=state, time_scale=SCALE) as proc:
        api = Sysinv(proc)
        api.action("controller-1", "lock")
        api.wait("controller-1", lambda h: h["administrative"] == "locked")
        api.action("controller-1", "unlock")
        mid = api.wait("controller-1", lambda h: h["task"] in ("Rebooting", "Booting"))
        assert mid["administrative"] == "unlocked" and mid["availability"] == "offline"
        proc.kill()
    with EmulatorProcess(topology="aio-dx", fresh=False, state=state, time_scale=SCALE) as proc:
        assert proc.status["restarted"] is True
        api = Sysinv(proc)
        first = api.host("controller-1")
        assert first["administrative"] == "unlocked" and first["ihost_action"] in ("unlock", "")
        host = api.wait("controller-1", _available)
        assert host["task"] == "" and host["invprovision"] == "provisioned"
        assert api.host("controller-0")["capabilities"]["Personality"] == "Controller-Active"


def test_crash_at_a_named_unlock_step_then_restart_completes(tmp_path):
    state = str(tmp_path / "state.db")
    proc = EmulatorProcess(topology="aio-dx", fresh=False, state=state, time_scale=SCALE)
    with proc:
        api = Sysinv(proc)
        # set at run time: --deployed provisioning itself unlocks controller-1 at start
        status, _, _ = proc.admin("POST", "/_emulator/faults",
                                  {"spec": "crash:point=sysinv.host.unlock.testing,host=controller-1"})
        assert status == 201
        api.action("controller-1", "lock")
        api.wait("controller-1", lambda h: h["administrative"] == "locked")
        api.action("controller-1", "unlock")
        assert proc.proc.wait(20) == 137  # the process ended abruptly at the step
    with EmulatorProcess(topology="aio-dx", fresh=False, state=state, time_scale=SCALE) as proc:
        api = Sysinv(proc)
        host = api.host("controller-1")
        assert host["administrative"] == "unlocked" and host["availability"] in ("offline", "intest", "available")
        api.wait("controller-1", _available)


def test_in_process_restart_keeps_the_timer_and_reschedules_a_lost_one(tmp_path):
    from hosts_env import FakeClock
    from stx_emulator.server import Emulator
    from stx_emulator.services.sysinv import hosts

    state = str(tmp_path / "state.db")
    emu = Emulator(state=state, topology="aio-dx", fresh=False, time_scale=1.0)
    scope = emu.scope()
    hosts.lock(emu, scope, hosts.find_host(scope, "controller-1"))
    emu.store.close()

    emu = Emulator(state=state, time_scale=1.0)
    assert emu.restarted and emu.scheduler.pending("sysinv.host.phase")
    clock = FakeClock(emu)
    clock.advance(15)
    host = hosts.find_host(emu.scope(), "controller-1")
    assert (host["administrative"], host["task"], host["_op"]) == ("locked", "", None)

    hosts.unlock(emu, emu.scope(), host)
    emu.scheduler.cancel("sysinv.host.phase")  # a lost timer: on_restart must put the next phase back
    emu.store.close()
    emu = Emulator(state=state, time_scale=1.0)
    assert emu.scheduler.pending("sysinv.host.phase", host=host["uuid"])
    FakeClock(emu).advance(400)
    host = hosts.find_host(emu.scope(), "controller-1")
    assert (host["administrative"], host["operational"], host["availability"]) == ("unlocked", "enabled",
                                                                                   "available")
    emu.store.close()
