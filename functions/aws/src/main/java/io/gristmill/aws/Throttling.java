package io.gristmill.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * How the functions' SDK clients retry: a throttled request (S3's 503 SlowDown, DynamoDB's
 * ProvisionedThroughputExceeded and ThrottlingException, SQS's RequestThrottled...) is retried with
 * exponential backoff and full jitter, up to about a minute, as AWS advises, so that throttling
 * slows a task down instead of failing it. The SDK's standard strategy recognises those errors; its
 * defaults (three attempts, and a circuit breaker that stops retrying once many requests of the
 * client failed) are made for interactive calls, not for a thousand tasks ramping up together.
 */
public final class Throttling {
    /** Attempts per request: with the backoff below, a request keeps trying for about a minute. */
    public static final int MAX_ATTEMPTS = 12;
    /** Backoff of a throttled request: full jitter over 250 ms doubling up to 20 s. */
    static final Duration THROTTLED_BASE = Duration.ofMillis(250);

    static final Duration THROTTLED_MAX = Duration.ofSeconds(20);

    private Throttling() {}

    public static RetryStrategy strategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(THROTTLED_BASE, THROTTLED_MAX))
                .circuitBreakerEnabled(false)
                .build();
    }
}
