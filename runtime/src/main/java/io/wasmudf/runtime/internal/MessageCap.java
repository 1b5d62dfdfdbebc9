package io.wasmudf.runtime.internal;

import java.nio.charset.StandardCharsets;

/**
 * Caps text a plug-in supplies (error messages, log lines) before the host turns it into an
 * exception or a log record: a plug-in can set a message of many megabytes.
 */
public final class MessageCap {
    /** The most bytes of a plug-in's message kept. */
    public static final int MAX_BYTES = 64 * 1024;

    private MessageCap() {
    }

    /** How many bytes of a message of {@code length} bytes to read before capping it. */
    public static int bytesToRead(long length) {
        return (int) Math.min(length, MAX_BYTES + 4L);
    }

    /** A message the host got as a string (a host function's exception), capped the same way. */
    public static String text(String message) {
        byte[] b = String.valueOf(message).getBytes(StandardCharsets.UTF_8);
        return text(b, b.length);
    }

    /**
     * The message as text: at most {@link #MAX_BYTES} bytes, cut at a UTF-8 character boundary
     * and marked as cut with the full length when it was longer.
     *
     * @param head        the first bytes of the message (at least {@link #bytesToRead} of it)
     * @param totalLength the message's full length in bytes
     */
    public static String text(byte[] head, long totalLength) {
        if (totalLength <= MAX_BYTES && head.length == totalLength) {
            return new String(head, StandardCharsets.UTF_8);
        }
        int end = Math.min(head.length, MAX_BYTES);
        // back up over continuation bytes (10xxxxxx) so no character is split
        while (end > 0 && end < head.length && (head[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(head, 0, end, StandardCharsets.UTF_8) + "... [message cut: " + totalLength + " bytes in all]";
    }
}
