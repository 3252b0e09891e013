package io.gristmill.bench.child.java;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Cuts an input folder's files, taken in name order, into n shares of about equal bytes, on line boundaries. */
final class InputRanges {
    private InputRanges() {}

    static List<List<FileRange>> split(Path inputDir, int n) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(inputDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        long total = 0;
        for (Path f : files) total += Files.size(f);
        List<List<FileRange>> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) shares.add(new ArrayList<>());
        long offset = 0; // of the current file's first byte in the concatenation
        for (Path f : files) {
            long size = Files.size(f);
            String name = inputDir.relativize(f).toString().replace('\\', '/');
            long start = 0;
            while (start < size) {
                int share = (int) Math.min(n - 1, (offset + start) * n / Math.max(1, total));
                long shareEnd = (share + 1) * total / n - offset; // where the next share begins, in this file
                long end = share == n - 1 || shareEnd >= size
                        ? size
                        : Math.min(size, afterNextNewline(f, Math.max(start, shareEnd)));
                shares.get(share).add(new FileRange(f, name, start, end));
                start = end;
            }
            offset += size;
        }
        return shares;
    }

    /** The position just after the first newline at or after {@code from} (or the file's end). */
    private static long afterNextNewline(Path f, long from) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            in.skipNBytes(from);
            long pos = from;
            for (int b; (b = in.read()) != -1; ) {
                pos++;
                if (b == '\n') return pos;
            }
            return pos;
        }
    }
}
