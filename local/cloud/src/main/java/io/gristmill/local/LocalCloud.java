package io.gristmill.local;

import io.gristmill.aws.Clients;
import io.gristmill.client.ParallelPuts;
import io.gristmill.engine.files.FileTree;
import io.gristmill.infra.FunctionDef;
import io.gristmill.infra.ProvisionedStack;
import io.gristmill.infra.Provisioner;
import io.gristmill.infra.SqsEventDef;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import io.gristmill.local.cloud.Emulators;
import io.gristmill.local.cloud.ObjectCreatedListener;
import io.gristmill.local.process.DeploymentPackage;
import io.gristmill.local.process.ProcessRuntime;
import io.gristmill.local.runtime.FunctionConfig;
import io.gristmill.local.runtime.FunctionRuntime;
import io.gristmill.local.runtime.InJvmRuntime;
import io.gristmill.local.runtime.ReloadableRuntime;
import io.gristmill.local.runtime.SqsEventSource;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole stack on this machine: S3, SQS and DynamoDB emulators, provisioned from template.yaml,
 * with the template's functions run as Lambda runs them (event source mappings with their batch
 * sizes and partial batch responses, timeouts, concurrency limits) and S3 event notifications
 * delivered as S3 delivers them. Functions reach the emulators through the standard
 * {@code AWS_ENDPOINT_URL_*} variables, so the code that runs here is the code that runs on AWS.
 */
public final class LocalCloud implements AutoCloseable {

    /**
     * How to run the local cloud; {@link #builder()} starts from the defaults.
     *
     * @param stateDir where S3 objects, scratch space and logs live; null for a temporary directory
     *     that is deleted on close
     * @param concurrency the most instances of each function at once (Lambda's concurrency limit)
     * @param jars extra jars on the functions' class path (the user's job code)
     * @param inMemoryS3 S3 objects in memory instead of files under the state directory (tests)
     * @param runFunctions false to leave the queues to the caller (tests drive the handlers by hand)
     * @param runtime how function instances run: in this JVM (the default, for fast tests) or as processes
     * @param durable queues and tables kept under the state directory too (S3 objects always are, unless
     *     in memory), so that a stop or a kill loses nothing: the state of {@code grist up}
     * @param awsEndpoint an AWS-compatible endpoint (LocalStack, moto) that serves S3, SQS and DynamoDB
     *     instead of the emulators; only the functions run here. Null for the emulators
     * @param queueAddress the address SQS queue URLs name (an edge router in front of the emulators), or
     *     null for the SQS emulator's own
     * @param logDir where the function instances' logs go; null for {@code logs} in the state directory
     */
    public record Options(
            Path template,
            String stackName,
            Map<String, String> parameters,
            int concurrency,
            List<Path> jars,
            Path stateDir,
            boolean inMemoryS3,
            Consumer<String> errors,
            boolean runFunctions,
            RuntimeMode runtime,
            boolean durable,
            URI awsEndpoint,
            URI queueAddress,
            Path logDir) {

        public static Builder builder() {
            return new Builder();
        }

        /** Options with defaults: this checkout's template.yaml, in-JVM functions, one instance per core. */
        public static final class Builder {
            private Path template = Home.template();
            private String stackName = "gristmill";
            private Map<String, String> parameters = Map.of();
            private int concurrency = Math.max(2, Runtime.getRuntime().availableProcessors());
            private List<Path> jars = List.of();
            private Path stateDir;
            private boolean inMemoryS3;
            private Consumer<String> errors = message -> System.err.println("local cloud: " + message);
            private boolean runFunctions = true;
            private RuntimeMode runtime = RuntimeMode.IN_JVM;
            private boolean durable;
            private URI awsEndpoint;
            private URI queueAddress;
            private Path logDir;

            private Builder() {}

            public Builder template(Path v) {
                template = v;
                return this;
            }

            public Builder stackName(String v) {
                stackName = v;
                return this;
            }

            /** Template parameters (e.g. {@code RetryDelaySeconds}) over the template's defaults. */
            public Builder parameters(Map<String, String> v) {
                parameters = v;
                return this;
            }

            public Builder concurrency(int v) {
                concurrency = v;
                return this;
            }

            public Builder jars(List<Path> v) {
                jars = v;
                return this;
            }

            public Builder stateDir(Path v) {
                stateDir = v;
                return this;
            }

            public Builder inMemoryS3(boolean v) {
                inMemoryS3 = v;
                return this;
            }

            public Builder errors(Consumer<String> v) {
                errors = v;
                return this;
            }

            public Builder runFunctions(boolean v) {
                runFunctions = v;
                return this;
            }

            public Builder runtime(RuntimeMode v) {
                runtime = v;
                return this;
            }

            public Builder durable(boolean v) {
                durable = v;
                return this;
            }

            public Builder awsEndpoint(URI v) {
                awsEndpoint = v;
                return this;
            }

            public Builder queueAddress(URI v) {
                queueAddress = v;
                return this;
            }

            public Builder logDir(Path v) {
                logDir = v;
                return this;
            }

            public Options build() {
                if (durable && (stateDir == null || inMemoryS3)) {
                    throw new IllegalArgumentException("a durable local cloud needs a state directory, and S3 on disk");
                }
                return new Options(
                        template,
                        stackName,
                        parameters,
                        concurrency,
                        jars,
                        stateDir,
                        inMemoryS3,
                        errors,
                        runFunctions,
                        runtime,
                        durable,
                        awsEndpoint,
                        queueAddress,
                        logDir);
            }
        }
    }

