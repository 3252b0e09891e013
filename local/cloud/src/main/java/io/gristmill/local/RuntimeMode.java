package io.gristmill.local;

import java.util.Locale;
import java.util.Set;

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

    /**
     * PROCESS where the runtime interface client has a native library (Linux on x86_64 or arm64),
     * else IN_JVM.
     */
    public static RuntimeMode bestAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean supported = os.startsWith("linux")
                && Set.of("amd64", "x86_64", "aarch64", "arm64").contains(arch);
        return supported ? PROCESS : IN_JVM;
    }

    public String cliName() {
        return this == PROCESS ? "process" : "in-jvm";
    }
}
