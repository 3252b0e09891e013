package io.gristmill.local.cloud;

/**
 * S3 event sequencers: increasing within a run and across restarts of a durable stack, since a
 * coordinator drops an event whose sequencer is below one it saw for the same key (S3 does not order
 * events, the sequencer does). Each is the time in milliseconds shifted left by 20 bits, or one more
 * than the last, whichever is greater: a million events a millisecond before two could tie, and a
 * restart always starts above the last run's as long as the clock does not go back.
 */
final class Sequencer {
    private long last;

    synchronized String next() {
        last = Math.max(last + 1, System.currentTimeMillis() << 20);
        return String.format("%016X", last);
    }
}
