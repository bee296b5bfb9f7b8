#!/usr/bin/env python3
"""Module-side cost of a task: the AnsiballZ payloads of system_info, uri and a no-op run directly.

``module_overhead.py`` measures whole playbooks, where the controller's per-task work (~0.2 s)
and the noise of a shared machine hide differences of a few milliseconds. This script isolates the
part a collection controls, the module process:

1. runs one task of each variant with ``ANSIBLE_KEEP_REMOTE_FILES=1`` to obtain the exact
   ``AnsiballZ_*.py`` files Ansible executes (zip payload with the module_utils, no cached
   bytecode, arguments embedded);
2. executes each file ``--runs`` times, interleaved, with the interpreter of the playbook, and
   reports median and quartiles of the wall time per process, and the ratio to the no-op;
3. with ``--importtime``, runs each payload under ``python -X importtime`` (best of 5), sums the
   import time per group (``ansible.module_utils``, this collection, the standard library), and
   times ``compile()`` of the collection modules it imported (the work AnsiballZ repeats per task).

The endpoint is the stand-in server of ``module_overhead.py``. ``--repo`` may be given several
times (e.g. a copy of the collection before a change and the working tree): every variant of every
repository is timed in the same interleaved rounds. A benchmark, not a test: exits 0.
"""

import argparse
import base64
import glob
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import module_overhead as overhead  # noqa: E402  (the stand-in endpoint, playbook helpers)


def kept_payload(workdir, name, module, module_args, collections, env):
    """Run one task keeping its files; return the path of its AnsiballZ file."""
    tmp = os.path.join(workdir, 'tmp-' + name)
    playbook = os.path.join(workdir, name + '.yml')
    overhead.write_playbook(playbook, overhead.task_yaml(name, module, module_args), 1)
    run_env = dict(env, ANSIBLE_KEEP_REMOTE_FILES='1', ANSIBLE_REMOTE_TEMP=tmp, ANSIBLE_LOCAL_TEMP=tmp + '-local',
                   ANSIBLE_COLLECTIONS_PATH=collections)
    overhead.run_playbook(playbook, run_env, workdir)
    found = glob.glob(os.path.join(tmp, 'ansible-tmp-*', 'AnsiballZ_*.py'))
    if len(found) != 1:
        sys.exit('expected one AnsiballZ file in %s, found %r' % (tmp, found))
    return found[0]


def payload_zip(path):
    """The zip embedded (base64) in an AnsiballZ file, as a ZipFile."""
    with open(path, encoding='utf-8') as handle:
        match = re.search(r"zip_data=['\"]([A-Za-z0-9+/=\s]+)['\"]", handle.read())
    if not match:
        sys.exit('%s: no zip_data found (AnsiballZ format changed?)' % path)
    return zipfile.ZipFile(io.BytesIO(base64.b64decode(match.group(1))))


def payload_contents(path):
    """(zip bytes, collection .py files, their source bytes) of an AnsiballZ file."""
    with payload_zip(path) as archive:
        ours = [i for i in archive.infolist() if i.filename.startswith('ansible_collections/')
                and i.filename.endswith('.py')]
        return len(archive.fp.getvalue()), len(ours), sum(i.file_size for i in ours)


def run_once(path, env):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, path], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        sys.exit('%s did not print JSON:\n%s%s' % (path, proc.stdout[-2000:], proc.stderr[-2000:]))
    if proc.returncode != 0 or result.get('failed'):
        sys.exit('%s failed: %s' % (path, result.get('msg')))
    return elapsed


def import_breakdown(path, env, repeat=5):
    """Best-of-``repeat`` sums of ``-X importtime`` self times (ms) per group, and the collection modules imported."""
    best = None
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, '-X', 'importtime', path], env=env, capture_output=True, text=True)
        groups = {'ansible': 0.0, 'collection': 0.0, 'stdlib': 0.0}
        ours = []
        for line in proc.stderr.splitlines():
            parts = line.split('|')
            if len(parts) != 3 or not parts[0].startswith('import time:') or 'self' in parts[0]:
                continue
            self_us = float(parts[0].split(':')[1])
            name = parts[2].strip()
            if name.startswith('ansible_collections'):
                groups['collection'] += self_us / 1000.0
                ours.append(name)
            elif name.startswith('ansible'):
                groups['ansible'] += self_us / 1000.0
            else:
                groups['stdlib'] += self_us / 1000.0
        total = sum(groups.values())
        if best is None or total < best[0]:
            best = (total, groups, ours)
    return best