    private final Options options;
    private final Path stateDir;
    private final boolean temporaryState;
    private final Emulators emulators;
    private final Clients clients;
    private final ProvisionedStack stack;
    private final ReloadableRuntime runtime;
    private final List<URLClassLoader> loaders = new ArrayList<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private List<Path> jars;
    private int generation;
    private final Timings timings;

    /** How long each part of the start took, in milliseconds. */
    public record Timings(long emulators, long provisioning, long functions) {
        @Override
        public String toString() {
            return "emulators " + emulators + " ms, provisioning " + provisioning + " ms, functions " + functions
                    + " ms";
        }
    }

    private LocalCloud(Options options) throws IOException {
        this.options = options;
        this.temporaryState = options.stateDir() == null;
        this.stateDir = temporaryState ? Files.createTempDirectory("gristmill-") : options.stateDir();
        Files.createDirectories(stateDir);
        this.jars = List.copyOf(options.jars());
        AtomicReference<ObjectCreatedListener> listener = new AtomicReference<>(ObjectCreatedListener.NONE);
        ObjectCreatedListener deferred = new ObjectCreatedListener() {
            @Override
            public void objectCreated(io.gristmill.protocol.message.ObjectCreated event) {
                listener.get().objectCreated(event);
            }

            @Override
            public boolean wants(String bucket, String key) {
                return listener.get().wants(bucket, key);
            }
        };
        long begin = System.nanoTime();
        if (options.awsEndpoint() != null) {
            this.emulators = null; // the endpoint's S3 sends the notifications itself
        } else if (options.durable()) {
            this.emulators = Emulators.startDurable(stateDir, deferred, options.queueAddress());
        } else if (options.inMemoryS3()) {
            this.emulators = Emulators.startInMemory(deferred);
        } else {
            this.emulators = Emulators.start(stateDir.resolve("s3"), stateDir, deferred);
        }
        Clients clients = null;
        try {
            // The event source mappings poll with the SQS client (and S3's notifications go through it): on
            // AWS those requests are billed too, so they are counted; the tests' and the CLI's are not.
            long emulatorsDone = System.nanoTime();
            clients = Clients.create(clientEnvironment(), Set.of("SQS"));
            this.clients = clients;
            StackSettings settings = new StackSettings(
                    options.stackName(), Emulators.ACCOUNT_ID, Emulators.REGION, options.parameters());
            Provisioner provisioner = new Provisioner(clients.s3(), clients.sqs(), clients.dynamo());
            this.stack = provisioner.provision(Template.load(options.template()), settings);
            if (emulators == null) {
                provisioner.applyNotifications(stack);
            } else {
                listener.set(new S3Notifier(clients.sqs(), stack, options.errors()));
                int owed = emulators.deliverOwedEvents();
                if (owed > 0) options.errors().accept("delivered " + owed + " S3 events owed since the last stop");
            }
            long provisioned = System.nanoTime();
            this.runtime = new ReloadableRuntime(newRuntime(jars), options.errors());
            startFunctions();
            this.timings = new Timings(
                    (emulatorsDone - begin) / 1_000_000,
                    (provisioned - emulatorsDone) / 1_000_000,
                    (System.nanoTime() - provisioned) / 1_000_000);
        } catch (RuntimeException | IOException e) {
            eventSources.forEach(SqsEventSource::close);
            if (clients != null) clients.close();
            if (emulators != null) emulators.close();
            throw e;
        }
    }

