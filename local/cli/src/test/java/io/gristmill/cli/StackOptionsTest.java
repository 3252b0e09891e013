package io.gristmill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackOptionsTest {
    private static StackOptions parse(String... argv) throws UsageException {
        return StackOptions.from(Args.parse("status", List.of(argv), StackOptions.VALUED, Set.of()));
    }

    @Test
    void oneEndpointForAllServicesAndOverridesPerService() throws UsageException {
        StackOptions options = parse(
                "--stack",
                "s",
                "--endpoint-url",
                "http://localhost:4566",
                "--endpoint-url",
                "S3=http://127.0.0.1:9000");
        assertEquals("http://127.0.0.1:9000", options.endpointFor("s3"));
        assertEquals("http://localhost:4566", options.endpointFor("dynamodb"));
        assertEquals("http://localhost:4566", options.endpointFor("cloudformation"));
        assertTrue(options.customEndpoints());
    }

    @Test
    void onAwsNothingIsOverridden() throws UsageException {
        StackOptions options = parse("--bucket", "b", "--table", "t", "--region", "eu-west-1");
        assertNull(options.endpointFor("s3"));
        assertFalse(options.customEndpoints());
    }

    @Test
    void theStackMustBeNamedOnce() {
        assertEquals(
                "--bucket and --table go together: give both",
                assertThrows(UsageException.class, () -> parse("--bucket", "b")).getMessage());
        assertEquals(
                "--endpoint-url is given twice for every service; give it once, or as SERVICE=URL for one of" + " "
                        + StackOptions.SERVICES,
                assertThrows(
                                UsageException.class,
                                () -> parse("--stack", "s", "--endpoint-url", "http://a", "--endpoint-url", "http://b"))
                        .getMessage());
    }
}
