#!/usr/bin/env python3
"""Per-task cost of ``starlingx.platform.system_info`` next to ``ansible.builtin.uri`` and a no-op module.

Runs, side by side in one run, playbooks of N identical tasks (``connection: local``, one host,
``gather_facts: false``) against the same HTTP endpoint:

* an empty play (ansible-playbook start-up, subtracted from every other variant);
* a no-op module (builds ``AnsibleModule`` and exits), the floor of any module;
* ``ansible.builtin.uri`` doing ``GET /v1/isystems`` with a token fetched beforehand;
* ``system_info`` with that token (``auth_token``) and ``endpoint_override`` (the same single GET);
* ``system_info`` with that token and ``auth_url`` (the token is validated, the catalog followed);
* ``system_info`` with a password (keystone login + GET in every task).

Per task = (variant's wall time - empty play's) / N, median over ``--rounds`` interleaved rounds.
Targets for token reuse: system_info <= 1.15 x uri and <= 1.3 x no-op. The endpoint is a small
stdlib server in this script (keystone ``/v3/auth/tokens`` with a catalog pointing at itself,
sysinv ``/v1/isystems``) that also counts the requests each variant sends, or the real
stx-emulator with ``--emulator``. A benchmark, not a test: prints PASS/MISS and exits 0.
"""

import argparse
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.join(REPO, "plugins", "modules", "system_info.py")
PASSWORD = "St8rlingXCloud*"
TARGET_URI, TARGET_NOOP = 1.15, 1.3

NOOP_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec={}, supports_check_mode=True)
    module.exit_json(changed=False)


if __name__ == "__main__":
    main()
