package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wasmudf.corpus.CorpusCase;
import io.wasmudf.corpus.SqlCorpus;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every corpus case SQL can run as recorded, through H2's wasm_register and wasm_call, compared with
 * what the official Extism runtime answered: the output bytes, or the SQLState and message text the
 * translation table gives for the recorded failure; the connection is usable after each.
 */
@Timeout(60)
class CorpusSqlTest extends H2TestBase {

    @TestFactory
    Stream<DynamicTest> everyRunnableCaseAsRecorded() {
        List<CorpusCase> cases = SqlCorpus.cases();
        assertTrue(cases.size() >= 80, "corpus cases SQL can run: " + cases.size());
        int[] n = {0};
        return cases.stream().map(k -> DynamicTest.dynamicTest(k.id(), () -> {
            SqlCorpus.check(k, "c" + (n[0]++), new SqlCorpus.Database() {
                @Override
                public String register(String name, byte[] wasm, String manifest) throws SQLException {
                    return manifest == null ? H2TestBase.register(conn, name, wasm) : H2TestBase.register(conn, name, wasm, manifest);
                }

                @Override
                public byte[] call(String name, String export, byte[] input) throws SQLException {
                    return (byte[]) query1(conn, "SELECT wasm_call(?, ?, ?)", name, export, input);
                }
            });
            assertEquals(2L, ((Number) query1(conn, "SELECT 1 + 1")).longValue(), "the connection is usable");
        }));
    }
}
