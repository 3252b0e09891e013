package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.Stack;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The project's template.yaml, and the stack the checks resolve it for (an AWS account, not the local one). */
final class TemplateUnderTest {
    static final StackSettings STACK = new StackSettings("gristmill", "123456789012", "eu-west-1", Map.of());

    private static Template template;

    private TemplateUnderTest() {}

    static Path home() {
        String home = System.getProperty("gristmill.home");
        return home != null ? Path.of(home) : Path.of("..");
    }

    static synchronized Template template() {
        if (template == null) {
            Path path = home().resolve("template.yaml");
            assertTrue(Files.isRegularFile(path), "template.yaml not found at " + path.toAbsolutePath());
            template = Template.load(path);
        }
        return template;
    }

    static Stack resolve(Map<String, String> parameters) {
        return template().resolve(STACK.withParameters(parameters));
    }

    static List<TemplateResource> functions() {
        return template().resourcesOfType("AWS::Serverless::Function");
    }

    /** A property of a resource, raw (intrinsics in their JSON long form); null when absent. */
    @SuppressWarnings("unchecked")
    static <T> T property(TemplateResource resource, String... path) {
        Object value = resource.properties();
        for (String key : path) {
            if (!(value instanceof Map<?, ?> map)) return null;
            value = map.get(key);
        }
        return (T) value;
    }
}
