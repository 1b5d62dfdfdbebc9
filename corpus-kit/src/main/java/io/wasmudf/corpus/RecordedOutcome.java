package io.wasmudf.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;

/**
 * One call as the official Extism runtime answered it ({@code plugins/expected/results.json}):
 * output bytes (or, for a large output, its SHA-256 and length), or an error with the stage it
 * happened at, the recorder's kind, the SDK's message and, when the runtime's log had them, the
 * cause and WASI exit code. See plugins/FORMAT.md.
 */
public record RecordedOutcome(Stage stage, byte[] output, String outputSha256, long outputLength,
                              String kind, String error, String cause, Integer exitCode) {

    /** Where the official runtime failed: creating the plug-in, or calling it. */
    public enum Stage { LOAD, CALL }

    static RecordedOutcome parse(JsonNode e) {
        Stage stage = "load".equals(e.path("stage").asText("call")) ? Stage.LOAD : Stage.CALL;
        if (e.hasNonNull("output_sha256")) {
            return new RecordedOutcome(stage, null, e.get("output_sha256").asText(), e.get("output_length").asLong(),
                    null, null, null, null);
        }
        if (e.hasNonNull("output_b64")) {
            byte[] out = Base64.getDecoder().decode(e.get("output_b64").asText());
            return new RecordedOutcome(stage, out, null, out.length, null, null, null, null);
        }
        return new RecordedOutcome(stage, null, null, -1, e.path("error_kind").asText("other"), e.path("error").asText(),
                e.hasNonNull("cause") ? e.get("cause").asText() : null,
                e.hasNonNull("exit_code") ? e.get("exit_code").asInt() : null);
    }

    public boolean failed() {
        return kind != null;
    }

    /** True when only the output's SHA-256 and length were recorded. */
    public boolean hashedOutput() {
        return outputSha256 != null;
    }

    /** What this project must answer for this failure ({@link Translations}). */
    public Expected expected() {
        return Translations.expected(this);
    }

    @Override
    public String toString() {
        if (!failed()) {
            return hashedOutput() ? "output of " + outputLength + " bytes, sha256 " + outputSha256
                    : "output " + Base64.getEncoder().encodeToString(output);
        }
        return stage + " " + kind + ": " + error + (cause == null ? "" : " (cause: " + cause + ")")
                + (exitCode == null ? "" : " (exit " + exitCode + ")");
    }
}
