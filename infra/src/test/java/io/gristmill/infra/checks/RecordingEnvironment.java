package io.gristmill.infra.checks;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A process environment that remembers which variables were looked up, present or not. */
final class RecordingEnvironment extends AbstractMap<String, String> {
    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    RecordingEnvironment(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    Set<String> read() {
        return read;
    }

    @Override
    public String get(Object key) {
        read.add(String.valueOf(key));
        return values.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
        read.add(String.valueOf(key));
        return values.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
        read.add(String.valueOf(key));
        return values.containsKey(key);
    }

    /** Copying the whole map is not a lookup of any one variable. */
    @Override
    public Set<Entry<String, String>> entrySet() {
        return values.entrySet();
    }
}
