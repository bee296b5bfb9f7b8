#!/bin/sh
# restart_after_crash.sh RUN_DIR PYTHON START_OPTIONS...
# Wait until the emulator whose pid is in RUN_DIR/pid has exited, then start it again once with START_OPTIONS
# (the same --state file and --port-offset): a service brought back after its controller crashed. Its own pid is
# in RUN_DIR/supervisor.pid (destroy.yml kills it first); the new status goes to RUN_DIR/restarted.json.
set -eu
run_dir=$1
python=$2
shift 2
echo $$ > "$run_dir/supervisor.pid"
pid=$(cat "$run_dir/pid")
while kill -0 "$pid" 2>/dev/null; do
    sleep 0.2
done
"$python" -m stx_emulator start --run-dir "$run_dir" "$@" > "$run_dir/restarted.json"
rm -f "$run_dir/supervisor.pid"
