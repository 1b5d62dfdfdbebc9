#!/usr/bin/env python3
"""A new JVM's first call of a registered plug-in, with and without the compiled code stored in the
database (table wasmudf_code), for a Go-PDK module and a Rust-PDK one, against a new JVM's SELECT 1.

Each measurement is a new `java` process running io.wasmudf.bench.FirstCall against an H2 file
database; the cases are interleaved round by round so that a change of the machine's load hits all
of them alike. Wall time is measured from outside (process start to exit); the JSON line the process
prints splits it. The cases marked class-data run again with a JVM class-data archive (as
bin/wasmudf keeps one), written by a training run, each against a SELECT 1 started the same way.
Writes bench/results/first-call.json and prints a Markdown table.

    python3 bench/first_call.py [--runs 7] [--jar bench/wasmudf/target/benchmarks.jar] [--stored-only]
    python3 bench/first_call.py --interpreter-first [--runs 5]   # a never-seen module: interpreter
        first, compiler in the background (io.wasmudf.bench.InterpreterFirst) against compiling first
    python3 bench/first_call.py --split [--runs 5]   # where a first call with stored classes goes
        (io.wasmudf.bench.FirstCallSplit: load, instantiate, first call; Chicory's full parse beside)
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = {  # name: (file, export, input)
    "go_count_vowels": ("plugins/wasm/count_vowels.wasm", "count_vowels", "Hello, World!"),
    "rust_count_vowels": ("plugins/wasm/rs_udf.wasm", "rs_count_vowels", "Hello, World!"),
}


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def children_cpu_ms():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000


def java(jar, *args, main="io.wasmudf.bench.FirstCall", cpu=None, jvm=()):
    """Runs one JVM (with the options `jvm`); returns its wall ms and its JSON line. With a list
    `cpu`, appends the process's CPU ms (all its threads: JIT and GC included), which a loaded
    machine swells less."""
    c = children_cpu_ms()
    t = time.perf_counter()
    p = subprocess.run(["java", *jvm, "-cp", jar, main, *args],
                       capture_output=True, text=True, cwd=ROOT)
    wall = (time.perf_counter() - t) * 1000
    if cpu is not None:
        cpu.append(children_cpu_ms() - c)
    if p.returncode != 0:
        raise SystemExit(f"FirstCall {' '.join(args)} failed:\n{p.stderr}")
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    return wall, (json.loads(lines[-1]) if lines else {})


def summary(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def interpreter_first(a):
    load_start = load()
    rows = {}
    for _ in range(a.runs):
        for name, (wasm, export, text) in MODULES.items():
            for mode in ("compiled", "race"):
                _, j = java(a.jar, mode, os.path.join(ROOT, wasm), export, text, main="io.wasmudf.bench.InterpreterFirst")
                for k, v in j.items():
                    rows.setdefault(f"{name}/{mode}", {}).setdefault(k, []).append(v)
    result = {"load_start": load_start, "load_end": load(), "runs": a.runs,
              "cases": {c: {k: summary(v) for k, v in d.items()} for c, d in rows.items()}}
    report(a.json.replace("first-call", "interpreter-first"), result, "case")


def report(path, result, what):
    """Writes a result to path and prints its load line and its table of measures per case."""
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
    print(f"load (1/5/15 min) at start {result['load_start']}, at end {result['load_end']}; {result['runs']} runs each\n")
    print(f"| {what} | measure | median (min–max) |")
    print("|---|---|---|")
    for c, d in result["cases"].items():
        for k, s in d.items():
            print(f"| {c} | {k} | {s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f}) |")


def split(a):
    load_start = load()
    rows = {}
    steps = {}
    for name, (wasm, export, text) in MODULES.items():
        cache = os.path.join(ROOT, "bench/target/first-call-split", name)
        shutil.rmtree(cache, ignore_errors=True)
        java(a.jar, "fill", cache, os.path.join(ROOT, wasm), main="io.wasmudf.bench.FirstCallSplit")
    for _ in range(a.runs):
        for name, (wasm, export, text) in MODULES.items():
            cache = os.path.join(ROOT, "bench/target/first-call-split", name)
            args = (cache, os.path.join(ROOT, wasm), export, text)
            cpu = []
            wall, j = java(a.jar, "run", *args, main="io.wasmudf.bench.FirstCallSplit", cpu=cpu)
            j["wall_ms"] = wall
            j["process_cpu_ms"] = cpu[0]
            for k, v in j.items():
                if isinstance(v, float):
                    rows.setdefault(name, {}).setdefault(k, []).append(v)
            _, j = java(a.jar, "steps", *args, main="io.wasmudf.bench.FirstCallSplit")
            for k, v in j.items():
                steps.setdefault(name, {}).setdefault(k, []).append(v)
    result = {"load_start": load_start, "load_end": load(), "runs": a.runs,
              "cases": {c: {k: summary(v) for k, v in d.items()} for c, d in rows.items()},
              "steps": {c: {k: summary(v) for k, v in d.items()} for c, d in steps.items()}}
    report(a.json.replace("first-call", "first-call-split"), result, "module")
    print("\nStep by step (io.wasmudf.runtime.ColdSteps, another new JVM per run):\n")
    print("| module | step | wall ms, median (min–max) | main-thread CPU ms, median |")
    print("|---|---|---|---|")
    for c, d in result["steps"].items():
        for k, s in d.items():
            if k.endswith("_cpu_ms"):
                continue
            cpu = d[k[:-3] + "_cpu_ms"]["median"]
            print(f"| {c} | {k[:-3]} | {s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f}) | {cpu:.1f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--jar", default=os.path.join(ROOT, "bench/wasmudf/target/benchmarks.jar"))
    ap.add_argument("--json", default=os.path.join(ROOT, "bench/results/first-call.json"))
    ap.add_argument("--interpreter-first", action="store_true")
    ap.add_argument("--split", action="store_true")
    ap.add_argument("--stored-only", action="store_true",
                    help="leave out the cases without stored code (they compile: seconds each)")
    a = ap.parse_args()
    if a.interpreter_first:
        interpreter_first(a)
        return
    if a.split:
        split(a)
        return

    work = os.path.join(ROOT, "bench/target/first-call")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    regs = []
    for name, (wasm, _, _) in MODULES.items():
        regs += [name, os.path.join(ROOT, wasm)]
    load_start = load()
    dbs = {"stored": os.path.join(work, "stored"), "none": os.path.join(work, "none")}
    register_ms = {}
    for kind, db in dbs.items():
        register_ms[kind], _ = java(a.jar, "setup", db, *regs)
    java(a.jar, "drop-code", dbs["none"])

    # The same JVMs with a class-data archive (as bin/wasmudf keeps one), written by one training
    # run: a new JVM's first call of the Go module with its stored classes, in a database copy.
    archive = os.path.join(work, "first-call.jsa")
    shutil.copy(dbs["stored"] + ".mv.db", os.path.join(work, "training.mv.db"))
    _, export, text = MODULES["go_count_vowels"]
    java(a.jar, "call", os.path.join(work, "training"), f"go_count_vowels.{export}", text,
         jvm=(f"-XX:ArchiveClassesAtExit={archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"))
    cds = (f"-XX:SharedArchiveFile={archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off")

    kinds = ("stored",) if a.stored_only else ("stored", "none")
    cases = [("select1", None, None, ())] + [(m, k, dbs[k], ()) for m in MODULES for k in kinds]
    cases += [("select1/class-data", None, None, cds)] + [
        (m, "stored/class-data", dbs["stored"], cds) for m in MODULES]
    walls = {f"{m}/{k}" if k else m: [] for m, k, _, _ in cases}
    inner = {key: [] for key in walls}
    inner_cpu = {key: [] for key in walls}
    cpus = {key: [] for key in walls}
    for _ in range(a.runs):
        for m, k, db, jvm in cases:
            key = f"{m}/{k}" if k else m
            if k is None:
                wall, j = java(a.jar, "select1", dbs["stored"], cpu=cpus[key], jvm=jvm)
            else:
                _, export, text = MODULES[m]
                wall, j = java(a.jar, "call", db, f"{m}.{export}", text, cpu=cpus[key], jvm=jvm)
            walls[key].append(wall)
            inner[key].append(j.get("query_ms", 0.0))
            inner_cpu[key].append(j.get("query_cpu_ms", 0.0))
    result = {
        "load_start": load_start, "load_end": load(), "runs": a.runs,
        "register_both_modules_ms": register_ms["stored"],
        "wall_ms": {k: summary(v) for k, v in walls.items()},
        "first_query_ms": {k: summary(v) for k, v in inner.items()},
        "first_query_thread_cpu_ms": {k: summary(v) for k, v in inner_cpu.items()},
        "process_cpu_ms": {k: summary(v) for k, v in cpus.items()},
        "class_data_archive": "written by one new JVM's first call of go_count_vowels/stored",
    }
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(result, f, indent=2)

    print(f"load (1/5/15 min) at start {result['load_start']}, at end {result['load_end']}; {a.runs} runs each\n")
    print("| case | new JVM, wall (median, min–max) | above a new JVM's SELECT 1 | first query in the JVM (median) "
          "| its thread's CPU (median) | process CPU above SELECT 1's (median) |")
    print("|---|---|---|---|---|---|")
    for key, s in result["wall_ms"].items():
        # Each case against the SELECT 1 of a JVM started the same way (with the archive or not).
        select1 = "select1/class-data" if key.endswith("class-data") else "select1"
        base = result["wall_ms"][select1]["median"]
        base_cpu = result["process_cpu_ms"][select1]["median"]
        q = result["first_query_ms"][key]["median"]
        qc = result["first_query_thread_cpu_ms"][key]["median"]
        pc = result["process_cpu_ms"][key]["median"]
        print(f"| {key} | {s['median']:.0f} ms ({s['min']:.0f}–{s['max']:.0f}) | "
              f"{s['median'] - base:+.0f} ms | {q:.0f} ms | {qc:.0f} ms | {pc - base_cpu:+.0f} ms |")


if __name__ == "__main__":
    main()
