# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Option adapter: the auth options of a controller-side plugin (inventory) become the module parameters that
``module_utils/config.py`` resolves, so a plugin authenticates exactly like a module.

Only the options written in the plugin's own configuration are passed as parameters. ``config.resolve`` reads
clouds.yaml (``cloud`` / ``OS_CLOUD``, ``OS_CLIENT_CONFIG_FILE``) and the ``OS_*`` variables itself, so the
precedence is the modules': options, then the clouds.yaml entry, then the environment. (The plugin documents
``env:`` sources for these options; taking their values from Ansible's configuration instead would put the
environment above clouds.yaml.)
"""

from ansible_collections.starlingx.platform.plugins.module_utils.client import Client
from ansible_collections.starlingx.platform.plugins.module_utils.module import AUTH_ARGUMENT_SPEC

AUTH_OPTIONS = tuple(AUTH_ARGUMENT_SPEC)


def auth_params(get_option, configured):
    """``{option: value}`` for every auth option; None for those not in ``configured`` (the names set in the
    plugin's configuration file)."""
    return dict((name, get_option(name) if name in configured else None) for name in AUTH_OPTIONS)


def client_from_plugin(plugin, configured, environ=None):
    """A ``Client`` for ``plugin`` (anything with ``get_option``), resolved like a module's."""
    return Client.from_params(auth_params(plugin.get_option, configured), environ)
