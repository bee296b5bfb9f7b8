"""stx-emulator: a faithful, stateful emulator of the StarlingX platform REST APIs."""

__version__ = "0.1.0"
