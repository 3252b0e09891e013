package io.gristmill.local.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** The {@link Context} Lambda hands a handler: request id, deadline, function identity, logger. */
final class LocalContext implements Context {
    private final String requestId;
    private final String functionName;
    private final String logStream;
    private final int memoryMb;
    private final long deadline;
    private final String arn;

    LocalContext(String requestId, FunctionConfig fn, String logStream, String region, String account) {
        this.requestId = requestId;
        this.functionName = fn.name();
        this.logStream = logStream;
        this.memoryMb = fn.memoryMb();
        this.deadline = System.currentTimeMillis() + fn.timeoutSeconds() * 1000L;
        this.arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + fn.name();
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStream;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return arn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
