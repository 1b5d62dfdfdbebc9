/**
 * The wasm_* functions of PostgreSQL through PL/Java. PL/Java loads the shaded jar
 * ({@code sqlj.install_jar}) on its own class path, from which the shade plug-in leaves every
 * {@code module-info.class} out; this descriptor only checks at build time that the bridge uses
 * nothing beyond the exported APIs of the runtime and the glue.
 */
module io.wasmudf.pljava {
    requires io.wasmudf.sql;
    requires com.fasterxml.jackson.databind;
    requires java.logging;

    exports io.wasmudf.pljava;
}
