package io.gristmill.engine.shuffle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A k-way merge of sorted streams into one sorted stream, through a binary heap. Equal keys come out
 * in stream order, so a merge is deterministic: every attempt of a task produces the same bytes.
 * Closing it closes the streams and deletes the temporary files they were read from.
 */
public final class MergeStream implements RecordStream {
    private final RecordStream[] heap;
    private final int[] ids;
    private final List<? extends RecordStream> all;
    private final List<Path> deleteOnClose;
    private int size;
    private boolean started;

    public MergeStream(List<? extends RecordStream> streams) {
        this(streams, List.of());
    }

    /** @param deleteOnClose files (earlier merge passes) to delete once the streams are closed */
    public MergeStream(List<? extends RecordStream> streams, List<Path> deleteOnClose) {
        this.all = streams;
        this.deleteOnClose = List.copyOf(deleteOnClose);
        this.heap = new RecordStream[streams.size()];
        this.ids = new int[streams.size()];
    }

    @Override
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            for (int i = 0; i < all.size(); i++) {
                RecordStream s = all.get(i);
                if (s.next()) {
                    heap[size] = s;
                    ids[size] = i;
                    siftUp(size++);
                }
            }
            return size > 0;
        }
        if (size == 0) return false;
        if (!heap[0].next()) {
            size--;
            heap[0] = heap[size];
            ids[0] = ids[size];
            heap[size] = null;
            if (size == 0) return false;
        }
        siftDown(0);
        return true;
    }

    private boolean less(int a, int b) {
        RecordStream x = heap[a];
        RecordStream y = heap[b];
        int c = KeyOrder.compare(x.key(), x.keyOffset(), x.keyLength(), y.key(), y.keyOffset(), y.keyLength());
        return c < 0 || (c == 0 && ids[a] < ids[b]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(i, parent)) return;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) return;
            int smallest = (l + 1 < size && less(l + 1, l)) ? l + 1 : l;
            if (!less(smallest, i)) return;
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        RecordStream t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        int ti = ids[a];
        ids[a] = ids[b];
        ids[b] = ti;
    }

    private RecordStream top() {
        return heap[0];
    }

    @Override
    public byte[] key() {
        return top().key();
    }

    @Override
    public int keyOffset() {
        return top().keyOffset();
    }

    @Override
    public int keyLength() {
        return top().keyLength();
    }

    @Override
    public byte[] value() {
        return top().value();
    }

    @Override
    public int valueOffset() {
        return top().valueOffset();
    }

    @Override
    public int valueLength() {
        return top().valueLength();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RecordStream s : all) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        for (Path p : deleteOnClose) Files.deleteIfExists(p);
        if (first != null) throw first;
    }
}
