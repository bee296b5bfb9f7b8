# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0


class ModuleDocFragment(object):

    # Keep in step with WAIT_ARGUMENT_SPEC in plugins/module_utils/module.py.
    DOCUMENTATION = r'''
options:
  wait:
    description:
      - Whether to wait until the operation has reached its final state.
    type: bool
    default: true
  timeout:
    description:
      - How long to wait, in seconds, when O(wait=true). On timeout the module fails and reports the last state it observed.
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds between two reads of the state while waiting.
    type: float
    default: 5.0
'''
