# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""``StarlingXModule``: the base of every API module (composes an ``AnsibleModule``).

A module is a subclass with class attributes and a ``run()``::

    class SystemInfoModule(StarlingXModule):
        argument_spec = dict(...)                      # the module's own options
        module_kwargs = dict(supports_check_mode=True) # AnsibleModule keyword arguments
        wait_options = False                           # True: add wait / timeout / poll_interval

        def run(self):
            system = SysinvAPI(self.client).system()
            return dict(changed=False, system=system)

    def main():
        SystemInfoModule()()

The auth options (``AUTH_ARGUMENT_SPEC``, documented by the ``starlingx.platform.auth`` fragment)
are merged in; a module's own spec wins on a name clash (e.g. a different ``timeout`` default,
which it must then document itself). ``__call__`` runs ``run()`` and exits; a ``StarlingXError``
becomes ``fail_json(msg, status, method, url, body, service)`` without a traceback, any other
exception ``fail_json`` with the traceback.

What only some modules use is imported where it is used (``wait.py`` in ``wait()``, ``sysinv.py`` in
``build_patch()``): every line on the import path is compiled again in every task (AnsiballZ runs
modules from a zip without cached bytecode).
"""

import copy
import traceback

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.starlingx.platform.plugins.module_utils.client import Client
from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError

# Documented by plugins/doc_fragments/auth.py: keep both in step (names, types, choices, no_log).
# No defaults here: unset options fall back to clouds.yaml, then OS_* variables, then the
# defaults of config.resolve (interface public, validate_certs true, project admin, ...).
AUTH_ARGUMENT_SPEC = dict(
    auth_url=dict(type='str'),
    username=dict(type='str'),
    password=dict(type='str', no_log=True),
    project_name=dict(type='str'),
    user_domain_name=dict(type='str'),
    project_domain_name=dict(type='str'),
    region_name=dict(type='str'),
    interface=dict(type='str', choices=['public', 'internal', 'admin']),
    auth_token=dict(type='str', no_log=True),
    application_credential_id=dict(type='str'),
    application_credential_name=dict(type='str'),
    application_credential_secret=dict(type='str', no_log=True),
    cloud=dict(type='str'),
    validate_certs=dict(type='bool'),
    ca_cert=dict(type='path'),
    api_timeout=dict(type='int'),
    endpoint_override=dict(type='dict'),
    api_log_path=dict(type='path'),
)

# Documented by plugins/doc_fragments/wait.py.
WAIT_ARGUMENT_SPEC = dict(
    wait=dict(type='bool', default=True),
    timeout=dict(type='int', default=600),
    poll_interval=dict(type='float', default=5.0),
)


def _normalise(value):
    """Compare API values the way sysinv stores them: scalars as strings, booleans lower-case."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return dict((k, _normalise(v)) for k, v in value.items())
    return value


def values_differ(current, desired):
    """True when ``desired`` differs from ``current`` after normalisation (1 == "1", True == "true")."""
    return _normalise(current) != _normalise(desired)


class StarlingXModule(object):
    """Base class of the collection's API modules (see the module docstring)."""

    argument_spec = {}
    module_kwargs = {}
    wait_options = False
    # The auth module returns its token; every other module masks it (no_log_values).
    returns_token = False

    def __init__(self):
        spec = copy.deepcopy(AUTH_ARGUMENT_SPEC)
        if self.wait_options:
            spec.update(copy.deepcopy(WAIT_ARGUMENT_SPEC))
        spec.update(copy.deepcopy(self.argument_spec))
        self.module = AnsibleModule(argument_spec=spec, **copy.deepcopy(self.module_kwargs))
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.diff_mode = bool(getattr(self.module, '_diff', False))
        self.waits = []
        self._client = None

    # -- client --------------------------------------------------------------------------------
    @property
    def client(self):
        """The ``Client`` for this run, built on first use from the auth options."""
        if self._client is None:
            self._client = Client.from_params(self.params)
            self._hide_secrets(include_token=False)
        return self._client

    def hide(self, *values):
        """Mask secret values (e.g. returned by an API) everywhere in the result."""
        for value in values:
            if value:
                self.module.no_log_values.add(str(value))

    def _hide_secrets(self, include_token=True):
        if self._client is not None:
            self.hide(*self._client.secrets(include_token=include_token))

    # -- helpers for run() ---------------------------------------------------------------------
    def diff_result(self, before, after, fields):
        """``{"before": {...}, "after": {...}}`` restricted to ``fields`` (None/absent -> {})."""
        before = before or {}
        after = after or {}
        return {
            'before': dict((f, before.get(f)) for f in fields if f in before),
            'after': dict((f, after.get(f)) for f in fields if f in after),
        }

    def changed_fields(self, current, desired, fields=None):
        """The ``{field: desired_value}`` that differ from ``current``; a None desired value is unmanaged."""
        current = current or {}
        names = fields if fields is not None else list(desired)
        changes = {}
        for name in names:
            value = desired.get(name)
            if value is not None and values_differ(current.get(name), value):
                changes[name] = value
        return changes

    def build_patch(self, current, desired, fields=None):
        """A sysinv JSON-patch (``replace`` ops) for the fields whose desired value differs."""
        from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import jsonpatch_replace
        return jsonpatch_replace(self.changed_fields(current, desired, fields))

    def wait(self, fetch, done, failed=None, what='the operation', describe=None, timeout=None,
             poll_interval=None, **kwargs):
        """``wait.wait_for`` with the module's ``timeout`` / ``poll_interval``; records progress in ``waits``."""
        from ansible_collections.starlingx.platform.plugins.module_utils.wait import wait_for
        if timeout is None:
            timeout = self.params.get('timeout')
        if timeout is None:
            timeout = WAIT_ARGUMENT_SPEC['timeout']['default']
        if poll_interval is None:
            poll_interval = self.params.get('poll_interval')
        if poll_interval is None:
            poll_interval = WAIT_ARGUMENT_SPEC['poll_interval']['default']
        state, polls, elapsed = wait_for(fetch, done, failed=failed, timeout=timeout, poll_interval=poll_interval,
                                         what=what, describe=describe, **kwargs)
        self.waits.append({'what': what, 'polls': polls, 'elapsed': round(elapsed, 3)})
        return state

    def run(self):
        raise NotImplementedError('%s must implement run()' % self.__class__.__name__)

    # -- execution -----------------------------------------------------------------------------
    def exit_json(self, **result):
        result.setdefault('changed', False)
        if not self.diff_mode:
            result.pop('diff', None)
        if self.waits:
            result.setdefault('waits', self.waits)
        self._hide_secrets(include_token=not self.returns_token)
        if self.returns_token and self._client is not None and self._client.current_token:
            # an auth_token given as a (no_log) option is returned as is: it is the result
            self.module.no_log_values.discard(self._client.current_token)
        self.module.exit_json(**result)

    def fail_json(self, **kwargs):
        if self.waits:
            kwargs.setdefault('waits', self.waits)
        self._hide_secrets()
        self.module.fail_json(**kwargs)

    def __call__(self):
        error = result = None
        try:
            result = self.run()
        except StarlingXError as exc:
            error = exc
        except Exception as exc:  # pylint: disable=broad-except
            self.fail_json(msg='%s: %s' % (exc.__class__.__name__, exc), exception=traceback.format_exc())
        if error is not None:
            # outside the except block, so AnsibleModule attaches no traceback of its own
            self.fail_json(**error.to_dict())
        self.exit_json(**(result or {}))
