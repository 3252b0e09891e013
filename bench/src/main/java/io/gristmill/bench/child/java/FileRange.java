package io.gristmill.bench.child.java;

import java.nio.file.Path;

/** Bytes [start, end) of a file, starting at a line start; {@code name} is the file's path within the input. */
record FileRange(Path file, String name, long start, long end) {}
