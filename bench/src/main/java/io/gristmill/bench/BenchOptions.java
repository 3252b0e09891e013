package io.gristmill.bench;

import io.gristmill.engine.job.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The harness's command line. */
record BenchOptions(
        List<String> sizes,
        int runs,
        List<String> systems,
        List<String> workloads,
        Path gutenberg,
        long seed,
        Path dataDir,
        int threads,
        int reducers,
        Long splitSize,
        int tinyTasks,
        List<String> jvmOptions) {

    static final List<String> SYSTEMS =
            List.of("gristmill", "gristmill-process", "gristmill-256mb", "grist", "java1", "java2", "spark", "hadoop");
    static final List<String> WORKLOADS = List.of("wordcount", "indexer", "sort", "tiny");

    static final String USAGE = """
            Usage: bench/run [options]     (or java -cp ... io.gristmill.bench.Bench [options])
              --sizes 10MB,100MB       generated input sizes (default 10MB); each makes a Zipf corpus and sort lines
              --runs N                 measured runs of each system per input (default 3); the median is reported
              --systems a,b            of gristmill (the local cloud, in-JVM functions), gristmill-process
                                       (each function instance a JVM under Lambda's runtime client),
                                       gristmill-256mb (process, 256 MB map and reduce functions), grist
                                       (the whole ./grist run command, with grist's own defaults), java1,
                                       java2, spark, hadoop (default: all but gristmill-256mb and grist)
              --whole-command          add grist to the systems
              --workloads a,b          of wordcount, indexer, sort, tiny (default all)
              --gutenberg DIR          also run wordcount and indexer over the text files in DIR
              --seed N                 the generators' seed (default 42)
              --data DIR               where inputs are cached and runs write (default bench/data)
              --threads N              cores each system may use: Spark local[N], N Java threads, N map and
                                       reduce slots in Hadoop, N instances per function in Gristmill (default 2)
              --reducers R             reduce tasks / output partitions, for every engine (default 4)
              --split-size SIZE        Gristmill's split size (default: an input's size / 8, 1MB..64MB)
              --tiny-tasks N           map tasks of the tiny job (default 2000)
              --jvm-opt OPT            an option for every child JVM, e.g. --jvm-opt -Xmx8g; repeatable
            """;

    static BenchOptions parse(String[] argv) {
        List<String> sizes = List.of("10MB");
        int runs = 3;
        List<String> systems = SYSTEMS.stream()
                .filter(x -> !x.equals("gristmill-256mb") && !x.equals("grist"))
                .toList();
        List<String> workloads = WORKLOADS;
        Path gutenberg = null;
        long seed = 42;
        Path data = io.gristmill.local.Home.dir().resolve("bench").resolve("data");
        int threads = 2;
        int reducers = 4;
        Long splitSize = null;
        int tinyTasks = 2000;
        List<String> jvm = new ArrayList<>();
        boolean wholeCommand = false;
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            if (name.equals("--help") || name.equals("-h")) throw new UsageError(null);
            if (name.equals("--whole-command")) {
                wholeCommand = true;
                continue;
            }
            if (i + 1 >= argv.length) throw new UsageError(name + " needs a value");
            String v = argv[++i];
            switch (name) {
                case "--sizes" -> sizes = list(v, null);
                case "--runs" -> runs = positive(name, v);
                case "--systems" -> systems = list(v, SYSTEMS);
                case "--workloads" -> workloads = list(v, WORKLOADS);
                case "--gutenberg" -> gutenberg = Path.of(v).toAbsolutePath();
                case "--seed" -> seed = Long.parseLong(v);
                case "--data" -> data = Path.of(v).toAbsolutePath();
                case "--threads" -> threads = positive(name, v);
                case "--reducers" -> reducers = positive(name, v);
                case "--split-size" -> splitSize = Sizes.parse(v);
                case "--tiny-tasks" -> tinyTasks = positive(name, v);
                case "--jvm-opt" -> jvm.add(v);
                default -> throw new UsageError("unknown option " + name);
            }
        }
        for (String s : sizes) Sizes.parse(s); // fail now, not after an hour
        if (wholeCommand && !systems.contains("grist")) {
            systems = new ArrayList<>(systems);
            systems.add("grist");
        }
        return new BenchOptions(
                sizes, runs, systems, workloads, gutenberg, seed, data, threads, reducers, splitSize, tinyTasks, jvm);
    }

    private static List<String> list(String value, List<String> allowed) {
        List<String> items = Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        for (String item : items) {
            if (allowed != null && !allowed.contains(item)) {
                throw new UsageError("'" + item + "' is not one of " + String.join(", ", allowed));
            }
        }
        return items;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError(name + " takes a whole number of at least 1, not '" + value + "'");
    }

    /** A bad command line: the message (null for --help) and the usage are printed. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