'''


# --- stand-in endpoint (keystone + sysinv on one port) -------------------------------------

class StandIn(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = "http://127.0.0.1:%d" % self.server_address[1]
        self.tokens = set()
        self.requests = 0
        self.lock = threading.Lock()

    def token_document(self):
        now = time.time()
        catalog = [{"id": uuid.uuid4().hex, "type": stype, "name": name,
                    "endpoints": [{"id": uuid.uuid4().hex, "interface": interface, "region": "RegionOne",
                                   "region_id": "RegionOne", "url": url}
                                  for interface in ("public", "internal", "admin")]}
                   for stype, name, url in (("identity", "keystone", self.base + "/v3"),
                                            ("platform", "sysinv", self.base + "/v1"))]
        return {"token": {
            "methods": ["password"], "catalog": catalog, "roles": [{"id": "r1", "name": "admin"}],
            "user": {"id": "u1", "name": "admin", "domain": {"id": "default", "name": "Default"}},
            "project": {"id": "p1", "name": "admin", "domain": {"id": "default", "name": "Default"}},
            "issued_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(now)),
            "expires_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(now + 3600))}}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def count(self):
        with self.server.lock:
            self.server.requests += 1

    def authorized(self):
        return self.headers.get("X-Auth-Token") in self.server.tokens

    def do_POST(self):
        self.count()
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        path = self.path.split("?")[0].rstrip("/")
        if path != "/v3/auth/tokens":
            return self.reply(404, {"error": {"code": 404, "message": "not found"}})
        password = body.get("auth", {}).get("identity", {}).get("password", {}).get("user", {}).get("password")
        if password != PASSWORD:
            return self.reply(401, {"error": {"code": 401, "title": "Unauthorized",
                                              "message": "The request you have made requires authentication."}})
        token = uuid.uuid4().hex
        self.server.tokens.add(token)
        return self.reply(201, self.server.token_document(), {"X-Subject-Token": token})

    def do_GET(self):
        self.count()
        path = self.path.split("?")[0].rstrip("/")
        if not self.authorized():
            return self.reply(401, {"error": {"code": 401, "message": "unauthorized"}})
        if path == "/v3/auth/tokens":
            if self.headers.get("X-Subject-Token") not in self.server.tokens:
                return self.reply(404, {"error": {"code": 404, "message": "token not found"}})
            return self.reply(200, self.server.token_document(), {"X-Subject-Token": self.headers["X-Subject-Token"]})
        if path == "/v1/isystems":
            return self.reply(200, {"isystems": [{
                "uuid": "5f3c4f5e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", "name": "bench", "system_type": "All-in-one",
                "system_mode": "simplex", "region_name": "RegionOne", "software_version": "25.09",
                "distributed_cloud_role": None, "timezone": "UTC", "description": None, "location": None,
                "contact": None, "latitude": None, "longitude": None,
                "capabilities": {"https_enabled": False, "sdn_enabled": False, "vswitch_type": "none"}}]})
        return self.reply(404, {"error": {"code": 404, "message": "not found"}})


def fetch_token(auth_url):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"name": "Default"}, "password": PASSWORD}}},
        "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
    req = urllib.request.Request(auth_url + "/auth/tokens", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        doc = json.load(resp)
        token = resp.headers["X-Subject-Token"]
    for service in doc["token"]["catalog"]:
        if service["type"] == "platform":
            urls = [ep["url"] for ep in service["endpoints"] if ep["interface"] == "public"]
            return token, urls[0]
    raise RuntimeError("no platform endpoint in the catalog")


# --- playbooks ------------------------------------------------------------------------------

def task_yaml(name, module, args):
    lines = ["    - name: %s" % name, "      %s:" % module]
    lines += ["        %s: %s" % (key, json.dumps(value)) for key, value in args.items()]
    return "\n".join(lines)


def write_playbook(path, task, count):
    body = ["- name: bench", "  hosts: localhost", "  gather_facts: false"]
    body += ["  tasks:"] + [task] * count if task else ["  tasks: []"]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(body) + "\n")


def variants(auth_url, sysinv_url, token):
    keystone = {"auth_url": auth_url}
    return [
        ("empty play (start-up)", None, None),
        ("no-op module", "noop", {}),
        ("ansible.builtin.uri, token", "ansible.builtin.uri",
         {"url": sysinv_url.rstrip("/") + "/isystems", "headers": {"X-Auth-Token": token}, "return_content": True}),
        ("system_info, auth_token + endpoint_override", "starlingx.platform.system_info",
         {"auth_token": token, "endpoint_override": {"platform": sysinv_url}}),
        ("system_info, auth_token + auth_url", "starlingx.platform.system_info", dict(keystone, auth_token=token)),
        ("system_info, password", "starlingx.platform.system_info",
         dict(keystone, username="admin", password=PASSWORD, project_name="admin")),
    ]


def run_playbook(playbook, env, workdir):
    cmd = [ansible_playbook(), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=%s" % sys.executable, playbook]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=workdir, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("playbook %s failed:\n%s%s" % (playbook, proc.stdout[-3000:], proc.stderr[-2000:]))
    return elapsed


def ansible_playbook():
    local = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    found = local if os.path.exists(local) else shutil.which("ansible-playbook")
    if not found:
        sys.exit("ansible-playbook not found (run through `make bench`, or activate the .venv)")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--tasks", type=int, default=50, help="tasks per playbook (default 50)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds, median reported (default 1)")
    parser.add_argument("--emulator", action="store_true", help="use stx-emulator (aio-sx, deployed) as the endpoint")
    args = parser.parse_args()

    if not os.path.exists(MODULE):
        sys.exit("%s does not exist yet: nothing to measure (the system_info module is not written)" % MODULE)

    workdir = tempfile.mkdtemp(prefix="stx-bench-")
    emulator = server = None
    try:
        # the collection, importable as starlingx.platform, and the no-op module
        namespace = os.path.join(workdir, "collections", "ansible_collections", "starlingx")
        os.makedirs(namespace)
        os.symlink(REPO, os.path.join(namespace, "platform"))
        os.makedirs(os.path.join(workdir, "library"))
        with open(os.path.join(workdir, "library", "noop.py"), "w", encoding="utf-8") as handle:
            handle.write(NOOP_MODULE)

        if args.emulator:
            try:
                from stx_emulator.testing import EmulatorProcess
            except ImportError:
                sys.exit("--emulator: stx_emulator is not importable (pip install -e emulator)")
            emulator = EmulatorProcess(topology="aio-sx").start()
            auth_url, endpoint = emulator.auth_url, "stx-emulator (aio-sx, deployed)"
        else:
            server = StandIn()
            threading.Thread(target=server.serve_forever, daemon=True).start()
            auth_url, endpoint = server.base + "/v3", "stdlib stand-in %s" % server.base
        token, sysinv_url = fetch_token(auth_url)

        env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ANSIBLE_"))}
        env.update(ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, "collections"),
                   ANSIBLE_LIBRARY=os.path.join(workdir, "library"), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_HOST_KEY_CHECKING="False", ANSIBLE_RETRY_FILES_ENABLED="False",
                   ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "tmp"), ANSIBLE_REMOTE_TEMP=os.path.join(workdir, "tmp"))

        table = variants(auth_url, sysinv_url, token)
        playbooks = []
        for index, (label, module, module_args) in enumerate(table):
            path = os.path.join(workdir, "play%d.yml" % index)
            write_playbook(path, task_yaml(label, module, module_args) if module else None, args.tasks)
            playbooks.append(path)

        times = [[] for _ in table]
        requests = [None] * len(table)
        for _ in range(args.rounds):
            for index, playbook in enumerate(playbooks):
                before = server.requests if server else 0
                times[index].append(run_playbook(playbook, env, workdir))
                if server:
                    requests[index] = (server.requests - before) / float(args.tasks)

        totals = [statistics.median(t) for t in times]
        startup = totals[0]
        per_task = [max(total - startup, 0.0) / args.tasks for total in totals]
        spread = [(max(min(t) - startup, 0.0) / args.tasks, max(max(t) - startup, 0.0) / args.tasks) for t in times]

        print("module overhead: %d tasks x %d round(s), connection local, endpoint %s, ansible-core %s"
              % (args.tasks, args.rounds, endpoint, ansible_version()))
        print("%-46s %9s %12s %15s %9s" % ("variant", "total s", "per task s", "min-max", "req/task"))
        for index, (label, _, _) in enumerate(table):
            first = index == 0
            reqs = requests[index]
            print("%-46s %9.2f %12s %15s %9s" % (
                label, totals[index], "-" if first else "%.3f" % per_task[index],
                "-" if first else "%.3f-%.3f" % spread[index],
                "-" if reqs is None or index < 2 else "%.1f" % reqs))
        noop, uri = per_task[1], per_task[2]
        print()
        for index in range(3, len(table)):
            label, cost = table[index][0], per_task[index]
            ratio_uri = cost / uri if uri else float("inf")
            ratio_noop = cost / noop if noop else float("inf")
            verdict = " (no target)"
            if "auth_token" in label:  # the targets are for token reuse
                verdict = " uri %s, noop %s" % ("PASS" if ratio_uri <= TARGET_URI else "MISS",
                                                "PASS" if ratio_noop <= TARGET_NOOP else "MISS")
            print("%-46s /uri %.2f (target <= %.2f)  /noop %.2f (target <= %.2f)%s"
                  % (label, ratio_uri, TARGET_URI, ratio_noop, TARGET_NOOP, verdict))
    finally:
        if emulator:
            emulator.stop()
        if server:
            server.shutdown()
            server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def ansible_version():
    try:
        from ansible.release import __version__
        return __version__
    except ImportError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
