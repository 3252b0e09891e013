package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.client.LocalInput;
import io.gristmill.client.StackEndpoint;
import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.App;
import io.gristmill.engine.job.AppCatalog;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.Durations;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Pipeline;
import io.gristmill.engine.job.PipelineApps;
import io.gristmill.engine.job.Sizes;
import io.gristmill.engine.task.Counters;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.process.ProcessRuntime;
import io.gristmill.local.runtime.LogRouter;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/** {@code grist run}: a whole job on the local cloud, from local files to a local output folder. */
final class RunCommand {
    static final String HELP = """
                        Usage: grist run APP --input PATH [--input PATH ...] --output DIR [options]
                   grist run --jar JAR --mapper CLASS --reducer CLASS --input PATH --output DIR [options]
                   grist run --manifest FILE --input PATH --output DIR [options]

            Runs a MapReduce job on the local cloud (S3, SQS and DynamoDB emulators, with the
            functions of template.yaml running as Lambda runs them). The input is uploaded, the
            upload starts the job exactly as on AWS, and the output is copied into DIR.

                        Apps:
            %s
            Pipelines (several stages, each started by the last one's output):
            %s
            Options:
                            --input PATH           a file or a folder (all files inside, recursively); repeatable
              --manifest FILE        a job or pipeline manifest (JSON, as uploaded to jobs/ on AWS); its
                                     "input" is what --input uploads, its output goes to --output
              --output DIR           where part-r-NNNNN, _JOB.json, _REPORT.html and _SUCCESS go; must be new or empty
              --reducers R           reduce tasks, i.e. output parts (default 4)
              --split-size SIZE      bytes per map task, e.g. 64KB, 16MB; lines are never cut (default: about
                                     two tasks per instance, from 1MB to 64MB, to keep every core busy)
              --param KEY=VALUE      a job parameter, e.g. --param pattern='^The'; repeatable
              --jar JAR              a jar with your Mapper and Reducer (and Combiner, Partitioner)
              --mapper CLASS         your io.gristmill.api.Mapper
              --reducer CLASS        your io.gristmill.api.Reducer
              --combiner CLASS       optional io.gristmill.api.Combiner
              --partitioner CLASS    optional io.gristmill.api.Partitioner, or 'hash' or 'range'
              --skip-bad-records     skip (and count) records on which your functions throw
              --max-attempts N       runs of a failing task before its job fails (default 4 locally;
                                     retries wait 1 s, then 2 s, 4 s...)
              --chaos SPEC           inject faults to test a job's resilience, e.g.
                                     crash=0.3,delay=0.3,maxDelay=2s,straggle=1,seed=7 (docs/failure-model.md);
                                     slowdown=0.1 answers a tenth of S3's requests with 503 SlowDown
              --concurrency N        instances of each function at once (default: CPU cores, at least 2)
              --runtime MODE         process: each function instance is its own JVM running the AWS
                                     Lambda runtime interface client, as on Lambda; in-jvm: instances are
                                     objects in grist's JVM (default: %s)
              --timeout DURATION     give up after this long, e.g. 10m (default 1h); then the
                                     longest-running task is named, and grist exits with 4
              --task-timeout D       stop any one attempt at a task after D (e.g. 30s, 5m; at most
                                     15m) and run the task again; default: the functions' timeout
              --keep-state           keep the local cloud's files (S3 data, logs) after the run
              --name NAME            the job's name (default: the app and the time)

            When the stack of grist up is running (at http://127.0.0.1:4566), the job runs there, with no
            start-up cost, unless --runtime, --concurrency, --max-attempts or --keep-state ask for a local
            cloud of its own. The function logs of the last run are kept in .gristmill/logs/ (or the
            stack's logs); 'grist logs' shows them.
            Inputs: folders are read recursively, following symbolic links; every file is read once
            (by its real path), whatever the inputs that name it; only regular files can be input.
            --runtime in-jvm runs the job's code inside grist itself: use it for code you trust.

            Exit codes: 0 succeeded; 1 the job failed; 2 bad arguments; 3 grist failed; 4 gave up
            waiting (--timeout); 5 the job succeeded but its output could not be written (it is kept);
            6 the job's code called System.exit inside grist (--runtime in-jvm); 130 Ctrl-C.

            Examples:
              grist run wordcount --input books/ --output out/
              grist run grep --param pattern='whale' --input moby.txt --output hits/ --reducers 1
                            grist run sort --input data.txt --output sorted/ --reducers 8 --split-size 16MB
              grist run topwords --input books/ --output top/ --param k=100
              grist run --manifest pipeline.json --input books/ --output out/
              grist run --jar target/my-job.jar --mapper com.acme.Map --reducer com.acme.Reduce \\
                        --input logs/ --output out/
            """;

