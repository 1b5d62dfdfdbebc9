#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples: top self frames, and the share of samples
whose stack passes through given buckets (kernel memory, host calls, JSON, JDBC...).
usage: topframes.py recording.jfr [N]"""
import collections
import json
import subprocess
import sys

BUCKETS = [  # (label, substring of a frame "Class.method") — first match from the top frame wins
    ("guest Wasm code (compiled/interpreted)", ("com.dylibso.chicory.$gen", "CompiledMachine", "com.dylibso.chicory.runtime.InterpreterMachine", "com.dylibso.chicory.runtime.MStack", "com.dylibso.chicory.runtime.StackFrame")),
    ("kernel memory (KernelMemory/Kernel)", ("io.wasmudf.runtime.internal.KernelMemory", "io.wasmudf.runtime.Kernel")),
    ("guest memory access (LimitedMemory/ByteArrayMemory)", ("io.wasmudf.runtime.internal.LimitedMemory", "com.dylibso.chicory.runtime.ByteArrayMemory")),
    ("host-call crossing (import dispatch)", ("com.dylibso.chicory.runtime.ImportFunction", "com.dylibso.chicory.runtime.HostFunction", "WasmFunctionHandle", "com.dylibso.chicory.runtime.Instance.callHostFunction")),
    ("Plugin.call bookkeeping (watchdog, export lookup, errors)", ("io.wasmudf.runtime.Plugin", "io.wasmudf.runtime.internal.Watchdog")),
    ("jdbc-core / bridge (store, caches)", ("io.wasmudf.sql.", "io.wasmudf.pljava.", "io.wasmudf.h2.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson",)),
    ("pgjdbc", ("org.postgresql",)),
    ("H2 engine", ("org.h2.",)),
    ("JDK", ("java.", "jdk.", "sun.")),
]


INCLUSIVE = ("io.wasmudf.runtime", "io.wasmudf.sql", "io.wasmudf.h2", "io.wasmudf.pljava",
             "org.h2.jdbc", "org.postgresql.jdbc.PgPreparedStatement", "org.postgresql.jdbc.PgStatement")


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "400", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    top = collections.Counter()
    inclusive = collections.Counter()
    buckets = collections.Counter()
    for e in events:
        frames = e["values"]["stackTrace"]["frames"]
        if not frames:
            continue
        names = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in frames]
        for name in set(names):
            if name.startswith(INCLUSIVE):
                inclusive[name] += 1
        top[names[0]] += 1
        label = "other"
        for name in names:  # innermost first: the first frame that belongs to a bucket
            hit = next((b for b, keys in BUCKETS if any(k in name for k in keys)), None)
            if hit and hit != "JDK":
                label = hit
                break
            if hit == "JDK" and label == "other":
                label = "JDK"
        buckets[label] += 1
    total = sum(top.values()) or 1
    print(f"{total} samples")
    print("self time, top frames:")
    for name, c in top.most_common(n):
        print(f"  {100 * c / total:5.1f}%  {name}")
    print("inclusive (share of samples under the method), wasmudf / JDBC frames:")
    for name, c in inclusive.most_common(n):
        print(f"  {100 * c / total:5.1f}%  {name}")
    print("by owner (innermost frame that belongs to a known layer):")
    for label, c in buckets.most_common():
        print(f"  {100 * c / total:5.1f}%  {label}")


if __name__ == "__main__":
    main()
