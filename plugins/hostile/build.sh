#!/usr/bin/env bash
# Rebuilds plugins/hostile/wasm/*.wasm from wat/ (wabt) and c/ (clang + lld, freestanding wasm32:
# no WASI, no libc). Idempotent; the built modules are committed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/wasm"
mkdir -p "$OUT"
for f in "$HERE"/wat/*.wat; do
  n="$(basename "$f" .wat)"
  wat2wasm "$f" -o "$OUT/$n.wasm"
  echo "hostile wat: $n.wasm"
done
for f in "$HERE"/c/*.c; do
  n="$(basename "$f" .c)"
  clang --target=wasm32 -O2 -Wall -nostdlib -ffreestanding -Wl,--no-entry -Wl,--strip-all -o "$OUT/$n.wasm" "$f"
  echo "hostile c: $n.wasm"
done
