package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.wasmudf.corpus.Expected;
import io.wasmudf.corpus.RecordedOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Compares one outcome of this runtime with one the official runtime recorded. */
final class OutcomeAssertions {
    private OutcomeAssertions() {
    }

    /** A call: the recorded output byte for byte, or a failure that the translation table says agrees. */
    static void assertCall(String where, RecordedOutcome want, byte[] got, WasmException error, String baseUrl) {
        if (want.failed()) {
            if (error == null) {
                fail(where + ": expected " + want + ", got output " + new String(got, StandardCharsets.UTF_8));
            }
            assertFailure(where, want.expected().withBaseUrl(baseUrl), error);
            return;
        }
        if (error != null) {
            fail(where + ": expected " + want + ", got " + error.kind() + ": " + error.getMessage(), error);
        }
        if (want.hashedOutput()) {
            assertEquals(want.outputLength(), got.length, where + ": output length");
            assertEquals(want.outputSha256(), ModuleCache.sha256(got), where + ": output SHA-256");
        } else {
            assertEquals(Base64.getEncoder().encodeToString(want.output()), Base64.getEncoder().encodeToString(got),
                    where + ": output differs; ours as text: " + new String(got, StandardCharsets.UTF_8));
        }
    }

    /** Kind, message and code of one of our failures against what the recording requires. */
    static void assertFailure(String where, Expected want, WasmException error) {
        String what = where + " [" + want.translation() + "]: ours " + error.kind() + ": " + error.getMessage();
        assertEquals(want.kind(), error.kind().name(), what);
        String mismatch = want.messageMismatch(error.getMessage());
        if (mismatch != null) {
            fail(where + ": " + mismatch, error);
        }
        if (want.code() != null) {
            PluginException pe = assertInstanceOf(PluginException.class, error, what);
            assertEquals(want.code().intValue(), pe.code(), what + ": code");
            if (want.message() != null && want.message().startsWith("Returned non-zero exit code")) {
                assertNull(pe.pluginMessage(), what + ": no plug-in message was set");
            }
        }
    }
}