    private static final Set<String> VALUED = Set.of(
            "input",
            "output",
            "reducers",
            "split-size",
            "param",
            "jar",
            "mapper",
            "reducer",
            "combiner",
            "partitioner",
            "concurrency",
            "timeout",
            "name",
            "chaos",
            "max-attempts",
            "runtime",
            "manifest",
            "task-timeout");
    private static final Set<String> FLAGS = Set.of("skip-bad-records", "keep-state", "help");

    static String help() {
        StringBuilder apps = new StringBuilder();
        for (App a : AppCatalog.all()) apps.append(String.format("  %-22s %s%n", a.name(), a.usage()));
        StringBuilder pipelines = new StringBuilder();
        for (PipelineApps.Info p : PipelineApps.all()) {
            pipelines.append(String.format("  %-22s %s%n", p.name(), p.usage()));
        }
        return String.format(HELP, apps, pipelines, DEFAULT_RUNTIME.cliName());
    }

    /** A validated request: everything checked before the local cloud starts. */
    /** @param pipeline the pipeline to run, or null when {@code manifest} is one job */
    record Request(
            Manifest manifest,
            Pipeline pipeline,
            String runId,
            LocalInput inputs,
            Path output,
            List<Path> jars,
            int concurrency,
            Duration timeout,
            boolean keepState,
            int maxAttempts,
            RuntimeMode runtime) {}

    /** The runtime of grist run unless --runtime says otherwise: see the README's measurements. */
    static final RuntimeMode DEFAULT_RUNTIME = RuntimeMode.bestAvailable();

    private final PrintStream stderr;

