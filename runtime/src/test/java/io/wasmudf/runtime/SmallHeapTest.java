package io.wasmudf.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * In a JVM with -Xmx600m, four memory bombs (each allowed 4096 pages = 256 MiB by the page cap)
 * would take 1 GiB: the default budget (half the heap) fails each as OUT_OF_MEMORY, the JVM never
 * runs out of heap, and a fifth plug-in still runs.
 */
class SmallHeapTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void fourMemoryBombsInA600MiBHeapFailAsOutOfMemoryAndTheJvmCarriesOn() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire puts the module under test on the module path: run everything from the class path
        String cp = System.getProperty("java.class.path") + File.pathSeparator
                + System.getProperty("jdk.module.path", "");
        Process p = new ProcessBuilder(List.of(java, "-Xmx600m", "-cp", cp,
                "-Dwasmudf.repo.root=" + Corpus.root(), FourBombsMain.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        long bombs = out.lines().filter(l -> l.startsWith("bomb: OUT_OF_MEMORY oom:")).count();
        assertEquals(4, bombs, out);
        assertTrue(out.contains("fifth: a=0 len_a=0 b=77 len_b=16"), out);
        assertTrue(out.contains(" used 0"), out);
    }
}
