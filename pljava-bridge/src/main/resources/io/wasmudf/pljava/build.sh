#!/bin/sh
# Rebuilds rehearsal.wasm from rehearsal.wat (needs wat2wasm: apt-get install wabt). Then rebuild its
# stored classes, rehearsal.code, from the repository root:
#   mvn -o -q -pl pljava-bridge -am test -Dtest=RehearsalCodeTest -Dsurefire.failIfNoSpecifiedTests=false \
#     -Dwasmudf.rehearsal.code=$PWD/pljava-bridge/src/main/resources/io/wasmudf/pljava/rehearsal.code
set -eu
cd "$(dirname "$0")"
wat2wasm rehearsal.wat -o rehearsal.wasm
