/**
 * The embedding example: it needs the runtime module alone, so the build proves that what the
 * README shows uses nothing but the runtime's exported API.
 */
module io.wasmudf.examples {
    requires io.wasmudf.runtime;

    exports io.wasmudf.examples;
}
