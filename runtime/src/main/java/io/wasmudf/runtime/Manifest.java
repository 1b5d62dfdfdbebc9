package io.wasmudf.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Extism manifest: the modules of a plug-in and what the plug-in is granted. Immutable; build
 * one with {@link #builder()} or read one with {@link ManifestJson#parse}.
 *
 * <p>Defaults are Extism's: no hosts, no paths, no timeout, no page limit, 50 MiB HTTP responses,
 * 1 MiB of vars.
 */
public final class Manifest {
    public static final long DEFAULT_MAX_HTTP_RESPONSE_BYTES = 50L * 1024 * 1024;
    public static final long DEFAULT_MAX_VAR_BYTES = 1024L * 1024;

    private final List<WasmSource> wasm;
    private final Integer maxPages;
    private final Long maxHttpResponseBytes;
    private final Long maxVarBytes;
    private final Map<String, String> config;
    private final List<String> allowedHosts;
    private final Map<String, String> allowedPaths;
    private final Long timeoutMs;

    private Manifest(Builder b) {
        this.wasm = List.copyOf(b.wasm);
        this.maxPages = b.maxPages;
        this.maxHttpResponseBytes = b.maxHttpResponseBytes;
        this.maxVarBytes = b.maxVarBytes;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
        this.allowedHosts = b.allowedHosts == null ? null : List.copyOf(b.allowedHosts);
        this.allowedPaths = b.allowedPaths == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.allowedPaths));
        this.timeoutMs = b.timeoutMs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A manifest of one module given as bytes, with nothing granted. */
    public static Manifest of(byte[] wasm) {
        return builder().addWasm(WasmSource.ofData(wasm)).build();
    }

    /** A builder that starts from this manifest. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.wasm.addAll(wasm);
        b.maxPages = maxPages;
        b.maxHttpResponseBytes = maxHttpResponseBytes;
        b.maxVarBytes = maxVarBytes;
        b.config.putAll(config);
        b.allowedHosts = allowedHosts == null ? null : new ArrayList<>(allowedHosts);
        b.allowedPaths = allowedPaths == null ? null : new LinkedHashMap<>(allowedPaths);
        b.timeoutMs = timeoutMs;
        return b;
    }

    public List<WasmSource> wasm() {
        return wasm;
    }

    /** {@code memory.max_pages}, or null for no limit. */
    public Integer maxPages() {
        return maxPages;
    }

    /** {@code memory.max_http_response_bytes} as given, or null. */
    public Long maxHttpResponseBytes() {
        return maxHttpResponseBytes;
    }

    public long effectiveMaxHttpResponseBytes() {
        return maxHttpResponseBytes == null ? DEFAULT_MAX_HTTP_RESPONSE_BYTES : maxHttpResponseBytes;
    }

    /** {@code memory.max_var_bytes} as given, or null. */
    public Long maxVarBytes() {
        return maxVarBytes;
    }

    public long effectiveMaxVarBytes() {
        return maxVarBytes == null ? DEFAULT_MAX_VAR_BYTES : maxVarBytes;
    }

    public Map<String, String> config() {
        return config;
    }

    /** Host globs the plug-in may reach over HTTP; null (the default) means none. */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** Host directory (optionally prefixed {@code ro:}) to guest path; null means none. */
    public Map<String, String> allowedPaths() {
        return allowedPaths;
    }

    /** {@code timeout_ms}, or null for no timeout. */
    public Long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Manifest)) {
            return false;
        }
        Manifest m = (Manifest) o;
        return wasm.equals(m.wasm) && Objects.equals(maxPages, m.maxPages)
                && Objects.equals(maxHttpResponseBytes, m.maxHttpResponseBytes)
                && Objects.equals(maxVarBytes, m.maxVarBytes) && config.equals(m.config)
                && Objects.equals(allowedHosts, m.allowedHosts) && Objects.equals(allowedPaths, m.allowedPaths)
                && Objects.equals(timeoutMs, m.timeoutMs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wasm, maxPages, config, allowedHosts, allowedPaths, timeoutMs);
    }

    @Override
    public String toString() {
        return "Manifest" + ManifestJson.toJson(this, false);
    }

    /** Builds a {@link Manifest}. */
    public static final class Builder {
        private final List<WasmSource> wasm = new ArrayList<>();
        private Integer maxPages;
        private Long maxHttpResponseBytes;
        private Long maxVarBytes;
        private final Map<String, String> config = new LinkedHashMap<>();
        private List<String> allowedHosts;
        private Map<String, String> allowedPaths;
        private Long timeoutMs;

        private Builder() {
        }

        public Builder addWasm(WasmSource source) {
            wasm.add(Objects.requireNonNull(source));
            return this;
        }

        /** Replaces the module list. */
        public Builder wasm(List<WasmSource> sources) {
            wasm.clear();
            sources.forEach(this::addWasm);
            return this;
        }

        public Builder maxPages(Integer pages) {
            if (pages != null && pages < 0) {
                throw new ManifestException("memory.max_pages must not be negative: " + pages);
            }
            this.maxPages = pages;
            return this;
        }

        public Builder maxHttpResponseBytes(Long bytes) {
            this.maxHttpResponseBytes = bytes;
            return this;
        }

        public Builder maxVarBytes(Long bytes) {
            this.maxVarBytes = bytes;
            return this;
        }

        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder config(Map<String, String> entries) {
            entries.forEach(this::config);
            return this;
        }

        public Builder allowHost(String glob) {
            if (allowedHosts == null) {
                allowedHosts = new ArrayList<>();
            }
            allowedHosts.add(Objects.requireNonNull(glob));
            return this;
        }

        public Builder allowedHosts(List<String> globs) {
            this.allowedHosts = globs == null ? null : new ArrayList<>(globs);
            return this;
        }

        /** Maps a host directory (prefix {@code ro:} for read-only) to a guest path. */
        public Builder allowPath(String hostPath, String guestPath) {
            if (allowedPaths == null) {
                allowedPaths = new LinkedHashMap<>();
            }
            allowedPaths.put(Objects.requireNonNull(hostPath), Objects.requireNonNull(guestPath));
            return this;
        }

        public Builder allowedPaths(Map<String, String> paths) {
            this.allowedPaths = paths == null ? null : new LinkedHashMap<>(paths);
            return this;
        }

        public Builder timeoutMs(Long ms) {
            if (ms != null && ms < 0) {
                throw new ManifestException("timeout_ms must not be negative: " + ms);
            }
            this.timeoutMs = ms;
            return this;
        }

        public Manifest build() {
            if (wasm.isEmpty()) {
                throw new ManifestException("No wasm files specified in Extism manifest");
            }
            return new Manifest(this);
        }
    }
}
