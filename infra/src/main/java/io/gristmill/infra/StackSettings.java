package io.gristmill.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a template is resolved for: the stack name, the account and region it lives in, and parameter
 * overrides (which win over the parameters' Defaults). The partition is always "aws": the stack names
 * commercial-region endpoints, and the local emulators do not care.
 */
public record StackSettings(String stackName, String accountId, String region, Map<String, String> parameters) {

    /** The account id the local emulators (and LocalStack) use. */
    public static final String LOCAL_ACCOUNT_ID = "000000000000";

    public static final String LOCAL_REGION = "us-east-1";

    // CloudFormation's own rule for stack names; catching it here beats a failed deployment later.
    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    public StackSettings {
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        if (!STACK_NAME.matcher(stackName).matches()) {
            throw new IllegalArgumentException("Invalid stack name '" + stackName
                    + "': use a letter, then letters, digits and hyphens (at most 128 characters)");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("Invalid account id '" + accountId + "': it must be 12 digits");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    }

    /** Settings for the local cloud: account 000000000000, region us-east-1, no parameter overrides. */
    public static StackSettings local(String stackName) {
        return new StackSettings(stackName, LOCAL_ACCOUNT_ID, LOCAL_REGION, Map.of());
    }

    public StackSettings withParameters(Map<String, String> overrides) {
        return new StackSettings(stackName, accountId, region, overrides);
    }

    public String partition() {
        return "aws";
    }

    public String urlSuffix() {
        return "amazonaws.com";
    }
}
