package io.gristmill.client;

import io.gristmill.aws.DynamoJobTable;
import io.gristmill.aws.S3Objects;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Pipeline;
import io.gristmill.protocol.Keys;
import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.PipelineRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a user does with a stack, on any endpoint: upload input, start a job by uploading its
 * manifest, watch it, and fetch its output. The CLI and the tests both use it; nothing here is
 * specific to the local cloud.
 */
public final class JobClient {
    private final S3Client s3;
    private final String bucket;
    private final JobTable table;
    private final ObjectStore objects;

    public JobClient(S3Client s3, DynamoDbClient dynamo, String bucket, String table) {
        this.s3 = s3;
        this.bucket = bucket;
        this.table = new DynamoJobTable(dynamo, table, 30);
        this.objects = new S3Objects(s3, bucket);
    }

    public String bucket() {
        return bucket;
    }

    public JobTable table() {
        return table;
    }

    /** The stack's bucket as the protocol sees it (what a job's report reads, as the table). */
    public ObjectStore objects() {
        return objects;
    }

    /**
     * Uploads local files and folders under {@code prefix}, keeping the names a user recognises: a
     * file as its name, a folder as its name followed by the paths inside it ({@link LocalInput} has
     * the rules). Returns the keys by file.
     *
     * @throws IllegalArgumentException when an input cannot be read as given (the message says why)
     */
    public Map<Path, String> upload(String prefix, List<Path> inputs) throws IOException {
        try {
            return upload(prefix, LocalInput.resolve(inputs));
        } catch (LocalInput.Problem e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** PUTs at once (see {@link ParallelPuts}). */
    static final int UPLOAD_THREADS = 4;

    /**
     * Uploads files already resolved (and checked) by {@link LocalInput#resolve}, several at once; returns the
     * keys by file. If any PUT fails, the others are abandoned and its exception is thrown.
     */
    public Map<Path, String> upload(String prefix, LocalInput input) {
        Map<Path, String> keys = input.keys(prefix);
        try {
            ParallelPuts.run(keys, UPLOAD_THREADS, this::put);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only an interrupt: PUTs throw SDK exceptions
        }
        return keys;
    }

    private void put(Path file, String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    /** Uploads a manifest under jobs/, which starts the job; returns its key. */
    public String submit(String name, Manifest manifest) {
        return submitManifest(name, manifest.toJson());
    }

    /** Uploads a manifest written by hand (checked only by the coordinator); returns its key. */
    public String submitManifest(String name, String json) {
        String key = Keys.MANIFESTS + name + ".json";
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(json));
        return key;
    }

    /** Waits until the coordinator has taken the upload and names its job. */
    public String awaitJobId(String triggerKey, Duration timeout) throws InterruptedException {
        return awaitJobId(triggerKey, timeout, Duration.ofMillis(50));
    }

    /** As {@link #awaitJobId(String, Duration)}, reading the table every {@code poll}. */
    public String awaitJobId(String triggerKey, Duration timeout, Duration poll) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> id = read(() -> table.triggeredJob(bucket, triggerKey));
            if (id.isPresent()
                    && (job(id.get()).isPresent() || pipeline(id.get()).isPresent())) return id.get();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no job started from s3://" + bucket + "/" + triggerKey + " within "
                        + timeout.toSeconds() + " s; is the coordinator running? (check its logs)");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    public Optional<JobRecord> job(String jobId) {
        return read(() -> table.job(jobId));
    }

    public Optional<PipelineRecord> pipeline(String pipelineId) {
        return read(() -> table.pipeline(pipelineId));
    }

    /** The stack's most recent pipelines, newest first. */
    public List<PipelineRecord> recentPipelines(int limit) {
        return read(() -> table.recentPipelines(limit, System.currentTimeMillis()));
    }

    /** The stage job a pipeline is running (or ran last), if it started any. */
    public Optional<JobRecord> currentStage(PipelineRecord pipeline) {
        if (pipeline.definition().isEmpty()) return Optional.empty();
        Pipeline p = pipeline.definition().get();
        JobRecord last = null;
        for (int s = 0; s < p.stages().size(); s++) {
            for (int i = 1; i <= p.stages().get(s).repeat(); i++) {
                Optional<JobRecord> job = job(p.stageJobId(pipeline.pipelineId(), s, i));
                if (job.isEmpty()) return Optional.ofNullable(last);
                last = job.get();
            }
        }
        return Optional.ofNullable(last);
    }

    /** Polls a pipeline until it finishes, reporting it and its current stage's job to {@code progress}. */
    public PipelineRecord awaitPipeline(
            String pipelineId,
            Duration timeout,
            Duration poll,
            BiConsumer<PipelineRecord, Optional<JobRecord>> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            PipelineRecord p = pipeline(pipelineId)
                    .orElseThrow(() -> new IllegalStateException("pipeline " + pipelineId + " is gone"));
            progress.accept(p, currentStage(p));
            if (p.status().finished()) return p;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "pipeline " + pipelineId + " did not finish within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /**
     * Downloads what a finished pipeline leaves: its last stage's output and {@code _PIPELINE.json}
     * into {@code dir}, and each stage's {@code _JOB.json} into {@code dir/<stage>/} (with the
     * iteration below it for a repeating stage). Returns the files by their path in {@code dir}.
     */
    public Map<String, Path> fetchPipeline(PipelineRecord pipeline, Path dir) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (pipeline.definition().isPresent()) {
            Pipeline p = pipeline.definition().get();
            String last = pipeline.results().get(p.stages().size() - 1);
            if (last != null) fetch(last, dir).forEach(files::put);
            for (String key : outputKeys(pipeline.outputPrefix())) {
                if (!key.endsWith("/" + Keys.summary(""))) continue;
                String relative = key.substring(pipeline.outputPrefix().length());
                Path target = dir.resolve(relative);
                Files.createDirectories(target.getParent());
                s3.getObject(b -> b.bucket(bucket).key(key), target);
                files.put(relative, target);
            }
        }
        Optional<String> summary = read(pipeline.outputPrefix() + PIPELINE_SUMMARY);
        if (summary.isPresent()) {
            Files.createDirectories(dir);
            Path target = dir.resolve(PIPELINE_SUMMARY);
            Files.writeString(target, summary.get());
            files.put(PIPELINE_SUMMARY, target);
        }
        return files;
    }

