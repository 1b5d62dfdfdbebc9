package io.wasmudf.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A flag parser with the rules of Go's pflag (what {@code extism} uses): {@code --name value},
 * {@code --name=value}, {@code -n value}, {@code -nvalue}, {@code -n=value}, grouped boolean
 * shorthands ({@code -mv}), {@code --bool=false}, flags anywhere among the operands and
 * {@code --} ending the flags. Errors are worded as pflag words them.
 */
final class Flags {
    /** A usage error; the message is pflag's wording. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final class Spec {
        final String name;
        final Character shorthand;
        final Consumer<String> value;   // null for a boolean flag
        final Consumer<Boolean> bool;

        Spec(String name, Character shorthand, Consumer<String> value, Consumer<Boolean> bool) {
            this.name = name;
            this.shorthand = shorthand;
            this.value = value;
            this.bool = bool;
        }
    }

    private final Map<String, Spec> byName = new LinkedHashMap<>();
    private final Map<Character, Spec> byShorthand = new LinkedHashMap<>();
    private final List<String> set = new ArrayList<>();

    Flags value(String name, Character shorthand, Consumer<String> onValue) {
        return add(new Spec(name, shorthand, onValue, null));
    }

    Flags bool(String name, Character shorthand, Consumer<Boolean> onValue) {
        return add(new Spec(name, shorthand, null, onValue));
    }

    private Flags add(Spec s) {
        byName.put(s.name, s);
        if (s.shorthand != null) {
            byShorthand.put(s.shorthand, s);
        }
        return this;
    }

    /** Whether the flag was given at least once in the last {@link #parse}. */
    boolean wasSet(String name) {
        return set.contains(name);
    }

    /** Applies every flag and returns the operands in order. */
    List<String> parse(String[] args) {
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                operands.addAll(List.of(args).subList(i + 1, args.length));
                break;
            } else if (a.startsWith("--") && a.length() > 2) {
                i = longFlag(args, i);
            } else if (a.startsWith("-") && a.length() > 1) {
                i = shortFlags(args, i);
            } else {
                operands.add(a);
            }
        }
        return operands;
    }

    private int longFlag(String[] args, int i) {
        String body = args[i].substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        Spec s = byName.get(name);
        if (s == null) {
            throw new UsageException("unknown flag: --" + name);
        }
        if (s.value == null) {
            apply(s, eq < 0 ? "true" : body.substring(eq + 1), "--" + name);
            return i;
        }
        if (eq >= 0) {
            apply(s, body.substring(eq + 1), "--" + name);
            return i;
        }
        if (i + 1 >= args.length) {
            throw new UsageException("flag needs an argument: --" + name);
        }
        apply(s, args[i + 1], "--" + name);
        return i + 1;
    }

    private int shortFlags(String[] args, int i) {
        String letters = args[i].substring(1);
        for (int k = 0; k < letters.length(); k++) {
            char c = letters.charAt(k);
            Spec s = byShorthand.get(c);
            if (s == null) {
                throw new UsageException("unknown shorthand flag: '" + c + "' in " + args[i]);
            }
            String rest = letters.substring(k + 1);
            if (s.value == null) {
                if (rest.startsWith("=")) {
                    apply(s, rest.substring(1), "-" + c);
                    return i;
                }
                apply(s, "true", "-" + c);
                continue;
            }
            if (!rest.isEmpty()) {
                apply(s, rest.startsWith("=") ? rest.substring(1) : rest, "-" + c);
                return i;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("flag needs an argument: '" + c + "' in " + args[i]);
            }
            apply(s, args[i + 1], "-" + c);
            return i + 1;
        }
        return i;
    }

    private void apply(Spec s, String v, String shown) {
        try {
            if (s.value != null) {
                s.value.accept(v);
            } else if (v.equals("true") || v.equals("false")) {
                s.bool.accept(Boolean.parseBoolean(v));
            } else {
                throw new IllegalArgumentException(v);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid argument \"" + v + "\" for \"" + shown + "\" flag"
                    + (e.getMessage() != null && !e.getMessage().equals(v) ? ": " + e.getMessage() : ""));
        }
        set.add(s.name);
    }
}
