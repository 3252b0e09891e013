package io.gristmill.cli;

import io.gristmill.client.LocalInput;
import io.gristmill.engine.job.AppCatalog;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Pipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grist submit}: starts a job on a stack the way every job starts, by uploading its input and
 * then its manifest to jobs/ in the stack's bucket; the upload's event starts the job.
 */
final class SubmitCommand {
    static final String HELP = """
            Usage: grist submit APP --input PATH ... (--stack NAME | --bucket B --table T) [options]
                   grist submit --mapper CLASS --reducer CLASS --input PATH ... --stack NAME [options]
                   grist submit --manifest FILE [--input PATH ...] --stack NAME [options]

            Uploads the input, then the job's manifest to jobs/NAME.json in the stack's bucket, which
            starts the job; prints the job's id once the stack has picked it up. Follow it with
            grist wait and copy its output with grist fetch.

            Options:
              --input PATH           a local file or folder (uploaded under uploads/NAME/), or
                                     s3://BUCKET/KEY for data already in the stack's bucket; repeatable
              --output PREFIX        where the output goes in the bucket (default output/<job id>/);
                                     it must be empty
              --manifest FILE        a job manifest (README.md, "The job manifest"); --input fills its
                                     "input" when it has none
              --reducers R, --split-size SIZE, --param KEY=VALUE, --partitioner P, --skip-bad-records
                                     as for grist run (defaults: the stack's parameters)
              --mapper, --reducer, --combiner CLASS
                                     your classes; they must be deployed with the stack
                                     (the UserJobsLayer, see docs/deploy.md)
              --task-timeout D       stop any one attempt at a task after D (at most 15m) and run the
                                     task again (default: the stack's TaskTimeout)
              --name NAME            the job's name (default: the app and the time)
              --start-timeout D      how long to wait for the stack to pick the job up (default 2m)
              --wait                 then wait for the job to end (exit code as for grist wait)
              --timeout DURATION     with --wait, give up after this long (default 1h)
              --quiet                print only the job id

            """ + StackOptions.HELP;

    private static final Set<String> VALUED = StatusCommand.union(
            StackOptions.VALUED,
            Set.of(
                    "input",
                    "output",
                    "manifest",
                    "reducers",
                    "split-size",
                    "param",
                    "partitioner",
                    "mapper",
                    "reducer",
                    "combiner",
                    "name",
                    "start-timeout",
                    "timeout",
                    "task-timeout"));
    private static final Set<String> FLAGS =
            StatusCommand.union(StackOptions.FLAGS, Set.of("skip-bad-records", "wait", "quiet", "help"));
    private static final List<String> SPEC_OPTIONS = List.of(
            "reducers",
            "split-size",
            "param",
            "partitioner",
            "mapper",
            "reducer",
            "combiner",
            "output",
            "skip-bad-records",
            "task-timeout");

