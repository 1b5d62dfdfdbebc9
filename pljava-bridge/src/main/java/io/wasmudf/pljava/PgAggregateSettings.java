package io.wasmudf.pljava;

/** How the PostgreSQL aggregates batch their rows (see pljava-bridge/README.md, "Aggregates"). */
final class PgAggregateSettings {
    /**
     * Framed values an aggregate's state carries before one {@code step} call takes them all. Every
     * row copies the state through PL/Java anyway, so waiting values cost a few bytes per row, while
     * each step is a Wasm call and a store read.
     */
    static final int PENDING_BYTES = 8 * 1024;

    private PgAggregateSettings() {
    }
}
