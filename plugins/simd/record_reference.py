#!/usr/bin/env python3
"""Checks every SIMD instruction against a reference engine.

Writes reference/simd_reference.wat: a raw module (no imports) whose exports c0, c1, ... each run
one instruction on edge values (v128.const operands) and store the result at address 0, plus
v128 values moved through locals, globals, blocks, select and calls; and simd_signatures.wat with
the cases that need functions taking or returning v128. Builds them with wat2wasm, runs every
export with wasmtime (the `wasmtime` Python package), and records the first 32 bytes of memory
(or the trap) into reference/NAME.json. The Java test SimdReferenceTest runs the same modules
through this runtime and compares.

Usage: python3 plugins/simd/record_reference.py   (needs wabt and `pip install wasmtime`)
"""
import json
import os
import platform
import subprocess
import sys

import wasmtime

import simd_ops as T

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "reference")
RESULT_BYTES = 32
DATA = bytes((i * 37 + 11) & 0xFF for i in range(64))
DATA_AT = 64

cases = []   # (export, op, nan lanes, local declarations, wat body, module)
MAIN = "simd_reference"
SIGNATURES = "simd_signatures"
helpers = {MAIN: [], SIGNATURES: []}


def case(op, body, nan=None, locals_="", plain=False, module=MAIN):
    """plain: the export itself must use no v128 (so it is compiled), so it clears the result with i64 stores.
    module SIGNATURES holds the cases that need functions with v128 parameters or results."""
    clear = ZERO_I64 if plain else ZERO_V128
    cases.append(("c%d" % len(cases), op, nan, locals_, clear + " " + body, module))


ZERO_V128 = "(v128.store (i32.const 0) (v128.const i64x2 0 0)) (v128.store (i32.const 16) (v128.const i64x2 0 0))"
ZERO_I64 = " ".join("(i64.store (i32.const %d) (i64.const 0))" % a for a in (0, 8, 16, 24))


def vconst(v):
    return "(v128.const %s)" % v


def scalar_const(t, v):
    return "(%s.const %s)" % (t, v)


def store_result(t, expr):
    return "(%s.store (i32.const 0) %s)" % (t, expr)


def build_cases():
    for op in T.INT_UNARY:
        for a in T.INT_VECTORS:
            case(op, store_result("v128", "(%s %s)" % (op, vconst(a))), T.nan_lanes(op))
    for op in T.FLOAT_UNARY:
        for a in T.FLOAT_VECTORS:
            case(op, store_result("v128", "(%s %s)" % (op, vconst(a))), T.nan_lanes(op))
    for op in T.INT_BINARY:
        for a in T.INT_VECTORS:
            for b in T.INT_VECTORS:
                case(op, store_result("v128", "(%s %s %s)" % (op, vconst(a), vconst(b))))
    for op in T.FLOAT_BINARY:
        for a in T.FLOAT_VECTORS:
            for b in T.FLOAT_VECTORS:
                case(op, store_result("v128", "(%s %s %s)" % (op, vconst(a), vconst(b))), T.nan_lanes(op))
    tests = T.INT_VECTORS + ["i64x2 0 0", "i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -1",
                             "i32x4 0x100 0x10000 0x1000000 1", "i16x8 1 1 1 1 1 1 1 0x8000"]
    for op in T.INT_TEST:
        for a in tests:
            case(op, store_result("i32", "(%s %s)" % (op, vconst(a))))
    for op in T.SHIFTS:
        for a in T.INT_VECTORS[:3]:
            for c in T.SHIFT_COUNTS:
                case(op, store_result("v128", "(%s %s (i32.const %d))" % (op, vconst(a), c)))
    for a, b, c in [(0, 1, 4), (2, 3, 0), (1, 4, 2)]:
        case("v128.bitselect", store_result("v128", "(v128.bitselect %s %s %s)" % (
            vconst(T.INT_VECTORS[a]), vconst(T.INT_VECTORS[b]), vconst(T.INT_VECTORS[c]))))
    case("v128.bitselect", store_result("v128", "(v128.bitselect %s %s %s)" % (
        vconst(T.FLOAT_VECTORS[0]), vconst(T.FLOAT_VECTORS[1]), vconst(T.INT_VECTORS[4]))))
    for v in T.INT_VECTORS + T.FLOAT_VECTORS:
        case("v128.const", store_result("v128", vconst(v)))
    for pattern in T.SHUFFLES:
        case("i8x16.shuffle", store_result("v128", "(i8x16.shuffle %s %s %s)" % (
            pattern, vconst(T.INT_VECTORS[0]), vconst(T.INT_VECTORS[2]))))
    for op, t in T.SPLATS.items():
        for v in T.SCALARS[t]:
            case(op, store_result("v128", "(%s %s)" % (op, scalar_const(t, v))))
    for op, (lanes, t) in T.EXTRACTS.items():
        for a in [T.INT_VECTORS[0], T.INT_VECTORS[1], T.FLOAT_VECTORS[3]]:
            for lane in range(lanes):
                case(op, store_result(t, "(%s %d %s)" % (op, lane, vconst(a))))
    for op, (lanes, t) in T.REPLACES.items():
        for lane in range(lanes):
            for v in T.SCALARS[t][:2]:
                case(op, store_result("v128", "(%s %d %s %s)" % (op, lane, vconst(T.INT_VECTORS[2]), scalar_const(t, v))))
    memory_cases()
    plumbing_cases()