    /** The job, checked before anything is uploaded. */
    /**
     * The job or pipeline, checked before anything is uploaded.
     *
     * @param document the manifest to upload to jobs/
     * @param output the output prefix it names, or null for the default
     */
    private record Submission(
            String name,
            LocalInput localInputs,
            List<String> inputKeys,
            String document,
            String output,
            boolean pipeline) {}

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("submit", argv, VALUED, FLAGS);
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        StackOptions options = StackOptions.from(args);
        Inputs inputs = Inputs.parse(args.values("input"));
        Duration startTimeout = args.duration("start-timeout", "2m");
        Duration timeout = args.duration("timeout", "1h");
        boolean quiet = args.flag("quiet");
        // Everything that can be checked without the stack is, before any request is made.
        Submission job = args.value("manifest") != null ? fromManifest(args, inputs) : fromFlags(args, inputs);
        try (StackConnection stack = StackConnection.open(options)) {
            inputs.checkBucket(stack.bucket());
            checkBucket(job, stack);
            for (String repeat : job.localInputs().repeats()) {
                if (!quiet) console.println("grist: " + repeat + "; it is read once");
            }
            if (!job.localInputs().files().isEmpty()) {
                Map<Path, String> uploaded = stack.client().upload(uploadPrefix(job.name()), job.localInputs());
                if (!quiet) {
                    console.println("grist: uploaded " + uploaded.size() + (uploaded.size() == 1 ? " file" : " files")
                            + " to " + stack.uri(uploadPrefix(job.name())));
                }
            }
            String key = stack.client().submitManifest(job.name(), job.document());
            String what = job.pipeline() ? "pipeline" : "job";
            if (!quiet) console.println("grist: uploaded " + stack.uri(key) + ", which starts the " + what);
            String jobId;
            try {
                jobId = stack.client().awaitJobId(key, startTimeout, stack.pollInterval());
            } catch (IllegalStateException e) {
                console.println("grist: " + e.getMessage());
                return 3;
            }
            if (quiet) {
                stdout.println(jobId);
            } else {
                console.println("grist: " + what + " " + jobId + " started; follow it with grist wait " + jobId
                        + (job.pipeline() ? "" : " and copy its output with grist fetch " + jobId + " DIR"));
            }
            if (!args.flag("wait")) return 0;
            return job.pipeline()
                    ? WaitCommand.followPipeline(stack, jobId, timeout, console)
                    : WaitCommand.follow(stack, jobId, timeout, console);
        }
    }

    private static String uploadPrefix(String name) {
        return "uploads/" + name + "/";
    }

    /** A manifest built from an app (or classes) and the options, checked as the coordinator will check it. */
    private Submission fromFlags(Args args, Inputs inputs) throws Exception {
        List<String> positional = args.positional();
        if (positional.size() > 1) throw new UsageException("grist submit takes one app, got " + positional);
        String app = positional.isEmpty() ? null : positional.get(0);
        JobFlags.checkClassNames(args);
        if (app == null && (args.value("mapper") == null || args.value("reducer") == null)) {
            throw new UsageException("name an app (" + AppCatalog.names() + "), or your classes with --mapper and"
                    + " --reducer, or a --manifest");
        }
        if (inputs.isEmpty())
            throw new UsageException("grist submit needs at least one --input (a file, a folder or s3://...)");
        String name = JobFlags.name(args, app != null ? app : JobFlags.simpleName(args.value("mapper")));
        // Defaults are left to the stack, and an app is not expanded into its classes.
        Manifest manifest = JobFlags.manifest(args, app)
                .name(name)
                .input(inputs.entries(uploadPrefix(name)))
                .output(args.value("output"))
                .build();
        check(manifest, name);
        return new Submission(name, inputs.local(), inputs.keys(), manifest.toJson(), manifest.output(), false);
    }

    /** Checks the manifest as the coordinator will (the stack's defaults do not matter here). */
    private static void check(Manifest manifest, String name) throws UsageException {
        try {
            manifest.toSpec(name, name, 1, 1);
        } catch (JobSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A manifest from a file; --input fills its "input" when it has none. */
    private Submission fromManifest(Args args, Inputs inputs) throws Exception {
        if (!args.positional().isEmpty()) throw new UsageException("give either an app or a --manifest, not both");
        for (String option : SPEC_OPTIONS) {
            if (!args.values(option).isEmpty()) {
                throw new UsageException("--" + option + " goes in the manifest when you give --manifest");
            }
        }
        Path file = Path.of(args.value("manifest"));
        if (!Files.isRegularFile(file))
            throw new UsageException("--manifest " + file + " does not exist or is not a file");
        String fileName = file.getFileName().toString();
        String name = JobFlags.name(
                args, fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (Pipeline.declaredIn(text)) return pipeline(text, file, name, inputs);
        Manifest manifest;
        try {
            manifest = Manifest.parse(text, file.toString());
        } catch (JobSpecException e) {
            throw new UsageException(e.getMessage());
        }
        if (!inputs.isEmpty()) {
            if (!manifest.input().isEmpty()) {
                throw new UsageException(file + " has an \"input\" already; give the input in one place");
            }
            manifest = manifest.toBuilder()
                    .input(inputs.entries(uploadPrefix(name)))
                    .build();
        }
        check(manifest, name);
        return new Submission(name, inputs.local(), inputs.keys(), manifest.toJson(), manifest.output(), false);
    }

    /** A pipeline manifest: every stage checked as the coordinator will, before anything is uploaded. */
    private Submission pipeline(String text, Path file, String name, Inputs inputs) throws UsageException {
        try {
            Pipeline pipeline = Pipeline.parse(text, file.toString());
            if (!inputs.isEmpty()) {
                if (!pipeline.input().isEmpty()) {
                    throw new UsageException(file + " has an \"input\" already; give the input in one place");
                }
                pipeline = new Pipeline(
                        pipeline.name(),
                        inputs.entries(uploadPrefix(name)),
                        pipeline.output(),
                        pipeline.stages(),
                        pipeline.chaos());
            }
            pipeline.check(name, 1, 1);
            return new Submission(name, inputs.local(), inputs.keys(), pipeline.toJson(), pipeline.output(), true);
        } catch (JobSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** What would make the job fail at once, found before uploading anything. */
    private static void checkBucket(Submission job, StackConnection stack) throws UsageException, IOException {
        if (!job.localInputs().files().isEmpty()
                && stack.firstKey(uploadPrefix(job.name())).isPresent()) {
            throw new UsageException(stack.uri(uploadPrefix(job.name())) + " holds the input of an earlier job with"
                    + " this name; choose another --name");
        }
        for (String key : job.inputKeys()) {
            if (stack.firstKey(key).isEmpty()) {
                throw new UsageException("nothing in the stack's bucket at " + stack.uri(key) + "; upload it first, or"
                        + " fix the key");
            }
        }
        String prefix = job.output();
        if (prefix != null && stack.firstKey(prefix).isPresent()) {
            throw new UsageException("output " + stack.uri(prefix) + " already holds objects; choose another --output"
                    + " (a job never writes into a prefix that holds data)");
        }
    }
}
