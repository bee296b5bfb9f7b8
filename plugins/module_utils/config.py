# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Resolution of connection options: module parameters, clouds.yaml and ``OS_*`` environment variables.

``resolve(params, environ)`` returns the keyword arguments of ``client.Client``. Rules:

1. Three layers, highest first: explicit parameters (None = not set), the clouds.yaml entry named by
   ``cloud`` (else ``OS_CLOUD``), then ``OS_*`` environment variables. Non-secret settings (auth_url,
   region, interface, project, domains, TLS, timeout) are merged key by key.
2. The authentication method comes from ONE layer: the highest layer holding a secret
   (``auth_token``, ``password`` or ``application_credential_secret``) decides token, application
   credential or password, and the secrets of the other methods are dropped. A token in the
   environment never overrides a password given as a parameter, and vice versa.
3. clouds.yaml is searched in ``OS_CLIENT_CONFIG_FILE``, ``./clouds.yaml``,
   ``~/.config/openstack/clouds.yaml``, ``/etc/openstack/clouds.yaml``; the first existing file is
   used. ``domain_name`` (AWX's OpenStack credential) sets both the user and the project domain
   unless those are given. When no cloud is named, ``OS_CLIENT_CONFIG_FILE`` is set and nothing
   else gives an ``auth_url``, a file holding exactly one cloud is used (AWX sets only that variable).
4. Defaults: interface ``public``, ``validate_certs`` true, ``api_timeout`` 60 s; the client itself
   defaults the project to ``admin`` (password authentication) and both domains to ``Default``.

clouds.yaml handling lives in ``clouds_yaml.py``, imported (with PyYAML) only when a cloud is used.
"""

import os

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError

DEFAULT_INTERFACE = 'public'
DEFAULT_PROJECT = 'admin'
DEFAULT_DOMAIN = 'Default'
DEFAULT_API_TIMEOUT = 60
INTERFACES = ('public', 'internal', 'admin')

# Client keyword arguments that a layer may provide.
AUTH_KEYS = (
    'auth_url', 'username', 'user_id', 'password', 'project_name', 'project_id',
    'user_domain_name', 'user_domain_id', 'project_domain_name', 'project_domain_id',
    'auth_token', 'application_credential_id', 'application_credential_name', 'application_credential_secret',
)
OTHER_KEYS = ('region_name', 'interface', 'validate_certs', 'ca_cert', 'api_timeout', 'endpoint_override',
              'api_log_path')
SECRET_KEYS = ('auth_token', 'password', 'application_credential_secret')
METHOD_KEYS = {
    'token': ('auth_token',),
    'password': ('password', 'username', 'user_id'),
    'application_credential': ('application_credential_id', 'application_credential_name',
                               'application_credential_secret'),
}

ENV_MAP = (
    ('auth_url', ('OS_AUTH_URL',)),
    ('username', ('OS_USERNAME',)),
    ('user_id', ('OS_USER_ID',)),
    ('password', ('OS_PASSWORD',)),
    ('project_name', ('OS_PROJECT_NAME', 'OS_TENANT_NAME')),
    ('project_id', ('OS_PROJECT_ID', 'OS_TENANT_ID')),
    ('user_domain_name', ('OS_USER_DOMAIN_NAME',)),
    ('user_domain_id', ('OS_USER_DOMAIN_ID',)),
    ('project_domain_name', ('OS_PROJECT_DOMAIN_NAME',)),
    ('project_domain_id', ('OS_PROJECT_DOMAIN_ID',)),
    ('auth_token', ('OS_AUTH_TOKEN', 'OS_TOKEN')),
    ('application_credential_id', ('OS_APPLICATION_CREDENTIAL_ID',)),
    ('application_credential_name', ('OS_APPLICATION_CREDENTIAL_NAME',)),
    ('application_credential_secret', ('OS_APPLICATION_CREDENTIAL_SECRET',)),
    ('region_name', ('OS_REGION_NAME',)),
    ('interface', ('OS_INTERFACE', 'OS_ENDPOINT_TYPE')),
    ('ca_cert', ('OS_CACERT',)),
)

# Service type aliases accepted in ``endpoint_override``.
SERVICE_TYPE_ALIASES = {
    'sysinv': 'platform',
    'vim': 'nfv',
    'fm': 'faultmanagement',
    'keystone': 'identity',
    'software': 'usm',
}


def normalize_interface(value):
    """``publicURL`` -> ``public``; anything outside public/internal/admin is an error."""
    if value is None:
        return None
    text = str(value).strip()
    if text.lower().endswith('url'):
        text = text[:-3]
    text = text.lower()
    if text not in INTERFACES:
        raise StarlingXError('interface must be one of %s, got %r' % (', '.join(INTERFACES), value))
    return text


def normalize_endpoint_override(value):
    if not value:
        return {}
    if not isinstance(value, dict):
        raise StarlingXError('endpoint_override must be a dict of service type to URL, got %r' % (value,))
    result = {}
    for key, url in value.items():
        if url:
            result[SERVICE_TYPE_ALIASES.get(key, key)] = str(url)
    return result


def _bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ('1', 'true', 'yes', 'on'):
        return True
    if text in ('0', 'false', 'no', 'off'):
        return False
    raise StarlingXError('expected a boolean, got %r' % (value,))


def _present(value):
    return value is not None and value != ''


# -- layers --------------------------------------------------------------------------------------

def params_layer(params):
    layer = {}
    for key in AUTH_KEYS + OTHER_KEYS:
        value = params.get(key)
        if _present(value):
            layer[key] = value
    return layer


def env_layer(environ):
    layer = {}
    for key, names in ENV_MAP:
        for name in names:
            value = environ.get(name)
            if _present(value):
                layer[key] = value
                break
    return layer


# -- merge ---------------------------------------------------------------------------------------

def _method_of(layer):
    if _present(layer.get('auth_token')):
        return 'token'
    if _present(layer.get('application_credential_secret')):
        return 'application_credential'
    if _present(layer.get('password')):
        return 'password'
    return None


def resolve(params, environ=None):
    """Return ``client.Client`` keyword arguments from module ``params`` (see the module docstring)."""
    if environ is None:
        environ = os.environ
    explicit = params_layer(params)
    env = env_layer(environ)
    cloud_name = params.get('cloud') or environ.get('OS_CLOUD')
    cloud = {}
    if cloud_name or (environ.get('OS_CLIENT_CONFIG_FILE') and not explicit.get('auth_url')
                      and not env.get('auth_url')):
        from ansible_collections.starlingx.platform.plugins.module_utils.clouds_yaml import cloud_layer
        cloud = cloud_layer(cloud_name or None, environ)
    layers = (explicit, cloud, env)

    merged = {}
    for layer in reversed(layers):
        merged.update(layer)
    overrides = {}
    for layer in reversed(layers):
        overrides.update(normalize_endpoint_override(layer.get('endpoint_override')))
    merged['endpoint_override'] = overrides

    method = None
    for layer in layers:
        method = _method_of(layer)
        if method:
            break
    if method:
        for other, keys in METHOD_KEYS.items():
            if other != method:
                for key in keys:
                    if key in SECRET_KEYS or other == 'application_credential':
                        merged.pop(key, None)
        if method == 'application_credential':
            # the credential carries its own scope
            for key in ('project_name', 'project_id', 'project_domain_name', 'project_domain_id'):
                merged.pop(key, None)
    merged['auth_method'] = method

    merged['interface'] = normalize_interface(merged.get('interface')) or DEFAULT_INTERFACE
    if 'validate_certs' in merged:
        merged['validate_certs'] = _bool(merged['validate_certs'])
    else:
        merged['validate_certs'] = True
    timeout = merged.get('api_timeout')
    merged['api_timeout'] = float(timeout) if _present(timeout) else DEFAULT_API_TIMEOUT
    if merged.get('ca_cert'):
        merged['ca_cert'] = os.path.expanduser(str(merged['ca_cert']))
    return merged
