package io.wasmudf.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text fed line by line into statements at each {@code ;} that is outside quotes
 * ({@code '...'}, {@code "..."}, {@code $$...$$}) and comments ({@code --}, {@code /* *}{@code /}),
 * so the shell knows when a statement is complete and when it is between statements.
 */
final class StatementSplitter {
    private enum State { CODE, SINGLE, DOUBLE, DOLLAR, LINE_COMMENT, BLOCK_COMMENT }

    private final StringBuilder pending = new StringBuilder();
    private State state = State.CODE;

    /** Adds one line and returns the statements it completed (without their {@code ;}). */
    List<String> feed(String line) {
        List<String> done = new ArrayList<>();
        String text = line + "\n";
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            switch (state) {
                case CODE:
                    if (c == ';') {
                        addIfNotBlank(done, pending.toString());
                        pending.setLength(0);
                        continue;
                    }
                    if (c == '\'') {
                        state = State.SINGLE;
                    } else if (c == '"') {
                        state = State.DOUBLE;
                    } else if (c == '$' && next == '$') {
                        state = State.DOLLAR;
                        pending.append(c);
                        c = next;
                        i++;
                    } else if (c == '-' && next == '-') {
                        state = State.LINE_COMMENT;
                    } else if (c == '/' && next == '*') {
                        state = State.BLOCK_COMMENT;
                    }
                    break;
                case SINGLE:
                    state = c == '\'' ? State.CODE : state;   // '' re-enters SINGLE on the next quote
                    break;
                case DOUBLE:
                    state = c == '"' ? State.CODE : state;
                    break;
                case DOLLAR:
                    if (c == '$' && next == '$') {
                        state = State.CODE;
                        pending.append(c);
                        c = next;
                        i++;
                    }
                    break;
                case LINE_COMMENT:
                    state = c == '\n' ? State.CODE : state;
                    break;
                case BLOCK_COMMENT:
                    if (c == '*' && next == '/') {
                        state = State.CODE;
                        pending.append(c);
                        c = next;
                        i++;
                    }
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
            pending.append(c);
        }
        return done;
    }

    /** Whether nothing but blanks and comments waits for a {@code ;}: the shell is between statements. */
    boolean isBetweenStatements() {
        return state == State.CODE && withoutComments(pending).isBlank();
    }

    /** What is left at the end of input, as a last statement, or null. */
    String rest() {
        String r = pending.toString();
        pending.setLength(0);
        state = State.CODE;
        return withoutComments(r).isBlank() ? null : r.trim();
    }

    private static void addIfNotBlank(List<String> done, String statement) {
        if (!withoutComments(statement).isBlank()) {
            done.add(statement.trim());
        }
    }

    private static String withoutComments(CharSequence s) {
        return s.toString().replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\n]*", " ");
    }
}
