#!/bin/sh
# Rebuilds rehearsal.wasm from rehearsal.wat (needs wat2wasm: apt-get install wabt).
set -eu
cd "$(dirname "$0")"
wat2wasm rehearsal.wat -o rehearsal.wasm
