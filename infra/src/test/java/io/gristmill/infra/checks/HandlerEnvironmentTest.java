package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.FunctionDef;
import io.gristmill.infra.Stack;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable a handler reads is set by the template, or by Lambda itself. Each handler
 * is constructed as Lambda constructs it (its settings and SDK clients come from the environment then),
 * with an environment that records every lookup. DeploymentPackageIT adds a static scan of the
 * package for variable names read later.
 */
class HandlerEnvironmentTest {
    /** What Lambda's Java runtime sets in every function (the "defined runtime environment variables"). */
    static final Set<String> SET_BY_LAMBDA = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR",
            "TZ",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    /**
     * Read but absent on AWS, where the code's fallback is right: the SDK's standard endpoint overrides
     * (set only by the local cloud) and TMPDIR (Lambda's scratch space is java.io.tmpdir, /tmp).
     */
    static final Set<String> OPTIONAL_OVERRIDES = Set.of(
            "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "TMPDIR");

    @Test
    void everyVariableAHandlerReadsIsSetByTheTemplateOrByLambda() throws Exception {
        Stack stack = TemplateUnderTest.resolve(Map.of());
        Set<String> readByAny = new TreeSet<>();
        for (FunctionDef function : stack.functions().values()) {
            Map<String, String> env = new HashMap<>(function.environment());
            env.put("AWS_REGION", TemplateUnderTest.STACK.region());
            env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
            RecordingEnvironment recording = new RecordingEnvironment(env);
            String handler = function.handler().substring(0, function.handler().indexOf("::"));
            Object instance = Class.forName(handler).getConstructor(Map.class).newInstance(recording);
            ((AutoCloseable) instance).close();

            Set<String> unset = new TreeSet<>(recording.read());
            unset.removeAll(function.environment().keySet());
            unset.removeAll(SET_BY_LAMBDA);
            unset.removeAll(OPTIONAL_OVERRIDES);
            assertEquals(Set.of(), unset, function.logicalId() + " reads variables nobody sets");
            assertTrue(recording.read().contains("GRISTMILL_BUCKET"), "the recording sees the handler's reads");
            readByAny.addAll(recording.read());
        }
        // The other way round: a variable the template sets that no handler reads is dead configuration.
        for (FunctionDef function : stack.functions().values()) {
            Set<String> unread = new TreeSet<>(function.environment().keySet());
            unread.removeAll(readByAny);
            assertEquals(Set.of(), unread, function.logicalId() + " is given variables no handler reads");
        }
    }

    @Test
    void theRecordingSeesLookupsButNotCopies() {
        RecordingEnvironment env = new RecordingEnvironment(Map.of("A", "1", "B", "2"));
        Map.copyOf(env);
        assertEquals(Set.of(), env.read());
        env.get("A");
        env.getOrDefault("C", "x");
        env.containsKey("D");
        assertEquals(List.of("A", "C", "D"), List.copyOf(env.read()));
    }
}
