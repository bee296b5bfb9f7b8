# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""The collection's one HTTP client for the StarlingX REST APIs.

Standard library only (``http.client`` through ``transport.py``), so it runs on a StarlingX
controller (Python 3.9) as well as in an execution environment, and a read-only task imports as
little as possible (docs/performance.md).

* Keystone v3 authentication: password, pre-issued token (validated with ``GET /v3/auth/tokens``
  to obtain its catalog; skipped when ``endpoint_override`` covers every service used),
  application credential (id, or name + user). One authentication per ``Client``; a 401 on a
  later request re-authenticates once when the client holds a password or application credential.
* Endpoint selection from the catalog by service type, interface and region (``select_endpoint``),
  or ``endpoint_override[service_type]``.
* URL joining that never repeats a version segment: ``join_url('http://h:6385/v1', '/v1/ihosts')``
  is ``http://h:6385/v1/ihosts``; a catalog URL without the version gets it from the path.
* Transport (``transport.Transport``): one kept-alive connection per (scheme, host, port), TLS with
  ``validate_certs`` / ``ca_cert``, ``https_proxy`` / ``http_proxy`` / ``no_proxy``; a request that
  meets a kept-alive connection closed by the server is sent again on a new one.
* Retries (see ``Client.retry_decision``): idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) are
  retried on connection errors, timeouts and HTTP 502/503/504; POST and PATCH only when the
  connection was refused, i.e. nothing was sent. Exponential backoff with jitter, bounded.
* Opt-in API log (``api_log.py``, imported only when ``api_log_path`` is set): one JSON line per
  HTTP attempt, secrets redacted, file mode 0600.
"""

import http.client
import json
import random
import re
import socket
import time
from urllib.parse import quote, urlencode, urlsplit  # loaded by ansible.module_utils.basic already

from ansible_collections.starlingx.platform.plugins.module_utils import config as _config
from ansible_collections.starlingx.platform.plugins.module_utils.errors import (
    StarlingXError, decode_error, header_value, trim_body)
from ansible_collections.starlingx.platform.plugins.module_utils.transport import Transport

IDEMPOTENT_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'))
RETRY_STATUSES = frozenset((502, 503, 504))
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5
DEFAULT_BACKOFF_MAX = 8.0

# A service whose endpoints live in one well-known region whatever region the rest uses.
HOME_REGIONS = {'dcmanager': 'SystemController'}

_VERSION_SEGMENT = re.compile(r'^v\d+(\.\d+)?$')


def join_url(base, path):
    """Join a catalog URL and a request path without repeating version segments.

    ``path`` starts with the service's version prefix (``/v1/ihosts``, ``/v1.0/subclouds``,
    ``/api/...`` for VIM); when ``base`` already ends with those version segments (sysinv and
    dcmanager catalog URLs do), they are not added again. An absolute ``path`` is returned as is.
    """
    if path and re.match(r'^https?://', path):
        return path
    base = base.rstrip('/')
    if not path:
        return base
    if not path.startswith('/'):
        path = '/' + path
    query = ''
    if '?' in path:
        path, query = path.split('?', 1)
    base_segments = [s for s in urlsplit(base).path.split('/') if s]
    path_segments = path.split('/')[1:]
    for n in range(min(len(base_segments), len(path_segments)), 0, -1):
        head = path_segments[:n]
        if base_segments[-n:] == head and all(_VERSION_SEGMENT.match(s) for s in head):
            path = '/' + '/'.join(path_segments[n:])
            break
    url = base + (path if path != '/' else '')
    return url + ('?' + query if query else '')


def keystone_v3_url(auth_url):
    """``http://h:5000``, ``http://h:5000/``, ``http://h:5000/v3/`` -> ``http://h:5000/v3``."""
    url = str(auth_url).strip().rstrip('/')
    if re.search(r'/v2\.0$', url):
        url = url[:-len('/v2.0')]
    if not url.endswith('/v3'):
        url += '/v3'
    return url


def _endpoint_region(endpoint):
    return endpoint.get('region_id') or endpoint.get('region')


def _interface_of(endpoint):
    value = str(endpoint.get('interface') or '')
    return value[:-3] if value.lower().endswith('url') else value