def compile_cost(path, modules, repeat=10):
    """(files, KB, best-of-``repeat`` ms) to compile() the sources of ``modules`` from the payload's zip."""
    sources = []
    with payload_zip(path) as archive:
        names = set(archive.namelist())
        for module in modules:
            base = module.replace('.', '/')
            for candidate in (base + '.py', base + '/__init__.py'):
                if candidate in names:
                    sources.append((candidate, archive.read(candidate)))
                    break
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        for name, source in sources:
            compile(source, name, 'exec')
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return len(sources), sum(len(s) for _n, s in sources) / 1024.0, best * 1000


def quartiles(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 4], statistics.median(ordered), ordered[(3 * n) // 4]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=20, help='executions of each payload, interleaved (default 20)')
    parser.add_argument('--repo', action='append', default=None,
                        help='collection root to measure (repeatable; default: this repository)')
    parser.add_argument('--importtime', action='store_true', help='also print the -X importtime breakdown')
    args = parser.parse_args()
    repos = [os.path.abspath(r) for r in (args.repo or [overhead.REPO])]

    workdir = tempfile.mkdtemp(prefix='stx-startup-')
    server = overhead.StandIn()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        auth_url = server.base + '/v3'
        token, sysinv_url = overhead.fetch_token(auth_url)
        os.makedirs(os.path.join(workdir, 'library'))
        with open(os.path.join(workdir, 'library', 'noop.py'), 'w', encoding='utf-8') as handle:
            handle.write(overhead.NOOP_MODULE)
        env = {k: v for k, v in os.environ.items() if not k.startswith(('OS_', 'ANSIBLE_'))}
        env.update(ANSIBLE_LIBRARY=os.path.join(workdir, 'library'), ANSIBLE_NOCOLOR='1')
        table = dict((label, (module, module_args)) for label, module, module_args
                     in overhead.variants(auth_url, sysinv_url, token) if module)

        payloads = []  # (label, path)
        empty = os.path.join(workdir, 'empty-collections')
        os.makedirs(empty)
        for label in ('no-op module', 'ansible.builtin.uri, token'):
            module, module_args = table[label]
            payloads.append((label, kept_payload(workdir, 'p%d' % len(payloads), module, module_args, empty, env)))
        for number, repo in enumerate(repos):
            collections = os.path.join(workdir, 'collections%d' % number)
            namespace = os.path.join(collections, 'ansible_collections', 'starlingx')
            os.makedirs(namespace)
            os.symlink(repo, os.path.join(namespace, 'platform'))
            suffix = ' [%s]' % repo if len(repos) > 1 else ''
            for label in ('system_info, auth_token + endpoint_override', 'system_info, password'):
                module, module_args = table[label]
                path = kept_payload(workdir, 'p%d' % len(payloads), module, module_args, collections, env)
                payloads.append((label + suffix, path))

        run_env = dict(env)
        times = [[] for _ in payloads]
        floor = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, '-c', 'pass'], env=run_env, check=True)
            floor.append(time.perf_counter() - start)
            for index, (_label, path) in enumerate(payloads):
                times[index].append(run_once(path, run_env))

        print('module process only: %d runs each, interleaved, Python %s, ansible-core %s, endpoint %s'
              % (args.runs, sys.version.split()[0], overhead.ansible_version(), server.base))
        print('%-66s %8s %15s %7s %9s %14s' % ('payload', 'median', 'p25-p75', '/noop', 'zip KB', 'coll. .py/KB'))
        q1, med, q3 = quartiles(floor)
        print('%-66s %6.1fms %6.1f-%6.1fms %7s %9s %14s' % ('python -c pass (interpreter start)', med * 1000,
                                                              q1 * 1000, q3 * 1000, '-', '-', '-'))
        noop = statistics.median(times[0])
        for index, (label, path) in enumerate(payloads):
            q1, med, q3 = quartiles(times[index])
            size, count, source = payload_contents(path)
            print('%-66s %6.1fms %6.1f-%6.1fms %7.2f %9s %14s' % (
                label, med * 1000, q1 * 1000, q3 * 1000, med / noop,
                '%.0f' % (size / 1024.0),
                '%d / %.0f' % (count, source / 1024.0) if count else '-'))
        if args.importtime:
            print()
            print('-X importtime, sum of self times, best of 5 (ms): ansible | collection | other (stdlib) | total;'
                  ' collection modules imported: files, KB of source, compile() best of 10 (ms)')
            for label, path in payloads:
                total, groups, ours = import_breakdown(path, run_env)
                files, kbytes, compiled = compile_cost(path, ours)
                print('%-66s %6.1f | %6.1f | %6.1f | %6.1f   %2d files %5.1f KB %5.2f ms' % (
                    label, groups['ansible'], groups['collection'], groups['stdlib'], total, files, kbytes, compiled))
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
