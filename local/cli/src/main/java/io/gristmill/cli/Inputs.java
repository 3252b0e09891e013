package io.gristmill.cli;

import io.gristmill.client.LocalInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's {@code --input}s: local files and folders, which are uploaded, and {@code s3://BUCKET/KEY}
 * entries for data already in the stack's bucket (a key, or a prefix ending in /).
 */
record Inputs(LocalInput local, List<String> s3) {

    static Inputs parse(List<String> values) throws UsageException, IOException {
        List<Path> local = new ArrayList<>();
        List<String> s3 = new ArrayList<>();
        for (String value : values) {
            if (value.startsWith("s3://")) {
                s3.add(value);
            } else {
                local.add(Path.of(value));
            }
        }
        try {
            return new Inputs(LocalInput.resolve(local), List.copyOf(s3));
        } catch (LocalInput.Problem e) {
            throw new UsageException(
                    e.getMessage() + (e.getMessage().contains("does not exist") ? " (or s3://...)" : ""));
        }
    }

    boolean isEmpty() {
        return local.files().isEmpty() && s3.isEmpty();
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
        if (!local.files().isEmpty()) entries.add(uploadPrefix);
        entries.addAll(keys());
        return entries;
    }
}
