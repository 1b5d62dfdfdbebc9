#!/usr/bin/env bash
# The Go-PDK count_vowels per row in PostgreSQL with PL/Java (issue 11), with the database's own
# pljava.vmoptions and with -XX:-DontCompileHugeMethods added (set in the session before its JVM
# starts), ROUNDS sessions of each, alternating. Per session: 8 warm-up queries, then 8 rounds of a
# bare scan and the wasm_call query; prints the scan's median, the call's best and median, per row
# above the scan, and the backend's CPU time (all its threads, JIT included) and peak resident
# memory at the end of the session (so the server must be on this host). By hand, on a database
# made by setup.sh (PGPORT, default 55433).
#   bash bench/inserver/huge_methods.sh DB [ROUNDS]
set -euo pipefail
DB="$1"; ROUNDS="${2:-2}"; PORT="${PGPORT:-55433}"; ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
q() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -At "$@"; }
if [ -z "$(q -c "SELECT 1 FROM wasm_plugins() WHERE name = 'go_cv'")" ]; then
  q -c "SELECT wasm_register('go_cv', pg_read_binary_file('$ROOT/plugins/wasm/count_vowels.wasm'))" >/dev/null
fi
BASE="$(q -c "SELECT setting FROM pg_db_role_setting, unnest(setconfig) AS setting WHERE setting LIKE 'pljava.vmoptions=%'" | sed 's/^pljava.vmoptions=//' | head -n 1)"
ROWS="$(q -c "SELECT count(*) FROM posts")"
session() {
  {
    [ -n "$1" ] && echo "SET pljava.vmoptions TO '$BASE $1';"
    echo 'SELECT pg_catalog.pg_backend_pid() AS pid \gset'
    echo '\setenv BPID :pid'
    echo '\timing on'
    for _ in 1 2 3 4 5 6 7 8; do echo "SELECT sum(length(wasm_call('go_cv.count_vowels', body))) FROM posts;"; done
    for _ in 1 2 3 4 5 6 7 8; do
      echo "SELECT sum(length(body)) FROM posts;"
      echo "SELECT sum(length(wasm_call('go_cv.count_vowels', body))) FROM posts;"
    done
    echo '\! echo backend $(cut -d" " -f14,15 /proc/$BPID/stat) $(grep VmHWM /proc/$BPID/status)'
  } | q 2>&1 | awk '/^Time:/ {t = t " " $2} /^backend/ {b = $0} END {print t; print b}'
}
echo "$(uptime)"
echo "pljava.vmoptions: '$BASE'; $ROWS rows"
for _ in $(seq "$ROUNDS"); do
  for extra in "" "-XX:-DontCompileHugeMethods"; do
    session "$extra" | python3 -c "
import os, statistics, sys
times, backend = sys.stdin.read().splitlines()[:2]
x = [float(v) for v in times.split()][-16:]
scan, call = statistics.median(x[0::2]), x[1::2]
rows = $ROWS
b = backend.split()
cpu_s = (int(b[1]) + int(b[2])) / os.sysconf('SC_CLK_TCK')
print('%-30s scan %5.1f ms  wasm_call best %6.0f  median %6.0f ms  per row above the scan: best %5.1f  median %5.1f us'
      '  backend CPU %5.1f s, peak RSS %d MB'
      % ('${extra:-default}', scan, min(call), statistics.median(call), (min(call) - scan) * 1000 / rows,
         (statistics.median(call) - scan) * 1000 / rows, cpu_s, int(b[4]) // 1024))"
  done
done
echo "$(uptime)"
