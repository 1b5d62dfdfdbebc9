package io.wasmudf.runtime.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with text that is not JSON in words a user can act on: where (line and
 * column) and what (text ending early, an unquoted word, a stray character), without the JSON
 * library's own wording, which names its classes and settings.
 */
public final class JsonSyntax {
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '([^']*)'");
    private static final Pattern CHARACTER = Pattern.compile("Unexpected (?:close marker|character) \\('?(.)'?");
    private static final Pattern MARKER = Pattern.compile("Unexpected close marker '(.)'");

    private JsonSyntax() {
    }

    /** For example "at line 1, column 10: unexpected '}'", or "(text ends early)" where the place is unknown. */
    public static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "(" + what(e) + ")";
        }
        return "at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what(e);
    }

    private static String what(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            return "the text ends early (a closing '}', ']' or '\"' is missing)";
        }
        Matcher token = TOKEN.matcher(m);
        if (token.find()) {
            return "unexpected word '" + token.group(1) + "' (text needs double quotes; the words JSON knows are true, false"
                    + " and null)";
        }
        Matcher marker = MARKER.matcher(m);
        if (marker.find()) {
            return "unexpected '" + marker.group(1) + "'";
        }
        Matcher character = CHARACTER.matcher(m);
        if (character.find()) {
            String c = character.group(1);
            return "unexpected " + ("'".equals(c) ? "single quote" : "'" + c + "'")
                    + (m.contains("double-quote to start field name")
                            ? " (field names need double quotes, and no comma may come before a closing '}')" : "");
        }
        if (m.startsWith("Trailing token")) {
            return "more text after the end of the JSON value";
        }
        return "this is not JSON";
    }
}
