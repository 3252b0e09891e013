package io.gristmill.local.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lambda's JVM flags, and a function's own JIT setting in JAVA_TOOL_OPTIONS winning over them, as on Lambda. */
class JvmOptionsTest {

    @Test
    void lambdasFlagsStopAtC1AndSizeTheHeapFromTheMemory() {
        List<String> flags = new JvmOptions(true, List.of()).flags(1000, null);
        assertTrue(flags.contains("-XX:TieredStopAtLevel=1"), flags.toString());
        assertTrue(flags.contains("-XX:MaxHeapSize=870400k"), flags.toString());
        assertTrue(flags.contains("-XX:+UseSerialGC"), flags.toString());
    }

    @Test
    void aTieredSettingInJavaToolOptionsIsLeftToWin() {
        List<String> flags = new JvmOptions(true, List.of("-Dextra=1"))
                .flags(1000, "-XX:+TieredCompilation -XX:TieredStopAtLevel=4");
        assertFalse(flags.stream().anyMatch(f -> f.contains("Tiered")), "the command line would override it: " + flags);
        assertTrue(flags.contains("-Dextra=1"), "GRIST_FUNCTION_JAVA_OPTS still apply: " + flags);
        assertTrue(
                new JvmOptions(true, List.of()).flags(1000, "-Xlog:disable").contains("-XX:TieredStopAtLevel=1"),
                "other JAVA_TOOL_OPTIONS leave Lambda's JIT default alone");
    }
}
