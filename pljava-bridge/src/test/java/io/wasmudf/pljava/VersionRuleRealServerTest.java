package io.wasmudf.pljava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wasmudf.sql.CacheLimits;
import io.wasmudf.sql.CallTimeLimits;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL's version rule: each call reads the version with the calling statement's snapshot
 * rules. Under READ COMMITTED a later call sees a re-registration committed meanwhile; inside a
 * REPEATABLE READ transaction every call sees the version of the transaction's snapshot. Within
 * one named statement ({@link PgBackend#enterStatement}, as the server's functions name theirs)
 * the version is read once: another session's commit is seen from the next statement on, the
 * backend's own registration at once.
 */
class VersionRuleRealServerTest {
    private static final String SCHEMA = "wasmudf_vrule_" + ProcessHandle.current().pid();
    private String url;
    private Connection caller;
    private Connection registrar;
    private PgBackend callerBackend;
    private PgBackend registrarBackend;

    @BeforeEach
    void store() throws SQLException {
        url = RealServerTest.testUrl();
        assumeTrue(url != null, "real-server tests need WASMUDF_TEST_PG_URL (see RealServerTest)");
        RealServerStore.create(url, SCHEMA);
        caller = connect();
        registrar = connect();
        // The store's tables named with their schema, as in the server (no search_path needed).
        callerBackend = new PgBackend("caller", SCHEMA, CacheLimits.defaults(), CallTimeLimits.defaults(), true);
        registrarBackend = new PgBackend("registrar", SCHEMA, CacheLimits.defaults(), CallTimeLimits.defaults(), true);
        registrarBackend.register(registrar, "fx", Fixtures.v1(), null);
    }

    private Connection connect() throws SQLException {
        return RealServerStore.connect(url, SCHEMA);
    }

    @AfterEach
    void drop() throws SQLException {
        if (caller == null) {
            return;
        }
        callerBackend.close();
        registrarBackend.close();
        caller.close();
        registrar.close();
        RealServerStore.drop(url, SCHEMA);
    }

    private Set<String> callsAroundAReRegistration() throws SQLException {
        Set<String> tags = new HashSet<>();
        tags.add(callerBackend.call(caller, "fx", "tag", ""));
        registrarBackend.register(registrar, "fx", Fixtures.v2(), null); // autocommit: committed now
        tags.add(callerBackend.call(caller, "fx", "tag", ""));
        return tags;
    }

    @Test
    @Timeout(60)
    void readCommittedCallsSeeANewVersionAtTheNextCall() throws Exception {
        assertEquals(Set.of("v1", "v2"), callsAroundAReRegistration());
    }

    @Test
    @Timeout(60)
    void aNamedStatementReadsOnceAndTheNextSeesTheCommit() throws Exception {
        callerBackend.enterStatement("statement 1");
        assertEquals("v1", callerBackend.call(caller, "fx", "tag", ""));
        registrarBackend.register(registrar, "fx", Fixtures.v2(), null); // committed
        assertEquals("v1", callerBackend.call(caller, "fx", "tag", ""), "the same statement keeps its version");
        callerBackend.enterStatement("statement 2");
        assertEquals("v2", callerBackend.call(caller, "fx", "tag", ""), "the next statement reads again");
    }

    @Test
    @Timeout(60)
    void aNamedStatementSeesItsOwnRegistrationAtOnce() throws Exception {
        callerBackend.enterStatement("statement 1");
        assertEquals("v1", callerBackend.call(caller, "fx", "tag", ""));
        callerBackend.register(caller, "fx", Fixtures.v2(), null);
        assertEquals("v2", callerBackend.call(caller, "fx", "tag", ""));
        callerBackend.unregister(caller, "fx");
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> callerBackend.call(caller, "fx", "tag", ""));
        assertEquals("42704", e.getSQLState());
    }

    @Test
    @Timeout(60)
    void aRepeatableReadTransactionSeesOneVersion() throws Exception {
        caller.setAutoCommit(false);
        caller.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        assertEquals(Set.of("v1"), callsAroundAReRegistration());
        caller.commit();
        assertEquals("v2", callerBackend.call(caller, "fx", "tag", ""));
        caller.commit();
    }
}
