package io.gristmill.bench.child.java;

import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.SystemRunner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The program anyone would write: read the files, fold each line into a HashMap (or a list), write the
 * result. With {@code threads} > 1 each thread takes an equal share of the bytes, cut on a line boundary,
 * and the maps are merged at the end: the per-core limit of ordinary Java.
 */
public final class PlainJavaRunner implements SystemRunner {
    @Override
    public void run(ChildArgs args) throws Exception {
        int threads = args.system().equals("java1") ? 1 : args.threads();
        LocalJob<?> job = switch (args.workload()) {
            case WORDCOUNT -> new WordCountJob();
            case INDEXER -> new IndexerJob();
            case SORT -> new SortJob();
        };
        execute(job, args, threads);
    }

    private static <S> void execute(LocalJob<S> job, ChildArgs args, int threads) throws Exception {
        List<List<FileRange>> shares = InputRanges.split(args.input(), threads);
        List<S> states = new ArrayList<>();
        if (threads == 1) {
            states.add(fold(job, shares.get(0)));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<S>> futures = new ArrayList<>();
                for (List<FileRange> share : shares) futures.add(pool.submit(() -> fold(job, share)));
                for (Future<S> f : futures) states.add(f.get());
            } finally {
                pool.shutdown();
            }
        }
        S result = states.get(0);
        for (int i = 1; i < states.size(); i++) result = job.merge(result, states.get(i));
        Files.createDirectories(args.output());
        try (BufferedWriter out =
                Files.newBufferedWriter(args.output().resolve("part-00000"), StandardCharsets.UTF_8)) {
            job.write(result, out);
        }
    }

    private static <S> S fold(LocalJob<S> job, List<FileRange> share) throws IOException {
        S state = job.newState();
        for (FileRange range : share) RangeLines.read(range, (source, line) -> job.line(state, source, line));
        job.finish(state);
        return state;
    }
}
