package io.gristmill.local.process;

import io.gristmill.local.runtime.FunctionConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of an instance's process: what Lambda sets in every execution environment, then
 * the function's variables from template.yaml (which LocalCloud completes with the emulators'
 * endpoints, credentials and {@code AWS_EXECUTION_ENV}). Nothing is inherited from the shell that started the local cloud,
 * so a developer's AWS profile or keys never reach a function.
 */
final class LambdaEnvironment {
    private LambdaEnvironment() {}

    /**
     * @param logStream the instance's log stream name (its id, which also names its log file)
     * @param tmp the instance's own /tmp
     */
    static Map<String, String> of(FunctionConfig fn, String logStream, String runtimeApi, Path taskRoot, Path tmp) {
        String functionName = fn.environment().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", fn.handler());
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.putAll(fn.environment());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("TMPDIR", tmp.toString());
        return env;
    }
}
