-- wasmudf for PostgreSQL: WebAssembly (Extism) plug-ins as SQL functions, through PL/Java.
--
-- Run as a superuser in the target database, after `CREATE EXTENSION pljava` works there (see
-- pljava-bridge/README.md for PL/Java's settings and the security policy). With psql, give the
-- jar one of two ways:
--
--   psql -v jar_url=file:/srv/wasmudf-pljava-all.jar -f install.sql     (a file on the SERVER)
--   psql -v jar_path=target/wasmudf-pljava-all.jar -f install.sql      (a file on the CLIENT: its
--        bytes are sent as bytea, sqlj.install_jar(image bytea, ...), no shared file system needed)
--
-- Without psql, install the jar yourself first with one of
--   SELECT sqlj.install_jar('file:/srv/wasmudf-pljava-all.jar', 'wasmudf', false);
--   SELECT sqlj.install_jar(?::bytea, 'wasmudf', false);         -- the jar's bytes as a parameter
-- and run the rest of this file (every statement after the psql \if block).
--
-- Everything lives in schema `wasmudf`; put it on the search_path to call the functions by their
-- plain names (`SELECT wasm_call('count_vowels', body) FROM posts`), e.g.
--   ALTER DATABASE mydb SET search_path = "$user", public, wasmudf;
--
-- Roles: `wasmudf_admin` may register and unregister plug-ins (SECURITY DEFINER functions over the
-- store; EXECUTE is revoked from PUBLIC), `wasmudf_user` may call them. Grant them to your roles:
--   GRANT wasmudf_user TO app;  GRANT wasmudf_admin TO deployer;

\set ON_ERROR_STOP on
\if :{?jar_url}
SELECT sqlj.install_jar(:'jar_url', 'wasmudf', false);
\elif :{?jar_path}
\set jar_b64 `base64 -w0 :jar_path`
SELECT sqlj.install_jar(decode(:'jar_b64', 'base64'), 'wasmudf', false);
\unset jar_b64
\endif

CREATE SCHEMA wasmudf;
SELECT sqlj.set_classpath('wasmudf', 'wasmudf');

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wasmudf_user') THEN
    CREATE ROLE wasmudf_user NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wasmudf_admin') THEN
    CREATE ROLE wasmudf_admin NOLOGIN;
  END IF;
END
$$;
GRANT wasmudf_user TO wasmudf_admin;

-- The plug-in store (the same as jdbc-core's Dialect.POSTGRES.createStore(), in schema wasmudf):
-- one row per plug-in name; a re-registration replaces the row (new sha256, a new version from the
-- sequence) inside the caller's transaction. Module bytes live here, keyed by sha256, never as jars.
CREATE SEQUENCE wasmudf.wasmudf_version_seq;
CREATE TABLE wasmudf.wasmudf_plugins (
  name          varchar(128) PRIMARY KEY,
  version       bigint NOT NULL,
  sha256        char(64) NOT NULL,
  module        bytea NOT NULL,
  settings      jsonb NOT NULL,
  exports       varchar(8000) NOT NULL,
  size          integer NOT NULL,
  registered_at timestamp with time zone NOT NULL
);

-- The result must not depend on the caller's search_path, nor may a caller's objects shadow the
-- store: the registration functions (rare, admin-only) set their own search_path, since their Java
-- statements name the store without a schema; the call functions, which run on every row, do not
-- (a SET clause costs every call), and every statement of their Java code names its tables,
-- functions and operators with wasmudf. or pg_catalog. instead.

-- ---- registration (privileged) ---------------------------------------------------------------

CREATE FUNCTION wasmudf.wasm_register(name text, wasm bytea) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.register(java.lang.String, byte[])';

CREATE FUNCTION wasmudf.wasm_register(name text, wasm bytea, manifest jsonb) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.register(java.lang.String, byte[], java.lang.String)';

CREATE FUNCTION wasmudf.wasm_register(name text, manifest jsonb) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.register(java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_unregister(name text) RETURNS boolean
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.unregister(java.lang.String)';

-- CALL forms. PostgreSQL resolves CALL and SELECT over the same set of routines, and a function
-- and a procedure cannot share input argument types, so the procedures take a trailing INOUT
-- sha256: pass NULL, and CALL returns the new sha256 in it.
--   CALL wasm_register('count_vowels', pg_read_binary_file('/srv/count_vowels.wasm'), NULL, NULL);
--   CALL wasm_register('greet', '{"wasm": [{"data": "AGFzbQ..."}]}'::jsonb, NULL);
CREATE PROCEDURE wasmudf.wasm_register(name text, wasm bytea, manifest jsonb, INOUT sha256 text)
  LANGUAGE plpgsql SET search_path = wasmudf, pg_catalog, pg_temp
  AS $$ BEGIN
    IF manifest IS NULL THEN sha256 := wasmudf.wasm_register(name, wasm);
    ELSE sha256 := wasmudf.wasm_register(name, wasm, manifest); END IF;
  END $$;

CREATE PROCEDURE wasmudf.wasm_register(name text, manifest jsonb, INOUT sha256 text)
  LANGUAGE plpgsql SET search_path = wasmudf, pg_catalog, pg_temp
  AS $$ BEGIN sha256 := wasmudf.wasm_register(name, manifest); END $$;

-- ---- calls -----------------------------------------------------------------------------------
-- `function` is 'plugin' (the export of the same name) or 'plugin.export'. NULL input gives NULL
-- (STRICT); pass '' to call with empty input. text in gives text out (UTF-8), bytea in gives bytea.
-- VOLATILE: a replaced plug-in must be seen by the next statement, and instances keep state.
--
-- Every call function is a pair (the rule for any new per-row function):
--   * the Java function, wasmudf.<name>_stmt(<arguments>, statement_start double precision):
--     SECURITY DEFINER (it reads the store, which callers may not; the Java code runs only its own
--     fixed queries, every name in them qualified, and statement_timeout is still the caller's),
--     NO `SET` clause (a SET makes every call save, set and restore it: 1-3.5 µs a row here), and
--     PARALLEL UNSAFE, said explicitly: with PL/Java 1.6.9 a JVM that starts inside a parallel
--     operation cannot apply the database's pljava.* settings (vmoptions, policy_urls), so a
--     session whose first Java call ran in a parallel plan (RESTRICTED) stays broken, and parallel
--     workers (SAFE) each start a JVM whose exit aborted the worker here and sent the whole server
--     into crash recovery (see pljava-bridge/README.md, "Parallel query");
--   * the SQL function users call, wasmudf.<name>(<arguments>): LANGUAGE sql, not SECURITY
--     DEFINER, no SET, every name qualified, one SELECT of the Java function with
--     pg_catalog.date_part('epoch', pg_catalog.statement_timestamp()) as its last argument.
--     PostgreSQL inlines it into the calling query, and the Java side reads the store once per
--     statement instead of once per row (see pljava-bridge/README.md, "Versions").
-- Both are granted to wasmudf_user (below).

CREATE FUNCTION wasmudf.wasm_call_stmt("function" text, input text, statement_start double precision) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String, double)';
CREATE FUNCTION wasmudf.wasm_call("function" text, input text) RETURNS text
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_stmt($1, $2, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

CREATE FUNCTION wasmudf.wasm_call_stmt("function" text, input bytea, statement_start double precision) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, byte[], double)';
CREATE FUNCTION wasmudf.wasm_call("function" text, input bytea) RETURNS bytea
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_stmt($1, $2, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

CREATE FUNCTION wasmudf.wasm_call_stmt(plugin text, export text, input text, statement_start double precision) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String, java.lang.String, double)';
CREATE FUNCTION wasmudf.wasm_call(plugin text, export text, input text) RETURNS text
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_stmt($1, $2, $3, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

CREATE FUNCTION wasmudf.wasm_call_stmt(plugin text, export text, input bytea, statement_start double precision) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String, byte[], double)';
CREATE FUNCTION wasmudf.wasm_call(plugin text, export text, input bytea) RETURNS bytea
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_stmt($1, $2, $3, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

-- jsonb has no PL/Java mapping of its own: the output crosses as String through jsonb's text
-- input, after jdbc-core has checked that it is JSON (22023 if not).
CREATE FUNCTION wasmudf.wasm_call_json_stmt("function" text, input text, statement_start double precision) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.callJson(java.lang.String, java.lang.String, double)';
CREATE FUNCTION wasmudf.wasm_call_json("function" text, input text) RETURNS jsonb
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_json_stmt($1, $2, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

CREATE FUNCTION wasmudf.wasm_call_json_stmt("function" text, input bytea, statement_start double precision) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.callJson(java.lang.String, byte[], double)';
CREATE FUNCTION wasmudf.wasm_call_json("function" text, input bytea) RETURNS jsonb
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_json_stmt($1, $2, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

CREATE FUNCTION wasmudf.wasm_call_json_stmt(plugin text, export text, input text, statement_start double precision) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.callJson(java.lang.String, java.lang.String, java.lang.String, double)';
CREATE FUNCTION wasmudf.wasm_call_json(plugin text, export text, input text) RETURNS jsonb
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_json_stmt($1, $2, $3, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

CREATE FUNCTION wasmudf.wasm_call_json_stmt(plugin text, export text, input bytea, statement_start double precision) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.callJson(java.lang.String, java.lang.String, byte[], double)';
CREATE FUNCTION wasmudf.wasm_call_json(plugin text, export text, input bytea) RETURNS jsonb
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_call_json_stmt($1, $2, $3, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) $$;

-- wasm_rows: one row (ordinal, value) per element of the plug-in's JSON-array output, as in H2:
-- a string element unquoted, a JSON null as NULL, anything else as its JSON text. The Java side
-- returns {ordinal, value} pairs (SETOF text[] from a java.util.Iterator of String[]: no JSON per
-- element); SQL unpacks them. The
-- set-returning SQL functions are not inlined (PostgreSQL inlines no VOLATILE or STRICT one), so
-- they pass the statement's start themselves.
CREATE FUNCTION wasmudf.wasm_rows_pairs("function" text, input text, statement_start double precision) RETURNS SETOF text[]
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.rows(java.lang.String, java.lang.String, double)';

CREATE FUNCTION wasmudf.wasm_rows_pairs("function" text, input bytea, statement_start double precision) RETURNS SETOF text[]
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.rows(java.lang.String, byte[], double)';

CREATE FUNCTION wasmudf.wasm_rows_pairs(plugin text, export text, input text, statement_start double precision) RETURNS SETOF text[]
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.rows(java.lang.String, java.lang.String, java.lang.String, double)';

CREATE FUNCTION wasmudf.wasm_rows_pairs(plugin text, export text, input bytea, statement_start double precision) RETURNS SETOF text[]
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.rows(java.lang.String, java.lang.String, byte[], double)';

CREATE FUNCTION wasmudf.wasm_rows("function" text, input text) RETURNS TABLE (ordinal integer, value text)
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT p[1]::pg_catalog.int4, p[2]
        FROM wasmudf.wasm_rows_pairs($1, $2, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) AS p $$;

CREATE FUNCTION wasmudf.wasm_rows("function" text, input bytea) RETURNS TABLE (ordinal integer, value text)
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT p[1]::pg_catalog.int4, p[2]
        FROM wasmudf.wasm_rows_pairs($1, $2, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) AS p $$;

CREATE FUNCTION wasmudf.wasm_rows(plugin text, export text, input text) RETURNS TABLE (ordinal integer, value text)
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT p[1]::pg_catalog.int4, p[2]
        FROM wasmudf.wasm_rows_pairs($1, $2, $3, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) AS p $$;

CREATE FUNCTION wasmudf.wasm_rows(plugin text, export text, input bytea) RETURNS TABLE (ordinal integer, value text)
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT p[1]::pg_catalog.int4, p[2]
        FROM wasmudf.wasm_rows_pairs($1, $2, $3, pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) AS p $$;

-- ---- listings --------------------------------------------------------------------------------

CREATE FUNCTION wasmudf.wasm_plugins()
  RETURNS TABLE (name text, sha256 text, size integer, exports text, version bigint,
                 registered_at timestamp with time zone)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS $$ SELECT p.name::text, p.sha256::text, p.size, p.exports::text, p.version, p.registered_at
        FROM wasmudf.wasmudf_plugins p ORDER BY p.name $$;

-- This backend's cache (one JVM per backend): other sessions' caches live in other processes.
CREATE FUNCTION wasmudf.wasm_cache_stats_json() RETURNS SETOF jsonb
  LANGUAGE java VOLATILE SECURITY DEFINER
  AS 'io.wasmudf.pljava.WasmUdf.cacheStats()';

CREATE FUNCTION wasmudf.wasm_cache_stats()
  RETURNS TABLE ("connection" text, plugin text, version bigint, instances bigint, calls bigint,
                 errors bigint, hits bigint, misses bigint, evictions bigint,
                 wasm_ms double precision, memory_bytes bigint)
  LANGUAGE sql VOLATILE
  AS $$ SELECT r->>'connection', r->>'plugin', (r->>'version')::bigint, (r->>'instances')::bigint,
               (r->>'calls')::bigint, (r->>'errors')::bigint, (r->>'hits')::bigint,
               (r->>'misses')::bigint, (r->>'evictions')::bigint, (r->>'wasm_ms')::double precision,
               (r->>'memory_bytes')::bigint
        FROM wasmudf.wasm_cache_stats_json() AS r $$;

-- ---- errors and log lines in PostgreSQL's own shape --------------------------------------------
-- PL/Java shows an exception that leaves Java as "ERROR:  <Java class name>: <message>", with no
-- DETAIL or HINT, and java.util.logging records with a date and a class name. So the bridge has
-- PostgreSQL raise its errors (wasm_raise: SQLSTATE, message, DETAIL, HINT; PL/Java re-raises a
-- server error unchanged) and its plug-ins' log lines (wasm_log: WARNING, INFO, DEBUG1 or DEBUG2,
-- filtered by client_min_messages and log_min_messages). They only RAISE, which any role can do in
-- a DO block, so everyone may execute them (a missing privilege would hide the real error).
-- They run with the call functions' rights under the caller's search_path, so they set their own
-- (a PL/pgSQL CASE or || resolves operators by name; these run per error or log line, not per row).
CREATE FUNCTION wasmudf.wasm_raise(code text, msg text, detail_text text, hint_text text) RETURNS void
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF detail_text IS NULL AND hint_text IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg;
  ELSIF hint_text IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg, DETAIL = detail_text;
  ELSIF detail_text IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg, HINT = hint_text;
  ELSE
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = msg, DETAIL = detail_text, HINT = hint_text;
  END IF;
END
$$;

-- Returns the session's "client_min_messages log_min_messages", so the bridge can drop the rest of
-- a call's lines that nobody would see without asking again.
CREATE FUNCTION wasmudf.wasm_log(level text, line text) RETURNS text
  LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  shown text := pg_catalog.current_setting('client_min_messages') || ' '
                || pg_catalog.current_setting('log_min_messages');
BEGIN
  CASE level
    WHEN 'warning' THEN RAISE WARNING '%', line;
    WHEN 'info' THEN RAISE INFO '%', line;
    WHEN 'debug1' THEN RAISE DEBUG '%', line;
    WHEN 'debug2' THEN
      -- RAISE has one debug level (DEBUG1): send a DEBUG2 line only where DEBUG2 lines are shown.
      IF shown ~ 'debug[2-5]' THEN
        RAISE DEBUG '%', line;
      END IF;
    ELSE
      NULL;
  END CASE;
  RETURN shown;
END
$$;

-- ---- privileges ------------------------------------------------------------------------------

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA wasmudf FROM PUBLIC;
REVOKE ALL ON ALL PROCEDURES IN SCHEMA wasmudf FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA wasmudf FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA wasmudf FROM PUBLIC;

GRANT USAGE ON SCHEMA wasmudf TO wasmudf_user;
GRANT USAGE ON SCHEMA sqlj TO wasmudf_user;
-- Nobody but the installing superuser reads the store: settings hold plug-in config (API keys,
-- tokens) and the module bytes. The call functions and wasm_plugins() are SECURITY DEFINER and
-- read it with the owner's rights, so a wasmudf_user calls plug-ins and lists name, sha256, size,
-- exports, version and time, but cannot SELECT config or modules. Registration writes it the same way.
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_call(text, text), wasmudf.wasm_call(text, bytea),
  wasmudf.wasm_call(text, text, text), wasmudf.wasm_call(text, text, bytea),
  wasmudf.wasm_call_stmt(text, text, float8), wasmudf.wasm_call_stmt(text, bytea, float8),
  wasmudf.wasm_call_stmt(text, text, text, float8), wasmudf.wasm_call_stmt(text, text, bytea, float8),
  wasmudf.wasm_call_json(text, text), wasmudf.wasm_call_json(text, bytea),
  wasmudf.wasm_call_json(text, text, text), wasmudf.wasm_call_json(text, text, bytea),
  wasmudf.wasm_call_json_stmt(text, text, float8), wasmudf.wasm_call_json_stmt(text, bytea, float8),
  wasmudf.wasm_call_json_stmt(text, text, text, float8), wasmudf.wasm_call_json_stmt(text, text, bytea, float8),
  wasmudf.wasm_rows_pairs(text, text, float8), wasmudf.wasm_rows_pairs(text, bytea, float8),
  wasmudf.wasm_rows_pairs(text, text, text, float8), wasmudf.wasm_rows_pairs(text, text, bytea, float8),
  wasmudf.wasm_rows(text, text), wasmudf.wasm_rows(text, bytea),
  wasmudf.wasm_rows(text, text, text), wasmudf.wasm_rows(text, text, bytea),
  wasmudf.wasm_plugins(), wasmudf.wasm_cache_stats_json(), wasmudf.wasm_cache_stats()
  TO wasmudf_user;
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_register(text, bytea), wasmudf.wasm_register(text, bytea, jsonb),
  wasmudf.wasm_register(text, jsonb), wasmudf.wasm_unregister(text)
  TO wasmudf_admin;
GRANT EXECUTE ON PROCEDURE
  wasmudf.wasm_register(text, bytea, jsonb, text), wasmudf.wasm_register(text, jsonb, text)
  TO wasmudf_admin;
-- The error and log helpers (see above): harmless, and needed by every caller.
GRANT EXECUTE ON FUNCTION wasmudf.wasm_raise(text, text, text, text), wasmudf.wasm_log(text, text) TO PUBLIC;

-- ---- compiled code (the compiled-code cache) ------------------------------------------------
-- JVM classes compiled from the stored modules (the same as jdbc-core's
-- Dialect.POSTGRES.createCodeStore()), so that every new backend loads them instead of compiling.
-- wasm_register writes them and the call functions read them, all SECURITY DEFINER as the
-- installing superuser. Loaded classes run as JVM code outside the Wasm sandbox, so nobody but the
-- owner may write this table, and they are the module's code in another form, so callers may not
-- read it either. (Upgrading an older install: run this block as the superuser.)
CREATE TABLE wasmudf.wasmudf_code (
  id            char(64) PRIMARY KEY,
  module_sha256 char(64) NOT NULL,
  entry         bytea NOT NULL,
  size          integer NOT NULL,
  created_at    timestamp with time zone NOT NULL
);
REVOKE ALL ON TABLE wasmudf.wasmudf_code FROM PUBLIC;

-- ---- definitions ---------------------------------------------------------------------------
-- Typed SQL functions and aggregates defined over plug-ins (wasm_define*, wasm_define_aggregate):
-- one row per SQL object, so a plug-in with definitions cannot be unregistered by accident.
CREATE TABLE wasmudf.wasmudf_definitions (
  sql_name   varchar(256) PRIMARY KEY,      -- as created, schema-qualified
  kind       varchar(16) NOT NULL,          -- 'function' or 'aggregate'
  plugin     varchar(128) NOT NULL,
  spec       text NOT NULL,                 -- JSON: exports, arguments, returns (the define call's own terms)
  drop_sql   text NOT NULL,                 -- the exact statement(s) that remove the SQL object(s)
  defined_at timestamp with time zone NOT NULL
);
REVOKE ALL ON TABLE wasmudf.wasmudf_definitions FROM PUBLIC;

-- ---- aggregates (wasm_define_aggregate) -----------------------------------------------------
-- wasm_define_aggregate(sql_name, plugin, value_type, returns [, exports]) creates
--   CREATE AGGREGATE sql_name(value_type) (SFUNC = wasmudf.wasm_agg_step, STYPE = bytea,
--     INITCOND = <a header naming the aggregate>, FINALFUNC = wasmudf.wasm_agg_finish_<returns>,
--     COMBINEFUNC = wasmudf.wasm_agg_merge (when the plug-in has a merge export), PARALLEL = UNSAFE)
-- The state's header says which aggregate it is, so these few functions serve every aggregate.
-- All are STRICT: the state is never NULL (INITCOND), so PostgreSQL skips NULL values without a
-- call and keeps the state. A group without values gives NULL.
-- PARALLEL UNSAFE, like the call functions above: a parallel worker would start its own JVM, and
-- with PL/Java 1.6.9 a worker terminated while in Java (the leader's cancel, statement_timeout or
-- lost client) aborts and sends the whole server into crash recovery. COMBINEFUNC is declared all
-- the same, so a PL/Java without that hazard needs only PARALLEL = SAFE here and below.
-- No SET clause (as for the call functions): the Java side runs only its own qualified queries.
CREATE FUNCTION wasmudf.wasm_define_aggregate(sql_name text, plugin text, value_type text, returns text,
                                              exports jsonb DEFAULT NULL) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.defineAggregate(java.lang.String, java.lang.String, java.lang.String, java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_agg_step(state bytea, value text) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggStep(byte[], java.lang.String)';
CREATE FUNCTION wasmudf.wasm_agg_step(state bytea, value bytea) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggStep(byte[], byte[])';
CREATE FUNCTION wasmudf.wasm_agg_step(state bytea, value integer) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggStep(byte[], int)';
CREATE FUNCTION wasmudf.wasm_agg_step(state bytea, value bigint) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggStep(byte[], long)';
CREATE FUNCTION wasmudf.wasm_agg_step(state bytea, value double precision) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggStep(byte[], double)';
CREATE FUNCTION wasmudf.wasm_agg_step(state bytea, value jsonb) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggStep(byte[], java.lang.String)';

CREATE FUNCTION wasmudf.wasm_agg_merge(a bytea, b bytea) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggMerge(byte[], byte[])';

CREATE FUNCTION wasmudf.wasm_agg_finish_text(state bytea) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggFinishText(byte[])';
CREATE FUNCTION wasmudf.wasm_agg_finish_bytea(state bytea) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggFinishBytes(byte[])';
CREATE FUNCTION wasmudf.wasm_agg_finish_jsonb(state bytea) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggFinishText(byte[])';
-- Numbers: the Java side parses the output (22P02 naming the aggregate) and returns its text,
-- which can be NULL where a PL/Java primitive could not; these SQL functions cast it.
CREATE FUNCTION wasmudf.wasm_agg_finish_number(state bytea) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.WasmUdf.aggFinishNumber(byte[])';
CREATE FUNCTION wasmudf.wasm_agg_finish_integer(state bytea) RETURNS integer
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_agg_finish_number($1)::integer $$;
CREATE FUNCTION wasmudf.wasm_agg_finish_bigint(state bytea) RETURNS bigint
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_agg_finish_number($1)::bigint $$;
CREATE FUNCTION wasmudf.wasm_agg_finish_double(state bytea) RETURNS double precision
  LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
  AS $$ SELECT wasmudf.wasm_agg_finish_number($1)::double precision $$;

REVOKE ALL ON FUNCTION
  wasmudf.wasm_define_aggregate(text, text, text, text, jsonb),
  wasmudf.wasm_agg_step(bytea, text), wasmudf.wasm_agg_step(bytea, bytea), wasmudf.wasm_agg_step(bytea, integer),
  wasmudf.wasm_agg_step(bytea, bigint), wasmudf.wasm_agg_step(bytea, double precision),
  wasmudf.wasm_agg_step(bytea, jsonb), wasmudf.wasm_agg_merge(bytea, bytea),
  wasmudf.wasm_agg_finish_text(bytea), wasmudf.wasm_agg_finish_bytea(bytea), wasmudf.wasm_agg_finish_jsonb(bytea),
  wasmudf.wasm_agg_finish_number(bytea), wasmudf.wasm_agg_finish_integer(bytea), wasmudf.wasm_agg_finish_bigint(bytea),
  wasmudf.wasm_agg_finish_double(bytea)
  FROM PUBLIC;
-- The aggregates run their support functions with the aggregate owner's rights (PostgreSQL checks
-- the owner's EXECUTE on them), so callers need EXECUTE only on the aggregate itself, which
-- wasm_define_aggregate grants to wasmudf_user. Direct calls are for wasmudf_user too: they reach
-- nothing wasm_call does not.
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_agg_step(bytea, text), wasmudf.wasm_agg_step(bytea, bytea), wasmudf.wasm_agg_step(bytea, integer),
  wasmudf.wasm_agg_step(bytea, bigint), wasmudf.wasm_agg_step(bytea, double precision),
  wasmudf.wasm_agg_step(bytea, jsonb), wasmudf.wasm_agg_merge(bytea, bytea),
  wasmudf.wasm_agg_finish_text(bytea), wasmudf.wasm_agg_finish_bytea(bytea), wasmudf.wasm_agg_finish_jsonb(bytea),
  wasmudf.wasm_agg_finish_number(bytea), wasmudf.wasm_agg_finish_integer(bytea), wasmudf.wasm_agg_finish_bigint(bytea),
  wasmudf.wasm_agg_finish_double(bytea)
  TO wasmudf_user;
GRANT EXECUTE ON FUNCTION wasmudf.wasm_define_aggregate(text, text, text, text, jsonb) TO wasmudf_admin;
-- ---- typed functions (see README, "Typed functions") ------------------------------------------
-- wasm_define(sql_name, 'plugin.export', arguments, returns) creates an ordinary SQL function,
-- e.g. wasm_define('word_count', 'rt.word_count', 'body text', 'integer') gives
--   CREATE FUNCTION "public"."word_count"("body" text) RETURNS integer LANGUAGE sql VOLATILE STRICT
--     RETURN CAST(wasmudf.wasm_typed('public.word_count', 'rt.word_count', 'integer', $1,
--       pg_catalog.date_part('epoch', pg_catalog.statement_timestamp())) AS pg_catalog.int4)
-- (an SQL-standard body: inlined into the caller's query, names resolved at creation), with EXECUTE
-- revoked from PUBLIC and granted to wasmudf_user. Only admins define (SECURITY DEFINER, like
-- wasm_register); wasm_unregister(name) refuses while definitions use the plug-in (2BP01) and
-- wasm_unregister(name, true) drops them first.

CREATE FUNCTION wasmudf.wasm_define(sql_name text, "function" text, arguments text, returns text) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.TypedUdf.define(java.lang.String, java.lang.String, java.lang.String, java.lang.String)';

-- From the plug-in's `metadata` export (pg_extism's convention): one row per function defined.
CREATE FUNCTION wasmudf.wasm_define_all(plugin text) RETURNS SETOF text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.TypedUdf.defineAll(java.lang.String)';

CREATE FUNCTION wasmudf.wasm_define_all(plugin text, schema text) RETURNS SETOF text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.TypedUdf.defineAll(java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_undefine(sql_name text) RETURNS boolean
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.TypedUdf.undefine(java.lang.String)';

CREATE FUNCTION wasmudf.wasm_unregister(name text, "cascade" boolean) RETURNS boolean
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.unregister(java.lang.String, boolean)';

-- What defined functions' bodies call: the definition's own terms (SQL name, function, [arguments,]
-- returns) as constants, then one raw text/bytea argument or every argument as text (bytea as
-- base64). The result is checked against its type here (22P02 naming the SQL function) and crosses
-- as text, so the body's cast cannot fail; rows cross as one JSON array of column values each.
-- The last argument is the statement's start, as for wasm_call_stmt: the store is read once per
-- statement; and, by the rule above, no SET clause.
CREATE FUNCTION wasmudf.wasm_typed(sql_name text, "function" text, returns text, input text, statement_start double precision) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typed(java.lang.String, java.lang.String, java.lang.String, java.lang.String, double)';

CREATE FUNCTION wasmudf.wasm_typed(sql_name text, "function" text, returns text, input bytea, statement_start double precision) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typed(java.lang.String, java.lang.String, java.lang.String, byte[], double)';

CREATE FUNCTION wasmudf.wasm_typed(sql_name text, "function" text, arguments text, returns text, args text[], statement_start double precision) RETURNS text
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typed(java.lang.String, java.lang.String, java.lang.String, java.lang.String, java.lang.String[], double)';

CREATE FUNCTION wasmudf.wasm_typed_bytes(sql_name text, "function" text, returns text, input text, statement_start double precision) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typedBytes(java.lang.String, java.lang.String, java.lang.String, java.lang.String, double)';

CREATE FUNCTION wasmudf.wasm_typed_bytes(sql_name text, "function" text, returns text, input bytea, statement_start double precision) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typedBytes(java.lang.String, java.lang.String, java.lang.String, byte[], double)';

CREATE FUNCTION wasmudf.wasm_typed_bytes(sql_name text, "function" text, arguments text, returns text, args text[], statement_start double precision) RETURNS bytea
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typedBytes(java.lang.String, java.lang.String, java.lang.String, java.lang.String, java.lang.String[], double)';

CREATE FUNCTION wasmudf.wasm_typed_rows(sql_name text, "function" text, returns text, input text, statement_start double precision) RETURNS SETOF jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typedRows(java.lang.String, java.lang.String, java.lang.String, java.lang.String, double)';

CREATE FUNCTION wasmudf.wasm_typed_rows(sql_name text, "function" text, returns text, input bytea, statement_start double precision) RETURNS SETOF jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typedRows(java.lang.String, java.lang.String, java.lang.String, byte[], double)';

CREATE FUNCTION wasmudf.wasm_typed_rows(sql_name text, "function" text, arguments text, returns text, args text[], statement_start double precision) RETURNS SETOF jsonb
  LANGUAGE java VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
  AS 'io.wasmudf.pljava.TypedUdf.typedRows(java.lang.String, java.lang.String, java.lang.String, java.lang.String, java.lang.String[], double)';

REVOKE ALL ON FUNCTION
  wasmudf.wasm_define(text, text, text, text), wasmudf.wasm_define_all(text), wasmudf.wasm_define_all(text, text),
  wasmudf.wasm_undefine(text), wasmudf.wasm_unregister(text, boolean),
  wasmudf.wasm_typed(text, text, text, text, double precision), wasmudf.wasm_typed(text, text, text, bytea, double precision),
  wasmudf.wasm_typed(text, text, text, text, text[], double precision),
  wasmudf.wasm_typed_bytes(text, text, text, text, double precision), wasmudf.wasm_typed_bytes(text, text, text, bytea, double precision),
  wasmudf.wasm_typed_bytes(text, text, text, text, text[], double precision),
  wasmudf.wasm_typed_rows(text, text, text, text, double precision), wasmudf.wasm_typed_rows(text, text, text, bytea, double precision),
  wasmudf.wasm_typed_rows(text, text, text, text, text[], double precision)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_define(text, text, text, text), wasmudf.wasm_define_all(text), wasmudf.wasm_define_all(text, text),
  wasmudf.wasm_undefine(text), wasmudf.wasm_unregister(text, boolean)
  TO wasmudf_admin;
-- Calling a defined function runs these (the inlined body): whoever may call plug-ins may call them.
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_typed(text, text, text, text, double precision), wasmudf.wasm_typed(text, text, text, bytea, double precision),
  wasmudf.wasm_typed(text, text, text, text, text[], double precision),
  wasmudf.wasm_typed_bytes(text, text, text, text, double precision), wasmudf.wasm_typed_bytes(text, text, text, bytea, double precision),
  wasmudf.wasm_typed_bytes(text, text, text, text, text[], double precision),
  wasmudf.wasm_typed_rows(text, text, text, text, double precision), wasmudf.wasm_typed_rows(text, text, text, bytea, double precision),
  wasmudf.wasm_typed_rows(text, text, text, text, text[], double precision)
  TO wasmudf_user;
