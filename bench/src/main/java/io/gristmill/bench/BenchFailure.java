package io.gristmill.bench;

/** Something that makes the figures meaningless: a system failed, or the outputs differ. */
final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
        super(message);
    }
}
