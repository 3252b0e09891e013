package io.gristmill.report.testing;

import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Job summaries made by hand, with every kind of attempt where the tests want it. */
public final class SampleJobs {
    public static final long T0 = 1_700_000_000_000L;

    private SampleJobs() {}

    static Attempt attempt(String id, int delivery, String worker, double from, Double to, Outcome o, String error) {
        return new Attempt(id, delivery, worker, at(from), to == null ? null : at(to), o, error);
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    static Map<String, Long> mapCounters(long in, long out) {
        return Map.of(
                "map.input.bytes",
                in,
                "map.input.records",
                in / 50,
                "map.output.bytes",
                out,
                "map.output.records",
                out / 12);
    }

    static Map<String, Long> reduceCounters(long shuffled, long out) {
        return Map.of(
                "reduce.shuffle.bytes",
                shuffled,
                "reduce.input.records",
                shuffled / 12,
                "reduce.output.bytes",
                out,
                "reduce.output.records",
                out / 14);
    }

    static JobSpec spec(int maps, int reducers, String chaos) {
        try {
            return Manifest.builder()
                    .app("wordcount")
                    .input(List.of("books/"))
                    .output("output/sample/")
                    .reducers(reducers)
                    .chaos(Chaos.parse(chaos))
                    .build()
                    .toSpec("sample-20261202-101500-1a2b3c4d", "sample", reducers, 64 << 20);
        } catch (io.gristmill.engine.job.JobSpecException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Four maps and two reduces: m-00001 crashed and ran again, m-00002 failed (threw) and ran again,
     * m-00003 straggled and its backup won; the straggler ended, superseded, after the job did.
     */
    public static JobSummary crashRetryBackup() {
        List<TaskSummary> tasks = new ArrayList<>();
        tasks.add(task(
                TaskId.map(0),
                "books/a.txt bytes 0-1048576",
                "a1000000",
                mapCounters(1 << 20, 200_000),
                attempt("a1000000", 1, "MapFunction/001", 0.2, 1.2, Outcome.COMMITTED, null)));
        tasks.add(task(
                TaskId.map(1),
                "books/b.txt bytes 0-1048576",
                "a3000000",
                mapCounters(1 << 20, 190_000),
                attempt("a2000000", 1, "MapFunction/002", 0.2, null, Outcome.LOST, null),
                attempt("a3000000", 2, "MapFunction/003", 2.5, 3.4, Outcome.COMMITTED, null)));
        tasks.add(task(
                TaskId.map(2),
                "books/c.txt bytes 0-524288",
                "a5000000",
                mapCounters(1 << 19, 90_000),
                attempt(
                        "a4000000",
                        1,
                        "MapFunction/001",
                        1.3,
                        1.9,
                        Outcome.FAILED,
                        "java.lang.IllegalStateException: cannot digest line 17 <of \"c.txt\">"),
                attempt("a5000000", 2, "MapFunction/001", 3.0, 3.8, Outcome.COMMITTED, null)));
        tasks.add(task(
                TaskId.map(3),
                "books/d.txt bytes 0-1048576",
                "a7000000",
                mapCounters(1 << 20, 210_000),
                attempt("a6000000", 1, "MapFunction/004", 0.2, 6.0, Outcome.SUPERSEDED, null),
                attempt("a7000000", 2, "MapFunction/002", 3.0, 3.9, Outcome.COMMITTED, null)));
        tasks.add(task(
                TaskId.reduce(0),
                "partition 0 of 4 map outputs",
                "a8000000",
                reduceCounters(350_000, 120_000),
                attempt("a8000000", 1, "ReduceFunction/001", 4.0, 5.5, Outcome.COMMITTED, null)));
        tasks.add(task(
                TaskId.reduce(1),
                "partition 1 of 4 map outputs",
                "a9000000",
                reduceCounters(340_000, 110_000),
                attempt("a9000000", 1, "ReduceFunction/002", 4.0, 5.0, Outcome.COMMITTED, null)));
        return summary(JobStatus.SUCCEEDED, null, 4, 2, at(3.95), at(5.7), tasks);
    }

    /** A job whose map task m-00001 failed every attempt. */
    public static JobSummary failed() {
        List<TaskSummary> tasks = new ArrayList<>();
        tasks.add(task(
                TaskId.map(0),
                "books/a.txt bytes 0-100",
                "b1000000",
                mapCounters(100, 40),
                attempt("b1000000", 1, "MapFunction/001", 0.1, 0.4, Outcome.COMMITTED, null)));
        String boom = "java.lang.IllegalStateException: cannot digest this line";
        tasks.add(new TaskSummary(
                TaskId.map(1),
                "books/b.txt bytes 0-100",
                TaskStatus.RUNNING,
                null,
                boom,
                List.of(
                        attempt("b2000000", 1, "MapFunction/002", 0.1, 0.3, Outcome.FAILED, boom),
                        attempt("b3000000", 2, "MapFunction/002", 1.3, 1.5, Outcome.FAILED, boom)),
                Map.of()));
        return summary(
                JobStatus.FAILED, "task m-00001 failed 2 attempts; last error: " + boom, 2, 1, null, at(1.6), tasks);
    }

    /** A job in its map phase: one map committed, one running, one whose first attempt went silent. */
    public static JobSummary running() {
        List<TaskSummary> tasks = new ArrayList<>();
        tasks.add(task(
                TaskId.map(0),
                "books/a.txt bytes 0-100",
                "c1000000",
                mapCounters(100, 40),
                attempt("c1000000", 1, "MapFunction/001", 0.1, 0.9, Outcome.COMMITTED, null)));
        tasks.add(new TaskSummary(
                TaskId.map(1),
                "books/b.txt bytes 0-100",
                TaskStatus.RUNNING,
                null,
                null,
                List.of(attempt("c2000000", 1, "MapFunction/002", 0.1, null, Outcome.RUNNING, null)),
                Map.of()));
        tasks.add(new TaskSummary(
                TaskId.map(2),
                "books/c.txt bytes 0-100",
                TaskStatus.RUNNING,
                null,
                null,
                List.of(
                        attempt("c3000000", 1, "MapFunction/003", 0.1, null, Outcome.RUNNING, null),
                        attempt("c4000000", 2, "MapFunction/001", 1.2, null, Outcome.RUNNING, null)),
                Map.of()));
        return summary(JobStatus.MAPPING, null, 3, 2, null, at(2.0), tasks);
    }

    /**
     * A large job, as a busy stack on AWS would run it: {@code maps} maps and {@code reducers} reduces
     * on {@code instances} instances, about 2% of maps lost and run again, 1% failed once, a few
     * stragglers with backups.
     */
    public static JobSummary large(int maps, int reducers, int instances, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<TaskSummary> tasks = new ArrayList<>(maps + reducers);
        long[] free = new long[instances];
        int mapInstances = Math.max(1, instances * 9 / 10);
        int n = 0;
        for (int m = 0; m < maps; m++) {
            List<Attempt> as = new ArrayList<>();
            int w = m % mapInstances;
            long start = free[w] + r.nextInt(40);
            long took = 2_000 + r.nextInt(2_000);
            double dice = r.nextDouble();
            String id = String.format("%08x", n++);
            if (dice < 0.02) {
                as.add(new Attempt(id, 1, worker("Map", w), start, null, Outcome.LOST, null));
                id = String.format("%08x", n++);
                int w2 = (w + 7) % mapInstances;
                long s2 = Math.max(free[w2], start + 60_000);
                as.add(new Attempt(id, 2, worker("Map", w2), s2, s2 + took, Outcome.COMMITTED, null));
                free[w2] = s2 + took;
                free[w] = start + 500;
            } else if (dice < 0.03) {
                as.add(new Attempt(id, 1, worker("Map", w), start, start + 300, Outcome.FAILED, "boom"));
                id = String.format("%08x", n++);
                as.add(new Attempt(
                        id, 2, worker("Map", w), start + 10_300, start + 10_300 + took, Outcome.COMMITTED, null));
                free[w] = start + 10_300 + took;
            } else if (dice < 0.035) {
                as.add(new Attempt(id, 1, worker("Map", w), start, start + 12 * took, Outcome.SUPERSEDED, null));
                id = String.format("%08x", n++);
                int w2 = (w + 13) % mapInstances;
                long s2 = start + 3 * took + 1_000; // while the straggler still runs: a backup
                as.add(new Attempt(id, 2, worker("Map", w2), s2, s2 + took, Outcome.COMMITTED, null));
                free[w2] = Math.max(free[w2], s2 + took);
                free[w] = start + 12 * took;
            } else {
                as.add(new Attempt(id, 1, worker("Map", w), start, start + took, Outcome.COMMITTED, null));
                free[w] = start + took;
            }
            String committed = as.get(as.size() - 1).id();
            tasks.add(new TaskSummary(
                    TaskId.map(m),
                    "data/part-" + (m / 100) + ".csv bytes " + (m % 100) * 67108864L + "-" + (m % 100 + 1) * 67108864L,
                    TaskStatus.DONE,
                    committed,
                    null,
                    as,
                    new TreeMap<>(mapCounters(64L << 20, 9L << 20))));
        }
        long mapsDone = 0;
        for (long f : free) mapsDone = Math.max(mapsDone, f);
        for (int q = 0; q < reducers; q++) {
            int w = mapInstances + q % Math.max(1, instances - mapInstances);
            long start = mapsDone + 200 + r.nextInt(400);
            long took = 20_000 + r.nextInt(20_000);
            String id = String.format("%08x", n++);
            tasks.add(new TaskSummary(
                    TaskId.reduce(q),
                    "partition " + q + " of " + maps + " map outputs",
                    TaskStatus.DONE,
                    id,
                    null,
                    List.of(new Attempt(id, 1, worker("Reduce", w), start, start + took, Outcome.COMMITTED, null)),
                    new TreeMap<>(reduceCounters((9L << 20) * maps / reducers, (3L << 20) * maps / reducers))));
        }
        long end = 0;
        for (TaskSummary t : tasks) for (Attempt a : t.attempts()) end = Math.max(end, a.end() == null ? 0 : a.end());
        return summary(JobStatus.SUCCEEDED, null, maps, reducers, T0 + mapsDone, T0 + end + 500, relative(tasks));
    }

    private static String worker(String function, int i) {
        return "2026/12/02/" + function + "Function[$LATEST]" + String.format("%032x", (long) i * 2654435761L);
    }

    /** The large job's times were kept from 0: move them to T0. */
    private static List<TaskSummary> relative(List<TaskSummary> tasks) {
        List<TaskSummary> out = new ArrayList<>(tasks.size());
        for (TaskSummary t : tasks) {
            List<Attempt> as = new ArrayList<>();
            for (Attempt a : t.attempts()) {
                as.add(new Attempt(
                        a.id(),
                        a.delivery(),
                        a.worker(),
                        T0 + a.start(),
                        a.end() == null ? null : T0 + a.end(),
                        a.outcome(),
                        a.error()));
            }
            out.add(new TaskSummary(t.task(), t.input(), t.status(), t.committed(), t.lastError(), as, t.counters()));
        }
        return out;
    }

    static TaskSummary task(TaskId id, String input, String committed, Map<String, Long> counters, Attempt... as) {
        return new TaskSummary(id, input, TaskStatus.DONE, committed, null, List.of(as), new TreeMap<>(counters));
    }

    static JobSummary summary(
            JobStatus status,
            String error,
            int maps,
            int reducers,
            Long mapsFinished,
            long finished,
            List<TaskSummary> tasks) {
        Map<String, Long> counters = new TreeMap<>();
        int attempts = 0;
        for (TaskSummary t : tasks) {
            attempts += t.attempts().size();
            t.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
        }
        JobSpec spec = spec(maps, reducers, "crash=0.2,straggle=1,seed=3");
        return new JobSummary(
                spec.id(),
                spec.name(),
                status,
                error,
                "s3://gristmill-000000000000-us-east-1/jobs/sample.json",
                "s3://gristmill-000000000000-us-east-1/output/sample/",
                T0,
                mapsFinished,
                finished,
                maps,
                reducers,
                attempts,
                counters,
                List.of(),
                Optional.of(spec),
                tasks,
                0);
    }
}
