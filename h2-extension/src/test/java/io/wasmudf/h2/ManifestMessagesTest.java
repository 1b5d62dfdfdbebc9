package io.wasmudf.h2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A manifest that cannot be used is refused with a message that says where and what, in plain words. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManifestMessagesTest extends H2TestBase {
    @Test
    void aJsonSyntaxErrorSaysLineColumnAndWhatNotTheParsersWording() {
        String m = fails("22023", conn, "SELECT wasm_register('p', ?, ?)", TestModules.fixture("v1"),
                "{\"config\": {\"a\": \"b\",}}").getMessage();
        // H2 adds "; SQL statement: ..." after the function's message
        assertTrue(m.startsWith("bad manifest: manifest is not valid JSON at line 1, column 22: unexpected '}' (field names "
                + "need double quotes, and no comma may come before a closing '}');"), m);
    }

    @Test
    void aMissingModuleFileIsNamedWithTheReason() {
        String m = fails("22023", conn, "SELECT wasm_register('p', ?)", "{\"wasm\": [{\"path\": \"/nonexistent/p.wasm\"}]}")
                .getMessage();
        assertTrue(m.startsWith("bad manifest: cannot read wasm file '/nonexistent/p.wasm': no such file;"), m);
    }
}
