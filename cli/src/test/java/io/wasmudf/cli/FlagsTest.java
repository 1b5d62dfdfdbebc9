package io.wasmudf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pflag rules {@link Flags} follows. */
class FlagsTest {
    private final List<String> values = new ArrayList<>();
    private final List<Boolean> bools = new ArrayList<>();
    private final Flags flags = new Flags()
            .value("input", 'i', values::add)
            .bool("manifest", 'm', bools::add)
            .bool("verbose", 'v', bools::add);

    @Test
    void valuesInEveryForm() {
        List<String> operands = flags.parse(new String[] {"a", "--input", "1", "--input=2", "-i", "3", "-i4", "-i=5", "b"});
        assertEquals(List.of("1", "2", "3", "4", "5"), values);
        assertEquals(List.of("a", "b"), operands);
    }

    @Test
    void groupedBooleansAndExplicitFalse() {
        flags.parse(new String[] {"-mv", "--manifest=false"});
        assertEquals(List.of(true, true, false), bools);
    }

    @Test
    void doubleDashEndsTheFlags() {
        assertEquals(List.of("x", "--input", "-m"), flags.parse(new String[] {"x", "--", "--input", "-m"}));
        assertEquals(List.of(), values);
    }

    @Test
    void errorsInPflagsWords() {
        assertEquals("unknown shorthand flag: 'z' in -mz",
                assertThrows(Flags.UsageException.class, () -> flags.parse(new String[] {"-mz"})).getMessage());
        assertEquals("flag needs an argument: 'i' in -i",
                assertThrows(Flags.UsageException.class, () -> flags.parse(new String[] {"-i"})).getMessage());
        assertEquals("invalid argument \"yes\" for \"--manifest\" flag",
                assertThrows(Flags.UsageException.class, () -> flags.parse(new String[] {"--manifest=yes"})).getMessage());
    }
}
