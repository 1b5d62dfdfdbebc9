#!/usr/bin/env python3
"""Per-row cost of wasm_call in PostgreSQL with PL/Java, by hand (issue 11), in databases made by
setup.sh. One psql session per database (one backend, one JVM): every query is run 3 times to warm
the JVM, the instance and the JIT, then N rounds of all of them, interleaved; per query the best and
the median of the rounds, and per row above the bare scan.

usage: measure.py DB[,DB...] [N] [--ablate]
  --ablate  also, in the same session: the store read on every call (statement_start NaN) and a
            copy of the Java function WITH `SET search_path` (wasm_call_set), each way, to show
            what each per-call cost was. Needs the current install.sql (wasm_call_stmt).
"""
import os
import re
import statistics
import subprocess
import sys

CALL = "'count_vowels.rs_count_vowels', body"
NOW = "pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())"
QUERIES = {
    "scan": "SELECT sum(length(body)) FROM posts",
    "plain PL/Java (URLEncoder.encode)": "SELECT sum(length(java_urlencode(body))) FROM posts",
    "PL/pgSQL count_vowels": "SELECT sum(length(plpgsql_count_vowels(body))) FROM posts",
    "wasm_call rs_count_vowels": f"SELECT sum(length(wasm_call({CALL}))) FROM posts",
}
ABLATIONS = {
    "  store read per call, no SET": f"SELECT sum(length(wasmudf.wasm_call_stmt({CALL}, 'NaN'))) FROM posts",
    "  once per statement, SET search_path": f"SELECT sum(length(wasmudf.wasm_call_set({CALL}, {NOW}))) FROM posts",
    "  store read per call, SET search_path": f"SELECT sum(length(wasmudf.wasm_call_set({CALL}, 'NaN'))) FROM posts",
}
WITH_SET = """CREATE OR REPLACE FUNCTION wasmudf.wasm_call_set("function" text, input text, statement_start double precision)
  RETURNS text LANGUAGE java VOLATILE STRICT SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String, double)';"""
ROWS = 20000


def run(db, queries, rounds, setup):
    sql = ["\\set QUIET on"] + setup + ["\\timing on"]
    for q in queries.values():
        sql += [q + ";"] * 3
    for _ in range(rounds):
        sql += [q + ";" for q in queries.values()]
    port = os.environ.get("PGPORT", "55433")
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", db, "-At"],
                         input="\n".join(sql) + "\n", capture_output=True, text=True,
                         env=dict(os.environ, PGOPTIONS="-c client_min_messages=error"))
    times = [float(t) for t in re.findall(r"Time: ([0-9.]+) ms", out.stdout)][3 * len(queries):]
    if len(times) != rounds * len(queries):
        sys.exit(f"{db}: expected {rounds * len(queries)} timings, got {len(times)}\n{out.stderr[-2000:]}")
    return {name: times[i::len(queries)] for i, name in enumerate(queries)}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ablate = "--ablate" in sys.argv
    rounds = int(args[1]) if len(args) > 1 else 7
    queries = dict(QUERIES, **(ABLATIONS if ablate else {}))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for db in args[0].split(","):
        r = run(db, queries, rounds, [WITH_SET] if ablate else [])
        scan_min, scan_med = min(r["scan"]), statistics.median(r["scan"])
        print(f"== {db}: {ROWS} rows, {rounds} rounds (load {os.getloadavg()[0]:.2f})")
        print(f"  {'query':40s} {'best':>9s} {'median':>9s}   per row above the scan: best / median")
        for name, t in r.items():
            best, med = min(t), statistics.median(t)
            print(f"  {name:40s} {best:7.1f}ms {med:7.1f}ms   {(best - scan_min) * 1000 / ROWS:6.2f} / "
                  f"{(med - scan_med) * 1000 / ROWS:6.2f} us")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
