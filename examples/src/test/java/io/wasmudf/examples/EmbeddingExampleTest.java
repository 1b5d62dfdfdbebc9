package io.wasmudf.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The example gives what the official Extism runtime answered for the same cases (plugins/expected). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddingExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("wasmudf.repo.root", ".."));
    private final EmbeddingExample example = new EmbeddingExample(ROOT.resolve("plugins/wasm"));

    private static List<String> recorded(String id, int calls) throws IOException {
        JsonNode results = new ObjectMapper().readTree(ROOT.resolve("plugins/expected/results.json").toFile()).get("results");
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            outputs.add(new String(Base64.getDecoder().decode(results.get(id).get(i).get("output_b64").asText()),
                    StandardCharsets.UTF_8));
        }
        return outputs;
    }

    @Test
    void countVowelsWithConfigMatchesTheOfficialRuntime() throws IOException {
        assertEquals(recorded("count_vowels/config_vowels", 2), example.countVowels(List.of("Hello, World! yyy", "Hello, World! yyy")));
    }

    @Test
    void hostFunctionsBackedByAJavaMapMatchTheOfficialRuntime() throws IOException {
        assertEquals(recorded("rust/kv_count", 2), example.countWithHostStore(List.of("Counting vowels", "Counting vowels")));
    }

    @Test
    void aMissingExportIsReportedByKind() {
        String failure = example.describeFailure("count_consonants");
        assertTrue(failure.startsWith("FUNCTION_NOT_FOUND: "), failure);
    }
}