def select_endpoint(catalog, service_type, interface='public', region_name=None):
    """Return the catalog endpoint (dict with ``url``, ``region``) for a service type.

    With ``region_name`` the endpoint of that region is used (a service with a home region, e.g.
    dcmanager in SystemController, falls back to it when it is not offered in ``region_name``).
    Without ``region_name`` the type must be offered in exactly one region (or in its home region);
    otherwise the error names the regions available.
    """
    entries = [s for s in (catalog or []) if s.get('type') == service_type]
    if not entries:
        types = sorted(set(str(s.get('type')) for s in (catalog or [])))
        raise StarlingXError('service type %r is not in the keystone catalog (types offered: %s)'
                             % (service_type, ', '.join(types) or 'none; is the token project-scoped?'),
                             service=service_type)
    endpoints = [ep for s in entries for ep in (s.get('endpoints') or [])]
    matching = [ep for ep in endpoints if _interface_of(ep) == interface]
    if not matching:
        offered = sorted(set(_interface_of(ep) for ep in endpoints))
        raise StarlingXError('service type %r has no %s endpoint in the catalog (interfaces offered: %s)'
                             % (service_type, interface, ', '.join(offered) or 'none'), service=service_type)
    regions = sorted(set(str(_endpoint_region(ep)) for ep in matching))
    home = HOME_REGIONS.get(service_type)

    def in_region(name):
        return [ep for ep in matching if name in (ep.get('region_id'), ep.get('region'))]

    if region_name:
        found = in_region(region_name) or (in_region(home) if home else [])
        if found:
            return found[0]
        raise StarlingXError('service type %r (%s interface) is not offered in region %r; regions offering it: %s'
                             % (service_type, interface, region_name, ', '.join(regions)), service=service_type)
    if len(regions) == 1:
        return matching[0]
    if home and in_region(home):
        return in_region(home)[0]
    raise StarlingXError('service type %r (%s interface) is offered in several regions (%s): set region_name'
                         % (service_type, interface, ', '.join(regions)), service=service_type)


def _is_tls_verification_error(exc):
    # ssl.CertificateError is ssl.SSLCertVerificationError since Python 3.7
    return exc.__class__.__name__ in ('SSLCertVerificationError', 'CertificateError')


def _is_permanent(exc):
    """Errors that repeating the request cannot cure: certificate verification, malformed URL."""
    return isinstance(exc, (ValueError, http.client.InvalidURL)) or _is_tls_verification_error(exc)


# OpenSSL X509_V_ERR_* codes -> what to do about them
_TLS_NAME_MISMATCH = (62, 64)        # hostname mismatch, IP address mismatch
_TLS_VALIDITY = (9, 10)              # not yet valid, expired


def _describe_tls_error(exc, ca_cert):
    code = getattr(exc, 'verify_code', None)
    text = str(exc)
    if code in _TLS_NAME_MISMATCH or 'mismatch' in text.lower() or "doesn't match" in text:
        hint = ('the certificate is not valid for this host name or address: use the name the certificate was '
                'issued for in the URL (auth_url, catalog or endpoint_override)')
    elif code in _TLS_VALIDITY:
        hint = 'the certificate is outside its validity period (or this host\'s clock is wrong)'
    elif ca_cert:
        hint = 'the certificate is not signed by the CA in ca_cert (%s)' % ca_cert
    else:
        hint = ('the certificate is not signed by a CA this host trusts: set ca_cert to the CA certificate of '
                'the system (or validate_certs: false to skip verification)')
    return 'TLS certificate verification failed (%s): %s' % (text, hint)


def _describe_exception(exc, ca_cert=None):
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return 'timed out'
    if _is_tls_verification_error(exc):
        return _describe_tls_error(exc, ca_cert)
    text = str(exc) or exc.__class__.__name__
    return '%s: %s' % (exc.__class__.__name__, text) if exc.__class__.__name__ not in text else text


