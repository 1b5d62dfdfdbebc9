#!/usr/bin/env python3
"""Splits a JFR recording's execution samples under one root frame (a benchmark method) into the
layers of a plug-in call: guest Wasm (with its memory accesses, interrupt checks and global reads
apart), the host-call crossing, the kernel's memory, vars and config, Plugin.call's bookkeeping,
the SQL glue and the database engine. A sample goes to the innermost frame that names a layer, so
JDK code (VarHandles, hashing, allocation) counts for the layer that called it.
usage: layers.py recording.jfr root-frame-substring   (e.g. PdkCallBench.rsCountVowels100, H2PdkBench.query)"""
import collections
import json
import subprocess
import sys

LAYERS = [  # (layer, substrings of "Class.method"); the first layer matching a frame wins
    ("guest: interrupt checks (Chicory)", ("CompiledMachineShaded.checkInterruption",)),
    ("guest: global reads/writes (Chicory)", ("CompiledMachineShaded.readGlobal", "CompiledMachineShaded.writeGlobal",
                                              "com.dylibso.chicory.runtime.Instance.global", "GlobalInstance")),
    ("guest: i32_ge_u workaround (Chicory)", ("MemCopyWorkaround",)),
    ("guest: linear memory (GuestMemory)", ("io.wasmudf.runtime.internal.GuestMemory", "CompiledMachineShaded.memory")),
    ("host-call crossing (dispatch, arrays)", ("CompiledMachineShaded.callHostFunction", "io.wasmudf.runtime.Linker.lambda$watched",
                                               "com.dylibso.chicory.runtime.ImportValues", "com.dylibso.chicory.runtime.ImportFunction",
                                               "io.wasmudf.runtime.Kernel.lambda", "io.wasmudf.runtime.KernelCall.apply")),
    ("kernel memory ops (KernelMemory)", ("io.wasmudf.runtime.internal.KernelMemory",)),
    ("vars / config / logs (HostServices, VarStore)", ("io.wasmudf.runtime.HostServices", "io.wasmudf.runtime.internal.VarStore",
                                                       "io.wasmudf.runtime.KernelCall.rare")),
    ("guest code (compiled Wasm)", ("com.dylibso.chicory.$gen", "com.dylibso.chicory.runtime.", "com.dylibso.chicory.compiler.")),
    ("Plugin.call bookkeeping (lock, watchdog, stats, budget, input/output)", ("io.wasmudf.runtime.",)),
    ("SQL glue (jdbc-core, h2-extension)", ("io.wasmudf.sql.", "io.wasmudf.h2.", "io.wasmudf.pljava.")),
    ("bench / Java alias", ("io.wasmudf.bench.",)),
    ("H2 engine", ("org.h2.",)),
]


def main():
    path, root = sys.argv[1], sys.argv[2]
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "400", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    total = 0
    for e in json.loads(out)["recording"]["events"]:
        frames = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
                  for f in e["values"]["stackTrace"]["frames"]]
        if not any(root in f for f in frames):
            continue
        total += 1
        layer = "other (JDK only)"
        for f in frames:  # innermost first
            hit = next((name for name, keys in LAYERS if any(k in f for k in keys)), None)
            if hit:
                layer = hit
                break
        counts[layer] += 1
    print(f"{total} samples under {root}")
    for name, _ in LAYERS + [("other (JDK only)", ())]:
        if counts[name]:
            print(f"  {100 * counts[name] / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
