"""The write journal: every state-changing request the emulator answered, for tests and audits.

Recorded: every request whose method is not GET/HEAD/OPTIONS, except keystone token issue and revoke (logging
in changes nothing on the system). ``readonly`` marks POSTs that the real service treats as queries (USM
precheck). Secrets in request bodies are replaced by ``******``. The journal lives in memory: it starts empty
on every start of the process.
"""

import json
import re
import time

SECRET_KEY = re.compile(r"pass(word|wd)?|secret|token|key|binary_data", re.IGNORECASE)
MAX_BODY = 4096


def redact(value):
    if isinstance(value, dict):
        return {k: ("******" if SECRET_KEY.search(str(k)) and v not in (None, "") else redact(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def summarise_body(raw):
    if not raw:
        return None
    try:
        return redact(json.loads(raw))
    except ValueError:
        return "<%d bytes>" % len(raw)


class Journal:
    def __init__(self):
        self.entries = []
        self._seq = 0

    def record(self, service, region, method, path, query, status, body=None, readonly=False):
        self._seq += 1
        self.entries.append({
            "seq": self._seq,
            "time": time.time(),
            "service": service,
            "region": region,
            "method": method,
            "path": path,
            "query": query,
            "status": status,
            "readonly": readonly,
            "body": summarise_body(body[:MAX_BODY * 64] if body else body),
        })

    def since(self, seq=0):
        return [e for e in self.entries if e["seq"] > seq]

    def clear(self):
        self.entries = []

    @property
    def last_seq(self):
        return self._seq
