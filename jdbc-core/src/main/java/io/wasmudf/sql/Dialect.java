package io.wasmudf.sql;

import java.util.List;

/**
 * The few places where the store's SQL differs between databases: the byte and JSON column types,
 * how to draw the next version number, and the upsert. (The reads' SQL: {@link SqlStoreReads}.)
 */
public enum Dialect {
    H2("VARBINARY", "VARCHAR", "NEXT VALUE FOR wasmudf_version_seq",
            "MERGE INTO wasmudf_plugins (name, version, sha256, module, settings, exports, size, registered_at) KEY (name) "
                    + "VALUES (?, NEXT VALUE FOR wasmudf_version_seq, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)"),
    POSTGRES("BYTEA", "JSONB", "nextval('wasmudf_version_seq')",
            "INSERT INTO wasmudf_plugins (name, version, sha256, module, settings, exports, size, registered_at) "
                    + "VALUES (?, nextval('wasmudf_version_seq'), ?, ?, CAST(? AS JSONB), ?, ?, CURRENT_TIMESTAMP) "
                    + "ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, sha256 = EXCLUDED.sha256, "
                    + "module = EXCLUDED.module, settings = EXCLUDED.settings, exports = EXCLUDED.exports, "
                    + "size = EXCLUDED.size, registered_at = EXCLUDED.registered_at");

    private final String bytesType;
    private final String jsonType;
    private final String nextVersion;
    private final String upsert;

    Dialect(String bytesType, String jsonType, String nextVersion, String upsert) {
        this.bytesType = bytesType;
        this.jsonType = jsonType;
        this.nextVersion = nextVersion;
        this.upsert = upsert;
    }

    /**
     * The DDL of the store. Versions come from a sequence (not "old version + 1") so that a name
     * unregistered and registered again never reuses a version a cached instance still carries.
     */
    public List<String> createStore() {
        return List.of(
                "CREATE SEQUENCE IF NOT EXISTS wasmudf_version_seq",
                "CREATE TABLE IF NOT EXISTS wasmudf_plugins ("
                        + "name VARCHAR(128) PRIMARY KEY, "
                        + "version BIGINT NOT NULL, "
                        + "sha256 CHAR(64) NOT NULL, "
                        + "module " + bytesType + " NOT NULL, "
                        + "settings " + jsonType + " NOT NULL, "
                        + "exports VARCHAR(8000) NOT NULL, "
                        + "size INTEGER NOT NULL, "
                        + "registered_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    public List<String> dropStore() {
        return List.of("DROP TABLE IF EXISTS wasmudf_plugins", "DROP SEQUENCE IF EXISTS wasmudf_version_seq");
    }

    /** Parameters: name, sha256, module, settings JSON, exports, size. */
    public String upsert() {
        return upsert;
    }

    public String nextVersion() {
        return nextVersion;
    }

    public String bytesType() {
        return bytesType;
    }

    public String jsonType() {
        return jsonType;
    }

    // ---- compiled-code store (wasmudf_code): JVM classes compiled from the stored modules ----

    /** The DDL of the compiled-code table (install.sql adds its privileges: read by all, written by admins). */
    public List<String> createCodeStore() {
        return List.of("CREATE TABLE IF NOT EXISTS wasmudf_code ("
                + "id CHAR(64) PRIMARY KEY, "
                + "module_sha256 CHAR(64) NOT NULL, "
                + "entry " + bytesType + " NOT NULL, "
                + "size INTEGER NOT NULL, "
                + "created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    public List<String> dropCodeStore() {
        return List.of("DROP TABLE IF EXISTS wasmudf_code");
    }

    // ---- definitions registry (wasmudf_definitions): SQL objects defined over plug-ins ----

    /** The DDL of the registry of typed functions and aggregates ({@link Definitions}), as install.sql has it. */
    public List<String> createDefinitionsStore() {
        String text = this == H2 ? "CLOB" : "TEXT";
        return List.of("CREATE TABLE IF NOT EXISTS wasmudf_definitions ("
                + "sql_name VARCHAR(256) PRIMARY KEY, "
                + "kind VARCHAR(16) NOT NULL, "
                + "plugin VARCHAR(128) NOT NULL, "
                + "spec " + text + " NOT NULL, "
                + "drop_sql " + text + " NOT NULL, "
                + "defined_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    public List<String> dropDefinitionsStore() {
        return List.of("DROP TABLE IF EXISTS wasmudf_definitions");
    }

    /** An upsert by id (two registrations of one module may race). Parameters: id, module sha256, entry, size. */
    public String upsertCode() {
        if (this == H2) {
            return "MERGE INTO wasmudf_code (id, module_sha256, entry, size, created_at) KEY (id) "
                    + "VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";
        }
        return "INSERT INTO wasmudf_code (id, module_sha256, entry, size, created_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP) "
                + "ON CONFLICT (id) DO UPDATE SET module_sha256 = EXCLUDED.module_sha256, entry = EXCLUDED.entry, "
                + "size = EXCLUDED.size, created_at = EXCLUDED.created_at";
    }
}
