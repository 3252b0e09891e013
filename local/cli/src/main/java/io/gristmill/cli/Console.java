package io.gristmill.cli;

import java.io.PrintStream;

/**
 * The CLI's own output. Progress redraws one line on a terminal and prints a line per change
 * otherwise (a CI log should not fill with carriage returns).
 */
final class Console {
    private final PrintStream out;
    private final boolean terminal;
    private String lastProgress = "";
    private long lastPrint;

    Console(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void println(String line) {
        endProgress();
        out.println(line);
        out.flush();
    }

    void progress(String line) {
        if (line.equals(lastProgress)) return;
        long now = System.currentTimeMillis();
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastProgress.length() - line.length())));
            out.flush();
            lastProgress = line;
        } else if (now - lastPrint >= 1000) {
            out.println(line);
            out.flush();
            lastProgress = line;
            lastPrint = now;
        }
    }

    void endProgress() {
        if (terminal && !lastProgress.isEmpty()) {
            out.println();
            lastProgress = "";
        }
    }
}
