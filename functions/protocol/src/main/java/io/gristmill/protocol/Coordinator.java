package io.gristmill.protocol;

import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Partitioning;
import io.gristmill.engine.job.Pipeline;
import io.gristmill.engine.job.Recovery;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.StageMessage;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.StageRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Starts a job from an upload: a manifest under {@code jobs/} or a data object under
 * {@code input/<app>/}. It records the job, plans its splits once, and sends its map tasks.
 *
 * <p>The job id is derived from the event (key and sequencer), so a duplicate event names the same
 * job and finds it already started, and an event older than one already seen for the key is
 * dropped. A job that cannot run (a bad manifest, missing input, an unknown class) fails at once,
 * with the reason in the table and in {@code _JOB.json}.
 */
public final class Coordinator {
    private final Cloud cloud;
    private final Progress progress;

    public Coordinator(Cloud cloud) {
        this.cloud = cloud;
        this.progress = new Progress(cloud);
    }

    /** What an uploaded key asks for: a job with a name and, for {@code input/<app>/}, an app. */
    record Trigger(String name, String app, boolean manifest) {
        static Optional<Trigger> of(String key) {
            if (key.startsWith(Keys.MANIFESTS) && key.endsWith(".json")) {
                String name = key.substring(Keys.MANIFESTS.length(), key.length() - ".json".length());
                return Optional.of(new Trigger(JobSpec.safeName(name), null, true));
            }
            if (key.startsWith(Keys.INPUTS) && !key.endsWith("/")) {
                String rest = key.substring(Keys.INPUTS.length());
                int slash = rest.indexOf('/');
                String app = slash > 0 ? rest.substring(0, slash) : "";
                String file = rest.substring(rest.lastIndexOf('/') + 1);
                return Optional.of(
                        new Trigger(JobSpec.safeName((app.isEmpty() ? "input" : app) + "-" + file), app, false));
            }
            return Optional.empty();
        }
    }

