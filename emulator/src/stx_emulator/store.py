"""State of the emulated systems: in-memory objects written through to SQLite.

Every object is a JSON-serialisable dict with an integer ``id`` and a ``uuid``, stored under a *kind*
(``ihost``, ``addrpool``, ``release`` ...) inside a *scope*: one scope per emulated system (the standalone system
or system controller is ``main``; each subcloud later gets its own), so that every region is a full system.

Changes are collected per request (or per timer) and written in one SQLite transaction by :meth:`Store.commit`.
A process that dies before ``commit`` loses exactly the uncommitted changes, which is how a crash at a named step
is emulated. Reads never touch SQLite.
"""

import json
import sqlite3
import threading
import uuid as uuidlib
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    scope TEXT NOT NULL,
    kind TEXT NOT NULL,
    uuid TEXT NOT NULL,
    id INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (scope, kind, uuid)
);
CREATE TABLE IF NOT EXISTS sequences (
    scope TEXT NOT NULL,
    kind TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (scope, kind)
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def utcnow():
    return datetime.now(timezone.utc)


def isotime(dt=None):
    """sysinv-style timestamp: ``2026-11-24T02:38:21.123456+00:00``."""
    return (dt or utcnow()).isoformat()


def new_uuid():
    return str(uuidlib.uuid4())


class Store:
    """All emulated state. Not thread-safe by design: the emulator runs in one asyncio loop."""

    def __init__(self, path=None):
        self.path = path or ":memory:"
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._objects = {}  # (scope, kind) -> {uuid: obj}
        self._seq = {}  # (scope, kind) -> last id
        self._settings = {}
        self._dirty = {}  # (scope, kind, uuid) -> obj or None (deleted)
        self._dirty_seq = set()
        self._dirty_settings = set()
        self._load()

    # -- persistence ---------------------------------------------------------------------------------------
    def _load(self):
        for scope, kind, uid, data in self._db.execute("SELECT scope, kind, uuid, data FROM objects ORDER BY id"):
            self._objects.setdefault((scope, kind), {})[uid] = json.loads(data)
        for scope, kind, value in self._db.execute("SELECT scope, kind, value FROM sequences"):
            self._seq[(scope, kind)] = value
        for key, value in self._db.execute("SELECT key, value FROM settings"):
            self._settings[key] = json.loads(value)

    @property
    def is_empty(self):
        return not self._objects and not self._settings

    def commit(self):
        """Write every change since the last commit in one transaction."""
        if not (self._dirty or self._dirty_seq or self._dirty_settings):
            return
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN")
            try:
                for (scope, kind, uid), obj in self._dirty.items():
                    if obj is None:
                        cur.execute("DELETE FROM objects WHERE scope=? AND kind=? AND uuid=?", (scope, kind, uid))
                    else:
                        cur.execute(
                            "INSERT OR REPLACE INTO objects (scope, kind, uuid, id, data) VALUES (?, ?, ?, ?, ?)",
                            (scope, kind, uid, obj.get("id", 0), json.dumps(obj, sort_keys=True)),
                        )
                for scope, kind in self._dirty_seq:
                    cur.execute(
                        "INSERT OR REPLACE INTO sequences (scope, kind, value) VALUES (?, ?, ?)",
                        (scope, kind, self._seq[(scope, kind)]),
                    )
                for key in self._dirty_settings:
                    if key in self._settings:
                        cur.execute(
                            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                            (key, json.dumps(self._settings[key], sort_keys=True)),
                        )
                    else:
                        cur.execute("DELETE FROM settings WHERE key=?", (key,))
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
        self._dirty.clear()
        self._dirty_seq.clear()
        self._dirty_settings.clear()

    def rollback(self):
        """Forget every change since the last commit: reload the changed objects from SQLite."""
        for (scope, kind, uid) in list(self._dirty):
            row = self._db.execute("SELECT data FROM objects WHERE scope=? AND kind=? AND uuid=?",
                                   (scope, kind, uid)).fetchone()
            if row is None:
                self._table(scope, kind).pop(uid, None)
            else:
                self._table(scope, kind)[uid] = json.loads(row[0])
        for scope, kind in self._dirty_seq:
            row = self._db.execute("SELECT value FROM sequences WHERE scope=? AND kind=?", (scope, kind)).fetchone()
            self._seq[(scope, kind)] = row[0] if row else 0
        for key in self._dirty_settings:
            row = self._db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
            if row is None:
                self._settings.pop(key, None)
            else:
                self._settings[key] = json.loads(row[0])
        self._dirty.clear()
        self._dirty_seq.clear()
        self._dirty_settings.clear()

    def close(self):
        self.commit()
        self._db.close()

    # -- settings (emulator-wide values: topology, release profile, bootstrap flag ...) --------------------
    def setting(self, key, default=None):
        return self._settings.get(key, default)

    def set_setting(self, key, value):
        self._settings[key] = value
        self._dirty_settings.add(key)

    # -- objects -------------------------------------------------------------------------------------------
    def scope(self, name):
        return Scope(self, name)

    def scopes(self):
        return sorted({scope for scope, _ in self._objects})

    def next_id(self, scope, kind):
        key = (scope, kind)
        self._seq[key] = self._seq.get(key, 0) + 1
        self._dirty_seq.add(key)
        return self._seq[key]

    def _table(self, scope, kind):
        return self._objects.setdefault((scope, kind), {})

    def add(self, scope, kind, obj):
        obj = dict(obj)
        obj.setdefault("uuid", new_uuid())
        if "id" not in obj:
            obj["id"] = self.next_id(scope, kind)
        now = isotime()
        obj.setdefault("created_at", now)
        obj.setdefault("updated_at", None)
        self._table(scope, kind)[obj["uuid"]] = obj
        self._dirty[(scope, kind, obj["uuid"])] = obj
        return obj

    def save(self, scope, kind, obj, touch=True):
        """Record a change to ``obj`` (mutated in place by the caller)."""
        if touch:
            obj["updated_at"] = isotime()
        self._table(scope, kind)[obj["uuid"]] = obj
        self._dirty[(scope, kind, obj["uuid"])] = obj
        return obj

    def remove(self, scope, kind, obj_or_uuid):
        uid = obj_or_uuid["uuid"] if isinstance(obj_or_uuid, dict) else obj_or_uuid
        self._table(scope, kind).pop(uid, None)
        self._dirty[(scope, kind, uid)] = None

    def get(self, scope, kind, uid):
        return self._table(scope, kind).get(uid)

    def all(self, scope, kind, **match):
        rows = sorted(self._table(scope, kind).values(), key=lambda o: o.get("id", 0))
        if match:
            rows = [o for o in rows if all(o.get(k) == v for k, v in match.items())]
        return rows

    def first(self, scope, kind, **match):
        rows = self.all(scope, kind, **match)
        return rows[0] if rows else None

    def dump(self):
        """Everything, for the admin endpoint and tests."""
        out = {"settings": dict(self._settings), "scopes": {}}
        for (scope, kind), table in sorted(self._objects.items()):
            out["scopes"].setdefault(scope, {})[kind] = sorted(table.values(), key=lambda o: o.get("id", 0))
        return out


class Scope:
    """The objects of one emulated system (one region)."""

    def __init__(self, store, name):
        self.store = store
        self.name = name

    def add(self, kind, obj):
        return self.store.add(self.name, kind, obj)

    def save(self, kind, obj, touch=True):
        return self.store.save(self.name, kind, obj, touch=touch)

    def remove(self, kind, obj_or_uuid):
        return self.store.remove(self.name, kind, obj_or_uuid)

    def get(self, kind, uid):
        return self.store.get(self.name, kind, uid)

    def all(self, kind, **match):
        return self.store.all(self.name, kind, **match)

    def first(self, kind, **match):
        return self.store.first(self.name, kind, **match)

    def by_id(self, kind, ident):
        """Find by integer id, or uuid."""
        obj = self.get(kind, str(ident))
        if obj is not None:
            return obj
        try:
            num = int(ident)
        except (TypeError, ValueError):
            return None
        return self.first(kind, id=num)

    def next_id(self, kind):
        return self.store.next_id(self.name, kind)
