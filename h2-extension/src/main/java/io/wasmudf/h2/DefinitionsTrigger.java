package io.wasmudf.h2;

import java.sql.Connection;
import org.h2.api.Trigger;

/**
 * A trigger on {@code wasmudf_definitions} that does nothing on rows: H2 loads a database's
 * triggers when it opens the database, and loading this class registers {@link AggregateClasses},
 * so the aggregates of a database just opened by a new process find their classes before any
 * other wasmudf function has run. (H2 has no other hook that runs at open without a URL setting.)
 */
public final class DefinitionsTrigger implements Trigger {
    static {
        AggregateClasses.register();
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        // Nothing per row: the class is loaded for its static initializer.
    }
}
