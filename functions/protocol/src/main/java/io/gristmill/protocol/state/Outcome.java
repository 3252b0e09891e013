package io.gristmill.protocol.state;

import java.util.Locale;

/** How one attempt at a task ended, as recorded on the task and shown in {@code _JOB.json}. */
public enum Outcome {
    /** Nothing recorded yet: the attempt is working, or it died without a word. */
    RUNNING,
    /** Its output is the task's output: its conditional put came first. */
    COMMITTED,
    /** It finished, but another attempt had committed first; its output was dropped. */
    SUPERSEDED,
    /** Its function threw (or its input could not be read); the task runs again. */
    FAILED,
    /** It never reported back and its task finished without it: crashed, timed out, or still straggling. */
    LOST;

    /** The word in {@code _JOB.json}: {@code committed}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
