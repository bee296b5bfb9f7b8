#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: application_info
short_description: Read StarlingX applications (sysinv apps)
version_added: 0.1.0
description:
  - Returns the Kubernetes applications of the system as C(system application-list) and C(application-show) do
    (C(GET /v1/apps), C(GET /v1/apps/{name})), with their version, status and progress.
  - Versions that an update left C(inactive) are not listed, as in sysinv's own list.
author:
  - starlingx.platform contributors (!UNKNOWN)
extends_documentation_fragment:
  - starlingx.platform.auth
  - starlingx.platform.attributes
  - starlingx.platform.attributes.ACTION_GROUP
  - starlingx.platform.attributes.INFO_MODULE
options:
  name:
    description:
      - Return only this application. An application that does not exist yields an empty list, not an error.
    type: str
seealso:
  - module: starlingx.platform.application
'''

EXAMPLES = r'''
- name: Read every application
  starlingx.platform.application_info:
  register: apps

- name: Show the applications that are not applied
  ansible.builtin.debug:
    msg: "{{ apps.applications | rejectattr('status', 'eq', 'applied') | map(attribute='name') | list }}"

- name: Read cert-manager
  starlingx.platform.application_info:
    name: cert-manager
  register: cm

- name: Require it applied
  ansible.builtin.assert:
    that: cm.applications | length == 1 and cm.applications[0].status == 'applied'
'''

RETURN = r'''
applications:
  description: The applications, sorted by name; empty when O(name) does not exist.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name.
      type: str
      sample: cert-manager
    app_version:
      description: Version.
      type: str
      sample: 25.09-102
    manifest_name:
      description: FluxCD manifest name.
      type: str
      sample: cert-manager-fluxcd-manifests
    manifest_file:
      description: FluxCD manifest directory.
      type: str
      sample: fluxcd-manifests
    status:
      description: C(uploading), C(uploaded), C(upload-failed), C(applying), C(applied), C(apply-failed), C(removing),
        C(remove-failed), C(updating), C(recovering), ...
      type: str
      sample: applied
    progress:
      description: sysinv's progress text.
      type: str
      sample: completed
    active:
      description: Whether this version is the active one.
      type: bool
    created_at:
      description: Creation time (only with O(name); the list of sysinv does not return it).
      type: str
    updated_at:
      description: Last update time (only with O(name)).
      type: str
'''

from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI

FIELDS = ('name', 'app_version', 'manifest_name', 'manifest_file', 'status', 'progress', 'active', 'created_at',
          'updated_at')


def view(app):
    return dict((field, app.get(field)) for field in FIELDS if field in app)


class ApplicationInfoModule(StarlingXModule):
    argument_spec = dict(name=dict(type='str'))
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        api = SysinvAPI(self.client)
        name = self.params['name']
        if name:
            app = api.app(name)
            apps = [app] if app else []
        else:
            apps = api.apps()
        return dict(changed=False, applications=sorted((view(a) for a in apps), key=lambda a: a.get('name') or ''))


def main():
    ApplicationInfoModule()()


if __name__ == '__main__':
    main()
