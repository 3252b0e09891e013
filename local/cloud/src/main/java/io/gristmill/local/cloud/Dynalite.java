package io.gristmill.local.cloud;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local DynamoDB: dynalite (npm, pinned by {@code local/dynalite/package-lock.json}) run as a child
 * {@code node} process, on 127.0.0.1 and a free port, in memory or in a LevelDB folder. No open-source DynamoDB emulator runs on
 * the JVM, hence the node process (docs/architecture.md). dynalite has no TransactWriteItems and no
 * TTL; every GSI must be declared at CreateTable.
 */
public final class Dynalite extends Emulator {

    private static final Logger LOG = LoggerFactory.getLogger(Dynalite.class);
    private static final String HOST = "127.0.0.1";
    private static final String REQUIREMENT = "The local DynamoDB (dynalite) needs Node.js 20+ with npm:"
            + " install them so that node and npm are on the PATH (e.g. apt-get install nodejs npm)";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;
    private static final int OUTPUT_END_CHARS = 2_000;
    // One npm ci at a time per JVM: two would delete each other's node_modules.
    private static final Object INSTALL_LOCK = new Object();

    private final Path folder;
    private final Path data;
    private final Path logDirectory;
    private Process process;
    private Thread shutdownHook;
    private Path log;

    /** @param folder the folder holding dynalite's package.json and package-lock.json */
    public Dynalite(Path folder) {
        this(folder, null, null);
    }

    /**
     * @param data where dynalite keeps its tables (a LevelDB database), so they survive a stop or a kill; null
     *     for memory
     * @param logDirectory where dynalite's output goes (a run's own folder, removed with it), or null
     *     for the temporary folder
     */
    public Dynalite(Path folder, Path data, Path logDirectory) {
        this.folder = folder.toAbsolutePath().normalize();
        this.data = data == null ? null : data.toAbsolutePath().normalize();
        this.logDirectory = logDirectory;
    }

