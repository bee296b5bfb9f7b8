# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""clouds.yaml: finding the file, reading it (PyYAML) and mapping one cloud entry to a config layer.

Imported by ``config.resolve`` only when a cloud is used (``cloud``, ``OS_CLOUD``, or
``OS_CLIENT_CONFIG_FILE`` without an ``auth_url``); PyYAML only when a file is read. The search
order and the mapping rules are described in ``config.py``.
"""

import os

from ansible_collections.starlingx.platform.plugins.module_utils.config import AUTH_KEYS, _bool, _present
from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError

# Keys of a clouds.yaml ``auth:`` section that map 1:1 to client arguments.
CLOUD_AUTH_KEYS = AUTH_KEYS
CLOUD_AUTH_ALIASES = {'token': 'auth_token', 'tenant_name': 'project_name', 'tenant_id': 'project_id'}


def clouds_yaml_paths(environ):
    paths = []
    if environ.get('OS_CLIENT_CONFIG_FILE'):
        paths.append(environ['OS_CLIENT_CONFIG_FILE'])
    paths.append(os.path.join(os.getcwd(), 'clouds.yaml'))
    paths.append(os.path.join(os.path.expanduser('~'), '.config', 'openstack', 'clouds.yaml'))
    paths.append('/etc/openstack/clouds.yaml')
    return paths


def _load_yaml(path):
    try:
        import yaml
    except ImportError:
        raise StarlingXError('PyYAML is required to read %s (used because "cloud" is set); install PyYAML or '
                             'pass auth_url and credentials directly' % path)
    try:
        with open(path, 'rb') as handle:
            data = yaml.safe_load(handle) or {}
    except (IOError, OSError) as exc:
        raise StarlingXError('cannot read %s: %s' % (path, exc))
    except yaml.YAMLError as exc:
        raise StarlingXError('cannot parse %s: %s' % (path, exc))
    if not isinstance(data, dict) or not isinstance(data.get('clouds', {}), dict):
        raise StarlingXError('%s: expected a mapping with a "clouds" mapping' % path)
    return data.get('clouds') or {}


def find_clouds_file(environ):
    explicit = environ.get('OS_CLIENT_CONFIG_FILE')
    if explicit and not os.path.isfile(explicit):
        raise StarlingXError('OS_CLIENT_CONFIG_FILE=%s does not exist' % explicit)
    for path in clouds_yaml_paths(environ):
        if os.path.isfile(path):
            return path
    return None


def cloud_layer(name, environ):
    """Return the layer of clouds.yaml entry ``name`` (None: pick the only cloud of OS_CLIENT_CONFIG_FILE)."""
    path = find_clouds_file(environ)
    if path is None:
        raise StarlingXError('cloud %r requested but no clouds.yaml was found (searched: %s)'
                             % (name, ', '.join(clouds_yaml_paths(environ))))
    clouds = _load_yaml(path)
    if name is None:
        if len(clouds) != 1:
            return {}
        name = list(clouds)[0]
    if name not in clouds:
        raise StarlingXError('cloud %r not found in %s; clouds defined there: %s'
                             % (name, path, ', '.join(sorted(clouds)) or 'none'))
    entry = clouds[name] or {}
    if not isinstance(entry, dict):
        raise StarlingXError('cloud %r in %s is not a mapping' % (name, path))
    return _cloud_entry_layer(entry)


def _cloud_entry_layer(entry):
    layer = {}
    auth = entry.get('auth') or {}
    for key, value in auth.items():
        key = CLOUD_AUTH_ALIASES.get(key, key)
        if key in CLOUD_AUTH_KEYS and _present(value):
            layer[key] = value
    # domain_name / domain_id: both domains unless given separately (openstacksdk behaviour).
    for suffix in ('name', 'id'):
        domain = auth.get('domain_' + suffix)
        if _present(domain):
            for which in ('user', 'project'):
                if not (_present(auth.get(which + '_domain_name')) or _present(auth.get(which + '_domain_id'))):
                    layer[which + '_domain_' + suffix] = domain
    if _present(entry.get('region_name')):
        layer['region_name'] = entry['region_name']
    interface = entry.get('interface') or entry.get('endpoint_type')
    if _present(interface):
        layer['interface'] = interface
    verify = entry.get('verify')
    if verify is not None:
        layer['validate_certs'] = _bool(verify)
    if _present(entry.get('cacert')):
        layer['ca_cert'] = entry['cacert']
    if _present(entry.get('api_timeout')):
        layer['api_timeout'] = entry['api_timeout']
    overrides = {}
    for key, value in entry.items():
        if key.endswith('_endpoint_override') and _present(value):
            overrides[key[:-len('_endpoint_override')]] = value
    if overrides:
        layer['endpoint_override'] = overrides
    return layer
