package io.gristmill.cli;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Recovery;
import io.gristmill.engine.job.Sizes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
        checkClassNames(args);
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
                .skipBadRecords(args.flag("skip-bad-records"))
                .recovery(recovery(args));
    }

    /** {@code --task-timeout D}: the job's own limit on each attempt, or null for the stack's. */
    static Recovery recovery(Args args) throws UsageException {
        String text = args.value("task-timeout");
        if (text == null) return null;
        try {
            return Recovery.DEFAULT.withTaskTimeout(Recovery.taskTimeoutSeconds(text));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--task-timeout: " + e.getMessage().replace("\"taskTimeout\"", "it"));
        }
    }

    /**
     * A number where a class name goes is a near miss of another option ({@code --reducer 3} for
     * {@code --reducers 3}); say so rather than complain about classes.
     */
    static void checkClassNames(Args args) throws UsageException {
        for (String option : new String[] {"mapper", "reducer", "combiner"}) {
            String v = args.value(option);
            if (v != null && v.trim().matches("\\d+")) {
                String hint =
                        option.equals("reducer") ? "; for the number of reduce tasks, use --reducers " + v.trim() : "";
                throw new UsageException("--" + option + " takes the class name of your " + capital(option) + " (got '"
                        + v + "')" + hint);
            }
        }
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * The job's name: {@code --name} as given, checked, or {@code base} and the time. A name goes into
     * S3 keys ({@code uploads/NAME/}, {@code jobs/NAME.json}) and the job's id, so it is checked here
     * rather than rewritten: {@code ..} or a name with a slash would not name what the user meant.
     */
    static String name(Args args, String base) throws UsageException {
        String given = args.value("name");
        if (given == null) {
            return JobSpec.safeName(
                    base + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (!JobSpec.isSafeName(given)) {
            throw new UsageException("--name '" + given + "' cannot name a job: use 1 to 40 letters, digits, '.', '_'"
                    + " and '-' (not only dots), e.g. --name " + JobSpec.safeName(given));
        }
        return given;
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
