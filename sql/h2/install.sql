-- wasmudf for H2: the plug-in store and the wasm_* functions. Run as an admin:
--   RUNSCRIPT FROM 'classpath:/io/wasmudf/sql/h2/install.sql'   or   WasmUdf.install(connection)
-- None of the functions is DETERMINISTIC: H2 would fold a call with constant arguments once at
-- prepare time and keep the result after the plug-in is replaced.

CREATE SEQUENCE IF NOT EXISTS wasmudf_version_seq;

CREATE TABLE IF NOT EXISTS wasmudf_plugins (
    name VARCHAR(128) PRIMARY KEY,
    version BIGINT NOT NULL,
    sha256 CHAR(64) NOT NULL,
    module VARBINARY NOT NULL,
    settings VARCHAR NOT NULL,
    exports VARCHAR(8000) NOT NULL,
    size INTEGER NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Any user may call plug-ins; the functions read the store as the calling user.
GRANT SELECT ON wasmudf_plugins TO PUBLIC;

CREATE ALIAS IF NOT EXISTS wasm_register FOR 'io.wasmudf.h2.WasmUdf.wasmRegister';
CREATE ALIAS IF NOT EXISTS wasm_unregister FOR 'io.wasmudf.h2.WasmUdf.wasmUnregister';
CREATE ALIAS IF NOT EXISTS wasm_call FOR 'io.wasmudf.h2.WasmUdf.wasmCall';
CREATE ALIAS IF NOT EXISTS wasm_call_json FOR 'io.wasmudf.h2.WasmUdf.wasmCallJson';
CREATE ALIAS IF NOT EXISTS wasm_rows FOR 'io.wasmudf.h2.WasmUdf.wasmRows';
CREATE ALIAS IF NOT EXISTS wasm_plugins FOR 'io.wasmudf.h2.WasmUdf.wasmPlugins';
CREATE ALIAS IF NOT EXISTS wasm_cache_stats FOR 'io.wasmudf.h2.WasmUdf.wasmCacheStats';

-- ---- compiled code (the compiled-code cache) ------------------------------------------------
-- JVM classes compiled from the stored modules, so that a new process loads them instead of
-- compiling (seconds for a Go module). wasm_register writes them; calls only read them. Loaded
-- classes run as JVM code outside the Wasm sandbox, so only admins may write this table (H2 admins
-- need no grant; nobody else gets one); every user may read it.
CREATE TABLE IF NOT EXISTS wasmudf_code (
    id CHAR(64) PRIMARY KEY,
    module_sha256 CHAR(64) NOT NULL,
    entry VARBINARY NOT NULL,
    size INTEGER NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
GRANT SELECT ON wasmudf_code TO PUBLIC;
