# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0


class ModuleDocFragment(object):

    # Descriptions only; each module (or one of the fragments below) states its support.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target; no write request is sent.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode. Secret values are never shown.
'''

    ACTION_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/starlingx.platform.platform) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - starlingx.platform.platform
'''

    CHECK_MODE_READ_ONLY = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads; it runs normally in check mode.
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads; it runs normally in check mode.
  diff_mode:
    support: N/A
    details:
      - This module does not change anything.
'''
