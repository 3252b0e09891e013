package io.gristmill.infra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AWS::Serverless::Function, resolved after Globals.Function was merged into it.
 *
 * @param memorySize MB (SAM's default is 128)
 * @param timeout seconds (SAM's default is 3)
 * @param environment Environment.Variables, the function's own over the globals'
 * @param reservedConcurrency ReservedConcurrentExecutions, or null
 * @param sqsEvents its events of Type SQS (other event types are not modelled)
 * @param snapStart SnapStart.ApplyOn (e.g. PublishedVersions), or null when off
 * @param autoPublishAlias AutoPublishAlias, or null
 * @param properties all its properties, merged with the globals and resolved
 */
public record FunctionDef(
        String logicalId,
        String functionName,
        String handler,
        String runtime,
        List<String> architectures,
        int memorySize,
        int timeout,
        Map<String, String> environment,
        Integer reservedConcurrency,
        List<SqsEventDef> sqsEvents,
        String snapStart,
        String autoPublishAlias,
        Map<String, Object> properties) {

    public FunctionDef {
        architectures = List.copyOf(architectures);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        sqsEvents = List.copyOf(sqsEvents);
    }

    /** The SQS event with this name (the key under Events). */
    public SqsEventDef sqsEvent(String name) {
        return sqsEvents.stream()
                .filter(event -> event.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new TemplateException("Function " + logicalId + " has no SQS event '" + name + "'; it has "
                                + sqsEvents.stream().map(SqsEventDef::name).toList()));
    }

    static FunctionDef read(String logicalId, String name, Props properties, StackQueues queues) {
        List<SqsEventDef> events = new ArrayList<>();
        properties.props("Events").entries().forEach((eventName, event) -> {
            if ("SQS".equals(event.string("Type"))) {
                events.add(SqsEventDef.read(eventName, event.props("Properties"), queues));
            }
        });
        List<String> architectures = properties.strings("Architectures");
        String snapStart = properties.props("SnapStart").optString("ApplyOn");
        return new FunctionDef(
                logicalId,
                name,
                properties.optString("Handler"),
                properties.optString("Runtime"),
                architectures.isEmpty() ? List.of("x86_64") : architectures,
                properties.integer("MemorySize", 128),
                properties.integer("Timeout", 3),
                properties.props("Environment").props("Variables").stringMap(),
                properties.optInteger("ReservedConcurrentExecutions"),
                events,
                "None".equals(snapStart) ? null : snapStart,
                properties.optString("AutoPublishAlias"),
                properties.raw());
    }
}
