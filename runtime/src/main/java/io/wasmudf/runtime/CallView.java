package io.wasmudf.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The {@link CurrentPlugin} one host function call sees; it stops working when that call returns. */
final class CallView implements CurrentPlugin {
    private final LiveInstance live;
    private final HostFunction function;
    private final Plugin plugin;
    private boolean ended;

    CallView(LiveInstance live, HostFunction function, Plugin plugin) {
        this.live = live;
        this.function = function;
        this.plugin = plugin;
    }

    void end() {
        ended = true;
    }

    private LiveInstance live() {
        if (ended) {
            throw new IllegalStateException("this CurrentPlugin belongs to a host function call of "
                    + function.namespace() + "::" + function.name() + " that has returned; use it only during the call");
        }
        return live;
    }

    @Override
    public long alloc(long n) {
        return live().kernel.alloc(n);
    }

    @Override
    public void free(long handle) {
        live().kernel.free(handle);
    }

    @Override
    public long length(long handle) {
        return live().kernel.length(handle);
    }

    @Override
    public byte[] readBytes(long handle) {
        return live().kernel.readBlock(handle);
    }

    @Override
    public byte[] readBytes(long offset, long len) {
        return live().kernel.read(offset, len);
    }

    @Override
    public void write(long offset, byte[] data) {
        live().kernel.write(offset, data, 0, data.length);
    }

    @Override
    public long writeBytes(byte[] data) {
        return live().host.allocOrFail(data);
    }

    @Override
    public byte[] varGet(String key) {
        byte[] v = live().vars.get(key.getBytes(StandardCharsets.UTF_8));
        return v == null ? null : v.clone();
    }

    @Override
    public void varSet(String key, byte[] value) {
        live().host.varSetFromHost(key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Override
    public Map<String, byte[]> vars() {
        return live().vars.snapshot();
    }

    @Override
    public Manifest manifest() {
        live();
        return plugin.manifest();
    }

    @Override
    public void setError(String message) {
        LiveInstance l = live();
        l.kernel.errorSet(l.host.allocOrFail(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public <T> T userData(Class<T> type) {
        live();
        return function.userData() == null ? null : type.cast(function.userData());
    }

    @Override
    public long timeRemainingMs() {
        live();
        return plugin.timeRemainingMs();
    }
}
