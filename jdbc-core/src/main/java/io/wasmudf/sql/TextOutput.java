package io.wasmudf.sql;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A text call's output as text. Text in gives text out, and a plug-in that answers bytes that
 * are not UTF-8 fails the call (22021) rather than have them replaced by U+FFFD: a silently
 * altered value in a text column is worse than an error that says to call with binary input.
 */
final class TextOutput {
    private TextOutput() {
    }

    /** {@code out} decoded as UTF-8, or null for null; the error names the plug-in and export. */
    static String decode(byte[] out, String plugin, String export) throws SQLException {
        if (out == null) {
            return null;
        }
        String fast = new String(out, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;   // nothing replaced (the usual case: no strict decoder per row)
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(out);
        CharBuffer text = CharBuffer.allocate(out.length);
        CoderResult r = d.decode(in, text, true);
        if (r.isError()) {
            throw new SQLException("output of plug-in '" + plugin + "', export '" + export + "' is not UTF-8 text (byte 0x"
                    + String.format("%02x", out[in.position()] & 0xff) + " at offset " + in.position()
                    + "); call it with binary input (VARBINARY in H2, bytea in PostgreSQL) to get its bytes",
                    SqlStates.NOT_UTF8);
        }
        d.flush(text);
        return text.flip().toString();
    }
}
