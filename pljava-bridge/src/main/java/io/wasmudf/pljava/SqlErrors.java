package io.wasmudf.pljava;

import io.wasmudf.runtime.WasmException;

import java.sql.SQLException;

/** The SQLStates of the SQL surface, the same in H2 and PostgreSQL. */
final class SqlErrors {
    static final String EXTERNAL_ROUTINE = "38000";
    static final String PLUGIN_FAILED = "38001";
    static final String TRAP = "38002";
    static final String NOT_ALLOWED = "38003";
    static final String UNDEFINED_PLUGIN = "42704";
    static final String UNDEFINED_EXPORT = "42883";
    static final String INVALID_PARAMETER = "22023";
    static final String NULL_VALUE = "22004";
    static final String QUERY_CANCELED = "57014";
    static final String OUT_OF_MEMORY = "53200";
    static final String PRIVILEGE = "42501";

    private SqlErrors() {
    }

    static SQLException of(String state, String message) {
        return new SQLException(message, state);
    }

    /** Maps a runtime failure to the SQLState its class calls for, keeping the plug-in's message. */
    static SQLException of(String plugin, String export, WasmException e) {
        String where = "wasm plug-in '" + plugin + "'" + (export == null ? "" : " export '" + export + "'");
        String msg = e.getMessage() == null ? e.kind().toString() : e.getMessage();
        String state;
        switch (e.kind()) {
            case PLUGIN_ERROR: state = PLUGIN_FAILED; break;
            case TRAP: state = TRAP; break;
            case TIMEOUT: state = QUERY_CANCELED; break;
            case OUT_OF_MEMORY: state = OUT_OF_MEMORY; break;
            case OUTPUT_TOO_LARGE: state = OUT_OF_MEMORY; break;
            case FUNCTION_NOT_FOUND: state = UNDEFINED_EXPORT; break;
            case INVALID_MODULE:
            case INVALID_MANIFEST:
            case LINK_ERROR: state = INVALID_PARAMETER; break;
            case NOT_ALLOWED: state = NOT_ALLOWED; break;
            default: state = EXTERNAL_ROUTINE; break;
        }
        return new SQLException(where + ": " + msg + " [" + e.kind() + "]", state, e);
    }
}
