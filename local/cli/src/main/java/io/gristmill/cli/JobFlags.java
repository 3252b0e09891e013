package io.gristmill.cli;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Sizes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job options that `grist run` and `grist submit` share, parsed one way for both. */
final class JobFlags {
    private JobFlags() {}

    /**
     * The manifest the job flags describe ({@code --reducers}, {@code --split-size}, {@code --param},
     * the classes, {@code --skip-bad-records}); the caller adds the name, input and output.
     */
    static Manifest.Builder manifest(Args args, String app) throws UsageException {
        Integer reducers = null;
        if (args.value("reducers") != null) {
            reducers = args.intValue("reducers", 0);
            if (reducers < 1) throw new UsageException("--reducers must be at least 1 (got " + reducers + ")");
            if (reducers > JobSpec.MAX_REDUCERS) {
                throw new UsageException(
                        "--reducers is " + reducers + "; at most " + JobSpec.MAX_REDUCERS + " are supported");
            }
        }
        return Manifest.builder()
                .app(app)
                .mapper(args.value("mapper"))
                .reducer(args.value("reducer"))
                .combiner(args.value("combiner"))
                .partitioner(args.value("partitioner"))
                .reducers(reducers)
                .splitSize(splitSize(args))
                .params(params(args))
                .skipBadRecords(args.flag("skip-bad-records"));
    }

    /** {@code --split-size SIZE}, or null (the stack's default) when absent. */
    static Long splitSize(Args args) throws UsageException {
        String text = args.value("split-size");
        if (text == null) return null;
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
            if (eq <= 0)
                throw new UsageException("--param takes KEY=VALUE, e.g. --param pattern=whale (got '" + p + "')");
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
