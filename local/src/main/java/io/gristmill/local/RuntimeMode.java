package io.gristmill.local;

import java.util.Locale;

/** How the local cloud runs function instances. */
public enum RuntimeMode {
    /** Each instance is a handler object in this JVM: starts in milliseconds, for fast tests. */
    IN_JVM,
    /**
     * Each instance is its own JVM running the AWS Lambda Runtime Interface Client against a local
     * Runtime API: Lambda's own code path, with real isolation, memory limits and kills.
     */
    PROCESS;

    /** {@code process} or {@code in-jvm}, as the CLI spells them. */
    public static RuntimeMode parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "process" -> PROCESS;
            case "in-jvm", "injvm", "in_jvm" -> IN_JVM;
            default -> throw new IllegalArgumentException("unknown runtime '" + name + "'; use process or in-jvm");
        };
    }

    public String cliName() {
        return this == PROCESS ? "process" : "in-jvm";
    }
}
