package io.gristmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance's log file read as CloudWatch shows a log stream: requests from {@code START
 * RequestId} to their {@code REPORT} line, and the lines between requests (start-up, shutdown).
 * Both runtimes write these platform lines; the process runtime prefixes them with a timestamp.
 */
record LogStream(String instance, List<Request> requests) {
    private static final Pattern START = Pattern.compile("^(?:(\\S+Z) )?START RequestId: (\\S+)");
    private static final Pattern REPORT = Pattern.compile("^(?:\\S+Z )?REPORT RequestId: (\\S+)");

    /**
     * @param requestId null for lines outside any request
     * @param time the START line's timestamp, or null
     */
    record Request(String requestId, String time, List<String> lines) {
        boolean mentions(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }
    }

    static LogStream read(Path file, String instance) throws IOException {
        List<Request> requests = new ArrayList<>();
        Request current = new Request(null, null, new ArrayList<>());
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher start = START.matcher(line);
            if (start.find()) {
                if (!current.lines().isEmpty()) requests.add(current);
                current = new Request(start.group(2), start.group(1), new ArrayList<>());
            }
            current.lines().add(line);
            Matcher report = REPORT.matcher(line);
            if (report.find() && report.group(1).equals(current.requestId())) {
                requests.add(current);
                current = new Request(null, null, new ArrayList<>());
            }
        }
        if (!current.lines().isEmpty()) requests.add(current);
        return new LogStream(instance, requests);
    }
}
