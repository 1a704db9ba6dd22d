#!/usr/bin/env bash
# Build time of crates with a generated 200-state / 1000-line machine against the same
# machine written by hand, and expansion time of a 5000-state spec.
#
#   bash order-fsm/benches/build_time.sh [WORK_DIR]
#
# Two comparisons, each measured side by side in one run:
#
# * bare: `bare_generated` derives a 200-state, 8-event machine of 1000 random lines with ids
#   only (no labels, roles, guards or actions) and the derive's default attributes;
#   `bare_hand` is the enums and one 1000-arm `match`. Both export the same `drive`
#   function (`fire(&ev, None, &mut NoHooks)` on the generated side). Release build and
#   `cargo check` are measured, and the rlib sizes compared.
# * rich: `generated` (a spec with labels, codes, roles, guards, actions and payloads; the
#   defaults give the dynamic API without the typestate API at this size) and
#   `generated_typestate` (`typestate = true`) against `hand` (enums, labels, codes, serde, a
#   hooks trait and the transition `match`, written out) and `hand_typestate` (plus a
#   typestate module by hand). Release build only.
#
# Each measurement touches `src/lib.rs` and rebuilds the one crate with
# `CARGO_INCREMENTAL=0`; the crates of a comparison take turns (A B A B …) so that other work
# on the machine falls on both alike. Medians of RUNS (default 5) runs are reported, as CPU
# time (task-clock of `perf stat`, else user + system) and wall time. `SETS="bare"` or `SETS="rich"` runs one comparison,
# `EXPAND=0` skips the expansion-time measurement. The work directory is left in place.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="${1:-${TMPDIR:-/tmp}/order-fsm-build-time}"
RUNS="${RUNS:-5}"
SETS="${SETS:-bare rich}"
# The crates get their own target directory inside the work directory.
OUTER_TARGET="${CARGO_TARGET_DIR:-}"
unset CARGO_TARGET_DIR
export CARGO_INCREMENTAL=0
python3 "$ROOT/order-fsm/benches/gen_machine.py" "$WORK" 200 1000 "$ROOT/order-fsm"
cd "$WORK"
cargo build --release -q 2>/dev/null
cargo check -q 2>/dev/null

# CPU time of a command and every process it starts, written to the file $1 in seconds.
# `perf stat` counts them all; `/usr/bin/time` only counts the children cargo has reaped
# before it exits, and on some machines reported 0.05 s for a rustc run of 0.4 s in about
# one run of three. It is the fallback when `perf` is missing or not allowed.
if perf stat -x, -e task-clock -o /dev/null true 2>/dev/null; then
  timed() {
    local f=$1
    shift
    perf stat -x, -e task-clock -o "$f" "$@" >/dev/null 2>&1
  }
  cpu_in() {
    python3 -c "import sys; print(float([l for l in open(sys.argv[1]) if 'task-clock' in l][0].split(',')[0]) / 1000)" "$1"
  }
else
  timed() {
    local f=$1
    shift
    /usr/bin/time -f "%U %S" -o "$f" "$@" >/dev/null 2>&1
  }
  cpu_in() {
    python3 -c "import sys; u, s = open(sys.argv[1]).read().split()[-2:]; print(float(u) + float(s))" "$1"
  }
fi

# One build of one crate: prints "cpu wall".
once() {
  local mode=$1 pkg=$2 f start end
  f=$(mktemp)
  touch "$pkg/src/lib.rs"
  start=$(date +%s.%N)
  if [ "$mode" = build ]; then
    timed "$f" cargo build --release -q -p "$pkg"
  else
    timed "$f" cargo check -q -p "$pkg"
  fi
  end=$(date +%s.%N)
  echo "$(cpu_in "$f") $(python3 -c "print($end - $start)")"
  rm -f "$f"
}

# Interleaved runs of several crates: prints one line "pkg cpu_median wall_median" each.
compare() {
  local mode=$1
  shift
  local pkg i
  declare -A cpus walls
  for ((i = 0; i < RUNS; i++)); do
    for pkg in "$@"; do
      read -r c w < <(once "$mode" "$pkg")
      cpus[$pkg]+="$c,"
      walls[$pkg]+="$w,"
    done
  done
  for pkg in "$@"; do
    python3 -c "import statistics as s; print('$pkg', s.median([${cpus[$pkg]}]), s.median([${walls[$pkg]}]))"
  done
}

kib() { python3 -c "import os; print(os.path.getsize('$1') / 1024)"; }

if [[ " $SETS " == *" bare "* ]]; then
  BUILD=$(compare build bare_generated bare_hand)
  CHECK=$(compare check bare_generated bare_hand)
  GSIZE=$(kib target/release/libbare_generated.rlib)
  HSIZE=$(kib target/release/libbare_hand.rlib)
  python3 - "$RUNS" "$GSIZE" "$HSIZE" <<PY
import sys
runs, gsize, hsize = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
def parse(text):
    return {p: (float(c), float(w)) for p, c, w in (l.split() for l in text.strip().splitlines())}
b, c = parse("""$BUILD"""), parse("""$CHECK"""),
print(f"bare 200-state / 8-event / 1000-line machine, ids only (median of {runs}; cpu = cpu time of all processes):")
for what, d in (("release build", b), ("cargo check", c)):
    g, h = d["bare_generated"], d["bare_hand"]
    print(f"  {what:13}  hand cpu {h[0]:.2f} s wall {h[1]:.2f} s   generated cpu {g[0]:.2f} s wall {g[1]:.2f} s   ratio cpu {g[0]/h[0]:.2f}  wall {g[1]/h[1]:.2f}")
print(f"  rlib           hand {hsize:.0f} KiB   generated {gsize:.0f} KiB   ratio {gsize/hsize:.2f}")
PY
fi

if [[ " $SETS " == *" rich "* ]]; then
  RICH=$(compare build generated generated_typestate hand hand_typestate)
  python3 - "$RUNS" <<PY
import sys
d = {p: (float(c), float(w)) for p, c, w in (l.split() for l in """$RICH""".strip().splitlines())}
g, t, h, ht = d["generated"], d["generated_typestate"], d["hand"], d["hand_typestate"]
print(f"rich 200-state / 1000-line machine, release build (median of {sys.argv[1]}; cpu = cpu time of all processes):")
print(f"  hand-written                  cpu {h[0]:.2f} s  wall {h[1]:.2f} s")
print(f"  hand-written with typestate   cpu {ht[0]:.2f} s  wall {ht[1]:.2f} s")
print(f"  generated (defaults)          cpu {g[0]:.2f} s  wall {g[1]:.2f} s  ratio cpu {g[0]/h[0]:.2f}  wall {g[1]/h[1]:.2f}")
print(f"  generated, typestate = true   cpu {t[0]:.2f} s  wall {t[1]:.2f} s  ratio cpu {t[0]/h[0]:.2f} (vs hand with typestate {t[0]/ht[0]:.2f})  wall {t[1]/h[1]:.2f}")
PY
fi

if [ "${EXPAND:-1}" != 0 ]; then
  python3 "$ROOT/order-fsm/benches/gen_machine.py" "$WORK/huge" 5000 25000
  cd "$ROOT"
  if [ -n "$OUTER_TARGET" ]; then export CARGO_TARGET_DIR="$OUTER_TARGET"; fi
  cargo run --release -q -p order-fsm-codegen --example expand_time -- "$WORK/huge/big.fsm"
fi
