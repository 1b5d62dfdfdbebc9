#!/usr/bin/env bash
# Builds the Rust (rust/) and AssemblyScript (as/) plug-ins into wasm/. Called by build.sh; runnable alone:
#   bash plugins/build_extra.sh [rust|as]
# Installs what it needs through the ordinary package clients (apt-get, cargo, npm); fails when it cannot.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/wasm"
mkdir -p "$OUT"
only="${1:-all}"
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }
# shellcheck source=toolchains.sh
source "$HERE/toolchains.sh"

# ---- Rust: Debian's rustc 1.63 + libstd-rust-dev-wasm32 (the wasm32 standard library as a Debian package),
#      extism-pdk 1.0.0 with dependencies pinned (Cargo.lock) to versions that 1.63 compiles.
if want rust; then
  ensure_apt rustc cargo libstd-rust-dev-wasm32
  cd "$HERE/rust"
  if [ ! -f vendor/.complete ]; then
    # Debian's cargo 1.65 only knows crates.io's git index, which is not reachable here; a cargo >= 1.68
    # (sparse index: the rustup one) vendors the locked crates, then Debian's cargo builds offline from them.
    modern=""
    for c in $(which -a cargo 2>/dev/null) "$HOME/.cargo/bin/cargo"; do
      case "$c" in /usr/bin/cargo|/bin/cargo) continue ;; esac
      [ -x "$c" ] || continue
      minor="$("$c" --version | awk '{print $2}' | cut -d. -f2)"
      if [ "${minor:-0}" -ge 68 ]; then modern="$c"; break; fi
    done
    if [ -z "$modern" ]; then
      echo "rust: no cargo >= 1.68 to vendor the locked crates (rustup's host toolchain has one)" >&2
      exit 1
    fi
    rm -rf vendor
    "$modern" vendor --locked vendor >/dev/null
    touch vendor/.complete
  fi
  mkdir -p target/cargo-home
  printf '[source.crates-io]\nreplace-with = "vendored-sources"\n\n[source.vendored-sources]\ndirectory = "%s"\n' \
    "$HERE/rust/vendor" > target/cargo-home/config.toml
  # Panic locations embed source paths: map this checkout's path away so the bytes do not depend on it.
  CARGO_HOME="$HERE/rust/target/cargo-home" RUSTC=/usr/bin/rustc PATH="/usr/bin:$PATH" \
    RUSTFLAGS="--remap-path-prefix=$HERE=/plugins" \
    /usr/bin/cargo build --offline --locked --release --target wasm32-unknown-unknown
  for n in rs_udf rs_kv rs_kernel rs_agg rs_typed; do
    cp "target/wasm32-unknown-unknown/release/$n.wasm" "$OUT/$n.wasm"
    echo "rust: $n.wasm"
  done
  cd "$HERE"
fi

# ---- AssemblyScript: assemblyscript + @extism/as-pdk from npm (versions pinned in as/package-lock.json).
if want as; then
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; } >&2
  cd "$HERE/as"
  [ -x node_modules/.bin/asc ] || npm ci --no-audit --no-fund >/dev/null
  npm run --silent build
  python3 update_hash.py
  echo "as: as_udf.wasm"
  cd "$HERE"
fi
