# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""SysinvAPI.list() sends paging arguments only where the real controller declares them: sysinv's wsme layer
answers 400 ``Unknown argument: "limit"`` to an argument the method does not take (``GET /v1/apps``)."""

from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import PAGE_LIMIT, SysinvAPI


class RecordingSysinv(SysinvAPI):
    """SysinvAPI whose GETs are answered from ``pages`` (one body per call) and recorded."""

    def __init__(self, pages):
        super(RecordingSysinv, self).__init__(None)
        self.pages = list(pages)
        self.calls = []

    def get(self, *segments, **kwargs):
        self.calls.append(('/'.join(segments), dict(kwargs.get('params') or {})))
        return self.pages.pop(0)


def test_list_of_apps_sends_no_paging_arguments():
    api = RecordingSysinv([{'apps': [{'name': 'cert-manager'}, {'name': 'vault'}]}])
    assert [a['name'] for a in api.list('apps')] == ['cert-manager', 'vault']
    assert api.calls == [('apps', {})]


def test_list_of_a_paginated_collection_sends_limit_and_follows_markers():
    api = RecordingSysinv([
        {'ihosts': [{'uuid': 'u1'}], 'next': 'http://10.0.0.1:6385/v1/ihosts?limit=2000&marker=u1'},
        {'ihosts': [{'uuid': 'u2'}]},
    ])
    assert [h['uuid'] for h in api.list('ihosts', params={'personality': 'controller'})] == ['u1', 'u2']
    assert api.calls == [('ihosts', {'personality': 'controller', 'limit': PAGE_LIMIT}),
                         ('ihosts', {'personality': 'controller', 'limit': PAGE_LIMIT, 'marker': 'u1'})]


def test_list_of_a_host_subcollection_sends_limit():
    api = RecordingSysinv([{'iinterfaces': []}])
    assert api.host_interfaces('u1') == []
    assert api.calls == [('ihosts/u1/iinterfaces', {'limit': PAGE_LIMIT})]