    RunCommand(PrintStream stderr) {
        this.stderr = stderr;
    }

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("run", argv, VALUED, FLAGS);
        if (args.flag("help")) {
            stdout.print(help());
            return 0;
        }
        Request request = validate(args);
        // A stack that grist up runs takes the job at once; without one, or when told how to run the cloud, start one.
        Optional<StackEndpoint> running = StackRun.find(argv);
        if (running.isPresent()) {
            return StackRun.run(running.get(), request, console);
        }
        return execute(request, console);
    }

    private Request validate(Args args) throws UsageException, IOException {
        List<String> positional = args.positional();
        if (positional.size() > 1) {
            throw new UsageException(
                    "grist run takes one app name, but got " + positional + "; give every input with its own --input");
        }
        String app = positional.isEmpty() ? null : positional.get(0);
        JobFlags.checkClassNames(args);
        if (args.value("manifest") != null || (app != null && PipelineApps.isPipeline(app))) {
            return validatePipelineOrManifest(args, app);
        }
        String mapper = args.value("mapper");
        String reducer = args.value("reducer");
        if (app != null && (mapper != null || reducer != null || args.value("combiner") != null)) {
            throw new UsageException("give either an app (" + AppCatalog.names() + ") or your own classes with --mapper"
                    + " and --reducer, not both");
        }
        if (app == null && (mapper == null || reducer == null)) {
            throw new UsageException("name an app (" + AppCatalog.names()
                    + "), or your own classes with --jar, --mapper" + " and --reducer; see grist run --help");
        }
        if (app != null && AppCatalog.find(app).isEmpty()) {
            String hint = AppCatalog.all().stream()
                    .map(App::name)
                    .filter(n -> close(n, app))
                    .findFirst()
                    .map(n -> " Did you mean '" + n + "'?")
                    .orElse("");
            throw new UsageException("unknown app '" + app + "'." + hint + " The apps are " + AppCatalog.names()
                    + "; for your own code use --jar, --mapper and --reducer.");
        }
        LocalInput inputs = inputs(args);
        Path output = output(args);
        List<Path> jars = jars(args);
        int concurrency =
                args.intValue("concurrency", Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        Duration timeout = args.duration("timeout", "1h");
        int maxAttempts = args.intValue("max-attempts", 4);
        if (maxAttempts < 1) throw new UsageException("--max-attempts must be at least 1");
        Chaos chaos;
        try {
            chaos = Chaos.parse(args.value("chaos"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--chaos: " + e.getMessage());
        }
        RuntimeMode runtime = runtime(args);

        String base = app != null ? app : JobFlags.simpleName(mapper);
        String runId = JobFlags.name(args, base);
        Manifest.Builder builder = JobFlags.manifest(args, app)
                .name(runId)
                .input(List.of("uploads/" + runId + "/"))
                .output("output/" + runId + "/")
                .chaos(chaos);
        if (args.value("split-size") == null) builder.splitSize(localSplitSize(inputs, concurrency));
        Manifest manifest = builder.build();
        checkTaskCount(inputs, manifest.splitSize());
        try {
            checkFunctions(manifest.toSpec(runId, runId, 1, 1), jars);
        } catch (JobSpecException e) {
            throw new UsageException(e.getMessage());
        }
        return new Request(
                manifest,
                null,
                runId,
                inputs,
                output,
                jars,
                concurrency,
                timeout,
                args.flag("keep-state"),
                maxAttempts,
                runtime);
    }

    private static LocalInput inputs(Args args) throws UsageException, IOException {
        List<Path> paths = new ArrayList<>();
        for (String in : args.values("input")) paths.add(Path.of(in));
        if (paths.isEmpty()) {
            throw new UsageException("grist run needs at least one --input (a file or a folder)");
        }
        try {
            return LocalInput.resolve(paths);
        } catch (LocalInput.Problem e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Path output(Args args) throws UsageException {
        String outputArg = args.value("output");
        if (outputArg == null) {
            throw new UsageException("grist run needs --output DIR, a new or empty folder for the results");
        }
        Path output = Path.of(outputArg);
        OutputFolder.check(output);
        return output;
    }

    /**
     * A built-in pipeline ({@code grist run topwords}) or a manifest file, of a job or a pipeline:
     * checked whole before the local cloud starts, with --input as its input.
     */
    private Request validatePipelineOrManifest(Args args, String app) throws UsageException, IOException {
        if (app != null && args.value("manifest") != null) {
            throw new UsageException("give either an app or a --manifest, not both");
        }
        for (String option : List.of("mapper", "reducer", "combiner", "partitioner", "split-size")) {
            if (args.value(option) != null) {
                throw new UsageException("--" + option + " goes in the manifest (each stage's, for a pipeline) when you"
                        + " give --manifest or a pipeline");
            }
        }
        LocalInput inputs = inputs(args);
        Path output = output(args);
        String base = app;
        String text = null;
        if (base == null) {
            Path file = Path.of(args.value("manifest"));
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--manifest " + file + " does not exist or is not a file");
            }
            text = Files.readString(file);
            String fileName = file.getFileName().toString();
            base = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        }
        String runId = JobFlags.name(args, base);
        List<String> input = List.of("uploads/" + runId + "/");
        String outputPrefix = "output/" + runId + "/";
        Chaos chaos;
        try {
            chaos = Chaos.parse(args.value("chaos"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--chaos: " + e.getMessage());
        }
        Pipeline pipeline = null;
        Manifest manifest = null;
        try {
            if (app != null) {
                Integer reducers = args.value("reducers") == null ? null : args.intValue("reducers", 0);
                pipeline = PipelineApps.build(app, JobFlags.params(args), input, outputPrefix, reducers)
                        .orElseThrow();
            } else if (Pipeline.declaredIn(text)) {
                Pipeline read = Pipeline.parse(text, args.value("manifest"));
                if (!read.input().isEmpty()) {
                    throw new UsageException(args.value("manifest") + " has an \"input\"; grist run reads --input,"
                            + " so leave \"input\" out");
                }
                pipeline = new Pipeline(
                        read.name() != null ? read.name() : runId,
                        input,
                        outputPrefix,
                        read.stages(),
                        chaos.active() ? chaos : read.chaos());
            } else {
                Manifest read = Manifest.parse(text, args.value("manifest"));
                if (!read.input().isEmpty() || read.output() != null) {
                    throw new UsageException(args.value("manifest") + " has an \"input\" or \"output\"; grist run"
                            + " reads --input and writes --output, so leave them out");
                }
                manifest = read.toBuilder()
                        .name(runId)
                        .input(input)
                        .output(outputPrefix)
                        .chaos(chaos.active() ? chaos : read.chaos())
                        .build();
            }
            if (pipeline != null) {
                for (JobSpec spec : pipeline.check(runId, 1, 1)) checkFunctions(spec, jars(args));
            } else {
                checkFunctions(manifest.toSpec(runId, runId, 1, 1), jars(args));
            }
        } catch (JobSpecException e) {
            throw new UsageException(e.getMessage());
        }
        int concurrency =
                args.intValue("concurrency", Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        int maxAttempts = args.intValue("max-attempts", 4);
        if (maxAttempts < 1) throw new UsageException("--max-attempts must be at least 1");
        RuntimeMode runtime = runtime(args);
        return new Request(
                manifest,
                pipeline,
                runId,
                inputs,
                output,
                jars(args),
                concurrency,
                args.duration("timeout", "1h"),
                args.flag("keep-state"),
                maxAttempts,
                runtime);
    }

    /**
     * The split size of a local run when none is given: about two map tasks per instance, so every
     * core has work to the end (the stack's 64 MB suits Lambda's thousand instances, not two cores:
     * 100 MB would be a 64 MB and a 36 MB task, one core idle half the time). At least 1 MB, at most
     * the stack's 64 MB.
     */
    static long localSplitSize(LocalInput inputs, int concurrency) throws IOException {
        long bytes = inputs.bytes();
        long perTask = (bytes + 2L * concurrency - 1) / (2L * concurrency);
        return Math.max(1L << 20, Math.min(64L << 20, perTask));
    }

    private static RuntimeMode runtime(Args args) throws UsageException {
        try {
            return RuntimeMode.parse(args.value("runtime", DEFAULT_RUNTIME.cliName()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--runtime: " + e.getMessage());
        }
    }

    private static List<Path> jars(Args args) throws UsageException {
        List<Path> jars = new ArrayList<>();
        for (String j : args.values("jar")) {
            Path jar = Path.of(j);
            if (!Files.isRegularFile(jar)) throw new UsageException("--jar " + j + " does not exist or is not a file");
            if (!Files.isReadable(jar))
                throw new UsageException("--jar " + j + " cannot be read (check its permissions)");
            jars.add(jar.toAbsolutePath());
        }
        return jars;
    }

    /** Loads the classes from the jars and runs their setup, so a typo fails here, in a second. */
    private static void checkFunctions(JobSpec spec, List<Path> jars) throws JobSpecException, IOException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) urls[i] = jars.get(i).toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(urls, RunCommand.class.getClassLoader())) {
            Thread t = Thread.currentThread();
            ClassLoader previous = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                JobFunctions.load(spec, loader).check();
            } finally {
                t.setContextClassLoader(previous);
            }
        }
    }

    /** The stack's split size when the job sets none (template.yaml's DefaultSplitSize). */
    static final long DEFAULT_SPLIT_SIZE = 64L << 20;

    /** An input too big for one job is refused here, in a second, not after the local cloud started. */
    private static void checkTaskCount(LocalInput inputs, Long splitSize) throws UsageException, IOException {
        List<InputObject> objects = new ArrayList<>();
        for (var f : inputs.files().entrySet()) {
            objects.add(new InputObject(f.getKey(), f.getKey(), Files.size(f.getValue())));
        }
        long size = splitSize != null ? splitSize : DEFAULT_SPLIT_SIZE;
        if (SplitPlanner.count(objects, size) <= SplitPlanner.MAX_SPLITS) return;
        try {
            SplitPlanner.plan(objects, size); // throws, saying why and what split size would do
        } catch (JobSpecException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int execute(Request request, Console console) throws Exception {
        long start = System.currentTimeMillis();
        List<String> swept = RunState.sweep(Path.of(System.getProperty("java.io.tmpdir")), Instant.now());
        if (!swept.isEmpty()) {
            console.println("grist: removed the files of " + swept.size() + " earlier "
                    + (swept.size() == 1 ? "run" : "runs") + " that ended without cleaning up (" + swept.get(0)
                    + (swept.size() > 1 ? ", ..." : "") + ")");
        }
        for (String repeat : request.inputs().repeats()) console.println("grist: " + repeat + "; it is read once");
        if (request.runtime() == RuntimeMode.IN_JVM && awsCredentialsInSight()) {
            console.println("grist: warning: --runtime in-jvm runs the job's code inside grist, where it can read"
                    + " grist's environment, and AWS credentials are in it (AWS_ACCESS_KEY_ID...); the ./grist"
                    + " launcher removes them for grist run. Use --runtime process for code you do not trust.");
        }
        OutputFolder output = OutputFolder.claim(request.output());
        RunState state = RunState.create();
        Files.createDirectories(state.dir().resolve("logs"));
        // Function output goes to per-instance logs; anything else printed goes to platform.log.
        PrintStream platform = new PrintStream(
                Files.newOutputStream(state.dir().resolve("logs").resolve("platform.log")), true);
        LogRouter.install(platform);
        String keptWhy = request.keepState() ? "--keep-state" : null;
        AtomicReference<String> jobId = new AtomicReference<>();
        Interruption interruption = Interruption.install(state, request.keepState(), output, jobId::get, stderr);
        console.println("grist: starting the local cloud (" + request.runtime().cliName() + " runtime)...");
        // Locally a failing task is retried quickly and a few times: a deterministic bug should fail
        // the run in seconds, not after the 8 attempts and doubling 10 s delays of the AWS defaults.
        Map<String, String> stack = new TreeMap<>(
                Map.of("RetryDelaySeconds", "1", "MaxTaskAttempts", Integer.toString(request.maxAttempts())));
        int taskTimeout = request.manifest() == null || request.manifest().recovery() == null
                ? 0
                : request.manifest().recovery().taskTimeoutSeconds();
        // The functions' own timeout backs the job's up: it frees the instance (in-jvm: abandons the thread).
        if (taskTimeout > 0) stack.put("TaskTimeout", Integer.toString(Math.min(900, taskTimeout + 5)));
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .parameters(stack)
                .runtime(request.runtime())
                .concurrency(request.concurrency())
                .jars(request.jars())
                .stateDir(state.dir())
                .errors(platform::println))) {
            Chaos chaos = request.manifest() == null ? null : request.manifest().chaos();
            if (chaos != null && chaos.slowdown() > 0)
                cloud.emulators().s3().injectSlowDown(chaos.slowdown(), chaos.seed());
            console.println("grist: local cloud up in " + Durations.format(System.currentTimeMillis() - start)
                    + "; uploading input to s3://" + cloud.bucket() + "/uploads/" + request.runId() + "/");
            // The coordinator's and the map function's instances start now and initialize while the input is put
            // in the bucket (as provisioned concurrency would have them ready on Lambda), instead of cold-starting
            // when the first tasks arrive. Not the reduce function's: on two cores their start slowed the map
            // phase by as much as it saved later, even when started only for the map phase's last wave (measured).
            cloud.warm(Map.of("CoordinatorFunction", 1, "MapFunction", request.concurrency()));
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            Map<Path, String> uploaded = request.inputs().keys("uploads/" + request.runId() + "/");
            cloud.putFiles(uploaded);
            long bytes = request.inputs().bytes();
            String manifest = request.pipeline() != null
                    ? client.submitManifest(request.runId(), request.pipeline().toJson())
                    : client.submit(request.runId(), request.manifest());
            console.println("grist: uploaded " + uploaded.size() + (uploaded.size() == 1 ? " file" : " files") + " ("
                    + Sizes.format(bytes) + "), then s3://" + cloud.bucket() + "/" + manifest
                    + ", which starts the " + (request.pipeline() != null ? "pipeline" : "job"));
            jobId.set(client.awaitJobId(manifest, Duration.ofSeconds(60)));
            if (request.pipeline() != null) {
                int code;
                try {
                    code = PipelineRun.await(client, jobId.get(), request.output(), request.timeout(), start, console);
                } catch (IllegalStateException e) {
                    console.endProgress();
                    console.println("grist: gave up after "
                            + Durations.format(request.timeout().toMillis()) + " (--timeout): " + e.getMessage());
                    return Grist.EXIT_TIMED_OUT;
                }
                if (code != 0) keptWhy = "the pipeline failed";
                ReportFiles.pipeline(client, jobId.get(), request.output(), console)
                        .ifPresent(p -> console.println("  report    " + p + " (open it in a browser)"));
                return code;
            }
            long jobStart = System.currentTimeMillis();
            Progress progress = new Progress(client, console, jobStart);
            JobRecord job;
            try {
                job = client.await(jobId.get(), request.timeout(), progress::show);
            } catch (JobClient.StillRunning e) {
                console.endProgress();
                console.println(stillRunning(client, e.job(), request.timeout()));
                return Grist.EXIT_TIMED_OUT;
            }
            console.endProgress();
            String outputPrefix = JobClient.outputPrefix(job);
            if (job.status() == JobStatus.FAILED) {
                keptWhy = "the job failed";
                console.println("grist: job " + jobId.get() + " FAILED: " + job.error());
                try {
                    output.write(client, outputPrefix);
                    console.println("grist: details in " + request.output().resolve("_JOB.json")
                            + "; function logs: grist logs " + jobId.get());
                } catch (OutputFolder.NotWritten e) {
                    console.println("grist: its _JOB.json could not be written to '" + request.output() + "': "
                            + e.getMessage() + "; it is in " + localCopy(state, cloud, outputPrefix));
                }
                ReportFiles.job(client, jobId.get(), request.output(), console)
                        .ifPresent(p -> console.println("grist: report: " + p + " (open it in a browser)"));
                return Grist.EXIT_JOB_FAILED;
            }
            Map<String, Path> files;
            try {
                files = output.write(client, outputPrefix);
            } catch (OutputFolder.NotWritten e) {
                keptWhy = "the output could not be written";
                console.println("grist: job " + jobId.get() + " SUCCEEDED, but its output could not be written to '"
                        + request.output() + "': " + e.getMessage());
                console.println("grist: the output is kept in " + localCopy(state, cloud, outputPrefix)
                        + " (part-r-*, _JOB.json, _SUCCESS); copy it from there");
                return Grist.EXIT_OUTPUT_NOT_WRITTEN;
            }
            console.println(summary(jobId.get(), files, request.output(), System.currentTimeMillis() - start));
            if (cloud.runtime() instanceof ProcessRuntime processes) {
                console.println(InstancesSummary.line(processes.stats()));
            }
            console.println("  logs      " + LastRunLogs.DIR + " (grist logs)");
            ReportFiles.job(client, jobId.get(), request.output(), console)
                    .ifPresent(p -> console.println("  report    " + p + " (open it in a browser)"));
            return 0;
        } finally {
            interruption.remove();
            platform.close();
            output.release();
            LastRunLogs.keep(state.dir().resolve("logs"), jobId.get(), console);
            if (keptWhy != null) {
                state.keep(keptWhy);
                console.println("grist: local cloud files kept in " + state.dir() + " (" + keptWhy
                        + "; a later run removes them after " + RunState.KEEP_DAYS + " days, or once "
                        + RunState.KEEP_RUNS + " newer runs kept theirs)");
            } else {
                state.delete();
            }
        }
    }

    /** Where the local bucket keeps a prefix, as files. */
    private static String localCopy(RunState state, LocalCloud cloud, String prefix) {
        Path dir = state.dir().resolve("s3").resolve(cloud.bucket()).resolve(prefix);
        return Files.isDirectory(dir)
                ? dir.toString()
                : "s3://" + cloud.bucket() + "/" + prefix + " (the local bucket, under "
                        + state.dir().resolve("s3") + ")";
    }

    /** Whether this JVM's environment holds AWS credentials (grist was started without its launcher). */
    private static boolean awsCredentialsInSight() {
        Map<String, String> env = System.getenv();
        return env.containsKey("AWS_ACCESS_KEY_ID")
                || env.containsKey("AWS_SECRET_ACCESS_KEY")
                || env.containsKey("AWS_SESSION_TOKEN")
                || env.containsKey("AWS_PROFILE");
    }

    /** One line for a wait that ran out: which task is holding the job, on what, for how long. */
    static String stillRunning(JobClient client, JobRecord job, Duration waited) {
        String head = "grist: gave up after " + Durations.format(waited.toMillis()) + " (--timeout): job "
                + job.jobId() + " is still " + job.status().name().toLowerCase()
                + (job.maps() < 0
                        ? ""
                        : " (maps " + job.mapsDone() + "/" + job.maps() + ", reduces " + job.reducesDone() + "/"
                                + job.reducers() + ")");
        return SlowTasks.longest(client, job, System.currentTimeMillis())
                .map(t -> head + "; " + t.describe() + ". If its code never finishes, find where in its log (grist"
                        + " logs " + job.jobId() + "), and bound each attempt with --task-timeout")
                .orElse(head + "; give it more time with --timeout");
    }

    /** The progress line, and the slowest task once one is far slower than its peers (read every few seconds). */
    static final class Progress {
        private static final long SLOW_CHECK_MILLIS = 5000;
        private final JobClient client;
        private final Console console;
        private final long start;
        private long nextCheck;
        private String slow = "";

        Progress(JobClient client, Console console, long start) {
            this.client = client;
            this.console = console;
            this.start = start;
            this.nextCheck = start + SLOW_CHECK_MILLIS;
        }

        void show(JobRecord j) {
            long now = System.currentTimeMillis();
            if (now >= nextCheck) {
                nextCheck = now + SLOW_CHECK_MILLIS;
                slow = SlowTasks.longest(client, j, now)
                        .filter(SlowTasks.Running::slow)
                        .map(t -> " · slow: " + t.describe())
                        .orElse("");
            }
            console.progress(progressLine(j, start) + slow);
        }
    }

    static String progressLine(JobRecord j, long start) {
        String phases = j.maps() < 0
                ? ""
                : " · maps " + j.mapsDone() + "/" + j.maps() + " · reduces " + j.reducesDone() + "/" + j.reducers();
        return "grist: " + j.status().name().toLowerCase() + phases + " · "
                + Durations.format(System.currentTimeMillis() - start);
    }

    static String summary(String jobId, Map<String, Path> files, Path output, long wallMillis) throws IOException {
        JobSummary s = JobSummary.fromJson(Files.readString(files.get("_JOB.json")));
        long parts = files.keySet().stream().filter(n -> n.startsWith("part-")).count();
        StringBuilder sb = new StringBuilder();
        sb.append("grist: job ")
                .append(jobId)
                .append(" SUCCEEDED in ")
                .append(Durations.format(wallMillis))
                .append(" (the job itself: ")
                .append(Durations.format(s.finished() - s.created()))
                .append(")\n");
        sb.append(String.format("  tasks     %s map, %s reduce; %s attempts%n", s.maps(), s.reducers(), s.attempts()));
        sb.append(String.format(
                "  records   %,d in, %,d map output, %,d out%n",
                s.counter(Counters.MAP_INPUT_RECORDS),
                s.counter(Counters.MAP_OUTPUT_RECORDS),
                s.counter(Counters.REDUCE_OUTPUT_RECORDS)));
        sb.append(String.format(
                "  bytes     %s in, %s shuffled, %s out%n",
                Sizes.format(s.counter(Counters.MAP_INPUT_BYTES)),
                Sizes.format(s.counter(Counters.REDUCE_SHUFFLE_BYTES)),
                Sizes.format(s.counter(Counters.REDUCE_OUTPUT_BYTES))));
        long skipped = s.counter(Counters.MAP_SKIPPED_RECORDS) + s.counter(Counters.REDUCE_SKIPPED_GROUPS);
        if (skipped > 0) sb.append(String.format("  skipped   %,d bad records (listed in _JOB.json)%n", skipped));
        sb.append("  output    ")
                .append(output)
                .append(" (")
                .append(parts)
                .append(parts == 1 ? " part" : " parts")
                .append(", _JOB.json, _SUCCESS)");
        return sb.toString();
    }

    /** Whether two names are one edit apart, or one is a transposition of the other. */
    static boolean close(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) return false;
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()] <= 2;
    }
}
