# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""Servers for the transport tests: a scripted HTTP/1.1 keep-alive server and a small HTTP proxy.

* ``ScriptedServer``: raw sockets, so a test decides per connection and per request whether the
  server replies and keeps the connection, replies and then closes it while idle, closes it without
  a reply, sends half a reply, or never answers. Every connection and request is recorded.
* ``ProxyServer``: ``CONNECT host:port`` tunnels (HTTPS through a proxy) and absolute-URI requests
  forwarded to the origin (plain HTTP through a proxy); records the request lines and headers it
  received, optionally demands ``Proxy-Authorization``.
"""

import base64
import http.client
import json
import select
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

REPLY = 'reply'              # 200 JSON reply, connection kept alive
REPLY_CLOSE = 'reply-close'  # reply, then close the connection (idle timeout of 0), no "Connection: close"
CLOSE = 'close'              # close without any reply
PARTIAL = 'partial'          # the headers and part of the body, then close
HANG = 'hang'                # read the request, never answer


class Request(object):
    def __init__(self, connection, index, method, target, headers, body):
        self.connection = connection  # 1, 2, ... in accept order
        self.index = index            # 1, 2, ... on its connection
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body

    def __repr__(self):
        return '<%s %s on connection %d #%d>' % (self.method, self.target, self.connection, self.index)


class ScriptedServer(object):
    """HTTP/1.1 on ``host`` (127.0.0.1 or ::1); ``script[(connection, index)]`` -> action (default REPLY)."""

    def __init__(self, host='127.0.0.1', script=None, default=REPLY, body=None, tls=None):
        self.tls = None
        if tls:  # (certfile, keyfile)
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(*tls)
        family = socket.AF_INET6 if ':' in host else socket.AF_INET
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.url = '%s://%s:%d' % ('https' if tls else 'http', '[%s]' % host if ':' in host else host, self.port)
        self.script = dict(script or {})
        self.default = default
        self.body = json.dumps(body if body is not None else {'isystems': [{'name': 'scripted'}]}).encode()
        self.connections = 0
        self.requests = []
        self.answered = []  # requests that got a complete reply
        self.closed = 0     # connections the server has closed
        self._lock = threading.Condition()
        self._open = []
        self._stop = threading.Event()
        thread = threading.Thread(target=self._accept)
        thread.daemon = True
        thread.start()

    def close(self):
        self._stop.set()
        for sock in [self.listener] + self._open:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self):
        while not self._stop.is_set():
            try:
                sock, _address = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                number = self.connections
                self._open.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock, number))
            thread.daemon = True
            thread.start()

    def _serve(self, sock, number):
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_side=True)
            except OSError:
                sock.close()
                return
        reader = sock.makefile('rb')
        index = 0
        try:
            while True:
                request = self._read_request(reader, number, index + 1)
                if request is None:
                    return
                index += 1
                with self._lock:
                    self.requests.append(request)
                action = self.script.get((number, index), self.default)
                if action == CLOSE:
                    return
                if action == PARTIAL:
                    sock.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s' % (len(self.body), self.body[:5]))
                    return
                if action == HANG:
                    self._stop.wait(30)
                    return
                with self._lock:
                    self.answered.append(request)
                sock.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s'
                             % (len(self.body), self.body))
                if action == REPLY_CLOSE:
                    return
        except OSError:
            return
        finally:
            reader.close()
            sock.close()
            with self._lock:
                self.closed += 1
                self._lock.notify_all()

    def wait_closed(self, count, timeout=5):
        """Wait until the server has closed ``count`` connections."""
        with self._lock:
            return self._lock.wait_for(lambda: self.closed >= count, timeout)

    @staticmethod
    def _read_request(reader, number, index):
        line = reader.readline()
        if not line.strip():
            return None
        method, target, _version = line.decode('latin-1').split()
        headers = {}
        while True:
            header = reader.readline().decode('latin-1')
            if header in ('\r\n', '\n', ''):
                break
            name, _sep, value = header.partition(':')
            headers[name.strip()] = value.strip()
        length = int(headers.get('Content-Length') or 0)
        body = reader.read(length) if length else b''
        return Request(number, index, method, target, headers, body)


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def _authorized(self):
        proxy = self.server.proxy
        proxy.seen.append((self.requestline, dict(self.headers.items())))
        if proxy.credentials is None:
            return True
        expected = 'Basic ' + base64.b64encode(proxy.credentials.encode()).decode()
        if self.headers.get('Proxy-Authorization') == expected:
            return True
        self.send_response(407)
        self.send_header('Proxy-Authenticate', 'Basic realm="proxy"')
        self.send_header('Content-Length', '0')
        self.end_headers()
        return False

    def do_CONNECT(self):
        if not self._authorized():
            return
        host, _sep, port = self.path.rpartition(':')
        try:
            upstream = socket.create_connection((host.strip('[]'), int(port)), timeout=5)
        except OSError:
            self.send_response(502)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        self.send_response(200, 'Connection established')
        self.end_headers()
        self.close_connection = True
        _relay(self.connection, upstream)

    def _forward(self):
        if not self._authorized():
            return
        parts = urlsplit(self.path)
        if not parts.scheme:  # an origin-form request is not a proxy request
            self.send_response(400)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else None
        headers = dict((k, v) for k, v in self.headers.items() if not k.lower().startswith('proxy-'))
        upstream = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
        try:
            upstream.request(self.command, (parts.path or '/') + ('?' + parts.query if parts.query else ''),
                             body, headers)
            response = upstream.getresponse()
            data = response.read()
        finally:
            upstream.close()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ('content-length', 'connection', 'transfer-encoding'):
                self.send_header(key, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward


def _relay(one, two):
    sockets = [one, two]
    try:
        while True:
            readable, _w, _x = select.select(sockets, [], [], 10)
            if not readable:
                return
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                (two if sock is one else one).sendall(data)
    except OSError:
        return
    finally:
        two.close()


class ProxyServer(object):
    """An HTTP proxy on 127.0.0.1; ``seen`` lists ``(request line, headers)`` of what it received."""

    def __init__(self, credentials=None):
        self.credentials = credentials  # 'user:password' to demand, or None
        self.seen = []
        self._httpd = ThreadingHTTPServer(('127.0.0.1', 0), _ProxyHandler)
        self._httpd.daemon_threads = True
        self._httpd.proxy = self
        self.port = self._httpd.server_address[1]
        thread = threading.Thread(target=self._httpd.serve_forever, kwargs={'poll_interval': 0.02})
        thread.daemon = True
        thread.start()

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()
