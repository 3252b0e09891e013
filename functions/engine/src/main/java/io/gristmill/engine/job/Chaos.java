package io.gristmill.engine.job;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Fault injection, to test that a job survives what the cloud does to it:
 * {@code crash=P,delay=P,maxDelay=DURATION,straggle=N,seed=S,at=POINT+POINT}.
 *
 * <ul>
 *   <li>{@code crash=P}: each attempt dies abruptly with probability P at a random point of its task
 *       (no cleanup, no message delete, no table update); its task runs again when the lease ends.
 *   <li>{@code delay=P}, {@code maxDelay=D}: with probability P an attempt sleeps up to D inside the
 *       user function.
 *   <li>{@code straggle=N}: the first attempts of N tasks run ten times slower, like a bad machine;
 *       backup tasks rescue them.
 *   <li>{@code at=POINT}: the first delivery of every task that reaches POINT dies there (the
 *       protocol's crash points, {@link FaultPoint}).
 *   <li>{@code seed=S}: the same seed makes the same faults (decisions depend on the seed, the task
 *       and the delivery, never on time or the job id).
 *   <li>{@code slowdown=P}: the local cloud's S3 answers a share P of requests with 503 SlowDown,
 *       as S3 does beyond its request rates; the functions retry them (grist run only: on AWS, S3
 *       throttles by itself, and the functions ignore this setting).
 * </ul>
 */
public record Chaos(
        double crash,
        double delay,
        long maxDelayMillis,
        int straggle,
        long seed,
        Set<FaultPoint> crashAt,
        double slowdown) {

    public static final Chaos NONE = new Chaos(0, 0, 0, 0, 0, Set.of(), 0);

    public Chaos {
        crashAt = Set.copyOf(crashAt);
        if (crash < 0 || crash > 1 || delay < 0 || delay > 1 || slowdown < 0 || slowdown >= 1) {
            throw new IllegalArgumentException(
                    "crash, delay and slowdown are probabilities between 0 and 1 (slowdown below 1)");
        }
        if (straggle < 0) throw new IllegalArgumentException("straggle counts tasks; it cannot be negative");
    }

    /** Whether faults are injected into the job's attempts (slowdown is the local cloud's S3's, not theirs). */
    public boolean active() {
        return crash > 0 || delay > 0 || straggle > 0 || !crashAt.isEmpty();
    }

    /** Parses the {@code --chaos} syntax; the message names the accepted keys. */
    public static Chaos parse(String spec) {
        if (spec == null || spec.isBlank()) return NONE;
        double crash = 0;
        double delay = 0;
        long maxDelay = 1000;
        int straggle = 0;
        long seed = 1;
        double slowdown = 0;
        Set<FaultPoint> at = new TreeSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException("chaos takes KEY=VALUE pairs separated by commas, not '" + p + "'");
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            try {
                switch (key) {
                    case "crash" -> crash = Double.parseDouble(value);
                    case "delay" -> delay = Double.parseDouble(value);
                    case "maxdelay" -> maxDelay = Durations.parse(value).toMillis();
                    case "straggle" -> straggle = Integer.parseInt(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "slowdown" -> slowdown = Double.parseDouble(value);
                    case "at" -> {
                        for (String point : value.split("\\+")) at.add(FaultPoint.parse(point.trim()));
                    }
                    default ->
                        throw new IllegalArgumentException("unknown chaos key '" + key
                                + "'; the keys are crash, delay, maxDelay, straggle, seed, at, slowdown");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chaos " + key + "=" + value + " is not a number");
            }
        }
        return new Chaos(crash, delay, maxDelay, straggle, seed, at, slowdown);
    }

    @Override
    public String toString() {
        if (!active() && slowdown == 0) return "";
        List<String> parts = new ArrayList<>();
        if (crash > 0) parts.add("crash=" + crash);
        if (delay > 0) parts.add("delay=" + delay + ",maxDelay=" + maxDelayMillis + "ms");
        if (straggle > 0) parts.add("straggle=" + straggle);
        if (!crashAt.isEmpty())
            parts.add("at="
                    + String.join(
                            "+",
                            new TreeSet<>(crashAt).stream().map(FaultPoint::id).toList()));
        if (slowdown > 0) parts.add("slowdown=" + slowdown);
        parts.add("seed=" + seed);
        return String.join(",", parts);
    }

    /** A random source for one decision about one delivery of one task, the same for the same seed. */
    public SplittableRandom random(String purpose, boolean map, int task, int delivery) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ purpose.hashCode()) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (map ? 1 : 2)) * 0x94D049BB133111EBL;
        h = (h ^ task) * 0x9E3779B97F4A7C15L;
        h = (h ^ delivery) * 0xBF58476D1CE4E5B9L;
        return new SplittableRandom(h ^ (h >>> 31));
    }

    /** The point at which this delivery of the task dies, or null if it lives. */
    public FaultPoint crashPoint(boolean map, int task, int delivery) {
        SplittableRandom r = random("crash", map, task, delivery);
        if (r.nextDouble() >= crash) return null;
        List<FaultPoint.Step> steps = FaultPoint.RANDOM_CRASH_STEPS;
        return FaultPoint.of(map, steps.get(r.nextInt(steps.size())));
    }

    /** How long this delivery sleeps inside the user function (0 for none). */
    public long delayMillis(boolean map, int task, int delivery) {
        SplittableRandom r = random("delay", map, task, delivery);
        if (r.nextDouble() >= delay || maxDelayMillis <= 0) return 0;
        return r.nextLong(maxDelayMillis + 1);
    }

    /** Whether the task is one of the {@code straggle} slow ones (chosen among all M+R tasks). */
    public boolean straggles(boolean map, int task, int maps, int reducers) {
        if (straggle <= 0) return false;
        int total = maps + reducers;
        SplittableRandom r = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + 7);
        Set<Integer> chosen = new LinkedHashSet<>();
        while (chosen.size() < Math.min(straggle, total)) chosen.add(r.nextInt(total));
        return chosen.contains(map ? task : maps + task);
    }
}
