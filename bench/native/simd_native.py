#!/usr/bin/env python3
"""SimdBench's workloads on the official native runtime (libextism through its Python SDK), for
comparison: plugins/wasm/simd_c.wasm (built with -msimd128) against simd_c_scalar.wasm (the same
source without it), on "e" + bench/inputs/text10k.txt. Same statistic as extism_native.py.

    python bench/native/simd_native.py [--seconds 2 --batches 10]
"""
import argparse
import pathlib

import extism

from extism_native import warm

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
TEXT = b"e" + (ROOT / "bench" / "inputs" / "text10k.txt").read_bytes()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2)
    ap.add_argument("--batches", type=int, default=10)
    args = ap.parse_args()
    for build in ("simd_c", "simd_c_scalar"):
        wasm = (ROOT / "plugins" / "wasm" / (build + ".wasm")).read_bytes()
        with extism.Plugin(wasm, wasi=True) as plugin:
            for export in ("count_byte", "hex", "upper"):
                s = warm(plugin, export, TEXT, args.seconds, args.batches)["per_call_ns"]
                print("%-14s %-10s median %8.1f us  (p10 %.1f, p90 %.1f)" % (build, export, s["median"] / 1e3, s["p10"] / 1e3, s["p90"] / 1e3))


if __name__ == "__main__":
    main()
