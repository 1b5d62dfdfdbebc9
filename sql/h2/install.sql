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
