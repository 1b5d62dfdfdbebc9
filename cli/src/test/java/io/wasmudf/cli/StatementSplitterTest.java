package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private final StatementSplitter s = new StatementSplitter();

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT 'a;b', \"c;d\"", "SELECT 2"), s.feed("SELECT 'a;b', \"c;d\"; SELECT 2;"));
        assertEquals(List.of("SELECT 'it''s; ok' -- no; split\nFROM t"), feedAll("SELECT 'it''s; ok' -- no; split", "FROM t;"));
        assertEquals(List.of("CREATE ALIAS f AS $$ String f() { return \";\"; } $$"),
                s.feed("CREATE ALIAS f AS $$ String f() { return \";\"; } $$;"));
        assertEquals(List.of("/* ; */ SELECT 3"), s.feed("/* ; */ SELECT 3;"));
    }

    @Test
    void knowsWhenItIsBetweenStatements() {
        assertTrue(s.isBetweenStatements());
        s.feed("-- only a comment");
        assertTrue(s.isBetweenStatements());
        s.feed("SELECT");
        assertFalse(s.isBetweenStatements());
        s.feed("1;");
        assertTrue(s.isBetweenStatements());
        s.feed("SELECT 'open");
        assertFalse(s.isBetweenStatements());
    }

    @Test
    void theRestIsTheUnterminatedLastStatement() {
        s.feed("SELECT 1; SELECT 2");
        assertEquals("SELECT 2", s.rest());
        assertNull(s.rest());
    }

    private List<String> feedAll(String... lines) {
        List<String> done = new java.util.ArrayList<>();
        for (String l : lines) {
            done.addAll(s.feed(l));
        }
        return done;
    }
}
