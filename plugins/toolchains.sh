# Pinned toolchains of plugins/build.sh and build_extra.sh (sourced by both). The committed
# wasm/*.wasm were built with exactly these; `build.sh --check` proves the pins still give them.
# Debian 12 packages (apt-get): exact versions.
APT_PINS=(
  wabt=1.0.32-1
  clang=1:14.0-55.7~deb12u1 clang-14=1:14.0.6-12
  lld=1:14.0-55.7~deb12u1 lld-14=1:14.0.6-12
  wasi-libc=0.0~git20220510.9886d3d-2
  libclang-rt-dev-wasm32=1:14.0-55.7~deb12u1 libclang-rt-14-dev-wasm32=1:14.0.6-12
  rustc=1.63.0+dfsg1-2 cargo=0.66.0+ds1-1 libstd-rust-dev-wasm32=1.63.0+dfsg1-2
)
# Go: the `toolchain` line of go/go.mod (run with GOTOOLCHAIN=local: nothing is downloaded).
# AssemblyScript and the AS PDK: as/package-lock.json (npm ci). Rust crates: rust/Cargo.lock.

_apt_updated=""

# ensure_apt NAME...: installs the pinned version of each Debian package that is missing; fails when a
# different version is installed (the bytes may differ: update the pin after `build.sh --check`).
ensure_apt() {
  local want=() name pin have
  for name in "$@"; do
    pin=""
    for p in "${APT_PINS[@]}"; do [ "${p%%=*}" = "$name" ] && pin="${p#*=}"; done
    [ -n "$pin" ] || { echo "toolchains.sh: no pin for $name" >&2; return 1; }
    have="$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null || true)"
    if [ -z "$have" ] || ! dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'install ok installed'; then
      want+=("$name=$pin")
    elif [ "$have" != "$pin" ]; then
      echo "toolchains.sh: $name $have is installed, the pinned version is $pin" >&2
      return 1
    fi
  done
  [ ${#want[@]} -eq 0 ] && return 0
  if [ -z "$_apt_updated" ]; then
    apt-get update -qq >&2
    _apt_updated=1
  fi
  echo "apt-get install ${want[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
}

# The Go toolchain pinned by go.mod, or a failure naming what is there instead.
ensure_go() {
  local pin go have
  pin="$(awk '$1 == "toolchain" {print $2}' "$HERE/go/go.mod")"
  go="$(command -v go || echo /usr/local/go/bin/go)"
  [ -x "$go" ] || { echo "go: no Go toolchain (need $pin, the toolchain line of go/go.mod)" >&2; return 1; }
  have="$(GOTOOLCHAIN=local "$go" env GOVERSION)"
  [ "$have" = "$pin" ] || { echo "go: $have found, go/go.mod pins $pin" >&2; return 1; }
  GO="$go"
}
