package io.gristmill.bench.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the harness compares across systems: the number of output lines and a SHA-256 of them, over
 * the part files in name order (part-r-00000, part-00000, ...). Unordered outputs are hashed sorted,
 * since each engine partitions keys its own way; a sort's output is hashed as it stands.
 */
public record OutputDigest(long lines, String sha256) {

    public static OutputDigest of(Path dir, boolean ordered) throws IOException {
        MessageDigest sha = newSha256();
        long count = 0;
        if (ordered) {
            for (Path part : parts(dir)) {
                try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                    for (String line; (line = in.readLine()) != null; count++) update(sha, line);
                }
            }
        } else {
            List<String> all = new ArrayList<>();
            for (Path part : parts(dir)) all.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            all.sort(null);
            for (String line : all) update(sha, line);
            count = all.size();
        }
        return new OutputDigest(count, HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    }

    private static List<Path> parts(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .filter(p -> !p.getFileName().toString().endsWith(".crc"))
                    .sorted()
                    .toList();
        }
    }

    private static void update(MessageDigest sha, String line) {
        sha.update(line.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
