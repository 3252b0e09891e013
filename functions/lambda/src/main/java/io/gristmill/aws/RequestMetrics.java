package io.gristmill.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests this process makes, by service and operation ({@code S3.GetObject},
 * {@code DynamoDB.UpdateItem}): on AWS, requests are much of what a job costs. The benchmark reads
 * the counts to report a job's requests and its estimated bill; counting costs a map lookup per
 * request.
 */
public final class RequestMetrics implements ExecutionInterceptor {
    public static final RequestMetrics INSTANCE = new RequestMetrics();

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private RequestMetrics() {}

    /** Counts each attempt the SDK sends, retries included: each is billed. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
    }

    /** Every count so far, sorted by name. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The counts made since {@code before} (a snapshot). */
    public static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        snapshot().forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) out.put(k, d);
        });
        return out;
    }
}
