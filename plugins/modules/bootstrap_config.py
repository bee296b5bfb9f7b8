#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

DOCUMENTATION = r'''
---
module: bootstrap_config
short_description: Validate StarlingX bootstrap overrides and write the override file (localhost.yml)
version_added: 0.1.0
description:
  - Validates the overrides of the StarlingX bootstrap playbook with the rules of starlingx/ansible-playbooks
    (C(bootstrap/validate-config), C(common/validate-addresses), C(common/validate-registries),
    C(bootstrap/store-passwd)) and the address pool rules sysinv applies when the bootstrap creates the pools,
    then writes them as the override file the playbook reads (C(localhost.yml) in the home directory of the
    user that runs it).
  - Every subnet and address is checked with netaddr, including dual-stack values (C("192.168.204.0/24,fd01::/64"),
    primary family first), ranges, floating, controller and gateway addresses, DNS servers, registries,
    applications, the admin password and the time zone. All problems are reported together, each naming the
    key, the value (secrets masked) and the rule, before anything is written.
  - Secrets (C(admin_password), registry passwords, C(ansible_become_pass), ...) can be kept in a separate file,
    O(secrets_dest). Both files are written with mode C(0600).
  - Runs where the file is written (controller-0, or the controller host to prepare the file); it does not talk
    to any StarlingX API, so it takes no auth options and is not in the C(platform) action group.
author:
  - starlingx.platform contributors (!UNKNOWN)
requirements:
  - netaddr
extends_documentation_fragment:
  - starlingx.platform.attributes
attributes:
  check_mode:
    support: full
    details:
      - Validates and reports whether the files would change; writes nothing.
  diff_mode:
    support: full
    details:
      - The text of each file before and after, with secret values masked.
options:
  overrides:
    description:
      - The bootstrap overrides, keyed as the bootstrap playbook reads them (see C(host_vars/bootstrap/default.yml)
        of starlingx/ansible-playbooks), for example C(system_mode), C(distributed_cloud_role), C(timezone),
        C(dns_servers), C(management_subnet), C(external_oam_floating_address), C(docker_registries),
        C(admin_password), C(applications).
      - Keys left out take the playbook's defaults; the file holds only the keys given here.
      - Dual-stack subnets and addresses are one string, primary first, for example
        C(external_oam_subnet="10.10.10.0/24,fd00::/64").
      - Keys the playbook does not read are written as given, with a warning.
    type: dict
    required: true
  dest:
    description:
      - The override file. The playbook reads C(<inventory_hostname>.yml), normally C(localhost.yml), from its
        C(override_files_dir), the home directory of the user running it.
      - C(~) is expanded on the host the module runs on, for the user the module runs as (with C(become), root's
        home); give an absolute path when you use C(become).
    type: path
    default: ~/localhost.yml
  secrets_dest:
    description:
      - A separate file for the secret overrides (C(admin_password), C(vault_admin_password), C(ansible_become_pass),
        C(docker_registries) when a registry has a password, ...). The playbook reads C(secrets.yml) and
        C(<inventory_hostname>_secrets.yml) from the same directory as O(dest), before O(dest).
      - When not given, the secrets stay in O(dest).
    type: path
  system_type:
    description:
      - The system type of the installed image. On a C(Standard) system the bootstrap forces C(system_mode=duplex).
      - Default is the C(system_type) of C(/etc/platform/platform.conf) when that file exists, else C(All-in-one).
    type: str
    choices: [All-in-one, Standard]
  password_rules_file:
    description:
      - The keystone password rules the admin password must meet (C(password_regex) and
        C(password_regex_description)), as the bootstrap reads them on controller-0.
      - When the file does not exist, the historic StarlingX rule applies (at least 7 characters with an upper case
        and a lower case letter, a digit and a special character).
      - In every case the password may contain neither C(') nor C(").
    type: path
    default: /etc/keystone/password-rules.conf
  validate_only:
    description:
      - Only validate and return the effective overrides; write nothing.
    type: bool
    default: false
  backup:
    description:
      - Keep a time-stamped copy of a file before it is replaced (mode C(0600)).
    type: bool
    default: false
notes:
  - The derived defaults follow C(validate-config) (range start = subnet + 1, end = last address but one on IPv4
    and the last address on IPv6, floating = range start, controller-0/1 = floating + 1/+2 except on simplex, OAM
    units = OAM floating + 1/+2) and are returned in RV(overrides) and RV(networks); they are not written.
  - Existing files are compared as text; a file with the same overrides written differently is rewritten once.
seealso:
  - name: StarlingX bootstrap overrides
    description: The documented defaults of the bootstrap playbook.
    link: https://opendev.org/starlingx/ansible-playbooks/src/branch/master/playbookconfig/src/playbooks/host_vars/bootstrap/default.yml
'''

