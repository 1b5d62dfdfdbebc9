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

-- The store is NOT granted to PUBLIC: settings hold plug-in config (API keys, tokens) and the
-- module bytes. Only admins can SELECT it; the functions read it through H2's engine without the
-- caller's table rights (io.wasmudf.h2.H2StoreReads), so any user can call a plug-in and list
-- wasm_plugins() (name, sha256, size, exports, version, time) but not read config or module.
-- Re-running this script on a database installed by an older version takes back that grant.
REVOKE SELECT ON wasmudf_plugins FROM PUBLIC;

CREATE ALIAS IF NOT EXISTS wasm_register FOR 'io.wasmudf.h2.WasmUdf.wasmRegister';
CREATE ALIAS IF NOT EXISTS wasm_unregister FOR 'io.wasmudf.h2.WasmUdf.wasmUnregister';
CREATE ALIAS IF NOT EXISTS wasm_call FOR 'io.wasmudf.h2.WasmUdf.wasmCall';
CREATE ALIAS IF NOT EXISTS wasm_call_json FOR 'io.wasmudf.h2.WasmUdf.wasmCallJson';
CREATE ALIAS IF NOT EXISTS wasm_rows FOR 'io.wasmudf.h2.WasmUdf.wasmRows';
CREATE ALIAS IF NOT EXISTS wasm_plugins FOR 'io.wasmudf.h2.WasmUdf.wasmPlugins';
CREATE ALIAS IF NOT EXISTS wasm_cache_stats FOR 'io.wasmudf.h2.WasmUdf.wasmCacheStats';

-- ---- compiled code (the compiled-code cache) ------------------------------------------------
-- JVM classes compiled from the stored modules, so that a new process loads them instead of
-- compiling (seconds for a Go module). wasm_register writes them; calls only read them, through
-- H2's engine like the store. Loaded classes run as JVM code outside the Wasm sandbox, so only
-- admins may write this table, and they are the module's code in another form, so only admins may
-- read it (H2 admins need no grant; nobody else gets one).
CREATE TABLE IF NOT EXISTS wasmudf_code (
    id CHAR(64) PRIMARY KEY,
    module_sha256 CHAR(64) NOT NULL,
    entry VARBINARY NOT NULL,
    size INTEGER NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
REVOKE SELECT ON wasmudf_code FROM PUBLIC;

-- ---- typed functions and aggregates over plug-ins ---------------------------------------------
-- Typed SQL functions and aggregates defined over plug-ins (wasm_define*, wasm_define_aggregate):
-- one row per SQL object, so a plug-in with definitions cannot be unregistered by accident.
CREATE TABLE IF NOT EXISTS wasmudf_definitions (
    sql_name VARCHAR(256) PRIMARY KEY,
    kind VARCHAR(16) NOT NULL,
    plugin VARCHAR(128) NOT NULL,
    spec CLOB NOT NULL,
    drop_sql CLOB NOT NULL,
    defined_at TIMESTAMP WITH TIME ZONE NOT NULL
);
REVOKE SELECT ON wasmudf_definitions FROM PUBLIC;
-- wasm_define(sql_name, 'plugin.export', arguments, returns), wasm_define_all(plugin [, schema]),
-- wasm_undefine(sql_name): admins only (checked inside, like wasm_register). The functions they
-- create are aliases anyone may call, like wasm_call (see README, "Typed functions").
CREATE ALIAS IF NOT EXISTS wasm_define FOR 'io.wasmudf.h2.H2Typed.wasmDefine';
CREATE ALIAS IF NOT EXISTS wasm_define_all FOR 'io.wasmudf.h2.H2Typed.wasmDefineAll';
CREATE ALIAS IF NOT EXISTS wasm_undefine FOR 'io.wasmudf.h2.H2Typed.wasmUndefine';

-- ---- aggregates (wasm_define_aggregate) -----------------------------------------------------
-- Each defined aggregate is CREATE AGGREGATE ... FOR a class generated from its spec
-- (io.wasmudf.h2.AggregateClasses). H2 loads a database's triggers when it opens it: this one does
-- nothing on rows, it only makes sure that class factory is registered before an aggregate runs.
CREATE TRIGGER IF NOT EXISTS wasmudf_definitions_hook BEFORE INSERT ON wasmudf_definitions
    FOR EACH ROW CALL 'io.wasmudf.h2.DefinitionsTrigger';
CREATE ALIAS IF NOT EXISTS wasm_define_aggregate FOR 'io.wasmudf.h2.WasmUdf.wasmDefineAggregate';
