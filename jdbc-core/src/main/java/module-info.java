/**
 * What the H2 and PostgreSQL glue share: the plug-in store, the per-connection instance cache and
 * the logic of the SQL functions. Its one package is the glue's API, not an embedder's (embedders
 * use {@code io.wasmudf.runtime}). Both databases load the glue from the class path (H2 aliases,
 * PL/Java's installed jar), where this descriptor is ignored; it is checked when the build compiles.
 */
module io.wasmudf.sql {
    requires transitive io.wasmudf.runtime;
    requires transitive java.sql;
    requires com.fasterxml.jackson.databind;

    exports io.wasmudf.sql;
    exports io.wasmudf.sql.typed;
}
