#!/usr/bin/env python3
"""Turns bench/results/*.json (JMH and the native Extism script) into the Markdown tables of
BENCHMARKS.md: ratios to the plain Java function of the same run, and absolute medians with
their spread (min-max of the measured iterations / batches). Standard library only."""
import json
import pathlib
import statistics
import sys

OUT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
TO_NS = {"ns/op": 1, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}


def load(name):
    p = OUT / f"{name}.json"
    if not p.exists() or p.stat().st_size == 0:
        return []
    return json.loads(p.read_text())


def stats(entry):
    m = entry["primaryMetric"]
    f = TO_NS[m["scoreUnit"]]
    xs = [x * f for fork in m["rawData"] for x in fork]
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def index(*names):
    d = {}
    for n in names:
        for e in load(n):
            method = e["benchmark"].rsplit(".", 1)[1]
            p = e.get("params", {})
            d[(method, p.get("contender"), p.get("module"))] = stats(e)
    return d


def fmt_ns(ns):
    for unit, f in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= f:
            v = ns / f
            return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"
    return f"{ns:.3g} ns" if ns < 100 else f"{ns:.0f} ns"


def cell(s, base=None):
    if s is None:
        return "—"
    spread = f"{fmt_ns(s['median'])} ({fmt_ns(s['min'])}–{fmt_ns(s['max'])})"
    if base is None:
        return spread
    return f"**{s['median'] / base['median']:.2f}×** · {spread}"


def native_stats(r):
    return {"median": r["median"], "min": r["min"], "max": r["max"], "n": r["n"]}


def main():
    jmh = index("call", "sdk-call")
    native = json.loads((OUT / "native.json").read_text()) if (OUT / "native.json").exists() else None
    lines = []
    machine = (OUT / "machine.txt").read_text().strip().splitlines() if (OUT / "machine.txt").exists() else []
    lines.append("Machine and load: " + "; ".join(machine))
    lines.append("")
    lines.append("### Per call, warm instance (ratio to plain Java in the same run · median (min–max of "
                 "iterations))")
    lines.append("")
    cols = [("plain Java", "java"), ("wasmudf compiler", "compiler"), ("wasmudf interpreter", "interpreter"),
            ("chicory-sdk 0.3.0 (interp.)", "chicory-sdk"), ("chicory-sdk 0.3.0 AoT", "chicory-sdk-aot")]
    hdr = "| workload | " + " | ".join(c for c, _ in cols) + " | native Extism (Python SDK) |"
    lines += [hdr, "|" + "---|" * (len(cols) + 2)]
    work = [("echo 16 B", "echo16"), ("count_vowels 100 B", "countVowels100"),
            ("count_vowels 10 KB", "countVowels10k"), ("json_title 515 B", "jsonTitle")]
    targets = []
    for label, m in work:
        base = jmh.get((m, "java", None))
        row = [cell(jmh.get((m, c, None)), base if c != "java" else None) for _, c in cols]
        nat = None
        if native and m in native["warm"]:
            nat = native_stats(native["warm"][m]["per_call_ns"])
        row.append(cell(nat, base) if nat else "—")
        lines.append(f"| {label} | " + " | ".join(row) + " |")
        comp, sdk, aot = jmh.get((m, "compiler", None)), jmh.get((m, "chicory-sdk", None)), jmh.get((m, "chicory-sdk-aot", None))
        if comp and sdk:
            t = (f"- {label}: per-call time of chicory-sdk ÷ wasmudf compiler = {sdk['median'] / comp['median']:.1f}"
                 " (above 1: wasmudf faster)")
            if aot:
                t += f"; chicory-sdk AoT ÷ wasmudf compiler = {aot['median'] / comp['median']:.2f}"
            if nat:
                t += f"; native Extism (Python) ÷ wasmudf compiler = {nat['median'] / comp['median']:.2f}"
            targets.append(t)
    if native:
        lines.append("")
        lines.append(f"Native: {native['sdk']}, libextism {native['libextism']}, Python {native['python']}; median "
                     "per-call time of batches (min–max over batches); most of it is the Python layer (the Rust SDK's "
                     "own per-call cost is about 4 µs: bench/rust-sdk), so it is not native Extism's per-call cost. "
                     "Single timed calls, median: "
                     + ", ".join(f"{m} {fmt_ns(native['warm'][m]['single_call_ns']['median'])}" for _, m in work
                                 if m in native["warm"]) + ".")
    lines.append("")
    lines += targets

    lines.append("")
    lines.append("### Cold start (median (min–max))")
    lines.append("")
    cold = index("cold-instance", "cold-module", "sdk-cold-module")
    mods = sorted({k[2] for k in cold if k[2]})
    lines.append("| module | contender | new instance + first call (compiled module) | never-seen module: parse + compile + instantiate + first call |")
    lines.append("|---|---|---|---|")
    for mod in mods:
        for c in ("compiler", "interpreter", "chicory-sdk", "chicory-sdk-aot"):
            a, b = cold.get(("newInstance", c, mod)), cold.get(("neverSeenModule", c, mod))
            if a or b:
                lines.append(f"| {mod} | {c} | {cell(a)} | {cell(b)} |")
        if mod == "bench.wasm" and native:
            lines.append(f"| {mod} | native Extism (Python), a hit in Wasmtime's on-disk cache, not a compile | — | "
                         f"{cell(native_stats(native['cold']['neverSeenModule']))} |")

    for name, title, base_c in (("h2", "embedded H2", "java"), ("pg", "PostgreSQL bridge path (in-JVM, pgjdbc, real server)", "java")):
        d = index(name)
        lines.append("")
        lines.append(f"### SQL end to end, {title}: 100,000 rows of 100 B, per query (ratio to the plain Java "
                     "function · median (min–max)), and per row")
        lines.append("")
        if not d:
            lines.append("skipped: " + ((OUT / f"{name}.skipped").read_text().strip() if (OUT / f"{name}.skipped").exists() else "no results"))
            continue
        base = d.get(("query", base_c, None))
        scan = d.get(("query", "scan", None))
        lines.append("| contender | per query | per row | per row above the bare scan |")
        lines.append("|---|---|---|---|")
        for (_, c, _), s in sorted(d.items(), key=lambda kv: kv[1]["median"]):
            extra = "—" if not scan or c == "scan" else fmt_ns((s["median"] - scan["median"]) / 100_000)
            lines.append(f"| {c} | {cell(s, base if c != base_c else None)} | {fmt_ns(s['median'] / 100_000)} | {extra} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
