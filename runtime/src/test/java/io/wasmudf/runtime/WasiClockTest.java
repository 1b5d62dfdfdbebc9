package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WASI clocks beyond the corpus (which records the real clocks of the default): the frozen wall
 * clock a host may opt into, and a sleep cut short by the caller's own time limit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasiClockTest {
    private static Plugin plugin(Clock wall) {
        Manifest m = Manifest.builder().addWasm(WasmSource.ofData(Corpus.wasm("wasi_clock.wasm"))).build();
        PluginOptions o = PluginOptions.builder().wasi(true).wasiClock(wall).logLevel(LogLevel.OFF).build();
        return WasmEngine.shared().compile(m, o).instantiate();
    }

    @Test
    void aFrozenWallClockIsOptInAndTheMonotonicClockStillMoves() {
        try (Plugin p = plugin(PluginOptions.EPOCH_CLOCK)) {
            assertEquals("realtime after 2020: false\nmonotonic moved: true\nmonotonic resolution known: true",
                    p.call("clocks", ""));
            assertEquals("slept for 1 seconds", p.call("sleep", "1"));
            WasmException e = assertThrows(WasmException.class,
                    () -> p.call("wait_wall", "200".getBytes(StandardCharsets.UTF_8), 500));
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
        }
    }

    @Test
    void aHostClockIsWhatRealtimeReads() {
        try (Plugin p = plugin(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC))) {
            assertTrue(p.call("clocks", "").startsWith("realtime after 2020: true\n"));
        }
    }

    @Test
    void aSleepLongerThanTheCallsTimeLimitEndsAsATimeoutAndTheNextCallRuns() {
        try (Plugin p = plugin(null)) {
            WasmException e = assertThrows(WasmException.class,
                    () -> p.call("sleep", "30".getBytes(StandardCharsets.UTF_8), 300));
            assertEquals(WasmException.Kind.TIMEOUT, e.kind());
            assertEquals("timeout: sleep ran longer than its time limit (300 ms)", e.getMessage());
            assertEquals("poll relative 100 ms: 1 event, userdata 42, type clock, error 0, waited: true",
                    p.call("poll_relative", ""));
        }
    }
}
