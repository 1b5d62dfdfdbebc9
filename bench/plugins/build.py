#!/usr/bin/env python3
"""Builds bench/plugins/wasm/bench.wasm from bench.wat and hostcalls.wasm from hostcalls.wat (needs the `wasmtime` package: pip install wasmtime).

The .wasm is committed, so building the benchmarks does not need Python; run this after editing the .wat.
"""
import pathlib
import wasmtime

here = pathlib.Path(__file__).resolve().parent
for name in ("bench", "hostcalls"):
    out = here / "wasm" / f"{name}.wasm"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(wasmtime.wat2wasm((here / f"{name}.wat").read_text()))
    print(f"wrote {out} ({out.stat().st_size} bytes)")
