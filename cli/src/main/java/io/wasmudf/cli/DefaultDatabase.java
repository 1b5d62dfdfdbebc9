package io.wasmudf.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where {@code wasmudf sql} keeps its database when no {@code --url} is given: a file database
 * {@code wasmudf-db} in the user's data folder, the place desktop tools keep their state (not the
 * folder the shell happens to run in): {@code -Dwasmudf.data.dir}, else {@code $WASMUDF_DATA_DIR}, else {@code $XDG_DATA_HOME/wasmudf},
 * else {@code ~/.local/share/wasmudf} on Linux, {@code ~/Library/Application Support/wasmudf} on
 * macOS, {@code %LOCALAPPDATA%\wasmudf} on Windows.
 */
final class DefaultDatabase {
    static final String NAME = "wasmudf-db";

    private final Path folder;

    private DefaultDatabase(Path folder) {
        this.folder = folder;
    }

    /** {@code -Dwasmudf.data.dir} overrides everything (tests use it). */
    static DefaultDatabase forThisUser() {
        String prop = System.getProperty("wasmudf.data.dir");
        if (prop != null && !prop.isBlank()) {
            return new DefaultDatabase(Path.of(prop));
        }
        return resolve(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name", ""));
    }

    static DefaultDatabase resolve(Map<String, String> env, String home, String osName) {
        String own = env.get("WASMUDF_DATA_DIR");
        if (own != null && !own.isBlank()) {
            return new DefaultDatabase(Path.of(own));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") && env.get("LOCALAPPDATA") != null) {
            return new DefaultDatabase(Path.of(env.get("LOCALAPPDATA"), "wasmudf"));
        }
        if (os.startsWith("mac")) {
            return new DefaultDatabase(Path.of(home, "Library", "Application Support", "wasmudf"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return new DefaultDatabase(Path.of(xdg, "wasmudf"));
        }
        return new DefaultDatabase(Path.of(home, ".local", "share", "wasmudf"));
    }

    Path folder() {
        return folder;
    }

    /** The file H2 writes. */
    Path file() {
        return folder.resolve(NAME + ".mv.db");
    }

    String url() {
        return "jdbc:h2:" + folder.toAbsolutePath().resolve(NAME);
    }
}
