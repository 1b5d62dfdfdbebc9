package io.wasmudf.sql;

import java.sql.Types;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of the tables the SQL functions return, in one place for both databases: H2 builds
 * its result sets from them, PostgreSQL's bridge its JSON rows (the keys install.sql unpacks).
 * Names are lower case; H2 shows them upper case, as it does every unquoted name.
 */
public final class ResultColumns {
    /** {@code wasm_cache_stats()}. */
    public static final List<Column<CacheStat>> CACHE_STATS = List.of(
            text("connection", 64, s -> s.connection),
            text("plugin", 128, s -> s.plugin),
            bigint("version", s -> s.version),
            bigint("instances", s -> s.instances),
            bigint("calls", s -> s.calls),
            bigint("errors", s -> s.errors),
            bigint("hits", s -> s.hits),
            bigint("misses", s -> s.misses),
            bigint("evictions", s -> s.evictions),
            new Column<>("wasm_ms", Types.DOUBLE, 17, 0, s -> s.wasmNanos / 1e6),
            bigint("memory_bytes", s -> s.memoryBytes));

    /** {@code wasm_plugins()}. */
    public static final List<Column<StoredPlugin>> PLUGINS = List.of(
            text("name", 128, StoredPlugin::name),
            text("sha256", 64, StoredPlugin::sha256),
            new Column<>("size", Types.INTEGER, 10, 0, StoredPlugin::size),
            text("exports", 8000, p -> String.join(",", p.exports())),
            bigint("version", StoredPlugin::version),
            new Column<>("registered_at", Types.TIMESTAMP_WITH_TIMEZONE, 35, 9, StoredPlugin::registeredAt));

    /** {@code wasm_rows(...)}. */
    public static final List<Column<JsonRows.Row>> ROWS = List.of(
            new Column<>("ordinal", Types.INTEGER, 10, 0, r -> r.ordinal),
            text("value", Integer.MAX_VALUE, r -> r.value));

    private ResultColumns() {
    }

    /** One column: its name, JDBC type, precision and scale, and how a row gives its value. */
    public static final class Column<T> {
        public final String name;
        public final int jdbcType;
        public final int precision;
        public final int scale;
        private final Function<T, Object> value;

        Column(String name, int jdbcType, int precision, int scale, Function<T, Object> value) {
            this.name = name;
            this.jdbcType = jdbcType;
            this.precision = precision;
            this.scale = scale;
            this.value = value;
        }

        public Object value(T row) {
            return value.apply(row);
        }
    }

    /** The values of one row, in column order. */
    public static <T> Object[] values(List<Column<T>> columns, T row) {
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = columns.get(i).value(row);
        }
        return out;
    }

    private static <T> Column<T> text(String name, int precision, Function<T, Object> value) {
        return new Column<>(name, Types.VARCHAR, precision, 0, value);
    }

    private static <T> Column<T> bigint(String name, Function<T, Object> value) {
        return new Column<>(name, Types.BIGINT, 19, 0, value);
    }
}
