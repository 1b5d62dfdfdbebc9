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

# ---- Go (go-pdk): GOOS=wasip1 GOARCH=wasm, -buildmode=c-shared reactors with //go:wasmexport
if want go; then
  GO="$(command -v go || echo /usr/local/go/bin/go)"
  if [ -x "$GO" ]; then
    (cd "$HERE/go" && for d in */; do
      n="${d%/}"
      GOOS=wasip1 GOARCH=wasm "$GO" build -buildmode=c-shared -trimpath -ldflags="-s -w -buildid=" -o "$OUT/$n.wasm" "./$n"
      echo "go: $n.wasm"
    done)
  else
    echo "go: toolchain missing, skipped" >&2
  fi
fi