    /** A pipeline's summary, at its output prefix. */
    public static final String PIPELINE_SUMMARY = "_PIPELINE.json";

    /** The stack's most recent jobs, newest first. */
    public List<JobRecord> recentJobs(int limit) {
        return read(() -> table.recentJobs(limit, System.currentTimeMillis()));
    }

    /** A finished job's {@code _JOB.json}, if it is there. */
    public Optional<JobSummary> summary(JobRecord job) {
        return read(summaryKey(job)).map(JobSummary::fromJson);
    }

    /** Where a job's {@code _JOB.json} is (or will be). */
    public static String summaryKey(JobRecord job) {
        return Keys.summary(job.outputPrefix());
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    /** The table's reads declare IOException; on the SDK they throw unchecked exceptions anyway. */
    private static <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job that had not finished when its waiter gave up. */
    public static final class StillRunning extends IllegalStateException {
        private final transient JobRecord job;

        StillRunning(JobRecord job, Duration waited) {
            super("job " + job.jobId() + " did not finish within " + waited.toSeconds() + " s (it is " + job.status()
                    + ")");
            this.job = job;
        }

        /** The job as last seen. */
        public JobRecord job() {
            return job;
        }
    }

    /**
     * Polls the job until it finishes, reporting each state to {@code progress}.
     *
     * @throws StillRunning when {@code timeout} passes first
     */
    public JobRecord await(String jobId, Duration timeout, Consumer<JobRecord> progress) throws InterruptedException {
        return await(jobId, timeout, Duration.ofMillis(100), progress);
    }

    /** As {@link #await(String, Duration, Consumer)}, reading the job every {@code poll}. */
    public JobRecord await(String jobId, Duration timeout, Duration poll, Consumer<JobRecord> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobRecord job = job(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " is gone"));
            progress.accept(job);
            if (job.status().finished()) return job;
            if (System.nanoTime() > deadline) throw new StillRunning(job, timeout);
            Thread.sleep(poll.toMillis());
        }
    }

    /** The keys under a job's output prefix (parts, _JOB.json, _SUCCESS). */
    public List<String> outputKeys(String outputPrefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page =
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix(outputPrefix).continuationToken(t));
            for (S3Object o : page.contents()) keys.add(o.key());
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    /**
     * Downloads the output prefix into a folder; returns the files by name. The order is the output
     * contract's: the parts (and anything else), then {@code _JOB.json}, then {@code _SUCCESS} last,
     * each written under a temporary name and renamed into place, so whoever waits for
     * {@code _SUCCESS} finds every part whole.
     */
    public Map<String, Path> fetch(String outputPrefix, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        for (String key : outputKeys(outputPrefix)) {
            String name = key.substring(outputPrefix.length());
            if (!name.isEmpty() && !name.contains("/")) names.add(name);
        }
        names.sort(Comparator.comparingInt((String n) -> n.equals("_JOB.json") ? 1 : n.equals("_SUCCESS") ? 2 : 0)
                .thenComparing(Comparator.naturalOrder()));
        Map<String, Path> files = new TreeMap<>();
        for (String name : names) {
            String key = outputPrefix + name;
            Path target = dir.resolve(name);
            Path partial = dir.resolve("." + name + ".partial");
            try {
                Files.deleteIfExists(partial);
                s3.getObject(b -> b.bucket(bucket).key(key), partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (UncheckedIOException e) {
                Files.deleteIfExists(partial);
                throw e.getCause();
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            files.put(name, target);
        }
        return files;
    }

    public Optional<String> read(String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The job's output prefix (its key part, without the bucket). */
    public static String outputPrefix(JobRecord job) {
        return job.outputPrefix();
    }
}