EXAMPLES = r'''
- name: Write the bootstrap overrides of an AIO-DX system on controller-0
  starlingx.platform.bootstrap_config:
    dest: /home/sysadmin/localhost.yml
    secrets_dest: /home/sysadmin/secrets.yml
    overrides:
      system_mode: duplex
      timezone: Europe/Paris
      dns_servers: [10.20.0.10, 10.20.0.11]
      external_oam_subnet: 10.20.1.0/24
      external_oam_gateway_address: 10.20.1.1
      external_oam_floating_address: 10.20.1.10
      admin_password: "{{ vault_stx_admin_password }}"
      docker_registries:
        defaults:
          url: registry.example.com:5000
          username: stx
          password: "{{ vault_registry_password }}"
      applications:
        - /home/sysadmin/apps/my-app-1.0-1.tgz:
  register: bootstrap_overrides

- name: Check dual-stack overrides without writing them
  starlingx.platform.bootstrap_config:
    validate_only: true
    overrides:
      system_mode: duplex
      management_subnet: 192.168.204.0/24,fd01::/64
      cluster_host_subnet: 192.168.206.0/24,fd02::/64
      cluster_pod_subnet: 172.16.0.0/16,fd03::/64
      cluster_service_subnet: 10.96.0.0/12,fd04::/112
      external_oam_subnet: 10.10.10.0/24,fd00::/64
      external_oam_gateway_address: 10.10.10.1,fd00::1
      external_oam_floating_address: 10.10.10.2,fd00::2
  register: plan

- name: Show the derived OAM unit addresses
  ansible.builtin.debug:
    msg: "{{ plan.overrides.external_oam_node_0_address }} {{ plan.overrides.external_oam_node_1_address }}"
'''

RETURN = r'''
dest:
  description: The override file.
  returned: always
  type: str
  sample: /home/sysadmin/localhost.yml
secrets_dest:
  description: The secrets file, or null when the secrets are kept in RV(dest).
  returned: always
  type: str
  sample: /home/sysadmin/secrets.yml
overrides:
  description:
    - The effective overrides the bootstrap will use - the playbook defaults, the given keys and the derived
      addresses (C(<network>_start_address), C(_end_address), C(_floating_address), C(external_oam_node_0_address),
      ...; dual-stack values as C("v4,v6")) - with secret values masked.
    - With C(system_type=Standard), C(system_mode) is C(duplex) whatever was given.
  returned: success
  type: dict
  sample: {"system_mode": "duplex", "management_start_address": "192.168.204.1", "admin_password": "********"}
networks:
  description:
    - The address plan per network (C(pxeboot), C(management), C(cluster_host), C(cluster_pod), C(cluster_service),
      C(oam), C(multicast), C(admin)), one item per family, primary first, as the bootstrap creates the pools.
    - C(controller0)/C(controller1) are the controller addresses the bootstrap derives (the floating address on
      simplex; for C(oam) only on duplex, where the pool holds them).
  returned: success
  type: dict
  sample: {"oam": [{"family": 4, "subnet": "10.10.10.0/24", "start": "10.10.10.1", "end": "10.10.10.254",
           "floating": "10.10.10.2", "controller0": "10.10.10.3", "controller1": "10.10.10.4",
           "gateway": "10.10.10.1"}]}
system_type:
  description: The system type the overrides were validated for.
  returned: always
  type: str
  sample: All-in-one
errors:
  description:
    - "Every rejected value, as C(<key> '<value>': <rule>) (secret values masked). Empty on success."
  returned: always
  type: list
  elements: str
  sample: ["management_start_address '192.168.205.2': Failed validation, management start or end address must
           be within its subnet range. (range 192.168.205.2-192.168.204.254 in 192.168.204.0/24)"]
backup_file:
  description: The backup of RV(dest), when O(backup=true) and it was replaced.
  returned: changed and O(backup=true)
  type: str
secrets_backup_file:
  description: The backup of RV(secrets_dest), when O(backup=true) and it was replaced.
  returned: changed and O(backup=true)
  type: str
'''

