"""The emulated StarlingX services. Each is a ``stx_emulator.service.Service`` subclass.

Keystone is added by the server itself; the list below is every other service, in catalog order.
"""

SERVICES = []


def _load():
    import importlib

    for module, cls in (
        ("stx_emulator.services.sysinv", "Sysinv"),
        ("stx_emulator.services.usm", "Usm"),
        ("stx_emulator.services.vim", "Vim"),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        SERVICES.append(getattr(mod, cls))


_load()
