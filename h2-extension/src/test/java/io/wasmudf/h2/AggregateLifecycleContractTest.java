package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lifecycle contract of ISSUE15 (owned by the `typed` branch: wasm_unregister refusing while
 * definitions reference a plug-in, wasm_unregister(name, true) and wasm_undefine running drop_sql)
 * applied to aggregates.
 */
@Timeout(60)
class AggregateLifecycleContractTest extends H2TestBase {

    @BeforeEach
    void define() throws SQLException {
        register(conn, "rs_agg", AggregateTest.RS_AGG);
        query1(conn, "SELECT wasm_define_aggregate('wasm_concat', 'rs_agg', 'text', 'text')");
        AggregateTest.exec(conn, "CREATE TABLE t(v VARCHAR)");
        AggregateTest.exec(conn, "INSERT INTO t VALUES ('a')");
    }

    @Test
    void unregisterRefusesWhileAnAggregateUsesThePlugin() throws SQLException {
        SQLException e = fails("2BP01", conn, "SELECT wasm_unregister('rs_agg')");
        assertTrue(e.getMessage().contains("PUBLIC.WASM_CONCAT"), e.getMessage());
        assertEquals("a", query1(conn, "SELECT wasm_concat(v) FROM t"));
    }

    @Test
    void unregisterWithCascadeDropsTheAggregate() throws SQLException {
        query1(conn, "SELECT wasm_unregister('rs_agg', true)");
        fails("90022", conn, "SELECT wasm_concat(v) FROM t");
        assertNull(query1(conn, "SELECT MAX(sql_name) FROM wasmudf_definitions"));
    }

    @Test
    void undefineDropsTheAggregateAndItsRow() throws SQLException {
        query1(conn, "SELECT wasm_undefine('PUBLIC.WASM_CONCAT')");
        fails("90022", conn, "SELECT wasm_concat(v) FROM t");
        assertNull(query1(conn, "SELECT MAX(sql_name) FROM wasmudf_definitions"));
        assertEquals("a", call(conn, "rs_agg.finish", "\u0001a"), "the plug-in stays");
    }
}
