package io.gristmill.testkit;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.client.StackRecord;
import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.stack.StackServer;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A running local stack, for a test: SDK clients on its one endpoint, a {@link JobClient}, and shortcuts to
 * upload data, run a job and read its output. Given to tests by {@link GristmillStack}.
 */
public final class TestStack implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final StackEndpoint stack;
    private final StackServer own;

    TestStack(StackEndpoint stack, StackServer own) {
        this.stack = stack;
        this.own = own;
    }

    /** The edge endpoint: give it to any AWS client as its endpoint URL. */
    public URI endpoint() {
        return stack.endpoint();
    }

    public String bucket() {
        return stack.bucket();
    }

    public String table() {
        return stack.table();
    }

    public StackRecord record() {
        return stack.record();
    }

    /** Whether this stack is the test class's own (false: the one grist up runs). */
    public boolean own() {
        return own != null;
    }

    public S3Client s3() {
        return stack.s3();
    }

    public SqsClient sqs() {
        return stack.sqs();
    }

    public DynamoDbClient dynamo() {
        return stack.dynamo();
    }

    public JobClient jobs() {
        return stack.jobs();
    }

    /** Stores text as an object of the stack's bucket. */
    public void put(String key, String content) {
        s3().putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    /**
     * Starts a job by uploading its manifest (as on AWS), waits for it to end and returns its record; the
     * job's name gets a random suffix, so tests do not collide on a stack that outlives them.
     */
    public JobRecord run(String name, Manifest manifest) throws InterruptedException {
        return run(name, manifest, Duration.ofMinutes(5));
    }

    public JobRecord run(String name, Manifest manifest, Duration timeout) throws InterruptedException {
        JobClient jobs = jobs();
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String key = jobs.submit(unique, manifest.toBuilder().name(unique).build());
        String jobId = jobs.awaitJobId(key, Duration.ofMinutes(1));
        return jobs.await(jobId, timeout, j -> {});
    }

    /** A job's output lines, part after part; fails with the job's error if it did not succeed. */
    public List<String> output(JobRecord job) {
        if (job.status() != JobStatus.SUCCEEDED) {
            throw new AssertionError("job " + job.jobId() + " is " + job.status() + ": " + job.error());
        }
        JobClient jobs = jobs();
        List<String> lines = new ArrayList<>();
        String prefix = JobClient.outputPrefix(job);
        for (String key : jobs.outputKeys(prefix).stream().sorted().toList()) {
            if (!key.substring(prefix.length()).startsWith("part-")) continue;
            String text = jobs.read(key).orElse("");
            if (!text.isEmpty())
                lines.addAll(List.of(text.substring(0, text.length() - 1).split("\n", -1)));
        }
        return lines;
    }

    /**
     * Makes classes of yours the stack's job code, as {@code grist deploy-jar} does: the jar or classes
     * folder each class was loaded from is deployed. Needed on the stack of grist up, which does not see
     * your test's class path; a class's own stack does, so this is then harmless.
     */
    public void deploy(Class<?>... classes) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Class<?> c : classes) {
            Path source = sourceOf(c);
            if (!sources.contains(source)) sources.add(source);
        }
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                Path dir = Files.createTempDirectory("gristmill-deploy-");
                try {
                    stack.deployJar(jar(source, dir.resolve(jarName(source))));
                } finally {
                    FileTree.delete(dir);
                }
            } else {
                stack.deployJar(source);
            }
        }
    }

    /** {@code my-job.jar} for {@code my-job/target/classes}, as the project's own jar is named; else the folder's name. */
    static String jarName(Path classes) {
        Path parent = classes.getParent();
        String name = parent != null && parent.getFileName().toString().equals("target") && parent.getParent() != null
                ? parent.getParent().getFileName().toString()
                : classes.getFileName().toString();
        return name.replaceAll("[^A-Za-z0-9._+-]", "-") + ".jar";
    }

    private static Path sourceOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("cannot tell where " + c.getName() + " was loaded from", e);
        }
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Counters of a finished job, from its _JOB.json. */
    public Map<String, Long> counters(JobRecord job) {
        return jobs().summary(job)
                .map(s -> s.counters())
                .orElseThrow(
                        () -> new UncheckedIOException(new IOException("job " + job.jobId() + " has no _JOB.json")));
    }

    /** Stops the stack if it is the class's own; a stack of grist up keeps running. */
    @Override
    public void close() {
        stack.close();
        if (own != null) own.close();
    }
}
