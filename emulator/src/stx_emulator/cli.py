"""Command line: ``stx-emulator serve`` and ``stx-emulator bootstrap``."""

import argparse
import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from .faults import FaultSpecError, parse as parse_fault
from .profiles import DEFAULT_PROFILE, PROFILES
from .server import ADMIN_PORT, Emulator
from .topology import TOPOLOGIES


def build_parser():
    parser = argparse.ArgumentParser(prog="stx-emulator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the emulated StarlingX APIs")
    serve.add_argument("--topology", choices=TOPOLOGIES + ("standard-storage",), default="aio-sx")
    state = serve.add_mutually_exclusive_group()
    state.add_argument("--fresh", dest="fresh", action="store_true", default=True,
                       help="controller-0 installed, not bootstrapped (default)")
    state.add_argument("--deployed", dest="fresh", action="store_false", help="every host provisioned and available")
    serve.add_argument("--state", metavar="FILE", help="SQLite state file; reused on restart (default: in memory)")
    serve.add_argument("--time-scale", type=float, default=0.0, metavar="X",
                       help="multiplier of the real durations of long operations; 0 = instant (default 0)")
    serve.add_argument("--address", default="127.0.0.1", help="address every service listens on")
    serve.add_argument("--port-offset", type=int, default=0, metavar="N", help="added to every port")
    serve.add_argument("--admin-port", type=int, default=ADMIN_PORT, help="admin API port (before the offset)")
    serve.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA (path printed)")
    serve.add_argument("--tls-dir", metavar="DIR", help="where the CA and certificate are kept")
    serve.add_argument("--release-profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE)
    serve.add_argument("--fault", action="append", default=[], metavar="SPEC", help="see docs/emulator.md")
    serve.add_argument("--seed", type=int, help="seed for probabilistic faults")
    serve.add_argument("--token-ttl", type=int, default=3600, metavar="SECONDS")
    serve.add_argument("--ready-file", metavar="FILE", help="written with the status JSON once listening")
    serve.add_argument("--log-level", default="WARNING")

    start = sub.add_parser("start", help="run 'serve' in the background; prints its status as JSON",
                           parents=[serve], add_help=False, conflict_handler="resolve")
    start.add_argument("--run-dir", required=True, metavar="DIR",
                       help="where the pid, log and ready files are kept (used by 'stop')")
    start.add_argument("--port-offset", default="0", metavar="N|auto", help="'auto' picks a free offset")
    start.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for it to listen")
    stop = sub.add_parser("stop", help="stop an emulator started with 'start'")
    stop.add_argument("--run-dir", required=True, metavar="DIR")
    stop.add_argument("--kill", action="store_true", help="SIGKILL (a crash) instead of SIGTERM")

    boot = sub.add_parser("bootstrap", help="bootstrap controller-0, as StarlingX's bootstrap playbook does")
    boot.add_argument("--overrides", required=True, metavar="FILE", help="bootstrap overrides (localhost.yml)")
    boot.add_argument("--secrets", metavar="FILE", action="append", default=[],
                      help="further override files read before --overrides (secrets.yml)")
    boot.add_argument("--state", metavar="FILE", help="bootstrap this state file directly (emulator not running)")
    boot.add_argument("--admin-url", help="admin URL of a running emulator (default http://127.0.0.1:%d)" % ADMIN_PORT)
    boot.add_argument("--address", default="127.0.0.1")
    boot.add_argument("--port-offset", type=int, default=0)
    return parser


def cmd_start(args):
    from .testing import free_port_offset

    run_dir = os.path.abspath(args.run_dir)
    os.makedirs(run_dir, mode=0o700, exist_ok=True)
    offset = free_port_offset(args.address) if args.port_offset == "auto" else int(args.port_offset)
    ready = os.path.join(run_dir, "ready.json")
    if os.path.exists(ready):
        os.unlink(ready)
    cmd = [sys.executable, "-m", "stx_emulator", "serve", "--topology", args.topology,
           "--fresh" if args.fresh else "--deployed", "--time-scale", str(args.time_scale), "--address", args.address,
           "--port-offset", str(offset), "--admin-port", str(args.admin_port), "--release-profile",
           args.release_profile, "--token-ttl", str(args.token_ttl), "--ready-file", ready,
           "--log-level", args.log_level]
    for option, value in (("--state", args.state), ("--seed", args.seed), ("--tls-dir", args.tls_dir)):
        if value is not None:
            cmd += [option, str(value)]
    if args.tls:
        cmd.append("--tls")
    for spec in args.fault:
        cmd += ["--fault", spec]
    with open(os.path.join(run_dir, "emulator.log"), "ab") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    with open(os.path.join(run_dir, "pid"), "w") as handle:
        handle.write(str(proc.pid))
    deadline = time.time() + args.timeout
    while time.time() < deadline:
        if os.path.exists(ready):
            with open(ready) as handle:
                status = json.load(handle)
            status.update(pid=proc.pid, port_offset=offset, run_dir=run_dir)
            print(json.dumps(status, indent=2, sort_keys=True))
            return 0
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
    with open(os.path.join(run_dir, "emulator.log"), errors="replace") as handle:
        print("ERROR: the emulator did not start:\n" + handle.read()[-3000:], file=sys.stderr)
    return 1


def cmd_stop(args):
    pid_file = os.path.join(args.run_dir, "pid")
    try:
        with open(pid_file) as handle:
            pid = int(handle.read().strip())
    except (OSError, ValueError):
        print("no emulator pid in %s" % args.run_dir, file=sys.stderr)
        return 1
    try:
        os.kill(pid, signal.SIGKILL if args.kill else signal.SIGTERM)
    except ProcessLookupError:
        os.unlink(pid_file)
        return 0
    for _ in range(500):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, signal.SIGKILL)
    os.unlink(pid_file)
    return 0


