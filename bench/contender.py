#!/usr/bin/env python3
"""The official Rust SDK as a contender on every per-call and cold-start row (issue 11), side by side
with this runtime in one run: the Java rows (JMH, compiler mode) right after the Rust SDK's
(bench/rust-sdk/run.py, cache on and off), so both see the same minutes' load, which is printed.
Each row gives the ratio of ours to the faster of the SDK's two settings (below 1: ours is faster);
a never-seen module is set against the SDK compiling (cache off) when ours compiles, and against
its cache hit when ours loads stored classes.

    python3 bench/contender.py [--sdk-json FILE] [--quick] [--jvm-arg=ARG]... [--json FILE]
        FILE: reuse a run.py result instead of running it; ARG: an option for the benchmark JVMs
        (e.g. -XX:-DontCompileHugeMethods, as bin/wasmudf runs them)
Needs bench/wasmudf/target/benchmarks.jar (mvn -pl bench/wasmudf -am package -DskipTests) and, for
the SDK, Rust and the crate registry. Writes bench/results/contender.json and prints Markdown.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "bench/wasmudf/target/benchmarks.jar")
PER_CALL = ["-f", "1", "-wi", "3", "-w", "2s", "-i", "5", "-r", "2s"]
SHOT = ["-f", "1", "-wi", "2", "-i", "5"]
# (JMH regex, params, options, the SDK's row names for the results, in JMH's order of params)
JAVA = [
    ("CallBench\\.(echo16|countVowels100|countVowels10k|jsonTitle)$", ["-p", "contender=compiler"], PER_CALL),
    ("PdkCallBench\\.", ["-p", "contender=compiler"], PER_CALL),
    ("ColdBench\\.newInstance$", ["-p", "contender=compiler", "-p", "module=bench.wasm,count_vowels.wasm",
                                  "-p", "export=count_vowels"], PER_CALL),
    ("ColdBench\\.newInstance$", ["-p", "contender=compiler", "-p", "module=rs_udf.wasm",
                                  "-p", "export=rs_count_vowels"], PER_CALL),
    ("ColdBench\\.neverSeenModule", ["-p", "contender=compiler", "-p", "module=bench.wasm,count_vowels.wasm",
                                     "-p", "export=count_vowels"], SHOT),
    ("ColdBench\\.neverSeenModule", ["-p", "contender=compiler", "-p", "module=rs_udf.wasm",
                                     "-p", "export=rs_count_vowels"], SHOT),
]


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def jmh(regex, params, opts, jvm_args=()):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as t:
        out = t.name
    cmd = ["java", "-Djmh.ignoreLock=true", f"-Dwasmudf.repo.root={ROOT}", "-jar", JAR, regex, *params, *opts,
           "-jvmArgsAppend", " ".join([f"-Dwasmudf.repo.root={ROOT}", *jvm_args]), "-rf", "json", "-rff", out]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit(f"JMH failed: {' '.join(cmd)}\n{p.stdout[-3000:]}\n{p.stderr[-2000:]}")
    with open(out) as f:
        rows = json.load(f)
    os.unlink(out)
    result = {}
    for r in rows:
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        if name.startswith("ColdBench."):
            name += " module=" + r["params"]["module"]
        m = r["primaryMetric"]
        scale = {"ns/op": 1, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}[m["scoreUnit"]]
        raw = [x * scale for fork in m["rawData"] for x in fork]
        result[name] = {"median": statistics.median(raw), "min": min(raw), "max": max(raw), "unit": "ns", "n": len(raw)}
    return result


def ns(x):
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if x >= div:
            return f"{x / div:.3g} {unit}"
    return f"{x:.0f} ns"


def cell(r):
    return f"{ns(r['median'])} ({ns(r['min'])}–{ns(r['max'])})" if r else "—"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sdk-json", help="a bench/rust-sdk/run.py result to use instead of running it")
    ap.add_argument("--quick", action="store_true", help="one short JMH iteration per row: checks the script only")
    ap.add_argument("--table", action="store_true", help="print the table of the --json file again")
    ap.add_argument("--jvm-arg", action="append", default=[], help="an option for the benchmark JVMs (repeatable)")
    ap.add_argument("--json", default=os.path.join(ROOT, "bench/results/contender.json"))
    a = ap.parse_args()
    if a.table:
        with open(a.json) as f:
            out = json.load(f)
        table(out["sdk"], out["java"])
        return
    if a.quick:
        PER_CALL[:] = ["-f", "1", "-wi", "0", "-i", "1", "-r", "1s"]
        SHOT[:] = ["-f", "1", "-wi", "0", "-i", "1"]
    out = {"load_sdk_start": load(), "jvm_args": a.jvm_arg}
    if a.sdk_json:
        sdk_file = a.sdk_json
    else:
        sdk_file = os.path.join(ROOT, "bench/results/rust-sdk.json")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/rust-sdk/run.py"), "--json", sdk_file], check=True)
    with open(sdk_file) as f:
        sdk = json.load(f)
    out["load_java_start"] = load()
    java = {}
    for regex, params, opts in JAVA:
        java.update(jmh(regex, params, opts, a.jvm_arg))
    out["load_java_end"] = load()
    out["sdk"] = sdk
    out["java"] = java
    with open(a.json, "w") as f:
        json.dump(out, f, indent=2)

    print(f"{sdk.get('sdk', 'Rust SDK')}: load {sdk.get('load_start')} → {sdk.get('load_end')}; "
          f"wasmudf (JMH, compiler{', ' + ' '.join(a.jvm_arg) if a.jvm_arg else ''}): "
          f"load {out['load_java_start']} → {out['load_java_end']}\n")
    table(sdk, java)


def table(sdk, java):
    """Cache-on SDK cells that are not compared (ours compiles there) are still shown in the table."""
    print("| row | Rust SDK, cache on | Rust SDK, cache off | wasmudf | ours / the SDK's faster |")
    print("|---|---|---|---|---|")
    for name in list(sdk["rows"]) + [n for n in java if n not in sdk["rows"]]:
        # stored classes are the analogue of Wasmtime's cache: that row is set against the cache-on one
        sdk_name = name.replace("neverSeenModuleStoredCode", "neverSeenModule")
        by = sdk["rows"].get(sdk_name, {})
        on, off = to_ns(by.get("on")), to_ns(by.get("off"))
        if sdk_name != name:
            off = None
        compared = (on, off)
        if sdk_name == name and "neverSeenModule" in name:
            compared = (off,)  # ours compiles here: set against the SDK compiling, not against its cache hit
        ours = java.get(name)
        best = min((r["median"] for r in compared if r), default=None)
        ratio = f"{ours['median'] / best:.2f}×" if ours and best else "—"
        print(f"| {name} | {cell(on)} | {cell(off)} | {cell(ours)} | {ratio} |")


def to_ns(r):
    """A run.py row with its figures in nanoseconds."""
    if r is None:
        return None
    k = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[r["unit"]]
    return {"median": r["median"] * k, "min": r["min"] * k, "max": r["max"] * k}

if __name__ == "__main__":
    main()
