"""Emulated time: a time scale and persisted timers for long-running operations.

A long operation (host unlock and reboot, USM deploy start, app apply ...) is modelled as one or more timers:
``scheduler.schedule(nominal_seconds, "action.name", scope="main", **args)``. The real delay is
``nominal_seconds * time_scale``; a scale of 0 makes every operation complete before the next request is
handled, which keeps tests deterministic. Timers are stored like any other object, so a restart of the emulator
resumes them (each service may first resolve in-progress operations the way the real service does after a
restart, see ``Service.on_restart``).

Timer actions are plain functions registered with :func:`timer_action`; they receive the emulator and the
timer's arguments and return nothing. They may schedule further timers.
"""

import logging
import time

LOG = logging.getLogger(__name__)

TIMER_SCOPE = "_emulator"
_ACTIONS = {}


def timer_action(name):
    """Register ``func(emulator, **args)`` as the handler of timers named ``name``."""

    def register(func):
        if name in _ACTIONS and _ACTIONS[name] is not func:
            raise ValueError("timer action %s registered twice" % name)
        _ACTIONS[name] = func
        return func

    return register


class Clock:
    def __init__(self, time_scale=0.0):
        if time_scale < 0:
            raise ValueError("time scale must be >= 0")
        self.time_scale = float(time_scale)

    def now(self):
        return time.time()

    def real_delay(self, nominal_seconds):
        return max(0.0, float(nominal_seconds) * self.time_scale)


class Scheduler:
    def __init__(self, store, clock):
        self.store = store
        self.clock = clock
        self._running = False

    def schedule(self, nominal_seconds, action, scope="main", **args):
        if action not in _ACTIONS:
            raise KeyError("unknown timer action %s" % action)
        due = self.clock.now() + self.clock.real_delay(nominal_seconds)
        return self.store.add(TIMER_SCOPE, "timer", {"due": due, "action": action, "scope": scope, "args": args})

    def pending(self, action=None, scope=None, **match):
        rows = self.store.all(TIMER_SCOPE, "timer")
        out = []
        for timer in rows:
            if action is not None and timer["action"] != action:
                continue
            if scope is not None and timer["scope"] != scope:
                continue
            if any(timer["args"].get(k) != v for k, v in match.items()):
                continue
            out.append(timer)
        return out

    def cancel(self, action=None, scope=None, **match):
        timers = self.pending(action, scope, **match)
        for timer in timers:
            self.store.remove(TIMER_SCOPE, "timer", timer)
        return len(timers)

    def next_due(self):
        timers = self.store.all(TIMER_SCOPE, "timer")
        return min((t["due"] for t in timers), default=None)

    def run_due(self, emulator):
        """Run every due timer, oldest first, including timers that due timers schedule. Returns the count."""
        if self._running:  # a timer action must not recurse into the scheduler
            return 0
        self._running = True
        count = 0
        try:
            while True:
                now = self.clock.now()
                due = [t for t in self.store.all(TIMER_SCOPE, "timer") if t["due"] <= now]
                if not due:
                    break
                timer = min(due, key=lambda t: (t["due"], t["id"]))
                self.store.remove(TIMER_SCOPE, "timer", timer)
                func = _ACTIONS.get(timer["action"])
                if func is None:
                    LOG.error("dropping timer with unknown action %s", timer["action"])
                    continue
                func(emulator, scope=timer["scope"], **timer["args"])
                self.store.commit()
                count += 1
                if count > 100000:
                    raise RuntimeError("timer storm: more than 100000 timers in one run")
        finally:
            self._running = False
        return count