    /**
     * The repository's {@code local/dynalite} folder: under the system property {@code gristmill.home} (the
     * repository root, which the build sets for tests), else under the working directory or its parent.
     */
    public static Path defaultFolder() {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("gristmill.home");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home));
        }
        Path cwd = Path.of("").toAbsolutePath();
        roots.add(cwd);
        if (cwd.getParent() != null) {
            roots.add(cwd.getParent());
        }
        List<Path> tried = new ArrayList<>();
        for (Path root : roots) {
            Path candidate = root.resolve("local").resolve("dynalite").normalize();
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new EmulatorException("cannot find dynalite's folder (local/dynalite with a package.json); tried " + tried
                + ". Run from the repository root or set -Dgristmill.home=<repository root>");
    }

    @Override
    public String name() {
        return "DynamoDB (dynalite)";
    }

    @Override
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException(name() + " is already started");
        }
        if (!Files.isRegularFile(folder.resolve("package.json"))) {
            throw new EmulatorException(folder + " has no package.json, so it is not dynalite's folder");
        }
        installIfMissing();
        try {
            if (data != null) Files.createDirectories(data);
            log = logDirectory == null
                    ? Files.createTempFile("gristmill-dynalite-", ".log")
                    : Files.createTempFile(Files.createDirectories(logDirectory), "gristmill-dynalite-", ".log");
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                launch(port);
                if (awaitPort(port)) {
                    endpoint = URI.create("http://" + HOST + ":" + port);
                    LOG.debug("dynalite listening at {} (pid {})", endpoint, process.pid());
                    return;
                }
                // Another process took the port between our probe and node's bind: rare, so just retry.
                stopProcess();
                if (attempt == PORT_ATTEMPTS) {
                    throw new EmulatorException("dynalite lost its port to other processes " + attempt + " times");
                }
            }
        } catch (IOException e) {
            close();
            throw new EmulatorException("dynalite did not start: " + e, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void installIfMissing() {
        synchronized (INSTALL_LOCK) {
            if (Files.isRegularFile(folder.resolve("node_modules/dynalite/cli.js"))) {
                return;
            }
            LOG.info("Installing dynalite with npm ci in {} (once)", folder);
            Path npmLog = null;
            Process npm = null;
            try {
                npmLog = Files.createTempFile("gristmill-npm-ci-", ".log");
                npm = startProcess(
                        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                                .redirectErrorStream(true)
                                .redirectOutput(npmLog.toFile()),
                        "npm");
                npm.getOutputStream().close(); // nothing to answer: npm must never wait for input
                if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    npm.destroyForcibly();
                    throw new EmulatorException("npm ci in " + folder + " took over " + INSTALL_TIMEOUT.toMinutes()
                            + " min; its output:\n" + excerpt(npmLog));
                }
                if (npm.exitValue() != 0) {
                    throw new EmulatorException("npm ci in " + folder + " failed with exit code " + npm.exitValue()
                            + "; its output:\n" + excerpt(npmLog));
                }
                Files.deleteIfExists(npmLog);
            } catch (IOException e) {
                throw new EmulatorException("npm ci in " + folder + " failed: " + e, e);
            } catch (InterruptedException e) {
                npm.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new EmulatorException("interrupted while npm ci ran in " + folder + "; log: " + npmLog, e);
            }
        }
    }

    private void launch(int port) throws IOException {
        Files.write(log, new byte[0]); // a retry starts with a clean log
        List<String> command = new ArrayList<>(List.of(
                "node",
                "--require",
                folder.resolve("exit-with-parent.js").toString(),
                "--require",
                folder.resolve("storage-errors.js").toString(),
                "node_modules/dynalite/cli.js",
                "--host",
                HOST,
                "--port",
                Integer.toString(port),
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0"));
        if (data != null) {
            command.add("--path");
            command.add(data.toString());
        }
        process = startProcess(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()), "node");
        // stdin stays an open pipe on purpose: exit-with-parent.js ends node when the JVM is gone. The hook
        // covers an orderly JVM exit without close(), sooner than the pipe would.
        Process started = process;
        Path startedLog = log;
        shutdownHook = new Thread(
                () -> {
                    destroy(started);
                    try {
                        Files.deleteIfExists(startedLog); // nor leave its log behind an interrupted run
                    } catch (IOException e) {
                        // a stray log in the temporary folder; the next grist run removes old ones
                    }
                },
                "gristmill-dynalite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private Process startProcess(ProcessBuilder builder, String program) {
        try {
            return builder.directory(folder.toFile()).start();
        } catch (IOException e) {
            throw new EmulatorException("cannot run " + program + " (" + e.getMessage() + "). " + REQUIREMENT, e);
        }
    }

    /** True once the port accepts connections; false if node exited because the port was taken. */
    private boolean awaitPort(int port) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = excerpt(log);
                if (output.contains("EADDRINUSE")) {
                    return false;
                }
                throw new EmulatorException("dynalite exited with code " + process.exitValue()
                        + " before accepting connections; its output:\n" + output);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 200);
                return true;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new EmulatorException("dynalite did not accept connections on " + HOST + ":" + port + " within "
                + READY_TIMEOUT.toSeconds() + " s; its output:\n" + excerpt(log));
    }

    @Override
    public synchronized void close() {
        stopProcess();
        endpoint = null;
        if (log != null) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", log, e);
            }
            log = null;
        }
    }

    private void stopProcess() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway, and destroying twice is harmless
            }
            shutdownHook = null;
        }
        if (process != null) {
            destroy(process);
            process = null;
        }
    }

    private static void destroy(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("dynalite (pid {}) ignored SIGTERM for {} s; killing it", p.pid(), STOP_TIMEOUT.toSeconds());
                p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    // npm and node put the cause first and the context (usage, stack) after it, so keep both ends.
    private static String excerpt(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.length() <= 2 * OUTPUT_END_CHARS) {
                return text;
            }
            return text.substring(0, OUTPUT_END_CHARS) + "\n[...]\n" + text.substring(text.length() - OUTPUT_END_CHARS);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while waiting for dynalite", e);
        }
    }
}