    public static LocalCloud start(Options options) throws IOException {
        return new LocalCloud(options);
    }

    public static LocalCloud start(Options.Builder options) throws IOException {
        return new LocalCloud(options.build());
    }

    /** The function runtime for this code: the template's handlers and these jars of the user's. */
    private FunctionRuntime newRuntime(List<Path> userJars) throws IOException {
        generation++;
        Path logs = logDir();
        if (generation > 1) logs = logs.resolveSibling(logs.getFileName() + "." + generation);
        if (options.runtime() == RuntimeMode.PROCESS) {
            return new ProcessRuntime(
                    DeploymentPackage.resolve(userJars),
                    logs,
                    stateDir,
                    Emulators.ACCOUNT_ID,
                    ProcessRuntime.Settings.defaults());
        }
        URLClassLoader loader = new URLClassLoader(urls(userJars), LocalCloud.class.getClassLoader());
        synchronized (loaders) {
            loaders.add(loader);
        }
        return new InJvmRuntime(loader, logs, Emulators.ACCOUNT_ID);
    }

    /**
     * Replaces the user's jars, as a new layer version does on AWS: invocations that start from now on
     * see these classes (new instances), those running finish with the old ones. Their logs go to a new
     * folder next to {@link #logDir()}, {@code logs.2}, {@code logs.3}...
     */
    public synchronized void deployJars(List<Path> userJars) throws IOException {
        List<Path> next = List.copyOf(userJars);
        runtime.replace(newRuntime(next));
        jars = next;
    }

    /** The user's jars the functions run with now. */
    public synchronized List<Path> jars() {
        return jars;
    }

