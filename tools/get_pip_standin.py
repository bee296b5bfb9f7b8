"""Offline stand-in for ansible-test's get-pip-<version>.py bootstrap script.

starlingx.platform get-pip stand-in (installed by tools/install_get_pip_standin.sh)

ansible-test bootstraps pip in each virtual environment it creates by running
`get-pip-<version>.py`, downloaded from a host that is not reachable here. It
looks first for `~/.ansible/test/cache/get_pip_<version with _>.py`; this file
is installed there under that name. It takes the pip version from its own file
name, puts the pip wheel of that version (fetched beforehand from PyPI into
`pip-wheels/` beside it) on sys.path, and runs that pip as

    pip install --upgrade --force-reinstall <args ansible-test passed>

minus `--no-setuptools` / `--no-wheel` (get-pip.py options pip does not know).
"""

import glob
import os
import sys

DROPPED = ("--no-setuptools", "--no-wheel")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    name = os.path.splitext(os.path.basename(__file__))[0]  # get_pip_24_2
    version = name[len("get_pip_"):].replace("_", ".")
    wheel_dir = os.path.join(here, "pip-wheels")
    wheels = glob.glob(os.path.join(wheel_dir, "pip-%s-*.whl" % version))
    if not wheels:
        sys.exit("get-pip stand-in: no wheel pip-%s-*.whl in %s; run tools/install_get_pip_standin.sh"
                 % (version, wheel_dir))
    sys.path.insert(0, wheels[0])
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    args = [a for a in sys.argv[1:] if a not in DROPPED]
    sys.exit(pip_main(["install", "--upgrade", "--force-reinstall", "--find-links", wheel_dir] + args))


if __name__ == "__main__":
    main()
