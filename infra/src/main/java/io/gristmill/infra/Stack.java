package io.gristmill.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A template resolved for one stack: every modelled resource by logical id (in template order) with names,
 * links and settings evaluated, plus the resolved parameters and outputs.
 */
public record Stack(
        StackSettings settings,
        Map<String, String> parameters,
        Map<String, BucketDef> buckets,
        Map<String, QueueDef> queues,
        Map<String, TableDef> tables,
        Map<String, FunctionDef> functions,
        Map<String, String> outputs) {

    public Stack {
        parameters = ordered(parameters);
        buckets = ordered(buckets);
        queues = ordered(queues);
        tables = ordered(tables);
        functions = ordered(functions);
        outputs = ordered(outputs);
    }

    public String stackName() {
        return settings.stackName();
    }

    public BucketDef bucket(String logicalId) {
        return find(buckets, logicalId, "bucket");
    }

    public QueueDef queue(String logicalId) {
        return find(queues, logicalId, "queue");
    }

    public TableDef table(String logicalId) {
        return find(tables, logicalId, "table");
    }

    public FunctionDef function(String logicalId) {
        return find(functions, logicalId, "function");
    }

    public String output(String name) {
        return find(outputs, name, "output");
    }

    public String parameter(String name) {
        return find(parameters, name, "parameter");
    }

    private <T> T find(Map<String, T> map, String key, String kind) {
        T value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Stack " + stackName() + " has no " + kind + " '" + key + "'; its "
                    + kind + "s are " + map.keySet());
        }
        return value;
    }

    private static <T> Map<String, T> ordered(Map<String, T> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
