package io.gristmill.engine.fast;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The built-in apps whose map function also runs over bytes (and so makes no String per line or
 * per word), by the class name of their {@code Mapper}. Users' mappers always run as written.
 */
public final class FastPaths {
    private FastPaths() {}

    /** A new line mapper for the given mapper class, if it has a fast path. */
    public static Optional<LineMapper> forMapper(String mapperClass) {
        Supplier<LineMapper> make = switch (mapperClass) {
            case "io.gristmill.apps.WordCountMapper" -> WordCountLines::new;
            case "io.gristmill.apps.IndexerMapper" -> IndexerLines::new;
            default -> null;
        };
        return make == null ? Optional.empty() : Optional.of(make.get());
    }
}
