package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A word count on LocalStack's S3, SQS and DynamoDB, started and fetched with grist --endpoint-url:
 * LocalStack's own S3 event notifications and conditional writes instead of the local cloud's.
 *
 * <p>Runs only where LocalStack can: Docker must run, and since 2026-03-23 the current LocalStack image
 * needs LOCALSTACK_AUTH_TOKEN. Without a token, set GRISTMILL_LOCALSTACK_IMAGE to an image that runs
 * without one (localstack/localstack:4.14.0 was the last); docs/deploy.md has the details.
 */
class LocalStackTest {
    private static LocalStackContainer localstack;
    private static LocalStackStack stack;

    @TempDir
    static Path state;

    @TempDir
    Path tmp;

    /** Why LocalStack cannot run here, or null when it can. */
    private static String unavailable;

    @BeforeAll
    static void start() throws Exception {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        String image = System.getenv("GRISTMILL_LOCALSTACK_IMAGE");
        if (token == null && image == null) {
            unavailable = "skipped: LocalStack needs LOCALSTACK_AUTH_TOKEN (or GRISTMILL_LOCALSTACK_IMAGE="
                    + "localstack/localstack:4.14.0, the last image that runs without one); see docs/deploy.md";
        } else if (!DockerClientFactory.instance().isDockerAvailable()) {
            unavailable = "skipped: no Docker engine, which LocalStack runs in (Testcontainers found none)";
        }
        if (unavailable != null) {
            System.err.println("LocalStackTest " + unavailable);
            return;
        }
        localstack = new LocalStackContainer(
                        DockerImageName.parse(image != null ? image : "localstack/localstack:latest"))
                .withServices("s3", "sqs", "dynamodb");
        if (token != null) localstack.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        localstack.start();
        stack = new LocalStackStack(
                endpoint(), localstack.getRegion(), localstack.getAccessKey(), localstack.getSecretKey(), state);
    }

    /** Reported per test, so the reason shows in the test report. */
    @BeforeEach
    void requireLocalStack() {
        assumeTrue(unavailable == null, unavailable);
    }

    /** By IP address: the SDK then addresses buckets by path, which every S3 emulator serves. */
    private static URI endpoint() {
        URI uri = localstack.getEndpoint();
        String host = uri.getHost().equals("localhost") ? "127.0.0.1" : uri.getHost();
        return URI.create(uri.getScheme() + "://" + host + ":" + uri.getPort());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (localstack != null) localstack.stop();
    }

    @Test
    void wordCountSubmittedWaitedAndFetchedWithTheCli() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 2, 500, 41);
        String[] target = {
            "--bucket",
            stack.bucket(),
            "--table",
            stack.table(),
            "--endpoint-url",
            endpoint().toString(),
            "--region",
            localstack.getRegion()
        };
        CliRunner.Result submitted = CliRunner.run(concat(
                new String[] {
                    "submit",
                    "wordcount",
                    "--input",
                    tmp.resolve("books").toString(),
                    "--reducers",
                    "2",
                    "--split-size",
                    "8KB",
                    "--name",
                    "localstack-wc",
                    "--wait",
                    "--timeout",
                    "5m"
                },
                target));
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        String job = submitted
                .out()
                .lines()
                .filter(l -> l.contains(" started;"))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*job (\\S+) started.*", "$1");

        Path out = tmp.resolve("out");
        CliRunner.Result fetched = CliRunner.run(concat(new String[] {"fetch", job, out.toString()}, target));
        assertEquals(0, fetched.code(), fetched.out() + fetched.err());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList()) {
                lines.addAll(Oracle.lines(p));
            }
        }
        lines.sort(null);
        Jobs.assertSameLines(Oracle.wordCount(docs), lines);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
