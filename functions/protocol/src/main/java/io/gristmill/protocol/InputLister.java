package io.gristmill.protocol;

import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.protocol.cloud.ObjectInfo;
import io.gristmill.protocol.cloud.ObjectStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds a job's input objects. An entry that names an object is that object; any other entry is a
 * prefix and must match at least one object. Each object gets a name for map functions: its key
 * relative to the folder of the entry that found it ({@code books/} finds {@code books/a.txt} as
 * {@code a.txt}), or its whole key when two objects would otherwise share a name.
 */
public final class InputLister {
    private InputLister() {}

    public static List<InputObject> list(ObjectStore s3, List<String> entries)
            throws JobSpecException, java.io.IOException {
        Map<String, long[]> sizes = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (String entry : entries) {
            if (entry.startsWith(Keys.WORK)) {
                throw new JobSpecException(
                        "input '" + entry + "' is under _gristmill/, which holds Gristmill's own data");
            }
            int folder = entry.lastIndexOf('/') + 1;
            if (!entry.endsWith("/")) {
                var head = s3.head(entry);
                if (head.isPresent()) {
                    sizes.put(entry, new long[] {head.get().size()});
                    names.putIfAbsent(entry, entry.substring(folder));
                    continue;
                }
            }
            List<ObjectInfo> found = s3.list(entry);
            int matched = 0;
            for (ObjectInfo o : found) {
                if (o.key().endsWith("/")) continue; // a console "folder" marker
                if (hidden(o.key())) continue; // _SUCCESS, _JOB.json...: another job's bookkeeping, not data
                sizes.put(o.key(), new long[] {o.size()});
                names.putIfAbsent(o.key(), o.key().substring(folder));
                matched++;
            }
            if (matched == 0) {
                throw new JobSpecException("input '" + entry + "' matched no objects in " + s3.uri("")
                        + "; upload the input first, or fix the key or prefix");
            }
        }
        Set<String> seen = new HashSet<>();
        boolean unique = names.values().stream().allMatch(seen::add);
        List<InputObject> out = new ArrayList<>();
        sizes.forEach((key, size) -> out.add(new InputObject(key, unique ? names.get(key) : key, size[0])));
        return out;
    }

    /**
     * Objects whose name starts with {@code _} or {@code .} are not input when a prefix finds them (as
     * in Hadoop): so a job can read another job's output prefix without its {@code _SUCCESS} and
     * {@code _JOB.json}. An input that names such an object itself still reads it.
     */
    static boolean hidden(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.startsWith("_") || name.startsWith(".");
    }
}
