#!/usr/bin/env bash
# Builds the release archive of the command for Linux x86_64, for people without a Rust
# toolchain: `order-fsm-VERSION-x86_64-unknown-linux-gnu.tar.gz` with the binary, the Chinese
# language reference and the shipped specs, and its SHA-256 beside it. The archive is then
# unpacked in a fresh folder and its own binary checks its own specs, so an archive that is
# written is one that works.
#
# Usage: bash release/archive.sh [OUT_DIR]     (default: target/release-archive)
# Environment:
#   ORDER_FSM_BIN  package this binary instead of building one with `cargo build --release`
#                  (CI checks the packaging with the binary its tests already built)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-${CARGO_TARGET_DIR:-$root/target}/release-archive}"
target="x86_64-unknown-linux-gnu"

if [ "$(uname -s)" != "Linux" ] || [ "$(uname -m)" != "x86_64" ]; then
  echo "the archive is for Linux x86_64 and is built on such a machine (this one is $(uname -s) $(uname -m))" >&2
  exit 1
fi

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
if [ -z "$version" ]; then
  echo "no version in Cargo.toml's [workspace.package]" >&2
  exit 1
fi

if [ -n "${ORDER_FSM_BIN:-}" ]; then
  bin="$ORDER_FSM_BIN"
else
  cargo build --release --locked -p order-fsm-cli
  bin="${CARGO_TARGET_DIR:-$root/target}/release/order-fsm"
fi
if [ ! -x "$bin" ]; then
  echo "no order-fsm binary at $bin" >&2
  exit 1
fi

name="order-fsm-$version-$target"
stage="$(mktemp -d "${TMPDIR:-/tmp}/order-fsm-release.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/docs" "$stage/$name/specs"
cp "$bin" "$stage/$name/order-fsm"
cp docs/spec-language.zh.md "$stage/$name/docs/"
cp specs/*.fsm "$stage/$name/specs/"

mkdir -p "$out"
archive="$out/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$archive.tmp" "$name"
mv "$archive.tmp" "$archive"
(cd "$out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")

# The archive as a user gets it: unpacked elsewhere, its binary on its specs.
check="$stage/check"
mkdir -p "$check"
tar -C "$check" -xzf "$archive"
for f in order-fsm docs/spec-language.zh.md; do
  if [ ! -e "$check/$name/$f" ]; then
    echo "the archive lacks $f" >&2
    exit 1
  fi
done
(cd "$check/$name" && ./order-fsm --lang zh check specs >/dev/null && ./order-fsm --version)

echo "$archive"
