package io.gristmill.bench;

import io.gristmill.bench.child.Workload;
import io.gristmill.bench.input.CorpusGenerator;
import io.gristmill.bench.input.InputCache;
import io.gristmill.bench.input.SortInputGenerator;
import io.gristmill.bench.input.TinyInputGenerator;
import io.gristmill.engine.job.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Which workload runs on which input with which systems, generating (or reusing) the inputs:
 * wordcount and indexer on the Zipf corpora and the books, sort on the sort lines, and the tiny job.
 * Spark runs wordcount and sort, Hadoop wordcount; the tiny job measures Gristmill's per-task cost,
 * with plain Java as the yardstick.
 */
final class CasePlanner {
    private static final long MIN_SPLIT = 1L << 20;
    private static final long MAX_SPLIT = 64L << 20; // Gristmill's default split size

    private final BenchOptions options;
    private final InputCache cache;
    private final Consumer<String> log;

    CasePlanner(BenchOptions options, Consumer<String> log) {
        this.options = options;
        this.cache = new InputCache(options.dataDir());
        this.log = log;
    }

    List<BenchCase> plan() throws IOException {
        List<BenchCase> cases = new ArrayList<>();
        if (options.gutenberg() != null) {
            long bytes = folderBytes(options.gutenberg());
            addIfWanted(
                    cases, "wordcount", Workload.WORDCOUNT, "gutenberg", options.gutenberg(), bytes, autoSplit(bytes));
            addIfWanted(cases, "indexer", Workload.INDEXER, "gutenberg", options.gutenberg(), bytes, autoSplit(bytes));
        }
        if (wants("tiny")) {
            Path dir = cache.ensure(new TinyInputGenerator(options.tinyTasks(), options.seed()), log);
            addIfWanted(
                    cases,
                    "tiny",
                    Workload.WORDCOUNT,
                    dir.getFileName().toString(),
                    dir,
                    folderBytes(dir),
                    TinyInputGenerator.BLOCK_BYTES);
        }
        for (String size : options.sizes()) {
            long bytes = Sizes.parse(size);
            if (wants("wordcount") || wants("indexer")) {
                Path dir = cache.ensure(new CorpusGenerator(size, bytes, options.seed()), log);
                long actual = folderBytes(dir);
                // From the nominal size: the generator's parts are at most size/8 each, so this is one split per part.
                addIfWanted(
                        cases,
                        "wordcount",
                        Workload.WORDCOUNT,
                        dir.getFileName().toString(),
                        dir,
                        actual,
                        autoSplit(bytes));
                addIfWanted(
                        cases,
                        "indexer",
                        Workload.INDEXER,
                        dir.getFileName().toString(),
                        dir,
                        actual,
                        autoSplit(bytes));
            }
            if (wants("sort")) {
                Path dir = cache.ensure(new SortInputGenerator(size, bytes, options.seed()), log);
                long actual = folderBytes(dir);
                addIfWanted(cases, "sort", Workload.SORT, dir.getFileName().toString(), dir, actual, autoSplit(bytes));
            }
        }
        return cases;
    }

    private boolean wants(String workload) {
        return options.workloads().contains(workload);
    }

    private void addIfWanted(
            List<BenchCase> cases,
            String name,
            Workload workload,
            String inputName,
            Path dir,
            long bytes,
            long splitSize) {
        if (!wants(name)) return;
        List<String> systems =
                options.systems().stream().filter(s -> supports(s, name)).toList();
        if (systems.isEmpty()) return;
        long split = options.splitSize() != null && !name.equals("tiny") ? options.splitSize() : splitSize;
        cases.add(
                new BenchCase(name + " · " + inputName, name + "-" + inputName, workload, dir, bytes, split, systems));
    }

    static boolean supports(String system, String workload) {
        return switch (system) {
            case "spark" -> workload.equals("wordcount") || workload.equals("sort");
            case "hadoop" -> workload.equals("wordcount");
            default -> true;
        };
    }

    /** An eighth of the input, so that Gristmill has several map tasks per core; within 1 MB..64 MB. */
    private static long autoSplit(long bytes) {
        return Math.max(MIN_SPLIT, Math.min(MAX_SPLIT, (bytes + 7) / 8));
    }

    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) total += Files.size(p);
            return total;
        }
    }
}
