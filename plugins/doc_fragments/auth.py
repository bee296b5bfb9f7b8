# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0


class ModuleDocFragment(object):

    # Keep in step with AUTH_ARGUMENT_SPEC in plugins/module_utils/module.py.
    DOCUMENTATION = r'''
options:
  auth_url:
    description:
      - Keystone URL, for example C(http://192.168.204.2:5000/v3). C(/v3) is appended when missing.
      - If not set, the value from the O(cloud) entry of C(clouds.yaml), then the E(OS_AUTH_URL) environment variable is used.
      - Not needed when O(auth_token) is given together with O(endpoint_override) for every service the module uses.
    type: str
  username:
    description:
      - Keystone user name for password authentication, or the owner of the application credential named by O(application_credential_name).
      - Falls back to O(cloud), then E(OS_USERNAME).
    type: str
  password:
    description:
      - Keystone password. Falls back to O(cloud), then E(OS_PASSWORD).
    type: str
  project_name:
    description:
      - Project to scope the token to. Falls back to O(cloud), then E(OS_PROJECT_NAME); C(admin) when none is set.
    type: str
  user_domain_name:
    description:
      - Domain of O(username). Falls back to O(cloud) (C(user_domain_name), else C(domain_name)), then E(OS_USER_DOMAIN_NAME); C(Default) when none
        is set.
    type: str
  project_domain_name:
    description:
      - Domain of O(project_name). Falls back to O(cloud) (C(project_domain_name), else C(domain_name)), then E(OS_PROJECT_DOMAIN_NAME); C(Default)
        when none is set.
    type: str
  region_name:
    description:
      - Keystone region whose endpoints are used. A standalone StarlingX system uses a generated region name, a system controller C(RegionOne), a
        subcloud its own region.
      - Falls back to O(cloud), then E(OS_REGION_NAME).
      - When not set, a service offered in exactly one region is used from that region; otherwise the module fails and names the regions available.
      - The C(dcmanager) service is looked up in region C(SystemController) when O(region_name) does not offer it.
    type: str
  interface:
    description:
      - Catalog interface of the endpoints. Falls back to O(cloud), then E(OS_INTERFACE) or E(OS_ENDPOINT_TYPE) (a C(URL) suffix as in
        C(internalURL) is ignored); C(public) when none is set.
    type: str
    choices: [public, internal, admin]
  auth_token:
    description:
      - A token issued earlier, for example by M(starlingx.platform.auth). It is validated against Keystone to obtain the service catalog, unless
        O(endpoint_override) covers every service used (then O(auth_url) is not needed).
      - Falls back to O(cloud), then E(OS_AUTH_TOKEN).
      - Credentials come from one source. The first of module options, O(cloud) and environment that holds a token,
        a password or an application credential secret decides the authentication method.
    type: str
  application_credential_id:
    description:
      - ID of a Keystone application credential. Falls back to O(cloud), then E(OS_APPLICATION_CREDENTIAL_ID).
    type: str
  application_credential_name:
    description:
      - Name of a Keystone application credential of O(username). Falls back to O(cloud), then E(OS_APPLICATION_CREDENTIAL_NAME).
    type: str
  application_credential_secret:
    description:
      - Secret of the application credential. Falls back to O(cloud), then E(OS_APPLICATION_CREDENTIAL_SECRET).
    type: str
  cloud:
    description:
      - Name of a cloud in C(clouds.yaml), searched in E(OS_CLIENT_CONFIG_FILE), C(./clouds.yaml), C(~/.config/openstack/clouds.yaml) and
        C(/etc/openstack/clouds.yaml) (the first file found is used). Falls back to E(OS_CLOUD).
      - The AWX/AAP OpenStack credential works unchanged with O(cloud=devstack); when no cloud is named and E(OS_CLIENT_CONFIG_FILE) holds exactly
        one cloud, that cloud is used unless O(auth_url) or E(OS_AUTH_URL) is set.
      - Reading C(clouds.yaml) requires PyYAML (shipped with ansible-core).
    type: str
  validate_certs:
    description:
      - Whether to verify TLS certificates. Falls back to C(verify) in O(cloud); V(true) when not set.
    type: bool
  ca_cert:
    description:
      - CA bundle used to verify TLS certificates. Falls back to C(cacert) in O(cloud), then E(OS_CACERT).
    type: path
  api_timeout:
    description:
      - Timeout in seconds of each HTTP request. Falls back to C(api_timeout) in O(cloud); 60 when not set.
    type: int
  endpoint_override:
    description:
      - URL per service type used instead of the catalog, for example C(platform=https://10.10.10.2:6385/v1).
      - Service types are C(platform) (sysinv), C(usm), C(nfv) (VIM), C(dcmanager), C(faultmanagement) and C(identity); the aliases C(sysinv),
        C(vim), C(fm) and C(keystone) are accepted.
    type: dict
  api_log_path:
    description:
      - Append one JSON line per HTTP request (method, URL, status, elapsed time, request and response headers and bodies) to this file, created
        with mode 0600.
      - Tokens, passwords and other secrets are redacted; form-encoded and multipart bodies are logged by size only.
    type: path
notes:
  - Secrets read from C(clouds.yaml) or the environment are masked in the module output like O(password).
'''
