package io.gristmill.report.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} (which {@code .ci/run} installs),
 * or the one {@code GRIST_CHROMIUM} names. Each call is one browser process with a fresh profile and
 * the flags that work on a machine without a network (no background requests, no sandbox as root).
 *
 * <p>Why {@code --dump-dom} rather than the DevTools protocol: one process per page, no port and no
 * protocol client, and it returns the DOM after the page's scripts ran. Script errors are caught by
 * the page itself (its first script records every error, and every request its Content-Security-Policy
 * refuses, on the root element's {@code data-errors}), and a script that did not run to its end
 * leaves no {@code data-ready}: a syntax error is caught too.
 */
public final class Chromium {
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars");

    private static Optional<String> unavailable;
    private static Path binary;

    private Chromium() {}

    /** Empty when Chromium runs here; otherwise why the browser tests are skipped. */
    public static synchronized Optional<String> unavailable() {
        if (unavailable != null) return unavailable;
        String configured = System.getenv("GRIST_CHROMIUM");
        Optional<Path> found = configured != null && !configured.isBlank()
                ? Optional.of(Path.of(configured))
                : onPath("chromium", "chromium-browser", "google-chrome");
        if (found.isEmpty() || !Files.isExecutable(found.get())) {
            unavailable = Optional.of("Chromium is not installed (apt-get install -y chromium, as .ci/run does; or set"
                    + " GRIST_CHROMIUM to a Chrome or Chromium binary): the browser tests are skipped");
            return unavailable;
        }
        try {
            Result r = run(found.get(), List.of("--version"), 60);
            if (r.code() != 0 || !r.out().toLowerCase().contains("chrom")) {
                unavailable = Optional.of(found.get() + " --version failed (" + r.code() + "): "
                        + r.err().strip() + "; the browser tests are skipped");
            } else {
                binary = found.get();
                unavailable = Optional.empty();
            }
        } catch (IOException | InterruptedException e) {
            unavailable = Optional.of(found.get() + " could not be run (" + e + "); the browser tests are skipped");
        }
        return unavailable;
    }

    /** A page as Chromium rendered it: the DOM after its scripts ran, and how long the browser took. */
    public record Page(String dom, long wallMillis, String log) {}

    /**
     * Loads a page and returns its DOM.
     *
     * @param virtualTimeMillis how long the page's timers may run before the DOM is taken (0: at load)
     */
    public static Page dom(URI page, int virtualTimeMillis) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        if (virtualTimeMillis > 0) args.add("--virtual-time-budget=" + virtualTimeMillis);
        args.add("--dump-dom");
        args.add(page.toString());
        long start = System.nanoTime();
        Result r = runWithProfile(args);
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (r.code() != 0 || r.out().isBlank()) {
            throw new IOException("chromium --dump-dom " + page + " failed (" + r.code() + "): " + r.err());
        }
        return new Page(r.out(), wall, r.err());
    }

    /** Renders a page into a PNG of {@code width} × {@code height} pixels. */
    public static void screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Result r = runWithProfile(List.of(
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), page.toString()));
        if (r.code() != 0 || !Files.exists(png)) {
            throw new IOException("chromium --screenshot " + page + " failed (" + r.code() + "): " + r.err());
        }
    }

    private static Result runWithProfile(List<String> args) throws IOException, InterruptedException {
        if (unavailable().isPresent())
            throw new IllegalStateException(unavailable().get());
        Path profile = Files.createTempDirectory("gristmill-chromium-");
        try {
            List<String> all = new ArrayList<>(FLAGS);
            all.add("--user-data-dir=" + profile);
            all.addAll(args);
            return run(binary, all, 120);
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Path exe, List<String> args, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(args);
        Path out = Files.createTempFile("chromium-out-", ".txt");
        Path err = Files.createTempFile("chromium-err-", ".txt");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(exe + " did not finish within " + timeoutSeconds + " s: " + args);
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Optional<Path> onPath(String... names) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