    private static URL[] urls(List<Path> jars) throws MalformedURLException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) urls[i] = jars.get(i).toUri().toURL();
        return urls;
    }

    private void startFunctions() throws IOException {
        for (FunctionDef fn : stack.stack().functions().values()) {
            FunctionConfig config = functionConfig(fn);
            if (!options.runFunctions()) continue;
            int instances = config.maxInstances();
            for (SqsEventDef event : fn.sqsEvents()) {
                int concurrency = event.maximumConcurrency() == null
                        ? instances
                        : Math.min(event.maximumConcurrency(), instances);
                SqsEventSource.Mapping mapping = new SqsEventSource.Mapping(
                        stack.queueUrl(event.queueLogicalId()),
                        stack.queueArn(event.queueLogicalId()),
                        event.batchSize(),
                        event.maximumBatchingWindowSeconds(),
                        Math.max(1, concurrency),
                        event.reportBatchItemFailures());
                eventSources.add(
                        new SqsEventSource(clients.sqs(), config, mapping, runtime, Emulators.REGION, options.errors())
                                .start());
            }
        }
    }

    /**
     * Starts instances of these functions (by logical id, with how many of each, within their concurrency)
     * ahead of their first event, as provisioned concurrency does on Lambda. grist run calls it before it
     * uploads the input, so that the instances' cold starts overlap the upload instead of delaying the job's
     * first tasks. Returns at once; does nothing with in-JVM functions, whose instances cost nothing to start.
     */
    public void warm(Map<String, Integer> instances) throws IOException {
        for (var e : instances.entrySet()) {
            FunctionDef fn = stack.stack().functions().get(e.getKey());
            if (fn == null) {
                throw new IllegalArgumentException("no function " + e.getKey() + " in the template; it has "
                        + stack.stack().functions().keySet());
            }
            runtime.warm(functionConfig(fn), e.getValue(), Emulators.REGION);
        }
    }

    /**
     * Puts a local file into the stack's bucket. With the emulators, the S3 emulator stores it directly, as a PUT
     * would (same ETag, same event), without HTTP; with an AWS-compatible endpoint, it is a PUT.
     */
    public void putFile(String key, Path file) throws IOException {
        if (emulators != null) {
            emulators.s3().putFile(bucket(), key, file);
        } else {
            clients.s3().putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromFile(file));
        }
    }

    /**
     * Puts local files into the stack's bucket (keys by file), as {@link #putFile}, as many at once as the
     * cloud runs instances of a function: storing a file is mostly hashing it, which one core does at a time.
     */
    public void putFiles(Map<Path, String> keys) throws IOException {
        ParallelPuts.run(keys, options.concurrency(), (file, key) -> putFile(key, file));
    }

    /** How the runtime runs a function of the template here: its environment points at this cloud. */
    public FunctionConfig functionConfig(FunctionDef fn) throws IOException {
        int instances = options.concurrency();
        if (fn.reservedConcurrency() != null) instances = Math.min(instances, fn.reservedConcurrency());
        Path tmp = stateDir.resolve("tmp").resolve(fn.logicalId());
        Files.createDirectories(tmp);
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        env.putAll(clientEnvironment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        if (fn.runtime() != null) env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime());
        env.put("TMPDIR", tmp.toString());
        return new FunctionConfig(
                fn.logicalId(), fn.handler(), fn.memorySize(), fn.timeout(), env, Math.max(1, instances));
    }

    /** A function's environment on this cloud, e.g. to construct its handler by hand in a test. */
    public Map<String, String> functionEnvironment(String logicalId) throws IOException {
        return functionConfig(stack.stack().function(logicalId)).environment();
    }

    /** The standard variables that point an AWS SDK at this cloud. */
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", Emulators.REGION);
        env.put("AWS_DEFAULT_REGION", Emulators.REGION);
        env.put("AWS_ACCESS_KEY_ID", Emulators.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", Emulators.SECRET_ACCESS_KEY);
        endpoints().forEach((service, uri) -> env.put("AWS_ENDPOINT_URL_" + service, uri.toString()));
        return env;
    }

    /**
     * Where each service answers, by the names of the standard variables ({@code S3}, {@code SQS},
     * {@code DYNAMODB}): the emulators, or the AWS-compatible endpoint given.
     */
    public Map<String, URI> endpoints() {
        Map<String, URI> out = new LinkedHashMap<>();
        if (emulators == null) {
            for (String service : List.of("S3", "SQS", "DYNAMODB")) out.put(service, options.awsEndpoint());
        } else {
            out.put("S3", emulators.s3Endpoint());
            out.put("SQS", emulators.sqsEndpoint());
            out.put("DYNAMODB", emulators.dynamoEndpoint());
        }
        return out;
    }

    public ProvisionedStack stack() {
        return stack;
    }

    /** The stack's bucket, from its outputs (the same contract a deployed stack offers). */
    public String bucket() {
        return stack.stack().output("BucketName");
    }

    public String table() {
        return stack.stack().output("TableName");
    }

    public S3Client s3() {
        return clients.s3();
    }

    public SqsClient sqs() {
        return clients.sqs();
    }

    public DynamoDbClient dynamo() {
        return clients.dynamo();
    }

    public Timings timings() {
        return timings;
    }

    /** The runtime that new invocations go to (it changes when {@link #deployJars} is called). */
    public FunctionRuntime runtime() {
        return runtime.current();
    }

    public Path logDir() {
        return options.logDir() != null ? options.logDir() : stateDir.resolve("logs");
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The emulators, or null when an AWS-compatible endpoint serves S3, SQS and DynamoDB. */
    public Emulators emulators() {
        return emulators;
    }

    /** Stops everything; a part that fails to stop is reported, never thrown: the work is done. */
    @Override
    public void close() {
        // Stopped, not awaited: a poll in progress ends within its one-second wait and then does nothing (its
        // messages, if any, reappear after their visibility timeout, like any batch not processed).
        for (SqsEventSource source : eventSources) quietly("an event source", source::stop);
        quietly("the function runtime", runtime::close);
        synchronized (loaders) {
            for (URLClassLoader loader : loaders) quietly("the function class loader", loader::close);
        }
        quietly("the SDK clients", clients::close);
        if (emulators != null) quietly("the emulators", emulators::close);
        if (temporaryState) FileTree.delete(stateDir);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            options.errors().accept("stopping " + what + ": " + e);
        }
    }
}
