package io.gristmill.cli;

import io.gristmill.client.StackEndpoint;
import io.gristmill.client.StackRecord;
import io.gristmill.engine.job.Durations;
import io.gristmill.local.Home;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.stack.StackException;
import io.gristmill.local.stack.StackServer;
import io.gristmill.local.stack.StateFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code grist up}: the local stack as a service that stays up, with one endpoint for S3, SQS and DynamoDB,
 * where an upload starts a job. In the background by default: it starts a JVM of its own (its output in
 * the state folder's stack.log) and returns once the stack serves requests.
 */
final class UpCommand {
    static final String HELP = """
            Usage: grist up [options]

            Starts the local stack in the background and returns once it is ready: S3, SQS and DynamoDB
            on one endpoint (http://127.0.0.1:4566), provisioned from template.yaml, with the functions
            running as Lambda runs them. Any AWS client works with --endpoint-url; uploading to
            input/<app>/ or a manifest to jobs/ in its bucket starts a job. Its state (objects, the table,
            the queues, your jars) stays in the state folder across grist down and grist up, and a kill.
            grist down stops it.

            Options:
              --foreground           stay in this terminal and print the stack's log (Ctrl-C stops it)
              --port N               the endpoint's port (default 4566)
              --host ADDRESS         the address to listen on (default 127.0.0.1: this machine only)
              --state DIR            the state folder (default .gristmill/stack)
              --runtime MODE         process or in-jvm, as for grist run (default: %s)
              --concurrency N        instances of each function at once (default: CPU cores, at least 2)
              --param NAME=VALUE     a template parameter, e.g. --param MaxTaskAttempts=6; repeatable
              --aws-endpoint URL     use the S3, SQS and DynamoDB of an AWS-compatible endpoint (LocalStack,
                                     moto) instead of the embedded emulators: the stack's bucket, queues and
                                     table are created there, and only the functions run here
              --access-key KEY --secret-key SECRET
                                     accept only requests signed with this key (default: any key)

            Examples:
              grist up
              aws --endpoint-url http://127.0.0.1:4566 s3 cp book.txt s3://BUCKET/input/wordcount/book.txt
              grist status --local
              grist down
            """;

    private static final Set<String> VALUED = Set.of(
            "port", "host", "state", "runtime", "concurrency", "param", "aws-endpoint", "access-key", "secret-key");
    private static final Set<String> FLAGS = Set.of("foreground", "detached", "help");
    static final Path DEFAULT_STATE = Path.of(".gristmill", "stack");
    /** The first start installs dynalite with npm, which can take minutes. */
    private static final long START_TIMEOUT_MILLIS = 6 * 60_000;

    static String help() {
        return String.format(HELP, RuntimeMode.bestAvailable().cliName());
    }

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("up", argv, VALUED, FLAGS);
        if (args.flag("help")) {
            stdout.print(help());
            return 0;
        }
        if (!args.positional().isEmpty())
            throw new UsageException("grist up takes no arguments, got " + args.positional());
        StackServer.Config config = config(args);
        Path state = config.stateDir();
        StateFolder.Status status = StateFolder.status(state);
        if (status instanceof StateFolder.Running running) {
            console.println(running.record()
                    .map(r -> "grist: a stack is already running: endpoint " + r.endpoint() + ", pid " + r.pid()
                            + " (state " + state + "); grist down stops it")
                    .orElse("grist: a stack is starting with the state folder " + state + " (pid " + running.pid()
                            + "); wait for it, or stop it with grist down"));
            return 0;
        }
        if (!config.host().equals("127.0.0.1") && !config.host().equals("localhost")) {
            console.println("grist: warning: listening on " + config.host() + ", so other machines can reach the"
                    + " stack and its data" + (config.accessKey() == null ? ", with any credentials" : ""));
        }
        if (args.flag("foreground")) return foreground(config, console, args.flag("detached"));
        return background(argv, config, console, status);
    }

    private static StackServer.Config config(Args args) throws UsageException {
        Path state = Path.of(args.value("state", DEFAULT_STATE.toString()));
        int port = args.intValue("port", 4566);
        if (port < 0 || port > 65535) throw new UsageException("--port must be between 1 and 65535 (0: any free port)");
        RuntimeMode runtime;
        try {
            runtime = RuntimeMode.parse(
                    args.value("runtime", RuntimeMode.bestAvailable().cliName()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--runtime: " + e.getMessage());
        }
        int concurrency =
                args.intValue("concurrency", Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        Map<String, String> parameters = new LinkedHashMap<>(StackServer.LOCAL_PARAMETERS);
        parameters.putAll(JobFlags.params(args));
        URI awsEndpoint = null;
        String aws = args.value("aws-endpoint");
        if (aws != null) {
            try {
                awsEndpoint = URI.create(aws);
                if (awsEndpoint.getHost() == null
                        || !"http".equals(awsEndpoint.getScheme()) && !"https".equals(awsEndpoint.getScheme()))
                    throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--aws-endpoint " + aws + " is not a URL such as http://127.0.0.1:5000");
            }
            // The functions' SDK would look for BUCKET.localhost, which does not resolve everywhere.
            if (awsEndpoint.getHost().equals("localhost")) {
                awsEndpoint = URI.create(awsEndpoint.getScheme() + "://127.0.0.1:" + awsEndpoint.getPort());
            }
        }
        String key = args.value("access-key");
        String secret = args.value("secret-key");
        if ((key == null) != (secret == null)) throw new UsageException("--access-key and --secret-key go together");
        return StackServer.Config.defaults(state)
                .withPort(port)
                .withHost(args.value("host", "127.0.0.1"))
                .withRuntime(runtime)
                .withConcurrency(concurrency)
                .withParameters(parameters)
                .withAwsEndpoint(awsEndpoint)
                .withCredentials(key, secret);
    }

    /** Runs the stack in this JVM until it is stopped (SIGTERM from grist down, or Ctrl-C). */
    private static int foreground(StackServer.Config config, Console console, boolean detached) throws Exception {
        if (detached) ignoreHangUp();
        PrintStream log = System.out;
        StackServer server;
        long begin = System.currentTimeMillis();
        try {
            server = StackServer.start(config.withLog(line -> log.println(Instant.now() + "  " + line)));
        } catch (StackException e) {
            console.println("grist: " + e.getMessage());
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "grist-up-stop"));
        if (!detached) {
            banner(server.record(), config.stateDir(), System.currentTimeMillis() - begin, console, false);
            console.println("grist: the stack's log follows; Ctrl-C stops it");
        }
        stopped.await();
        return 0;
    }

    /** Starts {@code grist up --foreground} as a process of its own and waits until its stack is ready. */
    private static int background(
            List<String> argv, StackServer.Config config, Console console, StateFolder.Status status) throws Exception {
        Path state = config.stateDir();
        if (status instanceof StateFolder.Stale stale) {
            console.println("grist: the stack of " + state + " (pid "
                    + stale.record().pid() + ") was not stopped cleanly; starting it again, with its state");
        }
        Path log = state.resolve(StateFolder.LOG);
        try {
            Files.createDirectories(state);
            Files.writeString(
                    log,
                    "",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UsageException("cannot write the state folder " + state + " (" + e.getMessage()
                    + "); give a folder you can write with --state DIR, or fix its permissions");
        }
        long offset = Files.size(log);
        long begin = System.currentTimeMillis();
        List<String> command = new ArrayList<>();
        // A session of its own: closing this terminal does not hang the stack up.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) command.add("/usr/bin/setsid");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(daemonFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-Dgristmill.home=" + Home.dir());
        DaemonArchive.forThisLauncher().ifPresent(archive -> command.addAll(archive.flags()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Grist.class.getName());
        command.add("up");
        command.add("--foreground");
        command.add("--detached");
        command.addAll(argv);
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        console.println(
                "grist: starting the local stack (" + config.runtime().cliName() + " runtime, state " + state + ")...");
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Optional<StackRecord> ready = readyRecord(state, child);
            if (ready.isPresent()) {
                banner(ready.get(), state, System.currentTimeMillis() - begin, console, true);
                return 0;
            }
            if (!child.isAlive() && readyRecord(state, child).isEmpty()) {
                String output = tail(log, offset).strip();
                console.println(
                        output.isEmpty()
                                ? "grist: the stack did not start (exit code " + child.exitValue() + "); see " + log
                                : output.lines()
                                        .map(l -> l.startsWith("grist: ") ? l : "  " + l)
                                        .reduce((a, b) -> a + "\n" + b)
                                        .orElse(""));
                return 3;
            }
            Thread.sleep(100);
        }
        console.println("grist: the stack is still starting after " + START_TIMEOUT_MILLIS / 60_000 + " minutes (pid "
                + child.pid() + "); see " + log);
        return 3;
    }

    /** The record of the stack this command started, once it is there. */
    private static Optional<StackRecord> readyRecord(Path state, Process child) {
        if (!(StateFolder.status(state) instanceof StateFolder.Running running)) return Optional.empty();
        return running.record()
                .filter(r -> r.pid() == child.pid() || child.descendants().anyMatch(d -> d.pid() == r.pid()));
    }

    private static String tail(Path log, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = Math.min(f.length() - offset, 16_384);
            if (length <= 0) return "";
            f.seek(f.length() - length);
            byte[] bytes = new byte[(int) length];
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static void banner(StackRecord r, Path state, long millis, Console console, boolean background) {
        String credentials = r.accessKey() == null
                ? "any key works, e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
                : "AWS_ACCESS_KEY_ID=" + r.accessKey() + " AWS_SECRET_ACCESS_KEY=" + r.secretKey();
        StringBuilder sb = new StringBuilder();
        sb.append("grist: the local stack is up in ")
                .append(Durations.format(millis))
                .append(" (pid ")
                .append(r.pid())
                .append(")\n");
        sb.append("  endpoint     ").append(r.endpoint()).append("   (S3, SQS and DynamoDB)\n");
        if (!r.backend().equals("embedded"))
            sb.append("  services     ").append(r.backend()).append('\n');
        sb.append("  bucket       ").append(r.bucket()).append('\n');
        sb.append("  table        ").append(r.table()).append('\n');
        sb.append("  region       ").append(r.region()).append('\n');
        sb.append("  credentials  ").append(credentials).append('\n');
        sb.append("  dashboard    ")
                .append(URI.create(r.endpoint()).resolve("/_gristmill/"))
                .append("   (the jobs, live, and their reports)\n");
        sb.append("  state        ")
                .append(state)
                .append(background ? " (its log: stack.log)" : "")
                .append('\n');
        sb.append("\n");
        String local =
                r.endpoint().equals(StackEndpoint.DEFAULT.toString()) ? "--local" : "--endpoint-url " + r.endpoint();
        sb.append("  aws --endpoint-url ")
                .append(r.endpoint())
                .append(" s3 cp book.txt s3://")
                .append(r.bucket())
                .append("/input/wordcount/book.txt\n");
        sb.append("  ./grist status ").append(local).append("      ./grist down");
        if (!state.equals(DEFAULT_STATE)) sb.append(" --state ").append(state);
        console.println(sb.toString());
    }

    /** A stack started in the background outlives the terminal that started it. */
    @SuppressWarnings("removal")
    private static void ignoreHangUp() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP here (not POSIX): nothing to ignore
        }
    }

    /**
     * The flags of this JVM that the stack's JVM gets too (e.g. -Xmx from GRIST_JAVA_OPTS): not debugging
     * agents, not gristmill.home (set again), and not class data sharing flags, since the stack maps its own
     * archive (DaemonArchive) and a second one on its command line would stop its JVM from starting.
     */
    static List<String> daemonFlags(List<String> launcherFlags) {
        List<String> out = new ArrayList<>();
        for (String arg : launcherFlags) {
            if (!arg.startsWith("-agentlib:")
                    && !arg.startsWith("-javaagent:")
                    && !arg.startsWith("-Dgristmill.home=")
                    && !arg.startsWith("-XX:SharedArchiveFile")
                    && !arg.startsWith("-XX:ArchiveClassesAtExit")
                    && !arg.startsWith("-Xshare")) {
                out.add(arg);
            }
        }
        return out;
    }
}
