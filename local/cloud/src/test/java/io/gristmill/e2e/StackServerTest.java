package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.stack.StackServer;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack of grist up, driven through its one edge endpoint with the Java SDK as a user's program
 * would: an upload to input/ starts a job, a manifest starts a job, SQS and DynamoDB answer on the same
 * port, virtual-hosted S3 addresses work, and what the stack does not serve is refused in each
 * protocol's error shape.
 */
class StackServerTest {
    @TempDir
    static Path state;

    private static StackServer server;
    private static StackEndpoint stack;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = StackServer.start(StackServer.Config.defaults(state.resolve("stack"))
                .withPort(0)
                .withRuntime(RuntimeMode.IN_JVM)
                .withConcurrency(4)
                .withLog(line -> {}));
        stack = StackEndpoint.discover(server.endpoint()).orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (server != null) server.close();
    }

    @Test
    void theEdgeSaysWhatTheStackIs() {
        assertEquals(server.endpoint().toString(), stack.record().endpoint());
        assertEquals(ProcessHandle.current().pid(), stack.record().pid());
        assertEquals("embedded", stack.record().backend());
        assertTrue(stack.bucket().startsWith("gristmill-"), stack.bucket());
        assertTrue(Files.isRegularFile(state.resolve("stack/stack.json")), "the record is in the state folder");
    }

    @Test
    void anUploadToInputStartsAJobThroughTheEdge() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 1, 400, 5);
        S3Client s3 = stack.s3();
        String key = "input/wordcount/edge-book.txt";
        s3.putObject(b -> b.bucket(stack.bucket()).key(key), RequestBody.fromFile(docs.get(0)));
        JobClient jobs = stack.jobs();
        String jobId = jobs.awaitJobId(key, Duration.ofSeconds(30));
        JobRecord job = jobs.await(jobId, Duration.ofSeconds(120), j -> {});
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        assertTrue(jobs.read(JobClient.outputPrefix(job) + "_SUCCESS").isPresent());
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(jobs, job, tmp.resolve("out"))));
    }

    @Test
    void aManifestStartsAJobThroughTheEdge() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("docs"), 2, 300, 6);
        JobClient jobs = stack.jobs();
        jobs.upload("data/manifest-job/", docs);
        Manifest spec = Jobs.spec("wordcount", List.of("data/manifest-job/"), null, 2, 4096, Map.of());
        JobRecord job = Jobs.runOk(jobs, "edge-manifest", spec);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(jobs, job, tmp.resolve("out"))));
    }

    @Test
    void sqsAndDynamoDbAnswerOnTheSamePort() {
        List<String> queues = stack.sqs().listQueues().queueUrls();
        assertTrue(queues.stream().anyMatch(u -> u.endsWith("/gristmill-map")), queues::toString);
        // Queue URLs name the edge, so a client that follows them stays on the one endpoint.
        assertTrue(queues.stream().allMatch(u -> u.startsWith(server.endpoint().toString())), queues::toString);
        String url = stack.sqs().createQueue(b -> b.queueName("edge-test")).queueUrl();
        stack.sqs().sendMessage(b -> b.queueUrl(url).messageBody("hello"));
        assertEquals(
                "1",
                stack.sqs()
                        .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                        .attributesAsStrings()
                        .get("ApproximateNumberOfMessages"));
        assertTrue(stack.dynamo().listTables().tableNames().contains(stack.table()));
    }

    @Test
    void virtualHostedAndPathStyleAddressesReachTheSameObject() throws Exception {
        String bucket = stack.bucket();
        Response put = raw("PUT /vhost/a.txt HTTP/1.1\r\nHost: " + bucket + ".localhost:"
                + server.endpoint().getPort() + "\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(200, put.status(), put.text());
        assertEquals(
                "hello",
                stack.s3()
                        .getObjectAsBytes(b -> b.bucket(bucket).key("vhost/a.txt"))
                        .asUtf8String());
        Response get = raw("GET /vhost/a.txt HTTP/1.1\r\nHost: " + bucket + ".s3.localhost.localstack.cloud:"
                + server.endpoint().getPort() + "\r\n\r\n");
        assertEquals(200, get.status());
        assertTrue(get.text().endsWith("hello"), get.text());
        Response pathStyle = raw("GET /" + bucket + "/vhost/a.txt HTTP/1.1\r\nHost: s3.localhost:"
                + server.endpoint().getPort() + "\r\n\r\n");
        assertTrue(pathStyle.text().endsWith("hello"), pathStyle.text());
    }

    @Test
    void aDynamoDbOperationTheStackLacksIsRefusedByName() {
        DynamoDbException e = assertThrows(
                DynamoDbException.class,
                () -> stack.dynamo()
                        .transactWriteItems(b -> b.transactItems(i -> i.conditionCheck(c -> c.tableName(stack.table())
                                .key(Map.of(
                                        "pk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"),
                                        "sk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("y")))
                                .conditionExpression("attribute_exists(pk)")))));
        assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("TransactWriteItems"), e.getMessage());
    }

    @Test
    void servicesTheStackDoesNotServeGetTheirProtocolsErrorShape() throws Exception {
        int port = server.endpoint().getPort();
        String scope = "AWS4-HMAC-SHA256 Credential=test/20261202/us-east-1/%s/aws4_request, SignedHeaders=host,"
                + " Signature=0";
        // JSON protocol (Kinesis): __type and a message that names the operation
        Response json = raw("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "Authorization: " + scope.formatted("kinesis") + "\r\nContent-Length: 2\r\n\r\n{}");
        assertEquals(501, json.status());
        assertTrue(json.text().contains("\"__type\":\"UnknownOperationException\""), json.text());
        assertTrue(json.text().contains("ListStreams"), json.text());
        // query protocol (STS): an XML ErrorResponse naming the action
        String form = "Action=GetCallerIdentity&Version=2011-06-15";
        Response query = raw("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: " + scope.formatted("sts")
                + "\r\nContent-Length: " + form.length() + "\r\n\r\n" + form);
        assertEquals(501, query.status());
        assertTrue(query.text().contains("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"));
        assertTrue(query.text().contains("GetCallerIdentity"), query.text());
        // REST-JSON (Lambda): the code in x-amzn-ErrorType
        Response restJson = raw("GET /2015-03-31/functions/ HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nAuthorization: " + scope.formatted("lambda") + "\r\n\r\n");
        assertEquals(501, restJson.status());
        assertTrue(restJson.text().contains("x-amzn-ErrorType: UnknownOperationException"), restJson.text());
        assertTrue(restJson.text().contains("lambda"), restJson.text());
    }

    @Test
    void anS3OperationS3ProxyLacksIsAnS3Error() {
        S3Exception e = assertThrows(
                S3Exception.class,
                () -> stack.s3()
                        .putBucketNotificationConfiguration(b -> b.bucket(stack.bucket())
                                .notificationConfiguration(n -> n.queueConfigurations(List.of()))));
        assertFalse(e.awsErrorDetails().errorCode().isEmpty(), e::toString);
        assertTrue(e.statusCode() >= 400, e::toString);
    }

    private record Response(int status, String text) {}

    /** One request written by hand (to set a Host no SDK here can resolve), and its whole response. */
    private static Response raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String withClose = request.replaceFirst("\r\n", "\r\nConnection: close\r\n");
            out.write(withClose.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Response(status, text);
        }
    }
}
