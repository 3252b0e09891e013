package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

    @Test
    void localSettingsUseTheEmulatorsAccountAndRegion() {
        StackSettings local = StackSettings.local("gristmill");
        assertEquals(new StackSettings("gristmill", "000000000000", "us-east-1", Map.of()), local);
        assertEquals("aws", local.partition());
        assertEquals("amazonaws.com", local.urlSuffix());
        assertEquals(Map.of("A", "1"), local.withParameters(Map.of("A", "1")).parameters());
        assertEquals(Map.of(), new StackSettings("s", "000000000000", "us-east-1", null).parameters());
    }

    @Test
    void namesAndAccountsAreChecked() {
        assertEquals(
                "Invalid stack name 'my_stack': use a letter, then letters, digits and hyphens (at most 128"
                        + " characters)",
                assertThrows(IllegalArgumentException.class, () -> StackSettings.local("my_stack"))
                        .getMessage());
        assertEquals(
                "Invalid account id '42': it must be 12 digits",
                assertThrows(IllegalArgumentException.class, () -> new StackSettings("s", "42", "us-east-1", Map.of()))
                        .getMessage());
    }
}
