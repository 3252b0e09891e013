package io.gristmill.protocol.state;

/**
 * One attempt at a task, as recorded on the task: who ran it, when, and how it ended.
 *
 * @param delivery the queue's receive count of the message that started it (1 for the first delivery)
 * @param end when it ended, or null while {@link Outcome#RUNNING}
 * @param error why it failed, for {@link Outcome#FAILED}
 */
public record Attempt(String id, int delivery, String worker, long start, Long end, Outcome outcome, String error) {

    /** An attempt that has just started. */
    public static Attempt started(String id, int delivery, String worker, long start) {
        return new Attempt(id, delivery, worker, start, null, Outcome.RUNNING, null);
    }

    public Attempt ended(long at, Outcome how, String why) {
        return new Attempt(id, delivery, worker, start, at, how, why);
    }
}
