package io.gristmill.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests this process makes, by service and operation ({@code S3.GetObject},
 * {@code DynamoDB.UpdateItem}): on AWS, requests are much of what a job costs. The benchmark reads
 * the counts to report a job's requests and its estimated bill, and their time on the wire to show
 * where a small task's time goes. Counting costs a map lookup per request.
 */
public final class RequestMetrics implements ExecutionInterceptor {
    public static final RequestMetrics INSTANCE = new RequestMetrics();

    /** One operation's requests and their time on the wire. */
    private record Op(LongAdder count, LongAdder micros) {}

    /** An attempt in flight: its operation and when it was sent. */
    private record Sent(Op op, long nanos) {}

    private static final Map<String, Op> OPS = new ConcurrentHashMap<>();
    private static final ExecutionAttribute<Sent> SENT = new ExecutionAttribute<>("gristmill.sent");

    private RequestMetrics() {}

    /** Counts each attempt the SDK sends, retries included: each is billed. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Op op = OPS.computeIfAbsent(service + "." + operation, k -> new Op(new LongAdder(), new LongAdder()));
        op.count().increment();
        attributes.putAttribute(SENT, new Sent(op, System.nanoTime()));
    }

    /** Adds the attempt's time from sending the request to having the response's headers. */
    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Sent sent = attributes.getAttribute(SENT);
        if (sent != null) sent.op().micros().add((System.nanoTime() - sent.nanos()) / 1000);
    }

    /** Every count so far, sorted by name. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        OPS.forEach((k, v) -> out.put(k, v.count().sum()));
        return out;
    }

    /** Microseconds spent waiting for responses so far, by operation, sorted by name. */
    public static Map<String, Long> micros() {
        Map<String, Long> out = new TreeMap<>();
        OPS.forEach((k, v) -> out.put(k, v.micros().sum()));
        return out;
    }

    /** The counts made since {@code before} (a snapshot). */
    public static Map<String, Long> since(Map<String, Long> before) {
        return since(snapshot(), before);
    }

    /** {@code now} minus {@code before}, name by name, without the names that did not change. */
    public static Map<String, Long> since(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        now.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) out.put(k, d);
        });
        return out;
    }
}
