package io.gristmill.local.cloud;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import io.gristmill.protocol.message.ObjectCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What a durable local S3 was doing when it stopped: one small file per write in progress, and per
 * event notification not yet handed to its queue. S3 delivers every event at least once, and never
 * shows a half-written object; a kill of the stack must keep both promises:
 *
 * <ul>
 *   <li>an object stored whose event was not yet sent gets it at the next start;
 *   <li>S3Proxy's filesystem store writes an object to {@code <key>-<random UUID>} next to it and then
 *       renames it, so a kill mid-write leaves that file, which listings show as an object; the next
 *       start deletes it.
 * </ul>
 *
 * <p>{@code <n>.write} is written before the store is called ({@code {"bucket", "key", "kind",
 * "started"}}); once the object is stored it becomes {@code <n>.event} (the event) or is deleted, and
 * the event file is deleted once its queue accepted it. Files, not fsynced: they survive the kill of
 * this process, as the objects themselves do, not a crash of the machine.
 */
final class WriteJournal {
    private static final Logger LOG = LoggerFactory.getLogger(WriteJournal.class);
    /** S3Proxy's temporary name: the key, a dash, a random (version 4) UUID. */
    private static final Pattern TEMPORARY =
            Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final Path dir;
    private final Path objects;
    private final AtomicLong counter = new AtomicLong();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    /**
     * @param dir the journal's folder
     * @param objects the filesystem store's folder: {@code <bucket>/<key>} is an object
     */
    WriteJournal(Path dir, Path objects) {
        this.dir = dir;
        this.objects = objects;
    }

    /** One write: begun, then stored (with or without an event to deliver), or failed. */
    final class Write {
        private final Path file;

        private Write(Path file) {
            this.file = file;
        }

        /** The write failed: nothing to remember (the store removed its temporary file). */
        void failed() {
            delete(file);
        }

        /** Stored, with no event to deliver. */
        void stored() {
            delete(file);
        }

        /** Stored: the event is remembered until {@link #delivered()}. */
        void stored(ObjectCreated event) {
            Path pending = eventFile(file);
            try {
                Files.writeString(pending, eventJson(event));
            } catch (IOException e) {
                LOG.warn("cannot journal the S3 event for {}: {}", event.key(), e.toString());
            }
            delete(file);
        }

        /** The event's queue has it. */
        void delivered() {
            delete(eventFile(file));
        }
    }

    Write begin(String bucket, String key, String kind) {
        Path file = dir.resolve(run + "-" + counter.incrementAndGet() + ".write");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("bucket", bucket);
        entry.put("key", key);
        entry.put("kind", kind);
        entry.put("started", System.currentTimeMillis());
        try {
            Files.createDirectories(dir);
            Files.writeString(file, Json.write(entry));
        } catch (IOException e) {
            // The disk is full, or the folder is gone: the write itself will fail the same way.
            throw new UncheckedIOException("cannot journal the write of s3://" + bucket + "/" + key, e);
        }
        return new Write(file);
    }

    /** What an earlier run left: the events it owes, and its journal files, to forget once they are delivered. */
    record Recovery(List<ObjectCreated> owed, List<Path> files) {
        void forget() {
            files.forEach(WriteJournal::delete);
        }
    }

    /**
     * At start, before S3 serves requests: deletes what interrupted writes left, and returns the events
     * still owed: those journalled, and those of writes that completed without being journalled as
     * such, with fresh sequencers. The caller delivers them, then {@link Recovery#forget}s them.
     */
    Recovery recover(BlobStore store, Sequencer sequencer) throws IOException {
        List<ObjectCreated> owed = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) return new Recovery(owed, files);
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            all.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                if (name.endsWith(".event")) {
                    ObjectCreated e = parseEvent(Files.readString(f));
                    owed.add(new ObjectCreated(
                            e.bucket(), e.key(), e.size(), e.eTag(), sequencer.next(), e.eventName()));
                } else if (name.endsWith(".write")) {
                    JsonMap w = JsonMap.parse(Files.readString(f, StandardCharsets.UTF_8));
                    String bucket = w.string("bucket");
                    String key = w.string("key");
                    long started = w.longValue("started");
                    removeTemporaries(bucket, key, started);
                    HeadObjectResponse head = store.blobMetadataIfPresent(bucket, key);
                    // Stored after the write began: it completed, and its event may not have been sent.
                    if (head != null
                            && head.lastModified() != null
                            && head.lastModified().toEpochMilli() >= started) {
                        owed.add(new ObjectCreated(
                                bucket,
                                key,
                                head.contentLength() == null ? 0 : head.contentLength(),
                                unquote(head.eTag()),
                                sequencer.next(),
                                w.string("kind")));
                    }
                }
            } catch (RuntimeException | IOException | Json.JsonException e) {
                LOG.warn("cannot recover the S3 write journalled in {}: {}", f, e.toString());
            }
        }
        return new Recovery(owed, files);
    }

    private void removeTemporaries(String bucket, String key, long started) throws IOException {
        Path object = objects.resolve(bucket).resolve(key).normalize();
        if (!object.startsWith(objects)) return;
        Path parent = object.getParent();
        if (parent == null || !Files.isDirectory(parent)) return;
        String base = object.getFileName().toString();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, p -> isTemporary(base, p))) {
            for (Path t : siblings) {
                // Only what this write could have left: a file begun after it began.
                if (Files.getLastModifiedTime(t).toMillis() >= started - 1) {
                    LOG.info("removing {}, left by a write the stack's stop interrupted", t);
                    Files.deleteIfExists(t);
                }
            }
        }
    }

    static boolean isTemporary(String base, Path p) {
        String name = p.getFileName().toString();
        return name.length() == base.length() + 37
                && name.startsWith(base)
                && TEMPORARY.matcher(name.substring(base.length())).matches()
                && Files.isRegularFile(p);
    }

    private static Path eventFile(Path write) {
        String name = write.getFileName().toString();
        return write.resolveSibling(name.substring(0, name.length() - ".write".length()) + ".event");
    }

    private static String eventJson(ObjectCreated e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucket", e.bucket());
        m.put("key", e.key());
        m.put("size", e.size());
        m.put("eTag", e.eTag());
        m.put("eventName", e.eventName());
        return Json.write(m);
    }

    private static ObjectCreated parseEvent(String json) throws Json.JsonException {
        JsonMap m = JsonMap.parse(json);
        return new ObjectCreated(
                m.string("bucket"),
                m.string("key"),
                m.longValue("size"),
                m.optString("eTag"),
                "",
                m.string("eventName"));
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", f, e);
        }
    }

    private static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }
}
