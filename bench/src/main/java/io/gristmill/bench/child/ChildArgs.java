package io.gristmill.bench.child;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A child JVM's instructions, as {@code --name value} pairs: which system, which workload, the input
 * folder, a new output folder, a scratch folder, and the parallelism settings every engine shares.
 */
public record ChildArgs(
        String system,
        Workload workload,
        Path input,
        Path output,
        Path scratch,
        int threads,
        int reducers,
        long splitSize) {

    public static ChildArgs parse(String[] argv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --name, got " + argv[i]);
            m.put(argv[i].substring(2), argv[i + 1]);
        }
        return new ChildArgs(
                required(m, "system"),
                Workload.of(required(m, "workload")),
                Path.of(required(m, "input")).toAbsolutePath(),
                Path.of(required(m, "output")).toAbsolutePath(),
                Path.of(required(m, "scratch")).toAbsolutePath(),
                Integer.parseInt(m.getOrDefault("threads", "2")),
                Integer.parseInt(m.getOrDefault("reducers", "4")),
                Long.parseLong(m.getOrDefault("split-size", "0")));
    }

    public String[] toArgs() {
        return new String[] {
            "--system",
            system,
            "--workload",
            workload.app(),
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--scratch",
            scratch.toString(),
            "--threads",
            Integer.toString(threads),
            "--reducers",
            Integer.toString(reducers),
            "--split-size",
            Long.toString(splitSize)
        };
    }

    private static String required(Map<String, String> m, String name) {
        String v = m.get(name);
        if (v == null) throw new IllegalArgumentException("missing --" + name);
        return v;
    }
}
