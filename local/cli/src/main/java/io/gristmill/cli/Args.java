package io.gristmill.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small command-line parser: {@code --name value}, {@code --name=value}, repeatable options,
 * flags, and positional arguments. Unknown options are errors that list the known ones.
 */
final class Args {
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * @param valued options that take a value
     * @param flags options that take none
     */
    static Args parse(String command, List<String> argv, Set<String> valued, Set<String> flags) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                a.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) throw new UsageException("--" + name + " takes no value");
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = argv.get(++i);
                }
                a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                List<String> known = new ArrayList<>();
                valued.forEach(v -> known.add("--" + v));
                flags.forEach(f -> known.add("--" + f));
                known.sort(null);
                throw new UsageException("unknown option --" + name + " for 'grist " + command + "'; its options are "
                        + String.join(", ", known));
            }
        }
        return a;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String value(String name) throws UsageException {
        List<String> v = options.get(name);
        if (v == null) return null;
        if (v.size() > 1) throw new UsageException("--" + name + " is given " + v.size() + " times; give it once");
        return v.get(0);
    }

    String value(String name, String fallback) throws UsageException {
        String v = value(name);
        return v == null ? fallback : v;
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    int intValue(String name, int fallback) throws UsageException {
        String v = value(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + v + "'");
        }
    }

    /** A duration option ({@code 90s}, {@code 10m}), with an error that names the option. */
    java.time.Duration duration(String name, String fallback) throws UsageException {
        try {
            return io.gristmill.engine.job.Durations.parse(value(name, fallback));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + ": " + e.getMessage());
        }
    }
}
