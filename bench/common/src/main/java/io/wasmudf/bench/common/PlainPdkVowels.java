package io.wasmudf.bench.common;

/**
 * The floor for the corpus's Rust-PDK {@code rs_count_vowels} ({@code plugins/rust/udf}): the same
 * JSON, {@code {"count":N,"total":T,"vowels":"aeiouAEIOU"}}, with the running total the plug-in keeps
 * in a var held here in a field, as a plain Java H2 alias would.
 */
public final class PlainPdkVowels {
    private static final String VOWELS = "aeiouAEIOU";
    private static long total;

    private PlainPdkVowels() {}

    /** Starts the running total again, as a new plug-in instance does. */
    public static synchronized void reset() {
        total = 0;
    }

    /** The H2 alias: count_vowels of the text, the running total, the vowels used. */
    public static synchronized String countVowels(String body) {
        if (body == null) {
            return null;
        }
        long count = 0;
        for (int i = 0; i < body.length(); i++) {
            if (VOWELS.indexOf(body.charAt(i)) >= 0) {
                count++;
            }
        }
        total += count;
        return "{\"count\":" + count + ",\"total\":" + total + ",\"vowels\":\"" + VOWELS + "\"}";
    }
}
