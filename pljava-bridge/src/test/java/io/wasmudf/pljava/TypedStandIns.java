package io.wasmudf.pljava;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * For the real server without PL/Java: the generic functions that defined functions' bodies call
 * (install.sql's wasm_call, wasm_typed, wasm_typed_bytes, wasm_typed_rows, same signatures) as
 * PL/pgSQL stand-ins in the test's schema. They record the arguments the generated body computed
 * and answer what the test stored for that definition. {@link #run} runs a query twice: first to
 * record what the body passes, then, after the real Java ({@link PgTyped}, the plug-in in this
 * JVM) has answered those exact arguments, again to get the result through the body's casts and
 * column extraction. Only the PL/Java hop is replaced; InServerIT covers it.
 */
final class TypedStandIns {
    private static final String[][] INPUTS = {
        {"returns text, input text", "returns, input, NULL::bytea, NULL::text[]"},
        {"returns text, input bytea", "returns, NULL::text, input, NULL::text[]"},
        {"arguments text, returns text, args text[]", "returns, NULL::text, NULL::bytea, args"},
    };

    private TypedStandIns() {
    }

    static void create(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + schema + ".stand_in_seen (sql_name text, fn text, arguments text, returns text, "
                    + "raw_text text, raw_bytes bytea, args text[])");
            st.execute("CREATE TABLE " + schema + ".stand_in_answer (sql_name text PRIMARY KEY, t text, b bytea, r jsonb[])");
            for (String[] in : INPUTS) {
                String args = in[0].startsWith("arguments") ? "arguments" : "NULL";
                String record = "INSERT INTO " + schema + ".stand_in_seen VALUES (sql_name, \"function\", " + args + ", " + in[1] + ");";
                String head = "CREATE FUNCTION " + schema + ".%s(sql_name text, \"function\" text, " + in[0]
                        + ", statement_start double precision) RETURNS %s "
                        + "LANGUAGE plpgsql VOLATILE STRICT AS $$ BEGIN " + record;
                String answer = " FROM " + schema + ".stand_in_answer a WHERE a.sql_name = $1";
                st.execute(String.format(head, "wasm_typed", "text") + " RETURN (SELECT a.t" + answer + "); END $$");
                st.execute(String.format(head, "wasm_typed_bytes", "bytea") + " RETURN (SELECT a.b" + answer + "); END $$");
                st.execute(String.format(head, "wasm_typed_rows", "SETOF jsonb") + " RETURN QUERY SELECT unnest(a.r)" + answer
                        + "; END $$");
            }
            for (String t : new String[] {"text", "bytea"}) {
                st.execute("CREATE FUNCTION " + schema + ".wasm_call(\"function\" text, input " + t + ") RETURNS " + t
                        + " LANGUAGE plpgsql VOLATILE STRICT AS $$ BEGIN INSERT INTO " + schema + ".stand_in_seen VALUES ("
                        + "'call:' || \"function\", \"function\", NULL, NULL, " + ("text".equals(t) ? "input, NULL" : "NULL, input")
                        + ", NULL); RETURN (SELECT a." + t.charAt(0) + " FROM " + schema
                        + ".stand_in_answer a WHERE a.sql_name = 'call:' || $1); END $$");
            }
        }
    }

    /** Runs {@code sql} (one call of one defined function) through the generated body and the real Java. */
    static List<List<Object>> run(Connection c, PgBackend b, String sql, Object... params) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE stand_in_seen, stand_in_answer");
        }
        query(c, sql, params);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sql_name, fn, arguments, returns, raw_text, raw_bytes, args FROM stand_in_seen")) {
            while (rs.next()) {
                answer(c, b, rs);
            }
        }
        return query(c, sql, params);
    }

    private static void answer(Connection c, PgBackend b, ResultSet seen) throws SQLException {
        String sqlName = seen.getString(1);
        String fn = seen.getString(2);
        String arguments = seen.getString(3);
        String returns = seen.getString(4);
        byte[] rawBytes = seen.getBytes(6);
        boolean binary = rawBytes != null;
        byte[] raw = binary ? rawBytes : PgBackend.utf8(seen.getString(5));
        Array a = seen.getArray(7);
        String[] args = a == null ? null : (String[]) a.getArray();
        PgTyped t = b.typed();
        String text = null;
        byte[] bytes = null;
        List<String> rows = new ArrayList<>();
        if (sqlName.startsWith("call:")) {
            bytes = b.call(c, fn, raw);
            text = binary ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } else if (returns.startsWith("table(")) {
            Iterator<String> it = args == null ? t.rows(c, sqlName, fn, returns, raw, binary) : t.rows(c, sqlName, fn, arguments, returns, args);
            it.forEachRemaining(rows::add);
        } else if ("bytes".equals(returns)) {
            bytes = args == null ? t.bytes(c, sqlName, fn, returns, raw, binary) : t.bytes(c, sqlName, fn, arguments, returns, args);
        } else {
            text = args == null ? t.scalar(c, sqlName, fn, returns, raw, binary) : t.scalar(c, sqlName, fn, arguments, returns, args);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stand_in_answer VALUES (?, ?, ?, CAST(? AS jsonb[]))")) {
            ps.setString(1, sqlName);
            ps.setString(2, text);
            ps.setBytes(3, bytes);
            ps.setArray(4, c.createArrayOf("text", rows.toArray()));
            ps.executeUpdate();
        }
    }

    static List<List<Object>> query(Connection c, String sql, Object... params) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
