# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Action plugin of ``starlingx.platform.application``: puts ``src`` (a file on the Ansible controller) where the
module runs, like ``ansible.builtin.uri`` does with its ``src``; everything else is the module's."""

from __future__ import annotations

import os

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

MODULE = 'starlingx.platform.application'


class ActionModule(ActionBase):

    TRANSFERS_FILES = True

    def run(self, tmp=None, task_vars=None):
        self._supports_check_mode = True
        self._supports_async = False
        if task_vars is None:
            task_vars = {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # unused since ansible-core 2.10

        src = self._task.args.get('src')
        remote_src = boolean(self._task.args.get('remote_src', False), strict=False)
        module_args = dict(self._task.args)
        try:
            if src and not remote_src:
                local = self._find_needle('files', src)
                remote = self._connection._shell.join_path(self._connection._shell.tmpdir, os.path.basename(local))
                self._transfer_file(local, remote)
                self._fixup_perms2((self._connection._shell.tmpdir, remote))
                module_args.update(src=remote, remote_src=True)
            result.update(self._execute_module(module_name=MODULE, module_args=module_args, task_vars=task_vars))
            return result
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
