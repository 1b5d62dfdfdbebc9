#!/usr/bin/env bash
# Builds the Rust (rust/) and AssemblyScript (as/) plug-ins into wasm/. Called by build.sh; runnable alone:
#   bash plugins/build_extra.sh [rust|as]
# Idempotent; installs what it needs through the ordinary package clients (apt-get, cargo, npm).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/wasm"
mkdir -p "$OUT"
only="${1:-all}"
want() { [ "$only" = all ] || [ "$only" = "$1" ]; }

# ---- Rust: Debian's rustc 1.63 + libstd-rust-dev-wasm32 (rustup cannot download targets here),
#      extism-pdk 1.0.0 with dependencies pinned (Cargo.lock) to versions that 1.63 compiles.
if want rust; then
  if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/wasm32-unknown-unknown ]; then
    apt-get install -y rustc cargo libstd-rust-dev-wasm32 >/dev/null
  fi
  # Debian's cargo 1.65 only knows the git index, which is not reachable; a cargo >= 1.68 (sparse index,
  # e.g. the rustup one on PATH) vendors the locked crates, then Debian's cargo builds offline from them.
  modern=""
  for c in $(which -a cargo 2>/dev/null | grep -v '^/usr/bin/cargo$' | grep -v '^/bin/cargo$'); do
    v="$("$c" --version | awk '{print $2}')"; minor="$(echo "$v" | cut -d. -f2)"
    if [ "${minor:-0}" -ge 68 ]; then modern="$c"; break; fi
  done
  cd "$HERE/rust"
  if [ ! -f vendor/.complete ]; then
    if [ -z "$modern" ]; then
      echo "rust: skipped (no cargo >= 1.68 to vendor the crates; the committed rs_*.wasm are kept)" >&2
      cd "$HERE"; want as || exit 0
    else
      rm -rf vendor
      "$modern" vendor --locked vendor >/dev/null
      touch vendor/.complete
    fi
  fi
  if [ -f vendor/.complete ]; then
    mkdir -p target/cargo-home
    printf '[source.crates-io]\nreplace-with = "vendored-sources"\n\n[source.vendored-sources]\ndirectory = "%s"\n' \
      "$HERE/rust/vendor" > target/cargo-home/config.toml
    CARGO_HOME="$HERE/rust/target/cargo-home" RUSTC=/usr/bin/rustc PATH="/usr/bin:$PATH" \
      /usr/bin/cargo build --offline --locked --release --target wasm32-unknown-unknown
    for n in rs_udf rs_kv rs_kernel; do
      cp "target/wasm32-unknown-unknown/release/$n.wasm" "$OUT/$n.wasm"
      echo "rust: $n.wasm"
    done
  fi
  cd "$HERE"
fi

# ---- AssemblyScript: assemblyscript + @extism/as-pdk from npm (versions pinned in as/package.json).
if want as; then
  command -v npm >/dev/null || apt-get install -y nodejs npm >/dev/null
  cd "$HERE/as"
  [ -x node_modules/.bin/asc ] || npm ci --no-audit --no-fund >/dev/null 2>&1 || npm install --no-audit --no-fund >/dev/null
  npm run --silent build
  python3 update_hash.py
  echo "as: as_udf.wasm"
  cd "$HERE"
fi
