# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""The HTTP transport of ``client.Client``: ``http.client`` connections kept alive, TLS, proxies.

Standard library only, and nothing a read-only task can do without: ``ansible.module_utils.urls``
(with ``urllib.request``) costs ~40-50 ms of imports per task (docs/performance.md).

* **Keep-alive**: one ``HTTPConnection`` per (scheme, host, port), reused by every request of the
  ``Transport`` (one module run). An idle connection that the server has closed (it is readable:
  EOF or reset) is replaced before anything is sent on it.
* **No Nagle stalls**: ``TCP_NODELAY`` on every connection and ``TCP_QUICKACK`` (Linux) before
  every reply, so that neither our split writes nor a server's make a reused connection wait ~40 ms
  for a delayed ACK (``_tune``).
* **Closed while idle**: when a request on a *reused* connection still fails because the server
  closed it at that very moment - ``BrokenPipeError`` / ``ConnectionResetError`` while sending, or
  ``http.client.RemoteDisconnected`` (closed before any byte of a reply) - the request is sent once
  more on a new connection, whatever the method, without backoff (``Reply.reconnected``). This is
  not a server failure and not a retry of the client's policy. The one case where a POST could run
  twice is a server that reads it on a kept-alive connection and then closes that connection
  without a single byte of reply. Failures on a new connection, and any failure after the first
  byte of a reply, are left to ``Client.retry_decision``.
* **TLS**: ``ssl.create_default_context(cafile=ca_cert)`` (certificate and host name verified), or
  no verification at all with ``validate_certs=False``.
* **Proxies** from the environment (``proxies.py``, imported only when ``http_proxy`` or
  ``https_proxy`` is set in some case): HTTPS goes through a ``CONNECT`` tunnel (``set_tunnel``; an
  IPv6 literal target through a proxy needs Python 3.13), plain HTTP sends absolute-URI requests to
  the proxy with its ``Proxy-Authorization``. The proxy is always reached in clear text.
* ``request()`` never raises for network or HTTP errors: it returns a ``Reply``. It raises
  ``StarlingXError`` only for configuration errors (unusable ``ca_cert``, malformed proxy variable).
"""

import http.client
import select
import socket
from urllib.parse import urlsplit

from ansible_collections.starlingx.platform.plugins.module_utils.errors import StarlingXError

USER_AGENT = 'starlingx.platform-ansible'
DEFAULT_PORTS = {'http': 80, 'https': 443}
# Environment variables that make proxies.py worth importing (no_proxy alone changes nothing).
PROXY_VARIABLES = ('http_proxy', 'https_proxy')


class Reply(object):
    """The outcome of one request: a response (``status``, ``headers``, ``body``) or an ``error``.

    ``sent`` is False only when the connection was refused: the request certainly never left this
    host. ``reconnected`` is True when it was sent again on a new connection because the server had
    closed the kept-alive one. ``proxy`` names the proxy used (without credentials), else None.
    """

    __slots__ = ('status', 'headers', 'body', 'error', 'sent', 'reconnected', 'proxy')

    def __init__(self, status=None, headers=None, body=None, error=None, sent=True, proxy=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.error = error
        self.sent = sent
        self.reconnected = False
        self.proxy = proxy


# -- URLs ----------------------------------------------------------------------------------------

def bracket(host):
    """An IPv6 literal in brackets (for URLs and Host headers), any other host as is."""
    return '[%s]' % host if ':' in host else host


def split_url(url):
    """``(scheme, host, port, path_and_query)``; ``ValueError`` for a URL this transport cannot use."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError('unsupported URL %r: expected http:// or https://' % url)
    host = parts.hostname
    if not host:
        raise ValueError('URL %r has no host' % url)
    port = parts.port or DEFAULT_PORTS[scheme]  # a malformed port raises ValueError
    target = parts.path or '/'
    if parts.query:
        target += '?' + parts.query
    return scheme, host, port, target


def _closed_while_idle(stage, exc):
    """A failure that, on a reused connection, means the server had closed it (see the module docstring)."""
    if stage == 'send':
        return isinstance(exc, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError))
    return stage == 'reply' and isinstance(exc, http.client.RemoteDisconnected)


def _tune(sock, after_connect):
    """Socket options against the 40 ms stalls of Nagle's algorithm meeting delayed ACKs.

    ``TCP_NODELAY`` once connected: ``http.client`` writes the headers and the body of a request
    separately, and the body must not wait for the server to ACK the headers (curl, Go and urllib3
    set it too). ``TCP_QUICKACK`` (Linux) before each reply: a server that writes its headers and
    its body separately without ``TCP_NODELAY`` (``http.server``, ``wsgiref``, ...) holds the body
    until the headers are ACKed, which on a kept-alive connection would wait for our delayed ACK.
    The flag is not sticky, so it is set again for every reply.
    """
    try:
        if after_connect:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        elif hasattr(socket, 'TCP_QUICKACK'):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    except OSError:
        pass


