package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultDatabaseTest {
    @Test
    void linuxUsesXdgDataHomeElseLocalShare() {
        assertEquals(Path.of("/home/ada/.local/share/wasmudf/wasmudf-db.mv.db"),
                DefaultDatabase.resolve(Map.of(), "/home/ada", "Linux").file());
        assertEquals(Path.of("/data/wasmudf/wasmudf-db.mv.db"),
                DefaultDatabase.resolve(Map.of("XDG_DATA_HOME", "/data"), "/home/ada", "Linux").file());
        assertEquals(Path.of("/home/ada/.local/share/wasmudf/wasmudf-db.mv.db"),
                DefaultDatabase.resolve(Map.of("XDG_DATA_HOME", "relative"), "/home/ada", "Linux").file(),
                "the XDG spec ignores a relative XDG_DATA_HOME");
    }

    @Test
    void macOsAndTheOwnVariable() {
        assertEquals(Path.of("/Users/ada/Library/Application Support/wasmudf"),
                DefaultDatabase.resolve(Map.of(), "/Users/ada", "Mac OS X").folder());
        assertEquals(Path.of("/srv/w"), DefaultDatabase.resolve(Map.of("WASMUDF_DATA_DIR", "/srv/w"), "/home/ada", "Linux").folder());
        assertEquals("jdbc:h2:/srv/w/wasmudf-db",
                DefaultDatabase.resolve(Map.of("WASMUDF_DATA_DIR", "/srv/w"), "/home/ada", "Linux").url());
    }
}
