/**
 * The wasm_* functions of H2. H2 finds them by class name ({@code CREATE ALIAS ... FOR
 * "io.wasmudf.h2.WasmUdf.wasmCall"}), so their package is exported; the install scripts are read
 * as class-loader resources from the wasmudf-sql jar, on the class path or the module path.
 */
module io.wasmudf.h2 {
    requires transitive io.wasmudf.sql;
    requires transitive com.h2database;
    requires org.objectweb.asm;   // classes generated for defined functions (DefinedClasses)

    exports io.wasmudf.h2;
}
