package io.gristmill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Medians and ranges over runs. */
final class Stats {
    private Stats() {}

    /** The median (the lower middle for an even count: an observed value, never an average of two). */
    static <T> long median(List<T> items, ToLongFunction<T> value) {
        List<Long> v = sorted(items, value);
        return v.isEmpty() ? 0 : v.get((v.size() - 1) / 2);
    }

    static <T> long min(List<T> items, ToLongFunction<T> value) {
        List<Long> v = sorted(items, value);
        return v.isEmpty() ? 0 : v.get(0);
    }

    static <T> long max(List<T> items, ToLongFunction<T> value) {
        List<Long> v = sorted(items, value);
        return v.isEmpty() ? 0 : v.get(v.size() - 1);
    }

    private static <T> List<Long> sorted(List<T> items, ToLongFunction<T> value) {
        List<Long> v = new ArrayList<>();
        for (T item : items) v.add(value.applyAsLong(item));
        v.sort(null);
        return v;
    }
}
