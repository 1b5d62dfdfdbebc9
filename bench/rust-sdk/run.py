#!/usr/bin/env python3
"""The official Extism Rust SDK (bench/rust-sdk, the `extism` crate) on every per-call and cold-start
row of bench/, with Wasmtime's on-disk compile cache on (libextism's default) and off
(`EXTISM_CACHE_CONFIG=` empty), RUST_BACKTRACE unset (set, it makes that SDK 1.4-2.3x slower).

    python3 bench/rust-sdk/run.py [--seconds 3] [--runs 8] [--first-call-runs 5]

Builds the harness (`cargo build --release --locked`; the first build fetches and compiles Wasmtime,
minutes), runs `calls` and `cold` once per cache setting, then a new process's first call of each
module, interleaved round by round with an empty process (`noop`) as the baseline, wall time measured
from outside. Writes bench/results/rust-sdk.json and prints Markdown tables. Not part of `mvn verify`.
"""
import argparse
import json
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.join(HERE, "target", "release", "wasmudf-bench-rust-sdk")
MODULES = ("count_vowels.wasm", "rs_udf.wasm", "bench.wasm")
CACHE = {"on": None, "off": ""}   # EXTISM_CACHE_CONFIG: unset, or empty (disables Wasmtime's cache)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def locked(crate):
    """The crate's version in Cargo.lock, as `crate VERSION`."""
    with open(os.path.join(HERE, "Cargo.lock")) as f:
        blocks = f.read().split("[[package]]")
    for b in blocks:
        if f'name = "{crate}"\n' in b:
            return crate + " " + b.split('version = "')[1].split('"')[0]
    return crate + " ?"


def env(cache):
    e = {k: v for k, v in os.environ.items() if k not in ("RUST_BACKTRACE", "EXTISM_CACHE_CONFIG")}
    if CACHE[cache] is not None:
        e["EXTISM_CACHE_CONFIG"] = CACHE[cache]
    e["WASMUDF_REPO_ROOT"] = ROOT
    return e


def run(cache, *args):
    t = time.perf_counter()
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=env(cache))
    wall = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{p.stderr}")
    return wall, [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


def summary(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def fmt(x, unit):
    ns = x * {"ns": 1, "us": 1e3, "ms": 1e6}[unit]
    if ns < 1e3:
        return f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.3g} µs"
    if ns < 1e9:
        return f"{ns / 1e6:.3g} ms"
    return f"{ns / 1e9:.3g} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0, help="measured seconds per per-call row")
    ap.add_argument("--runs", type=int, default=8, help="never-seen-module runs (new instance: 10x)")
    ap.add_argument("--first-call-runs", type=int, default=5)
    ap.add_argument("--json", default=os.path.join(ROOT, "bench/results/rust-sdk.json"))
    a = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=HERE, check=True)
    result = {"load_start": load(), "sdk": locked("extism") + " on " + locked("wasmtime"), "rows": {}, "first_call": {}}
    for m in MODULES:   # fill Wasmtime's cache, so that "on" measures hits
        run("on", "first-call", m)
    for cache in CACHE:
        for mode, arg in (("calls", str(a.seconds)), ("cold", str(a.runs))):
            _, rows = run(cache, mode, arg)
            for r in rows:
                result["rows"].setdefault(r["row"], {})[cache] = r

    walls = {}
    for _ in range(a.first_call_runs):
        for cache in CACHE:
            w, _ = run(cache, "noop")
            walls.setdefault(f"noop/{cache}", []).append(w)
            for m in MODULES:
                w, rows = run(cache, "first-call", m)
                walls.setdefault(f"{m}/{cache}", []).append(w)
                walls.setdefault(f"{m}/{cache}/inside", []).append(rows[0]["first_call_ms"])
    result["first_call"] = {k: summary(v) for k, v in walls.items()}
    result["load_end"] = load()
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(result, f, indent=2)

    print(f"{result['sdk']}; load (1/5/15 min) at start {result['load_start']}, at end {result['load_end']}\n")
    print("| row | Rust SDK, cache on | Rust SDK, cache off |")
    print("|---|---|---|")
    for row, by in result["rows"].items():
        cells = [f"{fmt(by[c]['median'], by[c]['unit'])} ({fmt(by[c]['min'], by[c]['unit'])}–{fmt(by[c]['max'], by[c]['unit'])})"
                 if c in by else "—" for c in CACHE]
        print(f"| {row} | {' | '.join(cells)} |")
    print("\n| new process's first call (wall) | cache on | cache off |")
    print("|---|---|---|")
    for key in ("noop",) + MODULES:
        cells = []
        for c in CACHE:
            s = result["first_call"][f"{key}/{c}"]
            base = result["first_call"][f"noop/{c}"]["median"]
            extra = "" if key == "noop" else f", +{s['median'] - base:.1f} ms above an empty process"
            cells.append(f"{s['median']:.1f} ms ({s['min']:.1f}–{s['max']:.1f}){extra}")
        print(f"| {key} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
