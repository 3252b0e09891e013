package io.gristmill.cli;

import io.gristmill.engine.job.Sizes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job options that `grist run` and `grist submit` share, parsed one way for both. */
final class JobFlags {
    private JobFlags() {}

    /** {@code --split-size SIZE}, or 0 (the stack's default) when absent. */
    static long splitSize(Args args) throws UsageException {
        String text = args.value("split-size");
        if (text == null) return 0;
        long size;
        try {
            size = Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--split-size: " + e.getMessage());
        }
        if (size < 1) throw new UsageException("--split-size must be at least 1 byte");
        return size;
    }

    /** Every {@code --param KEY=VALUE}, in order. */
    static Map<String, String> params(Args args) throws UsageException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : args.values("param")) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new UsageException("--param takes KEY=VALUE, e.g. --param pattern=whale (got '" + p + "')");
            params.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return params;
    }

    /** A job name from a class name: {@code com.acme.MyMapper} → {@code mymapper}. */
    static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        return s.substring(s.lastIndexOf('$') + 1).toLowerCase();
    }
}