class Client(object):
    """A keystone-authenticated session to one StarlingX system (one authentication per instance).

    Build it with ``Client.from_params(module.params)`` (module parameters + clouds.yaml + ``OS_*``)
    or directly with the keyword arguments of ``config.resolve``.
    """

    def __init__(self, auth_url=None, username=None, user_id=None, password=None, project_name=None,
                 project_id=None, user_domain_name=None, user_domain_id=None, project_domain_name=None,
                 project_domain_id=None, auth_token=None, application_credential_id=None,
                 application_credential_name=None, application_credential_secret=None, auth_method=None,
                 region_name=None, interface=_config.DEFAULT_INTERFACE, validate_certs=True, ca_cert=None,
                 api_timeout=_config.DEFAULT_API_TIMEOUT, endpoint_override=None, api_log_path=None,
                 retries=DEFAULT_RETRIES, backoff=DEFAULT_BACKOFF, backoff_max=DEFAULT_BACKOFF_MAX, sleep=None,
                 environ=None):
        self.auth_url = keystone_v3_url(auth_url) if auth_url else None
        self.username = username
        self.user_id = user_id
        self._password = password
        self.project_name = project_name
        self.project_id = project_id
        self.user_domain_name = user_domain_name
        self.user_domain_id = user_domain_id
        self.project_domain_name = project_domain_name
        self.project_domain_id = project_domain_id
        self.application_credential_id = application_credential_id
        self.application_credential_name = application_credential_name
        self._app_secret = application_credential_secret
        if auth_method is None:
            if auth_token:
                auth_method = 'token'
            elif application_credential_secret:
                auth_method = 'application_credential'
            elif password:
                auth_method = 'password'
        self.auth_method = auth_method
        self.region_name = region_name or None
        self.interface = _config.normalize_interface(interface) or _config.DEFAULT_INTERFACE
        self.validate_certs = validate_certs
        self.ca_cert = ca_cert
        self.api_timeout = float(api_timeout) if api_timeout else _config.DEFAULT_API_TIMEOUT
        self.endpoint_override = _config.normalize_endpoint_override(endpoint_override)
        self.api_log_path = api_log_path
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self.backoff_max = float(backoff_max)
        self._sleep = sleep if sleep is not None else time.sleep

        self._token = auth_token if auth_method == 'token' else None
        self._token_data = None  # the keystone token document once obtained or validated
        self._environ = environ   # proxy variables (None: os.environ)
        self._transport = None
        self.auth_count = 0       # keystone authentications / validations done (token reuse check)
        self.request_count = 0    # HTTP attempts sent

    @classmethod
    def from_params(cls, params, environ=None, **kwargs):
        """Build a client from module parameters (see ``config.resolve`` for precedence)."""
        options = _config.resolve(params, environ)
        options.update(kwargs)
        options.setdefault('environ', environ)
        return cls(**options)

    # -- secrets known to this client (for no_log_values) --------------------------------------
    def secrets(self, include_token=True):
        """The secret values this client holds (password, application credential secret, token)."""
        values = [self._password, self._app_secret] + ([self._token] if include_token else [])
        return [s for s in values if s]

    @property
    def current_token(self):
        """The token held now (None before authentication), without authenticating."""
        return self._token

    # -- HTTP ---------------------------------------------------------------------------------
    @property
    def transport(self):
        """The ``transport.Transport`` of this client (kept-alive connections, TLS, proxies)."""
        if self._transport is None:
            self._transport = Transport(timeout=self.api_timeout, validate_certs=self.validate_certs,
                                        ca_cert=self.ca_cert, environ=self._environ)
        return self._transport

    def close(self):
        """Close the kept-alive connections (they are also closed when the process exits)."""
        if self._transport is not None:
            self._transport.close()

    def _attempt(self, method, url, body, headers, timeout):
        """One HTTP exchange; never raises for HTTP or connection errors (see ``transport.Reply``)."""
        self.request_count += 1
        return self.transport.request(method, url, body, headers, timeout)

    def retry_decision(self, method, reply):
        """Whether an attempt may be repeated.

        * GET, HEAD, OPTIONS, PUT, DELETE (idempotent): on any connection error (refused, reset,
          dropped before the reply, timeout) and on HTTP 502, 503, 504. A DELETE repeated after
          a lost reply may answer 404: callers treat 404 on DELETE as done.
        * POST, PATCH (not idempotent): only when the connection was refused - the request never
          left this host. A reset, timeout or 5xx after sending is not retried: the server may
          have acted.
        * TLS certificate errors and malformed URLs are never retried.

        A kept-alive connection that the server closed while it was idle is not a failure: the
        transport sends the request again on a new connection before this decision is taken
        (``transport.py``).
        """
        if reply.error is not None:
            if _is_permanent(reply.error):
                return False
            if method in IDEMPOTENT_METHODS:
                return True
            return not reply.sent
        return method in IDEMPOTENT_METHODS and reply.status in RETRY_STATUSES

    def _backoff_delay(self, attempt, reply):
        delay = min(self.backoff_max, self.backoff * (2 ** (attempt - 1)))
        delay = random.uniform(delay / 2.0, delay)  # "equal jitter"
        retry_after = header_value(reply.headers, 'Retry-After')
        if retry_after:
            try:
                delay = max(delay, min(float(retry_after), self.backoff_max))
            except ValueError:
                pass
        return delay

    def send(self, method, url, body=None, headers=None, timeout=None, service=None):
        """Send one request with the retry policy; return ``(status, headers, body_bytes)``.

        Raises ``StarlingXError`` only for connection failures (after retries); HTTP error
        statuses are returned to the caller.
        """
        method = method.upper()
        headers = dict(headers or {})
        timeout = timeout or self.api_timeout
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            reply = self._attempt(method, url, body, headers, timeout)
            elapsed = time.monotonic() - started
            retry = attempt <= self.retries and self.retry_decision(method, reply)
            self._log(method, url, headers, body, reply, elapsed, attempt, retry)
            if not retry:
                break
            self._sleep(self._backoff_delay(attempt, reply))
        if reply.error is not None:
            what = _describe_exception(reply.error, self.ca_cert)
            if reply.proxy:
                what += ' (through proxy %s)' % reply.proxy
            if attempt > 1:
                what += ' (after %d attempts)' % attempt
            raise StarlingXError('cannot reach the %s API at %s: %s' % (service or 'remote', url, what),
                                 method=method, url=url, service=service)
        return reply.status, reply.headers, reply.body

    # -- API log --------------------------------------------------------------------------------
    def _log(self, method, url, headers, body, reply, elapsed, attempt, retry):
        if not self.api_log_path:
            return
        from ansible_collections.starlingx.platform.plugins.module_utils import api_log
        error = _describe_exception(reply.error, self.ca_cert) if reply.error is not None else None
        api_log.write_entry(self.api_log_path, method, url, headers, body, reply, elapsed, attempt, retry, error)

    # -- keystone -------------------------------------------------------------------------------
    def _require_auth_url(self):
        if not self.auth_url:
            raise StarlingXError('auth_url is required (set auth_url, cloud, or OS_AUTH_URL) unless '
                                 'auth_token and endpoint_override cover every service used')

    def _domain(self, domain_id, domain_name):
        if domain_id:
            return {'id': domain_id}
        return {'name': domain_name or _config.DEFAULT_DOMAIN}

    def _user_ref(self):
        if self.user_id:
            return {'id': self.user_id}
        if not self.username:
            raise StarlingXError('username (or user_id) is required for %s authentication'
                                 % self.auth_method.replace('_', ' '))
        return {'name': self.username, 'domain': self._domain(self.user_domain_id, self.user_domain_name)}

    def _auth_body(self):
        if self.auth_method == 'password':
            user = self._user_ref()
            user['password'] = self._password
            auth = {'identity': {'methods': ['password'], 'password': {'user': user}}}
            if self.project_id:
                auth['scope'] = {'project': {'id': self.project_id}}
            else:
                auth['scope'] = {'project': {'name': self.project_name or _config.DEFAULT_PROJECT,
                                             'domain': self._domain(self.project_domain_id,
                                                                    self.project_domain_name)}}
            return {'auth': auth}
        if self.auth_method == 'application_credential':
            cred = {'secret': self._app_secret}
            if self.application_credential_id:
                cred['id'] = self.application_credential_id
            elif self.application_credential_name:
                cred['name'] = self.application_credential_name
                cred['user'] = self._user_ref()
            else:
                raise StarlingXError('application_credential_id or application_credential_name is required '
                                     'with application_credential_secret')
            return {'auth': {'identity': {'methods': ['application_credential'], 'application_credential': cred}}}
        raise StarlingXError('no credentials: set username and password, auth_token, application credentials '
                             '(application_credential_id or _name with application_credential_secret), or cloud')

    def _keystone_error(self, what, status, headers, data, method, url):
        from ansible_collections.starlingx.platform.plugins.module_utils.redact import redact_text
        message = decode_error('identity', status, data, headers)
        return StarlingXError('%s: %s' % (what, message), status=status, method=method, url=url,
                              body=redact_text(trim_body(data)), service='identity')

    def authenticate(self, force=False):
        """Obtain (or validate) the token once; return it. ``force`` re-authenticates."""
        if self._token_data is not None and not force:
            return self._token
        if self.auth_method == 'token':
            return self._validate_token()
        self._require_auth_url()
        url = self.auth_url + '/auth/tokens'
        payload = json.dumps(self._auth_body()).encode('utf-8')
        headers = {'Content-Type': 'application/json', 'Accept': 'application/json'}
        self.auth_count += 1
        status, rheaders, data = self.send('POST', url, payload, headers, service='identity')
        if status not in (200, 201):
            raise self._keystone_error('authentication failed', status, rheaders, data, 'POST', url)
        token = header_value(rheaders, 'X-Subject-Token')
        if not token:
            raise StarlingXError('keystone did not return X-Subject-Token', status=status, method='POST', url=url,
                                 service='identity')
        self._token = token
        self._token_data = self._token_document(data, 'POST', url)
        return self._token

    def _validate_token(self):
        if not self._token:
            raise StarlingXError('auth_token is empty')
        self._require_auth_url()
        url = self.auth_url + '/auth/tokens'
        headers = {'X-Auth-Token': self._token, 'X-Subject-Token': self._token, 'Accept': 'application/json'}
        self.auth_count += 1
        status, rheaders, data = self.send('GET', url, None, headers, service='identity')
        if status in (401, 404):
            raise self._keystone_error('auth_token is invalid or expired', status, rheaders, data, 'GET', url)
        if status != 200:
            raise self._keystone_error('token validation failed', status, rheaders, data, 'GET', url)
        self._token_data = self._token_document(data, 'GET', url)
        return self._token

    @staticmethod
    def _token_document(data, method, url):
        try:
            doc = json.loads(data.decode('utf-8'))
            return doc['token']
        except (ValueError, KeyError, TypeError, AttributeError):
            raise StarlingXError('keystone returned an unexpected token document', method=method, url=url,
                                 body=trim_body(data), service='identity')

    @property
    def token(self):
        """The token for X-Auth-Token (authenticates on first use)."""
        if self.auth_method == 'token' and self._token:
            return self._token
        return self.authenticate()

    @property
    def token_data(self):
        """The keystone token document (user, project, roles, catalog, expires_at)."""
        self.authenticate()
        return self._token_data

    @property
    def catalog(self):
        return self.token_data.get('catalog') or []

    @property
    def expires_at(self):
        return self.token_data.get('expires_at')

    # -- endpoints -----------------------------------------------------------------------------
    def endpoint(self, service_type, interface=None, region_name=None):
        """The base URL of ``service_type`` (override, else catalog)."""
        if service_type in self.endpoint_override:
            return self.endpoint_override[service_type]
        ep = select_endpoint(self.catalog, service_type, interface or self.interface,
                             region_name or self.region_name)
        return ep['url']

    def endpoints(self, region_name=None):
        """``{service_type: url}`` for every type resolvable for this interface and region.

        ``region_name`` defaults to the client's; types that cannot be resolved (not offered for
        the interface, or offered in several regions when no region is set) are left out.
        """
        region_name = region_name or self.region_name
        if region_name and region_name not in self.regions():
            raise StarlingXError('region %r is not in the keystone catalog; regions: %s'
                                 % (region_name, ', '.join(self.regions()) or 'none'))
        result = {}
        for service in self.catalog:
            stype = service.get('type')
            try:
                result[stype] = select_endpoint(self.catalog, stype, self.interface, region_name)['url']
            except StarlingXError:
                continue
        result.update(self.endpoint_override)
        return result

    def regions(self):
        """The region names that appear in the catalog, sorted."""
        return sorted(set(str(_endpoint_region(ep)) for s in self.catalog for ep in (s.get('endpoints') or [])))

    def resolved_region(self):
        """``region_name``, else the region of the platform (sysinv) endpoint when only one region offers it."""
        if self.region_name:
            return self.region_name
        try:
            return _endpoint_region(select_endpoint(self.catalog, 'platform', self.interface))
        except StarlingXError:
            return None

    def url(self, service_type, path):
        return join_url(self.endpoint(service_type), path)

    # -- requests ------------------------------------------------------------------------------
    def request(self, service_type, method, path, json=None, data=None, headers=None, params=None,
                expect_json=True, timeout=None, ok_statuses=None):
        """Send an authenticated request; return ``(status, headers, body)``.

        ``path`` starts with the service's version prefix (``/v1/ihosts``) or is an absolute URL.
        ``json`` is serialised; ``data`` (bytes/str) is sent as is. ``body`` is the decoded JSON
        (None when empty) when ``expect_json``, else the raw bytes. A status >= 400 raises
        ``StarlingXError`` with the service's decoded message, unless listed in ``ok_statuses``.
        """
        method = method.upper()
        url = self.url(service_type, path)
        if params:
            url += ('&' if '?' in url else '?') + urlencode(
                [(k, v) for k, v in params.items() if v is not None], doseq=True)
        send_headers = {'Accept': 'application/json'}
        body = data
        if json is not None:
            body = _json_dumps(json).encode('utf-8')
            send_headers['Content-Type'] = 'application/json'
        if isinstance(body, str):
            body = body.encode('utf-8')
        send_headers.update(headers or {})

        reauthenticated = False
        while True:
            send_headers['X-Auth-Token'] = self.token
            status, rheaders, rdata = self.send(method, url, body, send_headers, timeout=timeout,
                                                service=service_type)
            if status == 401 and not reauthenticated and self.auth_method in ('password', 'application_credential'):
                reauthenticated = True
                self.authenticate(force=True)
                continue
            break
        if status >= 400 and not (ok_statuses and status in ok_statuses):
            from ansible_collections.starlingx.platform.plugins.module_utils.redact import redact_text
            raise StarlingXError(decode_error(service_type, status, rdata, rheaders), status=status, method=method,
                                 url=url, body=redact_text(trim_body(rdata)), service=service_type)
        if not expect_json:
            return status, rheaders, rdata
        return status, rheaders, self._decode_json(rdata, method, url, service_type, status)

    @staticmethod
    def _decode_json(data, method, url, service_type, status):
        if not data or not data.strip():
            return None
        try:
            return json.loads(data.decode('utf-8'))
        except ValueError:
            raise StarlingXError('the %s API returned a body that is not JSON' % service_type, status=status,
                                 method=method, url=url, body=trim_body(data), service=service_type)

    def get(self, service_type, path, **kwargs):
        return self.request(service_type, 'GET', path, **kwargs)

    def post(self, service_type, path, json=None, **kwargs):
        return self.request(service_type, 'POST', path, json=json, **kwargs)

    def put(self, service_type, path, json=None, **kwargs):
        return self.request(service_type, 'PUT', path, json=json, **kwargs)

    def patch(self, service_type, path, json=None, **kwargs):
        return self.request(service_type, 'PATCH', path, json=json, **kwargs)

    def delete(self, service_type, path, **kwargs):
        return self.request(service_type, 'DELETE', path, **kwargs)


