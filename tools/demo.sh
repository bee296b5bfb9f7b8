#!/usr/bin/env bash
# make demo [TOPOLOGY=aio-sx|aio-dx|standard] [DEMO_TIME_SCALE=0.02]
#
# Deploy an emulated StarlingX system with the collection, end to end: start a fresh stx-emulator (controller-0
# installed, nothing bootstrapped; long operations at DEMO_TIME_SCALE x their real duration), run the topology's
# playbook with the emulator inventory (bootstrap, provisioning of every host, applications), print a summary of
# the system as sysinv reports it, and stop the emulator whatever happens.
# Runs with the .venv and the collection copy in build/ansible_collections (make tree).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOPOLOGY=${1:-aio-sx}
TIME_SCALE=${2:-0.02}
VENV=${VENV:-$ROOT/.venv}

case "$TOPOLOGY" in
    aio-sx|aio-dx|standard) ;;
    *) echo "TOPOLOGY must be aio-sx, aio-dx or standard, not '$TOPOLOGY'" >&2; exit 2 ;;
esac
PLAYBOOK=starlingx.platform.${TOPOLOGY//-/_}
INVENTORY=$ROOT/inventories/emulator/$TOPOLOGY

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/stx-demo.XXXXXX")
stop_emulator() {
    local rc=$?
    if [ -f "$RUN_DIR/pid" ]; then
        if [ $rc -ne 0 ]; then
            echo "== the last lines of the emulator's log ($RUN_DIR/emulator.log):"
            tail -n 20 "$RUN_DIR/emulator.log" || true
        fi
        "$VENV/bin/stx-emulator" stop --run-dir "$RUN_DIR" || true
        echo "== emulator stopped"
    fi
    rm -rf "$RUN_DIR"
    exit $rc
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

start=$(date +%s)
echo "== starting stx-emulator: a fresh $TOPOLOGY system (controller-0 installed, not bootstrapped), time scale $TIME_SCALE"
status=$("$VENV/bin/stx-emulator" start --run-dir "$RUN_DIR" --fresh --topology "$TOPOLOGY" \
    --time-scale "$TIME_SCALE" --port-offset auto)
offset=$("$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["port_offset"])' <<<"$status")
echo "   listening on 127.0.0.1, port offset $offset (keystone $((5000 + offset)), sysinv $((6385 + offset)))"

export ANSIBLE_COLLECTIONS_PATH=$ROOT/build
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=false
export ANSIBLE_DEPRECATION_WARNINGS=false
export STX_EMULATOR_PORT_OFFSET=$offset
export STX_EMULATOR_RUN_DIR=$RUN_DIR

echo "== ansible-playbook -i inventories/emulator/$TOPOLOGY $PLAYBOOK"
"$VENV/bin/ansible-playbook" -i "$INVENTORY" "$PLAYBOOK"

echo "== ansible-playbook -i inventories/emulator/$TOPOLOGY starlingx.platform.summary"
ANSIBLE_CALLBACK_RESULT_FORMAT=yaml "$VENV/bin/ansible-playbook" -i "$INVENTORY" starlingx.platform.summary

echo "== $TOPOLOGY deployed in $(( $(date +%s) - start )) s (emulated durations x $TIME_SCALE)"
