#!/usr/bin/env bash
# Builds the SIMD test plug-ins into ../wasm/ (flat, like the rest of the corpus) and the reference
# modules into reference/. Idempotent; each part skips with a message when its toolchain is missing.
#   bash plugins/simd/build.sh [wat|c|rust|reference]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/../wasm"
only="${1:-all}"
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

if want wat; then
  python3 "$HERE/gen_simd_wat.py"
  for f in "$HERE"/wat/*.wat; do
    wat2wasm "$f" -o "$OUT/$(basename "$f" .wat).wasm"
    echo "simd wat: $(basename "$f" .wat).wasm"
  done
fi

if want c; then
  if command -v clang >/dev/null && [ -d /usr/include/wasm32-wasi ]; then
    CF=(--target=wasm32-wasi -O3 -Wall -mexec-model=reactor -Wl,--strip-all)
    clang "${CF[@]}" -msimd128 -o "$OUT/simd_c.wasm" "$HERE/c/simd_c.c"
    clang "${CF[@]}" -o "$OUT/simd_c_scalar.wasm" "$HERE/c/simd_c.c"
    echo "simd c: simd_c.wasm simd_c_scalar.wasm"
  else
    echo "simd c: clang/wasi-libc missing, skipped" >&2
  fi
fi

if want rust; then
  RUSTC="$(rustup which rustc 2>/dev/null || command -v rustc || true)"
  if [ -n "$RUSTC" ] && [ -d "$("$RUSTC" --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
    "$RUSTC" --edition 2021 --target wasm32-unknown-unknown --crate-type cdylib -C opt-level=3 -C strip=symbols \
      -C target-feature=+simd128 -o "$OUT/simd_rs.wasm" "$HERE/rust/simd_rs.rs"
    echo "simd rust: simd_rs.wasm"
  else
    echo "simd rust: no wasm32-unknown-unknown target, skipped" >&2
  fi
fi

if want reference; then
  if python3 -c 'import wasmtime' 2>/dev/null; then
    python3 "$HERE/record_reference.py"
  else
    echo "simd reference: the wasmtime Python package is missing, skipped (pip install wasmtime)" >&2
  fi
fi