def load_overrides(paths):
    import yaml

    merged = {}
    for path in paths:
        with open(path) as handle:
            data = yaml.safe_load(handle) or {}
        if not isinstance(data, dict):
            raise SystemExit("stx-emulator bootstrap: %s is not a YAML mapping" % path)
        merged.update(data)
    return merged


def cmd_bootstrap(args):
    overrides = load_overrides(args.secrets + [args.overrides])
    if args.state:
        from .bootstrap import BootstrapError, bootstrap

        emulator = Emulator(state=args.state)
        try:
            result = bootstrap(emulator, overrides)
        except BootstrapError as exc:
            print("ERROR: %s" % exc, file=sys.stderr)
            return 1
        emulator.store.close()
        print(json.dumps(result, indent=2))
        return 0
    url = args.admin_url or "http://%s:%d" % (
        "[%s]" % args.address if ":" in args.address else args.address, ADMIN_PORT + args.port_offset)
    request = urllib.request.Request(url + "/_emulator/bootstrap", data=json.dumps({"overrides": overrides}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            print(json.dumps(json.load(response), indent=2))
            return 0
    except urllib.error.HTTPError as exc:
        body = exc.read().decode(errors="replace")
        try:
            body = json.loads(body)["error"]
        except (ValueError, KeyError, TypeError):
            pass
        print("ERROR: %s" % body, file=sys.stderr)
        return 1
    except urllib.error.URLError as exc:
        print("ERROR: no emulator at %s: %s" % (url, exc.reason), file=sys.stderr)
        return 2


async def _serve(args):
    tls = None
    if args.tls:
        from .tls import TlsMaterial

        directory = args.tls_dir or (os.path.splitext(args.state)[0] + "-tls" if args.state else
                                     tempfile.mkdtemp(prefix="stx-emulator-tls-"))
        tls = TlsMaterial(directory, args.address)
    emulator = Emulator(state=args.state, topology=args.topology, fresh=args.fresh, address=args.address,
                        port_offset=args.port_offset, time_scale=args.time_scale, tls=tls,
                        release_profile=args.release_profile, faults=args.fault, seed=args.seed,
                        token_ttl=args.token_ttl, admin_port=args.admin_port)
    await emulator.start()
    status = emulator.status()
    if tls:
        status["ca_cert"] = tls.ca_path
    print(json.dumps(status, indent=2, sort_keys=True), flush=True)
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as handle:
            json.dump(status, handle)
        os.replace(tmp, args.ready_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await emulator.stop()


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.command == "bootstrap":
        return cmd_bootstrap(args)
    if args.command == "start":
        return cmd_start(args)
    if args.command == "stop":
        return cmd_stop(args)
    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.WARNING),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for spec in args.fault:
        try:
            parse_fault(spec)
        except FaultSpecError as exc:
            raise SystemExit("stx-emulator: --fault %s: %s" % (spec, exc))
    asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
