package io.wasmudf.pljava;

import io.wasmudf.sql.CallTimeLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The administrator's settings of the bridge, read once per backend (at its first call). They are
 * custom settings named {@code wasmudf.default_timeout_ms}, {@code wasmudf.max_timeout_ms} and
 * {@code wasmudf.manifest_may_exceed_max}, but read only from where an administrator puts them:
 * {@code ALTER DATABASE db SET ...} (the database owner) and {@code ALTER ROLE ALL [IN DATABASE db]
 * SET ...} (a superuser). A custom setting that only PostgreSQL knows as a placeholder can be changed
 * by any role with {@code SET}, so {@code current_setting} would let a caller lift its own limit.
 */
final class PgSettings {
    static final String PREFIX = "wasmudf.";
    /**
     * Database-wide rows of pg_db_role_setting (setrole 0): this database's, then every database's.
     * Every name qualified: it runs as the bridge's owner under the caller's search_path.
     */
    private static final String SQL = "SELECT s.setdatabase OPERATOR(pg_catalog.<>) 0, c "
            + "FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) AS c "
            + "WHERE s.setrole OPERATOR(pg_catalog.=) 0 AND (s.setdatabase OPERATOR(pg_catalog.=) 0 "
            + "OR s.setdatabase OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d "
            + "WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())) "
            + "AND c OPERATOR(pg_catalog.~~) 'wasmudf.%'";

    private PgSettings() {
    }

    static CallTimeLimits timeLimits(Connection c) throws SQLException {
        Map<String, String> values = new HashMap<>();
        Map<String, String> everyDatabase = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String entry = rs.getString(2);
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    (rs.getBoolean(1) ? values : everyDatabase).put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        everyDatabase.forEach(values::putIfAbsent); // this database's own setting wins
        return parse(values);
    }

    /** From the settings' SQL names (wasmudf.default_timeout_ms ...) to {@link CallTimeLimits}. */
    static CallTimeLimits parse(Map<String, String> settings) {
        Map<String, String> byJavaName = new HashMap<>();
        putIfSet(byJavaName, settings, "wasmudf.default_timeout_ms", CallTimeLimits.DEFAULT_NAME);
        putIfSet(byJavaName, settings, "wasmudf.max_timeout_ms", CallTimeLimits.MAX_NAME);
        putIfSet(byJavaName, settings, "wasmudf.manifest_may_exceed_max", CallTimeLimits.MAY_EXCEED_NAME);
        return CallTimeLimits.from(byJavaName::get, "");
    }

    private static void putIfSet(Map<String, String> out, Map<String, String> in, String sqlName, String javaName) {
        String v = in.get(sqlName);
        if (v != null) {
            out.put(javaName, v);
        }
    }
}
