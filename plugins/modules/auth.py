#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: auth
short_description: Log in to Keystone and return a token and the StarlingX endpoints
version_added: 0.1.0
description:
  - Authenticates to Keystone v3 with a password, an application credential or an existing token
    and returns the token with the endpoints of the service catalog for the selected interface and region.
  - Pass the returned RV(auth_token) (for example through C(module_defaults)) to later tasks so that each
    task does not log in again.
  - The returned token is a secret. Run this task with C(no_log=true); the registered variable still holds
    the token for later tasks.
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - starlingx.platform.auth
  - starlingx.platform.attributes
  - starlingx.platform.attributes.ACTION_GROUP
  - starlingx.platform.attributes.INFO_MODULE
options: {}
notes:
  - With O(auth_token) the token is validated and returned unchanged with its catalog, which needs O(auth_url).
seealso:
  - module: starlingx.platform.system_info
'''

EXAMPLES = r'''
- name: Log in once
  starlingx.platform.auth:
    auth_url: http://192.168.204.2:5000/v3
    username: admin
    password: "{{ admin_password }}"
    region_name: RegionOne
  register: stx_auth
  no_log: true

- name: Use the token in the following tasks
  module_defaults:
    group/starlingx.platform.platform:
      auth_url: http://192.168.204.2:5000/v3
      auth_token: "{{ stx_auth.auth_token }}"
      region_name: "{{ stx_auth.region_name }}"
  block:
    - name: Read the system
      starlingx.platform.system_info:

- name: Log in with the AWX/AAP OpenStack credential (clouds.yaml cloud "devstack")
  starlingx.platform.auth:
    cloud: devstack
  register: stx_auth
  no_log: true
'''

RETURN = r'''
auth_token:
  description:
    - The Keystone token (the C(X-Subject-Token) of the login). Sensitive; register it from a task with C(no_log).
  returned: success
  type: str
expires_at:
  description: Expiry time of the token as returned by Keystone.
  returned: success
  type: str
  sample: "2026-05-01T12:00:00.000000Z"
region_name:
  description:
    - The region used, O(region_name) if set, else the region of the C(platform) endpoint when only one region offers it.
  returned: success
  type: str
  sample: RegionOne
interface:
  description: The catalog interface used.
  returned: success
  type: str
  sample: public
endpoints:
  description:
    - Base URL per service type for the interface and region, as in the catalog (plus O(endpoint_override)).
    - Service types offered in several regions are left out when no region could be determined.
  returned: success
  type: dict
  sample:
    identity: http://10.20.0.3:5000/v3
    platform: http://10.20.0.3:6385/v1
    usm: http://10.20.0.3:15497
    nfv: http://10.20.0.3:4545
user:
  description: The authenticated user (C(id), C(name), C(domain)).
  returned: success
  type: dict
  sample: {"id": "2e3f...", "name": "admin", "domain": {"id": "default", "name": "Default"}}
project:
  description: The project the token is scoped to (C(id), C(name), C(domain)); empty for an unscoped token.
  returned: success
  type: dict
  sample: {"id": "8a1c...", "name": "admin", "domain": {"id": "default", "name": "Default"}}
roles:
  description: Names of the roles of the user in the project.
  returned: success
  type: list
  elements: str
  sample: [admin, member, reader]
'''

from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule


class AuthModule(StarlingXModule):
    argument_spec = {}
    module_kwargs = dict(supports_check_mode=True)
    returns_token = True

    def run(self):
        client = self.client
        token = client.authenticate()
        data = client.token_data
        region = client.resolved_region()
        return dict(
            changed=False,
            auth_token=token,
            expires_at=data.get('expires_at'),
            region_name=region,
            interface=client.interface,
            endpoints=client.endpoints(region),
            user=data.get('user') or {},
            project=data.get('project') or {},
            roles=[r.get('name') for r in (data.get('roles') or []) if r.get('name')],
        )


def main():
    AuthModule()()


if __name__ == '__main__':
    main()
