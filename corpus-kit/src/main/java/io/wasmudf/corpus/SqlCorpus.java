package io.wasmudf.corpus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wasmudf.corpus.RecordedOutcome.Stage;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Runs corpus cases through a database's SQL functions and compares with the recording: the
 * output bytes, or the SQLState (and the message's text) that the {@link Translations} table
 * gives for the recorded failure. Used by the H2 and PostgreSQL tests through {@link Database}.
 */
public final class SqlCorpus {
    private static final String WASI = "wasi_snapshot_preview1";

    /** The two SQL functions a case needs, as one database offers them. */
    public interface Database {
        /** {@code wasm_register(name, wasm[, manifest])}; manifest is null when the case sets nothing. */
        String register(String name, byte[] wasm, String manifest) throws SQLException;

        /** {@code wasm_call(name, export, input)} with bytes in and out. */
        byte[] call(String name, String export, byte[] input) throws SQLException;
    }

    private SqlCorpus() {
    }

    /**
     * The cases SQL can run as they were recorded: one plain module, no host functions, no HTTP
     * or paths (the SQL tests start no test server), not {@code large}, and a WASI setting equal
     * to what the SQL functions do (WASI exactly for modules that import it).
     */
    public static List<CorpusCase> cases() {
        return Corpus.load().stream().filter(SqlCorpus::runnable).toList();
    }

    static boolean runnable(CorpusCase k) {
        return k.singlePlainModule() && k.hostFunctions() == null && !k.large() && !k.uses("allowed_hosts")
                && !k.uses("allowed_paths") && !k.raw().path("config").toString().contains("${BASE_URL}")
                && k.wasi() == WasmImports.modules(k.modules().get(0).bytes()).contains(WASI);
    }

    /** Registers the case as {@code name}, calls it as often as recorded, and compares every outcome. */
    public static void check(CorpusCase k, String name, Database db) {
        byte[] wasm = k.modules().get(0).bytes();
        ObjectNode settings = k.manifestSettings(null);
        try {
            db.register(name, wasm, settings.size() == 0 ? null : settings.toString());
        } catch (SQLException e) {
            for (RecordedOutcome want : k.recorded()) {
                require(want.stage() == Stage.LOAD, k.id() + ": wasm_register failed (" + e.getSQLState() + " " + e.getMessage()
                        + ") but the official runtime loaded the plug-in and answered " + want);
                failure(k.id() + " (wasm_register)", want.expected(), e);
            }
            return;
        }
        for (int i = 0; i < k.calls(); i++) {
            RecordedOutcome want = k.recorded().get(i);
            String where = k.id() + " (call " + (i + 1) + ")";
            require(want.stage() == Stage.CALL, where + ": the official runtime could not load the plug-in (" + want
                    + "), wasm_register accepted it");
            byte[] got;
            try {
                got = db.call(name, k.export(), k.input());
            } catch (SQLException e) {
                require(want.failed(), where + ": expected " + want + ", got " + e.getSQLState() + " " + e.getMessage());
                failure(where, want.expected(), e);
                continue;
            }
            require(!want.failed(), where + ": expected " + want + ", got output "
                    + (got == null ? "NULL" : Base64.getEncoder().encodeToString(got)));
            require(!want.hashedOutput(), where + ": large outputs are not run through SQL");
            require(Arrays.equals(want.output(), got), where + ": expected " + want + ", got output "
                    + (got == null ? "NULL" : Base64.getEncoder().encodeToString(got)));
        }
    }

    private static void failure(String where, Expected want, SQLException e) {
        require(want.sqlState().equals(e.getSQLState()), where + " [" + want.translation() + "]: SQLState "
                + e.getSQLState() + ", expected " + want.sqlState() + " (" + e.getMessage() + ")");
        if (want.sqlMessageCarriesText()) {
            require(e.getMessage() != null && e.getMessage().contains(want.message()), where + " [" + want.translation()
                    + "]: the SQL message '" + e.getMessage() + "' does not carry '" + want.message() + "'");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
