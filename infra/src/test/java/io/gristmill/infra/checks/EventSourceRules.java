package io.gristmill.infra.checks;

import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rules for SQS event sources, checked on the raw template so that they hold for every parameter value:
 *
 * <ul>
 *   <li>{@code ReportBatchItemFailures}: the handlers report failed messages one by one; without it Lambda
 *       retries the whole batch, successes included.
 *   <li>{@code ScalingConfig.MaximumConcurrency} within Lambda's 2..1000, so a burst cannot take all the
 *       account's concurrency.
 *   <li>The queue's visibility timeout at least 6 times the function's largest possible timeout (Lambda's
 *       advice; Lambda rejects a mapping whose function timeout exceeds the visibility timeout), or, when
 *       both follow the same parameter, at least 6 times the timeout for every value of it.
 *   <li>Every source queue that is not itself a dead-letter queue redrives to one that keeps messages at
 *       least as long (a standard queue's dead letters keep their original enqueue time).
 *   <li>A batch above 10 needs a batching window (an SQS event source rule).
 * </ul>
 */
final class EventSourceRules {
    /** Lambda's default and largest function timeouts, in seconds. */
    static final long DEFAULT_TIMEOUT = 3;

    static final long MAX_TIMEOUT = 900;
    static final long DEFAULT_RETENTION = 345_600;

    private final Template template;
    private final List<String> violations = new ArrayList<>();

    private EventSourceRules(Template template) {
        this.template = template;
    }

    static List<String> violations(Template template) {
        EventSourceRules rules = new EventSourceRules(template);
        for (TemplateResource function : template.resourcesOfType("AWS::Serverless::Function")) {
            rules.checkFunction(function);
        }
        return rules.violations;
    }

    @SuppressWarnings("unchecked")
    private void checkFunction(TemplateResource function) {
        Object events = function.properties().get("Events");
        if (!(events instanceof Map<?, ?> byName)) return;
        byName.forEach((name, event) -> {
            Map<String, Object> e = (Map<String, Object>) event;
            if (!"SQS".equals(e.get("Type"))) return;
            String where = function.logicalId() + ".Events." + name;
            checkEvent(function, where, (Map<String, Object>) e.getOrDefault("Properties", Map.of()));
        });
    }

    private void checkEvent(TemplateResource function, String where, Map<String, Object> event) {
        if (!(event.get("FunctionResponseTypes") instanceof List<?> types)
                || !types.contains("ReportBatchItemFailures")) {
            violations.add(where + ": FunctionResponseTypes lacks ReportBatchItemFailures");
        }
        checkConcurrency(where, event);
        Object batch = event.getOrDefault("BatchSize", 10);
        Bounds batchSize = Bounds.of(template, batch, where + ".BatchSize");
        if ((batchSize.max() == null || batchSize.max() > 10) && event.get("MaximumBatchingWindowInSeconds") == null) {
            violations.add(where + ": a BatchSize above 10 needs MaximumBatchingWindowInSeconds");
        }
        String queue = queueOf(event.get("Queue"));
        if (queue == null) {
            violations.add(where + ": Queue must be !GetAtt <a queue of this template>.Arn, got " + event.get("Queue"));
            return;
        }
        checkVisibility(function, where, queue);
        checkRedrive(where, queue);
    }

    @SuppressWarnings("unchecked")
    private void checkConcurrency(String where, Map<String, Object> event) {
        Object scaling = event.get("ScalingConfig");
        Object max = scaling instanceof Map<?, ?> s ? ((Map<String, Object>) s).get("MaximumConcurrency") : null;
        if (max == null) {
            violations.add(where + ": no ScalingConfig.MaximumConcurrency");
            return;
        }
        Bounds bounds = Bounds.of(template, max, where + ".ScalingConfig.MaximumConcurrency");
        if (bounds.min() == null || bounds.min() < 2 || bounds.max() == null || bounds.max() > 1000) {
            violations.add(where + ": MaximumConcurrency may be " + bounds + ", outside Lambda's 2..1000");
        }
    }

    private void checkVisibility(TemplateResource function, String where, String queue) {
        Object timeout = function.properties()
                .getOrDefault("Timeout", template.functionGlobals().getOrDefault("Timeout", DEFAULT_TIMEOUT));
        Bounds timeouts = Bounds.of(template, timeout, function.logicalId() + ".Timeout");
        long longest = timeouts.max() == null ? MAX_TIMEOUT : Math.min(timeouts.max(), MAX_TIMEOUT);
        Object visibility = template.resource(queue).properties().getOrDefault("VisibilityTimeout", 30);
        Bounds.Scaled scaledTimeout = Bounds.scaled(timeout);
        Bounds.Scaled scaledVisibility = Bounds.scaled(visibility);
        if (scaledTimeout != null
                && scaledVisibility != null
                && scaledTimeout.parameter().equals(scaledVisibility.parameter())) {
            // Both follow one parameter: the rule holds for every value of it when the factors do.
            if (scaledVisibility.factor() < 6 * scaledTimeout.factor()) {
                violations.add(where + ": " + queue + "'s visibility timeout is " + scaledVisibility
                        + ", less than 6 x " + function.logicalId() + "'s timeout, " + scaledTimeout);
            }
            return;
        }
        Bounds visibilities = Bounds.of(template, visibility, queue + ".VisibilityTimeout");
        long shortest = visibilities.min() == null ? 0 : visibilities.min();
        if (shortest < 6 * longest) {
            violations.add(where + ": " + queue + "'s visibility timeout can be " + shortest + " s, less than 6 x "
                    + function.logicalId() + "'s timeout, which can be " + longest + " s");
        }
    }

    @SuppressWarnings("unchecked")
    private void checkRedrive(String where, String queue) {
        if (deadLetterQueues().contains(queue)) return;
        Object redrive = template.resource(queue).properties().get("RedrivePolicy");
        String deadLetters =
                redrive instanceof Map<?, ?> r ? queueOf(((Map<String, Object>) r).get("deadLetterTargetArn")) : null;
        if (deadLetters == null) {
            violations.add(where + ": " + queue + " has no RedrivePolicy to a dead-letter queue of this template");
            return;
        }
        long kept = retention(deadLetters).min();
        Bounds source = retention(queue);
        if (source.max() == null || kept < source.max()) {
            violations.add(where + ": " + deadLetters + " keeps messages " + kept + " s, less than " + queue + " may ("
                    + source.max() + " s): dead letters would expire early");
        }
    }

    private Bounds retention(String queue) {
        Object value = template.resource(queue).properties().getOrDefault("MessageRetentionPeriod", DEFAULT_RETENTION);
        return Bounds.of(template, value, queue + ".MessageRetentionPeriod");
    }

    @SuppressWarnings("unchecked")
    private List<String> deadLetterQueues() {
        List<String> out = new ArrayList<>();
        for (TemplateResource q : template.resourcesOfType("AWS::SQS::Queue")) {
            if (q.properties().get("RedrivePolicy") instanceof Map<?, ?> r) {
                String target = queueOf(((Map<String, Object>) r).get("deadLetterTargetArn"));
                if (target != null) out.add(target);
            }
        }
        return out;
    }

    /** The logical id in {@code {"Fn::GetAtt": [Q, "Arn"]}} when Q is a queue of the template, else null. */
    private String queueOf(Object arn) {
        if (arn instanceof Map<?, ?> map
                && map.get("Fn::GetAtt") instanceof List<?> parts
                && parts.size() == 2
                && "Arn".equals(parts.get(1))
                && parts.get(0) instanceof String id
                && template.resources().containsKey(id)
                && template.resource(id).type().equals("AWS::SQS::Queue")) {
            return id;
        }
        return null;
    }
}
