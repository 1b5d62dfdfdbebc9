package io.wasmudf.sql;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** Plug-in names and the {@code plugin} / {@code plugin.export} function references. */
public final class PluginName {
    /** No dots, so {@code plugin.export} splits unambiguously at the first one. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,127}");

    private PluginName() {
    }

    public static String check(String name) throws SQLException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SqlStates.invalid("invalid plug-in name '" + name + "': use 1 to 128 letters, digits, '_' or '-', "
                    + "starting with a letter or '_' (no '.', which separates plug-in and export)");
        }
        return name;
    }

    /** {@code [plugin, export]} for {@code plugin} (export of the same name) or {@code plugin.export}. */
    public static String[] split(String function) throws SQLException {
        if (function == null || function.isEmpty()) {
            throw SqlStates.invalid("function must be 'plugin' or 'plugin.export', not " + (function == null ? "NULL" : "''"));
        }
        int dot = function.indexOf('.');
        if (dot < 0) {
            return new String[] {function, function};
        }
        if (dot == 0 || dot == function.length() - 1) {
            throw SqlStates.invalid("function must be 'plugin' or 'plugin.export', not '" + function + "'");
        }
        return new String[] {function.substring(0, dot), function.substring(dot + 1)};
    }
}
