package io.wasmudf.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The plug-in store's part of sql/postgres/install.sql (its other parts need PL/Java in the server). */
final class PgStore {
    private PgStore() {}

    private static final Pattern STORE = Pattern.compile(
            "(CREATE SCHEMA wasmudf)\\s*;|(CREATE TABLE wasmudf\\.plugins\\s*\\(.*?\\))\\s*;", Pattern.DOTALL);

    static List<String> statements() {
        String sql;
        try (InputStream in = PgStore.class.getResourceAsStream("/io/wasmudf/sql/postgres/install.sql")) {
            if (in == null) {
                throw new IllegalStateException("io/wasmudf/sql/postgres/install.sql is not on the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = new ArrayList<>();
        Matcher m = STORE.matcher(sql);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (out.size() != 2) {
            throw new IllegalStateException("install.sql: expected the store's schema and table, found " + out);
        }
        return out;
    }
}
