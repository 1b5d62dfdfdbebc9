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

-- The plug-in store: one row per plug-in name; a re-registration replaces the row (new sha256,
-- version + 1) inside the caller's transaction. Module bytes live here, keyed by their sha256,
-- never as jars.
CREATE TABLE wasmudf.plugins (
  name          text PRIMARY KEY,
  sha256        text NOT NULL,
  module        bytea NOT NULL,
  manifest      jsonb,
  exports       text NOT NULL,
  size          bigint NOT NULL,
  version       bigint NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now()
);

-- ---- registration (privileged) ---------------------------------------------------------------

CREATE FUNCTION wasmudf.wasm_register(name text, wasm bytea) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.register(java.lang.String, byte[])';

CREATE FUNCTION wasmudf.wasm_register(name text, wasm bytea, manifest jsonb) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.register(java.lang.String, byte[], java.lang.String)';

CREATE FUNCTION wasmudf.wasm_register(name text, manifest jsonb) RETURNS text
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.registerManifest(java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_unregister(name text) RETURNS boolean
  LANGUAGE java VOLATILE SECURITY DEFINER SET search_path = wasmudf, pg_catalog, pg_temp
  AS 'io.wasmudf.pljava.WasmUdf.unregister(java.lang.String)';

-- CALL forms. PostgreSQL resolves CALL and SELECT over the same set of routines and a function and
-- a procedure cannot share input argument types, so the procedures take a trailing INOUT sha256
-- (pass NULL; CALL returns the new sha256 in it):
--   CALL wasm_register('count_vowels', pg_read_binary_file('/srv/count_vowels.wasm'), NULL, NULL);
--   CALL wasm_register('greet', '{"wasm":[{"data":"..."}]}'::jsonb, NULL);
CREATE PROCEDURE wasmudf.wasm_register(name text, wasm bytea, manifest jsonb, INOUT sha256 text)
  LANGUAGE plpgsql SET search_path = wasmudf, pg_catalog, pg_temp
  AS $$ BEGIN sha256 := wasmudf.wasm_register(name, wasm, manifest); END $$;

CREATE PROCEDURE wasmudf.wasm_register(name text, manifest jsonb, INOUT sha256 text)
  LANGUAGE plpgsql SET search_path = wasmudf, pg_catalog, pg_temp
  AS $$ BEGIN sha256 := wasmudf.wasm_register(name, manifest); END $$;

-- ---- calls -----------------------------------------------------------------------------------
-- `function` is 'plugin' (the export of the same name) or 'plugin.export'. NULL input gives NULL
-- (STRICT); pass '' to call with empty input. text in gives text out (UTF-8), bytea in gives bytea.
-- Not IMMUTABLE/STABLE: a replaced plug-in must be seen by the next call.

CREATE FUNCTION wasmudf.wasm_call("function" text, input text) RETURNS text
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_call("function" text, input bytea) RETURNS bytea
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, byte[])';

CREATE FUNCTION wasmudf.wasm_call(plugin text, export text, input text) RETURNS text
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_call(plugin text, export text, input bytea) RETURNS bytea
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.call(java.lang.String, java.lang.String, byte[])';

