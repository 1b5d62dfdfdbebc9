package io.wasmudf.sql;

import java.time.OffsetDateTime;
import java.util.List;

/** A row of the store, without the module bytes (see {@link PluginStore#module}). */
public final class StoredPlugin {
    private final String name;
    private final long version;
    private final String sha256;
    private final String settingsJson;
    private final List<String> exports;
    private final int size;
    private final OffsetDateTime registeredAt;

    public StoredPlugin(String name, long version, String sha256, String settingsJson, List<String> exports, int size,
            OffsetDateTime registeredAt) {
        this.name = name;
        this.version = version;
        this.sha256 = sha256;
        this.settingsJson = settingsJson;
        this.exports = List.copyOf(exports);
        this.size = size;
        this.registeredAt = registeredAt;
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }

    /** The manifest without its modules (grants, limits, config), as JSON. */
    public String settingsJson() {
        return settingsJson;
    }

    public List<String> exports() {
        return exports;
    }

    public int size() {
        return size;
    }

    public OffsetDateTime registeredAt() {
        return registeredAt;
    }
}