def memory_cases():
    addrs = ["(i32.const %d)" % a for a in (DATA_AT, DATA_AT + 1, DATA_AT + 7, DATA_AT + 13)]
    oob = ["(i32.const 65528)", "(i32.const 65535)", "(i32.const -1)"]
    for op in T.LOADS:
        for a in addrs + oob:
            case(op, store_result("v128", "(%s %s)" % (op, a)))
        case(op, store_result("v128", "(%s offset=3 (i32.const %d))" % (op, DATA_AT)))
        case(op, store_result("v128", "(%s offset=4294967280 (i32.const 32))" % op))
    for op, lanes in T.LOAD_LANES.items():
        for lane in range(lanes):
            case(op, store_result("v128", "(%s %d (i32.const %d) %s)" % (op, lane, DATA_AT + 5, vconst(T.INT_VECTORS[1]))))
        case(op, store_result("v128", "(%s 0 (i32.const 65535) %s)" % (op, vconst(T.INT_VECTORS[1]))))
    for op, lanes in T.STORE_LANES.items():
        for lane in range(lanes):
            case(op, "(%s %d (i32.const 3) %s)" % (op, lane, vconst(T.INT_VECTORS[0])))
        case(op, "(%s 0 (i32.const 65535) %s)" % (op, vconst(T.INT_VECTORS[0])))
    for a in ["(i32.const 0)", "(i32.const 5)", "(i32.const 65528)", "(i32.const 65520)"]:
        case("v128.store", "(v128.store %s %s)" % (a, vconst(T.INT_VECTORS[0])))
    case("v128.store", "(v128.store offset=9 (i32.const 2) %s)" % vconst(T.INT_VECTORS[3]))


def plumbing_cases():
    """v128 values through locals, params, results, globals, blocks, select and calls to plain code."""
    a, b = vconst(T.INT_VECTORS[0]), vconst(T.INT_VECTORS[2])
    helpers[MAIN].append("(global $g (mut v128) (v128.const i64x2 0 0))")
    helpers[MAIN].append("(func $plain_double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))")
    helpers[MAIN].append("(func $simd_sum (param i32) (result i32) "
                         "(i32x4.extract_lane 1 (i32x4.add (i32x4.splat (call $plain_double (local.get 0))) (i32x4.splat (i32.const 1)))))")
    helpers[SIGNATURES].append("(type $vv (func (param v128) (result v128)))")
    helpers[SIGNATURES].append("(func $pass (param v128 i32 v128) (result v128) (local v128) "
                               "(local.set 3 (local.get 2)) (i8x16.sub (local.get 0) (local.tee 3 (local.get 3))))")
    helpers[SIGNATURES].append("(func $twice (type $vv) (i8x16.add (local.get 0) (local.get 0)))")
    helpers[SIGNATURES].append("(table 1 funcref) (elem (i32.const 0) $twice)")
    case("plumbing.local_set", "(local.set $v %s) %s" % (a, store_result("v128", "(local.get $v)")), locals_="(local $v v128)")
    case("plumbing.local_tee", store_result("v128", "(i8x16.add (local.tee $v %s) (local.get $v))" % a), locals_="(local $v v128)")
    case("plumbing.params", store_result("v128", "(call $pass %s (i32.const 7) %s)" % (a, b)), module=SIGNATURES)
    case("plumbing.call_indirect", store_result("v128", "(call_indirect (type $vv) %s (i32.const 0))" % a), module=SIGNATURES)
    case("plumbing.global", "(global.set $g %s) %s" % (b, store_result("v128", "(global.get $g)")))
    case("plumbing.block", store_result("v128", "(block (result v128) %s (br_if 0 %s (i32.const 1)) (drop))" % (a, b)))
    case("plumbing.select", store_result("v128", "(select %s %s (i32.const 0))" % (a, b)))
    case("plumbing.loop", "(loop $l (local.set $v (i8x16.add (local.get $v) %s)) "
         "(br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 5)))) %s"
         % (a, store_result("v128", "(local.get $v)")), locals_="(local $v v128) (local $i i32)")
    case("plumbing.simd_calls_plain", store_result("i32", "(call $simd_sum (i32.const 20))"))
    # a function without v128 (compiled) calling one with it (interpreted)
    case("plumbing.plain_calls_simd", store_result("i32", "(i32.add (call $simd_sum (i32.const 3)) (i32.const 100))"), plain=True)


