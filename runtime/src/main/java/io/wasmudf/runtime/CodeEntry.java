package io.wasmudf.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The envelope of one compiled-code cache entry: a magic number, the full {@link CodeKey} text, the
 * SHA-256 of key and payload, and the payload (Chicory's serialized classes). {@link #open} gives
 * the payload back only when the recorded key is exactly the expected one and the digest matches,
 * so a truncated, corrupted or foreign entry (another module's, another version's) is refused.
 *
 * <p>This guards against accidents, not against someone who may write the cache: such a writer
 * can compute the digest too. Who may write is the cache's owner's business (file permissions,
 * table privileges).
 */
final class CodeEntry {
    private static final byte[] MAGIC = "WASMUDF-CODE\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    private CodeEntry() {
    }

    /** Why an entry was refused. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    static byte[] seal(CodeKey key, byte[] payload) {
        byte[] keyText = key.text().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + keyText.length + DIGEST_BYTES + 4 + payload.length);
        b.put(MAGIC).putInt(keyText.length).put(keyText).put(digest(keyText, payload)).putInt(payload.length).put(payload);
        return b.array();
    }

    /** The payload of {@code entry} if it was sealed for exactly {@code key} and is intact. */
    static byte[] open(byte[] entry, CodeKey key) throws Rejected {
        Opened o = openFor(entry, key);
        if (!o.keyText.equals(key.text())) {
            throw new Rejected("entry written for other compiler options (" + o.keyText.replace('\n', ' ').trim() + ")");
        }
        return o.payload;
    }

    /** An intact entry's recorded key and payload. */
    static final class Opened {
        final String keyText;
        final byte[] payload;

        Opened(String keyText, byte[] payload) {
            this.keyText = keyText;
            this.payload = payload;
        }
    }

    /**
     * The recorded key and payload of {@code entry} if it is intact and was sealed for the module and
     * build of {@code key}, whatever its interpreted functions (the caller compares those).
     */
    static Opened openFor(byte[] entry, CodeKey key) throws Rejected {
        ByteBuffer b = ByteBuffer.wrap(entry);
        byte[] magic = take(b, MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Rejected("not a wasmudf compiled-code entry");
        }
        byte[] keyText = take(b, length(b));
        String recordedKey = new String(keyText, StandardCharsets.UTF_8);
        if (!key.sameModuleAndBuild(recordedKey)) {
            throw new Rejected("entry written for another module or build (" + recordedKey.replace('\n', ' ').trim() + ")");
        }
        byte[] recorded = take(b, DIGEST_BYTES);
        byte[] payload = take(b, length(b));
        if (b.hasRemaining()) {
            throw new Rejected("trailing bytes after the payload");
        }
        if (!MessageDigest.isEqual(recorded, digest(keyText, payload))) {
            throw new Rejected("digest mismatch (corrupt entry)");
        }
        return new Opened(recordedKey, payload);
    }

    private static int length(ByteBuffer b) throws Rejected {
        if (b.remaining() < 4) {
            throw new Rejected("truncated entry");
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new Rejected("truncated entry");
        }
        return n;
    }

    private static byte[] take(ByteBuffer b, int n) throws Rejected {
        if (b.remaining() < n) {
            throw new Rejected("truncated entry");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static byte[] digest(byte[] keyText, byte[] payload) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(keyText);
            md.update(payload);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
