# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""The collection's one polling helper."""

import time

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError, trim_body

# Longest rendering of the last observed state in an error message.
MAX_STATE_CHARS = 500


def _render(state, describe):
    if describe is not None:
        try:
            return trim_body(describe(state), MAX_STATE_CHARS)
        except Exception:  # a broken describe() must not hide the real failure
            pass
    return trim_body(state, MAX_STATE_CHARS)


def wait_for(fetch, done, failed=None, timeout=600, poll_interval=5, backoff=1.0, max_interval=None,
             what='the operation', describe=None, transient_errors=False, sleep=None, clock=None):
    """Poll ``fetch()`` until ``done(state)``; return ``(state, polls, elapsed_seconds)``.

    * ``failed(state)`` - optional; a truthy return (True or a message) raises ``StarlingXError``
      at once, naming ``what``, the message and the state.
    * The interval starts at ``poll_interval`` and is multiplied by ``backoff`` after each poll, up
      to ``max_interval`` (default: 8 x ``poll_interval``). Sleeps never pass the deadline, so the
      last poll happens at ``timeout``; ``timeout=0`` polls once.
    * ``transient_errors`` - when true, a ``StarlingXError`` from ``fetch`` without an HTTP status
      (connection refused/reset, timeout) or with a 5xx status counts as a poll and is tolerated
      until the deadline (APIs restart during swact, unlock and reconfiguration).
    * On timeout: ``StarlingXError`` "Timed out after N s waiting for <what>; last observed state:
      <describe(state)>" (or the last transient error when nothing was observed).
    """
    sleep = sleep if sleep is not None else time.sleep
    clock = clock if clock is not None else time.monotonic
    if max_interval is None:
        max_interval = poll_interval * 8
    started = clock()
    deadline = started + max(0, timeout)
    interval = poll_interval
    polls = 0
    state = None
    observed = False
    last_error = None
    while True:
        polls += 1
        try:
            state = fetch()
            observed = True
            last_error = None
        except StarlingXError as exc:
            if not transient_errors or (exc.status is not None and exc.status < 500):
                raise
            last_error = exc
        if last_error is None:
            if failed is not None:
                reason = failed(state)
                if reason:
                    detail = reason if isinstance(reason, str) else 'failure state reached'
                    raise StarlingXError('%s failed: %s; last observed state: %s'
                                         % (what, detail, _render(state, describe)))
            if done(state):
                return state, polls, clock() - started
        now = clock()
        if now >= deadline:
            elapsed = now - started
            if observed and last_error is None:
                last = 'last observed state: %s' % _render(state, describe)
            elif observed:
                last = 'last observed state: %s; last error: %s' % (_render(state, describe), last_error)
            else:
                last = 'last error: %s' % last_error
            raise StarlingXError('Timed out after %d s (%d polls) waiting for %s; %s'
                                 % (round(elapsed), polls, what, last))
        sleep(max(0.0, min(interval, deadline - now)))
        interval = min(max_interval, interval * backoff) if backoff and backoff > 1 else interval
