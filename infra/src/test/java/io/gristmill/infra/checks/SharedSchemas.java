package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SAM's own JSON schema and policy templates (from github.com/aws/serverless-application-model). They
 * are not ours to ship, so this repository does not contain them: the checks that need them read them
 * from {@code -Dgristmill.schemas=DIR} (default /work/shared/schemas, where the project's machines keep
 * them) and are skipped, saying so, where they are absent, as in a user's clone.
 */
final class SharedSchemas {
    static final String SAM_SCHEMA = "sam.schema.json";
    static final String POLICY_TEMPLATES = "sam-policy-templates.json";

    private SharedSchemas() {}

    static Path dir() {
        return Path.of(System.getProperty("gristmill.schemas", "/work/shared/schemas"));
    }

    /** The file, or the test is skipped with a message that says where it was looked for. */
    static Path require(String name) {
        Path file = dir().resolve(name);
        assumeTrue(
                Files.isRegularFile(file),
                () -> "skipped: " + name + " not found at " + file.toAbsolutePath()
                        + " (SAM's schema files are not part of this repository; get them from"
                        + " github.com/aws/serverless-application-model and pass -Dgristmill.schemas=DIR)");
        return file;
    }
}
