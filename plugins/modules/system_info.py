#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: system_info
short_description: Read the StarlingX system (sysinv isystem)
version_added: 0.1.0
description:
  - Returns the system of the selected region as sysinv reports it (C(GET /v1/isystems)), that is its
    name, type and mode, region, software version, distributed cloud role and capabilities.
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - starlingx.platform.auth
  - starlingx.platform.attributes
  - starlingx.platform.attributes.ACTION_GROUP
  - starlingx.platform.attributes.INFO_MODULE
options: {}
seealso:
  - module: starlingx.platform.auth
'''

EXAMPLES = r'''
- name: Read the system
  starlingx.platform.system_info:
    auth_url: http://192.168.204.2:5000/v3
    username: admin
    password: "{{ admin_password }}"
    region_name: RegionOne
  register: stx

- name: Require HTTPS on the platform APIs
  ansible.builtin.assert:
    that:
      - stx.system.capabilities.https_enabled | bool
      - stx.system.system_mode in ['simplex', 'duplex']
'''

RETURN = r'''
system:
  description: The system.
  returned: success
  type: dict
  contains:
    uuid:
      description: UUID of the system.
      type: str
      sample: 5f3c4f5e-1d2a-4c3b-9e8f-0a1b2c3d4e5f
    name:
      description: Name of the system.
      type: str
      sample: stx-lab-1
    system_type:
      description: C(All-in-one) or C(Standard).
      type: str
      sample: All-in-one
    system_mode:
      description: C(simplex), C(duplex) or C(duplex-direct).
      type: str
      sample: simplex
    region_name:
      description: Keystone region of the system (a generated name on a standalone system, C(RegionOne) on a system controller).
      type: str
      sample: RegionOne
    software_version:
      description: Software release of the system.
      type: str
      sample: "25.09"
    distributed_cloud_role:
      description: C(systemcontroller), C(subcloud), or null for a standalone system.
      type: str
      sample: null
    timezone:
      description: Time zone.
      type: str
      sample: UTC
    description:
      description: Free-text description.
      type: str
    location:
      description: Free-text location.
      type: str
    contact:
      description: Free-text contact.
      type: str
    latitude:
      description: Latitude, if set.
      type: str
    longitude:
      description: Longitude, if set.
      type: str
    capabilities:
      description: System capabilities (C(https_enabled), C(sdn_enabled), C(vswitch_type), C(shared_services), C(region_config), ...).
      type: dict
      sample: {"https_enabled": true, "sdn_enabled": false, "vswitch_type": "none", "shared_services": "[]", "region_config": false}
'''

from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI

FIELDS = ('uuid', 'name', 'system_type', 'system_mode', 'region_name', 'software_version', 'distributed_cloud_role',
          'timezone', 'description', 'location', 'contact', 'latitude', 'longitude', 'capabilities')


class SystemInfoModule(StarlingXModule):
    argument_spec = {}
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        isystem = SysinvAPI(self.client).system()
        system = dict((field, isystem.get(field)) for field in FIELDS)
        system['capabilities'] = system['capabilities'] or {}
        return dict(changed=False, system=system)


def main():
    SystemInfoModule()()


if __name__ == '__main__':
    main()
