package io.gristmill.local.stack;

import io.gristmill.aws.DynamoJobTable;
import io.gristmill.aws.S3Objects;
import io.gristmill.client.StackEndpoint;
import io.gristmill.client.StackRecord;
import io.gristmill.engine.json.Json;
import io.gristmill.local.Home;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.cloud.EmulatorException;
import io.gristmill.local.cloud.Emulators;
import io.gristmill.local.edge.AwsService;
import io.gristmill.local.edge.EdgeExchange;
import io.gristmill.local.edge.EdgeRouter;
import io.gristmill.local.edge.EdgeRoutes;
import io.gristmill.local.edge.EdgeServer;
import io.gristmill.local.runtime.LogRouter;
import io.gristmill.report.Dashboard;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * The local stack as a service ({@code grist up}): the local cloud, with its state kept in a state folder
 * so that it survives stops and kills, behind one edge endpoint that any AWS client talks to. The edge
 * also serves the stack's own paths: {@code /_gristmill/stack} (its {@link StackRecord}),
 * {@code /_gristmill/health} and {@code /_gristmill/jars/} (the user's job jars; PUT one to deploy it).
 */
public final class StackServer implements AutoCloseable {

    /**
     * How to run a stack; {@link #defaults} then {@code with...} to change one setting.
     *
     * @param host the address the edge binds (127.0.0.1: this machine only)
     * @param port the edge's port (4566; 0 for any free port)
     * @param awsEndpoint an AWS-compatible endpoint that serves S3, SQS and DynamoDB instead of the emulators;
     *     null for the emulators
     * @param accessKey the only access key the edge accepts (with its secret), or null for any
     * @param ephemeral state in memory and a temporary folder, gone when the stack stops (tests): nothing
     *     survives, and several such stacks may run in one JVM
     * @param log the stack's own messages and one line per request at the edge
     */
    public record Config(
            Path stateDir,
            String host,
            int port,
            RuntimeMode runtime,
            int concurrency,
            Map<String, String> parameters,
            URI awsEndpoint,
            String accessKey,
            String secretKey,
            Path template,
            boolean ephemeral,
            Consumer<String> log) {

        public static Config defaults(Path stateDir) {
            return new Config(
                    stateDir,
                    "127.0.0.1",
                    4566,
                    RuntimeMode.bestAvailable(),
                    Math.max(2, Runtime.getRuntime().availableProcessors()),
                    LOCAL_PARAMETERS,
                    null,
                    null,
                    null,
                    Home.template(),
                    false,
                    System.out::println);
        }

        /**
         * A stack for tests: any free port, functions in this JVM, its state in memory and in a temporary
         * folder deleted when it stops.
         */
        public static Config forTests() throws IOException {
            return defaults(Files.createTempDirectory("gristmill-stack-"))
                    .withPort(0)
                    .withRuntime(RuntimeMode.IN_JVM)
                    .withEphemeral(true)
                    .withLog(line -> {});
        }

        public Config withPort(int v) {
            return copy(f -> f.port = v);
        }

        public Config withHost(String v) {
            return copy(f -> f.host = v);
        }

        public Config withRuntime(RuntimeMode v) {
            return copy(f -> f.runtime = v);
        }

        public Config withConcurrency(int v) {
            return copy(f -> f.concurrency = v);
        }

        public Config withParameters(Map<String, String> v) {
            return copy(f -> f.parameters = v);
        }

        public Config withAwsEndpoint(URI v) {
            return copy(f -> f.awsEndpoint = v);
        }

        public Config withCredentials(String key, String secret) {
            return copy(f -> {
                f.accessKey = key;
                f.secretKey = secret;
            });
        }

        public Config withTemplate(Path v) {
            return copy(f -> f.template = v);
        }

        public Config withEphemeral(boolean v) {
            return copy(f -> f.ephemeral = v);
        }

        public Config withLog(Consumer<String> v) {
            return copy(f -> f.log = v);
        }

        /** A copy with {@code change} made to its fields (records have no withers of their own). */
        private Config copy(Consumer<Fields> change) {
            Fields f = new Fields(this);
            change.accept(f);
            return f.build();
        }

        /** The fields, mutable, for {@link #copy}. */
        private static final class Fields {
            private Path stateDir;
            private String host;
            private int port;
            private RuntimeMode runtime;
            private int concurrency;
            private Map<String, String> parameters;
            private URI awsEndpoint;
            private String accessKey;
            private String secretKey;
            private Path template;
            private boolean ephemeral;
            private Consumer<String> log;

            Fields(Config c) {
                stateDir = c.stateDir;
                host = c.host;
                port = c.port;
                runtime = c.runtime;
                concurrency = c.concurrency;
                parameters = c.parameters;
                awsEndpoint = c.awsEndpoint;
                accessKey = c.accessKey;
                secretKey = c.secretKey;
                template = c.template;
                ephemeral = c.ephemeral;
                log = c.log;
            }

            Config build() {
                return new Config(
                        stateDir,
                        host,
                        port,
                        runtime,
                        concurrency,
                        parameters,
                        awsEndpoint,
                        accessKey,
                        secretKey,
                        template,
                        ephemeral,
                        log);
            }
        }
    }

    /**
     * Template parameters of a local stack: a failing task is retried after 1 s (not 10 s), so a bug fails
     * its job in seconds, as in grist run; everything else as on AWS.
     */
    public static final Map<String, String> LOCAL_PARAMETERS = Map.of("RetryDelaySeconds", "1");

    private final Config config;
    private final StateFolder folder;
    private final EdgeServer edge;
    private final LocalCloud cloud;
    private final StackRecord record;
    private final Object deploys = new Object();

    private StackServer(Config config, StateFolder folder, EdgeServer edge, LocalCloud cloud, StackRecord record) {
        this.config = config;
        this.folder = folder;
        this.edge = edge;
        this.cloud = cloud;
        this.record = record;
    }

    /**
     * Starts the stack and returns once it serves requests.
     *
     * @throws StackException with a message that names the cause and the fix (port in use, state folder
     *     held or not writable, an emulator that does not start)
     */
    public static StackServer start(Config config) throws IOException {
        long begin = System.currentTimeMillis();
        StateFolder folder = StateFolder.take(config.stateDir());
        EdgeServer edge = null;
        LocalCloud cloud = null;
        try {
            folder.previous()
                    .ifPresent(p -> config.log()
                            .accept("the stack of " + folder.dir() + " was not stopped cleanly (pid " + p.pid()
                                    + " is gone); its state is kept, and unfinished jobs go on"));
            EdgeRoutes routes = new EdgeRoutes();
            edge = bind(config, routes);
            String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path logs = folder.newRunLogs(run);
            // Function instances' output goes to their own logs; anything else the JVM prints, to ours.
            LogRouter.install(null);
            cloud = LocalCloud.start(LocalCloud.Options.builder()
                    .template(config.template())
                    .parameters(config.parameters())
                    .runtime(config.runtime())
                    .concurrency(config.concurrency())
                    .jars(folder.jars())
                    .stateDir(folder.dir())
                    .logDir(logs)
                    .durable(config.awsEndpoint() == null && !config.ephemeral())
                    .inMemoryS3(config.ephemeral())
                    .awsEndpoint(config.awsEndpoint())
                    .queueAddress(config.awsEndpoint() == null ? edge.endpoint() : null)
                    .errors(config.log()));
            Map<AwsService, EdgeRouter.Backend> backends = new EnumMap<>(AwsService.class);
            Map<String, URI> endpoints = cloud.endpoints();
            if (config.awsEndpoint() == null) {
                backends.put(AwsService.S3, new EdgeRouter.Backend("S3 (S3Proxy)", endpoints.get("S3")));
                backends.put(AwsService.SQS, new EdgeRouter.Backend("SQS (ElasticMQ)", endpoints.get("SQS")));
                backends.put(
                        AwsService.DYNAMODB, new EdgeRouter.Backend("DynamoDB (dynalite)", endpoints.get("DYNAMODB")));
            } else {
                for (AwsService s : AwsService.values()) {
                    backends.put(
                            s, new EdgeRouter.Backend(s.title + " at " + config.awsEndpoint(), config.awsEndpoint()));
                }
            }
            edge.serve(backends, config.accessKey(), config.secretKey());
            StackRecord record = new StackRecord(
                    ProcessHandle.current().pid(),
                    edge.endpoint().toString(),
                    config.awsEndpoint() == null
                            ? "embedded"
                            : config.awsEndpoint().toString(),
                    cloud.stack().stack().stackName(),
                    cloud.bucket(),
                    cloud.table(),
                    Emulators.REGION,
                    config.accessKey(),
                    config.secretKey(),
                    folder.dir().toString(),
                    logs.toString(),
                    config.runtime().cliName(),
                    System.currentTimeMillis());
            StackServer server = new StackServer(config, folder, edge, cloud, record);
            server.mountRoutes(routes);
            folder.writeRecord(record);
            config.log()
                    .accept("stack up in " + (System.currentTimeMillis() - begin) + " ms at " + edge.endpoint()
                            + " (state " + folder.dir() + "; " + cloud.timings() + "; JVM up "
                            + java.lang.management.ManagementFactory.getRuntimeMXBean()
                                    .getUptime() + " ms, CPU "
                            + cpuMillis() + " ms)");
            return server;
        } catch (EmulatorException e) {
            closeQuietly(edge, cloud, folder);
            throw new StackException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(edge, cloud, folder);
            throw e;
        }
    }

    /** This JVM's CPU time so far: what a start costs, whatever else the machine is doing. */
    private static long cpuMillis() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toMillis)
                .orElse(-1L);
    }

    private static EdgeServer bind(Config config, EdgeRoutes routes) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw new StackException("--host " + config.host() + " is not an address of this machine (" + e.getMessage()
                    + "); use 127.0.0.1, or 0.0.0.0 for every interface");
        }
        try {
            return new EdgeServer(address, config.port(), routes, config.log());
        } catch (BindException e) {
            URI there = URI.create(
                    "http://" + (address.isAnyLocalAddress() ? "127.0.0.1" : config.host()) + ":" + config.port());
            String who = StackEndpoint.discover(there)
                    .map(s -> "another Gristmill stack (pid " + s.record().pid() + ", state "
                            + s.record().stateDir() + ")")
                    .orElse("another program (LocalStack, moto, an earlier stack...)");
            throw new StackException("port " + config.port() + " on " + config.host() + " is in use by " + who
                    + "; stop it, or start this stack on another port with --port N (e.g. --port "
                    + (config.port() + 1) + ")");
        }
    }

    private void mountRoutes(EdgeRoutes routes) {
        // The dashboard answers everything under /_gristmill/ that the stack's own paths below do not.
        Dashboard dashboard = new Dashboard(
                new DynamoJobTable(cloud.dynamo(), cloud.table(), 30),
                new S3Objects(cloud.s3(), cloud.bucket()),
                EdgeRoutes.RESERVED);
        routes.mount(EdgeRoutes.RESERVED, x -> {
            Dashboard.Response r = dashboard.handle(x.method(), x.path(), x.query());
            r.headers().forEach(x::responseHeader);
            x.respond(r.status(), r.contentType(), r.body());
        });
        routes.mount("/_gristmill/stack", x -> x.respond(200, "application/json", record.toJson()));
        routes.mount("/_gristmill/health", x -> x.respond(200, "application/json", "{\"status\": \"running\"}\n"));
        routes.mount("/_gristmill/jars/", this::jars);
    }

    /** GET: the jars; PUT /_gristmill/jars/NAME.jar: deploys one; DELETE: removes one. */
    private void jars(EdgeExchange x) throws IOException {
        String name = URLDecoder.decode(x.path().substring("/_gristmill/jars".length()), StandardCharsets.UTF_8);
        if (name.startsWith("/")) name = name.substring(1);
        try {
            switch (x.method()) {
                case "GET", "HEAD" -> x.respond(200, "application/json", jarList());
                case "PUT" -> {
                    deployJar(name, x.body());
                    x.respond(200, "application/json", jarList());
                }
                case "DELETE" -> {
                    removeJar(name);
                    x.respond(200, "application/json", jarList());
                }
                default -> refuse(x, 405, "use GET, PUT or DELETE on " + x.path());
            }
        } catch (IllegalArgumentException e) {
            refuse(x, 400, e.getMessage());
        }
    }

    private static void refuse(EdgeExchange x, int status, String message) throws IOException {
        x.respond(status, "application/json", Json.write(Map.of("message", message)) + "\n");
    }

    private String jarList() throws IOException {
        List<String> names =
                folder.jars().stream().map(p -> p.getFileName().toString()).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jars", names);
        return Json.writePretty(m) + "\n";
    }

    /**
     * Adds a jar of the user's job classes, or replaces the one of that name, and makes the functions use
     * it for every invocation that starts from now on (new instances; running ones finish as they are).
     *
     * @throws IllegalArgumentException for a bad name or a file that is not a jar
     */
    public void deployJar(String name, InputStream content) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._+-]*\\.jar")) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a jar's file name (letters, digits, . _ + -," + " ending in .jar)");
        }
        synchronized (deploys) {
            Path dir = Files.createDirectories(folder.jarsDir());
            Path tmp = dir.resolve("." + name + ".upload");
            try {
                Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
                checkJar(tmp, name);
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            cloud.deployJars(folder.jars());
            config.log().accept("deployed " + name + "; jobs that start from now on see its classes");
        }
    }

    public void removeJar(String name) throws IOException {
        synchronized (deploys) {
            Path jar = folder.jarsDir().resolve(name).normalize();
            if (!jar.getParent().equals(folder.jarsDir()) || !Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no jar named " + name + " is deployed");
            }
            Files.delete(jar);
            cloud.deployJars(folder.jars());
            config.log().accept("removed " + name);
        }
    }

    private static void checkJar(Path file, String name) throws IOException {
        try (JarFile jar = new JarFile(file.toFile())) {
            boolean classes = jar.stream().anyMatch(e -> e.getName().endsWith(".class"));
            if (!classes) throw new IllegalArgumentException(name + " holds no classes; build your job's jar first");
        } catch (ZipException e) {
            throw new IllegalArgumentException(name + " is not a jar (" + e.getMessage() + ")");
        }
    }

    public StackRecord record() {
        return record;
    }

    public URI endpoint() {
        return edge.endpoint();
    }

    public LocalCloud cloud() {
        return cloud;
    }

    public EdgeRoutes routes() {
        return edge.routes();
    }

    public Path stateDir() {
        return folder.dir();
    }

    /** Stops the stack: the edge first (no new requests), then the functions and the emulators. Nothing is lost. */
    @Override
    public void close() {
        closeAll();
        config.log().accept("stack stopped");
    }

    private static void closeQuietly(EdgeServer edge, LocalCloud cloud, StateFolder folder) {
        if (edge != null) edge.close();
        if (cloud != null) cloud.close();
        folder.close();
    }

    /** Stops the stack and, for an ephemeral one, deletes its state. */
    private void closeAll() {
        closeQuietly(edge, cloud, folder);
        if (config.ephemeral()) io.gristmill.engine.files.FileTree.delete(folder.dir());
    }
}
