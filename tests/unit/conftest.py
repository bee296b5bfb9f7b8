# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures for the collection's unit tests.

* Makes ``ansible_collections.starlingx.platform`` importable when pytest runs from the repository
  root (``pytest tests/unit``): a temporary ``ansible_collections/starlingx/platform`` symlink to the
  repository is put on ``sys.path``. Under ``ansible-test units`` the tree already has that layout
  and nothing is done.
* ``module_args``: exposes module arguments to ``AnsibleModule`` on ansible-core 2.18-2.20
  (``ansible.module_utils.testing.patch_module_args`` when present, else ``basic._ANSIBLE_ARGS``).
* ``run_module``: runs a module's ``main()`` and returns ``(failed, result)`` from its JSON output.
* ``fake_cloud``: keystone + sysinv + USM + VIM + dcmanager fakes on real-port-shaped URLs
  (``tests/unit/fake_cloud.py``).
"""

import atexit
import contextlib
import json
import os
import shutil
import sys
import tempfile

import pytest

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _make_collection_importable():
    parts = _REPO.split(os.sep)
    if parts[-3:-1] == ['ansible_collections', 'starlingx'] and parts[-1] == 'platform':
        root = os.sep.join(parts[:-3])
        if root not in sys.path:
            sys.path.insert(0, root)
        return
    try:
        import ansible_collections.starlingx.platform.plugins.module_utils  # noqa: F401 pylint: disable=unused-import
        return
    except ImportError:
        pass
    tmp = tempfile.mkdtemp(prefix='stx-collection-')
    atexit.register(shutil.rmtree, tmp, True)
    namespace = os.path.join(tmp, 'ansible_collections', 'starlingx')
    os.makedirs(namespace)
    os.symlink(_REPO, os.path.join(namespace, 'platform'))
    sys.path.insert(0, tmp)


_make_collection_importable()


@contextlib.contextmanager
def _patch_module_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:
        patch_module_args = None
    if patch_module_args is not None:
        with patch_module_args(args):
            yield
        return
    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes
    saved = basic._ANSIBLE_ARGS
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved


@pytest.fixture
def module_args():
    """``with module_args({...}): SomeModule()`` - arguments for AnsibleModule."""
    return _patch_module_args


@pytest.fixture
def run_module(capsys):
    """``failed, result = run_module(main, {...}, check_mode=False)``."""

    def _run(main, args, check_mode=False, diff=False):
        args = dict(args)
        if check_mode:
            args['_ansible_check_mode'] = True
        if diff:
            args['_ansible_diff'] = True
        with _patch_module_args(args):
            with pytest.raises(SystemExit) as exited:
                main()
        out = capsys.readouterr().out
        result = json.loads(out)
        return exited.value.code != 0 or bool(result.get('failed')), result

    return _run


@pytest.fixture
def clean_os_env(monkeypatch, tmp_path):
    """No OS_* or proxy variables and no clouds.yaml from the developer's machine leak into a test."""
    for name in list(os.environ):
        if name.startswith('OS_') or name.lower() in ('http_proxy', 'https_proxy', 'no_proxy'):
            monkeypatch.delenv(name)
    monkeypatch.setenv('HOME', str(tmp_path / 'home'))
    monkeypatch.chdir(tmp_path)
    return monkeypatch


@pytest.fixture
def fake_cloud(clean_os_env):
    from ansible_collections.starlingx.platform.tests.unit.fake_cloud import FakeCloud
    cloud = FakeCloud()
    try:
        yield cloud
    finally:
        cloud.close()
