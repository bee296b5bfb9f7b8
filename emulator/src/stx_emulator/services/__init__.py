"""The emulated StarlingX services. Each is a ``stx_emulator.service.Service`` subclass.

Keystone is added by the server itself; ``SERVICES`` is every other service, in catalog order.
"""

from .sysinv import Sysinv
from .usm import Usm
from .vim import Vim

SERVICES = [Sysinv, Usm, Vim]
