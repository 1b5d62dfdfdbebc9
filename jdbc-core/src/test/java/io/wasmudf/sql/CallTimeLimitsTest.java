package io.wasmudf.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTimeLimitsTest {
    private static final CallTimeLimits LIMITS = CallTimeLimits.builder().defaultMs(1000).maxMs(5000).build();

    @Test
    void theDefaultAppliesWithoutTimeoutMs() {
        assertEquals(1000, LIMITS.forCall(null, 0));
        assertEquals(10_000, CallTimeLimits.defaults().forCall(null, 0));
        assertEquals(30_000, CallTimeLimits.defaults().maxMs());
    }

    @Test
    void aManifestLowersItAndRaisesItUpToTheMaximum() {
        assertEquals(200, LIMITS.forCall(200L, 0));
        assertEquals(3000, LIMITS.forCall(3000L, 0));
        assertEquals(5000, LIMITS.forCall(60_000L, 0));
        CallTimeLimits lenient = CallTimeLimits.builder().defaultMs(1000).maxMs(5000).manifestMayExceedMax(true).build();
        assertEquals(60_000, lenient.forCall(60_000L, 0));
    }

    @Test
    void theStatementsRemainingTimeCapsEverything() {
        assertEquals(400, LIMITS.forCall(null, 400));
        assertEquals(200, LIMITS.forCall(200L, 400));
        assertEquals(400, CallTimeLimits.builder().defaultMs(0).maxMs(0).build().forCall(null, 400));
    }

    @Test
    void zeroMeansUnboundedAndTheDefaultNeverPassesTheMaximum() {
        CallTimeLimits none = CallTimeLimits.builder().defaultMs(0).maxMs(0).build();
        assertEquals(0, none.forCall(null, 0));
        assertEquals(2000, CallTimeLimits.builder().defaultMs(9000).maxMs(2000).build().defaultMs());
        assertEquals(2000, CallTimeLimits.builder().defaultMs(0).maxMs(2000).build().defaultMs());
    }

    @Test
    void readFromNamedSettings() {
        Map<String, String> props = Map.of("p.defaultTimeoutMs", "250", "p.maxTimeoutMs", "900", "p.manifestMayExceedMax", "true");
        CallTimeLimits l = CallTimeLimits.from(props::get, "p.");
        assertEquals(250, l.defaultMs());
        assertEquals(900, l.maxMs());
        assertTrue(l.manifestMayExceedMax());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CallTimeLimits.from(Map.of("p.maxTimeoutMs", "ten")::get, "p."));
        assertTrue(e.getMessage().contains("p.maxTimeoutMs"), e::getMessage);
    }
}
