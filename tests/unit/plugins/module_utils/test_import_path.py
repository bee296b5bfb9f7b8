# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""What a typical read imports: AnsiballZ compiles every imported module_utils line in every task.

A fresh interpreter imports ``ansible.module_utils.basic`` (as every module does), then the
system_info module, and reads the isystem with a token and endpoint_override: the modules that only
some runs need must stay out of ``sys.modules`` (docs/architecture.md, "Import cost").
"""

import json
import os
import subprocess
import sys

from ansible_collections.starlingx.platform.plugins.module_utils import client as client_module
from ansible_collections.starlingx.platform.tests.unit.http_fakes import ScriptedServer

MU = 'ansible_collections.starlingx.platform.plugins.module_utils.'
SCRIPT = '''
import json, sys
sys.path.insert(0, sys.argv[1])
import ansible.module_utils.basic
before = set(sys.modules)
from ansible_collections.starlingx.platform.plugins.modules import system_info
from ansible_collections.starlingx.platform.plugins.module_utils.client import Client
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI
client = Client(auth_token='t', endpoint_override={'platform': sys.argv[2] + '/v1'})
assert SysinvAPI(client).system()['name'] == 'scripted'
print(json.dumps(sorted(set(sys.modules) - before)))
'''


def collection_root():
    path = os.path.abspath(client_module.__file__)
    while os.path.basename(path) != 'ansible_collections':
        path = os.path.dirname(path)
    return os.path.dirname(path)


def imported_by_a_read(tmp_path, environ=None):
    server = ScriptedServer()
    try:
        env = dict((k, v) for k, v in os.environ.items() if not k.lower().endswith('_proxy'))
        env.update(environ or {})
        proc = subprocess.run([sys.executable, '-c', SCRIPT, collection_root(), server.url], env=env, cwd=str(tmp_path),
                              capture_output=True, text=True, check=True)
    finally:
        server.close()
    return set(json.loads(proc.stdout))


def test_a_read_imports_only_its_path(tmp_path):
    loaded = imported_by_a_read(tmp_path)
    assert {MU + 'client', MU + 'transport', MU + 'config', MU + 'errors', MU + 'module', 'http.client'} <= loaded
    for name in ('api_log', 'redact', 'clouds_yaml', 'envelopes', 'wait', 'proxies'):
        assert MU + name not in loaded
    for name in ('ansible.module_utils.urls', 'urllib.request', 'yaml'):
        assert name not in loaded


def test_proxies_are_imported_only_with_a_proxy_variable(tmp_path):
    loaded = imported_by_a_read(tmp_path, {'HTTPS_PROXY': 'http://proxy.invalid:3128'})
    assert MU + 'proxies' in loaded  # the https variable is read even if only http is used
