#!/usr/bin/env python3
"""A new backend's first call (issue 11): every query below runs as the first statement of a new
psql session (a new backend, so a new JVM), N rounds interleaved over the queries and databases;
per query the median and range of psql's \\timing (the statement alone, not the connection) and
of the CPU time the backend process spent on it (all its threads: JVM start, class loading, JIT,
GC; read from /proc/PID/stat before and after, so the server must be on this host), which says
more than wall time on a machine shared with other work.
The plain PL/Java function's first call is PL/Java's own JVM start; what a wasm_* function's first
call costs above it is the bridge's.

usage: first_call.py DB[,DB...] [N]   (databases made by setup.sh; PGPORT, default 55433)
"""
import os
import re
import statistics
import subprocess
import sys

QUERIES = {
    "plain PL/Java (URLEncoder.encode)": "SELECT length(java_urlencode('a'))",
    "wasm_call count_vowels": "SELECT length(wasm_call('count_vowels.rs_count_vowels', 'Hello, World!'))",
    "wasm_cache_stats()": "SELECT count(*) FROM wasm_cache_stats()",
}


CPU = '\\! echo cpu $(cut -d" " -f14,15 /proc/$BPID/stat)'
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def first(db, query):
    """(wall ms, backend CPU ms) of query as the first statement of a new session."""
    port = os.environ.get("PGPORT", "55433")
    script = ["SELECT pg_catalog.pg_backend_pid() AS pid \\gset", "\\setenv BPID :pid", CPU,
              "\\timing on", query + ";", "\\timing off", CPU]
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", db, "-At"],
                         input="\n".join(script) + "\n", capture_output=True, text=True,
                         env=dict(os.environ, PGOPTIONS="-c client_min_messages=error"))
    t = re.findall(r"Time: ([0-9.]+) ms", out.stdout)
    cpu = [int(a) + int(b) for a, b in re.findall(r"cpu (\d+) (\d+)", out.stdout)]
    if not t or len(cpu) != 2:
        sys.exit(f"{db}: {query}: no timing\n{out.stdout}{out.stderr}")
    return float(t[0]), (cpu[1] - cpu[0]) * TICK_MS


def main():
    dbs = sys.argv[1].split(",")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    times = {(db, q): [] for db in dbs for q in QUERIES}
    for _ in range(rounds):
        for q, sql in QUERIES.items():
            for db in dbs:
                times[(db, q)].append(first(db, sql))
    for db in dbs:
        print(f"\n{db}: first statement of a new session, ms, median (min-max) of {rounds}, and above the plain function's median")
        print(f"  {'':36s} {'wall':>20s} {'':>7s}   {'backend CPU':>20s}")
        base = [statistics.median(x[i] for x in times[(db, "plain PL/Java (URLEncoder.encode)")]) for i in (0, 1)]
        for q in QUERIES:
            cols = []
            for i in (0, 1):
                t = [x[i] for x in times[(db, q)]]
                m = statistics.median(t)
                cols.append(f"{m:6.0f} ({min(t):4.0f}-{max(t):4.0f}) {m - base[i]:+6.0f}")
            print(f"  {q:36s} {cols[0]}   {cols[1]}")
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
