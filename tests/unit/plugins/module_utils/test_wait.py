# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError
from ansible_collections.starlingx.platform.plugins.module_utils.wait import wait_for


class FakeTime(object):
    """A clock that only moves when sleep() is called."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def states(*values):
    it = iter(values)
    return lambda: next(it)


def test_returns_final_state_polls_and_elapsed():
    t = FakeTime()
    state, polls, elapsed = wait_for(states('locking', 'locking', 'locked'), lambda s: s == 'locked',
                                     timeout=60, poll_interval=5, sleep=t.sleep, clock=t.clock)
    assert (state, polls, elapsed) == ('locked', 3, 10.0)
    assert t.sleeps == [5, 5]


def test_done_at_first_poll_does_not_sleep():
    t = FakeTime()
    assert wait_for(lambda: 'x', lambda s: True, sleep=t.sleep, clock=t.clock) == ('x', 1, 0.0)
    assert t.sleeps == []


def test_timeout_reports_last_observed_state():
    t = FakeTime()
    with pytest.raises(StarlingXError) as err:
        wait_for(lambda: {'availability': 'offline'}, lambda s: False, timeout=12, poll_interval=5,
                 what='controller-0 to become available', sleep=t.sleep, clock=t.clock)
    msg = err.value.msg
    assert msg.startswith('Timed out after 12 s (4 polls) waiting for controller-0 to become available')
    assert '"availability": "offline"' in msg
    # the last sleep is shortened so the final poll happens at the deadline
    assert t.sleeps == [5, 5, 2]


def test_describe_renders_the_state():
    t = FakeTime()
    with pytest.raises(StarlingXError, match='last observed state: deploy-host'):
        wait_for(lambda: {'state': 'deploy-host'}, lambda s: False, timeout=0, describe=lambda s: s['state'],
                 sleep=t.sleep, clock=t.clock)


def test_failed_state_raises_at_once():
    t = FakeTime()
    with pytest.raises(StarlingXError) as err:
        wait_for(states('applying', 'apply-failed'), lambda s: s == 'applied',
                 failed=lambda s: s == 'apply-failed' and 'strategy apply failed', what='the strategy',
                 sleep=t.sleep, clock=t.clock)
    assert err.value.msg == 'the strategy failed: strategy apply failed; last observed state: apply-failed'
    assert len(t.sleeps) == 1


def test_backoff_with_cap():
    t = FakeTime()
    wait_for(states(*([0] * 6 + [1])), lambda s: s == 1, timeout=1000, poll_interval=1, backoff=2,
             max_interval=8, sleep=t.sleep, clock=t.clock)
    assert t.sleeps == [1, 2, 4, 8, 8, 8]


def test_errors_propagate_unless_transient():
    t = FakeTime()

    def broken():
        raise StarlingXError('cannot reach the platform API', status=None)

    with pytest.raises(StarlingXError, match='cannot reach'):
        wait_for(broken, lambda s: True, sleep=t.sleep, clock=t.clock)


def test_transient_errors_are_tolerated_until_success():
    t = FakeTime()
    replies = [StarlingXError('reset'), StarlingXError('HTTP 503', status=503), 'available']

    def fetch():
        reply = replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    assert wait_for(fetch, lambda s: s == 'available', transient_errors=True, poll_interval=1,
                    sleep=t.sleep, clock=t.clock)[:2] == ('available', 3)


def test_transient_errors_do_not_hide_client_errors():
    t = FakeTime()

    def fetch():
        raise StarlingXError('Host must be locked.', status=400)

    with pytest.raises(StarlingXError, match='must be locked'):
        wait_for(fetch, lambda s: True, transient_errors=True, sleep=t.sleep, clock=t.clock)


def test_timeout_with_only_transient_errors_names_the_last_error():
    t = FakeTime()

    def fetch():
        raise StarlingXError('cannot reach the platform API: Connection refused')

    with pytest.raises(StarlingXError) as err:
        wait_for(fetch, lambda s: True, transient_errors=True, timeout=3, poll_interval=1, what='sysinv',
                 sleep=t.sleep, clock=t.clock)
    assert 'waiting for sysinv; last error: cannot reach the platform API' in err.value.msg
