# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Small stdlib HTTP fakes of keystone, sysinv, USM, VIM and dcmanager for unit tests.

Each service listens on its own 127.0.0.1 port (like the real 5000 / 6385 / 15497 / 5497 / 4545 / 8119)
and answers with the real bodies and envelopes (shared/reference/*.md):

* keystone v3: ``POST /v3/auth/tokens`` -> 201 + ``X-Subject-Token`` + ``{"token": {..., "catalog"}}``;
  ``GET /v3/auth/tokens`` validates ``X-Subject-Token`` (404 when unknown); errors
  ``{"error": {"code", "title", "message"}}``.
* sysinv: catalog URL ends in ``/v1``; errors double-encoded ``{"error_message": "<json>"}``.
* USM: catalog URL without a path; ``{"info", "warning", "error"}``, failures with HTTP 200.
* VIM: ``{"faultcode", "faultstring", "debuginfo"}``.
* dcmanager: catalog URL ends in ``/v1.0``, region SystemController; JSON errors with
  ``Accept: application/json``, webob HTML otherwise.

The catalog has public / internal / admin interfaces on different ports for sysinv and USM. With
``dc=True`` the main region is RegionOne, and SystemController (sysinv proxy + dcmanager) and
``subcloud1`` (sysinv) are added, so the platform type is offered in three regions.

Faults: ``server.fail(method, path, status, times)`` answers with a status; ``server.drop(method,
path, times)`` closes the connection without a reply (the client sees a reset).
"""

import json
import re
import socket
import ssl
import struct
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ADMIN_PASSWORD = 'St8rlingXCloud*'
APP_CRED_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
APP_CRED_NAME = 'ansible'
APP_CRED_SECRET = 'App-Cr3d-S3cret'
STANDALONE_REGION = '8d2e1f0c4b5a49c3a7e6d5c4b3a2f1e0'
AUTH_REQUIRED = 'The request you have made requires authentication.'


class Recorded(object):
    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body.decode('utf-8')) if self.body else None

    def __repr__(self):
        return '<%s %s>' % (self.method, self.path)


def _json(status, doc, headers=None):
    return status, json.dumps(doc).encode('utf-8'), dict({'Content-Type': 'application/json'}, **(headers or {}))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _handle(self):
        server = self.server.fake
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        path, _sep, query = self.path.partition('?')
        record = Recorded(self.command, path, query, dict(self.headers.items()), body)
        server.requests.append(record)
        fault = server.take_fault(self.command, path)
        if fault is not None:
            if fault['kind'] == 'drop':
                # close without a reply; SO_LINGER 0 makes it a reset
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
                self.close_connection = True
                return
            status, data, headers = fault['status'], fault['body'], fault['headers']
        else:
            status, data, headers = server.dispatch(record)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class FakeServer(object):
    """One service on 127.0.0.1:<ephemeral port>; ``routes`` map (METHOD, path regex) to handlers."""

    def __init__(self, name, cloud=None, port=0, start=True, tls=None):
        self.name = name
        self.tls = tls  # (certfile, keyfile) to serve HTTPS
        self.cloud = cloud
        self.requests = []
        self.routes = []
        self._faults = []
        self._lock = threading.Lock()
        self.port = port
        self._httpd = None
        self._thread = None
        if start:
            self.start()

    def start(self):
        self._httpd = ThreadingHTTPServer(('127.0.0.1', self.port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={'poll_interval': 0.02})
        self._thread.daemon = True
        self._thread.start()

    @property
    def url(self):
        return '%s://127.0.0.1:%d' % ('https' if self.tls else 'http', self.port)

    def stop_soon(self):
        """Ask the serving loop to stop without waiting (lets FakeCloud stop all servers at once)."""
        if self._httpd is not None:
            self._httpd._BaseServer__shutdown_request = True

    def close(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def route(self, method, pattern, handler, first=False):
        """Add a route; ``first=True`` puts it before the existing ones (an add-on overriding a default)."""
        entry = (method, re.compile('^%s$' % pattern), handler)
        if first:
            self.routes.insert(0, entry)
        else:
            self.routes.append(entry)

    def fail(self, method, path, status, times=1, body=b'', headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode('utf-8')
            headers = dict({'Content-Type': 'application/json'}, **(headers or {}))
        with self._lock:
            self._faults.append({'kind': 'status', 'method': method, 'path': path, 'times': times,
                                 'status': status, 'body': body, 'headers': headers or {}})

    def drop(self, method, path, times=1):
        with self._lock:
            self._faults.append({'kind': 'drop', 'method': method, 'path': path, 'times': times})

    def take_fault(self, method, path):
        with self._lock:
            for fault in self._faults:
                if fault['method'] == method and fault['path'] == path and fault['times'] > 0:
                    fault['times'] -= 1
                    return fault
        return None

    def dispatch(self, record):
        for method, pattern, handler in self.routes:
            match = pattern.match(record.path)
            if method == record.method and match:
                if self.cloud is not None and self.name != 'keystone':
                    denied = self.cloud.check_token(record)
                    if denied is not None:
                        return denied
                return handler(record, *match.groups())
        return _json(404, {'error_message': json.dumps({'faultcode': 'Client', 'faultstring':
                                                        'Resource could not be found.', 'debuginfo': None})})

    def calls(self, method=None, path=None):
        return [r for r in self.requests if (method is None or r.method == method) and (path is None or r.path == path)]


class FakeCloud(object):
    """Keystone + services with a real-shaped catalog (see the module docstring)."""

    def __init__(self, dc=False):
        self.dc = dc
        self.tokens = {}
        self.issued = []
        self.system = {
            'uuid': '5f3c4f5e-1d2a-4c3b-9e8f-0a1b2c3d4e5f', 'name': 'stx-unit', 'system_type': 'All-in-one',
            'system_mode': 'simplex', 'region_name': self.main_region, 'software_version': '25.09',
            'distributed_cloud_role': 'systemcontroller' if dc else None, 'timezone': 'UTC',
            'description': 'unit test system', 'location': 'lab', 'contact': 'ops', 'latitude': None,
            'longitude': None, 'links': [{'href': 'x', 'rel': 'self'}],
            'capabilities': {'https_enabled': True, 'sdn_enabled': False, 'vswitch_type': 'none',
                             'shared_services': '[]', 'region_config': False},
        }
        self.hosts = [
            {'id': 1, 'uuid': 'c0c0c0c0-0000-4000-8000-000000000001', 'hostname': 'controller-0',
             'personality': 'controller', 'administrative': 'unlocked', 'operational': 'enabled',
             'availability': 'available'},
        ]
        # sysinv applications (GET/POST/PATCH/DELETE /v1/apps, POST /v1/apps/update): see _app_routes
        self.apps = []
        self.app_steps = {}       # name -> [callable]; each GET /v1/apps/{name} runs the first one
        self.app_failures = {}    # (operation, name) -> progress text of the failure
        self.oam = {'uuid': 'a0a0a0a0-0000-4000-8000-0000000000aa', 'oam_subnet': '10.10.10.0/24',
                    'oam_gateway_ip': '10.10.10.1', 'oam_floating_ip': '10.10.10.2', 'oam_c0_ip': None,
                    'oam_c1_ip': None, 'oam_start_ip': '10.10.10.1', 'oam_end_ip': '10.10.10.254'}
        self.keystone = FakeServer('keystone', self)
        self.sysinv = FakeServer('sysinv', self)             # public (OAM) 6385
        self.sysinv_internal = FakeServer('sysinv', self)    # internal/admin (mgmt) 6385 / 6386
        self.usm = FakeServer('usm', self)                   # public 15497
        self.usm_internal = FakeServer('usm', self)          # internal/admin 5497
        self.vim = FakeServer('vim', self)                   # 4545
        self.servers = [self.keystone, self.sysinv, self.sysinv_internal, self.usm, self.usm_internal, self.vim]
        if dc:
            self.sysinv_sc = FakeServer('sysinv', self)      # dcorch proxy 26385
            self.dcmanager = FakeServer('dcmanager', self)   # 8119
            self.sysinv_subcloud = FakeServer('sysinv', self)
            self.servers += [self.sysinv_sc, self.dcmanager, self.sysinv_subcloud]
        self._keystone_routes()
        for server in (self.sysinv, self.sysinv_internal) + ((self.sysinv_sc, self.sysinv_subcloud) if dc else ()):
            self._sysinv_routes(server)
        for server in (self.usm, self.usm_internal):
            self._usm_routes(server)
        self._vim_routes(self.vim)
        if dc:
            self._dcmanager_routes(self.dcmanager)

    @property
    def main_region(self):
        return 'RegionOne' if self.dc else STANDALONE_REGION

    @property
    def auth_url(self):
        return self.keystone.url + '/v3'

    def close(self):
        for server in self.servers:
            server.stop_soon()
        for server in self.servers:
            server.close()

    def all_requests(self):
        return [r for s in self.servers for r in s.requests]

    # -- catalog ---------------------------------------------------------------------------------
    def catalog(self):
        services = {}

        def add(stype, name, region, urls):
            entry = services.setdefault(stype, {'type': stype, 'name': name, 'id': uuid.uuid4().hex,
                                                'endpoints': []})
            for interface, url in urls.items():
                entry['endpoints'].append({'id': uuid.uuid4().hex, 'interface': interface, 'region': region,
                                           'region_id': region, 'url': url})

        main = self.main_region
        add('identity', 'keystone', main, {i: self.auth_url for i in ('public', 'internal', 'admin')})
        add('platform', 'sysinv', main, {'public': self.sysinv.url + '/v1',
                                         'internal': self.sysinv_internal.url + '/v1',
                                         'admin': self.sysinv_internal.url + '/v1'})
        add('usm', 'usm', main, {'public': self.usm.url, 'internal': self.usm_internal.url,
                                 'admin': self.usm_internal.url})
        add('nfv', 'vim', main, {i: self.vim.url for i in ('public', 'internal', 'admin')})
        if self.dc:
            add('platform', 'sysinv', 'SystemController', {i: self.sysinv_sc.url + '/v1'
                                                           for i in ('public', 'internal', 'admin')})
            add('dcmanager', 'dcmanager', 'SystemController', {i: self.dcmanager.url + '/v1.0'
                                                               for i in ('public', 'internal', 'admin')})
            add('platform', 'sysinv', 'subcloud1', {i: self.sysinv_subcloud.url + '/v1'
                                                    for i in ('public', 'internal', 'admin')})
        return list(services.values())

    # -- keystone --------------------------------------------------------------------------------
    def _token_doc(self, methods, scoped=True):
        doc = {
            'methods': methods,
            'user': {'id': 'u-admin', 'name': 'admin', 'domain': {'id': 'default', 'name': 'Default'},
                     'password_expires_at': None},
            'expires_at': '2099-01-01T00:00:00.000000Z',
            'issued_at': '2026-01-01T00:00:00.000000Z',
            'audit_ids': [uuid.uuid4().hex[:22]],
        }
        if scoped:
            doc['project'] = {'id': 'p-admin', 'name': 'admin', 'domain': {'id': 'default', 'name': 'Default'}}
            doc['roles'] = [{'id': 'r1', 'name': 'admin'}, {'id': 'r2', 'name': 'member'},
                            {'id': 'r3', 'name': 'reader'}]
            doc['is_domain'] = False
            doc['catalog'] = self.catalog()
        return doc

    def issue_token(self, methods=('password',)):
        token = 'gAAAAA' + uuid.uuid4().hex + uuid.uuid4().hex
        self.tokens[token] = self._token_doc(list(methods))
        self.issued.append(token)
        return token

    @staticmethod
    def _keystone_error(status, title, message):
        return _json(status, {'error': {'code': status, 'title': title, 'message': message}})

    def _keystone_routes(self):
        ks = self.keystone

        def domain_ok(ref):
            return ref in ({'name': 'Default'}, {'id': 'default'})

        def issue(record):
            try:
                auth = record.json['auth']
                identity = auth['identity']
            except (ValueError, KeyError, TypeError):
                return self._keystone_error(400, 'Bad Request', "Invalid input for field 'auth'")
            method = identity['methods'][0]
            if method == 'password':
                user = identity['password']['user']
                ok = ((user.get('name') == 'admin' and domain_ok(user.get('domain')))
                      or user.get('id') == 'u-admin') and user.get('password') == ADMIN_PASSWORD
                if not ok:
                    return self._keystone_error(401, 'Unauthorized', AUTH_REQUIRED)
                project = (auth.get('scope') or {}).get('project') or {}
                if not (project.get('id') == 'p-admin'
                        or (project.get('name') == 'admin' and domain_ok(project.get('domain')))):
                    return self._keystone_error(401, 'Unauthorized', 'Could not find project: %s.'
                                                % (project.get('name') or project.get('id')))
            elif method == 'application_credential':
                cred = identity['application_credential']
                if 'scope' in auth:
                    return self._keystone_error(401, 'Unauthorized', 'Application credentials cannot request a scope.')
                by_id = cred.get('id') == APP_CRED_ID
                by_name = cred.get('name') == APP_CRED_NAME and (
                    cred.get('user', {}).get('id') == 'u-admin'
                    or (cred.get('user', {}).get('name') == 'admin' and domain_ok(cred['user'].get('domain'))))
                if not ((by_id or by_name) and cred.get('secret') == APP_CRED_SECRET):
                    return self._keystone_error(401, 'Unauthorized', AUTH_REQUIRED)
            else:
                return self._keystone_error(401, 'Unauthorized', 'Attempted to authenticate with an unsupported method.')
            token = self.issue_token([method])
            return _json(201, {'token': self.tokens[token]}, {'X-Subject-Token': token})

        def validate(record):
            if record.headers.get('X-Auth-Token') not in self.tokens:
                return self._keystone_error(401, 'Unauthorized', AUTH_REQUIRED)
            subject = record.headers.get('X-Subject-Token')
            if subject not in self.tokens:
                return self._keystone_error(404, 'Not Found', 'Could not find token: %s.' % subject)
            return _json(200, {'token': self.tokens[subject]}, {'X-Subject-Token': subject})

        ks.route('POST', '/v3/auth/tokens', issue)
        ks.route('GET', '/v3/auth/tokens', validate)

    def check_token(self, record):
        """keystonemiddleware: 401 in keystone's format when X-Auth-Token is missing or unknown."""
        if record.headers.get('X-Auth-Token') in self.tokens:
            return None
        return self._keystone_error(401, 'Unauthorized', AUTH_REQUIRED)

    def revoke_all(self):
        self.tokens.clear()

    # -- services ---------------------------------------------------------------------------------
    @staticmethod
    def sysinv_error(status, message, faultcode='Client'):
        inner = json.dumps({'faultcode': faultcode, 'faultstring': message, 'debuginfo': None})
        return _json(status, {'error_message': inner})

    def _find_host(self, ident):
        for host in self.hosts:
            if ident in (str(host['id']), host['uuid'], host['hostname']):
                return host
        return None

    def _sysinv_routes(self, server):
        def isystems(record):
            return _json(200, {'isystems': [self.system]})

        def ihosts(record):
            return _json(200, {'ihosts': self.hosts})

        def ihost(record, ident):
            host = self._find_host(ident)
            if host is None:
                return self.sysinv_error(404, 'Host %s could not be found.' % ident)
            return _json(200, host)

        def patch_ihost(record, ident):
            host = self._find_host(ident)
            if host is None:
                return self.sysinv_error(404, 'Host %s could not be found.' % ident)
            for op in record.json:
                if op['path'] == '/action' and op['value'] == 'unlock' and host['administrative'] == 'unlocked':
                    return self.sysinv_error(400, 'Host must be locked.')
                if op['path'] == '/action':
                    host['administrative'] = 'locked' if op['value'] == 'lock' else 'unlocked'
                else:
                    host[op['path'].lstrip('/')] = op['value']
            return _json(200, host)

        server.route('GET', '/v1/isystems', isystems)
        server.route('GET', '/v1/ihosts', ihosts)
        server.route('GET', '/v1/ihosts/([^/]+)', ihost)
        server.route('PATCH', '/v1/ihosts/([^/]+)', patch_ihost)
        self._app_routes(server)
        self._oam_routes(server)

    # -- sysinv applications ------------------------------------------------------------------
    # Requests get sysinv's immediate answer (uploading, applying, ...); the later states come one per
    # GET /v1/apps/{name} from app_steps, as the conductor would move the app. fail_app() makes the next
    # operation on an app fail the way the conductor fails it (apply-failed + progress; a failed update
    # recovers the previous version).
    def add_app(self, name, version, status='applied', progress='completed'):
        record = {'name': name, 'app_version': version, 'manifest_name': '%s-fluxcd-manifests' % name,
                  'manifest_file': 'fluxcd-manifests', 'status': status, 'progress': progress,
                  'active': status == 'applied', 'created_at': '2026-01-01T00:00:00+00:00', 'updated_at': None}
        self.apps.append(record)
        return record

    def find_app(self, name):
        for app in self.apps:
            if app['name'] == name and app['status'] != 'inactive':
                return app
        return None

    def fail_app(self, operation, name, progress='Failed to apply helm release "x".'):
        """The next ``operation`` (upload, apply, remove, update, recover) of ``name`` fails with ``progress``."""
        self.app_failures[(operation, name)] = progress

    def _failure(self, operation, name):
        return self.app_failures.pop((operation, name), None)

    def _queue(self, name, *steps):
        self.app_steps.setdefault(name, []).extend(steps)

    @staticmethod
    def _set(app, **fields):
        def step():
            app.update(fields)
        return step

    def _app_routes(self, server):
        cloud = self

        def rejected(operation, reason):
            return self.sysinv_error(400, 'Application-%s rejected: %s' % (operation, reason))

        def public(app):
            return dict((k, v) for k, v in app.items() if not k.startswith('_'))

        def list_apps(record):
            brief = ('name', 'app_version', 'manifest_name', 'manifest_file', 'status', 'progress', 'active')
            return _json(200, {'apps': [dict((k, a[k]) for k in brief) for a in cloud.apps
                                        if a['status'] != 'inactive']})

        def show_app(record, name):
            steps = cloud.app_steps.get(name)
            if steps:
                steps.pop(0)()
            app = cloud.find_app(name)
            if app is None:
                return self.sysinv_error(404, 'No application with name %s.' % name)
            return _json(200, public(app))

        def name_version(body):
            match = re.match(r'^(.+?)-(\d+\.\d+-\d+)\.(tgz|tar\.gz)$', body['tarfile'].rsplit('/', 1)[-1])
            name = body.get('name') or (match.group(1) if match else None)
            version = body.get('app_version') or (match.group(2) if match else None)
            return name, version

        def upload(record):
            body = record.json
            if not body.get('tarfile'):
                return self.sysinv_error(500, 'Application-upload rejected: tar file must be specified.',
                                         faultcode='Server')
            name, version = name_version(body)
            if cloud.find_app(name):
                return rejected('upload', 'application %s already exists.' % name)
            app = cloud.add_app(name, version, status='uploading', progress=None)
            failure = cloud._failure('upload', name)
            cloud._queue(name, cloud._set(app, progress='extracting application tar file'))
            if failure:
                cloud._queue(name, cloud._set(app, status='upload-failed', progress='Upload of application %s (%s) '
                                              'failed: %s' % (name, version, failure)))
            else:
                cloud._queue(name, cloud._set(app, status='uploaded', progress='completed'))
            return _json(200, public(app))

        def patch(record, name):
            query = dict(p.split('=', 1) for p in record.query.split('&') if '=' in p)
            directive = query.get('directive')
            body = record.json
            if not isinstance(body, dict) or 'values' not in body:
                return self.sysinv_error(400, 'Missing argument: "values"')
            if directive not in ('apply', 'remove', 'abort'):
                return self.sysinv_error(403, 'Operation not permitted.')
            app = cloud.find_app(name)
            if app is None:
                return rejected(directive, 'application not found.')
            status = app['status']
            if directive == 'apply':
                if status not in ('uploaded', 'applied', 'apply-failed'):
                    return rejected('apply', 'operation is not allowed while the current status is %s.' % status)
                app.update(status='applying', progress=None)
                failure = cloud._failure('apply', name)
                cloud._queue(name, cloud._set(app, progress='Applying app %s. Overall completion: 50%%' % name))
                if failure:
                    cloud._queue(name, cloud._set(app, status='apply-failed', progress='%s: operation aborted, '
                                                  'check system inventory logs for details' % failure))
                else:
                    cloud._queue(name, cloud._set(app, status='applied', progress='completed', active=True))
            elif directive == 'remove':
                if status not in ('applied', 'apply-failed', 'remove-failed'):
                    return rejected('remove', 'operation is not allowed while the current status is %s.' % status)
                app.update(status='removing', progress=None)
                failure = cloud._failure('remove', name)
                cloud._queue(name, cloud._set(app, progress='deleting application manifest', active=False))
                if failure and query.get('force') != 'True':
                    cloud._queue(name, cloud._set(app, status='remove-failed', progress=failure))
                else:
                    cloud._queue(name, cloud._set(app, status='uploaded', progress='completed'))
            else:
                if status not in ('applying', 'updating', 'removing'):
                    return rejected('abort', 'operation is not allowed while the current status is %s.' % status)
                aborted = 'remove-failed' if status == 'removing' else 'apply-failed'
                # the conductor notices the abort at its next check: the remaining steps are dropped
                steps = [cloud._set(app, status=aborted, progress='operation aborted by user')]
                if status == 'updating':
                    steps += cloud._recovery_steps(app)
                cloud.app_steps[name] = steps
            return _json(200, public(app))

        def update(record):
            body = record.json
            name, version = name_version(body)
            for key in ('reuse_user_overrides', 'reuse_attributes'):
                if body.get(key) not in (None, 'true', 'True', 'false', 'False'):
                    return rejected('update', 'invalid %s setting.' % key)
            applied = cloud.find_app(name)
            if applied is None:
                return rejected('update', 'application not found.')
            if applied['status'] != 'applied':
                return rejected('update', 'operation is not allowed while the current status is %s.'
                                % applied['status'])
            if applied['app_version'] == version:
                return rejected('update', 'the version %s is already applied.' % version)
            applied.update(status='inactive', progress=None)
            target = cloud.add_app(name, version, status='updating', progress=None)
            target['_from'] = applied
            failure = cloud._failure('update', name)
            cloud._queue(name, cloud._set(target, progress='Application update starting.'))
            if failure:
                cloud._queue(name, cloud._set(target, status='apply-failed', progress='%s: operation aborted, check '
                                              'system inventory logs for details' % failure))
                cloud._queue(name, *cloud._recovery_steps(target))
            else:
                def done():
                    cloud.apps.remove(applied)
                    target.update(status='applied', active=True, progress='Application update from version %s '
                                  'to version %s completed.' % (applied['app_version'], version))
                cloud._queue(name, done)
            return _json(200, public(target))

        def delete(record, name):
            app = cloud.find_app(name)
            if app is None:
                return rejected('delete', 'application not found.')
            if app['status'] not in ('uploaded', 'upload-failed'):
                return rejected('delete', 'operation is not allowed while the current status is %s.' % app['status'])
            cloud.apps[:] = [a for a in cloud.apps if a['name'] != name]
            cloud.app_steps.pop(name, None)
            return 204, b'', {}

        server.route('GET', '/v1/apps', list_apps)
        server.route('POST', '/v1/apps', upload)
        server.route('POST', '/v1/apps/update', update)
        server.route('GET', '/v1/apps/([^/]+)', show_app)
        server.route('PATCH', '/v1/apps/([^/]+)', patch)
        server.route('DELETE', '/v1/apps/([^/]+)', delete)

    def _recovery_steps(self, target):
        """After a failed update: the old version recovering, then applied again (or apply-failed)."""
        old = target['_from']
        versions = (old['app_version'], target['app_version'])
        aborted = 'Application update from version %s to version %s aborted. ' % versions
        failure = self._failure('recover', target['name'])

        def start():
            self.apps.remove(target)
            old.update(status='recovering', progress=aborted + 'recovering version %s ' % versions[0])

        if failure:
            end = self._set(old, status='apply-failed', progress=aborted + 'Application recover to version %s '
                            'aborted. %s' % (versions[0], failure))
        else:
            end = self._set(old, status='applied', progress=aborted + 'Application recover to version %s '
                            'completed. Please check logs for details.' % versions[0])
        return [start, end]

    def _oam_routes(self, server):
        def iextoam(record):
            return _json(200, {'iextoams': [self.oam] if self.oam else []})

        server.route('GET', '/v1/iextoam', iextoam)

    def _usm_routes(self, server):
        release = {'release_id': 'starlingx-25.09.0', 'state': 'deployed', 'sw_version': '25.09.0',
                   'component': 'starlingx', 'status': 'REL', 'reboot_required': True}

        def releases(record):
            return _json(200, [release])

        def one_release(record, rid):
            if rid == release['release_id']:
                return _json(200, release)
            return _json(404, {'info': '', 'warning': '', 'error': 'Release %s not found' % rid})

        def deploy_host(record, host):
            return _json(200, {'info': '', 'warning': '', 'error': 'Host deployment failed on %s.' % host})

        def deploy_delete(record):
            return _json(406, {'info': 'Deploy delete can only be performed on controller-0.', 'warning': '',
                               'error': ''})

        server.route('GET', '/v1/release', releases)
        server.route('GET', '/v1/release/([^/]+)', one_release)
        server.route('POST', '/v1/deploy_host/([^/]+)', deploy_host)
        server.route('DELETE', '/v1/deploy', deploy_delete)

    def _vim_routes(self, server):
        def get_strategy(record):
            return _json(200, {'strategy': None})

        def create_strategy(record):
            return _json(409, {'faultcode': 'Client', 'faultstring': 'strategy already exists of type:sw-upgrade',
                               'debuginfo': None})

        server.route('GET', '/api/orchestration/sw-upgrade/strategy', get_strategy)
        server.route('POST', '/api/orchestration/sw-upgrade/strategy', create_strategy)

    def _dcmanager_routes(self, server):
        subclouds = [{'id': 1, 'name': 'subcloud1', 'deploy-status': 'complete', 'management-state': 'managed',
                      'availability-status': 'online', 'region-name': 'subcloud1'}]

        def list_subclouds(record):
            return _json(200, {'subclouds': subclouds})

        def subcloud(record, ref):
            for item in subclouds:
                if ref in (str(item['id']), item['name']):
                    return _json(200, item)
            if 'application/json' in (record.headers.get('Accept') or ''):
                return _json(404, {'code': 404, 'title': 'Not Found', 'description': 'Subcloud not found'})
            html = ('<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n'
                    '  The resource could not be found.<br /><br />\nSubcloud not found\n\n\n </body>\n</html>')
            return 404, html.encode('utf-8'), {'Content-Type': 'text/html; charset=UTF-8'}

        server.route('GET', '/v1.0/subclouds', list_subclouds)
        server.route('GET', '/v1.0/subclouds/([^/]+)', subcloud)


def free_port():
    """A port with nothing listening (connecting to it is refused)."""
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
