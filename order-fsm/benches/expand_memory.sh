#!/usr/bin/env bash
# Peak memory and time of reading, checking and expanding very large specs, as the derive
# does them (the expand_time example: the derive's defaults, no typestate API past 256
# lines), at 20,000 and 200,000 states with five lines per state.
#
#   bash order-fsm/benches/expand_memory.sh [WORK_DIR]
#
# Each size is run twice: once only reading and checking (--check-only), once expanding
# too, both under /usr/bin/time for the peak resident size. The ratio of the two expanded
# peaks shows how memory grows with the spec (ten times the states). STATES="20000 200000"
# picks the sizes. A 200,000-state spec is about 40 MB; its run needs a few GB of memory.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-${TMPDIR:-/tmp}/order-fsm-expand-memory}"
STATES="${STATES:-20000 200000}"
cd "$ROOT"
cargo build --release -q -p order-fsm-codegen --example expand_time
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/expand_time"
mkdir -p "$WORK"
declare -A PEAK
for n in $STATES; do
  python3 "$ROOT/order-fsm/benches/gen_machine.py" "$WORK/s$n" "$n" $((n * 5)) >/dev/null
  for mode in check-only expand; do
    flag=()
    [ "$mode" = check-only ] && flag=(--check-only)
    out=$( { /usr/bin/time -f "%M %e" "$BIN" "$WORK/s$n/big.fsm" "${flag[@]}" >/dev/null; } 2>&1 | tail -1)
    read -r kb secs <<<"$out"
    printf '%7d states  %-10s  peak %7.0f MB  %6.1f s\n' "$n" "$mode" "$(python3 -c "print($kb / 1024)")" "$secs"
    [ "$mode" = expand ] && PEAK[$n]=$kb
  done
done
set -- $STATES
if [ $# -ge 2 ]; then
  printf 'expanded peak, %s states against %s: %.2fx\n' "$2" "$1" "$(python3 -c "print(${PEAK[$2]} / ${PEAK[$1]})")"
fi
