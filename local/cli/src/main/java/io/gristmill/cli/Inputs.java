package io.gristmill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A job's {@code --input}s: local files and folders, which are uploaded, and {@code s3://BUCKET/KEY}
 * entries for data already in the stack's bucket (a key, or a prefix ending in /).
 */
record Inputs(List<Path> local, List<String> s3) {

    static Inputs parse(List<String> values) throws UsageException, IOException {
        List<Path> local = new ArrayList<>();
        List<String> s3 = new ArrayList<>();
        for (String value : values) {
            if (value.startsWith("s3://")) {
                s3.add(value);
                continue;
            }
            Path p = Path.of(value);
            if (!Files.exists(p))
                throw new UsageException("input '" + value + "' does not exist; give a file, a folder or s3://...");
            if (!Files.isReadable(p))
                throw new UsageException("input '" + value + "' cannot be read (check its permissions)");
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    if (walk.noneMatch(Files::isRegularFile))
                        throw new UsageException("input folder '" + value + "' has no files");
                }
            }
            local.add(p);
        }
        return new Inputs(List.copyOf(local), List.copyOf(s3));
    }

    boolean isEmpty() {
        return local.isEmpty() && s3.isEmpty();
    }

    /** The keys of the s3:// inputs. */
    List<String> keys() throws UsageException {
        List<String> keys = new ArrayList<>();
        for (String uri : s3) {
            String key =
                    uri.indexOf('/', "s3://".length()) < 0 ? "" : uri.substring(uri.indexOf('/', "s3://".length()) + 1);
            if (key.isEmpty())
                throw new UsageException("input " + uri + " names a whole bucket; give a key or a prefix");
            keys.add(key);
        }
        return keys;
    }

    /** The s3:// inputs must be in the stack's bucket: the functions read no other. */
    void checkBucket(String bucket) throws UsageException {
        for (String uri : s3) {
            String rest = uri.substring("s3://".length());
            String inBucket = rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/'));
            if (!inBucket.equals(bucket)) {
                throw new UsageException("input " + uri + " is not in the stack's bucket " + bucket
                        + ": the functions read their own bucket only; copy it there first (aws s3 cp)");
            }
        }
    }

    /** The manifest's "input": the upload prefix for the local inputs, then the s3:// keys. */
    List<String> entries(String uploadPrefix) throws UsageException {
        List<String> entries = new ArrayList<>();
        if (!local.isEmpty()) entries.add(uploadPrefix);
        entries.addAll(keys());
        return entries;
    }
}
