package io.wasmudf.runtime;

/** Extism log levels, with the numbers {@code get_log_level} returns to plug-ins. */
public enum LogLevel {
    TRACE(0, System.Logger.Level.TRACE),
    DEBUG(1, System.Logger.Level.DEBUG),
    INFO(2, System.Logger.Level.INFO),
    WARN(3, System.Logger.Level.WARNING),
    ERROR(4, System.Logger.Level.ERROR),
    /** Nothing is logged. */
    OFF(Integer.MAX_VALUE, System.Logger.Level.OFF);

    private final int extismValue;
    private final System.Logger.Level systemLevel;

    LogLevel(int extismValue, System.Logger.Level systemLevel) {
        this.extismValue = extismValue;
        this.systemLevel = systemLevel;
    }

    /** The value {@code get_log_level} returns for this level. */
    public int extismValue() {
        return extismValue;
    }

    public System.Logger.Level systemLevel() {
        return systemLevel;
    }

    public boolean enables(LogLevel messageLevel) {
        return this != OFF && messageLevel != OFF && messageLevel.extismValue >= extismValue;
    }

    /** Parses {@code trace|debug|info|warn|error|off}, any case. */
    public static LogLevel parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown log level '" + s + "'; use trace, debug, info, warn, error or off");
        }
    }
}
