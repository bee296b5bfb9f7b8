#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: host_info
short_description: Read the hosts of a StarlingX system
version_added: 0.1.0
description:
  - Returns the hosts of the system as sysinv reports them (C(GET /v1/ihosts)), or one host, with their
    personality, administrative, operational and availability states, task, management address and capabilities.
  - A host that does not exist gives an empty list; the module never fails on "not found".
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
      - Hostname (or id or UUID) of the one host to return.
    type: str
    aliases: [hostname]
  personality:
    description:
      - Return only the hosts of this personality. V(none) returns the PXE-discovered hosts that have no personality
        yet.
    type: str
    choices: [controller, worker, storage, edgeworker, none]
seealso:
  - module: starlingx.platform.host
'''

EXAMPLES = r'''
- name: Every host
  starlingx.platform.host_info:
  register: stx_hosts

- name: Unlocked hosts that are not available
  ansible.builtin.debug:
    msg: "{{ stx_hosts.hosts | selectattr('administrative', '==', 'unlocked')
             | rejectattr('availability', '==', 'available') | map(attribute='hostname') }}"

- name: Hosts that PXE-booted and wait to be provisioned
  starlingx.platform.host_info:
    personality: none
  register: discovered

- name: Wait until worker-0 is installed and online
  starlingx.platform.host_info:
    name: worker-0
  register: worker
  until: worker.hosts and worker.hosts[0].availability == 'online'
  retries: 60
  delay: 30
'''

RETURN = r'''
hosts:
  description:
    - The hosts (sorted by id), each as sysinv reports it without its links; empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Numeric id of the host.
      type: int
    uuid:
      description: UUID of the host.
      type: str
    hostname:
      description: Hostname (null for a PXE-discovered host not provisioned yet).
      type: str
    personality:
      description: C(controller), C(worker), C(storage), C(edgeworker), or null.
      type: str
    subfunctions:
      description: Comma-separated subfunctions.
      type: str
    administrative:
      description: C(locked) or C(unlocked).
      type: str
    operational:
      description: C(enabled) or C(disabled).
      type: str
    availability:
      description: C(available), C(online), C(offline), C(intest), C(degraded), C(failed), C(power-off).
      type: str
    task:
      description: Maintenance task in progress.
      type: str
    invprovision:
      description: C(unprovisioned), C(provisioning) or C(provisioned).
      type: str
    mgmt_mac:
      description: Management MAC address.
      type: str
    mgmt_ip:
      description: Management IP address.
      type: str
    capabilities:
      description: Capabilities; C(Personality) is C(Controller-Active) or C(Controller-Standby) on controllers.
      type: dict
    install_state:
      description: Installation progress.
      type: str
'''

from ansible_collections.starlingx.platform.plugins.module_utils.module import StarlingXModule
from ansible_collections.starlingx.platform.plugins.module_utils.sysinv import SysinvAPI, without_links


class HostInfoModule(StarlingXModule):
    argument_spec = dict(
        name=dict(type='str', aliases=['hostname']),
        personality=dict(type='str', choices=['controller', 'worker', 'storage', 'edgeworker', 'none']),
    )
    module_kwargs = dict(supports_check_mode=True)

    def run(self):
        api = SysinvAPI(self.client)
        name, personality = self.params['name'], self.params['personality']
        if name:
            found = api.host(name)
            hosts = [found] if found is not None else []
        else:
            hosts = api.hosts(personality=personality if personality not in (None, 'none') else None)
        if personality == 'none':
            hosts = [h for h in hosts if not h.get('personality')]
        elif personality:
            hosts = [h for h in hosts if h.get('personality') == personality]
        hosts = sorted(hosts, key=lambda h: (h.get('id') is None, h.get('id')))
        return dict(changed=False, hosts=[without_links(h) for h in hosts])


def main():
    HostInfoModule()()


if __name__ == '__main__':
    main()
