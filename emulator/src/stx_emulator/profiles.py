"""Release profiles: where the real APIs of StarlingX releases differ.

``api_style`` is USM's precheck/start style: ``path`` (``POST /v1/deploy/{rel}/start``, stx 10-12) or ``body``
(``POST /v1/deploy/start {"releases": [...]}``, master). ``max_majors`` is how many major releases USM keeps.
The version strings are what ``isystem.software_version`` and USM report on such a system.
TODO(usm): verify the version strings against starlingx/update and starlingx/config for each branch.
"""

PROFILES = {
    "stx-10": {"api_style": "path", "sw_version": "24.09", "patch": "24.09.0", "max_majors": 2, "options": False},
    "stx-11": {"api_style": "path", "sw_version": "25.09", "patch": "25.09.0", "max_majors": 2, "options": True},
    "stx-12": {"api_style": "path", "sw_version": "26.03", "patch": "26.03.0", "max_majors": 2, "options": True},
    "master": {"api_style": "body", "sw_version": "26.09", "patch": "26.09.0", "max_majors": 3, "options": True},
}
DEFAULT_PROFILE = "stx-11"


def profile(name):
    if name not in PROFILES:
        raise ValueError("release profile must be one of %s, not %r" % (", ".join(sorted(PROFILES)), name))
    return PROFILES[name]
