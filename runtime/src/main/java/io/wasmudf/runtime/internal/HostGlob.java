package io.wasmudf.runtime.internal;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Matches URL hosts against {@code allowed_hosts} globs the way Extism does: {@code *} any run of
 * characters, {@code ?} one character, {@code [...]} a class ({@code [!...]} negated); a pattern that
 * is not a valid glob is compared literally. No list, or an empty one, allows nothing.
 */
public final class HostGlob {
    private final List<Pattern> patterns;
    private final List<String> literals;

    public HostGlob(List<String> globs) {
        this.patterns = globs == null ? List.of() : globs.stream().map(HostGlob::compile)
                .filter(p -> p != null).collect(Collectors.toList());
        this.literals = globs == null ? List.of() : globs;
    }

    public boolean allows(String host) {
        if (host == null) {
            return false;
        }
        for (String literal : literals) {
            if (literal.equals(host)) {
                return true;
            }
        }
        for (Pattern p : patterns) {
            if (p.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Returns null for an invalid glob (it then only matches literally). */
    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*':
                    re.append(".*");
                    break;
                case '?':
                    re.append('.');
                    break;
                case '[': {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        return null;
                    }
                    String body = glob.substring(i + 1, end);
                    boolean negate = body.startsWith("!");
                    if (negate) {
                        body = body.substring(1);
                    }
                    re.append('[').append(negate ? "^" : "");
                    for (char b : body.toCharArray()) {
                        if (b != '-' && !Character.isLetterOrDigit(b)) {
                            re.append('\\');
                        }
                        re.append(b);
                    }
                    re.append(']');
                    i = end;
                    break;
                }
                default:
                    re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
