package io.wasmudf.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a manifest's {@code wasm} list: module bytes given inline, by file path or by URL,
 * with an optional module name (for linking) and an optional SHA-256 the bytes must match.
 */
public final class WasmSource {
    /** Where the bytes come from. */
    public enum Type { DATA, PATH, URL }

    private final Type type;
    private final byte[] data;
    private final String path;
    private final String url;
    private final Map<String, String> headers;
    private final String method;
    private final String name;
    private final String hash;

    private WasmSource(Type type, byte[] data, String path, String url, Map<String, String> headers,
                       String method, String name, String hash) {
        this.type = type;
        this.data = data;
        this.path = path;
        this.url = url;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.method = method;
        this.name = name;
        this.hash = hash == null ? null : hash.toLowerCase(java.util.Locale.ROOT);
    }

    public static WasmSource ofData(byte[] bytes) {
        return new WasmSource(Type.DATA, bytes.clone(), null, null, null, null, null, null);
    }

    public static WasmSource ofPath(String path) {
        return new WasmSource(Type.PATH, null, Objects.requireNonNull(path), null, null, null, null, null);
    }

    public static WasmSource ofPath(Path path) {
        return ofPath(path.toString());
    }

    public static WasmSource ofUrl(String url, Map<String, String> headers, String method) {
        return new WasmSource(Type.URL, null, null, Objects.requireNonNull(url), headers, method, null, null);
    }

    /** A copy of this source with a module name. */
    public WasmSource withName(String name) {
        return new WasmSource(type, data, path, url, headers, method, name, hash);
    }

    /** A copy of this source with the SHA-256 (hex) its bytes must have. */
    public WasmSource withHash(String hash) {
        return new WasmSource(type, data, path, url, headers, method, name, hash);
    }

    public Type type() {
        return type;
    }

    /** Inline bytes (a copy), or null unless {@link Type#DATA}. */
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    byte[] dataUnsafe() {
        return data;
    }

    public String path() {
        return path;
    }

    public String url() {
        return url;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** HTTP method for a URL source; null means GET. */
    public String method() {
        return method;
    }

    /** Module name, or null when the manifest gave none. */
    public String name() {
        return name;
    }

    /** Expected SHA-256 in lowercase hex, or null. */
    public String hash() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WasmSource)) {
            return false;
        }
        WasmSource s = (WasmSource) o;
        return type == s.type && Arrays.equals(data, s.data) && Objects.equals(path, s.path)
                && Objects.equals(url, s.url) && headers.equals(s.headers) && Objects.equals(method, s.method)
                && Objects.equals(name, s.name) && Objects.equals(hash, s.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), path, url, name, hash);
    }

    @Override
    public String toString() {
        String what = type == Type.DATA ? data.length + " bytes" : type == Type.PATH ? path : url;
        return "WasmSource[" + type + " " + what + (name != null ? ", name=" + name : "") + "]";
    }
}
