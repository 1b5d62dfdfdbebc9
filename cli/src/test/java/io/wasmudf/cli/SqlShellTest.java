package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** The slow-statement notice, with a scheduler that fires at once so no test depends on time. */
class SqlShellTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true);

    private int run(String sql, SlowNotice.Scheduler scheduler) throws Exception {
        SlowNotice slow = new SlowNotice(new Progress(errStream), 2000, scheduler);
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:shelltest")) {
            return new SqlShell(new PrintStream(out, true), errStream, false, slow).run(c, new BufferedReader(new StringReader(sql)));
        }
    }

    @Test
    void aStatementStillRunningWhenTheTimerFiresIsAnnouncedThenTimedBeforeItsResult() throws Exception {
        assertEquals(0, run("SELECT 66 AS n;", (task, ms) -> {
            task.run();
            return () -> { };
        }));
        assertTrue(err.toString(StandardCharsets.UTF_8).matches("wasmudf: still running after 2 s \\(a plug-in's first call"
                + " in a process compiles its module\\)\\.\\.\\. done in \\d+ ms\n"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("66"), out.toString());
    }

    @Test
    void aStatementFinishedBeforeTheTimerSaysNothingAndCancelsIt() throws Exception {
        int[] cancelled = {0};
        assertEquals(0, run("SELECT 77 AS n;", (task, ms) -> () -> cancelled[0]++));
        assertEquals("", err.toString());
        assertEquals(1, cancelled[0]);
    }

    @Test
    void aFailingSlowStatementEndsTheNoticeWithFailed() throws Exception {
        assertEquals(1, run("SELECT * FROM no_such_table;", (task, ms) -> {
            task.run();
            return () -> { };
        }));
        assertTrue(err.toString().startsWith("wasmudf: still running after 2 s") && err.toString().contains("... failed\nerror: "),
                err.toString());
    }
}