def _readable(sock):
    """True when an idle socket has something to read: the server closed it (or sent garbage)."""
    try:
        if hasattr(select, 'poll'):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


# -- transport -----------------------------------------------------------------------------------

class Transport(object):
    """HTTP(S) requests over kept-alive ``http.client`` connections (see the module docstring)."""

    def __init__(self, timeout=60.0, validate_certs=True, ca_cert=None, environ=None, user_agent=USER_AGENT):
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.ca_cert = ca_cert
        self.user_agent = user_agent
        self._environ = environ
        self._proxies = None
        self._tls = None
        self._connections = {}       # (scheme, host, port) -> HTTPConnection
        self.connections_opened = 0  # TCP connections made (keep-alive check)

    def close(self):
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def proxy_for(self, scheme, host, port):
        """The ``proxies.Proxy`` for a target, or None (no proxy variable, or excluded by ``no_proxy``)."""
        if self._proxies is None:
            if self._environ is None:
                import os
                self._environ = os.environ
            if any(name.lower() in PROXY_VARIABLES for name in self._environ):
                from ansible_collections.starlingx.platform.plugins.module_utils import proxies
                self._proxies = proxies.from_environment(self._environ)
            else:
                self._proxies = None, None  # the usual case: proxies.py is not even imported
        configured, no_proxy = self._proxies
        proxy = configured.get(scheme) if configured else None
        if proxy is None:
            return None
        from ansible_collections.starlingx.platform.plugins.module_utils.proxies import bypass
        return None if bypass(host, port, no_proxy) else proxy

    def tls_context(self):
        if self._tls is None:
            import ssl  # loaded by http.client already
            if self.validate_certs:
                try:
                    self._tls = ssl.create_default_context(cafile=self.ca_cert)
                except (OSError, ValueError) as exc:  # missing file, not PEM (ssl.SSLError is an OSError)
                    raise StarlingXError('ca_cert %s cannot be used as a CA bundle: %s' % (self.ca_cert, exc))
            else:
                self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                self._tls.check_hostname = False
                self._tls.verify_mode = ssl.CERT_NONE
        return self._tls

    def _new_connection(self, scheme, host, port):
        proxy = self.proxy_for(scheme, host, port)
        address = (proxy.host, proxy.port) if proxy else (host, port)
        if scheme == 'https':
            connection = http.client.HTTPSConnection(*address, timeout=self.timeout, context=self.tls_context())
            if proxy:
                connection.set_tunnel(host, port, headers=proxy.headers)
        else:
            connection = http.client.HTTPConnection(*address, timeout=self.timeout)
        connection.proxy = proxy
        return connection

    def request(self, method, url, body=None, headers=None, timeout=None):
        """Send one request; return a ``Reply`` (never raises for network or HTTP errors)."""
        try:
            scheme, host, port, target = split_url(url)
        except ValueError as exc:
            return Reply(error=exc, sent=False)
        key = (scheme, host, port)
        connection = self._connections.get(key)
        if connection is None:
            connection = self._connections[key] = self._new_connection(scheme, host, port)
        elif connection.sock is not None and _readable(connection.sock):
            connection.close()  # closed by the server while idle: reconnect before sending anything
        proxy = connection.proxy
        if proxy is not None and scheme == 'http':
            target = '%s://%s:%d%s' % (scheme, bracket(host), port, target)  # absolute URI for the proxy
        send_headers = {'User-Agent': self.user_agent}
        if proxy is not None and scheme == 'http':
            send_headers.update(proxy.headers)
        send_headers.update(headers or {})
        timeout = self.timeout if timeout is None else timeout

        reused = connection.sock is not None
        reply = self._exchange(connection, method, target, body, send_headers, timeout, reused)
        if reply is None:  # the server closed the reused connection: once more on a new one
            reply = self._exchange(connection, method, target, body, send_headers, timeout, False)
            reply.reconnected = True
        reply.proxy = proxy.display if proxy is not None else None
        return reply

    def _exchange(self, connection, method, target, body, headers, timeout, reused):
        """One request/response on ``connection``; None when it failed because the server had closed it."""
        stage = 'connect'
        try:
            if connection.sock is None:
                connection.timeout = timeout
                self.connections_opened += 1
                connection.connect()
                _tune(connection.sock, after_connect=True)
            else:
                connection.sock.settimeout(timeout)
            stage = 'send'
            connection.request(method, target, body, headers)
            stage = 'reply'
            _tune(connection.sock, after_connect=False)
            response = connection.getresponse()
            stage = 'body'
            data = response.read()
        except (OSError, http.client.HTTPException, ValueError) as exc:
            connection.close()
            if reused and _closed_while_idle(stage, exc):
                return None
            return Reply(error=exc, sent=not (stage == 'connect' and isinstance(exc, ConnectionRefusedError)))
        # a reply with "Connection: close" (or HTTP/1.0) has closed the connection: the next request reconnects
        return Reply(response.status, response.msg, data)
