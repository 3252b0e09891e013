package io.gristmill.sim;

import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.Coordinator;
import io.gristmill.protocol.DeadLetters;
import io.gristmill.protocol.Keys;
import io.gristmill.protocol.MapWorker;
import io.gristmill.protocol.MergeWorker;
import io.gristmill.protocol.ReduceWorker;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.message.TaskMessage;
import io.gristmill.protocol.state.JobStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs one job on the simulated cloud: the stack of template.yaml (its functions, their memory and
 * timeouts, their event sources and concurrency, its queues' dead-letter queues), the real protocol in
 * every function, and the cost model in place of the tasks' work. The job starts as on AWS, with a
 * manifest uploaded to {@code jobs/}, and ends when the table says it succeeded or failed and no
 * invocation is left running.
 */
public final class Simulation {
    static final String BUCKET = "gristmill-sim";
    static final long EPOCH = 1_800_000_000_000L;
    /** A simulation that has not ended after this much virtual time is stopped. */
    static final long LIMIT_MILLIS = 7 * 24 * 3_600_000L;

    private Simulation() {}

    /** The apps whose costs the simulator models. */
    public static java.util.Set<String> apps() {
        return AppModel.CALIBRATED.keySet();
    }

    public static SimResult run(SimOptions o) throws IOException {
        return run(o, AwsModel.aws(), AppModel.of(o.app()));
    }

    static SimResult run(SimOptions o, AwsModel model, AppModel app) throws IOException {
        long wallStart = System.nanoTime();
        PrintStream stdout = System.out;
        PrintStream log = o.log() != null ? o.log() : new PrintStream(OutputStream.nullOutputStream());
        // Each attempt makes and deletes a scratch directory (TaskWorker): in memory where there is one.
        Path shm = Path.of("/dev/shm");
        Path tmp = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "gristmill-sim-")
                : Files.createTempDirectory("gristmill-sim-");
        VirtualTime time = new VirtualTime(EPOCH);
        System.setOut(log); // the protocol logs each event to standard output, as Lambda does
        try {
            Requests requests = new Requests();
            SimObjects objects = new SimObjects(BUCKET, time, model, requests);
            SimTable table = new SimTable(time, model, requests);
            SimQueues queues = new SimQueues(time, model, requests, o.maxTaskAttempts());
            Cloud cloud = new Cloud(
                    objects,
                    table,
                    queues,
                    time,
                    4,
                    64L << 20,
                    tmp,
                    Cloud.CrashMode.THROW,
                    (long) o.taskTmpMb() << 20,
                    o.mergeAbove(),
                    o.retryDelaySeconds());
            SimTasks tasks = new SimTasks(
                    objects, app, model, o.taskMemoryMb(), o.stragglers(), o.slowdown(), o.seed(), o.inputBytes());

            // The functions of template.yaml. Tasks keep SnapStart only with the default 512 MB of /tmp.
            Lambda lambda = new Lambda(time, model, queues, cloud, o.retryDelaySeconds());
            long taskColdStart = o.taskTmpMb() <= 512 ? model.coldStartMillis() : model.coldStartNoSnapStartMillis();
            Lambda.Function coordinator = lambda.function("coordinator", 1024, 300, model.coldStartMillis());
            Lambda.Function mapFn = lambda.function("map", o.taskMemoryMb(), 900, taskColdStart);
            Lambda.Function reduceFn = lambda.function("reduce", o.taskMemoryMb(), 900, taskColdStart);
            Lambda.Function deadLetter = lambda.function("dead-letter", 512, 60, model.coldStartMillis());
            lambda.eventSource(queues.coordinator, coordinator, 10, (body, d) -> {
                for (ObjectCreated e : ObjectCreated.parse(body)) new Coordinator(cloud).onObjectCreated(e, d);
            });
            lambda.eventSource(
                    queues.map,
                    mapFn,
                    o.concurrency(),
                    (body, d) -> new MapWorker(cloud, tasks).run((MapMessage) TaskMessage.parse(body), d));
            lambda.eventSource(queues.reduce, reduceFn, o.concurrency(), (body, d) -> {
                TaskMessage msg = TaskMessage.parse(body);
                if (msg instanceof MergeMessage merge) new MergeWorker(cloud, tasks).run(merge, d);
                else new ReduceWorker(cloud, tasks).run((ReduceMessage) msg, d);
            });
            for (SimQueue dlq :
                    new SimQueue[] {queues.coordinatorDeadLetters, queues.mapDeadLetters, queues.reduceDeadLetters}) {
                lambda.eventSource(dlq, deadLetter, 2, (body, d) -> new DeadLetters(cloud).onDeadLetter(body));
            }

            // The input, then the manifest whose upload starts the job.
            InputContent content = InputContent.forApp(o.app(), o.seed());
            long each = (o.inputBytes() + o.objects() - 1) / o.objects();
            for (int i = 0; i < o.objects(); i++) {
                long size = Math.min(each, o.inputBytes() - (long) i * each);
                if (size > 0) objects.putInput(String.format("data/sim/part-%05d", i), size, content);
            }
            String manifestKey = "jobs/simulate.json";
            objects.putBytes(manifestKey, manifest(o).getBytes(StandardCharsets.UTF_8));
            String eTag = objects.eTag(manifestKey).orElseThrow();
            time.after(model.s3EventMillis(), () -> {
                requests.add("Sqs.SendMessage", 1); // S3's notification, as the local cloud counts it
                queues.coordinator.send(ObjectCreated.notification(BUCKET, manifestKey, 100, eTag, "1"));
            });
            SplittableRandom random = new SplittableRandom(o.seed() * 31 + 7);
            for (SimOptions.Kill k : o.kills()) time.after(k.atMillis(), () -> lambda.kill(k.count(), random));
            time.every(60_000, objects::prune);

            boolean ended = time.run(() -> table.end() != null && lambda.busy() == 0, EPOCH + LIMIT_MILLIS);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            return SimResult.of(
                    o,
                    ended,
                    table,
                    objects,
                    queues,
                    requests,
                    lambda,
                    new Lambda.Function[] {coordinator, mapFn, reduceFn, deadLetter},
                    tasks,
                    time,
                    Prices.usEast1(),
                    wall);
        } finally {
            System.setOut(stdout);
            time.shutdown();
            FileTree.delete(tmp);
        }
    }

    /** The job's manifest, as a user would upload it. */
    static String manifest(SimOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "simulate");
        m.put("app", o.app());
        m.put("input", "data/sim/");
        m.put("output", "output/simulate/");
        m.put("reducers", o.reducers());
        m.put("splitSize", o.splitSize());
        if (!o.backups()) m.put("backupTasks", false);
        return Json.write(m);
    }

    /** The job's {@code _JOB.json}, read without counting a request. */
    static String summaryKey() {
        return Keys.summary("output/simulate/");
    }

    static boolean succeeded(SimTable table) {
        return table.end() == JobStatus.SUCCEEDED;
    }
}
