package io.gristmill.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests the functions make on one stack, by service and operation: what a job costs
 * in requests. The SDK installs it in every client of the test JVM (it is listed in
 * software/amazon/awssdk/global/handlers/execution.interceptors); it counts a request only when it names
 * a resource of the stack being watched and Gristmill's function code (handlers, protocol) made it, not
 * the test, the client or the local Lambda service.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    private static volatile String watched;

    /** Starts counting the requests on resources whose names contain {@code stackName}. */
    static void watch(String stackName) {
        COUNTS.clear();
        watched = stackName;
    }

    static void stop() {
        watched = null;
    }

    /** "service operation" to count, sorted. */
    static Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String stack = watched;
        if (stack == null || !namesStack(context.request(), stack) || !madeByFunctions()) return;
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static boolean namesStack(SdkRequest request, String stack) {
        for (String field : new String[] {"Bucket", "TableName", "QueueUrl", "QueueName"}) {
            String value = request.getValueForField(field, String.class).orElse(null);
            if (value != null) return value.contains(stack);
        }
        return false;
    }

    private static boolean madeByFunctions() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("io.gristmill.protocol.")
                || f.getClassName().startsWith("io.gristmill.handlers.")));
    }
}
