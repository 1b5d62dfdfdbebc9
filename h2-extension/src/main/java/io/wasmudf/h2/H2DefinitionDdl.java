package io.wasmudf.h2;

import io.wasmudf.sql.Definitions;
import io.wasmudf.sql.Dialect;
import io.wasmudf.sql.typed.DefinitionDdl;
import io.wasmudf.sql.typed.TypedSignature;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2's DDL for a defined function: one alias onto the definition's own class
 * ({@link DefinedClasses}). Not DETERMINISTIC, like the install script's aliases: H2 would fold a
 * call with constant arguments once and keep the result after the plug-in is replaced. H2 has no
 * EXECUTE privilege: whoever may call wasm_call may call it.
 */
final class H2DefinitionDdl implements DefinitionDdl {
    @Override
    public TypedSignature.Case folding() {
        return TypedSignature.Case.UPPER;
    }

    @Override
    public String defaultSchema() {
        return "PUBLIC";
    }

    @Override
    public List<String> create(TypedSignature sig) {
        return List.of("CREATE ALIAS " + quoted(sig) + " FOR '" + DefinedClasses.target(sig) + "'");
    }

    @Override
    public String drop(TypedSignature sig) {
        return "DROP ALIAS IF EXISTS " + quoted(sig);
    }

    @Override
    public boolean routineExists(Connection c, String schema, String name) throws SQLException {
        return Definitions.routineExists(c, Dialect.H2, schema, name);
    }

    private static String quoted(TypedSignature sig) {
        return "\"" + sig.schema() + "\".\"" + sig.name() + "\"";
    }
}
