package io.gristmill.infra.checks;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each function's code calls, as IAM actions on the resources of the stack "gristmill" in account
 * 123456789012, eu-west-1 ({@link TemplateUnderTest#STACK}). This is the reviewed statement of need that
 * the template's roles are compared with; change it with the code. Where each comes from:
 *
 * <ul>
 *   <li>every function: its log group (Lambda writes the logs with the function's role), and its event
 *       queues: Lambda's poller receives, deletes and reads attributes with the role; SqsHandler reschedules
 *       a failed message (ChangeMessageVisibility) after looking its queue URL up (GetQueueUrl);
 *   <li>S3: GetObject also covers HeadObject, ranged GETs and the source of CopyObject; PutObject covers
 *       conditional puts, multipart uploads and the copy's target; ListBucket covers ListObjectsV2, and
 *       also makes a missing key answer 404 instead of 403 (S3Objects.head/getString rely on that);
 *       AbortMultipartUpload is S3Objects.MultipartUpload.close;
 *   <li>DynamoDB: JobTable's GetItem, PutItem (createJob), UpdateItem and Query (task items);
 *   <li>SQS: SendMessage covers SqsQueues' SendMessageBatch.
 * </ul>
 *
 * <p>And what each must not do, whatever it is allowed ({@link #DENIED}): the functions that run the
 * user's code (the coordinator runs its setup, and samples with its mapper; map and reduce run it) may
 * not write under {@code jobs/} or {@code input/}, where an upload starts a job. PutObject also covers
 * CopyObject's target and multipart uploads, so denying it closes every way to create an object there.
 */
final class CodeUses {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "arn:aws:s3:::gristmill-" + ACCOUNT + "-" + REGION;
    private static final String OBJECTS = BUCKET + "/*";
    private static final String TABLE = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/gristmill-jobs";

    private CodeUses() {}

    /** The writes user code could start jobs with: denied to every function that runs it. */
    static final Set<String> NO_JOBS_FROM_USER_CODE =
            Set.of("s3:PutObject " + BUCKET + "/jobs/*", "s3:PutObject " + BUCKET + "/input/*");

    static final Map<String, Set<String>> DENIED = Map.of(
            "CoordinatorFunction", NO_JOBS_FROM_USER_CODE,
            "MapFunction", NO_JOBS_FROM_USER_CODE,
            "ReduceFunction", NO_JOBS_FROM_USER_CODE,
            "DeadLetterFunction", Set.of());

    static final Map<String, Set<String>> BY_FUNCTION = Map.of(
            "CoordinatorFunction",
                    uses(
                            "coordinator",
                            new String[] {"coordinator"},
                            "sqs:SendMessage " + queue("map"),
                            "sqs:SendMessage " + queue("reduce"),
                            "s3:ListBucket " + BUCKET,
                            "s3:GetObject " + OBJECTS,
                            "s3:PutObject " + OBJECTS,
                            "dynamodb:GetItem " + TABLE,
                            "dynamodb:PutItem " + TABLE,
                            "dynamodb:UpdateItem " + TABLE,
                            "dynamodb:Query " + TABLE),
            "MapFunction",
                    uses(
                            "map",
                            new String[] {"map"},
                            "sqs:SendMessage " + queue("reduce"),
                            "s3:ListBucket " + BUCKET,
                            "s3:GetObject " + OBJECTS,
                            "s3:PutObject " + OBJECTS,
                            "s3:AbortMultipartUpload " + OBJECTS,
                            "dynamodb:GetItem " + TABLE,
                            "dynamodb:UpdateItem " + TABLE,
                            "dynamodb:Query " + TABLE),
            "ReduceFunction",
                    uses(
                            "reduce",
                            new String[] {"reduce"},
                            // The last merge task of a two-level shuffle sends the reduce tasks.
                            "sqs:SendMessage " + queue("reduce"),
                            // A pipeline stage's publication starts the next stage through the coordinator's queue.
                            "sqs:SendMessage " + queue("coordinator"),
                            "s3:ListBucket " + BUCKET,
                            "s3:GetObject " + OBJECTS,
                            "s3:PutObject " + OBJECTS,
                            "s3:AbortMultipartUpload " + OBJECTS,
                            "dynamodb:GetItem " + TABLE,
                            "dynamodb:UpdateItem " + TABLE,
                            "dynamodb:Query " + TABLE),
            // Failing a job writes its summary; finishing the bookkeeping of a task that committed on its
            // last delivery (DeadLetters.finishCommitted) may open the reduce phase (sending the reduce
            // tasks) or publish (copying the parts: reading them, and a multipart copy above 5 GB; a pipeline
            // stage's publication starts the next stage through the coordinator's queue).
            "DeadLetterFunction",
                    uses(
                            "dead-letter",
                            new String[] {"coordinator-dlq", "map-dlq", "reduce-dlq"},
                            "sqs:SendMessage " + queue("reduce"),
                            "sqs:SendMessage " + queue("coordinator"),
                            "s3:GetObject " + OBJECTS,
                            "s3:PutObject " + OBJECTS,
                            "s3:AbortMultipartUpload " + OBJECTS,
                            "dynamodb:GetItem " + TABLE,
                            "dynamodb:PutItem " + TABLE,
                            "dynamodb:UpdateItem " + TABLE,
                            "dynamodb:Query " + TABLE));

    private static Set<String> uses(String function, String[] eventQueues, String... calls) {
        Set<String> all = new TreeSet<>(Set.of(calls));
        String logs = "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/lambda/gristmill-" + function + ":*";
        all.add("logs:CreateLogStream " + logs);
        all.add("logs:PutLogEvents " + logs);
        for (String q : eventQueues) {
            for (String action : new String[] {
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueUrl"
            }) {
                all.add(action + " " + queue(q));
            }
        }
        return all;
    }

    private static String queue(String name) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":gristmill-" + name;
    }
}
