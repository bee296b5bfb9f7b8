# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import json

import pytest

from ansible_collections.starlingx.platform.plugins.module_utils.errors import (
    MAX_BODY_CHARS, StarlingXError, decode_error, trim_body, usm_check)


def body(doc):
    return json.dumps(doc).encode('utf-8')


# -- sysinv ------------------------------------------------------------------------------------

def test_sysinv_double_encoded_faultstring():
    data = body({'error_message': json.dumps({'faultcode': 'Client', 'faultstring': 'Host must be locked.',
                                              'debuginfo': None})})
    assert decode_error('platform', 400, data, {}) == 'Host must be locked.'


def test_sysinv_alias_and_server_fault():
    data = body({'error_message': json.dumps({'faultcode': 'Server', 'faultstring': 'Host bits must be zero',
                                              'debuginfo': None})})
    assert decode_error('sysinv', 500, data) == 'Host bits must be zero'


def test_sysinv_inner_string_not_json_is_used_verbatim():
    data = body({'error_message': 'Network type foo not supported'})
    assert decode_error('platform', 400, data) == 'Network type foo not supported'


def test_sysinv_inner_already_a_dict():
    data = body({'error_message': {'faultstring': 'Address pool overlaps'}})
    assert decode_error('platform', 409, data) == 'Address pool overlaps'


# -- USM ---------------------------------------------------------------------------------------

def test_usm_error_field():
    data = body({'info': '', 'warning': '', 'error': 'Release starlingx-9.9 not found'})
    assert decode_error('usm', 404, data) == 'Release starlingx-9.9 not found'


def test_usm_message_in_info_when_error_empty():
    data = body({'info': 'Deploy delete can only be performed on controller-0.', 'warning': '', 'error': ''})
    assert decode_error('usm', 406, data) == 'Deploy delete can only be performed on controller-0.'


def test_usm_check_raises_on_error_with_http_200():
    reply = {'info': '', 'warning': '', 'error': 'Host deployment failed on controller-0.'}
    with pytest.raises(StarlingXError) as err:
        usm_check(reply, status=200, method='POST', url='http://u/v1/deploy_host/controller-0')
    assert err.value.msg == 'Host deployment failed on controller-0.'
    assert err.value.status == 200
    assert err.value.service == 'usm'


def test_usm_check_passes_success_and_non_dicts():
    ok = {'info': 'Host deployment was successful on controller-0.\n', 'warning': '', 'error': ''}
    assert usm_check(ok) is ok
    assert usm_check([1, 2]) == [1, 2]
    assert usm_check(True) is True


# -- VIM ---------------------------------------------------------------------------------------

def test_vim_faultstring():
    data = body({'faultcode': 'Client', 'faultstring': 'strategy already exists of type:sw-upgrade',
                 'debuginfo': None})
    assert decode_error('nfv', 409, data) == 'strategy already exists of type:sw-upgrade'
    assert decode_error('vim', 409, data) == 'strategy already exists of type:sw-upgrade'


# -- dcmanager ---------------------------------------------------------------------------------

def test_dcmanager_json_description():
    data = body({'code': 404, 'title': 'Not Found', 'description': 'Subcloud not found'})
    assert decode_error('dcmanager', 404, data) == 'Subcloud not found'


def test_dcmanager_html_detail_after_double_br():
    html = ('<html>\n <head>\n  <title>422 Unprocessable Entity</title>\n </head>\n <body>\n'
            '  <h1>422 Unprocessable Entity</h1>\n  Unable to process the contained instructions<br /><br />\n'
            'Bad subcloud request: Subcloud sc1 already managed\n\n\n </body>\n</html>')
    headers = {'content-type': 'text/html; charset=UTF-8'}
    assert decode_error('dcmanager', 422, html.encode(), headers) == 'Bad subcloud request: Subcloud sc1 already managed'


def test_dcmanager_plain_text_last_paragraph():
    text = b'404 Not Found\n\nThe resource could not be found.\n\n Subcloud not found   '
    assert decode_error('dcmanager', 404, text, {'Content-Type': 'text/plain'}) == 'Subcloud not found'


def test_webob_json_message_variant():
    data = body({'code': 400, 'title': 'Bad Request',
                 'message': 'The server could not comply with the request.\n\nInvalid group_id'})
    assert decode_error('dcmanager', 400, data) == 'Invalid group_id'


# -- keystone and cross-service shapes ----------------------------------------------------------

def test_keystone_error():
    data = body({'error': {'code': 401, 'title': 'Unauthorized',
                           'message': 'The request you have made requires authentication.'}})
    assert decode_error('identity', 401, data) == 'The request you have made requires authentication.'


def test_keystonemiddleware_401_from_another_service():
    data = body({'error': {'code': 401, 'title': 'Unauthorized',
                           'message': 'The request you have made requires authentication.'}})
    assert decode_error('usm', 401, data) == 'The request you have made requires authentication.'
    assert decode_error('platform', 401, data) == 'The request you have made requires authentication.'


def test_haproxy_html_503():
    html = (b'<html><body><h1>503 Service Unavailable</h1>\n'
            b'No server is available to handle this request.\n</body></html>\n')
    assert decode_error('platform', 503, html, {'Content-Type': 'text/html'}) == \
        'No server is available to handle this request.'


def test_empty_body_gives_status_and_reason():
    assert decode_error('platform', 503, b'', {}) == 'HTTP 503 Service Unavailable'
    assert decode_error('usm', 500, None) == 'HTTP 500 Internal Server Error'


def test_json_string_body():
    assert decode_error('platform', 400, b'"plain message"') == 'plain message'


def test_unknown_json_shape_falls_back_to_status():
    assert decode_error('platform', 418, body({'unexpected': 1})) == "HTTP 418 I'm a Teapot"


# -- the exception -------------------------------------------------------------------------------

def test_exception_trims_body_and_maps_to_fail_json_kwargs():
    long_body = 'x' * (MAX_BODY_CHARS + 500)
    exc = StarlingXError('boom', status=500, method='GET', url='http://h/v1/x', body=long_body, service='platform')
    assert len(exc.body) < MAX_BODY_CHARS + 100
    assert exc.body.endswith('[500 more characters]')
    assert exc.to_dict() == {'msg': 'boom', 'status': 500, 'method': 'GET', 'url': 'http://h/v1/x',
                             'body': exc.body, 'service': 'platform'}
    assert 'HTTP 500' in str(exc) and 'GET http://h/v1/x' in str(exc)


def test_exception_without_http_context():
    exc = StarlingXError('bad input')
    assert str(exc) == 'bad input'
    assert exc.to_dict() == {'msg': 'bad input'}


def test_trim_body_bytes_and_dicts():
    assert trim_body(b'abc') == 'abc'
    assert json.loads(trim_body({'a': 1})) == {'a': 1}
    assert trim_body(None) is None
