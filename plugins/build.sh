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

# ---- C (Debian clang + lld + wasi-libc + libclang-rt-dev-wasm32): raw kernel ABI via c/extism.h
if want c; then
  if ! command -v clang >/dev/null || [ ! -d /usr/include/wasm32-wasi ]; then
    apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32 >/dev/null 2>&1 || true
  fi
  if command -v clang >/dev/null && [ -d /usr/include/wasm32-wasi ]; then
    CF=(--target=wasm32-wasi -O2 -Wall -Wl,--strip-all)
    clang "${CF[@]}" -o "$OUT/c_command.wasm" "$HERE/c/c_command.c"
    clang "${CF[@]}" -mexec-model=reactor -o "$OUT/c_reactor.wasm" "$HERE/c/c_reactor.c"
    echo "c: c_command.wasm c_reactor.wasm"
  else
    echo "c: clang/wasi-libc missing, skipped" >&2
  fi
fi

# ---- SIMD plug-ins (WAT, C -msimd128, Rust +simd128) and the wasmtime reference check (plugins/simd/build.sh)
if want simd && [ -f "$HERE/simd/build.sh" ]; then
  bash "$HERE/simd/build.sh"
fi

# ---- AssemblyScript / Rust (maintained in build_extra.sh)
if [ "$only" = all ] && [ -f "$HERE/build_extra.sh" ]; then
  bash "$HERE/build_extra.sh"
fi
