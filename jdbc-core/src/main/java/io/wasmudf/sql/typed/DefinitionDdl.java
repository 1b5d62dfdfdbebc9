package io.wasmudf.sql.typed;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** One database's DDL for a defined function: how to create it, drop it, and see a name already taken. */
public interface DefinitionDdl {
    /** How the database folds unquoted names (defined names are stored and created folded). */
    TypedSignature.Case folding();

    /** Where unqualified SQL names go. */
    String defaultSchema();

    /** The statements that create the function and set its privileges (identifiers quoted). */
    List<String> create(TypedSignature sig);

    /** The statement(s), ';'-separated, that remove everything {@link #create} made. */
    String drop(TypedSignature sig);

    /** Whether a routine of that schema and name exists (ours or not). */
    boolean routineExists(Connection c, String schema, String name) throws SQLException;
}
