-- Removes wasmudf from an H2 database, registered plug-ins included. Run as an admin.
-- Drop defined functions first (WasmUdf.uninstall does): SELECT wasm_undefine(sql_name) FROM wasmudf_definitions;
DROP ALIAS IF EXISTS wasm_undefine;
DROP ALIAS IF EXISTS wasm_define_all;
DROP ALIAS IF EXISTS wasm_define;
DROP ALIAS IF EXISTS wasm_define_aggregate;
DROP ALIAS IF EXISTS wasm_cache_stats;
DROP ALIAS IF EXISTS wasm_plugins;
DROP ALIAS IF EXISTS wasm_rows;
DROP ALIAS IF EXISTS wasm_call_json;
DROP ALIAS IF EXISTS wasm_call;
DROP ALIAS IF EXISTS wasm_unregister;
DROP ALIAS IF EXISTS wasm_register;
DROP TABLE IF EXISTS wasmudf_plugins;
DROP SEQUENCE IF EXISTS wasmudf_version_seq;
DROP TABLE IF EXISTS wasmudf_code;
DROP TABLE IF EXISTS wasmudf_definitions;
