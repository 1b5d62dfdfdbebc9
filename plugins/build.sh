#!/usr/bin/env bash
# Rebuild every plugins/wasm/*.wasm from source. Idempotent. Sections skip (with a message)
# when their toolchain is missing and cannot be installed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/wasm"
mkdir -p "$OUT"
only="${1:-all}"

want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

# ---- WAT (wabt)
if want wat; then
  command -v wat2wasm >/dev/null || { apt-get install -y wabt >/dev/null 2>&1 || true; }
  for f in "$HERE"/wat/*.wat; do
    n="$(basename "$f" .wat)"
    wat2wasm "$f" -o "$OUT/$n.wasm"
    echo "wat: $n.wasm"
  done
fi
