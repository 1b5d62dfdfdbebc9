#!/bin/bash
# Makes database $DB (default pj_bench) on a PostgreSQL with PL/Java on this host ($PGPORT, default
# 55433) with the bridge installed as LocalPljavaServer does, 20,000 posts rows (100-byte windows
# of bench/inputs/text10k.txt, as bench/common's Inputs.rowBody), Extism's Rust count_vowels
# (plugins/wasm/rs_udf.wasm) registered as 'count_vowels', and two baselines: a plain PL/Java
# function (the JDK's URLEncoder.encode) and a PL/pgSQL count_vowels. Run from the repository root
# after `mvn -pl pljava-bridge -am package -DskipTests`. Drops $DB first.
set -e
DB=${DB:-pj_bench}
PORT=${PGPORT:-55433}
JAR=${JAR:-pljava-bridge/target/wasmudf-pljava-0.1.0-SNAPSHOT-all.jar}
P="psql -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1 -q"
POLICY=$(mktemp /tmp/wasmudf-bench-XXXXXX.policy)
cp sql/postgres/wasmudf.policy "$POLICY" && chmod 644 "$POLICY"
$P -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
$P -d postgres -c "ALTER DATABASE $DB SET search_path = \"\$user\", public, wasmudf" \
  -c "ALTER DATABASE $DB SET pljava.vmoptions TO '--add-modules=java.net.http'" \
  -c "ALTER DATABASE $DB SET pljava.policy_urls TO '\"file:\${org.postgresql.sysconfdir}/pljava.policy\",\"file:$POLICY\",\"=\"'"
export PGOPTIONS='-c client_min_messages=error'
$P -d "$DB" -c "CREATE EXTENSION pljava"
$P -d "$DB" -v jar_path="$JAR" -f sql/postgres/install.sql > /dev/null
$P -d "$DB" > /dev/null <<SQL
CREATE TABLE posts(id int PRIMARY KEY, body text);
INSERT INTO posts SELECT i, substr(t, ((i::bigint * 7919) % (length(t) - 100))::int + 1, 100)
  FROM generate_series(0, 19999) i, (SELECT pg_read_file('$PWD/bench/inputs/text10k.txt') t) x;
ANALYZE posts;
SELECT wasm_register('count_vowels', pg_read_binary_file('$PWD/plugins/wasm/rs_udf.wasm'));
CREATE FUNCTION java_urlencode(s text) RETURNS text LANGUAGE java AS 'java.net.URLEncoder.encode(java.lang.String)';
CREATE FUNCTION plpgsql_count_vowels(s text) RETURNS text LANGUAGE plpgsql AS \$\$
DECLARE n int := length(s) - length(translate(s, 'aeiouAEIOU', ''));
BEGIN RETURN '{"count":' || n || '}'; END \$\$;
SQL
echo "database $DB ready (policy copy: $POLICY)"
