package io.gristmill.protocol;

import io.gristmill.aws.JobItem;
import io.gristmill.aws.JobStatus;
import io.gristmill.aws.Times;
import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Recovery;
import io.gristmill.engine.task.JobFunctions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Starts a job from an S3 upload: a manifest under {@code jobs/} or a data object under
 * {@code input/<app>/}. It records the job, plans its splits once, and sends its map tasks.
 *
 * <p>The job id is derived from the event (key and sequencer), so a duplicate event names the same
 * job and finds it already started, and an event older than one already seen for the key is
 * dropped. A job that cannot run (a bad manifest, missing input, an unknown class) fails at once,
 * with the reason in the table and in {@code _JOB.json}.
 */
public final class Coordinator {
    private final Services services;
    private final Progress progress;

    public Coordinator(Services services) {
        this.services = services;
        this.progress = new Progress(services);
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
                return Optional.of(new Trigger(JobSpec.safeName((app.isEmpty() ? "input" : app) + "-" + file), app, false));
            }
            return Optional.empty();
        }
    }

    /** A job id that every delivery of the same event agrees on. */
    static String jobId(String name, ObjectCreated event) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    (event.bucket() + "/" + event.key() + "#" + event.sequencer()).getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void onObjectCreated(ObjectCreated event, Delivery delivery) throws Exception {
        Optional<Trigger> trigger = Trigger.of(event.key());
        if (trigger.isEmpty() || !event.bucket().equals(services.s3().bucket())) {
            Log.info(null, null, "ignoring s3://" + event.bucket() + "/" + event.key() + ": not a job trigger");
            return;
        }
        // Until the job's own lease takes over, a default one: the queue's visibility timeout (six
        // times the function's) is far too long to wait after a crash.
        try (Lease early = new Lease(services.queues(), delivery, new Recovery(Recovery.DEFAULT.leaseSeconds(), false,
                3, 0, 0), null, null, () -> null).start()) {
            plan(trigger.get(), event, delivery, early);
        }
    }

    private void plan(Trigger t, ObjectCreated event, Delivery delivery, Lease early) throws Exception {
        String jobId = jobId(t.name(), event);
        long now = Times.now();
        if (!services.table().claimTrigger(event.bucket(), event.key(), event.sequencer(), jobId, now)) {
            Log.info(jobId, null, "ignoring an older event for " + event.key() + " (a newer upload was seen)");
            return;
        }
        String triggerUri = services.s3().uri(event.key());
        Optional<JobItem> existing = services.table().getJob(jobId);
        JobSpec spec;
        if (existing.isPresent()) {
            if (existing.get().status() != JobStatus.PLANNING) return; // a duplicate event: already planned
            spec = JobSpec.fromJson(existing.get().specJson());
        } else {
            Optional<JobSpec> read;
            try {
                read = readSpec(event, t, jobId);
            } catch (JobSpecException e) {
                rejectNewJob(jobId, t.name(), triggerUri, e.getMessage());
                return;
            }
            if (read.isEmpty()) {
                Log.info(jobId, null, "ignoring an event for a version of " + event.key() + " that was replaced or deleted");
                return;
            }
            spec = read.get();
        }
        // From here on the job's lease holds the event: a crash brings it back within a lease, not
        // after the queue's visibility timeout.
        early.close();
        Recovery r = spec.recovery();
        try (Lease lease = new Lease(services.queues(), delivery,
                new Recovery(r.leaseSeconds(), false, r.backupFactor(), r.backupMinSeconds(), r.backupMaxSeconds()),
                jobId, null, () -> null).start()) {
            Faults faults = Faults.forCoordinator(jobId, spec.chaos(), delivery.receiveCount(),
                    services.settings().crashMode());
            if (existing.isEmpty()) {
                faults.at("coordinator.beforeCreate");
                if (!services.table().createJob(jobId, t.name(), JobStatus.PLANNING, spec.toJson(), triggerUri,
                        services.s3().uri(spec.output()), null, now)) {
                    JobItem raced = services.table().getJob(jobId).orElseThrow();
                    if (raced.status() != JobStatus.PLANNING) return;
                    spec = JobSpec.fromJson(raced.specJson());
                }
                Log.info(jobId, null, "job created from " + triggerUri);
                faults.at("coordinator.afterCreate");
            }
            try {
                plan(jobId, spec, faults);
            } catch (JobSpecException e) {
                progress.publisher().fail(jobId, e.getMessage());
            } catch (Exception e) {
                services.table().setLastError(jobId, "planning failed: " + e, Times.now());
                throw e;
            }
        }
    }

    /** The job's complete spec, or empty if the manifest changed since the event. */
    private Optional<JobSpec> readSpec(ObjectCreated event, Trigger t, String jobId) throws JobSpecException {
        JobSpec spec;
        if (t.manifest()) {
            Optional<String> text = services.s3().getStringIfMatch(event.key(), event.eTag());
            if (text.isEmpty()) return Optional.empty();
            spec = JobSpec.fromManifest(text.get(), event.key());
        } else {
            if (t.app().isEmpty()) {
                throw new JobSpecException("objects directly under input/ do not name an app; upload to input/<app>/"
                        + " (e.g. input/wordcount/" + event.key().substring(Keys.INPUTS.length()) + ") or write a manifest under jobs/");
            }
            spec = new JobSpec(null, null, t.app(), null, null, null, null, List.of(event.key()), null, 0, 0,
                    java.util.Map.of(), false, List.of(), null, null).resolveApp();
        }
        spec = spec.withId(jobId).withName(spec.name() != null ? JobSpec.safeName(spec.name()) : t.name())
                .withDefaults(services.settings().defaultReducers(), services.settings().defaultSplitSize());
        spec.validate();
        JobFunctions.load(spec).check();
        return Optional.of(spec);
    }

    /** Records a job that cannot start, so the user finds the reason where they look for results. */
    private void rejectNewJob(String jobId, String name, String trigger, String error) {
        long now = Times.now();
        String output = Keys.defaultOutput(jobId);
        JobSpec recorded = new JobSpec(jobId, name, null, null, null, null, "hash", List.of(), output, 0, 0,
                java.util.Map.of(), false, List.of(), null, null);
        if (!services.table().createJob(jobId, name, JobStatus.PLANNING, recorded.toJson(), trigger,
                services.s3().uri(output), null, now)) {
            return; // a duplicate event already recorded it
        }
        progress.publisher().fail(jobId, error);
    }

    private void plan(String jobId, JobSpec spec, Faults faults) throws Exception {
        // Plan, then write the plan only if no earlier attempt did (a conditional put, so the common
        // case costs no read); a retry that finds a plan uses it, so the tasks never change.
        List<InputObject> objects = InputLister.list(services.s3(), spec.input());
        Optional<String> present = services.s3().firstKey(spec.output());
        if (present.isPresent()) {
            // Refusing to write into an output prefix that holds data protects earlier results;
            // the summary goes to the default prefix so that not even it lands there.
            progress.publisher().fail(jobId, "output " + services.s3().uri(spec.output())
                    + " already has objects (e.g. " + present.get() + "); choose another output prefix, or delete"
                    + " those objects first", Keys.defaultOutput(jobId));
            return;
        }
        List<Split> splits = SplitPlanner.plan(objects, spec.splitSize());
        long bytes = objects.stream().mapToLong(InputObject::size).sum();
        Optional<String> tooMany = Plan.tooManyTasks(splits, bytes, spec.splitSize());
        if (tooMany.isPresent()) {
            progress.publisher().fail(jobId, tooMany.get());
            return;
        }
        JobSpec finalSpec = spec;
        if (spec.rangePartitioned()) {
            finalSpec = spec.withSplitPoints(Sampler.splitPoints(services.s3(), spec, JobFunctions.load(spec), splits));
        }
        Optional<String> tooLarge = Plan.specTooLarge(finalSpec);
        if (tooLarge.isPresent()) {
            progress.publisher().fail(jobId, tooLarge.get());
            return;
        }
        Plan plan = new Plan(finalSpec, splits, objects.size(), bytes);
        if (services.s3().putIfAbsent(Keys.plan(jobId), plan.toJson(), "application/json")) {
            Log.info(jobId, null, "planned " + splits.size() + " map tasks over " + objects.size() + " objects ("
                    + bytes + " bytes), " + finalSpec.reducers() + " reduce tasks");
        } else {
            plan = Plan.fromJson(services.s3().getString(Keys.plan(jobId)).orElseThrow());
        }
        faults.at("coordinator.afterPlan");
        int maps = plan.splits().size();
        List<String> messages = new ArrayList<>(maps);
        for (Split s : plan.splits()) messages.add(new MapMessage(jobId, s.index(), maps, plan.spec(), s).toJson());
        services.queues().sendAll(services.settings().mapQueueUrl(), messages);
        faults.at("coordinator.afterSend");
        services.table().startMapPhase(jobId, maps, plan.spec().reducers(), plan.spec().toJson(), Times.now());
        if (maps == 0) progress.openReducePhase(jobId, plan.spec(), 0, Faults.NONE);
    }
}
