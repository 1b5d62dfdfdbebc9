#!/usr/bin/env bash
# Rebuilds every plugins/wasm/*.wasm from source with the pinned toolchains of toolchains.sh,
# installing what is missing from the package registries (Debian packages, the Go module proxy,
# npm, crates.io). Fails when a toolchain cannot be had: it never keeps an old module silently.
#   plugins/build.sh [wat|go|c|rust|as]   rebuild all (default) or one part into plugins/wasm
#   plugins/build.sh --check              rebuild everything in a temporary copy of plugins/ and
#                                         check the bytes equal the committed ones (exit 1 if not)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/wasm"
only="${1:-all}"

if [ "$only" = --check ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # Sources only: no build outputs, vendored crates or npm packages from this tree.
  tar -C "$HERE" --exclude=./rust/target --exclude=./rust/vendor --exclude=./as/node_modules -cf - . | tar -C "$tmp" -xf -
  bash "$tmp/build.sh" all
  bad=0
  for f in "$HERE"/wasm/*.wasm; do
    n="$(basename "$f")"
    if ! cmp -s "$f" "$tmp/wasm/$n"; then
      echo "DIFFERS: wasm/$n (committed $(sha256sum < "$f" | cut -c1-16), rebuilt $(sha256sum < "$tmp/wasm/$n" | cut -c1-16))"
      bad=1
    fi
  done
  if ! cmp -s "$HERE/cases.json" "$tmp/cases.json"; then
    echo "DIFFERS: cases.json (as/update_hash.py wrote another as_udf.wasm hash)"
    bad=1
  fi
  [ "$bad" = 0 ] && echo "build.sh --check: all $(ls "$HERE"/wasm/*.wasm | wc -l) modules rebuilt byte for byte"
  exit "$bad"
fi

# shellcheck source=toolchains.sh
source "$HERE/toolchains.sh"
mkdir -p "$OUT"
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

# ---- WAT (wabt)
if want wat; then
  ensure_apt wabt
  for f in "$HERE"/wat/*.wat; do
    n="$(basename "$f" .wat)"
    wat2wasm "$f" -o "$OUT/$n.wasm"
    echo "wat: $n.wasm"
  done
fi

# ---- Go (go-pdk): GOOS=wasip1 GOARCH=wasm, -buildmode=c-shared reactors with //go:wasmexport
if want go; then
  ensure_go
  (cd "$HERE/go" && for d in */; do
    n="${d%/}"
    GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOOS=wasip1 GOARCH=wasm \
      "$GO" build -buildmode=c-shared -trimpath -ldflags="-s -w -buildid=" -o "$OUT/$n.wasm" "./$n"
    echo "go: $n.wasm"
  done)
fi

# ---- C (Debian clang + lld + wasi-libc + libclang-rt-dev-wasm32): raw kernel ABI via c/extism.h
if want c; then
  ensure_apt clang clang-14 lld lld-14 wasi-libc libclang-rt-dev-wasm32 libclang-rt-14-dev-wasm32
  CF=(--target=wasm32-wasi -O2 -Wall -Wl,--strip-all)
  clang-14 "${CF[@]}" -o "$OUT/c_command.wasm" "$HERE/c/c_command.c"
  clang-14 "${CF[@]}" -mexec-model=reactor -o "$OUT/c_reactor.wasm" "$HERE/c/c_reactor.c"
  clang-14 "${CF[@]}" -mexec-model=reactor -o "$OUT/wasi_paths.wasm" "$HERE/c/wasi_paths.c"
  clang-14 "${CF[@]}" -mexec-model=reactor -o "$OUT/wasi_clock.wasm" "$HERE/c/wasi_clock.c"
  echo "c: c_command.wasm c_reactor.wasm wasi_paths.wasm wasi_clock.wasm"
fi

# ---- hostile plug-ins (WAT + freestanding C, see hostile/README.md)
if want hostile; then
  bash "$HERE/hostile/build.sh"
fi

# ---- SIMD plug-ins (WAT, C -msimd128, Rust +simd128) and the wasmtime reference check (plugins/simd/build.sh)
if want simd; then
  bash "$HERE/simd/build.sh"
fi

# ---- Rust and AssemblyScript (build_extra.sh)
if want rust || want as; then
  bash "$HERE/build_extra.sh" "$only"
fi
