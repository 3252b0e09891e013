package probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A test function for the process runtime. Each message body is a command: "ok", "fail" (reported
 * as a batch item failure), "throw", "sleep MILLIS", "exit STATUS", "halt STATUS", "oom". It prints
 * what the runtime gave it, so tests can check the context the real client built.
 */
public class Probe implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static int invocations;
    private static final List<byte[]> hoard = new ArrayList<>();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        invocations++;
        System.out.println("probe pid=" + ProcessHandle.current().pid() + " invocation=" + invocations
                + " requestId=" + context.getAwsRequestId() + " stream=" + context.getLogStreamName()
                + " function=" + context.getFunctionName() + " memory=" + context.getMemoryLimitInMB()
                + " remaining=" + context.getRemainingTimeInMillis() + " arn=" + context.getInvokedFunctionArn()
                + " heap=" + Runtime.getRuntime().maxMemory() + " tmp=" + System.getenv("TMPDIR")
                + " group=" + context.getLogGroupName());
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            System.out.println("probe message=" + m.getMessageId() + " source=" + m.getEventSource() + " arn="
                    + m.getEventSourceArn() + " region=" + m.getAwsRegion() + " receiveCount="
                    + m.getAttributes().get("ApproximateReceiveCount") + " body=" + m.getBody());
            String[] command = m.getBody().split(" ");
            switch (command[0]) {
                case "fail" -> failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(m.getMessageId()).build());
                case "throw" -> throw new IllegalStateException("probe was told to throw");
                case "sleep" -> sleep(Long.parseLong(command[1]));
                case "exit" -> System.exit(Integer.parseInt(command[1]));
                case "halt" -> Runtime.getRuntime().halt(Integer.parseInt(command[1]));
                case "oom" -> {
                    while (true) hoard.add(new byte[1 << 20]);
                }
                default -> { }
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
