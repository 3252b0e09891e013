package io.gristmill.cli;

import io.gristmill.local.process.FunctionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The summary's line about function instances: cold starts and their Init Duration, per function. */
final class InstancesSummary {
    private InstancesSummary() {}

    static String line(Map<String, FunctionStats> stats) {
        List<String> parts = new ArrayList<>();
        for (FunctionStats s : stats.values()) {
            if (s.coldStarts() == 0) continue;
            String name = s.function().replace("Function", "").toLowerCase();
            StringBuilder p = new StringBuilder(name).append(' ').append(s.coldStarts());
            if (!s.initMillis().isEmpty()) p.append(String.format(" (init %.0f ms)", s.medianInitMillis()));
            if (s.timeouts() + s.exits() > 0) {
                p.append(String.format(", %d timed out, %d exited", s.timeouts(), s.exits()));
            }
            parts.add(p.toString());
        }
        return "  instances " + String.join(" · ", parts) + "  (cold starts, median init)";
    }
}
