package io.wasmudf.bench.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The floor: the plug-in's logic as plain Java, bytes in and bytes out like a plug-in call, with
 * the same outputs (the sanity test checks that the plug-in gives byte-identical results).
 */
public final class PlainJava {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] COUNT_PREFIX = "{\"count\":".getBytes(StandardCharsets.US_ASCII);

    private PlainJava() {}

    /** echo: a copy of the input (a plug-in's output is always a fresh array). */
    public static byte[] echo(byte[] input) {
        return input.clone();
    }

    /** count_vowels: {@code {"count":N}}, N the number of bytes in aeiouAEIOU. */
    public static byte[] countVowels(byte[] input) {
        int n = 0;
        for (byte b : input) {
            switch (b | 0x20) {
                case 'a', 'e', 'i', 'o', 'u' -> n++;
                default -> { }
            }
        }
        byte[] digits = Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[COUNT_PREFIX.length + digits.length + 1];
        System.arraycopy(COUNT_PREFIX, 0, out, 0, COUNT_PREFIX.length);
        System.arraycopy(digits, 0, out, COUNT_PREFIX.length, digits.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** json_title: the top-level "title" string of a JSON document, with Jackson (empty if absent). */
    public static byte[] jsonTitle(byte[] input) {
        try {
            JsonNode title = JSON.readTree(input).get("title");
            return title == null ? new byte[0] : title.asText().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The H2 Java alias of the SQL workload: count_vowels on text, as text. */
    public static String countVowelsSql(String body) {
        return body == null ? null : new String(countVowels(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