def module_text(name):
    lines = ["(module", '  (memory (export "mem") 1)',
             '  (data (i32.const %d) "%s")' % (DATA_AT, "".join("\\%02x" % x for x in DATA))]
    lines += ["  " + h for h in helpers[name]]
    for export, _, _, locals_, body, module in cases:
        if module == name:
            lines.append('  (func (export "%s") %s %s)' % (export, locals_, body))
    lines.append(")")
    return "\n".join(lines) + "\n"


def run_wasmtime(wasm, name):
    engine = wasmtime.Engine()
    module = wasmtime.Module(engine, wasm)
    store = wasmtime.Store(engine)
    instance = wasmtime.Instance(store, module, [])
    exports = instance.exports(store)
    mem = exports["mem"]
    out = []
    for export, op, nan, _, _, module in cases:
        if module != name:
            continue
        entry = {"export": export, "op": op}
        if nan:
            entry["nan_lanes"] = nan
        try:
            exports[export](store)
            entry["result"] = bytes(mem.read(store, 0, RESULT_BYTES)).hex()
        except wasmtime.Trap as e:
            entry["trap"] = str(e).splitlines()[0]
        out.append(entry)
    return out


def main():
    build_cases()
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith((".wat", ".wasm", ".json")):
            os.remove(os.path.join(OUT, old))
    for name in split_main() + [SIGNATURES]:
        wat = os.path.join(OUT, name + ".wat")
        wasm_path = os.path.join(OUT, name + ".wasm")
        with open(wat, "w") as f:
            f.write(module_text(name))
        subprocess.run(["wat2wasm", wat, "-o", wasm_path], check=True)
        with open(wasm_path, "rb") as f:
            results = run_wasmtime(f.read(), name)
        doc = {"engine": "wasmtime (python package %s)" % wasmtime_version(), "arch": platform.machine(), "module": name + ".wasm",
               "result_bytes": RESULT_BYTES, "cases": results}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            f.write(json_one_case_a_line(doc))
        traps = sum(1 for r in results if "trap" in r)
        print("%s: %d cases (%d traps) over %d instructions" % (name, len(results), traps, len({r["op"] for r in results})))


def split_main():
    """Chunks of at most CHUNK cases: Chicory's compiler dispatches to interpreted functions from one
    Java method, which outgrows the JVM's 64 KiB method limit past a few thousand of them."""
    names = []
    n = 0
    for i, c in enumerate(cases):
        if c[5] == MAIN:
            name = "%s_%d" % (MAIN, n // CHUNK)
            if not names or names[-1] != name:
                names.append(name)
                helpers[name] = helpers[MAIN]
            cases[i] = c[:5] + (name,)
            n += 1
    return names


CHUNK = 1000


def json_one_case_a_line(doc):
    head = {k: v for k, v in doc.items() if k != "cases"}
    text = json.dumps(head)[:-1] + ', "cases": [\n'
    text += ",\n".join(json.dumps(c) for c in doc["cases"])
    return text + "\n]}\n"


def wasmtime_version():
    try:
        from importlib.metadata import version
        return version("wasmtime")
    except Exception:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