    /** A job id that every delivery of the same event agrees on. */
    static String jobId(String name, ObjectCreated event) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((event.bucket() + "/" + event.key() + "#" + event.sequencer())
                            .getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void onObjectCreated(ObjectCreated event, Delivery delivery) throws Exception {
        Optional<Trigger> trigger = Trigger.of(event.key());
        if (trigger.isEmpty() || !event.bucket().equals(cloud.objects().bucket())) {
            Log.info(null, null, "ignoring s3://" + event.bucket() + "/" + event.key() + ": not a job trigger");
            return;
        }
        // Until the job's own lease takes over, a default one: the queue's visibility timeout (six
        // times the function's) is far too long to wait after a crash.
        try (Lease early = Lease.plain(cloud, delivery, Recovery.DEFAULT.leaseSeconds(), null)
                .start()) {
            start(trigger.get(), event, delivery, early);
        }
    }

    /** Starts one iteration of one stage of a pipeline (the previous stage's publication asked). */
    public void onStage(StageMessage msg, Delivery delivery) throws Exception {
        try (Lease early = Lease.plain(cloud, delivery, Recovery.DEFAULT.leaseSeconds(), msg.pipelineId())
                .start()) {
            Optional<PipelineRecord> pipeline = cloud.table().pipeline(msg.pipelineId());
            if (pipeline.isEmpty() || pipeline.get().status().finished()) {
                Log.info(
                        msg.pipelineId(),
                        null,
                        "pipeline is " + pipeline.map(p -> p.status().name()).orElse("gone") + "; not starting stage "
                                + (msg.stage() + 1));
                return;
            }
            startStage(pipeline.get(), msg.stage(), msg.iteration(), delivery, early);
        }
    }

    /** Records the job or pipeline (once) and starts it. */
    private void start(Trigger t, ObjectCreated event, Delivery delivery, Lease early) throws Exception {
        String jobId = jobId(t.name(), event);
        long now = cloud.clock().now();
        if (!cloud.table().claimTrigger(event.bucket(), event.key(), event.sequencer(), jobId, now)) {
            Log.info(jobId, null, "ignoring an older event for " + event.key() + " (a newer upload was seen)");
            return;
        }
        String triggerUri = cloud.objects().uri(event.key());
        Optional<PipelineRecord> pipeline = cloud.table().pipeline(jobId);
        if (pipeline.isPresent()) {
            // A duplicate of the event that started a pipeline: make sure its first stage started.
            if (!pipeline.get().status().finished()) startStage(pipeline.get(), 0, 1, delivery, early);
            return;
        }
        Optional<JobRecord> existing = cloud.table().job(jobId);
        if (existing.isPresent()) {
            if (existing.get().status() != JobStatus.PLANNING) return; // a duplicate event: already planned
            runJob(jobId, t.name(), existing.get().spec().orElseThrow(), triggerUri, null, existing, delivery, early);
            return;
        }
        String manifestText = null;
        if (t.manifest()) {
            Optional<byte[]> text = cloud.objects().getIfMatch(event.key(), event.eTag());
            if (text.isEmpty()) {
                Log.info(
                        jobId,
                        null,
                        "ignoring an event for a version of " + event.key() + " that was replaced or deleted");
                return;
            }
            manifestText = new String(text.get(), StandardCharsets.UTF_8);
            if (Pipeline.declaredIn(manifestText)) {
                startPipeline(jobId, t.name(), triggerUri, manifestText, event.key(), delivery, early);
                return;
            }
        }
        JobSpec spec;
        try {
            spec = readSpec(event, t, jobId, manifestText);
        } catch (JobSpecException e) {
            rejectNewJob(jobId, t.name(), triggerUri, e.getMessage());
            return;
        }
        runJob(jobId, t.name(), spec, triggerUri, null, Optional.empty(), delivery, early);
    }

    /**
     * Records a job (unless it exists) and plans it, under the job's own lease.
     *
     * @param stage the pipeline stage the job runs, or null for a job of its own
     */
    private void runJob(
            String jobId,
            String name,
            JobSpec spec,
            String triggerUri,
            StageRef stage,
            Optional<JobRecord> existing,
            Delivery delivery,
            Lease early)
            throws Exception {
        // From here on the job's lease holds the event: a crash brings it back within a lease, not
        // after the queue's visibility timeout.
        early.close();
        try (Lease lease = Lease.plain(cloud, delivery, spec.recovery().leaseSeconds(), jobId)
                .start()) {
            Faults faults = Faults.forCoordinator(cloud, jobId, spec.chaos(), delivery.receiveCount());
            if (existing.isEmpty()) {
                faults.at(FaultPoint.COORDINATOR_BEFORE_CREATE);
                JobTable.NewJob record = new JobTable.NewJob(
                        jobId,
                        name,
                        Optional.of(spec.toJson()),
                        triggerUri,
                        cloud.objects().uri(spec.output()),
                        Optional.ofNullable(stage));
                if (!cloud.table().createJob(record, cloud.clock().now())) {
                    JobRecord raced = cloud.table().job(jobId).orElseThrow();
                    if (raced.status() != JobStatus.PLANNING) return;
                    spec = raced.spec().orElseThrow();
                }
                Log.info(jobId, null, "job created from " + triggerUri);
                faults.at(FaultPoint.COORDINATOR_AFTER_CREATE);
            }
            try {
                planAndSend(jobId, spec, faults);
            } catch (JobSpecException e) {
                progress.publisher().fail(jobId, e.getMessage());
            } catch (Exception e) {
                cloud.table()
                        .setLastError(
                                jobId, "planning failed: " + e, cloud.clock().now());
                throw e;
            }
        }
    }

    /** The job's complete spec from its manifest or its {@code input/<app>/} upload. */
    private JobSpec readSpec(ObjectCreated event, Trigger t, String jobId, String manifestText) throws Exception {
        Manifest manifest;
        if (t.manifest()) {
            manifest = Manifest.parse(manifestText, event.key());
        } else {
            if (t.app().isEmpty()) {
                throw new JobSpecException("objects directly under input/ do not name an app; upload to input/<app>/"
                        + " (e.g. input/wordcount/" + event.key().substring(Keys.INPUTS.length()) + ") or write a"
                        + " manifest under jobs/");
            }
            manifest =
                    Manifest.builder().app(t.app()).input(List.of(event.key())).build();
        }
        JobSpec spec = manifest.toSpec(jobId, t.name(), cloud.defaultReducers(), cloud.defaultSplitSize());
        JobFunctions.load(spec).check();
        return spec;
    }

    /** Records a job that cannot start, so the user finds the reason where they look for results. */
    private void rejectNewJob(String jobId, String name, String trigger, String error) throws Exception {
        JobTable.NewJob record = new JobTable.NewJob(
                jobId, name, Optional.empty(), trigger, cloud.objects().uri(Keys.defaultOutput(jobId)));
        if (!cloud.table().createJob(record, cloud.clock().now())) return; // a duplicate event already recorded it
        progress.publisher().fail(jobId, error);
    }

    /**
     * Checks a whole pipeline before its first stage runs (every stage's app or classes, fields,
     * parameters, repeats and named inputs), records it, and starts stage 1. A pipeline that cannot
     * run fails at once, naming the stage and the field.
     */
    private void startPipeline(
            String pipelineId, String name, String trigger, String text, String where, Delivery delivery, Lease early)
            throws Exception {
        Pipeline pipeline;
        try {
            pipeline = Pipeline.parse(text, where).withDefaultOutput(pipelineId);
            List<JobSpec> specs = pipeline.check(pipelineId, cloud.defaultReducers(), cloud.defaultSplitSize());
            for (int i = 0; i < specs.size(); i++) {
                try {
                    JobFunctions.load(specs.get(i)).check();
                } catch (JobSpecException e) {
                    throw new JobSpecException(
                            "stage " + (i + 1) + " ('"
                                    + pipeline.stages().get(i).name() + "'): " + e.getMessage(),
                            e);
                }
            }
        } catch (JobSpecException e) {
            JobTable.NewPipeline record = new JobTable.NewPipeline(
                    pipelineId, name, Optional.empty(), trigger, cloud.objects().uri(Keys.defaultOutput(pipelineId)));
            if (cloud.table().createPipeline(record, cloud.clock().now())) {
                progress.publisher().failPipeline(pipelineId, e.getMessage());
            }
            return;
        }
        JobTable.NewPipeline record = new JobTable.NewPipeline(
                pipelineId,
                name,
                Optional.of(pipeline.toJson()),
                trigger,
                cloud.objects().uri(pipeline.output()));
        if (cloud.table().createPipeline(record, cloud.clock().now())) {
            Log.info(pipelineId, null, "pipeline of " + pipeline.stages().size() + " stages created from " + trigger);
        }
        startStage(cloud.table().pipeline(pipelineId).orElseThrow(), 0, 1, delivery, early);
    }

    /** Starts (or resumes) one iteration of one stage; its job id is fixed, so this is safe to repeat. */
    private void startStage(PipelineRecord record, int stage, int iteration, Delivery delivery, Lease early)
            throws Exception {
        Pipeline pipeline = record.definition().orElseThrow();
        String jobId = pipeline.stageJobId(record.pipelineId(), stage, iteration);
        StageRef ref = new StageRef(record.pipelineId(), stage, iteration);
        Optional<JobRecord> existing = cloud.table().job(jobId);
        if (existing.isPresent()) {
            JobRecord job = existing.get();
            if (job.status() == JobStatus.FAILED) progress.publisher().fail(jobId, job.error()); // tells the pipeline
            if (job.status() != JobStatus.PLANNING) return;
            runJob(jobId, job.name(), job.spec().orElseThrow(), job.trigger(), ref, existing, delivery, early);
            return;
        }
        JobSpec spec;
        try {
            List<String> results = Pipelines.results(record.results(), stage);
            spec = pipeline.stageManifest(stage, iteration, results)
                    .toSpec(jobId, "stage", cloud.defaultReducers(), cloud.defaultSplitSize());
        } catch (JobSpecException e) {
            progress.publisher().failPipeline(record.pipelineId(), "stage " + (stage + 1) + ": " + e.getMessage());
            return;
        }
        runJob(
                jobId,
                spec.name(),
                spec,
                "pipeline " + record.pipelineId() + " (" + cloud.objects().uri(record.outputPrefix()) + ")",
                ref,
                Optional.empty(),
                delivery,
                early);
    }

    /**
     * Lists the input, cuts the splits, samples it when that matters (a range partitioner's split
     * points; partitions that might not fit a task's /tmp), chooses the shuffle, writes the plan once,
     * and sends one message per split.
     */
    private void planAndSend(String jobId, JobSpec spec, Faults faults) throws Exception {
        // Plan, then write the plan only if no earlier attempt did (a conditional put, so the common
        // case costs no read); a retry that finds a plan uses it, so the tasks never change.
        List<InputObject> objects = InputLister.list(cloud.objects(), spec.input());
        Optional<String> present = cloud.objects().firstKey(spec.output());
        if (present.isPresent()) {
            // Refusing to write into an output prefix that holds data protects earlier results;
            // the summary goes to the default prefix so that not even it lands there.
            progress.publisher()
                    .fail(
                            jobId,
                            "output " + cloud.objects().uri(spec.output())
                                    + " already has objects (e.g. " + present.get()
                                    + "); choose another output prefix, or delete"
                                    + " those objects first",
                            Keys.defaultOutput(jobId));
            return;
        }
        List<Split> splits = SplitPlanner.plan(objects, spec.splitSize());
        long bytes = objects.stream().mapToLong(InputObject::size).sum();
        Optional<String> tooMany = Plan.tooManyTasks(splits, bytes, spec.splitSize());
        if (tooMany.isPresent()) {
            progress.publisher().fail(jobId, tooMany.get());
            return;
        }
        // Sampling costs a few ranged GETs; it is done when the partitions might not fit /tmp even if
        // the map output were no larger than the input's sixteenth, and always for a range partitioner.
        boolean sampled =
                !splits.isEmpty() && (spec.rangePartitioned() || bytes * 16 / spec.reducers() > cloud.taskTmpBytes());
        Sampler.Sample sample = sampled ? Sampler.sample(cloud.objects(), spec, JobFunctions.load(spec), splits) : null;
        JobSpec finalSpec = spec;
        if (spec.rangePartitioned()) {
            finalSpec = spec.withPartitioning(new Partitioning.Range(Sampler.splitPoints(sample, spec.reducers())));
        }
        Optional<String> tooLarge = Plan.specTooLarge(finalSpec);
        if (tooLarge.isPresent()) {
            progress.publisher().fail(jobId, tooLarge.get());
            return;
        }
        ShufflePlan shuffle = ShufflePlan.of(finalSpec, splits.size(), bytes, sample, cloud.mergeAbove());
        Optional<String> tooBig = shuffle.tooLarge(finalSpec, splits.size(), bytes, cloud.taskTmpBytes(), sampled);
        if (tooBig.isPresent()) {
            progress.publisher().fail(jobId, tooBig.get());
            return;
        }
        if (shuffle.mergeGroup() > 0) finalSpec = finalSpec.withMergeGroup(shuffle.mergeGroup());
        Plan plan = new Plan(finalSpec, objects, splits);
        if (cloud.objects().putIfAbsent(Keys.plan(jobId), plan.toJson(), "application/json")) {
            Log.info(
                    jobId,
                    null,
                    "planned " + splits.size() + " map tasks over " + objects.size() + " objects (" + bytes
                            + " bytes), " + finalSpec.reducers() + " reduce tasks"
                            + (finalSpec.mergeGroup() > 0
                                    ? ", a two-level shuffle (" + finalSpec.mergeTasks(splits.size())
                                            + " merge tasks of " + finalSpec.mergeGroup() + " map outputs)"
                                    : ""));
        } else {
            plan = Plan.fromJson(cloud.objects().getText(Keys.plan(jobId)).orElseThrow());
        }
        faults.at(FaultPoint.COORDINATOR_AFTER_PLAN);
        int maps = plan.splits().size();
        // Made and sent a chunk at a time: a million messages would not fit in memory at once.
        for (int start = 0; start < maps; start += Progress.SEND_CHUNK) {
            List<String> messages = new ArrayList<>();
            for (Split s : plan.splits().subList(start, Math.min(maps, start + Progress.SEND_CHUNK))) {
                messages.add(new MapMessage(jobId, s.index(), maps, plan.spec(), s).toJson());
            }
            cloud.queues().send(WorkQueue.MAP, messages);
        }
        faults.at(FaultPoint.COORDINATOR_AFTER_SEND);
        cloud.table()
                .startMapPhase(
                        jobId,
                        maps,
                        plan.spec().reducers(),
                        plan.spec().toJson(),
                        cloud.clock().now());
        if (maps == 0) progress.openReducePhase(jobId, plan.spec(), 0, Faults.none());
    }
}
