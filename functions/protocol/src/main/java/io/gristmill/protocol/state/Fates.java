package io.gristmill.protocol.state;

import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How attempts ended, in words: what {@code _JOB.json} and a failed job's error say about each one.
 *
 * <p>An attempt whose process died says so when it can, as its last words ({@code LastWords}: a
 * {@code System.exit}, running out of memory, a timeout), recorded as {@link Outcome#LOST} with the
 * reason. One that died without a word (killed, halted) stays {@link Outcome#RUNNING} in the table;
 * once its task or job is over it is shown as lost, and when the job's chaos settings killed that
 * delivery (they are deterministic: the seed, the task and the delivery decide), that is the reason.
 *
 * <p>A reason reads {@code headline: detail}, e.g. {@code crashed (injected by --chaos): at map.input};
 * a job's error counts attempts by headline.
 */
public final class Fates {
    /** What a silent death is, when nothing more is known. */
    public static final String NO_WORD =
            "no word from it: its instance crashed, ran out of memory or timed out (see the function's log)";

    private static final String THREW = "threw an exception";

    private Fates() {}

    /**
     * The attempt as a finished job shows it: one still {@link Outcome#RUNNING} is lost, with the
     * reason chaos gives it or {@link #NO_WORD}.
     *
     * @param last whether it is its task's last attempt (it may have been running when the job ended)
     */
    public static Attempt settle(Attempt a, TaskId task, Optional<JobSpec> spec, boolean last) {
        if (a.outcome() != Outcome.RUNNING) return a;
        String why = spec.flatMap(s -> injected(s.chaos(), task, a.delivery()))
                .orElse(last ? NO_WORD + ", or it was still running when the job ended" : NO_WORD);
        return new Attempt(a.id(), a.delivery(), a.worker(), a.start(), null, Outcome.LOST, why);
    }

    /** Every attempt of a task as {@link #settle} shows it. */
    public static List<Attempt> settle(TaskRecord t, Optional<JobSpec> spec) {
        List<Attempt> out = new ArrayList<>();
        List<Attempt> all = t.attempts();
        for (int i = 0; i < all.size(); i++) {
            out.add(settle(all.get(i), t.task(), spec, !t.done() && i == all.size() - 1));
        }
        return out;
    }

    /** The crash chaos injected into this delivery of the task, if it did. */
    static Optional<String> injected(Chaos chaos, TaskId task, int delivery) {
        if (!chaos.active()) return Optional.empty();
        boolean map = task.kind() == TaskKind.MAP;
        FaultPoint point = chaos.crashPoint(map, task.index(), delivery);
        if (point == null && delivery == 1) {
            point = chaos.crashAt().stream()
                    .filter(p -> p.id().startsWith(map ? "map." : "reduce."))
                    .min(Enum::compareTo)
                    .orElse(null);
        }
        return Optional.ofNullable(point).map(p -> "crashed (injected by --chaos): at " + p.id());
    }

    /** What an ended attempt is counted as in a job's error: {@code crashed (exit status 1)}, {@code ran out of memory}. */
    static String headline(Attempt a) {
        if (a.outcome() == Outcome.FAILED) return THREW;
        String why = a.error() == null ? NO_WORD : a.error();
        int colon = why.indexOf(": ");
        return colon < 0 ? why : why.substring(0, colon);
    }

    /**
     * Why a task used up its attempts, for the job's error: {@code task m-00003 failed 4 attempts: 4
     * crashed (injected by --chaos); last error: crashed (injected by --chaos): at map.input}.
     */
    public static String taskFailed(TaskRecord t, Optional<JobSpec> spec) {
        List<Attempt> attempts = settle(t, spec);
        int n = attempts.size();
        StringBuilder sb = new StringBuilder("task ")
                .append(t.task())
                .append(" failed ")
                .append(n)
                .append(n == 1 ? " attempt" : " attempts");
        if (n == 0) {
            return sb.append(" (none of its deliveries got as far as recording an attempt; see the function's log)")
                    .toString();
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Attempt a : attempts) counts.merge(headline(a), 1, Integer::sum);
        List<String> groups = new ArrayList<>();
        counts.forEach((headline, count) -> groups.add(count + " " + headline));
        sb.append(": ").append(String.join(", ", groups));
        Attempt last = attempts.get(n - 1);
        String error = last.error() != null ? last.error() : t.lastError();
        if (error != null) sb.append("; last error: ").append(error);
        return sb.toString();
    }
}
