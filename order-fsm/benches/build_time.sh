#!/usr/bin/env bash
# Release build time of a crate with a generated 200-state / 1000-transition machine
# against the same machine written by hand, and expansion time of a 5000-state spec.
#
#   bash order-fsm/benches/build_time.sh [WORK_DIR]
#
# Four crates are built: `generated` (#[derive(StateMachine)] with its defaults: a machine of
# this size gets the dynamic API, without the typestate API), `generated_typestate` (the same
# with `typestate = true`), `hand` (enums, labels, codes, serde, a hooks trait and the
# transition `match`, written out) and `hand_typestate` (the same plus a typestate module by
# hand). Dependencies are built once first; each crate is then
# rebuilt 3 times after touching its source. The best CPU time (user + system, which other
# work on the machine disturbs less than wall time) and the best wall time are reported.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-${TMPDIR:-/tmp}/order-fsm-build-time}"
python3 "$ROOT/order-fsm/benches/gen_machine.py" "$WORK" 200 1000 "$ROOT/order-fsm"
cd "$WORK"
cargo build --release -q
measure() {
  local pkg=$1 cpu=999999 wall=999999
  for _ in 1 2 3; do
    touch "$pkg/src/lib.rs"
    local out
    out=$( { /usr/bin/time -f "%U %S %e" cargo build --release -q -p "$pkg"; } 2>&1 | tail -1)
    read -r u s e <<<"$out"
    cpu=$(python3 -c "print(min($cpu, $u + $s))")
    wall=$(python3 -c "print(min($wall, $e))")
  done
  echo "$cpu $wall"
}
read -r GC GW < <(measure generated)
read -r DC DW < <(measure generated_typestate)
read -r HC HW < <(measure hand)
read -r TC TW < <(measure hand_typestate)
python3 - <<PY
g, d, h, t = ($GC, $GW), ($DC, $DW), ($HC, $HW), ($TC, $TW)
print("release build of a 200-state / 1000-transition machine (best of 3; cpu = user+sys):")
print(f"  hand-written                  cpu {h[0]:.2f} s  wall {h[1]:.2f} s")
print(f"  hand-written with typestate   cpu {t[0]:.2f} s  wall {t[1]:.2f} s")
print(f"  generated (defaults)          cpu {g[0]:.2f} s  wall {g[1]:.2f} s  ratio cpu {g[0]/h[0]:.2f}  wall {g[1]/h[1]:.2f}")
print(f"  generated, typestate = true   cpu {d[0]:.2f} s  wall {d[1]:.2f} s  ratio cpu {d[0]/h[0]:.2f} (vs hand with typestate {d[0]/t[0]:.2f})  wall {d[1]/h[1]:.2f}")
PY

python3 "$ROOT/order-fsm/benches/gen_machine.py" "$WORK/huge" 5000 25000
cd "$ROOT"
cargo run --release -q -p order-fsm-codegen --example expand_time -- "$WORK/huge/big.fsm"
