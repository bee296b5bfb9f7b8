# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""USM (``software``) API: service type ``usm``, ports 15497 (public) / 5497, version prefix ``/v1``.

Catalog URLs have no path; every call is ``/v1/...``. Actions answer ``{"info", "warning", "error"}``
and a non-empty ``error`` is a failure even with HTTP 200 (``errors.usm_check``).
"""

from ansible_collections.starlingx.platform.plugins.module_utils.client import ServiceAPI
from ansible_collections.starlingx.platform.plugins.module_utils.errors import usm_check


class UsmAPI(ServiceAPI):
    service_type = 'usm'
    version_prefix = '/v1'

    def action(self, method, *segments, **kwargs):
        """A USM action (POST/DELETE): the triplet reply, raising on a non-empty ``error``."""
        path = self.path(*segments)
        status, _headers, body = self.request(method, path, **kwargs)
        return usm_check(body, status=status, method=method.upper(), url=self.client.url(self.service_type, path))

    def releases(self, show=None):
        return self.get('release', params={'show': show} if show else None) or []

    def release(self, release_id):
        """The release document, or None when USM answers 404."""
        return self.find('release', release_id)

    def deployment(self):
        """The current deployment, or None."""
        deployments = self.get('deploy') or []
        return deployments[0] if deployments else None
