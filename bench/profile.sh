#!/usr/bin/env bash
# Profiles the per-call paths with JFR (method sampling every 10 ms, "profile" settings) and prints
# the top self frames and the share per layer: bench/profile.sh  (needs the jars of bench/run.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=bench/results/profile
mkdir -p "$OUT"
JAR=bench/wasmudf/target/benchmarks.jar
prof() {  # name regex jmh-args...
  local name=$1; shift
  java -jar $JAR "$@" -f 1 -wi 1 -w 2s -i 1 -r 10s \
    -jvmArgsAppend "-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile -XX:FlightRecorderOptions=stackdepth=256" \
    > "$OUT/$name.log" 2>&1
  echo "### $name"; python3 bench/topframes.py "$OUT/$name.jfr" 12; echo
}
{
  prof echo16-compiler 'CallBench.echo16' -p contender=compiler
  prof countVowels100-compiler 'CallBench.countVowels100' -p contender=compiler
  prof countVowels10k-compiler 'CallBench.countVowels10k' -p contender=compiler
  prof countVowels100-interpreter 'CallBench.countVowels100' -p contender=interpreter
  prof h2-wasm_call 'H2Bench' -p contender=wasm_call
  if [ -n "${WASMUDF_TEST_PG_URL:-}" ]; then prof pg-bridge 'PgBench' -p contender=bridge; fi
} | tee "$OUT/summary.txt"