-- jsonb has no PL/Java mapping of its own: it crosses as String through jsonb's text I/O, which
-- also validates the plug-in's output as JSON.
CREATE FUNCTION wasmudf.wasm_call_json("function" text, input text) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.callJson(java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_call_json(plugin text, export text, input text) RETURNS jsonb
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.callJson(java.lang.String, java.lang.String, java.lang.String)';

-- wasm_rows: one row per element of the plug-in's JSON-array output. The Java side returns the
-- elements (SETOF jsonb from a java.util.Iterator); the ordinal comes from WITH ORDINALITY.
CREATE FUNCTION wasmudf.wasm_rows_elements("function" text, input text) RETURNS SETOF jsonb
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.rowElements(java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_rows_elements(plugin text, export text, input text) RETURNS SETOF jsonb
  LANGUAGE java VOLATILE STRICT
  AS 'io.wasmudf.pljava.WasmUdf.rowElements(java.lang.String, java.lang.String, java.lang.String)';

CREATE FUNCTION wasmudf.wasm_rows("function" text, input text)
  RETURNS TABLE (ordinal bigint, value jsonb)
  LANGUAGE sql VOLATILE STRICT
  AS $$ SELECT e.ordinal, e.value FROM wasmudf.wasm_rows_elements($1, $2) WITH ORDINALITY AS e(value, ordinal) $$;

CREATE FUNCTION wasmudf.wasm_rows(plugin text, export text, input text)
  RETURNS TABLE (ordinal bigint, value jsonb)
  LANGUAGE sql VOLATILE STRICT
  AS $$ SELECT e.ordinal, e.value FROM wasmudf.wasm_rows_elements($1, $2, $3) WITH ORDINALITY AS e(value, ordinal) $$;

-- ---- introspection ---------------------------------------------------------------------------

CREATE FUNCTION wasmudf.wasm_plugins()
  RETURNS TABLE (name text, sha256 text, size bigint, exports text, version bigint,
                 registered_at timestamptz)
  LANGUAGE sql STABLE
  AS $$ SELECT p.name, p.sha256, p.size, p.exports, p.version, p.registered_at
        FROM wasmudf.plugins p ORDER BY p.name $$;

-- Per backend (one JVM, one instance cache per backend) and plug-in.
CREATE FUNCTION wasmudf.wasm_cache_stats_rows() RETURNS SETOF jsonb
  LANGUAGE java VOLATILE
  AS 'io.wasmudf.pljava.WasmUdf.cacheStatsRows()';

CREATE FUNCTION wasmudf.wasm_cache_stats()
  RETURNS TABLE ("connection" text, plugin text, instances bigint, calls bigint, errors bigint,
                 hits bigint, misses bigint, evictions bigint, wasm_millis double precision)
  LANGUAGE sql VOLATILE
  AS $$ SELECT r->>'connection', r->>'plugin', (r->>'instances')::bigint, (r->>'calls')::bigint,
               (r->>'errors')::bigint, (r->>'hits')::bigint, (r->>'misses')::bigint,
               (r->>'evictions')::bigint, (r->>'wasm_millis')::double precision
        FROM wasmudf.wasm_cache_stats_rows() r $$;

-- ---- privileges ------------------------------------------------------------------------------

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA wasmudf FROM PUBLIC;
REVOKE ALL ON ALL PROCEDURES IN SCHEMA wasmudf FROM PUBLIC;
REVOKE ALL ON TABLE wasmudf.plugins FROM PUBLIC;

GRANT USAGE ON SCHEMA wasmudf TO wasmudf_user;
GRANT USAGE ON SCHEMA sqlj TO wasmudf_user;
-- Callers read the store (the call functions run as the caller); only registration writes it.
GRANT SELECT ON TABLE wasmudf.plugins TO wasmudf_user;
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_call(text, text), wasmudf.wasm_call(text, bytea),
  wasmudf.wasm_call(text, text, text), wasmudf.wasm_call(text, text, bytea),
  wasmudf.wasm_call_json(text, text), wasmudf.wasm_call_json(text, text, text),
  wasmudf.wasm_rows_elements(text, text), wasmudf.wasm_rows_elements(text, text, text),
  wasmudf.wasm_rows(text, text), wasmudf.wasm_rows(text, text, text),
  wasmudf.wasm_plugins(), wasmudf.wasm_cache_stats_rows(), wasmudf.wasm_cache_stats()
  TO wasmudf_user;
GRANT EXECUTE ON FUNCTION
  wasmudf.wasm_register(text, bytea), wasmudf.wasm_register(text, bytea, jsonb),
  wasmudf.wasm_register(text, jsonb), wasmudf.wasm_unregister(text)
  TO wasmudf_admin;
GRANT EXECUTE ON PROCEDURE
  wasmudf.wasm_register(text, bytea, jsonb, text), wasmudf.wasm_register(text, jsonb, text)
  TO wasmudf_admin;
