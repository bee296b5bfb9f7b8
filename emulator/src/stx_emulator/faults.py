"""Fault injection.

A fault is written ``TYPE[:key=value[,key=value...]]`` on the command line (``--fault``) or posted to the
admin endpoint ``POST /_emulator/faults`` (as that string in ``{"spec": ...}`` or as a JSON object).

Types
  ``http``     answer with ``status`` (default 503) in the service's own error envelope, before the handler runs.
  ``drop``     close the connection without an answer.
  ``latency``  wait ``ms`` milliseconds before handling the request.
  ``fail``     make the named step ``point`` fail the way the real service fails (e.g. ``usm.deploy_host``,
               ``sysinv.app_apply``); services ask :meth:`Faults.should_fail`.
  ``crash``    end the emulator process abruptly (exit code 137, no commit) when it reaches step ``point``.

Request filters for http/drop/latency: ``method`` (GET, POST ...; default any), ``path`` (a glob on the path,
default ``*``), ``service`` (keystone, sysinv, usm, vim ...). Any other key given to ``fail``/``crash`` must
match the attributes the service passes (``host=controller-1``, ``app=cert-manager``, ``release=...``).
Common keys: ``probability`` (0-1, default 1) and ``count`` (how many times it may fire; default unlimited).
"""

import fnmatch
import os
import random

TYPES = ("http", "drop", "latency", "fail", "crash")
REQUEST_TYPES = ("http", "drop", "latency")
COMMON_KEYS = ("probability", "count")
REQUEST_KEYS = ("method", "path", "service", "status", "ms")


class FaultSpecError(ValueError):
    pass


def parse(spec):
    """Parse ``TYPE[:k=v,...]`` (or a dict) into a fault dict, validating every key."""
    if isinstance(spec, dict):
        fault = dict(spec)
    else:
        text = str(spec).strip()
        kind, _, rest = text.partition(":")
        fault = {"type": kind.strip()}
        if rest.strip():
            for item in rest.split(","):
                if "=" not in item:
                    raise FaultSpecError("fault %r: %r is not key=value" % (text, item))
                key, value = item.split("=", 1)
                fault[key.strip()] = value.strip()
    kind = fault.get("type")
    if kind not in TYPES:
        raise FaultSpecError("fault type must be one of %s, not %r" % (", ".join(TYPES), kind))
    if kind in REQUEST_TYPES:
        unknown = set(fault) - {"type"} - set(COMMON_KEYS) - set(REQUEST_KEYS)
        if unknown:
            raise FaultSpecError("fault %s: unknown keys %s" % (kind, ", ".join(sorted(unknown))))
    elif "point" not in fault:
        raise FaultSpecError("fault %s needs point=<step name>" % kind)
    try:
        fault["probability"] = float(fault.get("probability", 1))
        if not 0 <= fault["probability"] <= 1:
            raise ValueError
    except ValueError:
        raise FaultSpecError("fault probability must be a number between 0 and 1")
    if fault.get("count") is not None:
        try:
            fault["count"] = int(fault["count"])
        except ValueError:
            raise FaultSpecError("fault count must be an integer")
    if kind == "http":
        try:
            fault["status"] = int(fault.get("status", 503))
        except ValueError:
            raise FaultSpecError("fault status must be an HTTP status code")
        if not 400 <= fault["status"] <= 599:
            raise FaultSpecError("fault status must be 4xx or 5xx")
    if kind == "latency":
        try:
            fault["ms"] = int(fault.get("ms", 100))
        except ValueError:
            raise FaultSpecError("fault ms must be an integer")
    if "method" in fault:
        fault["method"] = fault["method"].upper()
    fault.setdefault("fired", 0)
    return fault


class Faults:
    def __init__(self, specs=(), seed=None):
        self.random = random.Random(seed)
        self.faults = []
        for spec in specs:
            self.add(spec)

    def add(self, spec):
        fault = parse(spec)
        fault["id"] = max((f["id"] for f in self.faults), default=0) + 1
        self.faults.append(fault)
        return fault

    def clear(self):
        self.faults = []

    def remove(self, fault_id):
        before = len(self.faults)
        self.faults = [f for f in self.faults if f["id"] != fault_id]
        return len(self.faults) != before

    def _fire(self, fault):
        if fault.get("count") is not None and fault["fired"] >= fault["count"]:
            return False
        if fault["probability"] < 1 and self.random.random() >= fault["probability"]:
            return False
        fault["fired"] += 1
        return True

    def for_request(self, service, method, path):
        """The request-level faults that fire for this request, in order."""
        fired = []
        for fault in self.faults:
            if fault["type"] not in REQUEST_TYPES:
                continue
            if fault.get("method") and fault["method"] != method:
                continue
            if fault.get("service") and fault["service"] != service:
                continue
            if not fnmatch.fnmatchcase(path, fault.get("path", "*")):
                continue
            if self._fire(fault):
                fired.append(fault)
        return fired

    def _match_point(self, kind, point, attrs):
        for fault in self.faults:
            if fault["type"] != kind or not fnmatch.fnmatchcase(point, fault["point"]):
                continue
            keys = set(fault) - {"type", "point", "id", "fired"} - set(COMMON_KEYS)
            if any(str(attrs.get(k)) != str(fault[k]) for k in keys):
                continue
            if self._fire(fault):
                return fault
        return None

    def should_fail(self, point, **attrs):
        """True when a ``fail`` fault matches this step; the service then fails it the real way."""
        return self._match_point("fail", point, attrs) is not None

    def crash_point(self, point, **attrs):
        """End the process at once if a ``crash`` fault matches this step."""
        if self._match_point("crash", point, attrs) is not None:
            os._exit(137)
