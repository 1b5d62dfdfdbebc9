#!/usr/bin/env bash
# Reproduces every number of bench/BENCHMARKS.md with one command:
#
#   bench/run.sh            # full run (about 15 minutes on 2 cores)
#   QUICK=1 bench/run.sh    # a smoke run (short iterations; numbers are not for quoting)
#
# Builds the two JMH jars, runs them (this runtime + plain Java + H2 + PostgreSQL bridge path; then
# Extism's chicory-sdk in its own jar), runs the native Extism runtime through its Python SDK, and
# writes bench/results/: the JMH and Python JSON, machine.txt and RESULTS.md (the tables).
# PostgreSQL: uses WASMUDF_TEST_PG_URL, else starts the throwaway server of .ci/start-postgres.sh;
# without one the PostgreSQL rows are skipped. Native Extism: `pip install extism` into
# bench/target/venv; without it those columns are skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=bench/results
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.log

if [ "${QUICK:-0}" = 1 ]; then
  CALL="-f 1 -wi 1 -w 1s -i 2 -r 1s"; SQL="-f 1 -wi 1 -w 1s -i 2 -r 1s"
  COLD="-f 1 -wi 1 -w 1s -i 2 -r 1s"; SHOT="-f 1 -wi 1 -i 2"; NATIVE="--seconds 1 --batches 5 --cold-runs 3"
else
  CALL="-f 1 -wi 2 -w 1s -i 8 -r 1s"; SQL="-f 1 -wi 2 -w 2s -i 5 -r 2s"
  COLD="-f 1 -wi 2 -w 1s -i 6 -r 1s"; SHOT="-f 1 -wi 2 -i 5"; NATIVE="--seconds 4 --batches 20 --cold-runs 20"
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x $(nproc)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os: $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

echo "== build" >&2
mvn -B -ntp -q install -Dmaven.test.skip=true -pl bench/common,bench/wasmudf,bench/chicory-sdk -am || exit 1
JAR=bench/wasmudf/target/benchmarks.jar
SDKJAR=bench/chicory-sdk/target/benchmarks.jar
JVM="-Dwasmudf.repo.root=$ROOT"

MODULES=bench.wasm
[ -f plugins/wasm/count_vowels.wasm ] && MODULES=bench.wasm,count_vowels.wasm

jmh() {  # jar name regex options...
  local jar=$1 name=$2; shift 2
  echo "== $name" >&2
  java $JVM -jar "$jar" "$@" -jvmArgsAppend "$JVM" -rf json -rff "$OUT/$name.json" > "$OUT/$name.log" 2>&1 \
    || echo "   $name failed: see $OUT/$name.log" >&2
  grep -E '^[A-Za-z]+Bench\.' "$OUT/$name.log" >&2 || true
}

jmh $JAR call 'CallBench' $CALL
jmh $SDKJAR sdk-call 'SdkCallBench' $CALL
jmh $JAR cold-instance 'ColdBench.newInstance' -p module=$MODULES $COLD
jmh $JAR cold-module 'ColdBench.neverSeenModule' -p module=$MODULES $SHOT
jmh $SDKJAR sdk-cold-module 'SdkColdBench' -p module=$MODULES $SHOT
jmh $JAR h2 'H2Bench' $SQL
jmh $JAR aggregate-h2 'AggregateBench' $SQL
jmh $JAR typed 'TypedBench' $SQL
jmh $JAR version-check 'VersionCheckBench' $CALL
jmh $JAR simd 'SimdBench' $CALL

if [ -z "${WASMUDF_TEST_PG_URL:-}" ] && [ -f .ci/start-postgres.sh ]; then
  # shellcheck disable=SC1091
  source .ci/start-postgres.sh >&2 || true
fi
if [ -n "${WASMUDF_TEST_PG_URL:-}" ]; then
  jmh $JAR pg 'PgBench' $SQL
else
  echo "== pg skipped: no PostgreSQL server (set WASMUDF_TEST_PG_URL)" | tee "$OUT/pg.skipped" >&2
fi

echo "== native Extism (Python SDK)" >&2
VENV=bench/target/venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import extism' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q extism >&2 || true
fi
if "$VENV/bin/python" -c 'import extism' 2>/dev/null; then
  "$VENV/bin/python" bench/native/extism_native.py $NATIVE --json "$OUT/native.json" >&2 || echo "   native failed" >&2
else
  echo "   native skipped: cannot install the extism package" | tee "$OUT/native.skipped" >&2
fi

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 bench/report.py "$OUT" > "$OUT/RESULTS.md"
echo "== wrote $OUT/RESULTS.md" >&2
cat "$OUT/RESULTS.md"
