/**
 * The command line ({@code bin/wasmudf}): an application, so it exports nothing. The launcher runs
 * the shaded jar on the class path ({@code java -jar}), where this descriptor is left out; it is
 * checked at build time (only exported APIs of the runtime, the H2 glue and Chicory's parser).
 */
module io.wasmudf.cli {
    requires io.wasmudf.h2;
    requires com.fasterxml.jackson.databind;
}
