package io.gristmill.local.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of an instance. Lambda's Java runtimes give the heap 85% of the function's memory,
 * use the serial collector, and (Java 17 and later) stop tiered compilation at C1. As on Lambda, an
 * instance that runs out of heap gets an {@code OutOfMemoryError} (Lambda reports it as the
 * function's error, {@code errorType: java.lang.OutOfMemoryError}) rather than dying at once: the
 * attempt records that it ran out of memory, then the handler ends the instance.
 *
 * @param c1Only {@code -XX:TieredStopAtLevel=1}, Lambda's default: quicker cold starts, slower long
 *     tasks
 * @param extra more flags, e.g. from {@code GRIST_FUNCTION_JAVA_OPTS}
 */
public record JvmOptions(boolean c1Only, List<String> extra) {
    /** The share of MemorySize given to the heap, as Lambda's Java runtimes do. */
    static final double HEAP_SHARE = 0.85;

    public JvmOptions {
        extra = List.copyOf(extra);
    }

    /** Lambda's flags, then those of {@code GRIST_FUNCTION_JAVA_OPTS} (e.g. a debugger agent), which win. */
    public static JvmOptions lambdaDefaults() {
        String opts = System.getenv("GRIST_FUNCTION_JAVA_OPTS");
        return new JvmOptions(
                true,
                opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+")));
    }

    /**
     * The flags for a function with this {@code JAVA_TOOL_OPTIONS} (null for none). The JVM reads that
     * variable before its command line, so a tiered-compilation setting in it (the way Lambda documents to
     * override its C1 default) would lose to ours: when it has one, ours are left out, as on Lambda.
     */
    List<String> flags(int memoryMb, String javaToolOptions) {
        boolean ownJit = javaToolOptions != null && javaToolOptions.contains("Tiered");
        return ownJit ? new JvmOptions(false, extra).flags(memoryMb) : flags(memoryMb);
    }

    List<String> flags(int memoryMb) {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:MaxHeapSize=" + (long) (memoryMb * 1024L * HEAP_SHARE) + "k");
        flags.add("-XX:+UseSerialGC");
        flags.add("-XX:-UsePerfData");
        flags.add("-Xshare:auto");
        flags.add("-Djava.net.preferIPv4Stack=true");
        if (c1Only) {
            flags.add("-XX:+TieredCompilation");
            flags.add("-XX:TieredStopAtLevel=1");
        }
        flags.addAll(extra);
        return flags;
    }
}
