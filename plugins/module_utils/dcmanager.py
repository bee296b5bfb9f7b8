# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0
"""dcmanager API: service type ``dcmanager``, port 8119, version prefix ``/v1.0``, region SystemController.

Catalog URLs already end in ``/v1.0``. The client looks the endpoint up in region SystemController
when ``region_name`` does not offer it (``client.HOME_REGIONS``) and sends ``Accept: application/json``
so errors come as ``{"code", "title", "description"}`` rather than HTML.
"""

from ansible_collections.starlingx.platform.plugins.module_utils.client import ServiceAPI


class DcManagerAPI(ServiceAPI):
    service_type = 'dcmanager'
    version_prefix = '/v1.0'

    def subclouds(self):
        return (self.get('subclouds') or {}).get('subclouds') or []

    def subcloud(self, ref):
        """The subcloud with this id or name, or None."""
        return self.find('subclouds', ref)
