#!/usr/bin/env bash
# Generates every document format for the specs with the order-fsm CLI into a temporary
# directory, then checks them with Graphviz and with Mermaid and the HTML page in headless
# Chromium (see check.mjs).
#
# Usage: tests-browser/run.sh [SPEC…]        (default: specs/*.fsm and the valid fixtures)
# Environment:
#   ORDER_FSM_BIN  an order-fsm binary to use instead of `cargo run -p order-fsm-cli`
#   KEEP_OUT=1     keep the output directory (its path is printed) to look at screenshots
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
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

if [ ! -d "$here/node_modules/mermaid" ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

if [ -n "${ORDER_FSM_BIN:-}" ]; then
  bin=("$ORDER_FSM_BIN")
else
  cargo build -q -p order-fsm-cli
  bin=("$root/target/debug/order-fsm")
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/order-fsm-doc.XXXXXX")"
if [ -z "${KEEP_OUT:-}" ]; then
  trap 'rm -rf "$out"' EXIT
fi

for lang in zh en; do
  mkdir -p "$out/$lang"
  "${bin[@]}" doc "${specs[@]}" --format all --lang "$lang" --out "$out/$lang"
  # The files just written must pass the up-to-date check.
  "${bin[@]}" doc "${specs[@]}" --format all --lang "$lang" --out "$out/$lang" --check
done

status=0
for lang in zh en; do
  echo "== $lang"
  node "$here/check.mjs" "$out/$lang" || status=1
done
if [ -n "${KEEP_OUT:-}" ]; then
  echo "output kept in $out"
fi
exit "$status"
