#!/usr/bin/env bash
# Print the path of a python<X.Y> interpreter: the newest pyenv build of that
# minor version if there is one, else python<X.Y> from PATH.
#   tools/find_python.sh 3.12      -> /root/.pyenv/versions/3.12.1/bin/python3.12
set -euo pipefail
v=${1:?usage: find_python.sh X.Y}
root=${PYENV_ROOT:-$HOME/.pyenv}
found=$(ls -d "$root"/versions/"$v".[0-9]*/bin/python"$v" 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$found" ] || found=$(command -v "python$v" 2>/dev/null || true)
if [ -z "$found" ]; then
    echo "python$v not found (pyenv versions or PATH)" >&2
    exit 1
fi
echo "$found"
