# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""VIM (nfv-vim) orchestration API: service type ``nfv``, port 4545, no version prefix (``/api/...``)."""

from ansible_collections.starlingx.platform.plugins.module_utils.client import ServiceAPI

SW_UPGRADE = 'sw-upgrade'


class VimAPI(ServiceAPI):
    service_type = 'nfv'
    version_prefix = ''

    def strategy(self, kind=SW_UPGRADE):
        """The current strategy document of ``kind`` or None (``{"strategy": null}``)."""
        body = self.get('api', 'orchestration', kind, 'strategy') or {}
        return body.get('strategy')
