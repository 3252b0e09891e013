package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    @Test
    void largeObjectsStreamThroughTheEdgeBothWays() throws Exception {
        byte[] data = new byte[6 * 1024 * 1024 + 17];
        new java.util.Random(3).nextBytes(data);
        String bucket = stack.bucket();
        stack.s3().putObject(b -> b.bucket(bucket).key("big/one"), RequestBody.fromBytes(data));
        assertTrue(
                java.util.Arrays.equals(
                        data,
                        stack.s3()
                                .getObjectAsBytes(b -> b.bucket(bucket).key("big/one"))
                                .asByteArray()),
                "a 6 MB object comes back whole");
        assertEquals(
                data.length,
                stack.s3().headObject(b -> b.bucket(bucket).key("big/one")).contentLength());
        // multipart: two 5 MB parts and a small one
        String upload = stack.s3()
                .createMultipartUpload(b -> b.bucket(bucket).key("big/parts"))
                .uploadId();
        List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new java.util.ArrayList<>();
        int partSize = 5 * 1024 * 1024;
        for (int n = 1, offset = 0; offset < data.length; n++, offset += partSize) {
            int number = n;
            byte[] part = java.util.Arrays.copyOfRange(data, offset, Math.min(data.length, offset + partSize));
            String eTag = stack.s3()
                    .uploadPart(
                            b -> b.bucket(bucket)
                                    .key("big/parts")
                                    .uploadId(upload)
                                    .partNumber(number),
                            RequestBody.fromBytes(part))
                    .eTag();
            parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                    .partNumber(number)
                    .eTag(eTag)
                    .build());
        }
        stack.s3()
                .completeMultipartUpload(
                        b -> b.bucket(bucket).key("big/parts").uploadId(upload).multipartUpload(m -> m.parts(parts)));
        assertTrue(java.util.Arrays.equals(
                data,
                stack.s3()
                        .getObjectAsBytes(b -> b.bucket(bucket).key("big/parts"))
                        .asByteArray()));
    }

    @Test
    void theAwsCliStartsAJobByUploadingAndReachesEveryService() throws Exception {
        assumeTrue(Tool.works("aws", "--version"), "skipped: the AWS CLI (aws) is not installed");
        List<Path> docs = Corpus.write(tmp.resolve("cli"), 1, 300, 7);
        String key = "input/wordcount/cli-book.txt";
        Tool.Result cp = aws("s3", "cp", docs.get(0).toString(), "s3://" + stack.bucket() + "/" + key);
        assertEquals(0, cp.code(), cp.output());
        JobClient jobs = stack.jobs();
        JobRecord job = jobs.await(jobs.awaitJobId(key, Duration.ofSeconds(30)), Duration.ofSeconds(120), j -> {});
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(jobs, job, tmp.resolve("out"))));

        Tool.Result ls = aws("s3", "ls", "s3://" + stack.bucket() + "/" + JobClient.outputPrefix(job));
        assertTrue(ls.output().contains("_SUCCESS"), ls.output());
        Tool.Result queues = aws("sqs", "list-queues");
        assertTrue(queues.output().contains("gristmill-coordinator"), queues.output());
        Tool.Result tables = aws("dynamodb", "list-tables");
        assertTrue(tables.output().contains(stack.table()), tables.output());
        // a file above the CLI's multipart threshold (8 MB): parts sent after Expect: 100-continue
        Path big = tmp.resolve("big.bin");
        byte[] bytes = new byte[9 * 1024 * 1024];
        new java.util.Random(9).nextBytes(bytes);
        Files.write(big, bytes);
        Tool.Result multipart = aws("s3", "cp", big.toString(), "s3://" + stack.bucket() + "/cli/big.bin");
        assertEquals(0, multipart.code(), multipart.output());
        assertEquals(
                bytes.length,
                stack.s3()
                        .headObject(b -> b.bucket(stack.bucket()).key("cli/big.bin"))
                        .contentLength());
        Tool.Result sts = aws("sts", "get-caller-identity");
        assertTrue(sts.code() != 0, sts.output());
        assertTrue(sts.output().contains("GetCallerIdentity"), sts.output());
        assertTrue(sts.output().contains("serves S3, SQS and DynamoDB"), sts.output());
    }

    @Test
    void boto3ReachesEveryServiceAndPresignedUrlsWork() throws Exception {
        assumeTrue(Tool.works("python3", "-c", "import boto3"), "skipped: python3 with boto3 is not installed");
        String script = """
                import sys, urllib.request, boto3
                from botocore.exceptions import ClientError
                endpoint, bucket, table = sys.argv[1:4]
                kw = dict(endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
                s3 = boto3.client("s3", **kw)
                s3.put_object(Bucket=bucket, Key="boto3/hello.txt", Body=b"hi from boto3")
                assert s3.get_object(Bucket=bucket, Key="boto3/hello.txt")["Body"].read() == b"hi from boto3"
                url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "boto3/hello.txt"})
                assert urllib.request.urlopen(url).read() == b"hi from boto3", "presigned"
                sqs = boto3.client("sqs", **kw)
                queue = sqs.create_queue(QueueName="boto3-queue")["QueueUrl"]
                sqs.send_message(QueueUrl=queue, MessageBody="m1")
                got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1)["Messages"][0]["Body"]
                assert got == "m1", got
                dynamo = boto3.client("dynamodb", **kw)
                assert table in dynamo.list_tables()["TableNames"]
                try:
                    dynamo.transact_get_items(TransactItems=[{"Get": {"TableName": table,
                        "Key": {"pk": {"S": "a"}, "sk": {"S": "b"}}}}])
                    print("transactions?")
                except ClientError as e:
                    print(e.response["Error"]["Code"], e.response["Error"]["Message"])
                print("ok")
                """;
        Tool.Result r =
                Tool.run(tmp, "python3", "-c", script, server.endpoint().toString(), stack.bucket(), stack.table());
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("UnknownOperationException DynamoDB operation TransactGetItems"), r.output());
        assertTrue(r.output().strip().endsWith("ok"), r.output());
    }

    private Tool.Result aws(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of("aws", "--endpoint-url", server.endpoint().toString()));
        command.addAll(List.of(args));
        return Tool.run(tmp, command.toArray(String[]::new));
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
