package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own, with PL/Java and the bridge installed from {@code sql/postgres/}, on the
 * PostgreSQL server of {@code WASMUDF_IT_PG_URL} running on this host (the policy file is handed
 * over through the temp directory). Skips the calling tests when there is no such server or jar.
 */
final class LocalPljavaServer implements AutoCloseable {
    final String adminUrl;
    final String dbUrl;
    final String db;
    private final Path policy;

    private LocalPljavaServer(String adminUrl, String db, Path policy) {
        this.adminUrl = adminUrl;
        this.db = db;
        this.dbUrl = withDatabase(adminUrl, db);
        this.policy = policy;
    }

    /** Creates database {@code db} with {@code settings} ("name = value" for ALTER DATABASE SET) and installs. */
    static LocalPljavaServer start(String db, String... settings) throws Exception {
        String url = System.getProperty("wasmudf.it.pg.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("WASMUDF_IT_PG_URL");
        }
        assumeTrue(url != null && !url.isBlank() && (url.contains("//127.0.0.1") || url.contains("//localhost")),
                "needs WASMUDF_IT_PG_URL: a PostgreSQL with PL/Java on this host (see pljava-bridge/README.md)");
        String jar = System.getProperty("wasmudf.pljava.jar");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar is missing (run through mvn verify)");
        Path policy = Files.createTempFile("wasmudf-it-", ".policy",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(policy, Files.readString(SqlScript.file("wasmudf.policy")));
        LocalPljavaServer s = new LocalPljavaServer(url, db, policy);
        try (Connection admin = DriverManager.getConnection(url); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + db);
            st.execute("ALTER DATABASE " + db + " SET search_path = \"$user\", public, wasmudf");
            st.execute("ALTER DATABASE " + db + " SET pljava.vmoptions TO '--add-modules=java.net.http -XX:-DontCompileHugeMethods'");
            st.execute("ALTER DATABASE " + db + " SET pljava.policy_urls TO '\"file:${org.postgresql.sysconfdir}/pljava.policy\","
                    + "\"file:" + policy + "\",\"=\"'");
            for (String setting : settings) {
                st.execute("ALTER DATABASE " + db + " SET " + setting);
            }
        }
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pljava");
            try (PreparedStatement ps = c.prepareStatement("SELECT sqlj.install_jar(?, 'wasmudf', false)")) {
                ps.setBytes(1, Files.readAllBytes(Path.of(jar)));
                ps.execute();
            }
            SqlScript.run(c, "install.sql");
        }
        return s;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(dbUrl);
    }

    @Override
    public void close() throws Exception {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } finally {
            Files.deleteIfExists(policy);
        }
    }

    /** {@code url} (a server's JDBC URL) naming database {@code db} instead, its parameters kept. */
    static String withDatabase(String url, String db) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String params = q < 0 ? "" : url.substring(q);
        int slash = base.indexOf('/', "jdbc:postgresql://".length());
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + db + params;
    }
}
