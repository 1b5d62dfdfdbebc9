#!/usr/bin/env python3
"""Writes the SIMD corpus cases (ids simd/...) into ../cases.json, replacing the previous ones and
keeping every other case as it is. Then record them: python3 plugins/record_expected.py --only simd/"""
import base64
import json
import os
import struct

import gen_simd_wat

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "..", "cases.json")

TEXT = ("SIMD on Java 17: sixteen lanes at a time, or one byte at a time, the answer must be the same. "
        "Extism plug-ins built with simd128 run here too. ") * 3


def b64(data):
    return base64.b64encode(data).decode()


def c_cases(wasm, tag):
    out = []
    def add(name, export, **kw):
        out.append(dict({"id": "simd/%s_%s" % (tag, name), "wasm": [wasm], "export": export, "wasi": True}, **kw))
    add("count_e", "count_byte", input="e" + TEXT)
    add("count_short", "count_byte", input="aaaaa")
    add("count_empty", "count_byte", input="")
    add("count_binary", "count_byte", input_b64=b64(bytes([0xFF]) + bytes(range(256)) * 40 + b"\xff" * 17))
    add("upper", "upper", input=TEXT + " ÄÖü z{`@[")
    add("hex", "hex", input_b64=b64(bytes(range(256)) + b"\x00\x7f\x80\xff"))
    add("stats", "stats", input="1 2 3 4 5 6 7 8 9")
    add("stats_nan", "stats", input="nan 1 2 3 -inf 4 5 6")
    add("stats_overflow", "stats", input="3.5 -0 1e30 1e30 1e30 1e30 7 -1e-40")
    add("stats_empty", "stats", input="")
    add("brighten", "brighten", input_b64=b64(bytes(range(0, 256, 3)) * 3))
    add("weighted_sum", "weighted_sum", input_b64=b64(bytes((i * 73 + 5) & 0xFF for i in range(333))))
    return out


def rust_cases():
    out = []
    def add(name, export, data):
        out.append({"id": "simd/rs_" + name, "wasm": ["simd_rs.wasm"], "export": export, "input_b64": b64(data)})
    add("byte_sum", "rs_byte_sum", bytes((i * 31 + 7) & 0xFF for i in range(1000)))
    add("byte_sum_ff", "rs_byte_sum", b"\xff" * 4099)
    shorts = [0, 1, -1, 32767, -32768, 12345, -2, 2] * 8
    add("dot", "rs_dot", struct.pack("<%dh" % len(shorts), *shorts))
    add("dot_max", "rs_dot", struct.pack("<32h", *([-32768] * 32)))
    doubles = [float("nan"), 1.0, -0.0, 0.0, float("inf"), -2.0, 1e300, 1e300, -3e9, 5.5, 2147483647.5, 1.25]
    add("f64_pairs", "rs_f64_pairs", struct.pack("<%dd" % len(doubles), *doubles))
    return out


def main():
    with open(CASES) as f:
        cases = json.load(f)
    kept = [c for c in cases if not c["id"].startswith("simd/")]
    simd = gen_simd_wat.cases() + c_cases("simd_c.wasm", "c") + c_cases("simd_c_scalar.wasm", "c_scalar") + rust_cases()
    with open(CASES, "w") as f:
        f.write(json.dumps(kept + simd, indent=0, ensure_ascii=False))  # the file's own layout
    print("%d simd cases, %d others kept" % (len(simd), len(kept)))


if __name__ == "__main__":
    main()
