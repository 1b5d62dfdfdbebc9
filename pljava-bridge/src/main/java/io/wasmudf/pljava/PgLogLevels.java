package io.wasmudf.pljava;

import java.util.Locale;
import java.util.Map;

/**
 * Which message levels this session shows, from {@code client_min_messages} and
 * {@code log_min_messages}, with PostgreSQL's rules: INFO always goes to the client, and a
 * {@code log_min_messages} of {@code log} keeps WARNING and below out of the server log. Lets
 * {@link PgLog} skip a round trip for a line nobody would see.
 */
final class PgLogLevels {
    /** PostgreSQL's elog levels (elog.h). */
    static final int DEBUG2 = 13;
    static final int DEBUG1 = 14;
    static final int LOG = 15;
    static final int INFO = 17;
    static final int WARNING = 19;
    private static final int FATAL = 21;
    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("debug5", 10), Map.entry("debug4", 11), Map.entry("debug3", 12), Map.entry("debug2", DEBUG2),
            Map.entry("debug1", DEBUG1), Map.entry("debug", DEBUG2), Map.entry("log", LOG), Map.entry("info", INFO),
            Map.entry("notice", 18), Map.entry("warning", WARNING), Map.entry("error", 20), Map.entry("fatal", FATAL),
            Map.entry("panic", 22));

    private final int clientMin;
    private final int logMin;

    private PgLogLevels(int clientMin, int logMin) {
        this.clientMin = clientMin;
        this.logMin = logMin;
    }

    /** From {@code "CLIENT_MIN LOG_MIN"}, as wasm_log returns them; null if unreadable. */
    static PgLogLevels parse(String settings) {
        if (settings == null) {
            return null;
        }
        String[] s = settings.trim().toLowerCase(Locale.ROOT).split("\\s+");
        Integer client = s.length == 2 ? BY_NAME.get(s[0]) : null;
        Integer log = s.length == 2 ? BY_NAME.get(s[1]) : null;
        return client == null || log == null ? null : new PgLogLevels(client, log);
    }

    /** The elog level of wasm_log's level names. */
    static int rank(String pgLevel) {
        Integer r = BY_NAME.get(pgLevel);
        return r == null ? WARNING : r;
    }

    /** Whether a message at {@code level} reaches the client or the server log. */
    boolean shows(int level) {
        boolean client = level == INFO || level >= clientMin;
        boolean server = logMin == LOG ? level >= FATAL : level >= logMin;
        return client || server;
    }
}
