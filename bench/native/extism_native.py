#!/usr/bin/env python3
"""Per-call latency of the official native Extism runtime (libextism, shipped by the `extism`
package, through its Python SDK) on the same plug-in (bench/plugins/wasm/bench.wasm) and inputs
(bench/inputs/) as the JMH benchmarks.

Warm calls: one plug-in instance, WARMUP calls, then BATCHES batches of calls; the per-call time
of a batch is its time over its size (the same statistic as a JMH AverageTime iteration). Prints
and writes (--json) the median per-call time of the batches with p10/p90/min/max, and the median
of single timed calls. Cold: a new plug-in from the same bytes + first call. libextism turns on
Wasmtime's on-disk compile cache (~/.cache/wasmtime) by default, so after the first run this is a
cache hit + instantiate + call, not a compile; run with `EXTISM_CACHE_CONFIG=` (empty) to compile.

    pip install extism    # then:  python bench/native/extism_native.py --json out.json
"""
import argparse
import json
import pathlib
import platform
import statistics
import time

import extism
from importlib.metadata import version

HERE = pathlib.Path(__file__).resolve().parent.parent
WASM = (HERE / "plugins" / "wasm" / "bench.wasm").read_bytes()
INPUTS = {name: (HERE / "inputs" / name).read_bytes()
          for name in ("echo16.bin", "text100.txt", "text10k.txt", "post.json")}

WORKLOADS = [  # (JMH benchmark name, export, input)
    ("echo16", "echo", "echo16.bin"),
    ("countVowels100", "count_vowels", "text100.txt"),
    ("countVowels10k", "count_vowels", "text10k.txt"),
    ("jsonTitle", "json_title", "post.json"),
]


def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(ns):
    return {"median": statistics.median(ns), "p10": pct(ns, 0.10), "p90": pct(ns, 0.90),
            "min": min(ns), "max": max(ns), "n": len(ns)}


def warm(plugin, export, data, seconds, batches):
    call = plugin.call
    # calibrate: a batch takes about seconds / batches
    t0 = time.perf_counter_ns()
    n = 0
    while time.perf_counter_ns() - t0 < 200_000_000:
        call(export, data)
        n += 1
    per = (time.perf_counter_ns() - t0) / n
    size = max(1, int(seconds * 1e9 / batches / per))
    for _ in range(size):  # warm-up, as long as one batch
        call(export, data)
    batch_ns = []
    for _ in range(batches):
        t = time.perf_counter_ns()
        for _ in range(size):
            call(export, data)
        batch_ns.append((time.perf_counter_ns() - t) / size)
    single = []
    for _ in range(min(2000, size * 5)):
        t = time.perf_counter_ns()
        call(export, data)
        single.append(time.perf_counter_ns() - t)
    return {"batch_size": size, "per_call_ns": summary(batch_ns), "single_call_ns": summary(single)}


def cold(export, data, runs):
    ns = []
    for _ in range(runs):
        t = time.perf_counter_ns()
        with extism.Plugin(WASM, wasi=False) as p:
            p.call(export, data)
        ns.append(time.perf_counter_ns() - t)
    return summary(ns)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0, help="measured seconds per workload")
    ap.add_argument("--batches", type=int, default=20)
    ap.add_argument("--cold-runs", type=int, default=30)
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()

    out = {"sdk": "extism (Python) " + version("extism"),
           "libextism": extism.extism_version(), "python": platform.python_version(),
           "warm": {}, "cold": {}}
    # Check the outputs once against what the JMH contenders must return.
    with extism.Plugin(WASM, wasi=False) as p:
        assert p.call("echo", INPUTS["echo16.bin"]) == INPUTS["echo16.bin"]
        for name, export, inp in WORKLOADS:
            r = warm(p, export, INPUTS[inp], a.seconds, a.batches)
            out["warm"][name] = r
            s = r["per_call_ns"]
            print(f"{name:16s} median {s['median']:12.1f} ns/call  p10 {s['p10']:10.1f}  p90 {s['p90']:10.1f}"
                  f"  (single calls: median {r['single_call_ns']['median']:.0f} ns)")
    out["cold"]["neverSeenModule"] = cold("count_vowels", INPUTS["text100.txt"], a.cold_runs)
    c = out["cold"]["neverSeenModule"]
    print(f"{'neverSeenModule':16s} median {c['median'] / 1000:12.1f} us  p10 {c['p10'] / 1000:.1f}  p90 {c['p90'] / 1000:.1f}")
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