def _json_dumps(value):
    return json.dumps(value, separators=(',', ':'))


class ServiceAPI(object):
    """Base of the thin per-service API classes (sysinv.py, usm.py, vim.py, dcmanager.py).

    A subclass sets ``service_type`` (the keystone catalog type) and ``version_prefix`` (``/v1``,
    ``/v1.0``, or ``''`` for VIM whose paths start with ``/api``); ``path('ihosts', name)`` builds
    ``/v1/ihosts/<name>`` with each segment URL-quoted (a ``/`` inside a segment separates
    segments), and ``join_url`` drops the prefix again when the catalog URL already ends with it.
    """

    service_type = None
    version_prefix = ''

    def __init__(self, client):
        self.client = client

    def path(self, *segments):
        parts = [p for s in segments if s is not None for p in str(s).split('/') if p]
        quoted = '/'.join(quote(p, safe='') for p in parts)
        return '%s/%s' % (self.version_prefix, quoted) if quoted else (self.version_prefix or '/')

    def request(self, method, path, **kwargs):
        return self.client.request(self.service_type, method, path, **kwargs)

    def get(self, *segments, **kwargs):
        return self.request('GET', self.path(*segments), **kwargs)[2]

    def find(self, *segments, **kwargs):
        """GET a resource; None when the service answers 404."""
        status, _headers, body = self.request('GET', self.path(*segments), ok_statuses=(404,), **kwargs)
        return None if status == 404 else body
