package io.wasmudf.corpus;

import io.wasmudf.corpus.RecordedOutcome.Stage;

/**
 * What this project must answer for a failure the official runtime recorded: the stage, the
 * runtime's error kind (a {@code WasmException.Kind} name), the message under a {@link Match} rule,
 * the plug-in's return or exit code when the recording gives one, and the SQLState of the failing
 * statement (wasm_register for a load failure, wasm_call otherwise). {@code translation} names the
 * row of the {@link Translations} table that produced it.
 */
public record Expected(Stage stage, String kind, Match match, String message, Integer code, String sqlState,
                       String translation) {

    /** How our message must relate to {@link #message()}. */
    public enum Match {
        /** Equal. */
        EXACT,
        /** Equal, or the expected text, then {@code ": "} and our detail (which limit, which export). */
        PREFIX_THEN_DETAIL,
        /** Ours contains the expected text (a trap's reason inside our wording). */
        CONTAINS,
        /** The recording has no text to compare (a backtrace): only kind and code count. */
        NONE
    }

    /** This expectation with the recorder's {@code ${BASE_URL}} placeholder replaced by the test server's URL. */
    public Expected withBaseUrl(String baseUrl) {
        return message == null || baseUrl == null ? this
                : new Expected(stage, kind, match, message.replace("${BASE_URL}", baseUrl), code, sqlState, translation);
    }

    /** Null when {@code ours} satisfies the rule, else why not. */
    public String messageMismatch(String ours) {
        boolean ok;
        switch (match) {
            case EXACT:
                ok = message.equals(ours);
                break;
            case PREFIX_THEN_DETAIL:
                ok = ours != null && (ours.equals(message) || ours.startsWith(message + ": "));
                break;
            case CONTAINS:
                ok = ours != null && ours.contains(message);
                break;
            default:
                ok = true;
        }
        return ok ? null : "message '" + ours + "' does not satisfy " + match + " '" + message + "' (" + translation + ")";
    }

    /**
     * Whether the SQL layer's message must carry {@link #message()}: always where there is one, except
     * for a missing export, which the SQL functions word themselves (naming the export and listing
     * the plug-in's exports).
     */
    public boolean sqlMessageCarriesText() {
        return message != null && !"FUNCTION_NOT_FOUND".equals(kind);
    }
}
