#!/usr/bin/env bash
# Install tools/get_pip_standin.py as ansible-test's cached get-pip script for
# each pip version given (default: the versions ansible-core 2.16-2.20 use),
# with the matching pip wheel downloaded from PyPI next to it.
#
#   tools/install_get_pip_standin.sh [PIP_VERSION...]
#   PYTHON=/path/to/python (default python3) is used for `pip download`.
#
# Idempotent: an existing wheel is not downloaded again; a cached get-pip
# script that is not ours (e.g. the real one) is left alone.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
cache=${ANSIBLE_TEST_CACHE:-$HOME/.ansible/test/cache}
marker='starlingx.platform get-pip stand-in'
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(23.1.2 24.2 25.2)

mkdir -p "$cache/pip-wheels"
for v in "${versions[@]}"; do
    script="$cache/get_pip_${v//./_}.py"
    if ! compgen -G "$cache/pip-wheels/pip-$v-*.whl" >/dev/null; then
        "$python" -m pip download --quiet --disable-pip-version-check --no-deps \
            --only-binary=:all: --dest "$cache/pip-wheels" "pip==$v"
    fi
    if [ -e "$script" ] && ! grep -q "$marker" "$script"; then
        echo "kept existing $script (not our stand-in)"
        continue
    fi
    install -m 0644 "$here/get_pip_standin.py" "$script"
    echo "get-pip stand-in for pip $v: $script"
done
