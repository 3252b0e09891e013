package io.gristmill.local.runtime;

import java.util.Map;

/**
 * A function as the local runtime runs it, taken from template.yaml.
 *
 * @param name the function's logical id (e.g. MapFunction)
 * @param handler {@code class::method} or {@code class}
 * @param environment its variables, with the local endpoints and credentials added
 * @param maxInstances how many instances may run at once
 */
public record FunctionConfig(
        String name,
        String handler,
        int memoryMb,
        int timeoutSeconds,
        Map<String, String> environment,
        int maxInstances) {

    public String handlerClass() {
        int sep = handler.indexOf("::");
        return sep < 0 ? handler : handler.substring(0, sep);
    }
}