import os
import stat
import tempfile

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.starlingx.platform.plugins.module_utils import bootstrap_rules as rules
from ansible_collections.starlingx.platform.plugins.module_utils.yaml_text import dump, mask_lines

PLATFORM_CONF = '/etc/platform/platform.conf'
FILE_MODE = 0o600
HEADER = ['StarlingX bootstrap overrides, written by starlingx.platform.bootstrap_config.',
          'The bootstrap playbook reads its override files from override_files_dir ($HOME):',
          'secrets.yml, <host>_secrets.yml, site.yml, then <host>.yml (localhost.yml); the last one wins.']


def secret_values(value, secret=False):
    """Every secret scalar in the overrides (to be masked wherever it would appear in the output)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from secret_values(item, secret or rules.is_secret_key(key))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from secret_values(item, secret)
    elif secret and value is not None and not isinstance(value, bool) and str(value):
        yield str(value)


class BootstrapConfig(object):
    argument_spec = dict(
        overrides=dict(type='dict', required=True),
        dest=dict(type='path', default='~/localhost.yml'),
        secrets_dest=dict(type='path', no_log=False),
        system_type=dict(type='str', choices=list(rules.SYSTEM_TYPES)),
        password_rules_file=dict(type='path', default='/etc/keystone/password-rules.conf', no_log=False),
        validate_only=dict(type='bool', default=False),
        backup=dict(type='bool', default=False),
    )

    def __init__(self):
        # no_log: AnsibleModule would log its arguments (the secrets among the overrides) to syslog/journald
        # before they are known; the result is masked below (no_log_values) instead of hiding every override.
        self.module = AnsibleModule(argument_spec=self.argument_spec, supports_check_mode=True, no_log=True)
        self.params = self.module.params
        for value in secret_values(self.params['overrides']):
            self.module.no_log_values.add(value)

    # -- inputs ----------------------------------------------------------------------------------------------
    def system_type(self):
        if self.params['system_type']:
            return self.params['system_type']
        text = self._read(PLATFORM_CONF)
        return rules.system_type_from_platform_conf(text) or rules.ALL_IN_ONE

    def password_rule(self, errors):
        path = self.params['password_rules_file']
        text = self._read(path)
        if text is None:
            return None
        rule = rules.read_password_rules(text)
        if rule[0] is None:
            errors.append('password_rules_file %r: Required option password_regex not found in %s.' % (path, path))
            return None
        return rule

    @staticmethod
    def _read(path):
        if not path or not os.path.isfile(path):
            return None
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')

    # -- files -----------------------------------------------------------------------------------------------
    def plan_file(self, path, text):
        """What writing ``text`` to ``path`` changes: dict(path, text, before, changed)."""
        if os.path.isdir(path):
            self.fail('%s is a directory; dest and secrets_dest are file paths' % path)
        before = None
        mode_ok = True
        if os.path.exists(path):
            try:
                before = self._read(path)
            except (IOError, OSError) as exc:
                self.fail('cannot read %s: %s' % (path, to_native(exc)))
            mode_ok = stat.S_IMODE(os.stat(path).st_mode) == FILE_MODE
        return dict(path=path, text=text, before=before, changed=before != text or not mode_ok,
                    content_changed=before != text)

    def write_file(self, plan):
        path = plan['path']
        directory = os.path.dirname(path) or '.'
        if not os.path.isdir(directory):
            self.fail('the directory of %s does not exist' % path)
        if not plan['content_changed']:
            os.chmod(path, FILE_MODE)
            return
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), dir=directory)
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(plan['text'].encode('utf-8'))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, FILE_MODE)
            if os.path.exists(path):
                current = os.stat(path)
                try:
                    os.chown(tmp, current.st_uid, current.st_gid)
                except OSError:
                    pass
            os.rename(tmp, path)
        except (IOError, OSError) as exc:
            if os.path.exists(tmp):
                os.unlink(tmp)
            self.fail('cannot write %s: %s' % (path, to_native(exc)))

    def backup(self, path):
        backup_file = self.module.backup_local(path)
        if backup_file:
            os.chmod(backup_file, FILE_MODE)
        return backup_file

    # -- run -------------------------------------------------------------------------------------------------
    def fail(self, msg, **kwargs):
        kwargs.setdefault('errors', [])
        self.module.fail_json(msg=msg, dest=self.params['dest'], secrets_dest=self.params['secrets_dest'], **kwargs)

    def run(self):
        if not rules.HAS_NETADDR:
            self.module.fail_json(msg=missing_required_lib('netaddr'), exception=rules.NETADDR_IMPORT_ERROR)
        params = self.params
        dest, secrets_dest = params['dest'], params['secrets_dest']
        overrides = params['overrides']
        system_type = self.system_type()
        errors = []
        if secrets_dest and os.path.abspath(secrets_dest) == os.path.abspath(dest):
            errors.append('secrets_dest %r: must differ from dest' % secrets_dest)
        report = rules.validate(overrides, system_type=system_type, password_rule=self.password_rule(errors))
        errors += report.messages
        for warning in report.warnings:
            self.module.warn(warning)
        if errors:
            self.fail('%d invalid bootstrap override%s, nothing written: %s'
                      % (len(errors), '' if len(errors) == 1 else 's', '; '.join(errors)),
                      errors=errors, system_type=system_type)
        if secrets_dest and os.path.dirname(os.path.abspath(secrets_dest)) != os.path.dirname(os.path.abspath(dest)):
            self.module.warn('secrets_dest is not in the directory of dest: the bootstrap playbook reads secrets.yml '
                             'and <host>_secrets.yml from its override_files_dir only')
        result = dict(changed=False, dest=dest, secrets_dest=secrets_dest, overrides=report.effective(),
                      networks=report.networks, system_type=system_type, errors=[])
        if params['validate_only']:
            return result

        files = self.render(overrides, dest, secrets_dest)
        plans = [self.plan_file(path, text) for path, text in files]
        result['changed'] = any(plan['changed'] for plan in plans)
        if self.module._diff:
            diffs = [dict(before=mask_lines(plan['before'] or '', rules.is_secret_key, rules.MASK),
                          after=mask_lines(plan['text'], rules.is_secret_key, rules.MASK),
                          before_header=plan['path'], after_header=plan['path']) for plan in plans]
            result['diff'] = diffs if len(diffs) > 1 else diffs[0]
        if self.module.check_mode:
            return result
        for plan, key in zip(plans, ('backup_file', 'secrets_backup_file')):
            if not plan['changed']:
                continue
            if params['backup'] and plan['before'] is not None and plan['content_changed']:
                result[key] = self.backup(plan['path'])
            self.write_file(plan)
        return result

    def render(self, overrides, dest, secrets_dest):
        """[(path, text)] of the files to write: dest, then secrets_dest when given."""
        if not secrets_dest:
            return [(dest, dump(overrides, key_order=rules.key_order, header=HEADER))]
        public, secrets = rules.split_secrets(overrides)
        header = HEADER + ['Secrets (admin_password, registry credentials, ...) are in %s.' % secrets_dest]
        secrets_header = ['Secret StarlingX bootstrap overrides, written by starlingx.platform.bootstrap_config,',
                          'read by the bootstrap playbook before %s. Keep this file private.' % dest]
        return [(dest, dump(public, key_order=rules.key_order, header=header)),
                (secrets_dest, dump(secrets, key_order=rules.key_order, header=secrets_header))]

    def __call__(self):
        self.module.exit_json(**self.run())


def main():
    BootstrapConfig()()


if __name__ == '__main__':
    main()
